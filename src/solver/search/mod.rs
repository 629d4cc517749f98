//! Local search: late acceptance hill climbing over change, swap and
//! block-swap moves, with a share of moves aimed at uncovered shifts and
//! missing chief watches. Each move is applied incrementally and undone when
//! rejected. Deterministic for a seed when stopped by a move count.

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use super::problem::{Code, Problem};
use super::score::Score;
use super::state::{ChiefCeiling, State};
use crate::model::Category;

mod cell_moves;
mod row_moves;
mod stand_ins;
mod weekend_moves;

use cell_moves::*;
use row_moves::*;
use stand_ins::*;
use weekend_moves::*;

/// When to stop and how often to report.
#[derive(Debug, Clone)]
pub struct SearchLimits {
    /// Seed of the random generator.
    pub seed: u64,
    /// Stop after this long.
    pub time: Duration,
    /// Stop when the best score has not improved for this long.
    pub unimproved: Duration,
    /// Stop after this many evaluated moves (makes runs reproducible as
    /// long as `time` is not reached first; `unimproved` is then ignored).
    pub max_moves: Option<u64>,
    /// How often the progress callback is called.
    pub report_every: Duration,
    /// Hard penalty carried by pinned days alone (a published week next to
    /// the one planned), which no move can remove: reaching it counts as
    /// feasible.
    pub hard_floor: i64,
    /// Searches run side by side (a portfolio with different seeds, one
    /// per core), sharing their best roster when run on time. Two by
    /// default, the cores of the machines stations use; measured in
    /// docs/BENCHMARKS.md. The number never depends on the machine, and
    /// with a move limit nothing is shared, so a seed and a move limit
    /// give the same roster everywhere.
    pub threads: usize,
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
    /// Every cell is pinned: there is nothing to search.
    NothingToChange,
}

impl std::fmt::Display for StopReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            StopReason::TimeLimit => "time limit reached",
            StopReason::Unimproved => "no longer improving",
            StopReason::MoveLimit => "move limit reached",
            StopReason::Cancelled => "cancelled",
            StopReason::Perfect => "nothing left to improve",
            StopReason::NothingToChange => "every cell is pinned",
        })
    }
}

/// Length of the late-acceptance history once the roster is feasible.
const LATE_ACCEPTANCE_LENGTH: usize = 2000;
/// Length while hard rules are still broken.
const REPAIR_ACCEPTANCE_LENGTH: usize = 1000;
/// One targeted move in this many relieves an officer (see `relieve`).
const RELIEVE_ONE_IN: u32 = 8;
/// Officers `relieve` looks at for one whose rest is broken.
const RELIEVE_SEARCH: usize = 8;
/// How much worse than the best a run from the best roster may begin:
/// enough to cross a small ridge, too little to leave the basin.
const DEEP_SLACK: Score = Score { hard: 0, soft: 100 };
/// How much worse than the start the acceptance history begins.
const START_SLACK: Score = Score { hard: 0, soft: 500 };
/// Moves without a better score after which repair widens its window.
const REPAIR_PATIENCE: u64 = 1_000_000;

/// How often a search of a portfolio offers its best and looks at the
/// others'.
const SHARE_EVERY: Duration = Duration::from_millis(200);
/// How long a search goes without improving before it takes up a better
/// roster another search of the portfolio found.
const ADOPT_AFTER: Duration = Duration::from_millis(500);

/// The best roster any search of a portfolio has found, for the others to
/// take up when they fall behind: the cores work on the most promising
/// roster instead of each on its own.
#[derive(Debug, Default)]
pub struct Shared {
    best: std::sync::Mutex<Option<(Score, Vec<Code>)>>,
}

impl Shared {
    /// Keeps `cells` when they beat the best offered so far.
    fn offer(&self, score: Score, cells: &[Code]) {
        let mut best = self.best.lock().unwrap_or_else(|e| e.into_inner());
        if best.as_ref().is_none_or(|(b, _)| score < *b) {
            *best = Some((score, cells.to_vec()));
        }
    }

    /// The best offered, when it beats `score`.
    fn better_than(&self, score: Score) -> Option<(Score, Vec<Code>)> {
        let best = self.best.lock().unwrap_or_else(|e| e.into_inner());
        best.as_ref().filter(|(b, _)| *b < score).cloned()
    }
}

