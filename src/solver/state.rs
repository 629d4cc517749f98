//! Incremental scoring. The state keeps counters (head count per cover
//! rule, hours per week, fairness sums...) so that changing one cell costs
//! work proportional to its neighbourhood, not to the roster. `change`
//! returns the score delta; calling it again with the old duty undoes it.
//! `check/` is the independent full evaluator these numbers are tested
//! against.

use super::problem::{Code, MEASURES, Problem, UNIT_POINTS};
use super::score::Score;
use crate::model::Category;
use crate::model::Constraint as C;
use crate::model::fairness::unfairness_cost;
use crate::model::standing::{off_target_cost, outside_band, quota_shortfall_cost, quota_window};

/// How even the chief watches are: see [`State::chief_fairness`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChiefFairness {
    /// Watches counted, history included.
    pub watches: i64,
    /// The `fair_chief` penalty.
    pub unfairness: i64,
}

/// The least even the chief watches may be, for each number of watches the
/// search has had: a watch changing hands never makes them less even, but
/// a day's watch filled may (a day left without its chief because every
/// officer who could take it is ahead would be worse than uneven), and a
/// watch emptied and filled again elsewhere is held to the level before.
#[derive(Debug, Clone)]
pub struct ChiefCeiling {
    by_watches: Vec<ChiefFairness>,
}

impl ChiefCeiling {
    /// Starts from a roster that is this even.
    pub fn new(now: ChiefFairness) -> Self {
        Self {
            by_watches: vec![now],
        }
    }

    /// Starts again from a roster that is this even.
    pub fn reset(&mut self, now: ChiefFairness) {
        self.by_watches.clear();
        self.by_watches.push(now);
    }

    /// True when a roster this even may be taken.
    pub fn admits(&self, next: ChiefFairness) -> bool {
        self.by_watches
            .iter()
            .find(|c| c.watches == next.watches)
            .is_none_or(|c| next.unfairness <= c.unfairness)
    }

    /// Notes a roster taken (one [`ChiefCeiling::admits`]).
    pub fn take(&mut self, now: ChiefFairness) {
        match self
            .by_watches
            .iter_mut()
            .find(|c| c.watches == now.watches)
        {
            Some(c) => c.unfairness = now.unfairness,
            None => self.by_watches.push(now),
        }
    }
}

/// A roster under search and its running score.
#[derive(Debug, Clone)]
pub struct State<'p> {
    p: &'p Problem,
    cells: Vec<Code>,
    req_count: Vec<i64>,
    chief_count: Vec<i64>,
    trainees: Vec<i64>,
    mentors: Vec<i64>,
    week_minutes: Vec<i64>,
    weekend_days: Vec<i64>,
    weekend_window: Vec<i64>,
    reference_minutes: Vec<i64>,
    reference_shifts: Vec<i64>,
    fair: Vec<i64>,
    group_sum: Vec<Vec<i64>>,
    group_sq: Vec<Vec<i64>>,
    quota_done: Vec<i64>,
    score: Score,
}

fn ceil_hours(minutes: i64) -> i64 {
    (minutes.max(0) + 59) / 60
}

impl<'p> State<'p> {
    /// Builds the state for the given cells.
    pub fn new(p: &'p Problem, cells: &[Code]) -> Self {
        let n_groups = |c: usize| p.fair_floor[c].len();
        let mut state = State {
            p,
            cells: vec![p.off; p.n_staff * p.n_days],
            req_count: vec![0; p.reqs.len()],
            chief_count: vec![0; p.n_days],
            trainees: vec![0; p.n_days * p.n_shifts * p.n_training],
            mentors: vec![0; p.n_days * p.n_shifts * p.n_training],
            week_minutes: vec![0; p.n_staff * p.n_weeks],
            weekend_days: vec![0; p.n_staff * p.n_weeks],
            weekend_window: vec![0; p.n_weekend_windows],
            reference_minutes: vec![0; p.n_reference_windows],
            reference_shifts: vec![0; p.n_reference_windows * p.n_shifts],
            fair: p.history.clone(),
            group_sum: (0..MEASURES).map(|m| vec![0; n_groups(m)]).collect(),
            group_sq: (0..MEASURES).map(|m| vec![0; n_groups(m)]).collect(),
            quota_done: vec![0; p.n_staff * p.n_training * p.counted_weeks],
            score: Score::ZERO,
        };
        state.score = state.all_off_score();
        for s in 0..p.n_staff {
            for d in 0..p.n_days {
                let code = cells[s * p.n_days + d];
                if code != p.off {
                    state.change(s, d, code);
                }
            }
        }
        state
    }

