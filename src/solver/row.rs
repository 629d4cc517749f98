//! Re-plans a stretch of one officer's days at once: a dynamic programme
//! over the days, whose state is the duty of the day before, the lengths
//! of the current stretch of work and of rest, and the weekends begun. It
//! sees what one cell at a time cannot: a minimum of hours over the
//! reference period that needs a whole stretch laid out anew, kept within
//! the rules on days in a row, days off, successions, rest and weekends.
//! The programme's costs are the cover, the cell's own costs and those run
//! rules; hours over the period and shifts taken more often than allowed
//! enter as prices, raised until they fit. Whatever it proposes is scored
//! exactly by the state, and the search accepts or rejects it like any
//! other move: the programme proposes, the score decides. It reads the
//! state and changes cells through it, nothing else.

use super::problem::{Code, Problem};
use super::score::Score;
use super::state::State;
use crate::model::Constraint as C;

/// A hard penalty of one outweighs any soft sum in the programme's single
/// number.
const HARD: i64 = 1 << 36;
/// Soft penalties are scaled up so that a price per minute can be finer
/// than a soft point per minute.
const SOFT: i64 = 1 << 10;
/// The first price of a shift taken too often: a few soft points.
const FIRST_SHIFT_PRICE: i64 = 32 * SOFT;
/// Rounds of raising the price of shifts taken too often.
const SHIFT_PRICE_ROUNDS: usize = 6;
/// The first price per minute tried: about a soft point an hour.
const FIRST_PRICE: i64 = 16;
/// Longest run (work or rest) the programme counts exactly; longer runs
/// are judged by the exact score alone.
const RUN_CAP: i64 = 62;
/// How fast the price of a minute grows until the hours fit.
const PRICE_GROWTH: i64 = 4;
/// Bisection steps on the price of a minute.
const PRICE_STEPS: usize = 8;

/// A day's share of the price of a minute, in 1024ths: from 1 to 1.25,
/// varying from day to day. With days of equal worth (the same cover
/// short every day), one price would make every shift worth taking or
/// none; slightly different prices let the hours fall between.
fn day_weight(d: usize) -> i64 {
    1024 + ((d as u64).wrapping_mul(2_654_435_761) >> 7) as i64 % 256
}

/// The programme's single number for a score: hard first.
fn scalar(score: Score) -> i64 {
    score
        .hard
        .saturating_mul(HARD)
        .saturating_add(score.soft.saturating_mul(SOFT))
}

/// One officer's stretch `[a, b)` and the rules the programme keeps.
struct Stretch<'a> {
    p: &'a Problem,
    s: usize,
    a: usize,
    b: usize,
    /// Per day of the stretch, per duty: the cost of that duty there
    /// (`i64::MAX` when it may not go there).
    cost: Vec<i64>,
    /// Caps on the run lengths counted.
    work_cap: i64,
    rest_cap: i64,
    /// Weekends the stretch may begin before the weekend rule breaks, and
    /// the cap on those counted (one more); not counted when the stretch
    /// holds no more weekends than that.
    weekends_allowed: i64,
    count_weekends: bool,
    /// Per shift: how many more of it the reference period allows (`None`
    /// when unlimited), and the price per shift the programme has learnt
    /// keeps it within that.
    shifts_allowed: Vec<Option<i64>>,
    shift_price: std::cell::RefCell<Vec<i64>>,
    /// The programme's back pointers, kept between solves.
    back: std::cell::RefCell<Vec<u32>>,
    /// Transitions weighed so far: the programme's cost, which the search
    /// budgets.
    work: std::cell::Cell<u64>,
    /// Where the stretch starts from: the day before.
    start: Node,
    /// The day after the stretch, and how long its stretch of work is.
    next: Option<(Code, i64)>,
}

/// The programme's state at the end of a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Node {
    code: Code,
    /// Days in a row worked, up to the cap (0 when off).
    work: i64,
    /// Days in a row off, up to the cap; at the cap when the break is long
    /// enough, holds leave, or no work came before it.
    rest: i64,
    /// The stretch of work began on the first day of the period, which the
    /// minimum stretch does not hold.
    from_start: bool,
    /// Weekends begun in the stretch, up to the cap.
    weekends: i64,
}

