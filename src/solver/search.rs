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

/// How the search re-plans rows (see `row.rs`): the programme's work it
/// may spend per move made, and the lengths of the stretches.
#[derive(Debug, Clone, Copy)]
struct RowPlan {
    work_per_move: u64,
    shortest: usize,
    longest: usize,
}

/// Improving a legal roster: short stretches, a small share of the time.
const IMPROVING_ROWS: RowPlan = RowPlan {
    work_per_move: 30,
    shortest: 7,
    longest: 28,
};
/// Repair that has stalled: long stretches (the whole period where
/// affordable), where an officer's hours need a row laid out anew, and a
/// larger share of the time.
const REPAIRING_ROWS: RowPlan = RowPlan {
    work_per_move: 300,
    shortest: 28,
    longest: usize::MAX,
};
/// When the budget allows, one move in this many re-plans a row.
const ROW_ONE_IN: u32 = 64;
/// Repair has stalled when this many moves per cell (and at least
/// `STUCK_MOVES`) have not lowered the best hard penalty.
const STUCK_PER_CELL: u64 = 20;
const STUCK_MOVES: u64 = 200_000;
/// The most work one solve of the programme may take, in days times
/// duties squared: long stretches on stations with many shifts are cut
/// short.
const ROW_WORK_PER_STRETCH: usize = 60_000;

/// What the search tells a move about re-planning rows, and hears back.
#[derive(Debug, Default)]
struct RowTurn {
    /// Moves made so far.
    moves: u64,
    /// The roster breaks hard rules.
    repairing: bool,
    /// Repair has stalled and rows still pay.
    stuck: bool,
    /// The programme's work so far (see `row::replan`).
    work: u64,
    /// Set by the move: it re-planned a row during repair.
    repair_move: bool,
}

/// How often re-planning rows has lowered the hard penalty while repair
/// was stalled: where it does not (a rule that needs several officers
/// changed at once), its time goes back to the other moves.
#[derive(Debug, Default)]
struct Yield {
    tries: u64,
    hits: u64,
}

/// Row moves tried before their yield is judged, and the least share of
/// them that must lower the hard penalty to go on.
const ROW_TRIAL: u64 = 32;

impl Yield {
    fn tried(&mut self, hit: bool) {
        self.tries += 1;
        self.hits += u64::from(hit);
    }

    fn promising(&self) -> bool {
        self.tries < ROW_TRIAL || self.hits * ROW_TRIAL >= self.tries
    }
}

fn stuck_after(p: &Problem) -> u64 {
    STUCK_MOVES.max(STUCK_PER_CELL * (p.n_staff * p.n_days) as u64)
}

/// Re-plans a stretch of days of one officer at once (see `row.rs`),
/// preferring an officer whose hours or weekends break the rules.
fn replan_row(
    state: &mut State,
    p: &Problem,
    rng: &mut fastrand::Rng,
    rows: RowPlan,
    row_work: &mut u64,
    undo: &mut Vec<(usize, usize, Code)>,
) -> Option<Score> {
    let s = sample_officer(p, rng, |s| {
        state.reference_hours_penalty(s) > 0 || state.over_weekends(s)
    })
    .unwrap_or_else(|| rng.usize(0..p.n_staff));
    // The programme's work grows with the days times the duties squared:
    // long stretches on stations with many shifts cost too much.
    let affordable = (ROW_WORK_PER_STRETCH / (p.n_duties * p.n_duties)).max(1);
    let longest = rows.longest.min(affordable).min(p.n_days);
    let shortest = rows.shortest.min(longest);
    let len = rng.usize(shortest..=longest);
    let d = p.open_days[rng.usize(0..p.open_days.len())];
    let a = d.saturating_sub(rng.usize(0..len)).min(p.n_days - len);
    if p.n_staff > 2 && rng.u32(0..RUIN_ONE_IN) == 0 {
        return ruin_and_rebuild(state, p, rng, s, a, a + len, row_work, undo);
    }
    super::row::replan(state, s, a, a + len, row_work, undo)
}

/// One row move in this many clears the same stretch of several officers
/// and lays their rows out again one after the other.
const RUIN_ONE_IN: u32 = 2;
/// The most officers cleared at once.
const RUIN_MOST: usize = 3;

/// Clears days `a..b` of officer `s` and of one or two others, then
/// re-plans each row in turn (see `row.rs`): cover that needs two rows
/// changed at once, out of reach of one row re-planned against fixed
/// others, is traded between them. Records how to undo it.
#[allow(clippy::too_many_arguments)]
fn ruin_and_rebuild(
    state: &mut State,
    p: &Problem,
    rng: &mut fastrand::Rng,
    s: usize,
    a: usize,
    b: usize,
    row_work: &mut u64,
    undo: &mut Vec<(usize, usize, Code)>,
) -> Option<Score> {
    let mut officers = vec![s];
    let wanted = rng.usize(2..=RUIN_MOST.min(p.n_staff));
    while officers.len() < wanted {
        let o = rng.usize(0..p.n_staff);
        if !officers.contains(&o) {
            officers.push(o);
        }
    }
    rebuild(state, rng, &mut officers, a, b, row_work, undo)
}

/// Clears days `a..b` of every one of `officers`, then re-plans their
/// rows one after the other in a random order, each against the others
/// as they then stand. Records how to undo it.
fn rebuild(
    state: &mut State,
    rng: &mut fastrand::Rng,
    officers: &mut [usize],
    a: usize,
    b: usize,
    row_work: &mut u64,
    undo: &mut Vec<(usize, usize, Code)>,
) -> Option<Score> {
    let mut total = Score::ZERO;
    for &o in officers.iter() {
        total += super::row::clear(state, o, a, b, undo);
    }
    rng.shuffle(officers);
    for &o in officers.iter() {
        if let Some(delta) = super::row::replan(state, o, a, b, row_work, undo) {
            total += delta;
        }
    }
    (!undo.is_empty()).then_some(total)
}

