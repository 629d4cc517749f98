//! The construction heuristic: a quick first roster, day by day. Each day it
//! first names a chief officer, then fills every cover rule up to its
//! minimum, scarcest skills first, each time taking the free officer whose
//! assignment costs least. Local search then repairs and improves it.

use super::problem::Problem;
use super::state::State;

/// Fills unpinned cells of `state` greedily.
pub fn construct(state: &mut State) {
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
