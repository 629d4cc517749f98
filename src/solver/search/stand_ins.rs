//! Moves that hand a duty or a chief watch to a stand-in who is off,
//! clearing neighbouring duties the new one leaves too little rest for
//! (short ejection chains).

use super::*;

/// Puts `code` in cell (s, d) and clears the officer's neighbouring duties
/// that would then leave too little rest, handing each duty vacated (that
/// day's and the neighbours') to an officer who is off: a short ejection
/// chain, so one move can place a duty without opening a gap in cover.
#[allow(clippy::too_many_arguments)]
pub(super) fn apply_with_rest_repair(
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
pub(super) const MAX_STAND_INS: usize = 8;
/// Stand-ins weighed in cheap, frequent moves.
pub(super) const QUICK_STAND_INS: usize = 1;
/// Stand-ins weighed when moving a chief watch, a rarer and costlier move.
pub(super) const CAREFUL_STAND_INS: usize = 6;
/// Stand-ins weighed when each is tried with its own chain.
pub(super) const DEEP_STAND_INS: usize = 3;

/// Gives shift `code`, just vacated by officer `s` on day `d`, to the
/// cheapest of up to `stand_ins` random officers who are off that day and
/// may take it. When `deep`, a stand-in's own neighbouring duties that the
/// new shift leaves too little rest for are cleared and handed on in turn:
/// an ejection chain two links long, weighed as a whole.
#[allow(clippy::too_many_arguments)]
pub(super) fn hand_over(
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
pub(super) fn hand_watch(
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
pub(super) fn pass_on_watch(
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
pub(super) fn take_watch(
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
pub(super) fn relieve(
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
pub(super) fn chief_move(
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
