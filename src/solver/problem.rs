//! The station compiled for search: dense integer indices and flat arrays,
//! so that scoring a move touches a handful of numbers and no strings,
//! dates or maps. Built once per solve from the model; read-only after.

use chrono::Datelike;

use super::ScoreTerms;
use crate::model::eligibility::{may_take, trainee_rule};
use crate::model::fairness::{
    fairness_groups, min_weighted_sum_of_squares, share_weights, unit_groups,
};
use crate::model::ledger::is_birthday;
use crate::model::standing::{target_band_minutes, week_share_minutes, week_target_minutes};
use crate::model::{Category, Constraint, Duty, Ledger, Period, Roster, Station, Want};

/// Fairness measures the solver keeps even: one per [`Category`] (a count
/// each), then [`UNIT_POINTS`].
pub const MEASURES: usize = 5;
/// The measure of a unit's own duty points ([`crate::model::Points::unit_total`]),
/// compared among all officers of a unit.
pub const UNIT_POINTS: usize = 4;

/// A duty as a small integer: shifts are `0..n_shifts`, then the chief
/// watch, then off.
pub type Code = u8;

/// One cover rule in force on one day.
#[derive(Debug, Clone)]
pub struct Req {
    /// Day index.
    pub day: usize,
    /// Index into `Station::cover`; decides who counts.
    pub rule: usize,
    /// Hard minimum.
    pub min: i64,
    /// Soft preferred.
    pub preferred: i64,
    /// On a look-ahead day: the minimum only costs soft `lookahead_cover`.
    pub lookahead: bool,
    /// Soft cost per officer short of `preferred`.
    pub short_cost: i64,
    /// Soft cost per officer above `preferred`.
    pub over_cost: i64,
}

/// Sliding windows of `len` weeks over the period for one officer, at
/// `base` in the state's flat array of window counters; one window over
/// the whole period when it is shorter than `len`.
#[derive(Debug, Clone, Copy)]
pub struct Windows {
    /// Weeks in each window.
    pub len: usize,
    /// Number of windows.
    pub count: usize,
    /// Index of the first window in the flat counter array.
    pub base: usize,
}

impl Windows {
    fn new(len: usize, n_weeks: usize, base: usize) -> Windows {
        if n_weeks >= len {
            Windows {
                len,
                count: n_weeks - len + 1,
                base,
            }
        } else {
            Windows {
                len: n_weeks,
                count: 1,
                base,
            }
        }
    }

    /// Flat indices of the windows holding week `w`.
    pub fn of_week(&self, w: usize) -> std::ops::Range<usize> {
        let lo = (w + 1).saturating_sub(self.len);
        let hi = w.min(self.count - 1);
        self.base + lo..self.base + hi + 1
    }

    /// Flat indices of the windows holding any of days `[a, b)`.
    pub fn of_days(&self, a: usize, b: usize) -> std::ops::Range<usize> {
        self.of_week(a / 7).start..self.of_week((b - 1) / 7).end
    }

    /// Per officer, windows of each officer's length, laid end to end.
    fn per_officer(lengths: impl Iterator<Item = usize>, n_weeks: usize) -> (Vec<Windows>, usize) {
        let mut total = 0;
        let windows = lengths
            .map(|len| {
                let w = Windows::new(len.max(1), n_weeks, total);
                total += w.count;
                w
            })
            .collect();
        (windows, total)
    }
}