/// One targeted move in this many, on a legal roster, evens out a group
/// (see `even_out`).
const EVEN_OUT_ONE_IN: u32 = 64;

/// The planned days `even_out` lays out again: a week, counted from the
/// first day planned. A month's whole rows cost the search a quarter of
/// its moves (docs/BENCHMARKS.md).
const EVEN_OUT_DAYS: usize = 7;

/// The measures `even_out` evens: nights and weekend days, the duties an
/// officer's whole row must be laid out around.
const EVENED: [Category; 2] = [Category::Nights, Category::WeekendDays];

/// Clears a planned week (`EVEN_OUT_DAYS`) of the officer carrying most
/// nights (or weekend days) in an uneven group and of one carrying least,
/// and lays both rows out again (see `row.rs`), each priced with the
/// group as it then stands. The last week of a series planned week by
/// week ended with one officer two nights ahead of peers, when evening
/// it needed both rows rearranged at once, not a night handed over:
/// rest, days in a row, whole weekends and the week's hours all move
/// with it (docs/BENCHMARKS.md).
fn even_out(
    state: &mut State,
    p: &Problem,
    rng: &mut fastrand::Rng,
    row_work: &mut u64,
    undo: &mut Vec<(usize, usize, Code)>,
) -> Option<Score> {
    let category = EVENED[rng.usize(0..EVENED.len())];
    let (hi, lo) = state.uneven_pair(category, rng)?;
    let first = *p.firm_open_days.first()?;
    let end = *p.firm_open_days.last()? + 1;
    let weeks = (end - first).div_ceil(EVEN_OUT_DAYS);
    // No draw for a week planned alone: its search stays the one measured.
    let a = if weeks > 1 {
        first + EVEN_OUT_DAYS * rng.usize(0..weeks)
    } else {
        first
    };
    let b = (a + EVEN_OUT_DAYS).min(end);
    rebuild(state, rng, &mut [hi, lo], a, b, row_work, undo)
}

/// Swaps the duties of two officers over `len` days from day `d` (fewer at
/// the end of the period; to its end, the rest of both rows); `None` when
/// one of them may not take the other's duty on one of those days. Cover
/// stays as it was: only the two officers' rules and shares change.
fn swap_block(
    state: &mut State,
    p: &Problem,
    s1: usize,
    s2: usize,
    d: usize,
    len: usize,
    undo: &mut Vec<(usize, usize, Code)>,
) -> Option<Score> {
    let end = (d + len).min(p.n_days);
    for day in d..end {
        let a = state.get(s1, day);
        let b = state.get(s2, day);
        if a != b && !(p.may(s1, day, b) && p.may(s2, day, a)) {
            return None;
        }
    }
    let mut total = Score::ZERO;
    for day in d..end {
        if let Some(delta) = swap_day(state, p, s1, s2, day, undo) {
            total += delta;
        }
    }
    (!undo.is_empty()).then_some(total)
}