    /// The score of everyone off, with the fairness sums filled in.
    fn all_off_score(&mut self) -> Score {
        let p = self.p;
        let mut score = Score::ZERO;
        for (i, _) in p.reqs.iter().enumerate() {
            score += self.req_penalty(i, 0);
        }
        for d in 0..p.n_days {
            score += self.chief_penalty(d, 0);
        }
        for s in 0..p.n_staff {
            for d in 0..p.n_days {
                let base = (s * p.n_days + d) * p.n_duties + usize::from(p.off);
                score += Score {
                    hard: p.cell_hard[base],
                    soft: p.cell_soft[base],
                };
            }
            for w in 0..p.n_weeks {
                score += self.week_penalty(s, w, 0);
            }
            let windows = p.reference_windows[s].count;
            score.hard += self.reference_minutes_penalty(s, 0) * windows as i64;
            for r in 0..p.n_training {
                for w in 0..p.counted_weeks {
                    score += self.quota_penalty(s, r, w, 0);
                }
            }
        }
        for c in 0..MEASURES {
            for s in 0..p.n_staff {
                if let Some(g) = p.group_of[c * p.n_staff + s] {
                    let h = p.history[c * p.n_staff + s];
                    self.group_sum[c][g] += h;
                    self.group_sq[c][g] += p.share_weight[s] * h * h;
                }
            }
            for g in 0..self.group_sum[c].len() {
                score += self.fair_penalty(c, g);
            }
        }
        score
    }

    /// The running score.
    pub fn score(&self) -> Score {
        self.score
    }

    /// The duty in a cell.
    pub fn get(&self, s: usize, d: usize) -> Code {
        self.cells[s * self.p.n_days + d]
    }

    /// All cells, staff-major.
    pub fn cells(&self) -> &[Code] {
        &self.cells
    }

