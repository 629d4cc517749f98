//! Moves of a few cells: a day or a stretch swapped between two officers,
//! a change aimed at a shortfall, hours topped up, one cell set. Each
//! records how to undo it.

use super::*;

/// Swaps the duties of two officers over `len` days from day `d` (fewer at
/// the end of the period; to its end, the rest of both rows); `None` when
/// one of them may not take the other's duty on one of those days. Cover
/// stays as it was: only the two officers' rules and shares change.
pub(super) fn swap_block(
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
pub(super) fn targeted_change(
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
pub(super) fn sample_officer(
    p: &Problem,
    rng: &mut fastrand::Rng,
    wanted: impl Fn(usize) -> bool,
) -> Option<usize> {
    (0..RELIEVE_SEARCH)
        .map(|_| rng.usize(0..p.n_staff))
        .find(|&s| wanted(s))
}

/// One targeted move in this many tops up hours (see `top_up`).
pub(super) const TOP_UP_ONE_IN: u32 = 4;

/// Swaps a day or a stretch between an officer outside the hours of their
/// reference period and another officer: hours move between them and
/// cover stays.
pub(super) fn top_up(
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
        let (_, code) = crate::solver::construct::cheapest_duty(state, s, d)?;
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

pub(super) fn swap_day(
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

pub(super) fn apply(
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