/// Everything the search needs, precomputed.
#[derive(Debug, Clone)]
pub struct Problem {
    pub n_staff: usize,
    pub n_days: usize,
    pub n_shifts: usize,
    pub n_duties: usize,
    pub n_weeks: usize,
    pub n_training: usize,
    pub chief: Code,
    pub off: Code,
    /// Weighted hard cost of putting a duty in a cell (absence, eligibility),
    /// indexed `(s * n_days + d) * n_duties + duty`.
    pub cell_hard: Vec<i64>,
    /// Weighted soft cost of a duty in a cell (requests, birthday).
    pub cell_soft: Vec<i64>,
    /// Duties the search may put in each cell (`s * n_days + d`), off included.
    pub domain: Vec<Vec<Code>>,
    /// `cell * n_duties + duty`: the duty is in the cell's domain.
    pub allowed: Vec<bool>,
    /// Per cover rule: the officers who count towards it.
    pub rule_members: Vec<Vec<usize>>,
    /// Officers eligible for the chief watch.
    pub chief_eligible: Vec<usize>,
    /// Cells the search must not change.
    pub pinned: Vec<bool>,
    /// Days with at least one cell the search may change (set by `load`).
    pub open_days: Vec<usize>,
    /// The open days before the look-ahead: what the planner answers for,
    /// where half of all moves go, so a long look-ahead does not starve them.
    pub firm_open_days: Vec<usize>,
    /// Contract minutes of each duty on each day, indexed
    /// `d * n_duties + duty`: its real time ([`crate::model::Duty::minutes`]),
    /// an hour more or less on the nights the clocks change.
    pub minutes: Vec<i64>,
    /// Night shift flag per duty.
    pub night: Vec<bool>,
    /// Real start and end of each duty on each day, in minutes since the
    /// Unix epoch, indexed `d * n_duties + duty`.
    pub start: Vec<i64>,
    pub end: Vec<i64>,
    /// `s * n_days + d`: the officer is away (leave, sickness, a course; a
    /// break holding such a day is not held to the minimum days off).
    pub on_leave: Vec<bool>,
    /// Per officer: contract limits.
    pub min_rest: Vec<i64>,
    pub max_consecutive: Vec<i64>,
    pub min_days_off: Vec<i64>,
    pub max_nights: Vec<i64>,
    pub max_week_minutes: Vec<i64>,
    pub max_weekends: Vec<i64>,
    /// Per officer: minimum working days in a row (edges excepted).
    pub min_consecutive: Vec<i64>,
    /// `a * n_duties + b`: duty `b` may not follow duty `a` the next day.
    pub forbidden_next: Vec<bool>,
    /// True when any succession is forbidden.
    pub has_successions: bool,
    /// Per officer: the weekend rule's windows; and the reference
    /// period's, with the number of windows of each kind in all.
    pub weekend_windows: Vec<Windows>,
    pub n_weekend_windows: usize,
    pub reference_windows: Vec<Windows>,
    pub n_reference_windows: usize,
    /// Per officer: minutes in a reference window (the minimum scaled to
    /// a shorter period); `None` when the contract sets no limit.
    pub max_reference_minutes: Vec<Option<i64>>,
    pub min_reference_minutes: Vec<Option<i64>>,
    /// Some officer has hours to keep within over a reference period.
    pub has_reference_hours: bool,
    /// `s * n_shifts + shift`: the most of that shift in a reference window.
    pub max_shift_count: Vec<Option<i64>>,
    /// The station keeps a chief watch.
    pub chief_required: bool,
    /// Per officer and week (`s * n_weeks + w`): targets scaled by leave.
    pub target_week_minutes: Vec<i64>,
    pub min_week_minutes: Vec<i64>,
    /// Per officer: minutes either side of a week's target still near it.
    pub target_band_minutes: Vec<i64>,
    /// Per day.
    pub weekend: Vec<bool>,
    /// `s * n_weeks + w`: the officer is at work (not away) both days of
    /// week `w`'s weekend, so working one of them alone is a split weekend.
    pub whole_weekend: Vec<bool>,
    /// Cover rules in force, and for each `d * n_shifts + shift` the ones
    /// that shift's head count feeds.
    pub reqs: Vec<Req>,
    pub reqs_of: Vec<Vec<usize>>,
    /// `rule * n_staff + s`: officer counts towards the cover rule.
    pub counts_for: Vec<bool>,
    /// `s * n_shifts + shift`: the cross-training rule under which the
    /// officer works that shift as a trainee.
    pub trainee: Vec<Option<usize>>,
    /// `s * n_shifts + shift`: bit r set when the officer mentors rule r.
    pub mentor: Vec<u32>,
    /// `s * n_training + r`: cross-training shifts rule `r` asks of the
    /// officer per window (0 when they are not its trainee).
    pub quota_count: Vec<u32>,
    /// Per training rule: its window in weeks.
    pub quota_per_weeks: Vec<u32>,
    /// Weeks whose quota windows are judged: those before the look-ahead.
    pub counted_weeks: usize,
    pub min_days_between_chief: i64,
    /// `d * n_duties + duty`: bit per [`Category`] the duty counts in.
    pub category_mask: Vec<u8>,
    /// Per category mask (see `category_mask`): the unit points a duty
    /// counting in those categories earns.
    pub mask_points: [i64; 16],
    /// `measure * n_staff + s` (see [`MEASURES`]): fairness group, and the
    /// ledger's count (points for [`UNIT_POINTS`]).
    pub group_of: Vec<Option<usize>>,
    pub history: Vec<i64>,
    /// Per officer: how much a duty weighs in the fairness measure
    /// ([`crate::model::fairness::share_weights`]).
    pub share_weight: Vec<i64>,
    /// Per measure and group: the fairness floor for every total the group
    /// can reach ([`crate::model::fairness::min_weighted_sum_of_squares`]).
    pub fair_floor: Vec<Vec<Vec<i64>>>,
    /// Weight per constraint.
    pub weight: Vec<i64>,
    /// First day of the unsaved look-ahead (`n_days` when none).
    pub lookahead_from: usize,
}