/// Improves `state` until a limit is met; returns the best cells seen.
/// With `shared` (a portfolio run on time, not on a move count), it
/// offers its best to the other searches and takes up theirs when it
/// falls behind.
pub fn search(
    state: &mut State,
    limits: &SearchLimits,
    started: Instant,
    cancel: &AtomicBool,
    shared: Option<&Shared>,
    on_progress: &mut dyn FnMut(&Progress, &[Code]),
) -> (Vec<Code>, Progress, StopReason) {
    let p = state.problem();
    let mut last_share = Instant::now();
    let mut offered = Score {
        hard: i64::MAX,
        soft: i64::MAX,
    };
    let mut rng = fastrand::Rng::with_seed(limits.seed);
    let mut current = state.score();
    let mut best = current;
    let mut best_cells = state.cells().to_vec();
    // Start the history a little worse than the start, so that a search
    // starting from a good roster (a re-plan) can still step sideways
    // through slightly worse rosters instead of freezing at once.
    let mut window = Acceptance::default();
    window.begin(
        current,
        current.is_feasible(),
        LATE_ACCEPTANCE_LENGTH,
        START_SLACK,
    );
    let mut undo: Vec<(usize, usize, Code)> = Vec::with_capacity(16);
    let mut moves: u64 = 0;
    // Where a restart from scratch begins, and the run since the last one.
    let start_cells = state.cells().to_vec();
    let mut run = Run::new(current);
    // Chief watches never get less even by a watch changing hands (repair
    // included): a watch moved to an officer ahead costs a lot, but handing
    // it back takes a chain of moves with the 24 hours around it that the
    // search seldom finds, so series of weeks ended with watches 6 to 8
    // (BENCHMARKS.md).
    let mut chief = ChiefCeiling::new(state.chief_fairness());
    // Restarts, where they pay (stations with reference-period hours, as
    // row moves), and only of a legal run: repair is never thrown away.
    // A search that has restarted no longer takes up the portfolio's best,
    // so that each core explores basins of its own.
    let may_restart = p.has_reference_hours;
    let mut rows = RowTurn::default();
    let mut repair_rows = Yield::default();
    let mut improved_at: u64 = 0;
    // When the best hard penalty last fell: repair that stalls turns to
    // re-planning whole rows.
    let mut hard_improved_at: u64 = 0;
    let search_start = Instant::now();
    let mut last_improvement = search_start;
    let mut last_report = search_start;
    let feasible = |score: Score| score.hard <= limits.hard_floor;
    let mut first_feasible = feasible(best).then(|| started.elapsed());
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
        if p.open_days.is_empty() {
            break StopReason::NothingToChange;
        }
        if moves.is_multiple_of(1024) {
            if best.hard <= limits.hard_floor && best.soft == 0 {
                break StopReason::Perfect;
            }
            if cancel.load(Ordering::Relaxed) {
                break StopReason::Cancelled;
            }
            let now = Instant::now();
            // The time limit always holds, counted from the start of the
            // solve (building the first roster included); a move limit
            // (for reproducible runs) only sets aside the stop on no
            // improvement.
            if now.duration_since(started) >= limits.time {
                break StopReason::TimeLimit;
            }
            if limits.max_moves.is_none()
                && now.duration_since(last_improvement) >= limits.unimproved
            {
                break StopReason::Unimproved;
            }
            if let Some(shared) = shared
                && now.duration_since(last_share) >= SHARE_EVERY
            {
                last_share = now;
                if best < offered {
                    shared.offer(best, &best_cells);
                    offered = best;
                }
                // Fallen behind for a while: carry on from the portfolio's
                // best instead.
                if run.restarts == 0
                    && now.duration_since(last_improvement) >= ADOPT_AFTER
                    && let Some((score, cells)) = shared.better_than(best)
                {
                    *state = State::new(p, &cells);
                    current = state.score();
                    chief.reset(state.chief_fairness());
                    run.seen(current, moves);
                    debug_assert_eq!(current, score);
                    best = current;
                    best_cells.copy_from_slice(&cells);
                    offered = best;
                    window.begin(
                        current,
                        feasible(current),
                        LATE_ACCEPTANCE_LENGTH,
                        START_SLACK,
                    );
                    last_improvement = now;
                    improved_at = moves;
                    hard_improved_at = moves;
                    if first_feasible.is_none() && feasible(best) {
                        first_feasible = Some(started.elapsed());
                    }
                }
            }
            if now.duration_since(last_report) >= limits.report_every {
                last_report = now;
                on_progress(&progress(moves, best, first_feasible), &best_cells);
            }
        }
        if limits.max_moves.is_some_and(|m| moves >= m) {
            break StopReason::MoveLimit;
        }
        // Repair that has long stopped lowering the hard penalty (no legal
        // roster yet) begins again too, where restarts are not otherwise
        // made: a fresh path finds what a stuck one does not.
        let repair_stalled =
            !may_restart && !feasible(best) && moves - hard_improved_at >= REPAIR_RESTART_AFTER;
        if repair_stalled || (may_restart && feasible(run.best) && run.stagnant(moves)) {
            // Settled in a basin: begin again on a fresh random path,
            // keeping the best found.
            let deep = !repair_stalled && run.deep_next();
            *state = State::new(p, if deep { &best_cells } else { &start_cells });
            current = state.score();
            chief.reset(state.chief_fairness());
            run.restart(current, moves);
            // A run from the best searches its basin: a longer window,
            // little slack.
            let (len, slack) = if deep {
                (LATE_ACCEPTANCE_LENGTH * DEEP_RUN, DEEP_SLACK)
            } else {
                (LATE_ACCEPTANCE_LENGTH, START_SLACK)
            };
            window.begin(current, feasible(current), len, slack);
            improved_at = moves;
            hard_improved_at = moves;
        }
        moves += 1;
        undo.clear();
        // Stalled repair turns to whole rows, as long as they pay.
        let stuck = moves - hard_improved_at > stuck_after(p) && repair_rows.promising();
        rows.moves = moves;
        rows.repairing = !feasible(current);
        rows.stuck = stuck;
        rows.repair_move = false;
        let Some(delta) = random_move(state, p, &mut rng, &mut rows, &mut undo) else {
            continue;
        };
        if window.narrow() && moves - improved_at > REPAIR_PATIENCE {
            // Stuck while repairing: widen the window to climb out.
            window.widen(current);
        }
        let candidate = current + delta;
        let slot = (moves as usize) % window.len;
        let chief_now = state.chief_fairness();
        let accepted =
            chief.admits(chief_now) && (candidate <= current || candidate <= window.history[slot]);
        if rows.repair_move {
            repair_rows.tried(accepted && delta.hard < 0);
        }
        if accepted {
            current = candidate;
            chief.take(chief_now);
            run.seen(current, moves);
            if window.narrow() && feasible(current) {
                // Feasible at last: widen the acceptance window to explore.
                window.widen(current);
            }
            if candidate < best {
                if candidate.hard < best.hard {
                    hard_improved_at = moves;
                }
                best = candidate;
                best_cells.copy_from_slice(state.cells());
                last_improvement = Instant::now();
                improved_at = moves;
                if first_feasible.is_none() && feasible(best) {
                    first_feasible = Some(started.elapsed());
                }
            }
        } else {
            for &(s, d, old) in undo.iter().rev() {
                state.change(s, d, old);
            }
        }
        window.history[slot] = current;
    };
    let last = progress(moves, best, first_feasible);
    on_progress(&last, &best_cells);
    (best_cells, last, stop)
}