impl Stretch<'_> {
    /// A node's place in the programme's tables: a working node by its
    /// duty and days worked, an off node by its days off; then whether the
    /// stretch began on the first day (only when that can matter) and the
    /// weekends begun.
    fn index(&self, n: Node) -> usize {
        let work_cap = self.work_cap as usize;
        let run = if n.code == self.p.off {
            (self.p.n_duties - 1) * work_cap + n.rest as usize
        } else {
            usize::from(n.code) * work_cap + n.work as usize - 1
        };
        (run * self.start_slots() + usize::from(n.from_start)) * self.weekend_slots()
            + n.weekends as usize
    }

    fn n_nodes(&self) -> usize {
        ((self.p.n_duties - 1) * self.work_cap as usize + self.rest_cap as usize + 1)
            * self.start_slots()
            * self.weekend_slots()
    }

    /// Whether a stretch of work begun on the first day is told apart:
    /// only when the minimum stretch holds and such a stretch can be in
    /// the programme.
    fn start_slots(&self) -> usize {
        if self.p.min_consecutive[self.s] > 1 && (self.a == 0 || self.start.from_start) {
            2
        } else {
            1
        }
    }

    fn weekend_slots(&self) -> usize {
        if self.count_weekends {
            (self.weekends_allowed + 2) as usize
        } else {
            1
        }
    }

    /// The run rules' cost of going from `n` (day `d - 1`) to `code` on
    /// day `d`, and the node reached.
    fn step(&self, n: Node, d: usize, code: Code) -> (i64, Node) {
        let p = self.p;
        let s = self.s;
        let mut cost = 0;
        if code == p.off {
            if n.code != p.off && !n.from_start && n.work < p.min_consecutive[s] {
                cost += (p.min_consecutive[s] - n.work) * p.w(C::MinConsecutiveDays);
            }
            let rest = if p.on_leave[s * p.n_days + d] {
                self.rest_cap
            } else if n.code == p.off {
                (n.rest + 1).min(self.rest_cap)
            } else {
                1.min(self.rest_cap)
            };
            let node = Node {
                code,
                work: 0,
                rest,
                from_start: false,
                weekends: n.weekends,
            };
            return (cost * HARD, node);
        }
        if n.code == p.off {
            if n.rest < self.rest_cap {
                cost += (p.min_days_off[s] - n.rest).max(0) * p.w(C::MinConsecutiveDaysOff);
            }
        } else if d > 0 {
            cost += self.joint_cost(d - 1, n.code, d, code);
        }
        let work = n.work + 1;
        if work > p.max_consecutive[s] {
            cost += p.w(C::MaxConsecutiveDays);
        }
        // A weekend begins on its first day worked: the day before is no
        // worked day of the same weekend.
        let mut weekends = n.weekends;
        let same_weekend = d > 0 && p.weekend[d - 1] && (d - 1) / 7 == d / 7 && n.code != p.off;
        if self.count_weekends && p.weekend[d] && !same_weekend {
            if weekends >= self.weekends_allowed {
                cost += p.w(C::MaxWeekends);
            }
            weekends = (weekends + 1).min(self.weekends_allowed + 1);
        }
        let node = Node {
            code,
            work: work.min(self.work_cap),
            rest: 0,
            from_start: self.start_slots() == 2
                && if n.code == p.off {
                    d == 0
                } else {
                    n.from_start
                },
            weekends,
        };
        (cost * HARD, node)
    }

    /// Rest and succession penalties between two working days in a row.
    fn joint_cost(&self, d1: usize, a: Code, d2: usize, b: Code) -> i64 {
        let p = self.p;
        let mut cost = 0;
        let (ai, bi) = (usize::from(a), usize::from(b));
        if p.start[d2 * p.n_duties + bi] - p.end[d1 * p.n_duties + ai] < p.min_rest[self.s] {
            cost += p.w(C::MinRest);
        }
        if p.forbidden_next[ai * p.n_duties + bi] {
            cost += p.w(C::Succession);
        }
        cost
    }

    /// What ending the stretch in node `n` costs against the day after it.
    fn end_cost(&self, n: Node) -> i64 {
        let p = self.p;
        let s = self.s;
        let Some((next, next_work)) = self.next else {
            return 0;
        };
        let mut cost = 0;
        match (n.code == p.off, next == p.off) {
            (false, false) => {
                cost += self.joint_cost(self.b - 1, n.code, self.b, next);
                let max = p.max_consecutive[s];
                cost += ((n.work + next_work - max).max(0) - (n.work - max).max(0))
                    * p.w(C::MaxConsecutiveDays);
            }
            (false, true) => {
                if !n.from_start && n.work < p.min_consecutive[s] {
                    cost += (p.min_consecutive[s] - n.work) * p.w(C::MinConsecutiveDays);
                }
            }
            (true, false) => {
                if n.rest < self.rest_cap {
                    cost += (p.min_days_off[s] - n.rest).max(0) * p.w(C::MinConsecutiveDaysOff);
                }
            }
            (true, true) => {}
        }
        cost * HARD
    }

    /// The cheapest duties with each minute priced at `price`, and the
    /// minutes they hold; a shift taken more often than the reference
    /// period allows gets dearer, round by round, until it fits.
    fn solve(&self, price: i64) -> Option<(Vec<Code>, i64)> {
        let p = self.p;
        let mut found = None;
        for _ in 0..SHIFT_PRICE_ROUNDS {
            let (row, minutes) = self.solve_once(price)?;
            let mut counts = vec![0i64; p.n_shifts];
            for (d, &code) in (self.a..self.b).zip(&row) {
                if code < p.chief && !p.pinned[self.s * p.n_days + d] {
                    counts[usize::from(code)] += 1;
                }
            }
            let mut prices = self.shift_price.borrow_mut();
            let mut over = false;
            for (sh, allowed) in self.shifts_allowed.iter().enumerate() {
                if allowed.is_some_and(|max| counts[sh] > max) {
                    prices[sh] = (prices[sh] * 4).max(FIRST_SHIFT_PRICE);
                    over = true;
                }
            }
            found = Some((row, minutes));
            if !over {
                break;
            }
        }
        found
    }

    fn solve_once(&self, price: i64) -> Option<(Vec<Code>, i64)> {
        let p = self.p;
        let shift_price = self.shift_price.borrow();
        let len = self.b - self.a;
        let n_nodes = self.n_nodes();
        let mut best = vec![i64::MAX; n_nodes];
        let mut next = vec![i64::MAX; n_nodes];
        let mut nodes = vec![self.start; n_nodes];
        // back[day * n_nodes + node] = node index of the day before; only
        // entries of nodes reached are ever read.
        let mut back = self.back.borrow_mut();
        back.resize(len * n_nodes, 0);
        let start = self.index(self.start);
        best[start] = 0;
        nodes[start] = self.start;
        let mut live = vec![start];
        let mut reached = Vec::new();
        for i in 0..len {
            let d = self.a + i;
            next.fill(i64::MAX);
            reached.clear();
            self.work
                .set(self.work.get() + (live.len() * p.n_duties) as u64);
            for &from in &live {
                let n = nodes[from];
                let base = best[from];
                for code in 0..p.n_duties as Code {
                    let cell = self.cost[i * p.n_duties + usize::from(code)];
                    if cell == i64::MAX {
                        continue;
                    }
                    let (run, node) = self.step(n, d, code);
                    let total = base
                        .saturating_add(cell)
                        .saturating_add(run)
                        .saturating_add(
                            price * p.minutes[d * p.n_duties + usize::from(code)] * day_weight(d)
                                / 1024,
                        )
                        .saturating_add(shift_price.get(usize::from(code)).copied().unwrap_or(0));
                    let to = self.index(node);
                    if total < next[to] {
                        if next[to] == i64::MAX {
                            reached.push(to);
                        }
                        next[to] = total;
                        back[i * n_nodes + to] = from as u32;
                        nodes[to] = node;
                    }
                }
            }
            std::mem::swap(&mut best, &mut next);
            std::mem::swap(&mut live, &mut reached);
        }
        let last = live
            .iter()
            .copied()
            .min_by_key(|&k| best[k].saturating_add(self.end_cost(nodes[k])))?;
        let mut row = vec![p.off; len];
        let mut at = last;
        for i in (0..len).rev() {
            row[i] = nodes[at].code;
            at = back[i * n_nodes + at] as usize;
        }
        // Pinned days are already counted in the state's hours.
        let minutes = (self.a..self.b)
            .zip(&row)
            .filter(|&(d, _)| !p.pinned[self.s * p.n_days + d])
            .map(|(d, &c)| p.minutes[d * p.n_duties + usize::from(c)])
            .sum();
        Some((row, minutes))
    }
}