    /// The problem being solved.
    pub fn problem(&self) -> &'p Problem {
        self.p
    }

    /// Head count of a cover requirement.
    pub fn req_count(&self, req: usize) -> i64 {
        self.req_count[req]
    }

    /// Contract minutes officer `s` works in week `w` of the period.
    pub fn week_minutes(&self, s: usize, w: usize) -> i64 {
        self.week_minutes[s * self.p.n_weeks + w]
    }

    /// Chief officers on duty on day `d`.
    pub fn chief_count(&self, d: usize) -> i64 {
        self.chief_count[d]
    }

    fn req_penalty(&self, req: usize, count: i64) -> Score {
        let r = &self.p.reqs[req];
        if r.lookahead {
            return Score::soft((r.min - count).max(0) * self.p.w(C::LookaheadCover));
        }
        Score {
            hard: (r.min - count).max(0) * self.p.w(C::MinCover),
            soft: (r.preferred - count).max(0) * r.short_cost
                + (count - r.preferred).max(0) * r.over_cost,
        }
    }

    fn chief_penalty(&self, d: usize, count: i64) -> Score {
        if !self.p.chief_required {
            return Score::ZERO;
        }
        if d >= self.p.lookahead_from {
            // Every look-ahead day needs its watch: the weekend watches of
            // next week take eligible officers' weekends, and a week that
            // ignored them left the next one with no legal roster.
            Score::soft((count - 1).abs() * self.p.w(C::LookaheadCover))
        } else {
            Score::hard((count - 1).abs() * self.p.w(C::ChiefWatch))
        }
    }

    fn week_penalty(&self, s: usize, w: usize, minutes: i64) -> Score {
        let p = self.p;
        let i = s * p.n_weeks + w;
        let off_target = minutes - p.target_week_minutes[i];
        Score {
            hard: ceil_hours(minutes - p.max_week_minutes[s]) * p.w(C::MaxHoursWeek),
            soft: off_target_cost(off_target) * p.w(C::TargetHours)
                + i64::from(outside_band(off_target, p.target_band_minutes[s]))
                    * p.w(C::OffTargetWeek)
                + ceil_hours(p.min_week_minutes[i] - minutes) * p.w(C::MinHoursWeek),
        }
    }

    /// The quota window of rule `r` ending at week `w`, with `done`
    /// trainee shifts in it ([`quota_shortfall_cost`]).
    fn quota_penalty(&self, s: usize, r: usize, w: usize, done: i64) -> Score {
        let p = self.p;
        let per_weeks = p.quota_per_weeks[r];
        let (_, weeks) = quota_window(per_weeks, w);
        let count = p.quota_count[s * p.n_training + r];
        Score::soft(quota_shortfall_cost(
            count,
            per_weeks,
            weeks,
            done,
            p.w(C::CrossTrainingQuota),
        ))
    }

    /// Adds `step` to officer `s`'s fairness measure `m`; returns the
    /// change of their group's penalty.
    fn add_to_measure(&mut self, m: usize, s: usize, step: i64) -> Score {
        let p = self.p;
        let fi = m * p.n_staff + s;
        let v = self.fair[fi];
        self.fair[fi] += step;
        let Some(g) = p.group_of[fi] else {
            return Score::ZERO;
        };
        let before = self.fair_penalty(m, g);
        self.group_sum[m][g] += step;
        self.group_sq[m][g] += p.share_weight[s] * ((v + step) * (v + step) - v * v);
        self.fair_penalty(m, g) - before
    }

    /// The chief watches counted for fairness (history included) and what
    /// their unfairness costs now. The search never lets the cost rise
    /// while the count stays (see `search`): a watch moved to the officer
    /// ahead takes a chain of moves to hand back.
    pub fn chief_fairness(&self) -> ChiefFairness {
        let m = Category::ChiefWatches.index();
        ChiefFairness {
            watches: self.group_sum[m].iter().sum(),
            unfairness: (0..self.group_sum[m].len())
                .map(|g| self.fair_penalty(m, g).soft)
                .sum(),
        }
    }

    /// In a fairness group of `category` that is uneven now (history
    /// included), the officer carrying most in proportion to contract and
    /// presence and one carrying least, ties drawn at random: whom a move
    /// evening the group starts from.
    pub fn uneven_pair(
        &self,
        category: Category,
        rng: &mut fastrand::Rng,
    ) -> Option<(usize, usize)> {
        let p = self.p;
        let m = category.index();
        let groups = self.group_sum[m].len();
        if groups == 0 {
            return None;
        }
        let first = rng.usize(0..groups);
        let g = (0..groups)
            .map(|k| (first + k) % groups)
            .find(|&g| self.fair_penalty(m, g).soft > 0)?;
        let load = |s: usize| self.fair[m * p.n_staff + s] * p.share_weight[s];
        let members: Vec<usize> = (0..p.n_staff)
            .filter(|&s| p.group_of[m * p.n_staff + s] == Some(g))
            .collect();
        let hi = members
            .iter()
            .copied()
            .max_by_key(|&s| (load(s), rng.u32(..)))?;
        let lo = members
            .iter()
            .copied()
            .min_by_key(|&s| (load(s), rng.u32(..)))?;
        (hi != lo).then_some((hi, lo))
    }

    fn fair_penalty(&self, c: usize, g: usize) -> Score {
        let constraint = [
            C::FairNights,
            C::FairWeekends,
            C::FairHolidays,
            C::FairChief,
            C::FairPoints,
        ][c];
        let floor = self.p.fair_floor[c][g][self.group_sum[c][g] as usize];
        Score::soft(unfairness_cost(
            self.group_sq[c][g],
            floor,
            self.p.w(constraint),
        ))
    }

    fn mentor_penalty(&self, i: usize) -> i64 {
        unpaired_trainees(self.trainees[i], self.mentors[i]) * self.p.w(C::Mentor)
    }

    /// Hard penalty of officer `s`'s hours against the reference period's
    /// limits, over all windows: what filling hours in aims to lower.
    pub fn reference_hours_penalty(&self, s: usize) -> i64 {
        let win = self.p.reference_windows[s];
        (win.base..win.base + win.count)
            .map(|k| self.reference_minutes_penalty(s, self.reference_minutes[k]))
            .sum()
    }

    /// Minutes worked in reference window `k` (a flat index of
    /// [`Problem::reference_windows`]).
    pub fn reference_minutes_of(&self, k: usize) -> i64 {
        self.reference_minutes[k]
    }

    /// Shifts `sh` worked in reference window `k`.
    pub fn shifts_of(&self, k: usize, sh: usize) -> i64 {
        self.reference_shifts[k * self.p.n_shifts + sh]
    }

    /// Weekends worked in weekend window `k` (a flat index of
    /// [`Problem::weekend_windows`]).
    pub fn weekends_of(&self, k: usize) -> i64 {
        self.weekend_window[k]
    }

    /// What putting `code` in cell (s, d), now off, costs in the terms
    /// that depend on that cell and on the others' duties that day alone:
    /// the cell's own costs, cover, the chief watch and mentoring. The row
    /// re-planner (`row.rs`) adds the rules on the officer's own row.
    pub fn placement_cost(&self, s: usize, d: usize, code: Code) -> Score {
        let p = self.p;
        let base = (s * p.n_days + d) * p.n_duties;
        let (c, off) = (usize::from(code), usize::from(p.off));
        let mut cost = Score {
            hard: p.cell_hard[base + c] - p.cell_hard[base + off],
            soft: p.cell_soft[base + c] - p.cell_soft[base + off],
        };
        if code == p.chief {
            let count = self.chief_count[d];
            cost += self.chief_penalty(d, count + 1) - self.chief_penalty(d, count);
        } else if code < p.chief {
            for &q in &p.reqs_of[d * p.n_shifts + c] {
                if p.counts_for[p.reqs[q].rule * p.n_staff + s] {
                    let count = self.req_count[q];
                    cost += self.req_penalty(q, count + 1) - self.req_penalty(q, count);
                }
            }
            let ti = (d * p.n_shifts + c) * p.n_training;
            let mentor_change = |i: usize, trainees: i64, mentors: i64| {
                let (t, m) = (self.trainees[i], self.mentors[i]);
                (unpaired_trainees(t + trainees, m + mentors) - unpaired_trainees(t, m))
                    * p.w(C::Mentor)
            };
            if let Some(r) = p.trainee[s * p.n_shifts + c] {
                cost.hard += mentor_change(ti + r, 1, 0);
            }
            let mut mask = p.mentor[s * p.n_shifts + c];
            while mask != 0 {
                let r = mask.trailing_zeros() as usize;
                mask &= mask - 1;
                cost.hard += mentor_change(ti + r, 0, 1);
            }
        }
        cost
    }

    /// True when officer `s` works more weekends than allowed in some
    /// window: what the weekend-freeing move looks for.
    pub fn over_weekends(&self, s: usize) -> bool {
        let win = self.p.weekend_windows[s];
        self.weekend_window[win.base..win.base + win.count]
            .iter()
            .any(|&c| c > self.p.max_weekends[s])
    }

    fn weekend_penalty(&self, s: usize, weekends: i64) -> i64 {
        (weekends - self.p.max_weekends[s]).max(0) * self.p.w(C::MaxWeekends)
    }

    /// Hard penalty of `minutes` worked in one reference window.
    fn reference_minutes_penalty(&self, s: usize, minutes: i64) -> i64 {
        let p = self.p;
        let over = p.max_reference_minutes[s].map_or(0, |max| ceil_hours(minutes - max));
        let short = p.min_reference_minutes[s].map_or(0, |min| ceil_hours(min - minutes));
        over * p.w(C::MaxHoursReference) + short * p.w(C::MinHoursReference)
    }

    /// Hard penalty of working `count` of shift `sh` in one reference window.
    fn shift_count_penalty(&self, s: usize, sh: usize, count: i64) -> i64 {
        self.p.max_shift_count[s * self.p.n_shifts + sh]
            .map_or(0, |max| (count - max).max(0) * self.p.w(C::MaxShifts))
    }

    /// Updates the reference windows holding week `w` for officer `s`
    /// going from duty `old` to `new`, `minutes` more (or fewer) worked;
    /// returns the hard delta.
    fn reference_change(
        &mut self,
        s: usize,
        w: usize,
        (old, new): (usize, usize),
        minutes: i64,
    ) -> i64 {
        let p = self.p;
        let mut delta = 0;
        for k in p.reference_windows[s].of_week(w) {
            if minutes != 0 {
                let m = self.reference_minutes[k];
                delta += self.reference_minutes_penalty(s, m + minutes)
                    - self.reference_minutes_penalty(s, m);
                self.reference_minutes[k] = m + minutes;
            }
            for (sh, step) in [(old, -1), (new, 1)] {
                if sh < p.n_shifts && p.max_shift_count[s * p.n_shifts + sh].is_some() {
                    let i = k * p.n_shifts + sh;
                    let c = self.reference_shifts[i];
                    delta += self.shift_count_penalty(s, sh, c + step)
                        - self.shift_count_penalty(s, sh, c);
                    self.reference_shifts[i] = c + step;
                }
            }
        }
        delta
    }

    /// Successions broken between day `d` holding `code` and its neighbours.
    fn successions_around(&self, s: usize, d: usize, code: Code) -> i64 {
        let p = self.p;
        if !p.has_successions {
            return 0;
        }
        let mut count = 0;
        let c = usize::from(code);
        if d > 0 && p.forbidden_next[usize::from(self.get(s, d - 1)) * p.n_duties + c] {
            count += 1;
        }
        if d + 1 < p.n_days && p.forbidden_next[c * p.n_duties + usize::from(self.get(s, d + 1))] {
            count += 1;
        }
        count * p.w(C::Succession)
    }

    /// True when the duties on days `d1 < d2` of officer `s` may not stand
    /// together: too little rest between them, or a forbidden succession.
    pub fn rest_conflict(&self, s: usize, d1: usize, d2: usize) -> bool {
        let p = self.p;
        let (a, b) = (self.get(s, d1), self.get(s, d2));
        self.rest_broken(s, d1, a, d2, b)
            || (d2 == d1 + 1 && p.forbidden_next[usize::from(a) * p.n_duties + usize::from(b)])
    }

    fn rest_broken(&self, s: usize, d1: usize, a: Code, d2: usize, b: Code) -> bool {
        let p = self.p;
        a != p.off
            && b != p.off
            && p.start[d2 * p.n_duties + usize::from(b)] - p.end[d1 * p.n_duties + usize::from(a)]
                < p.min_rest[s]
    }

    /// Rest violations between day `d` (holding `code`) and days up to two away.
    fn rest_around(&self, s: usize, d: usize, code: Code) -> i64 {
        let n = self.p.n_days;
        let mut count = 0;
        for gap in 1..=2 {
            if d >= gap && self.rest_broken(s, d - gap, self.get(s, d - gap), d, code) {
                count += 1;
            }
            if d + gap < n && self.rest_broken(s, d, code, d + gap, self.get(s, d + gap)) {
                count += 1;
            }
        }
        count * self.p.w(C::MinRest)
    }

    /// Chief watches of officer `s` too close to one on day `d`.
    fn spacing_around(&self, s: usize, d: usize) -> i64 {
        let k = self.p.min_days_between_chief;
        if k <= 1 {
            return 0;
        }
        let lo = (d as i64 - k + 1).max(0) as usize;
        let hi = ((d as i64 + k - 1) as usize).min(self.p.n_days - 1);
        let close = (lo..=hi)
            .filter(|&e| e != d && self.get(s, e) == self.p.chief)
            .count() as i64;
        close * self.p.w(C::ChiefSpacing)
    }

    /// The days `[a, b]` whose runs (working, off, nights) a change on day
    /// `d` can affect: from the start of the run holding `d - 1` to the end
    /// of the run holding `d + 1`. Both ends are run boundaries before and
    /// after the change, since only day `d` changes.
    fn run_region(&self, s: usize, d: usize) -> (usize, usize) {
        let p = self.p;
        let row = &self.cells[s * p.n_days..(s + 1) * p.n_days];
        let works = |i: usize| row[i] != p.off;
        let mut a = d.saturating_sub(1);
        while a > 0 && works(a - 1) == works(a) {
            a -= 1;
        }
        let mut b = (d + 1).min(p.n_days - 1);
        while b + 1 < p.n_days && works(b + 1) == works(b) {
            b += 1;
        }
        (a, b)
    }

    /// Weighted penalty of officer `s`'s runs inside `[a, b]`: working days
    /// in a row, short breaks between working stretches, nights in a row.
    fn run_penalty(&self, s: usize, a: usize, b: usize) -> i64 {
        let p = self.p;
        let row = &self.cells[s * p.n_days..(s + 1) * p.n_days];
        let (mut work, mut off, mut nights) = (0i64, 0i64, 0i64);
        let mut seen_work = a > 0 && row[a - 1] != p.off;
        let mut penalty = 0;
        let max_work = p.max_consecutive[s];
        let min_off = p.min_days_off[s];
        let max_nights = p.max_nights[s];
        let min_work = p.min_consecutive[s];
        // A stretch of work touching either end of the days held may go
        // on outside them: only the others are held to the minimum.
        let short_run = |first: usize, last: usize| {
            if first == 0 || last + 1 == p.n_days {
                0
            } else {
                (min_work - (last + 1 - first) as i64).max(0) * p.w(C::MinConsecutiveDays)
            }
        };
        let leave = &p.on_leave[s * p.n_days..(s + 1) * p.n_days];
        let mut off_has_leave = false;
        for (d, &code) in row.iter().enumerate().take(b + 1).skip(a) {
            if code == p.off {
                off_has_leave |= leave[d];
                if work > 0 {
                    penalty += short_run(d - work as usize, d - 1);
                }
                penalty += (work - max_work).max(0) * p.w(C::MaxConsecutiveDays);
                penalty += (nights - max_nights).max(0) * p.w(C::MaxNightsInRow);
                work = 0;
                nights = 0;
                off += 1;
            } else {
                if seen_work && off > 0 && !off_has_leave {
                    penalty += (min_off - off).max(0) * p.w(C::MinConsecutiveDaysOff);
                }
                off_has_leave = false;
                seen_work = true;
                off = 0;
                work += 1;
                if p.night[usize::from(code)] {
                    nights += 1;
                } else {
                    penalty += (nights - max_nights).max(0) * p.w(C::MaxNightsInRow);
                    nights = 0;
                }
            }
        }
        if seen_work && off > 0 && b + 1 < p.n_days && !off_has_leave {
            penalty += (min_off - off).max(0) * p.w(C::MinConsecutiveDaysOff);
        }
        if work > 0 {
            penalty += short_run(b + 1 - work as usize, b);
        }
        penalty += (work - max_work).max(0) * p.w(C::MaxConsecutiveDays);
        penalty += (nights - max_nights).max(0) * p.w(C::MaxNightsInRow);
        penalty
    }

    /// Puts `new` in cell (s, d) and returns the change of score.
    pub fn change(&mut self, s: usize, d: usize, new: Code) -> Score {
        let p = self.p;
        let i = s * p.n_days + d;
        let old = self.cells[i];
        if old == new {
            return Score::ZERO;
        }
        let mut delta = Score::ZERO;
        let base = i * p.n_duties;
        let (o, n) = (usize::from(old), usize::from(new));
        delta.hard += p.cell_hard[base + n] - p.cell_hard[base + o];
        delta.soft += p.cell_soft[base + n] - p.cell_soft[base + o];

        delta.hard += self.rest_around(s, d, new) - self.rest_around(s, d, old);
        delta.hard += self.successions_around(s, d, new) - self.successions_around(s, d, old);
        let (a, b) = self.run_region(s, d);
        delta.hard -= self.run_penalty(s, a, b);
        if old == p.chief {
            delta.hard -= self.spacing_around(s, d);
        }
        self.cells[i] = new;
        if new == p.chief {
            delta.hard += self.spacing_around(s, d);
        }

        if old < p.chief {
            delta += self.leave_shift(s, d, o);
        }
        if new < p.chief {
            delta += self.join_shift(s, d, n);
        }
        if old == p.chief || new == p.chief {
            let c = self.chief_count[d];
            let c2 = c + if new == p.chief { 1 } else { -1 };
            delta += self.chief_penalty(d, c2) - self.chief_penalty(d, c);
            self.chief_count[d] = c2;
        }

        let w = d / 7;
        let wi = s * p.n_weeks + w;
        let minutes = self.week_minutes[wi];
        let day = d * p.n_duties;
        let added = p.minutes[day + n] - p.minutes[day + o];
        let minutes2 = minutes + added;
        if minutes2 != minutes {
            delta += self.week_penalty(s, w, minutes2) - self.week_penalty(s, w, minutes);
            self.week_minutes[wi] = minutes2;
        }

        delta.hard += self.reference_change(s, w, (o, n), added);

        if p.weekend[d] && (old == p.off) != (new == p.off) {
            let worked = self.weekend_days[wi] > 0;
            let split = |days: i64| i64::from(days == 1 && p.whole_weekend[wi]);
            let was_split = split(self.weekend_days[wi]);
            self.weekend_days[wi] += if new == p.off { -1 } else { 1 };
            delta.soft += (split(self.weekend_days[wi]) - was_split) * p.w(C::SplitWeekend);
            if worked != (self.weekend_days[wi] > 0) {
                let step = if worked { -1 } else { 1 };
                for k in p.weekend_windows[s].of_week(w) {
                    let c = self.weekend_window[k];
                    delta.hard += self.weekend_penalty(s, c + step) - self.weekend_penalty(s, c);
                    self.weekend_window[k] = c + step;
                }
            }
        }

        let mask_old = p.category_mask[d * p.n_duties + o];
        let mask_new = p.category_mask[d * p.n_duties + n];
        let changed = mask_old ^ mask_new;
        if changed != 0 {
            for c in 0..4 {
                if changed & (1 << c) != 0 {
                    let step = if mask_new & (1 << c) != 0 { 1 } else { -1 };
                    delta += self.add_to_measure(c, s, step);
                }
            }
            let points =
                p.mask_points[usize::from(mask_new)] - p.mask_points[usize::from(mask_old)];
            if points != 0 {
                delta += self.add_to_measure(UNIT_POINTS, s, points);
            }
        }

        delta.hard += self.run_penalty(s, a, b);

        self.score += delta;
        delta
    }

    /// Bookkeeping for an officer leaving shift `sh` on day `d`.
    fn leave_shift(&mut self, s: usize, d: usize, sh: usize) -> Score {
        self.shift_counters(s, d, sh, -1)
    }

    /// Bookkeeping for an officer joining shift `sh` on day `d`.
    fn join_shift(&mut self, s: usize, d: usize, sh: usize) -> Score {
        self.shift_counters(s, d, sh, 1)
    }

    fn shift_counters(&mut self, s: usize, d: usize, sh: usize, step: i64) -> Score {
        let p = self.p;
        let mut delta = Score::ZERO;
        for &q in &p.reqs_of[d * p.n_shifts + sh] {
            if p.counts_for[p.reqs[q].rule * p.n_staff + s] {
                let c = self.req_count[q];
                delta += self.req_penalty(q, c + step) - self.req_penalty(q, c);
                self.req_count[q] = c + step;
            }
        }
        let ti = (d * p.n_shifts + sh) * p.n_training;
        if let Some(r) = p.trainee[s * p.n_shifts + sh] {
            let before = self.mentor_penalty(ti + r);
            self.trainees[ti + r] += step;
            delta.hard += self.mentor_penalty(ti + r) - before;
            // The windows holding day d's week: those ending in it and in
            // the weeks after, up to the rule's length.
            let week = d / 7;
            let last = (week + p.quota_per_weeks[r] as usize).min(p.counted_weeks);
            for w in week..last {
                let qi = (s * p.n_training + r) * p.counted_weeks + w;
                let done = self.quota_done[qi];
                delta +=
                    self.quota_penalty(s, r, w, done + step) - self.quota_penalty(s, r, w, done);
                self.quota_done[qi] = done + step;
            }
        }
        let mut mask = p.mentor[s * p.n_shifts + sh];
        while mask != 0 {
            let r = mask.trailing_zeros() as usize;
            mask &= mask - 1;
            let before = self.mentor_penalty(ti + r);
            self.mentors[ti + r] += step;
            delta.hard += self.mentor_penalty(ti + r) - before;
        }
        delta
    }
}