/// The late-acceptance history: a move is accepted when its roster is no
/// worse than the current one or than the one `len` moves ago.
#[derive(Debug)]
struct Acceptance {
    history: Vec<Score>,
    len: usize,
    /// The length once the roster is legal.
    feasible_len: usize,
}

impl Default for Acceptance {
    fn default() -> Self {
        Acceptance {
            history: vec![Score::ZERO; LATE_ACCEPTANCE_LENGTH * DEEP_RUN],
            len: LATE_ACCEPTANCE_LENGTH,
            feasible_len: LATE_ACCEPTANCE_LENGTH,
        }
    }
}

impl Acceptance {
    /// Begins (again) at `current`: `feasible_len` long once legal (a
    /// short window while hard rules are broken converges fast), the
    /// history `slack` worse than `current`, so that a search from a good
    /// roster (a re-plan, a restart) can still step sideways.
    fn begin(&mut self, current: Score, feasible: bool, feasible_len: usize, slack: Score) {
        self.feasible_len = feasible_len;
        self.len = if feasible {
            feasible_len
        } else {
            REPAIR_ACCEPTANCE_LENGTH
        };
        self.history.fill(current + slack);
    }

    /// Still the short window of repair.
    fn narrow(&self) -> bool {
        self.len < self.feasible_len
    }

    fn widen(&mut self, current: Score) {
        self.len = self.feasible_len;
        self.history.fill(current);
    }
}

/// One run of the search between restarts. A run settled in a basin (no
/// better roster in the run for as long as it took to get there, and at
/// least `RESTART_AFTER` moves) begins again: every other time from the
/// first roster, to reach other basins, and in between from the best
/// roster with a longer acceptance window, to search the best basin more
/// thoroughly. Counted in moves, not time, so a seed and a move limit
/// still give one roster (docs/BENCHMARKS.md, "Restarts").
#[derive(Debug, Clone, Copy)]
struct Run {
    started: u64,
    best: Score,
    improved_at: u64,
    restarts: u64,
}