impl Problem {
    /// Compiles a station for the given period and fairness history. With a
    /// `baseline` (re-planning a published roster), every cell that differs
    /// from it costs the `stability` weight.
    pub fn new(station: &Station, period: Period, ledger: &Ledger, terms: &ScoreTerms) -> Self {
        let baseline = terms.baseline;
        let lookahead_from = terms.lookahead_from.unwrap_or(usize::MAX);
        let n_staff = station.staff.len();
        let n_days = period.len_days();
        let n_shifts = station.shifts.len();
        let n_duties = n_shifts + 2;
        let n_weeks = period.weeks as usize;
        let n_training = station.cross_training.len();
        let counted_weeks = n_weeks.min(lookahead_from / 7);
        assert!(n_training <= 32, "at most 32 cross-training rules");
        let chief = n_shifts as Code;
        let off = chief + 1;
        let weight: Vec<i64> = Constraint::ALL
            .iter()
            .map(|&c| station.weights.get(c))
            .collect();
        let f = Frame {
            station,
            dates: period.dates().collect(),
            n_staff,
            n_days,
            n_shifts,
            n_duties,
            n_weeks,
            weight,
            lookahead_from,
            weekend_until: terms.weekend_counted_days(n_days),
        };
        let duty_of = |code: usize| f.duty_of(code);
        let (trainee, mentor) = training(&f);
        let mut costs = cell_costs(&f);
        if let Some(baseline) = baseline {
            add_stability(&f, &mut costs, baseline);
        }
        add_requests(&f, &mut costs);
        let CellCosts {
            on_leave: on_leave_cells,
            cell_hard,
            cell_soft,
            domain,
        } = costs;
        let (start, end, category_mask) = duty_times(&f);
        let (target_week_minutes, min_week_minutes) = week_targets(&f);
        let contract = |s: usize| &station.contracts[station.staff[s].contract];
        let (weekend_windows, n_weekend_windows) = Windows::per_officer(
            (0..n_staff).map(|s| contract(s).weekend_window_weeks as usize),
            n_weeks,
        );
        let (reference_windows, n_reference_windows) = Windows::per_officer(
            (0..n_staff).map(|s| contract(s).reference_weeks as usize),
            n_weeks,
        );
        let limits = reference_limits(&f, &reference_windows);
        let forbidden_next = successions(&f);
        let (reqs, reqs_of, counts_for) = cover_requirements(&f);
        let quota_count = quota(&f);
        let mask_points = mask_points(&station.points);
        let FairnessTables {
            group_of,
            history,
            share_weight,
            fair_floor,
        } = fairness_tables(
            &f,
            ledger,
            &terms.presence(station, ledger, &f.dates),
            &mask_points,
        );
        let dates = &f.dates;

        let mut allowed = vec![false; n_staff * n_days * n_duties];
        for (cell, codes) in domain.iter().enumerate() {
            for &code in codes {
                allowed[cell * n_duties + usize::from(code)] = true;
            }
        }
        let rule_members = (0..station.cover.len())
            .map(|r| {
                (0..n_staff)
                    .filter(|&s| counts_for[r * n_staff + s])
                    .collect()
            })
            .collect();
        let chief_eligible = (0..n_staff)
            .filter(|&s| station.is_chief_eligible(s))
            .collect();

        Problem {
            allowed,
            rule_members,
            chief_eligible,
            n_staff,
            n_days,
            n_shifts,
            n_duties,
            n_weeks,
            n_training,
            chief,
            off,
            cell_hard,
            cell_soft,
            domain,
            pinned: vec![false; n_staff * n_days],
            open_days: (0..n_days).collect(),
            firm_open_days: (0..n_days.min(lookahead_from)).collect(),
            minutes: end.iter().zip(&start).map(|(e, s)| e - s).collect(),
            night: (0..n_duties)
                .map(|c| duty_of(c).is_night(station))
                .collect(),
            start,
            end,
            on_leave: on_leave_cells,
            min_rest: (0..n_staff)
                .map(|s| i64::from(contract(s).min_rest_hours) * 60)
                .collect(),
            max_consecutive: (0..n_staff)
                .map(|s| i64::from(contract(s).max_consecutive_days))
                .collect(),
            min_days_off: (0..n_staff)
                .map(|s| i64::from(contract(s).min_consecutive_days_off))
                .collect(),
            max_nights: (0..n_staff)
                .map(|s| i64::from(contract(s).max_nights_in_row))
                .collect(),
            max_week_minutes: (0..n_staff)
                .map(|s| (contract(s).max_hours_week * 60.0).round() as i64)
                .collect(),
            max_weekends: (0..n_staff)
                .map(|s| i64::from(contract(s).max_weekends))
                .collect(),
            min_consecutive: (0..n_staff)
                .map(|s| i64::from(contract(s).min_consecutive_days))
                .collect(),
            has_successions: forbidden_next.iter().any(|&f| f),
            forbidden_next,
            weekend_windows,
            n_weekend_windows,
            reference_windows,
            n_reference_windows,
            has_reference_hours: limits
                .max_minutes
                .iter()
                .chain(&limits.min_minutes)
                .any(Option::is_some),
            max_reference_minutes: limits.max_minutes,
            min_reference_minutes: limits.min_minutes,
            max_shift_count: limits.max_shifts,
            chief_required: station.chief_watch.required,
            target_week_minutes,
            min_week_minutes,
            target_band_minutes: (0..n_staff)
                .map(|s| target_band_minutes(contract(s)))
                .collect(),
            weekend: dates
                .iter()
                .map(|d| d.weekday().number_from_monday() >= 6)
                .collect(),
            whole_weekend: whole_weekends(&f),
            reqs,
            reqs_of,
            counts_for,
            trainee,
            mentor,
            quota_count,
            quota_per_weeks: station.cross_training.iter().map(|t| t.per_weeks).collect(),
            counted_weeks,
            min_days_between_chief: i64::from(station.chief_watch.min_days_between),
            category_mask,
            mask_points,
            group_of,
            history,
            share_weight,
            fair_floor,
            weight: f.weight.clone(),
            lookahead_from: lookahead_from.min(n_days),
        }
    }