/// A change aimed at a shortfall: a missing chief, or a cover rule below its
/// preferred head count on day `d`.
fn targeted_change(
    state: &mut State,
    p: &Problem,
    rng: &mut fastrand::Rng,
    d: usize,
    repairing: bool,
    row_work: &mut u64,
    undo: &mut Vec<(usize, usize, Code)>,
) -> Option<Score> {
    if !repairing
        && rng.u32(0..EVEN_OUT_ONE_IN) == 0
        && let Some(delta) = even_out(state, p, rng, row_work, undo)
    {
        return Some(delta);
    }
    if p.chief_required && (state.chief_count(d) != 1 || rng.u32(0..4) == 0) {
        return chief_move(state, p, rng, d, undo);
    }
    if rng.u32(0..RELIEVE_ONE_IN) == 0 {
        return relieve(state, p, rng, d, undo);
    }
    if rng.u32(0..FREE_WEEKEND_ONE_IN) == 0
        && let Some(delta) = free_weekend(state, p, rng, undo)
    {
        return Some(delta);
    }
    // Where rows are re-planned, only in repair: improving a legal roster
    // with it drew the benchmark's Instance2 into its weaker basin, and
    // left Instance20 further from its optimum (docs/BENCHMARKS.md).
    if (repairing || !p.has_reference_hours)
        && rng.u32(0..MOVE_WEEKEND_ONE_IN) == 0
        && let Some(delta) = move_weekend(state, p, rng, undo)
    {
        return Some(delta);
    }
    if p.has_reference_hours
        && rng.u32(0..TOP_UP_ONE_IN) == 0
        && let Some(delta) = top_up(state, p, rng, undo)
    {
        return Some(delta);
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
    apply_with_rest_repair(state, p, rng, QUICK_STAND_INS, s, d, shift as Code, undo)
}

/// One of up to `RELIEVE_SEARCH` officers drawn at random for whom
/// `wanted` holds: what a move aimed at one kind of trouble starts from.
fn sample_officer(
    p: &Problem,
    rng: &mut fastrand::Rng,
    wanted: impl Fn(usize) -> bool,
) -> Option<usize> {
    (0..RELIEVE_SEARCH)
        .map(|_| rng.usize(0..p.n_staff))
        .find(|&s| wanted(s))
}

/// One targeted move in this many tops up hours (see `top_up`).
const TOP_UP_ONE_IN: u32 = 4;

/// Swaps a day or a stretch between an officer outside the hours of their
/// reference period and another officer: hours move between them and
/// cover stays.
fn top_up(
    state: &mut State,
    p: &Problem,
    rng: &mut fastrand::Rng,
    undo: &mut Vec<(usize, usize, Code)>,
) -> Option<Score> {
    let s = sample_officer(p, rng, |s| state.reference_hours_penalty(s) > 0)?;
    let d = p.open_days[rng.usize(0..p.open_days.len())];
    if rng.u32(0..3) == 0 {
        // Or a duty of their own on a day off, the one that costs least.
        if state.get(s, d) != p.off || p.pinned[s * p.n_days + d] {
            return None;
        }
        let (_, code) = super::construct::cheapest_duty(state, s, d)?;
        return apply(state, s, d, code, undo);
    }
    let other = rng.usize(0..p.n_staff);
    if other == s || state.get(s, d) == state.get(other, d) {
        return None;
    }
    // A day alone, or a stretch: a lone day often breaks the rules on
    // stretches of work and rest that a longer swap keeps.
    let len = if rng.bool() { 1 } else { rng.usize(2..=7) };
    swap_block(state, p, s, other, d, len, undo)
}

/// One targeted move in this many frees a weekend (see `free_weekend`).
const FREE_WEEKEND_ONE_IN: u32 = 16;

/// Takes an officer who works too many weekends off both days of one of
/// them, handing each duty to a stand-in: one cell at a time cannot do it,
/// since the first day freed leaves the weekend still worked.
fn free_weekend(
    state: &mut State,
    p: &Problem,
    rng: &mut fastrand::Rng,
    undo: &mut Vec<(usize, usize, Code)>,
) -> Option<Score> {
    let s = sample_officer(p, rng, |s| state.over_weekends(s))?;
    let worked: Vec<usize> = (0..p.n_weeks)
        .filter(|&w| {
            (w * 7 + 5..w * 7 + 7).any(|d| state.get(s, d) != p.off)
                && (w * 7 + 5..w * 7 + 7).all(|d| !p.pinned[s * p.n_days + d])
        })
        .collect();
    if worked.is_empty() {
        return None;
    }
    let w = worked[rng.usize(0..worked.len())];
    Some(clear_weekend(state, p, rng, s, w, undo))
}

/// Sets officer `s` off both days of the weekend of week `w`, handing
/// each duty to a stand-in (a chief watch to another eligible officer).
fn clear_weekend(
    state: &mut State,
    p: &Problem,
    rng: &mut fastrand::Rng,
    s: usize,
    w: usize,
    undo: &mut Vec<(usize, usize, Code)>,
) -> Score {
    let mut total = Score::ZERO;
    for d in w * 7 + 5..w * 7 + 7 {
        let code = state.get(s, d);
        if let Some(delta) = apply(state, s, d, p.off, undo) {
            total += delta;
            if code == p.chief {
                total += chief_move(state, p, rng, d, undo).unwrap_or(Score::ZERO);
            } else {
                total += hand_over(state, p, rng, DEEP_STAND_INS, true, s, d, code, undo);
            }
        }
    }
    total
}

/// One targeted move in this many moves a weekend (see `move_weekend`).
const MOVE_WEEKEND_ONE_IN: u32 = 16;

/// Fills a weekend shift below its minimum with an officer who is kept
/// off it only by the weekend rule, freeing one of their other weekends
/// in the same window (each duty handed to a stand-in), all in one move.
/// Week-by-week planning needs it: a week that spends more officers'
/// weekends than it must leaves the look-ahead weekend short, and no
/// change of one cell repays that, as the freed weekend alone only costs.
fn move_weekend(
    state: &mut State,
    p: &Problem,
    rng: &mut fastrand::Rng,
    undo: &mut Vec<(usize, usize, Code)>,
) -> Option<Score> {
    let d = p.open_days[rng.usize(0..p.open_days.len())];
    if !p.weekend[d] {
        return None;
    }
    let code = rng.usize(0..p.n_shifts) as Code;
    let reqs = &p.reqs_of[d * p.n_shifts + usize::from(code)];
    if reqs.is_empty() {
        return None;
    }
    let q = reqs[rng.usize(0..reqs.len())];
    if state.req_count(q) >= p.reqs[q].min {
        return None;
    }
    let members = &p.rule_members[p.reqs[q].rule];
    if members.is_empty() {
        return None;
    }
    let short_week = d / 7;
    let (s, week) = (0..RELIEVE_SEARCH).find_map(|_| {
        let s = members[rng.usize(0..members.len())];
        if state.get(s, d) != p.off || !p.may(s, d, code) || weekend_worked(state, p, s, short_week)
        {
            return None;
        }
        // Another weekend of theirs in reach of the weekend rule's window.
        let reach = p.weekend_windows[s].len;
        let lo = short_week.saturating_sub(reach - 1);
        let hi = (short_week + reach).min(p.n_weeks);
        let first = rng.usize(lo..hi);
        (lo..hi)
            .map(|k| lo + (first - lo + k) % (hi - lo))
            .find(|&w| {
                w != short_week
                    && weekend_worked(state, p, s, w)
                    && (w * 7 + 5..w * 7 + 7).all(|e| !p.pinned[s * p.n_days + e])
            })
            .map(|w| (s, w))
    })?;
    let total = clear_weekend(state, p, rng, s, week, undo);
    let Some(delta) = apply_with_rest_repair(state, p, rng, QUICK_STAND_INS, s, d, code, undo)
    else {
        // The freed weekend alone is no move: put it back.
        for &(s2, d2, old) in undo.iter().rev() {
            state.change(s2, d2, old);
        }
        undo.clear();
        return None;
    };
    Some(total + delta)
}

/// True when officer `s` works either day of the weekend of week `w`.
fn weekend_worked(state: &State, p: &Problem, s: usize, w: usize) -> bool {
    (w * 7 + 5..(w * 7 + 7).min(p.n_days)).any(|d| state.get(s, d) != p.off)
}

/// Puts `code` in cell (s, d) and clears the officer's neighbouring duties
/// that would then leave too little rest, handing each duty vacated (that
/// day's and the neighbours') to an officer who is off: a short ejection
/// chain, so one move can place a duty without opening a gap in cover.
#[allow(clippy::too_many_arguments)]
fn apply_with_rest_repair(
    state: &mut State,
    p: &Problem,
    rng: &mut fastrand::Rng,
    stand_ins: usize,
    s: usize,
    d: usize,
    code: Code,
    undo: &mut Vec<(usize, usize, Code)>,
) -> Option<Score> {
    if !p.may(s, d, code) {
        return None;
    }
    let vacated_today = state.get(s, d);
    let mut total = apply(state, s, d, code, undo)?;
    // The shift this officer leaves today is handed over with a chain when
    // the move is a careful one (a chief watch placed).
    let deep = stand_ins >= CAREFUL_STAND_INS;
    let today_stand_ins = if deep { DEEP_STAND_INS } else { stand_ins };
    total += hand_over(
        state,
        p,
        rng,
        today_stand_ins,
        deep,
        s,
        d,
        vacated_today,
        undo,
    );
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
        if conflict {
            let vacated = state.get(s, e);
            if let Some(delta) = apply(state, s, e, p.off, undo) {
                total += delta;
                total += hand_over(state, p, rng, stand_ins, false, s, e, vacated, undo);
            }
        }
    }
    Some(total)
}