/// Re-plans officer `s`'s days `[a, b)` (pinned days stay): clears them,
/// solves the programme at the price of a minute that keeps the
/// officer's hours over the reference period within its limits (or at
/// no price when they are), applies the best proposal by the exact score
/// and returns the change of score, recording how to undo it. `None`
/// when every day of the stretch is pinned. Adds the transitions the
/// programme weighed to `work`.
pub fn replan(
    state: &mut State,
    s: usize,
    a: usize,
    b: usize,
    work: &mut u64,
    undo: &mut Vec<(usize, usize, Code)>,
) -> Option<Score> {
    let p = state.problem();
    let pinned = |d: usize| p.pinned[s * p.n_days + d];
    if (a..b).all(pinned) {
        return None;
    }
    let mut total = clear(state, s, a, b, undo);
    let stretch = Stretch::new(state, s, a, b);
    let mut proposals: Vec<Vec<Code>> = Vec::with_capacity(2);
    if let Some((plain, minutes)) = stretch.solve(0) {
        let (lo, hi) = minutes_wanted(state, s, a, b);
        if minutes < lo || minutes > hi {
            let reward = minutes < lo;
            let fits = |m: i64| if reward { m >= lo } else { m <= hi };
            let priced = |price: i64| stretch.solve(if reward { -price } else { price });
            // The smallest price that brings the hours within the limits:
            // doubling until one does, then halving the gap.
            let mut cheap = 0;
            let mut dear = None;
            let mut price = FIRST_PRICE;
            while price <= minute_price_ceiling(p) {
                match priced(price) {
                    Some((row, m)) if fits(m) => {
                        dear = Some((price, row));
                        break;
                    }
                    Some(_) => cheap = price,
                    None => break,
                }
                price *= PRICE_GROWTH;
            }
            if let Some((mut high, mut row)) = dear {
                for _ in 0..PRICE_STEPS {
                    let mid = (cheap + high) / 2;
                    if mid == cheap {
                        break;
                    }
                    match priced(mid) {
                        Some((r, m)) if fits(m) => {
                            high = mid;
                            row = r;
                        }
                        _ => cheap = mid,
                    }
                }
                proposals.push(row);
            }
        }
        proposals.push(plain);
    }
    *work += stretch.work.get();
    // The exact score chooses among the proposals.
    let mut best: Option<(Score, usize)> = None;
    let mut trial = Vec::new();
    for (k, proposal) in proposals.iter().enumerate() {
        trial.clear();
        let delta = put_row(state, s, a, proposal, &mut trial);
        for &(s2, d2, old) in trial.iter().rev() {
            state.change(s2, d2, old);
        }
        if best.is_none_or(|(b, _)| delta < b) {
            best = Some((delta, k));
        }
    }
    if let Some((_, k)) = best {
        total += put_row(state, s, a, &proposals[k], undo);
    }
    Some(total)
}

