//! Moves that lay whole stretches of rows out again (see `solver/row.rs`):
//! one officer's row, several cleared together (ruin and rebuild), and the
//! rows of the officers most and least ahead in a fairness group.

use super::*;

/// How the search re-plans rows (see `row.rs`): the programme's work it
/// may spend per move made, and the lengths of the stretches.
#[derive(Debug, Clone, Copy)]
pub(super) struct RowPlan {
    pub(super) work_per_move: u64,
    pub(super) shortest: usize,
    pub(super) longest: usize,
}

/// Improving a legal roster: short stretches, a small share of the time.
pub(super) const IMPROVING_ROWS: RowPlan = RowPlan {
    work_per_move: 30,
    shortest: 7,
    longest: 28,
};
/// Repair that has stalled: long stretches (the whole period where
/// affordable), where an officer's hours need a row laid out anew, and a
/// larger share of the time.
pub(super) const REPAIRING_ROWS: RowPlan = RowPlan {
    work_per_move: 300,
    shortest: 28,
    longest: usize::MAX,
};
/// When the budget allows, one move in this many re-plans a row.
pub(super) const ROW_ONE_IN: u32 = 64;
/// Repair has stalled when this many moves per cell (and at least
/// `STUCK_MOVES`) have not lowered the best hard penalty.
pub(super) const STUCK_PER_CELL: u64 = 20;
pub(super) const STUCK_MOVES: u64 = 200_000;
/// The most work one solve of the programme may take, in days times
/// duties squared: long stretches on stations with many shifts are cut
/// short.
pub(super) const ROW_WORK_PER_STRETCH: usize = 60_000;

/// What the search tells a move about re-planning rows, and hears back.
#[derive(Debug, Default)]
pub(super) struct RowTurn {
    /// Moves made so far.
    pub(super) moves: u64,
    /// The roster breaks hard rules.
    pub(super) repairing: bool,
    /// Repair has stalled and rows still pay.
    pub(super) stuck: bool,
    /// The programme's work so far (see `row::replan`).
    pub(super) work: u64,
    /// Set by the move: it re-planned a row during repair.
    pub(super) repair_move: bool,
}

/// How often re-planning rows has lowered the hard penalty while repair
/// was stalled: where it does not (a rule that needs several officers
/// changed at once), its time goes back to the other moves.
#[derive(Debug, Default)]
pub(super) struct Yield {
    pub(super) tries: u64,
    pub(super) hits: u64,
}

/// Row moves tried before their yield is judged, and the least share of
/// them that must lower the hard penalty to go on.
pub(super) const ROW_TRIAL: u64 = 32;

impl Yield {
    pub(super) fn tried(&mut self, hit: bool) {
        self.tries += 1;
        self.hits += u64::from(hit);
    }

    pub(super) fn promising(&self) -> bool {
        self.tries < ROW_TRIAL || self.hits * ROW_TRIAL >= self.tries
    }
}

pub(super) fn stuck_after(p: &Problem) -> u64 {
    STUCK_MOVES.max(STUCK_PER_CELL * (p.n_staff * p.n_days) as u64)
}

/// Re-plans a stretch of days of one officer at once (see `row.rs`),
/// preferring an officer whose hours or weekends break the rules.
pub(super) fn replan_row(
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
    crate::solver::row::replan(state, s, a, a + len, row_work, undo)
}

/// One row move in this many clears the same stretch of several officers
/// and lays their rows out again one after the other.
pub(super) const RUIN_ONE_IN: u32 = 2;
/// The most officers cleared at once.
pub(super) const RUIN_MOST: usize = 3;

/// Clears days `a..b` of officer `s` and of one or two others, then
/// re-plans each row in turn (see `row.rs`): cover that needs two rows
/// changed at once, out of reach of one row re-planned against fixed
/// others, is traded between them. Records how to undo it.
#[allow(clippy::too_many_arguments)]
pub(super) fn ruin_and_rebuild(
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
pub(super) fn rebuild(
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
        total += crate::solver::row::clear(state, o, a, b, undo);
    }
    rng.shuffle(officers);
    for &o in officers.iter() {
        if let Some(delta) = crate::solver::row::replan(state, o, a, b, row_work, undo) {
            total += delta;
        }
    }
    (!undo.is_empty()).then_some(total)
}

/// One targeted move in this many, on a legal roster, evens out a group
/// (see `even_out`).
pub(super) const EVEN_OUT_ONE_IN: u32 = 64;

/// The planned days `even_out` lays out again: a week, counted from the
/// first day planned. A month's whole rows cost the search a quarter of
/// its moves (docs/BENCHMARKS.md).
pub(super) const EVEN_OUT_DAYS: usize = 7;

/// The measures `even_out` evens: nights and weekend days, the duties an
/// officer's whole row must be laid out around.
pub(super) const EVENED: [Category; 2] = [Category::Nights, Category::WeekendDays];

/// Clears a planned week (`EVEN_OUT_DAYS`) of the officer carrying most
/// nights (or weekend days) in an uneven group and of one carrying least,
/// and lays both rows out again (see `row.rs`), each priced with the
/// group as it then stands. The last week of a series planned week by
/// week ended with one officer two nights ahead of peers, when evening
/// it needed both rows rearranged at once, not a night handed over:
/// rest, days in a row, whole weekends and the week's hours all move
/// with it (docs/BENCHMARKS.md).
pub(super) fn even_out(
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