/// The most stand-ins `hand_over` weighs before choosing.
const MAX_STAND_INS: usize = 8;
/// Stand-ins weighed in cheap, frequent moves.
const QUICK_STAND_INS: usize = 1;
/// Stand-ins weighed when moving a chief watch, a rarer and costlier move.
const CAREFUL_STAND_INS: usize = 6;
/// Stand-ins weighed when each is tried with its own chain.
const DEEP_STAND_INS: usize = 3;

/// Gives shift `code`, just vacated by officer `s` on day `d`, to the
/// cheapest of up to `stand_ins` random officers who are off that day and
/// may take it. When `deep`, a stand-in's own neighbouring duties that the
/// new shift leaves too little rest for are cleared and handed on in turn:
/// an ejection chain two links long, weighed as a whole.
#[allow(clippy::too_many_arguments)]
fn hand_over(
    state: &mut State,
    p: &Problem,
    rng: &mut fastrand::Rng,
    stand_ins: usize,
    deep: bool,
    s: usize,
    d: usize,
    code: Code,
    undo: &mut Vec<(usize, usize, Code)>,
) -> Score {
    if code == p.chief {
        return hand_watch(state, p, rng, s, d, undo);
    }
    if code == p.off {
        return Score::ZERO;
    }
    let first = rng.usize(0..p.n_staff);
    let mut candidates = [0usize; MAX_STAND_INS];
    let mut found = 0;
    for r in (0..p.n_staff).map(|i| (first + i) % p.n_staff) {
        if found == stand_ins.min(MAX_STAND_INS) {
            break;
        }
        if r != s && state.get(r, d) == p.off && p.may(r, d, code) {
            candidates[found] = r;
            found += 1;
        }
    }
    if !deep {
        let mut best: Option<(Score, usize)> = None;
        for &r in &candidates[..found] {
            let delta = state.change(r, d, code);
            state.change(r, d, p.off);
            if best.is_none_or(|(b, _)| delta < b) {
                best = Some((delta, r));
            }
        }
        return best
            .and_then(|(_, r)| apply(state, r, d, code, undo))
            .unwrap_or(Score::ZERO);
    }
    // Try each chain, undo it, and replay the best with the same random state.
    let mut best: Option<(Score, usize, fastrand::Rng)> = None;
    let mut trial = Vec::new();
    for &r in &candidates[..found] {
        let replay = rng.clone();
        trial.clear();
        let delta = apply_with_rest_repair(state, p, rng, QUICK_STAND_INS, r, d, code, &mut trial);
        for &(s2, d2, old) in trial.iter().rev() {
            state.change(s2, d2, old);
        }
        if let Some(delta) = delta
            && best.as_ref().is_none_or(|(b, _, _)| delta < *b)
        {
            best = Some((delta, r, replay));
        }
    }
    match best {
        Some((_, r, mut replay)) => {
            apply_with_rest_repair(state, p, &mut replay, QUICK_STAND_INS, r, d, code, undo)
                .unwrap_or(Score::ZERO)
        }
        None => Score::ZERO,
    }
}

/// Gives day `d`'s chief watch, just vacated by officer `s`, to the
/// cheapest of a few other eligible officers (one on a shift that day
/// hands it on): a watch cleared to make room (days between watches,
/// rest, a relay) goes on rather than leaving the day without a chief,
/// which in the week looked ahead to held the week's last watches in
/// place at any fairness price.
fn hand_watch(
    state: &mut State,
    p: &Problem,
    rng: &mut fastrand::Rng,
    s: usize,
    d: usize,
    undo: &mut Vec<(usize, usize, Code)>,
) -> Score {
    let n = p.chief_eligible.len();
    if n == 0 || state.chief_count(d) > 0 {
        return Score::ZERO;
    }
    let first = rng.usize(0..n);
    // Try each officer, undo, and replay the best with the same random
    // state, as `hand_over` does with chains.
    let mut best: Option<(Score, usize, fastrand::Rng)> = None;
    let mut weighed = 0;
    let mut trial = Vec::new();
    for o in (0..n).map(|i| p.chief_eligible[(first + i) % n]) {
        if weighed == CAREFUL_STAND_INS {
            break;
        }
        if o == s || p.pinned[o * p.n_days + d] || !p.may(o, d, p.chief) {
            continue;
        }
        weighed += 1;
        let replay = rng.clone();
        trial.clear();
        let delta = take_watch(state, p, rng, o, d, &mut trial);
        for &(a, b, old) in trial.iter().rev() {
            state.change(a, b, old);
        }
        if best.as_ref().is_none_or(|(b, _, _)| delta < *b) {
            best = Some((delta, o, replay));
        }
    }
    match best {
        Some((_, o, mut replay)) => take_watch(state, p, &mut replay, o, d, undo),
        None => Score::ZERO,
    }
}

