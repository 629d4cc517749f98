//! Planning next to history: the use cases the CLI and the TUI share.
//! A period is planned with the published weeks on either side of it
//! pinned in, so rest, days in a row, nights in a row, days off and days
//! between chief watches hold across the seam, and with the fairness
//! ledger of everything else published. When no published week follows,
//! one unsaved look-ahead week is planned too (its cover soft), so the end
//! of the period leaves the next one workable.

use std::sync::atomic::AtomicBool;

use chrono::{Days, NaiveDate};

use crate::model::{Constraint, Ledger, Period, Roster, Station};
use crate::solver::check::{Report, check_against};
use crate::solver::score::Score;
use crate::solver::{OnProgress, ScoreTerms, SearchLimits, Solution, solve_against};
use crate::store::{Store, StoreError};

/// A period to solve with its published surroundings.
#[derive(Debug, Clone)]
pub struct PlanContext {
    /// The period asked for.
    pub period: Period,
    /// The period actually solved: the asked one plus published neighbour weeks.
    pub extended: Period,
    /// Days of `extended` before `period` starts.
    pub lead_days: usize,
    /// Unsaved look-ahead days at the end of `extended`.
    pub lookahead_days: usize,
    /// The starting roster over `extended`: published days pinned.
    pub start: Roster,
    /// Per day of `extended`: already published (pinned).
    pub published: Vec<bool>,
    /// Fairness history: everything in force outside `extended`.
    pub ledger: Ledger,
}

impl PlanContext {
    /// The extra objective terms for this context.
    pub fn terms<'a>(&self, baseline: Option<&'a Roster>) -> ScoreTerms<'a> {
        ScoreTerms {
            baseline,
            lookahead_from: (self.lookahead_days > 0)
                .then(|| self.lead_days + self.period.len_days()),
        }
    }

    /// True for days of `extended` the planner may change and answers for:
    /// inside the period and not published.
    pub fn is_open(&self, d: usize) -> bool {
        d >= self.lead_days && d < self.lead_days + self.period.len_days() && !self.published[d]
    }

    /// The days of the asked period cut out of a roster over `extended`.
    pub fn period_part(&self, roster: &Roster) -> Roster {
        roster.window(self.lead_days, self.period.len_days())
    }

    /// True when some day of the asked period is already published.
    pub fn overlaps_published(&self) -> bool {
        self.published[self.lead_days..self.lead_days + self.period.len_days()]
            .iter()
            .any(|&p| p)
    }
}

/// Gathers the published weeks next to `period` and the ledger; adds a
/// look-ahead week when nothing published follows and `lookahead` is asked.
pub fn plan_context(
    store: &Store,
    station: &Station,
    period: Period,
    lookahead: bool,
) -> Result<PlanContext, StoreError> {
    let week_before = period.start - Days::new(7);
    let week_after = period.end() + Days::new(1);
    let lead = store.published_on(week_before)?.is_some() as u32;
    let trail_published = store.published_on(week_after)?.is_some();
    let trail = u32::from(trail_published || lookahead);
    let extended = Period {
        start: period.start - Days::new(7 * u64::from(lead)),
        weeks: period.weeks + lead + trail,
    };
    let (mut start, published) = store.in_force(station, extended.start, extended.len_days())?;
    start.pin_days(&published);
    let ledger = store.ledger_outside(extended.start, extended.end(), None)?;
    Ok(PlanContext {
        period,
        extended,
        lead_days: 7 * lead as usize,
        lookahead_days: if trail_published {
            0
        } else {
            7 * trail as usize
        },
        start,
        published,
        ledger,
    })
}

/// The hard penalty of violations lying wholly in published (pinned) days
/// of the starting roster: no move can remove it, so the search counts it
/// as its floor (see `SearchLimits::hard_floor`).
pub fn pinned_hard_floor(station: &Station, ctx: &PlanContext, baseline: Option<&Roster>) -> i64 {
    let report = check_against(station, &ctx.start, &ctx.ledger, &ctx.terms(baseline));
    let pinned = |date: NaiveDate| ctx.start.day_index(date).is_some_and(|d| ctx.published[d]);
    report
        .violations
        .iter()
        .filter(|v| v.constraint.is_hard() && v.days.iter().all(|&d| pinned(d)))
        .map(|v| v.penalty)
        .sum()
}

/// Solves a context the one way `plan`, `replan` and the TUI share: the
/// hard floor set from the pinned days, the search over `extended`, and
/// the result judged for what the planner answers for. The solution's
/// roster covers `extended`; `PlanContext::period_part` cuts the period out.
pub fn solve_in_context(
    station: &Station,
    ctx: &PlanContext,
    baseline: Option<&Roster>,
    limits: SearchLimits,
    cancel: &AtomicBool,
    on_progress: &mut OnProgress,
) -> (Solution, Report) {
    let limits = SearchLimits {
        hard_floor: pinned_hard_floor(station, ctx, baseline),
        ..limits
    };
    let mut solution = solve_against(
        station,
        ctx.extended,
        &ctx.start,
        &ctx.ledger,
        &ctx.terms(baseline),
        &limits,
        cancel,
        on_progress,
    );
    let report = judge(station, ctx, &solution.roster, baseline);
    solution.score = report.score;
    (solution, report)
}

/// Judges a roster over `extended` but keeps only what the planner answers
/// for: violations touching an open day (in the period, not published), and
/// the period-wide rules (fairness, quotas, re-plan stability).
pub fn judge(
    station: &Station,
    ctx: &PlanContext,
    roster: &Roster,
    baseline: Option<&Roster>,
) -> Report {
    let full = check_against(station, roster, &ctx.ledger, &ctx.terms(baseline));
    let open_day = |date: NaiveDate| roster.day_index(date).is_some_and(|d| ctx.is_open(d));
    let period_wide = [
        Constraint::FairNights,
        Constraint::FairWeekends,
        Constraint::FairHolidays,
        Constraint::FairChief,
        Constraint::CrossTrainingQuota,
    ];
    let violations: Vec<_> = full
        .violations
        .into_iter()
        .filter(|v| period_wide.contains(&v.constraint) || v.days.iter().any(|&d| open_day(d)))
        .collect();
    let mut score = Score::ZERO;
    for v in &violations {
        if v.constraint.is_hard() {
            score.hard += v.penalty;
        } else {
            score.soft += v.penalty;
        }
    }
    Report { violations, score }
}