/// Trainees on a shift without a mentor of their own: each cross-training
/// officer is paired with one host officer, so one tutor beside four
/// trainees leaves three unpaired ([`crate::solver::check`] counts the same).
pub fn unpaired_trainees(trainees: i64, mentors: i64) -> i64 {
    (trainees - mentors).max(0)
}

#[cfg(test)]
mod tests {
    use super::{ChiefCeiling, ChiefFairness};

    fn even(watches: i64, unfairness: i64) -> ChiefFairness {
        ChiefFairness {
            watches,
            unfairness,
        }
    }

    #[test]
    fn a_watch_filled_may_cost_evenness_but_one_moved_never_does() {
        let mut ceiling = ChiefCeiling::new(even(6, 0));
        // A watch changing hands: no less even, or refused.
        assert!(ceiling.admits(even(6, 0)));
        assert!(!ceiling.admits(even(6, 2)));
        // A day's watch filled by an officer ahead: taken.
        assert!(ceiling.admits(even(7, 2)));
        ceiling.take(even(7, 2));
        // Emptied again and given to another officer ahead: held to the
        // level the search had with six watches.
        assert!(!ceiling.admits(even(6, 4)));
        assert!(ceiling.admits(even(7, 2)));
        ceiling.take(even(7, 0));
        assert!(!ceiling.admits(even(7, 2)));
    }
}