/// Takes officer `s`'s watch on day `e` (if they hold it and it is not
/// pinned) and hands it on (see `hand_watch`).
fn pass_on_watch(
    state: &mut State,
    p: &Problem,
    rng: &mut fastrand::Rng,
    s: usize,
    e: usize,
    undo: &mut Vec<(usize, usize, Code)>,
) -> Score {
    if state.get(s, e) != p.chief || p.pinned[s * p.n_days + e] {
        return Score::ZERO;
    }
    match apply(state, s, e, p.off, undo) {
        Some(delta) => delta + hand_watch(state, p, rng, s, e, undo),
        None => Score::ZERO,
    }
}

/// Officer `o` takes day `d`'s watch; a shift they had that day goes to
/// the cheapest of a few officers who are off.
fn take_watch(
    state: &mut State,
    p: &Problem,
    rng: &mut fastrand::Rng,
    o: usize,
    d: usize,
    undo: &mut Vec<(usize, usize, Code)>,
) -> Score {
    let vacated = state.get(o, d);
    let Some(mut total) = apply(state, o, d, p.chief, undo) else {
        return Score::ZERO;
    };
    if vacated != p.off {
        total += hand_over(state, p, rng, CAREFUL_STAND_INS, false, o, d, vacated, undo);
    }
    total
}

/// Takes a random officer off their shift on day `d` and hands it to the
/// best stand-in: repairs rest, days-in-a-row and hours without opening a
/// gap in cover.
fn relieve(
    state: &mut State,
    p: &Problem,
    rng: &mut fastrand::Rng,
    d: usize,
    undo: &mut Vec<(usize, usize, Code)>,
) -> Option<Score> {
    // Prefer an officer whose duty that day breaks rest with a neighbour.
    let resting = |s: usize| {
        (d > 0 && state.rest_conflict(s, d - 1, d))
            || (d + 1 < p.n_days && state.rest_conflict(s, d, d + 1))
    };
    let mut s = rng.usize(0..p.n_staff);
    for _ in 0..RELIEVE_SEARCH {
        let candidate = rng.usize(0..p.n_staff);
        if resting(candidate) && !p.pinned[candidate * p.n_days + d] {
            s = candidate;
            break;
        }
    }
    let code = state.get(s, d);
    if code >= p.chief || p.pinned[s * p.n_days + d] {
        return None;
    }
    let delta = apply(state, s, d, p.off, undo)?;
    Some(delta + hand_over(state, p, rng, DEEP_STAND_INS, true, s, d, code, undo))
}

