//! Solving a period in its context: the search over the extended days
//! with published days pinned, then the one judgement. It never hands back
//! a roster worse than the one it started from: when the search (stopped
//! early, or unlucky) ends worse, the starting roster is kept.

use std::sync::atomic::AtomicBool;

use super::{AppError, Context};
use crate::model::{Roster, Station};
use crate::solver::{OnProgress, Progress, Report, SearchLimits, StopReason, solve_against};

/// The outcome of a solve.
#[derive(Debug, Clone)]
pub struct Solved {
    /// The roster over the context's `extended` days.
    pub roster: Roster,
    /// Its verdict in the context.
    pub report: Report,
    /// How the search went.
    pub progress: Progress,
    /// Why it stopped.
    pub stop: StopReason,
    /// The search found nothing better than the starting roster, which is
    /// returned unchanged.
    pub kept_start: bool,
}

/// Solves the context's open days from `ctx.start` (its pins kept), with
/// a re-plan `baseline` when given. Refuses when nothing is open.
pub fn solve(
    station: &Station,
    ctx: &Context,
    baseline: Option<&Roster>,
    limits: SearchLimits,
    cancel: &AtomicBool,
    on_progress: &mut OnProgress,
) -> Result<Solved, AppError> {
    if !ctx.open.iter().any(|&o| o) {
        return Err(AppError::AlreadyPublished {
            from: ctx.period.start,
            to: ctx.period.end(),
        });
    }
    let limits = SearchLimits {
        hard_floor: ctx.pinned_hard_floor(station, baseline),
        ..limits
    };
    let solution = solve_against(
        station,
        ctx.extended,
        &ctx.start,
        &ctx.ledger,
        &ctx.terms(baseline),
        &limits,
        cancel,
        on_progress,
    );
    let report = ctx.judge(station, &solution.roster, baseline);
    let before = ctx.judge(station, &ctx.start, baseline);
    let kept_start = before.score < report.score;
    let (roster, report) = if kept_start {
        (ctx.start.clone(), before)
    } else {
        (solution.roster, report)
    };
    Ok(Solved {
        roster,
        report,
        progress: solution.progress,
        stop: solution.stop,
        kept_start,
    })
}