    /// The weight of a constraint.
    pub fn w(&self, c: Constraint) -> i64 {
        self.weight[c.index()]
    }

    /// True when the search may put `code` in cell (s, d).
    pub fn may(&self, s: usize, d: usize, code: Code) -> bool {
        let cell = s * self.n_days + d;
        !self.pinned[cell] && self.allowed[cell * self.n_duties + usize::from(code)]
    }

    /// Converts a model duty to its code.
    pub fn code_of(&self, duty: Duty) -> Code {
        match duty {
            Duty::Off => self.off,
            Duty::Shift(s) => s as Code,
            Duty::Chief => self.chief,
        }
    }

    /// Converts a code back to a model duty.
    pub fn duty_of(&self, code: Code) -> Duty {
        match code {
            c if c == self.off => Duty::Off,
            c if c == self.chief => Duty::Chief,
            c => Duty::Shift(usize::from(c)),
        }
    }

    /// Cell codes of a roster, and its pins copied into the problem.
    pub fn load(&mut self, roster: &Roster) -> Vec<Code> {
        let mut cells = vec![self.off; self.n_staff * self.n_days];
        for s in 0..self.n_staff {
            for d in 0..self.n_days {
                cells[s * self.n_days + d] = self.code_of(roster.get(s, d));
                self.pinned[s * self.n_days + d] = roster.is_pinned(s, d);
            }
        }
        self.open_days = (0..self.n_days)
            .filter(|&d| (0..self.n_staff).any(|s| !self.pinned[s * self.n_days + d]))
            .collect();
        self.firm_open_days = self
            .open_days
            .iter()
            .copied()
            .filter(|&d| d < self.lookahead_from)
            .collect();
        cells
    }
}

