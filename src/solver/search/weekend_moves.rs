//! Moves that work on whole weekends: freeing one for an officer over
//! their `max_weekends`, or moving one to a colleague, both days at once
//! (one day at a time leaves the weekend still worked).

use super::*;

/// One targeted move in this many frees a weekend (see `free_weekend`).
pub(super) const FREE_WEEKEND_ONE_IN: u32 = 16;

/// Takes an officer who works too many weekends off both days of one of
/// them, handing each duty to a stand-in: one cell at a time cannot do it,
/// since the first day freed leaves the weekend still worked.
pub(super) fn free_weekend(
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
pub(super) fn clear_weekend(
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
pub(super) const MOVE_WEEKEND_ONE_IN: u32 = 16;

/// Fills a weekend shift below its minimum with an officer who is kept
/// off it only by the weekend rule, freeing one of their other weekends
/// in the same window (each duty handed to a stand-in), all in one move.
/// Week-by-week planning needs it: a week that spends more officers'
/// weekends than it must leaves the look-ahead weekend short, and no
/// change of one cell repays that, as the freed weekend alone only costs.
pub(super) fn move_weekend(
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
pub(super) fn weekend_worked(state: &State, p: &Problem, s: usize, w: usize) -> bool {
    (w * 7 + 5..(w * 7 + 7).min(p.n_days)).any(|d| state.get(s, d) != p.off)
}
