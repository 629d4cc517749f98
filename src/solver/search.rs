//! Local search: late acceptance hill climbing over change, swap and
//! block-swap moves, with a share of moves aimed at uncovered shifts and
//! missing chief watches. Each move is applied incrementally and undone when
//! rejected. Deterministic for a seed when stopped by a move count.

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use super::problem::{Code, Problem};
use super::score::Score;
use super::state::State;

/// When to stop and how often to report.
#[derive(Debug, Clone)]
pub struct SearchLimits {
    /// Seed of the random generator.
    pub seed: u64,
    /// Stop after this long.
    pub time: Duration,
    /// Stop when the best score has not improved for this long.
    pub unimproved: Duration,
    /// Stop after this many evaluated moves (makes runs reproducible).
    pub max_moves: Option<u64>,
    /// How often the progress callback is called.
    pub report_every: Duration,
}

/// What the search has done so far.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Progress {
    /// Best score found.
    pub best: Score,
    /// Moves evaluated.
    pub moves: u64,
    /// Time since the search started (construction included).
    pub elapsed: Duration,
    /// Moves evaluated per second.
    pub moves_per_second: f64,
    /// When the first roster with no hard violation was found.
    pub first_feasible: Option<Duration>,
}

/// Why the search stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StopReason {
    /// The time limit passed.
    TimeLimit,
    /// The best score stopped improving.
    Unimproved,
    /// The move limit was reached.
    MoveLimit,
    /// The caller cancelled.
    Cancelled,
    /// A perfect roster (score zero) was found.
    Perfect,
}

const LATE_ACCEPTANCE_LENGTH: usize = 2000;

/// Improves `state` until a limit is met; returns the best cells seen.
pub fn search(
    state: &mut State,
    limits: &SearchLimits,
    started: Instant,
    cancel: &AtomicBool,
    on_progress: &mut dyn FnMut(&Progress),
) -> (Vec<Code>, Progress, StopReason) {
    let p = state.problem();
    let mut rng = fastrand::Rng::with_seed(limits.seed);
    let mut current = state.score();
    let mut best = current;
    let mut best_cells = state.cells().to_vec();
    let mut history = vec![current; LATE_ACCEPTANCE_LENGTH];
    let mut undo: Vec<(usize, usize, Code)> = Vec::with_capacity(16);
    let mut moves: u64 = 0;
    let search_start = Instant::now();
    let mut last_improvement = search_start;
    let mut last_report = search_start;
    let mut first_feasible = best.is_feasible().then(|| started.elapsed());
    let progress = |moves: u64, best: Score, first_feasible| {
        let searching = search_start.elapsed().as_secs_f64().max(1e-9);
        Progress {
            best,
            moves,
            elapsed: started.elapsed(),
            moves_per_second: moves as f64 / searching,
            first_feasible,
        }
    };
    let stop = loop {
        if moves.is_multiple_of(1024) {
            if best == Score::ZERO {
                break StopReason::Perfect;
            }
            if cancel.load(Ordering::Relaxed) {
                break StopReason::Cancelled;
            }
            let now = Instant::now();
            if limits.max_moves.is_none() {
                if now.duration_since(search_start) >= limits.time {
                    break StopReason::TimeLimit;
                }
                if now.duration_since(last_improvement) >= limits.unimproved {
                    break StopReason::Unimproved;
                }
            }
            if now.duration_since(last_report) >= limits.report_every {
                last_report = now;
                on_progress(&progress(moves, best, first_feasible));
            }
        }
        if limits.max_moves.is_some_and(|m| moves >= m) {
            break StopReason::MoveLimit;
        }
        moves += 1;
        undo.clear();
        let Some(delta) = random_move(state, p, &mut rng, &mut undo) else {
            continue;
        };
        let candidate = current + delta;
        let slot = (moves as usize) % LATE_ACCEPTANCE_LENGTH;
        if candidate <= current || candidate <= history[slot] {
            current = candidate;
            if candidate < best {
                best = candidate;
                best_cells.copy_from_slice(state.cells());
                last_improvement = Instant::now();
                if first_feasible.is_none() && best.is_feasible() {
                    first_feasible = Some(started.elapsed());
                }
            }
        } else {
            for &(s, d, old) in undo.iter().rev() {
                state.change(s, d, old);
            }
        }
        history[slot] = current;
    };
    let last = progress(moves, best, first_feasible);
    on_progress(&last);
    (best_cells, last, stop)
}