/// What every part of compiling a station needs: the station, the days,
/// the sizes and the weights.
struct Frame<'a> {
    station: &'a Station,
    dates: Vec<chrono::NaiveDate>,
    n_staff: usize,
    n_days: usize,
    n_shifts: usize,
    n_duties: usize,
    n_weeks: usize,
    weight: Vec<i64>,
    lookahead_from: usize,
    /// [`ScoreTerms::weekend_counted_days`].
    weekend_until: usize,
}

impl Frame<'_> {
    fn w(&self, c: Constraint) -> i64 {
        self.weight[c.index()]
    }

    fn duty_of(&self, code: usize) -> Duty {
        match code {
            c if c < self.n_shifts => Duty::Shift(c),
            c if c == self.n_shifts => Duty::Chief,
            _ => Duty::Off,
        }
    }
}

/// Per-cell costs and domains, built in steps.
struct CellCosts {
    on_leave: Vec<bool>,
    cell_hard: Vec<i64>,
    cell_soft: Vec<i64>,
    domain: Vec<Vec<Code>>,
}

/// Start, end and fairness mask of each duty on each day.
type DutyTimes = (Vec<i64>, Vec<i64>, Vec<u8>);
/// Cover rules in force, the rules each head count feeds, who counts.
type CoverTables = (Vec<Req>, Vec<Vec<usize>>, Vec<bool>);
/// Fairness group of each officer, their history, the groups' sizes.
/// What [`fairness_tables`] compiles; see the fields of [`Problem`].
struct FairnessTables {
    group_of: Vec<Option<usize>>,
    history: Vec<i64>,
    share_weight: Vec<i64>,
    fair_floor: Vec<Vec<Vec<i64>>>,
}

/// Per officer and shift: the cross-training rule they work it under as a
/// trainee, and the rules they mentor on it (a bit each).
fn training(f: &Frame) -> (Vec<Option<usize>>, Vec<u32>) {
    let Frame {
        station,
        n_staff,
        n_shifts,
        ..
    } = *f;
    let mut trainee = vec![None; n_staff * n_shifts];
    let mut mentor = vec![0u32; n_staff * n_shifts];
    for s in 0..n_staff {
        let officer = &station.staff[s];
        for sh in 0..n_shifts {
            trainee[s * n_shifts + sh] = trainee_rule(station, s, sh);
            for (r, t) in station.cross_training.iter().enumerate() {
                let is_mentor = officer.unit == t.to_unit
                    && t.shifts.contains(&sh)
                    && station.can_work(s, sh)
                    && t.mentor_skill.is_none_or(|k| officer.skills.contains(k));
                if is_mentor {
                    mentor[s * n_shifts + sh] |= 1 << r;
                }
            }
        }
    }
    (trainee, mentor)
}