/// Sets officer `s`'s days `a..b` off (pinned days stay), recording how
/// to undo it: the blank a row is laid out on, one officer or several.
pub fn clear(
    state: &mut State,
    s: usize,
    a: usize,
    b: usize,
    undo: &mut Vec<(usize, usize, Code)>,
) -> Score {
    let p = state.problem();
    let mut delta = Score::ZERO;
    for d in a..b {
        let old = state.get(s, d);
        if !p.pinned[s * p.n_days + d] && old != p.off {
            undo.push((s, d, old));
            delta += state.change(s, d, p.off);
        }
    }
    delta
}

/// Puts `row` on officer `s`'s days from `a` (pinned days stay).
fn put_row(
    state: &mut State,
    s: usize,
    a: usize,
    row: &[Code],
    undo: &mut Vec<(usize, usize, Code)>,
) -> Score {
    let p = state.problem();
    let mut delta = Score::ZERO;
    for (i, &code) in row.iter().enumerate() {
        let d = a + i;
        let old = state.get(s, d);
        if !p.pinned[s * p.n_days + d] && old != code {
            undo.push((s, d, old));
            delta += state.change(s, d, code);
        }
    }
    delta
}

/// The highest price per minute: the longest shift's minutes at that
/// price still weigh less than breaking any rule on the officer's row, so
/// the programme never buys hours with a broken rule (the exact score
/// would often take that trade, one rule for many hours, and leave the
/// search a row to mend).
fn minute_price_ceiling(p: &Problem) -> i64 {
    let rules = [
        C::MinRest,
        C::Succession,
        C::MaxConsecutiveDays,
        C::MinConsecutiveDays,
        C::MinConsecutiveDaysOff,
        C::MaxWeekends,
    ];
    let cheapest = rules
        .iter()
        .map(|&c| p.w(c))
        .filter(|&w| w > 0)
        .min()
        .unwrap_or(1);
    let longest = p.minutes.iter().copied().max().unwrap_or(60).max(1);
    cheapest * HARD / longest / 2
}

