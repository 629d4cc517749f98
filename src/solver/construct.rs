//! The construction heuristic: a quick first roster, day by day. Each day it
//! first names a chief officer, then fills every cover rule up to its
//! minimum, scarcest skills first, each time taking the free officer whose
//! assignment costs least. Local search then repairs and improves it.

use std::time::Instant;

use super::problem::Problem;
use super::state::State;

/// Fills unpinned cells of `state` greedily, stopping at `deadline`.
/// With `fill_hours`, officers with hours to reach over a reference period
/// then get whole stretches of work (fast to a near-legal roster, but a
/// corner the search may not leave: a portfolio runs both kinds).
pub fn construct(state: &mut State, deadline: Instant, fill_hours: bool) {
    fill_cover(state);
    if fill_hours && state.problem().has_reference_hours {
        fill_reference_hours(state, deadline);
    }
}

/// Each day a chief officer, then every cover rule up to its minimum.
fn fill_cover(state: &mut State) {
    let p = state.problem();
    let mut order: Vec<usize> = (0..p.reqs.len()).collect();
    for d in 0..p.n_days {
        if state.chief_count(d) == 0 {
            assign_best(state, d, p.chief);
        }
        order.clear();
        order.extend((0..p.reqs.len()).filter(|&q| p.reqs[q].day == d));
        // Rules naming fewer officers (skills, units) are harder to fill: first.
        order.sort_by_key(|&q| {
            let rule = p.reqs[q].rule;
            (0..p.n_staff)
                .filter(|&s| p.counts_for[rule * p.n_staff + s])
                .count()
        });
        for &q in &order {
            let shift = shift_of(p, q);
            while state.req_count(q) < p.reqs[q].min {
                if !assign_best_for(state, d, shift, Some(q)) {
                    break;
                }
            }
        }
    }
}

fn shift_of(p: &Problem, q: usize) -> u8 {
    let d = p.reqs[q].day;
    (0..p.n_shifts)
        .find(|&sh| p.reqs_of[d * p.n_shifts + sh].contains(&q))
        .unwrap_or(0) as u8
}

fn assign_best(state: &mut State, d: usize, code: u8) -> bool {
    assign_best_for(state, d, code, None)
}

/// Puts the cheapest free officer on `code` for day `d`; when `req` is given
/// only officers counting towards it are considered.
fn assign_best_for(state: &mut State, d: usize, code: u8, req: Option<usize>) -> bool {
    let p = state.problem();
    // Hard cost first, then the officer with the fewest hours that week (so
    // that later days of the week still have people with hours to spare),
    // then soft cost.
    let mut best: Option<((i64, i64, i64), usize)> = None;
    for s in 0..p.n_staff {
        let cell = s * p.n_days + d;
        if p.pinned[cell] || state.get(s, d) != p.off || !p.domain[cell].contains(&code) {
            continue;
        }
        if let Some(q) = req
            && !p.counts_for[p.reqs[q].rule * p.n_staff + s]
        {
            continue;
        }
        let delta = state.change(s, d, code);
        state.change(s, d, p.off);
        let key = (delta.hard, state.week_minutes(s, d / 7), delta.soft);
        if best.is_none_or(|(b, _)| key < b) {
            best = Some((key, s));
        }
    }
    match best {
        Some((_, s)) => {
            state.change(s, d, code);
            true
        }
        None => false,
    }
}

/// Officer by officer, day by day: a stretch of work as long as the
/// contract's shortest (each day the cheapest duty), kept when it brings
/// the officer nearer the reference minimum and breaks nothing else. Meets the minimum hours of a reference period without
/// breaking the rules on stretches, which one day at a time cannot do: a
/// lone working day is itself too short a stretch.
fn fill_reference_hours(state: &mut State, deadline: Instant) {
    let p = state.problem();
    let mut placed: Vec<(usize, u8)> = Vec::new();
    for s in 0..p.n_staff {
        if Instant::now() >= deadline {
            return;
        }
        let stretch = p.min_consecutive[s].max(1) as usize;
        let mut d = 0;
        while d < p.n_days && state.reference_hours_penalty(s) > 0 {
            let hours_before = state.reference_hours_penalty(s);
            if state.get(s, d) != p.off || p.pinned[s * p.n_days + d] {
                d += 1;
                continue;
            }
            // A day beside a stretch already worked may extend it alone;
            // elsewhere a stretch starts as long as the shortest allowed.
            let kept = (1..=stretch).any(|len| {
                placed.clear();
                let delta = place_stretch(state, s, d, len, &mut placed);
                let hours_gain = hours_before - state.reference_hours_penalty(s);
                if placed.len() == len && hours_gain > 0 && delta.hard + hours_gain <= 0 {
                    return true;
                }
                for &(e, _) in placed.iter().rev() {
                    state.change(s, e, p.off);
                }
                false
            });
            if kept {
                d += placed.len();
            } else {
                d += 1;
            }
        }
    }
}

/// Puts the cheapest duty on each of `len` free days of officer `s` from
/// day `d` (fewer when a day is taken or pinned), recording them in
/// `placed`; returns the change of score.
fn place_stretch(
    state: &mut State,
    s: usize,
    d: usize,
    len: usize,
    placed: &mut Vec<(usize, u8)>,
) -> super::score::Score {
    let p = state.problem();
    let mut delta = super::score::Score::ZERO;
    for e in d..(d + len).min(p.n_days) {
        if state.get(s, e) != p.off || p.pinned[s * p.n_days + e] {
            break;
        }
        let Some((change, code)) = cheapest_duty(state, s, e) else {
            break;
        };
        state.change(s, e, code);
        delta += change;
        placed.push((e, code));
    }
    delta
}

/// The working duty for cell (s, d) that costs least, and its cost.
pub fn cheapest_duty(state: &mut State, s: usize, d: usize) -> Option<(super::score::Score, u8)> {
    let p = state.problem();
    let mut best: Option<(super::score::Score, u8)> = None;
    for &code in &p.domain[s * p.n_days + d] {
        if code == p.off {
            continue;
        }
        let delta = state.change(s, d, code);
        state.change(s, d, p.off);
        if best.is_none_or(|(b, _)| delta < b) {
            best = Some((delta, code));
        }
    }
    best
}