/// The fewest moves without a better roster in the run before it restarts.
const RESTART_AFTER: u64 = 1_000_000;
/// Moves without a lower hard penalty after which repair with no legal
/// roster yet restarts (stations without reference hours): about 3 s on
/// two cores, twice what the sample's hardest month needs for its first
/// legal roster on a good path (docs/BENCHMARKS.md).
const REPAIR_RESTART_AFTER: u64 = 4_000_000;
/// How many times longer the acceptance window is on a run from the best
/// roster.
const DEEP_RUN: usize = 4;

impl Run {
    fn new(score: Score) -> Self {
        Run {
            started: 0,
            best: score,
            improved_at: 0,
            restarts: 0,
        }
    }

    /// Notes the score of the roster just accepted.
    fn seen(&mut self, score: Score, moves: u64) {
        if score < self.best {
            self.best = score;
            self.improved_at = moves;
        }
    }

    fn stagnant(&self, moves: u64) -> bool {
        let idle = moves - self.improved_at;
        idle >= RESTART_AFTER && idle >= self.improved_at - self.started
    }

    /// True when the next run starts from the best roster, not the first.
    fn deep_next(&self) -> bool {
        (self.restarts + 1).is_multiple_of(2)
    }

    /// Begins the next run at `score`.
    fn restart(&mut self, score: Score, moves: u64) {
        self.restarts += 1;
        self.started = moves;
        self.best = score;
        self.improved_at = moves;
    }
}

/// Applies one random move, recording how to undo it; `None` when the move
/// drawn was not possible (pinned or outside a domain).
fn random_move(
    state: &mut State,
    p: &Problem,
    rng: &mut fastrand::Rng,
    turn: &mut RowTurn,
    undo: &mut Vec<(usize, usize, Code)>,
) -> Option<Score> {
    if p.open_days.is_empty() {
        return None;
    }
    // Rows are re-planned while the budget allows: when improving a legal
    // roster, and when repair has stalled (not while it makes headway,
    // which single cells do faster).
    let rows = if turn.repairing {
        turn.stuck.then_some(REPAIRING_ROWS)
    } else if p.has_reference_hours {
        Some(IMPROVING_ROWS)
    } else {
        // Rows pay where hours over a reference period need whole
        // stretches moved; on stations without such hours, improving with
        // them packed the weeks planned one by one so tightly (weekends)
        // that a later week had no legal roster (docs/BENCHMARKS.md).
        None
    };
    if let Some(rows) = rows
        && turn.work < turn.moves * rows.work_per_move
        && rng.u32(0..ROW_ONE_IN) == 0
    {
        turn.repair_move = turn.repairing;
        return replan_row(state, p, rng, rows, &mut turn.work, undo);
    }
    let roll = rng.u32(0..100);
    let days =
        if p.firm_open_days.len() < p.open_days.len() && !p.firm_open_days.is_empty() && rng.bool()
        {
            &p.firm_open_days
        } else {
            &p.open_days
        };
    let d = days[rng.usize(0..days.len())];
    match roll {
        0..40 => {
            let s = rng.usize(0..p.n_staff);
            let domain = &p.domain[s * p.n_days + d];
            // A cell outside its domain (leave taken after publishing) can
            // still move: every domain holds "off".
            if p.pinned[s * p.n_days + d] || domain.is_empty() {
                return None;
            }
            let code = domain[rng.usize(0..domain.len())];
            apply(state, s, d, code, undo)
        }
        40..60 => targeted_change(state, p, rng, d, turn.repairing, &mut turn.work, undo),
        60..90 => {
            let (s1, s2) = (rng.usize(0..p.n_staff), rng.usize(0..p.n_staff));
            swap_day(state, p, s1, s2, d, undo)
        }
        _ => {
            let (s1, s2) = (rng.usize(0..p.n_staff), rng.usize(0..p.n_staff));
            // Half the time the rest of both rows: one seam to mend, not
            // two, and a whole stretch of nights, weekends and hours
            // traded between an officer ahead and one behind. Kept in
            // repair too: without them there, a week of the fairness
            // series had no legal roster (docs/BENCHMARKS.md).
            let len = if rng.bool() {
                p.n_days - d
            } else {
                rng.usize(2..=4)
            };
            swap_block(state, p, s1, s2, d, len, undo)
        }
    }
}

#[cfg(test)]
mod tests;