/// Applies one random move, recording how to undo it; `None` when the move
/// drawn was not possible (pinned or outside a domain).
fn random_move(
    state: &mut State,
    p: &Problem,
    rng: &mut fastrand::Rng,
    undo: &mut Vec<(usize, usize, Code)>,
) -> Option<Score> {
    let roll = rng.u32(0..100);
    let d = rng.usize(0..p.n_days);
    match roll {
        0..40 => {
            let s = rng.usize(0..p.n_staff);
            let domain = &p.domain[s * p.n_days + d];
            if p.pinned[s * p.n_days + d] || domain.len() < 2 {
                return None;
            }
            let code = domain[rng.usize(0..domain.len())];
            apply(state, s, d, code, undo)
        }
        40..60 => targeted_change(state, p, rng, d, undo),
        60..90 => {
            let (s1, s2) = (rng.usize(0..p.n_staff), rng.usize(0..p.n_staff));
            swap_day(state, p, s1, s2, d, undo)
        }
        _ => {
            let (s1, s2) = (rng.usize(0..p.n_staff), rng.usize(0..p.n_staff));
            let len = rng.usize(2..=4).min(p.n_days - d);
            let mut total = Score::ZERO;
            for day in d..d + len {
                let a = state.get(s1, day);
                let b = state.get(s2, day);
                if a != b && !(p.may(s1, day, b) && p.may(s2, day, a)) {
                    return None;
                }
            }
            for day in d..d + len {
                if let Some(delta) = swap_day(state, p, s1, s2, day, undo) {
                    total += delta;
                }
            }
            (!undo.is_empty()).then_some(total)
        }
    }
}

/// A change aimed at a shortfall: a missing chief, or a cover rule below its
/// preferred head count on day `d`.
fn targeted_change(
    state: &mut State,
    p: &Problem,
    rng: &mut fastrand::Rng,
    d: usize,
    undo: &mut Vec<(usize, usize, Code)>,
) -> Option<Score> {
    if state.chief_count(d) == 0 && rng.bool() {
        let s = p.chief_eligible[rng.usize(0..p.chief_eligible.len())];
        return apply_with_rest_repair(state, p, s, d, p.chief, undo);
    }
    let shift = rng.usize(0..p.n_shifts);
    let reqs = &p.reqs_of[d * p.n_shifts + shift];
    if reqs.is_empty() {
        return None;
    }
    let q = reqs[rng.usize(0..reqs.len())];
    if state.req_count(q) >= p.reqs[q].preferred {
        return None;
    }
    let members = &p.rule_members[p.reqs[q].rule];
    if members.is_empty() {
        return None;
    }
    let s = members[rng.usize(0..members.len())];
    apply_with_rest_repair(state, p, s, d, shift as Code, undo)
}

/// Puts `code` in cell (s, d) and clears the officer's neighbouring duties
/// that would then leave too little rest, so one move can place a duty
/// without first freeing the days around it.
fn apply_with_rest_repair(
    state: &mut State,
    p: &Problem,
    s: usize,
    d: usize,
    code: Code,
    undo: &mut Vec<(usize, usize, Code)>,
) -> Option<Score> {
    if !p.may(s, d, code) {
        return None;
    }
    let mut total = apply(state, s, d, code, undo)?;
    let lo = d.saturating_sub(2);
    let hi = (d + 2).min(p.n_days - 1);
    for e in lo..=hi {
        if e == d || p.pinned[s * p.n_days + e] {
            continue;
        }
        let conflict = if e < d {
            state.rest_conflict(s, e, d)
        } else {
            state.rest_conflict(s, d, e)
        };
        if conflict && let Some(delta) = apply(state, s, e, p.off, undo) {
            total += delta;
        }
    }
    Some(total)
}

fn swap_day(
    state: &mut State,
    p: &Problem,
    s1: usize,
    s2: usize,
    d: usize,
    undo: &mut Vec<(usize, usize, Code)>,
) -> Option<Score> {
    let (a, b) = (state.get(s1, d), state.get(s2, d));
    if a == b || !p.may(s1, d, b) || !p.may(s2, d, a) {
        return None;
    }
    let first = apply(state, s1, d, b, undo)?;
    let second = apply(state, s2, d, a, undo)?;
    Some(first + second)
}

fn apply(
    state: &mut State,
    s: usize,
    d: usize,
    code: Code,
    undo: &mut Vec<(usize, usize, Code)>,
) -> Option<Score> {
    let old = state.get(s, d);
    if old == code {
        return None;
    }
    undo.push((s, d, old));
    Some(state.change(s, d, code))
}