/// Per cell and duty: the hard and soft cost of putting it there
/// (eligibility, absence, birthday), and the duties the search may use.
fn cell_costs(f: &Frame) -> CellCosts {
    let Frame {
        station,
        n_staff,
        n_days,
        n_duties,
        ..
    } = *f;
    let dates = &f.dates;
    let w = |c: Constraint| f.w(c);
    let duty_of = |code: usize| f.duty_of(code);
    let mut on_leave_cells = vec![false; n_staff * n_days];
    let mut cell_hard = vec![0; n_staff * n_days * n_duties];
    let mut cell_soft = vec![0; n_staff * n_days * n_duties];
    let mut domain = vec![Vec::new(); n_staff * n_days];
    let calendar = station.leave_calendar();
    for s in 0..n_staff {
        for (d, &date) in dates.iter().enumerate() {
            let on_leave = calendar.on(s, date).is_some();
            on_leave_cells[s * n_days + d] = calendar.away(s, date);
            let birthday = is_birthday(station, s, date);
            for code in 0..n_duties {
                let duty = duty_of(code);
                let i = (s * n_days + d) * n_duties + code;
                let eligible = may_take(station, s, duty).is_ok();
                if !eligible {
                    cell_hard[i] += w(Constraint::Eligibility);
                }
                if on_leave && duty.is_working() {
                    cell_hard[i] += w(Constraint::Absence);
                }
                if birthday && duty.is_working() {
                    cell_soft[i] += w(Constraint::BirthdayOff);
                }
                // A shift the contract allows none of is never tried.
                let forbidden = code < f.n_shifts
                    && station.contracts[station.staff[s].contract].max_of_shift(code) == Some(0);
                if eligible && !(on_leave && duty.is_working()) && !forbidden {
                    domain[s * n_days + d].push(code as Code);
                }
            }
        }
    }
    CellCosts {
        on_leave: on_leave_cells,
        cell_hard,
        cell_soft,
        domain,
    }
}

/// Re-planning: every cell changed from the baseline costs `stability`.
fn add_stability(f: &Frame, costs: &mut CellCosts, baseline: &Roster) {
    let Frame {
        n_staff,
        n_days,
        n_duties,
        ..
    } = *f;
    let w = |c: Constraint| f.w(c);
    let duty_of = |code: usize| f.duty_of(code);
    let cell_soft = &mut costs.cell_soft;
    for s in 0..n_staff {
        for d in 0..n_days {
            let was = baseline.get(s, d);
            for code in 0..n_duties {
                if duty_of(code) != was {
                    cell_soft[(s * n_days + d) * n_duties + code] += w(Constraint::Stability);
                }
            }
        }
    }
}

/// Officers' requests, as soft costs of the duties that break them.
fn add_requests(f: &Frame, costs: &mut CellCosts) {
    let Frame {
        station,
        n_days,
        n_duties,
        ..
    } = *f;
    let dates = &f.dates;
    let w = |c: Constraint| f.w(c);
    let duty_of = |code: usize| f.duty_of(code);
    let cell_soft = &mut costs.cell_soft;
    for request in &station.requests {
        let d = (request.date - dates[0]).num_days();
        let Some(d) = usize::try_from(d).ok().filter(|&d| d < n_days) else {
            continue;
        };
        for code in 0..n_duties {
            let duty = duty_of(code);
            let matches = match request.shift {
                Some(sh) => duty == Duty::Shift(sh),
                None => duty.is_working(),
            };
            let broken = match request.want {
                Want::On => !matches,
                Want::Off => matches,
            };
            if broken {
                let i = (request.staff * n_days + d) * n_duties + code;
                cell_soft[i] += w(Constraint::Request) * i64::from(request.weight);
            }
        }
    }
}