/// Minutes the stretch `[a, b)` of officer `s` (now cleared) may hold
/// so that every reference window it lies in stays within its limits.
fn minutes_wanted(state: &State, s: usize, a: usize, b: usize) -> (i64, i64) {
    let p = state.problem();
    let (mut lo, mut hi) = (i64::MIN, i64::MAX);
    for k in p.reference_windows[s].of_days(a, b) {
        let other = state.reference_minutes_of(k);
        if let Some(min) = p.min_reference_minutes[s] {
            lo = lo.max(min - other);
        }
        if let Some(max) = p.max_reference_minutes[s] {
            hi = hi.min(max - other);
        }
    }
    (lo, hi.max(lo))
}

impl<'a> Stretch<'a> {
    /// The programme for officer `s`'s days `[a, b)`, which are off.
    fn new(state: &State<'a>, s: usize, a: usize, b: usize) -> Stretch<'a> {
        let p = state.problem();
        let max = p.max_consecutive[s];
        let work_cap = if max < RUN_CAP {
            max.max(p.min_consecutive[s]) + 1
        } else {
            p.min_consecutive[s].clamp(1, RUN_CAP)
        };
        let rest_cap = p.min_days_off[s].clamp(0, RUN_CAP);
        let mut cost = vec![i64::MAX; (b - a) * p.n_duties];
        for d in a..b {
            let cell = s * p.n_days + d;
            let costs = &mut cost[(d - a) * p.n_duties..(d - a + 1) * p.n_duties];
            if p.pinned[cell] {
                costs[usize::from(state.get(s, d))] = 0;
                continue;
            }
            for &code in &p.domain[cell] {
                costs[usize::from(code)] = if code == p.off {
                    0
                } else {
                    scalar(state.placement_cost(s, d, code))
                };
            }
        }
        let works = |d: usize| state.get(s, d) != p.off;
        let start = if a == 0 {
            Node {
                code: p.off,
                work: 0,
                rest: rest_cap,
                from_start: false,
                weekends: 0,
            }
        } else if works(a - 1) {
            let first = (0..a)
                .rev()
                .take_while(|&d| works(d))
                .last()
                .unwrap_or(a - 1);
            Node {
                code: state.get(s, a - 1),
                work: ((a - first) as i64).min(work_cap),
                rest: 0,
                from_start: first == 0 && p.min_consecutive[s] > 1,
                weekends: 0,
            }
        } else {
            let first = (0..a)
                .rev()
                .take_while(|&d| !works(d))
                .last()
                .unwrap_or(a - 1);
            let excused = first == 0 || (first..a).any(|d| p.on_leave[s * p.n_days + d]);
            Node {
                code: p.off,
                work: 0,
                rest: if excused {
                    rest_cap
                } else {
                    ((a - first) as i64).min(rest_cap)
                },
                from_start: false,
                weekends: 0,
            }
        };
        // The weekends left in the tightest weekend window the stretch
        // lies in, counting those worked outside the stretch.
        let weekends_allowed = p.weekend_windows[s]
            .of_days(a, b)
            .map(|k| p.max_weekends[s] - state.weekends_of(k))
            .min()
            .unwrap_or(0)
            .max(0);
        let weekends_held = (a..b)
            .filter(|&d| p.weekend[d] && !(d > a && p.weekend[d - 1] && (d - 1) / 7 == d / 7))
            .count() as i64;
        let count_weekends = weekends_allowed < weekends_held;
        let reference = p.reference_windows[s].of_days(a, b);
        let shifts_allowed = (0..p.n_shifts)
            .map(|sh| {
                let max = p.max_shift_count[s * p.n_shifts + sh]?;
                reference
                    .clone()
                    .map(|k| max - state.shifts_of(k, sh))
                    .min()
                    .map(|left| left.max(0))
            })
            .collect();
        let next = (b < p.n_days).then(|| {
            let run = (b..p.n_days).take_while(|&d| works(d)).count() as i64;
            (state.get(s, b), run)
        });
        Stretch {
            p,
            s,
            a,
            b,
            cost,
            work_cap,
            rest_cap,
            weekends_allowed,
            count_weekends,
            shifts_allowed,
            shift_price: std::cell::RefCell::new(vec![0; p.n_shifts]),
            back: std::cell::RefCell::new(Vec::new()),
            work: std::cell::Cell::new(0),
            start,
            next,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::shift_scheduling::read_instance;
    use crate::formats::station::to_station;
    use crate::model::Ledger;
    use crate::solver::ScoreTerms;

    /// Three weeks, one 8-hour shift; A must work 12 to 13 shifts, at most
    /// 4 days in a row, at least 2 in a row and 2 days off in a row, at most
    /// 2 weekends; day 10 is a fixed day off. B is free of limits. One
    /// officer wanted every day (100 a day short, 1 a day over).
    const INSTANCE: &str = "SECTION_HORIZON\n21\n\nSECTION_SHIFTS\nD,480,\n\n\
        SECTION_STAFF\nA,D=21,6240,5760,4,2,2,2\nB,D=21,10080,0,21,1,1,3\n\n\
        SECTION_DAYS_OFF\nA,10\n\nSECTION_COVER\n";

    fn problem() -> Problem {
        let cover: String = (0..21).map(|d| format!("{d},D,1,100,1\n")).collect();
        let instance = read_instance(&format!("{INSTANCE}{cover}")).unwrap();
        let (station, period) = to_station(&instance).unwrap();
        Problem::new(&station, period, &Ledger::default(), &ScoreTerms::default())
    }

    #[test]
    fn a_row_laid_out_anew_meets_the_hours_and_breaks_no_rule() {
        let p = problem();
        let mut state = State::new(&p, &vec![p.off; p.n_staff * p.n_days]);
        let short = state.reference_hours_penalty(0);
        assert!(short > 0, "A starts short of hours");
        let before = state.score();
        let (mut work, mut undo) = (0, Vec::new());
        let delta = replan(&mut state, 0, 0, p.n_days, &mut work, &mut undo).unwrap();
        assert_eq!(before + delta, state.score());
        let row: String = (0..p.n_days)
            .map(|d| if state.get(0, d) == p.off { '.' } else { '#' })
            .collect();
        assert_eq!(state.reference_hours_penalty(0), 0, "{row}");
        // Every hard penalty of A's row is gone: what is left is B's.
        let rest = State::new(&p, &{
            let mut cells = state.cells().to_vec();
            cells[..p.n_days].fill(p.off);
            cells
        });
        assert_eq!(state.score().hard, rest.score().hard - short);
        let row: String = (0..p.n_days)
            .map(|d| if state.get(0, d) == p.off { '.' } else { '#' })
            .collect();
        assert_eq!(
            row.chars().nth(10),
            Some('.'),
            "the fixed day off holds: {row}"
        );
        assert!(!row.contains("#####"), "at most 4 in a row: {row}");
        assert!(work > 0);
        // Undoing the recorded changes gives back the start exactly.
        for &(s, d, old) in undo.iter().rev() {
            state.change(s, d, old);
        }
        assert_eq!(state.score(), before);
        assert!(state.cells().iter().all(|&c| c == p.off));
    }

    #[test]
    fn the_programme_prefers_the_days_cover_needs() {
        // B covers the first 10 days; A, re-planned, takes the others.
        let p = problem();
        let mut cells = vec![p.off; p.n_staff * p.n_days];
        for d in 0..10 {
            cells[p.n_days + d] = 0;
        }
        let mut state = State::new(&p, &cells);
        let (mut work, mut undo) = (0, Vec::new());
        replan(&mut state, 0, 0, p.n_days, &mut work, &mut undo).unwrap();
        let doubled = (0..10).filter(|&d| state.get(0, d) != p.off).count();
        let covered = (11..p.n_days).filter(|&d| state.get(0, d) != p.off).count();
        assert!(
            covered > doubled,
            "A works {covered} of the days B leaves and {doubled} of B's"
        );
    }
}
