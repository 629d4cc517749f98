//! Solving a benchmark instance: the instance mapped onto a station, the
//! station's own solver run on it with no history, and the roster scored
//! twice, by the station's verdict and by the benchmark's evaluator, which
//! share no code.

use std::sync::atomic::AtomicBool;
use std::time::Instant;

use super::{AppError, Context, solve};
use crate::formats::objective::{Assignment, evaluate};
use crate::formats::shift_scheduling::Instance;
use crate::formats::station::{assignment_of, to_station};
use crate::solver::{Progress, Score, SearchLimits};

/// What one run on an instance gave.
#[derive(Debug, Clone)]
pub struct Benchmarked {
    /// Per employee and day, the shift worked.
    pub roster: Assignment,
    /// The benchmark's objective of that roster.
    pub objective: u64,
    /// The benchmark's hard constraints it breaks, in words.
    pub hard: Vec<String>,
    /// The station's score of it (its soft part is the objective).
    pub score: Score,
    /// How the search went.
    pub progress: Progress,
    /// Seconds from reading the instance to the scored roster.
    pub seconds: f64,
}

/// Solves `instance` within `limits` and scores what comes back.
pub fn bench_instance(
    instance: &Instance,
    limits: SearchLimits,
    cancel: &AtomicBool,
) -> Result<Benchmarked, AppError> {
    let started = Instant::now();
    let (station, period) = to_station(instance).map_err(|e| AppError::Invalid(e.to_string()))?;
    let ctx = Context::detached(&station, period);
    let solved = solve(&station, &ctx, None, limits, cancel, &mut |_, _| {})?;
    let roster = assignment_of(&solved.roster);
    let evaluation = evaluate(instance, &roster);
    Ok(Benchmarked {
        roster,
        objective: evaluation.objective,
        hard: evaluation.hard,
        score: solved.report.score,
        progress: solved.progress,
        seconds: started.elapsed().as_secs_f64(),
    })
}