/// Real start and end of each duty on each day, and the fairness
/// categories it counts in (on look-ahead days, weekend days up to the
/// end of the weekend rule's cycle only).
fn duty_times(f: &Frame) -> DutyTimes {
    let Frame {
        station,
        n_days,
        n_duties,
        lookahead_from,
        weekend_until,
        ..
    } = *f;
    let dates = &f.dates;
    let duty_of = |code: usize| f.duty_of(code);
    let mut start = vec![0; n_days * n_duties];
    let mut end = vec![0; n_days * n_duties];
    let mut category_mask = vec![0u8; n_days * n_duties];
    for (d, &date) in dates.iter().enumerate() {
        for code in 0..n_duties {
            let duty = duty_of(code);
            if let Some(interval) = duty.interval(station, date) {
                start[d * n_duties + code] = interval.start.timestamp().div_euclid(60);
                end[d * n_duties + code] = interval.end.timestamp().div_euclid(60);
            }
            // Look-ahead days are planned but never kept: they earn no
            // fairness or quota credit, but for weekend days to the end of
            // the weekend rule's cycle (`ScoreTerms::weekend_fair_until`).
            for category in Category::ALL {
                let counted = if category == Category::WeekendDays {
                    weekend_until
                } else {
                    lookahead_from
                };
                if d < counted && category.counts(station, date, duty) {
                    category_mask[d * n_duties + code] |= 1 << category.index();
                }
            }
        }
    }
    (start, end, category_mask)
}

/// The unit points ([`crate::model::Points::unit_total`]) of a duty
/// counting in the categories of each mask.
fn mask_points(points: &crate::model::Points) -> [i64; 16] {
    let mut table = [0; 16];
    for (mask, entry) in table.iter_mut().enumerate() {
        let mut counts = [0; 4];
        for category in Category::ALL {
            counts[category.index()] = u32::from(mask & (1 << category.index()) != 0);
        }
        *entry = i64::from(points.unit_total(counts));
    }
    table
}

/// Per officer and week: present both days of the weekend (see
/// [`Problem::whole_weekend`]).
fn whole_weekends(f: &Frame) -> Vec<bool> {
    let calendar = f.station.leave_calendar();
    let mut whole = vec![false; f.n_staff * f.n_weeks];
    for s in 0..f.n_staff {
        for wk in 0..f.n_weeks {
            whole[s * f.n_weeks + wk] = f.dates[wk * 7 + 5..wk * 7 + 7]
                .iter()
                .all(|&date| !calendar.away(s, date));
        }
    }
    whole
}

/// Per officer and week: target and minimum minutes, scaled by leave.
fn week_targets(f: &Frame) -> (Vec<i64>, Vec<i64>) {
    let Frame {
        station,
        n_staff,
        n_weeks,
        ..
    } = *f;
    let calendar = station.leave_calendar();
    let mut target_week_minutes = vec![0; n_staff * n_weeks];
    let mut min_week_minutes = vec![0; n_staff * n_weeks];
    for s in 0..n_staff {
        for wk in 0..n_weeks {
            let week = || f.dates[wk * 7..wk * 7 + 7].iter().copied();
            target_week_minutes[s * n_weeks + wk] =
                week_target_minutes(station, &calendar, s, week());
            let contract = &station.contracts[station.staff[s].contract];
            min_week_minutes[s * n_weeks + wk] =
                week_share_minutes(contract.min_hours_week, &calendar, s, week());
        }
    }
    (target_week_minutes, min_week_minutes)
}

/// Per officer: the reference period's limits, the minimum scaled when
/// the period is shorter than the reference.
struct ReferenceLimits {
    max_minutes: Vec<Option<i64>>,
    min_minutes: Vec<Option<i64>>,
    max_shifts: Vec<Option<i64>>,
}

fn reference_limits(f: &Frame, windows: &[Windows]) -> ReferenceLimits {
    let Frame {
        station,
        n_staff,
        n_shifts,
        ..
    } = *f;
    let contract = |s: usize| &station.contracts[station.staff[s].contract];
    let mut max_shifts = vec![None; n_staff * n_shifts];
    for s in 0..n_staff {
        for sh in 0..n_shifts {
            max_shifts[s * n_shifts + sh] = contract(s).max_of_shift(sh).map(i64::from);
        }
    }
    ReferenceLimits {
        max_minutes: (0..n_staff)
            .map(|s| contract(s).max_minutes_reference)
            .collect(),
        min_minutes: (0..n_staff)
            .map(|s| {
                let c = contract(s);
                let scale = |m: i64| m * windows[s].len as i64 / i64::from(c.reference_weeks);
                c.min_minutes_reference.map(scale)
            })
            .collect(),
        max_shifts,
    }
}