/// Gives day `d`'s chief watch to a random eligible officer (with rest
/// repair); the officer who had it, if any, goes off.
fn chief_move(
    state: &mut State,
    p: &Problem,
    rng: &mut fastrand::Rng,
    d: usize,
    undo: &mut Vec<(usize, usize, Code)>,
) -> Option<Score> {
    if p.chief_eligible.is_empty() {
        return None;
    }
    let s = p.chief_eligible[rng.usize(0..p.chief_eligible.len())];
    if state.get(s, d) == p.chief {
        return None;
    }
    let holder = p
        .chief_eligible
        .iter()
        .copied()
        .find(|&o| state.get(o, d) == p.chief);
    if let Some(o) = holder
        && p.pinned[o * p.n_days + d]
    {
        return None;
    }
    let mut total = apply_with_rest_repair(state, p, rng, CAREFUL_STAND_INS, s, d, p.chief, undo)?;
    if let Some(o) = holder
        && let Some(delta) = apply(state, o, d, p.off, undo)
    {
        total += delta;
    }
    // The new chief's watches too close to this one go to others; half
    // the time so does another of their watches that week (a relay: the
    // one who can take the day hands their own day to one who could not).
    let k = p.min_days_between_chief.max(1) as usize;
    let week = d / 7;
    let relay = if rng.bool() {
        (week * 7..(week * 7 + 7).min(p.n_days)).find(|&e| e != d && state.get(s, e) == p.chief)
    } else {
        None
    };
    let too_close = (d.saturating_sub(k - 1)..(d + k).min(p.n_days)).filter(|&e| e != d);
    for e in too_close.chain(relay) {
        total += pass_on_watch(state, p, rng, s, e, undo);
    }
    // A 24-hour watch may push the week past the contract's maximum: hand
    // other shifts of that week to stand-ins until it fits.
    let mut days: Vec<usize> = (week * 7..week * 7 + 7).filter(|&e| e != d).collect();
    rng.shuffle(&mut days);
    for e in days {
        if state.week_minutes(s, week) <= p.max_week_minutes[s] {
            break;
        }
        let code = state.get(s, e);
        if code < p.chief
            && !p.pinned[s * p.n_days + e]
            && let Some(delta) = apply(state, s, e, p.off, undo)
        {
            total += delta + hand_over(state, p, rng, CAREFUL_STAND_INS, false, s, e, code, undo);
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

#[cfg(test)]
mod tests {
    use super::*;

    use crate::formats::shift_scheduling::read_instance;
    use crate::formats::station::to_station;
    use crate::model::{Category, Leave, LeaveKind, Ledger, Period};
    use crate::sample::station_without_leave as sample;
    use crate::solver::ScoreTerms;

    /// Two weeks, one shift wanted once a day; three officers of 7 shifts
    /// each, at most 5 in a row.
    fn problem() -> Problem {
        let cover: String = (0..14).map(|d| format!("{d},D,1,100,1\n")).collect();
        let text = format!(
            "SECTION_HORIZON\n14\n\nSECTION_SHIFTS\nD,480,\n\nSECTION_STAFF\n\
             A,D=14,3360,3360,5,1,1,2\nB,D=14,3360,3360,5,1,1,2\nC,D=14,3360,3360,5,1,1,2\n\n\
             SECTION_COVER\n{cover}"
        );
        let (station, period) = to_station(&read_instance(&text).unwrap()).unwrap();
        Problem::new(&station, period, &Ledger::default(), &ScoreTerms::default())
    }

    #[test]
    fn a_run_restarts_once_settled_as_long_as_it_took_to_settle() {
        const R: u64 = RESTART_AFTER;
        let mut run = Run::new(Score::soft(100));
        // Three R moves to its best: idle for less than that, it goes on.
        run.seen(Score::soft(50), 3 * R);
        run.seen(Score::soft(60), 4 * R);
        assert!(!run.stagnant(5 * R));
        assert!(run.stagnant(6 * R));
        assert!(!run.deep_next(), "the first restart is from scratch");
        run.restart(Score::soft(90), 6 * R);
        // A new run settled at once waits the least, R moves.
        assert!(!run.stagnant(7 * R - 1));
        assert!(run.stagnant(7 * R));
        assert!(run.deep_next(), "the next from the best roster");
        run.restart(Score::soft(50), 7 * R);
        assert!(!run.deep_next());
        // A better roster in the run starts its wait again.
        run.seen(Score::soft(40), 7 * R + 10);
        assert!(!run.stagnant(8 * R));
        assert!(run.stagnant(8 * R + 10));
    }

    #[test]
    fn restarts_keep_one_roster_for_a_seed_and_a_move_limit() {
        let p = problem();
        // Settles within a few thousand moves, so restarts come every
        // `RESTART_AFTER` moves.
        let run = |seed| {
            let mut state = State::new(&p, &vec![p.off; p.n_staff * p.n_days]);
            let limits = SearchLimits {
                seed,
                time: Duration::from_secs(600),
                max_moves: Some(3 * RESTART_AFTER),
                ..SearchLimits::default()
            };
            let cancel = AtomicBool::new(false);
            search(
                &mut state,
                &limits,
                Instant::now(),
                &cancel,
                None,
                &mut |_, _| {},
            )
        };
        let (a, b) = (run(9), run(9));
        assert_eq!(a.0, b.0);
        assert_eq!(a.1.best, b.1.best);
        assert_eq!(a.2, StopReason::MoveLimit);
        assert_eq!(State::new(&p, &a.0).score(), a.1.best);
    }

    #[test]
    fn ruined_rows_are_laid_out_again_with_an_exact_score_and_undo() {
        let p = problem();
        // Everyone works the first days: the second week is uncovered.
        let mut cells = vec![p.off; p.n_staff * p.n_days];
        for s in 0..p.n_staff {
            cells[s * p.n_days..s * p.n_days + 5].fill(0);
        }
        let mut state = State::new(&p, &cells);
        let before = state.score();
        let mut rng = fastrand::Rng::with_seed(1);
        let (mut work, mut undo) = (0, Vec::new());
        let delta = ruin_and_rebuild(
            &mut state, &p, &mut rng, 0, 0, p.n_days, &mut work, &mut undo,
        )
        .unwrap();
        assert!(delta < Score::ZERO, "rebuilt rows cover more: {delta:?}");
        assert!(work > 0);
        assert_exact_and_undone(&mut state, before, delta, &undo, &cells);
    }

    #[test]
    fn a_tail_swap_trades_the_rest_of_two_rows_with_an_exact_score_and_undo() {
        let p = problem();
        // A works days 0-4, B days 5-9, C days 10-13: one a day.
        let mut cells = vec![p.off; p.n_staff * p.n_days];
        for (s, days) in [(0, 0..5), (1, 5..10), (2, 10..14)] {
            for d in days {
                cells[s * p.n_days + d] = 0;
            }
        }
        let mut state = State::new(&p, &cells);
        let before = state.score();
        let mut undo = Vec::new();
        let delta = swap_block(&mut state, &p, 0, 1, 3, p.n_days - 3, &mut undo).unwrap();
        for d in 0..p.n_days {
            let (a, b) = (state.get(0, d), state.get(1, d));
            if d < 3 {
                assert_eq!((a, b), (cells[d], cells[p.n_days + d]), "day {d} kept");
            } else {
                assert_eq!((a, b), (cells[p.n_days + d], cells[d]), "day {d} traded");
            }
            let on_duty = (0..p.n_staff).filter(|&s| state.get(s, d) == 0).count();
            assert_eq!(on_duty, 1, "day {d} keeps its cover");
        }
        assert_exact_and_undone(&mut state, before, delta, &undo, &cells);
    }

    #[test]
    fn evening_out_takes_nights_off_the_officer_ahead_for_a_better_roster() {
        let station = sample();
        let period = Period::parse_iso_week("2026-W49", 1).unwrap();
        let night = station.shifts.iter().position(|s| s.code == "N").unwrap() as Code;
        // A legal week, searched with no history.
        let fresh = Problem::new(&station, period, &Ledger::default(), &ScoreTerms::default());
        let mut state = State::new(&fresh, &vec![fresh.off; fresh.n_staff * fresh.n_days]);
        let cells = searched(&mut state, 1, 1_500_000);
        let nights = |state: &State, s: usize| {
            (0..fresh.n_days)
                .filter(|&d| state.get(s, d) == night)
                .count()
        };
        // The station full-timer with most nights that week turns out to
        // be four nights ahead of their peers from history.
        let state = State::new(&fresh, &cells);
        let station_full_time = |s: usize| {
            let o = &station.staff[s];
            station.units[o.unit].code == "station"
                && station.contracts[o.contract].code == "full_time"
        };
        let ahead = (0..station.staff.len())
            .filter(|&s| station_full_time(s))
            .max_by_key(|&s| nights(&state, s))
            .unwrap();
        let had = nights(&state, ahead);
        assert!(
            had > 0 && state.score().hard == 0,
            "a legal week with nights"
        );
        let mut ledger = Ledger::default();
        ledger.add(&station.staff[ahead].id, Category::Nights, 4);
        let p = Problem::new(&station, period, &ledger, &ScoreTerms::default());
        let mut state = State::new(&p, &cells);
        let before = state.score();
        let (delta, undo) = first_seed_where(
            &mut state,
            |state, rng, undo| even_out(state, &p, rng, &mut 0, undo),
            |state| nights(state, ahead) < had && state.score() < before,
        )
        .expect("some draw takes a night off them, for a better roster");
        let rows: std::collections::BTreeSet<usize> = undo.iter().map(|c| c.0).collect();
        assert!(rows.len() <= 2, "two rows laid out again: {rows:?}");
        assert!(rows.contains(&ahead));
        assert_exact_and_undone(&mut state, before, delta, &undo, &cells);
    }

    /// A cell changed and its duty before: (officer, day, duty).
    type Cell = (usize, usize, Code);

    /// Asserts that a move's delta is the exact change of score and that
    /// its undo record restores `cells`: what every move owes the search.
    fn assert_exact_and_undone(
        state: &mut State,
        before: Score,
        delta: Score,
        undo: &[Cell],
        cells: &[Code],
    ) {
        assert_eq!(before + delta, state.score());
        assert_eq!(
            State::new(state.problem(), state.cells()).score(),
            state.score()
        );
        for &(s, d, old) in undo.iter().rev() {
            state.change(s, d, old);
        }
        assert_eq!(state.score(), before);
        assert_eq!(state.cells(), cells);
    }

    /// The first of 2000 seeds whose move leaves a state where `wanted`
    /// holds, with its delta and undo record; other seeds' moves are undone.
    /// Moves are random: a test asks what some draw does, not the first.
    fn first_seed_where<'p>(
        state: &mut State<'p>,
        mut make: impl FnMut(&mut State<'p>, &mut fastrand::Rng, &mut Vec<Cell>) -> Option<Score>,
        wanted: impl Fn(&State<'p>) -> bool,
    ) -> Option<(Score, Vec<Cell>)> {
        (0..2000).find_map(|seed| {
            let mut undo = Vec::new();
            let mut rng = fastrand::Rng::with_seed(seed);
            let delta = make(state, &mut rng, &mut undo);
            if wanted(state) {
                return delta.map(|delta| (delta, undo));
            }
            for &(s, d, old) in undo.iter().rev() {
                state.change(s, d, old);
            }
            None
        })
    }

    /// Asserts that every day has exactly one chief officer on watch.
    fn assert_one_chief_a_day(state: &State) {
        for d in 0..state.problem().n_days {
            assert_eq!(state.chief_count(d), 1, "day {d} keeps one chief");
        }
    }

    /// The best cells of a search of `moves` moves from `state`.
    fn searched(state: &mut State, seed: u64, moves: u64) -> Vec<Code> {
        let limits = SearchLimits {
            seed,
            time: Duration::from_secs(600),
            max_moves: Some(moves),
            ..SearchLimits::default()
        };
        let cancel = AtomicBool::new(false);
        search(
            state,
            &limits,
            Instant::now(),
            &cancel,
            None,
            &mut |_, _| {},
        )
        .0
    }

    #[test]
    fn chief_watches_even_at_the_start_stay_even_through_repair() {
        let station = sample();
        let period = Period::parse_iso_week("2026-W49", 1).unwrap();
        let p = Problem::new(&station, period, &Ledger::default(), &ScoreTerms::default());
        // The eligible take the watches in turn, and nothing else is
        // rostered: repair has every cover rule to fill around them.
        let eligible = &p.chief_eligible;
        let mut cells = vec![p.off; p.n_staff * p.n_days];
        for d in 0..p.n_days {
            cells[eligible[d % eligible.len()] * p.n_days + d] = p.chief;
        }
        for seed in 1..=4 {
            let mut state = State::new(&p, &cells);
            assert_eq!(state.chief_fairness().unfairness, 0);
            let best = State::new(&p, &searched(&mut state, seed, 100_000));
            assert_eq!(best.chief_fairness().unfairness, 0, "seed {seed}");
            assert!(best.score().hard < State::new(&p, &cells).score().hard);
        }
    }

    #[test]
    fn a_day_whose_chief_is_off_sick_gets_a_watch_though_only_those_ahead_can_take_it() {
        let mut station = sample();
        let period = Period::parse_iso_week("2026-W49", 1).unwrap();
        let eligible = Problem::new(&station, period, &Ledger::default(), &ScoreTerms::default())
            .chief_eligible
            .clone();
        // The first eligible held Monday's watch and is off sick all week;
        // the last, the only other one without a watch this week, is on
        // leave. Whoever takes Monday is one watch ahead of the others.
        for s in [eligible[0], eligible[eligible.len() - 1]] {
            station.leave.push(Leave {
                staff: s,
                from: period.start,
                to: period.end(),
                kind: LeaveKind::Sick,
            });
        }
        let p = Problem::new(&station, period, &Ledger::default(), &ScoreTerms::default());
        let mut cells = vec![p.off; p.n_staff * p.n_days];
        for d in 1..p.n_days {
            cells[eligible[d % eligible.len()] * p.n_days + d] = p.chief;
        }
        let mut state = State::new(&p, &cells);
        // Two million moves: from a roster of nothing but watches, repair
        // with tail swaps reaches a legal week between one and two million.
        let best = State::new(&p, &searched(&mut state, 1, 2_000_000));
        assert_one_chief_a_day(&best);
    }

    #[test]
    fn a_watch_given_to_an_officer_hands_their_watch_too_close_to_it_on() {
        let station = sample();
        let period = Period::parse_iso_week("2026-W49", 2).unwrap();
        let terms = ScoreTerms {
            lookahead_from: Some(7),
            ..ScoreTerms::default()
        };
        let p = Problem::new(&station, period, &Ledger::default(), &terms);
        // The eligible take the watches in turn; the first of them holds
        // days 0 and 8 (8 eligible), and is to take the watch the fewest
        // days before 8 that the rule between watches forbids (not so
        // close that rest alone clears it).
        let eligible = &p.chief_eligible;
        assert!(eligible.len() >= 4 && p.min_days_between_chief >= 3);
        let mut cells = vec![p.off; p.n_staff * p.n_days];
        for d in 0..p.n_days {
            cells[eligible[d % eligible.len()] * p.n_days + d] = p.chief;
        }
        let first = eligible[0];
        let too_close = (8..p.n_days)
            .find(|&e| cells[first * p.n_days + e] == p.chief)
            .unwrap();
        let day = too_close - (p.min_days_between_chief as usize - 1);
        let mut state = State::new(&p, &cells);
        let before = state.score();
        let (delta, undo) = first_seed_where(
            &mut state,
            |state, rng, undo| chief_move(state, &p, rng, day, undo),
            |state| state.get(first, day) == p.chief,
        )
        .expect("some seed gives the watch to the first eligible officer");
        assert_ne!(state.get(first, too_close), p.chief, "the close watch left");
        assert_one_chief_a_day(&state);
        assert_exact_and_undone(&mut state, before, delta, &undo, &cells);
    }

    #[test]
    fn a_watch_taken_by_one_who_can_relays_their_own_watch_to_one_behind() {
        let station = sample();
        let period = Period::parse_iso_week("2026-W49", 1).unwrap();
        let p0 = Problem::new(&station, period, &Ledger::default(), &ScoreTerms::default());
        let eligible = p0.chief_eligible.clone();
        assert!(eligible.len() >= 8 && p0.min_days_between_chief <= 4);
        // Seven watches a week among eight: the last of them has none this
        // week and is one behind in history; the first, who has day 0, is
        // one ahead. The fifth holds day 4, far enough from day 0 to hold
        // both, and is to take day 0.
        let (ahead, relay, behind) = (eligible[0], eligible[4], eligible[7]);
        let mut ledger = Ledger::default();
        for &s in &eligible {
            let watches = if s == ahead {
                7
            } else if s == behind {
                5
            } else {
                6
            };
            ledger.add(&station.staff[s].id, Category::ChiefWatches, watches);
        }
        let p = Problem::new(&station, period, &ledger, &ScoreTerms::default());
        let mut cells = vec![p.off; p.n_staff * p.n_days];
        for d in 0..p.n_days {
            cells[eligible[d] * p.n_days + d] = p.chief;
        }
        let mut state = State::new(&p, &cells);
        let before = state.score();
        let (delta, undo) = first_seed_where(
            &mut state,
            |state, rng, undo| chief_move(state, &p, rng, 0, undo),
            |state| state.get(relay, 0) == p.chief && state.get(relay, 4) != p.chief,
        )
        .expect("some seed gives day 0 to the fifth and relays their day 4");
        assert_eq!(
            state.get(behind, 4),
            p.chief,
            "day 4 relayed to the one behind"
        );
        assert_ne!(state.get(ahead, 0), p.chief, "the one ahead gave up day 0");
        assert_one_chief_a_day(&state);
        assert!(delta < Score::ZERO, "the watches are evener: {delta:?}");
        assert_exact_and_undone(&mut state, before, delta, &undo, &cells);
    }

    #[test]
    fn a_short_weekend_takes_an_officer_whose_other_weekend_is_handed_on() {
        let station = sample();
        let period = Period::parse_iso_week("2026-W49", 2).unwrap();
        let p = Problem::new(&station, period, &Ledger::default(), &ScoreTerms::default());
        // Nobody works but one constable on the first Saturday: the second
        // weekend is short, and only that constable has a weekend to move.
        let worker = station.staff.iter().position(|o| o.id == "PA05").unwrap();
        let saturday = (0..7).find(|&d| p.weekend[d]).unwrap();
        let early = p.reqs_of[saturday * p.n_shifts..(saturday + 1) * p.n_shifts]
            .iter()
            .position(|qs| {
                qs.iter()
                    .any(|&q| p.rule_members[p.reqs[q].rule].contains(&worker))
            })
            .unwrap() as Code;
        let mut cells = vec![p.off; p.n_staff * p.n_days];
        cells[worker * p.n_days + saturday] = early;
        let mut state = State::new(&p, &cells);
        let before = state.score();
        let (delta, undo) = (0..2000)
            .find_map(|seed| {
                let mut undo = Vec::new();
                let mut rng = fastrand::Rng::with_seed(seed);
                move_weekend(&mut state, &p, &mut rng, &mut undo).map(|delta| (delta, undo))
            })
            .expect("some seed moves the weekend");
        assert!(
            !weekend_worked(&state, &p, worker, 0),
            "the first weekend freed"
        );
        assert!(
            weekend_worked(&state, &p, worker, 1),
            "the short weekend filled"
        );
        assert!(
            (0..p.n_staff).any(|s| s != worker && state.get(s, saturday) == early),
            "the freed shift handed to a stand-in"
        );
        assert_exact_and_undone(&mut state, before, delta, &undo, &cells);
    }
}