/// `a * n_duties + b`: duty `b` may not follow duty `a` the next day.
fn successions(f: &Frame) -> Vec<bool> {
    let Frame {
        station, n_duties, ..
    } = *f;
    let mut forbidden = vec![false; n_duties * n_duties];
    for (a, shift) in station.shifts.iter().enumerate() {
        for &b in &shift.not_followed_by {
            forbidden[a * n_duties + b] = true;
        }
    }
    forbidden
}

/// The cover rules in force each day, which head counts feed them, and
/// who counts towards each rule.
fn cover_requirements(f: &Frame) -> CoverTables {
    let Frame {
        station,
        n_staff,
        n_days,
        n_shifts,
        lookahead_from,
        ..
    } = *f;
    let dates = &f.dates;
    let mut reqs = Vec::new();
    let mut reqs_of = vec![Vec::new(); n_days * n_shifts];
    for (d, &date) in dates.iter().enumerate() {
        for index in station.cover_indices_on(date) {
            let rule = &station.cover[index];
            reqs_of[d * n_shifts + rule.shift].push(reqs.len());
            reqs.push(Req {
                day: d,
                rule: index,
                min: i64::from(rule.min),
                preferred: i64::from(rule.preferred),
                lookahead: d >= lookahead_from,
                short_cost: f.w(Constraint::PreferredCover) * i64::from(rule.short_weight),
                over_cost: f.w(Constraint::OverCover) * i64::from(rule.over_weight),
            });
        }
    }
    let mut counts_for = vec![false; station.cover.len() * n_staff];
    for (r, rule) in station.cover.iter().enumerate() {
        for s in 0..n_staff {
            counts_for[r * n_staff + s] = station.counts_for(s, rule);
        }
    }
    (reqs, reqs_of, counts_for)
}

/// Per officer and cross-training rule: shifts asked per window.
fn quota(f: &Frame) -> Vec<u32> {
    let Frame {
        station, n_staff, ..
    } = *f;
    let n_training = station.cross_training.len();
    let mut quota_count = vec![0; n_staff * n_training];
    for s in 0..n_staff {
        for (r, t) in station.cross_training.iter().enumerate() {
            if t.from_unit == station.staff[s].unit {
                quota_count[s * n_training + r] = t.count;
            }
        }
    }
    quota_count
}

/// Per measure: each officer's fairness group and history, and each
/// group's floor up to the most the group can carry (its history and the
/// most a duty a day can earn each).
fn fairness_tables(
    f: &Frame,
    ledger: &Ledger,
    presence: &[f64],
    mask_points: &[i64; 16],
) -> FairnessTables {
    let Frame {
        station,
        n_staff,
        n_days,
        ..
    } = *f;
    let share_weight = share_weights(station, presence);
    let mut group_of = vec![None; MEASURES * n_staff];
    let mut history = vec![0; MEASURES * n_staff];
    let mut fair_floor = Vec::new();
    let most_a_day = mask_points.iter().copied().max().unwrap_or(0);
    for m in 0..MEASURES {
        let (groups, per_day) = match Category::ALL.get(m) {
            Some(&category) => {
                for s in 0..n_staff {
                    history[m * n_staff + s] =
                        i64::from(ledger.get(&station.staff[s].id, category));
                }
                (fairness_groups(station, category), 1)
            }
            None => {
                for s in 0..n_staff {
                    let counts = ledger.counts(&station.staff[s].id);
                    history[m * n_staff + s] = i64::from(station.points.unit_total(counts));
                }
                (unit_groups(station), most_a_day as usize)
            }
        };
        let mut floors = Vec::new();
        for (g, members) in groups.iter().enumerate() {
            for &s in members {
                group_of[m * n_staff + s] = Some(g);
            }
            let past: i64 = members.iter().map(|&s| history[m * n_staff + s]).sum();
            let most = past as usize + n_days * per_day * members.len();
            let weights: Vec<i64> = members.iter().map(|&s| share_weight[s]).collect();
            floors.push(min_weighted_sum_of_squares(&weights, most));
        }
        fair_floor.push(floors);
    }
    FairnessTables {
        group_of,
        history,
        share_weight,
        fair_floor,
    }
}
