//! Where each officer stands: counts, shares, duty points and hours, by
//! contract. Officers on different contracts are compared in proportion
//! to their contract (full-time equivalents, FTE), so a part-timer is set
//! beside the full-timers of the unit instead of beside nobody; officers
//! of different units who share the chief watch are compared on points.
//! Both the `duty fairness` report and the editor's fairness screen read
//! these numbers, so the two never disagree. Pure arithmetic on the
//! ledger: no I/O.

use chrono::{Days, NaiveDate};

use super::calendar::week_monday;
use super::eligibility::trainee_duty_rule;
use super::fairness::{peer_group_label, peer_groups, presence, share_weights, spread_in_duties};
use super::ledger::{Category, Ledger};
use super::roster::{DayMinutes, Roster};
use super::rules::Contract;
use super::station::{LeaveCalendar, Station};

/// One officer's load over the span a ledger covers.
#[derive(Debug, Clone, PartialEq)]
pub struct Standing {
    /// The officer (index into `Station::staff`).
    pub staff: usize,
    /// Nights, weekend days, holiday days and chief watches, in
    /// [`Category::ALL`] order.
    pub counts: [u32; 4],
    /// Duties worked of any kind.
    pub duties: u32,
    /// Weekends worked, on one day or both ([`Ledger::weekends_worked`]):
    /// beside weekend days, it shows who spent a weekend for one day of
    /// cover, such as a Saturday night alone.
    pub weekends: u32,
    /// Minutes worked, as contracts count them: each duty's real time,
    /// start to handover ([`Duty::minutes`]), kept by the store with the
    /// duty, so a code the rules no longer know still counts.
    pub minutes: i64,
    /// Duty points (see [`crate::model::Points`]).
    pub points: u32,
    /// The officer's contract as a share of a full-time one.
    pub fte: f64,
    /// The share of the ledger's weeks the officer worked in
    /// ([`crate::model::fairness::presence`]).
    pub present: f64,
}

impl Standing {
    /// Points in proportion to the contract and to the time present: what
    /// officers on different contracts, or who joined late, are compared
    /// on (as the solver compares them).
    pub fn points_per_fte(&self) -> f64 {
        self.per_share(self.points)
    }

    fn per_share(&self, points: u32) -> f64 {
        let share = self.fte * self.present;
        if share > 0.0 {
            f64::from(points) / share
        } else {
            0.0
        }
    }

    /// Points of the unit's own duties (nights, weekend days, holiday
    /// days) in proportion to the contract: the chief watch's points left
    /// out, since the watch is shared across units and compared among the
    /// eligible officers instead (see [`points_vs_unit`]).
    pub fn unit_points_per_fte(&self, points: &super::Points) -> f64 {
        self.per_share(points.unit_total(self.counts))
    }

    /// The share of the officer's duties that were nights, when they
    /// worked any.
    pub fn night_share(&self) -> Option<f64> {
        (self.duties > 0)
            .then(|| f64::from(self.counts[Category::Nights.index()]) / f64::from(self.duties))
    }
}

/// An officer's contract as a share of the station's full-time contract
/// (the largest weekly target hours of any contract): 24 h against 40 h
/// is 0.6. A station whose contracts set no target counts everyone as 1.
pub fn fte(station: &Station, s: usize) -> f64 {
    let full = station
        .contracts
        .iter()
        .map(|c| c.target_hours_week)
        .fold(0.0, f64::max);
    if full <= 0.0 {
        return 1.0;
    }
    station.contracts[station.staff[s].contract].target_hours_week / full
}

/// Every officer's standing, in staff order, from a ledger.
pub fn standings(station: &Station, ledger: &Ledger) -> Vec<Standing> {
    let present = presence(station, ledger, &[]);
    (0..station.staff.len())
        .map(|s| {
            let id = &station.staff[s].id;
            let counts = ledger.counts(id);
            let duties = ledger.worked(id).map(|(_, n)| n).sum();
            Standing {
                staff: s,
                counts,
                duties,
                weekends: ledger.weekends_worked(id),
                minutes: ledger.minutes(id),
                points: station.points.total(counts),
                fte: fte(station, s),
                present: present[s],
            }
        })
        .collect()
}

/// One unit's officers on one contract, taken together.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupShare {
    /// The unit (index).
    pub unit: usize,
    /// The contract (index).
    pub contract: usize,
    /// How many officers.
    pub officers: usize,
    /// Nights as a share of all the group's duties, when it worked any.
    pub night_share: Option<f64>,
    /// Mean points per FTE.
    pub points_per_fte: f64,
}

/// Per unit and contract, the night share and the points per FTE: where a
/// part-timer carrying more than their share of nights shows.
pub fn group_shares(station: &Station, standings: &[Standing]) -> Vec<GroupShare> {
    let mut groups = Vec::new();
    for unit in 0..station.units.len() {
        for contract in 0..station.contracts.len() {
            let members: Vec<&Standing> = standings
                .iter()
                .filter(|o| {
                    let officer = &station.staff[o.staff];
                    officer.unit == unit && officer.contract == contract
                })
                .collect();
            if members.is_empty() {
                continue;
            }
            let nights: u32 = members
                .iter()
                .map(|o| o.counts[Category::Nights.index()])
                .sum();
            let duties: u32 = members.iter().map(|o| o.duties).sum();
            groups.push(GroupShare {
                unit,
                contract,
                officers: members.len(),
                night_share: (duties > 0).then(|| f64::from(nights) / f64::from(duties)),
                points_per_fte: mean(members.iter().map(|o| o.points_per_fte())),
            });
        }
    }
    groups
}

/// Within each unit with officers on more than one contract: the largest
/// gap between a contract's night share and the unit's largest contract's.
pub fn night_share_gap(station: &Station, all: &[Standing]) -> Option<f64> {
    let groups = group_shares(station, all);
    let full_time = |unit: usize| {
        groups
            .iter()
            .filter(|g| g.unit == unit)
            .max_by(|a, b| {
                let hours = |g: &GroupShare| station.contracts[g.contract].target_hours_week;
                hours(a).total_cmp(&hours(b))
            })
            .and_then(|g| g.night_share.map(|share| (g.contract, share)))
    };
    groups
        .iter()
        .filter_map(|g| {
            let (contract, full) = full_time(g.unit)?;
            (g.contract != contract).then_some((g.night_share? - full).abs())
        })
        .reduce(f64::max)
}

/// Each officer's points per FTE from the unit's own duties against the
/// mean of their unit, as a fraction (0.12: 12% above); `None` when the
/// unit has no points yet. Chief watches are left out: every eligible
/// officer of whatever unit shares them (evenly, `fair_chief`), so counting
/// them here would set a unit's one chief officer far above the unit
/// whatever the roster (a traffic inspector's 7 watches in 8 weeks are
/// twice the unit's mean points on their own) and hide what the unit's
/// duties look like. A chief officer's unit duties are compared with
/// their unit's like anyone's.
pub fn points_vs_unit(station: &Station, standings: &[Standing]) -> Vec<Option<f64>> {
    let per_fte = |o: &Standing| o.unit_points_per_fte(&station.points);
    let unit_mean = |unit: usize| {
        mean(
            standings
                .iter()
                .filter(|o| station.staff[o.staff].unit == unit)
                .map(per_fte),
        )
    };
    let means: Vec<f64> = (0..station.units.len()).map(unit_mean).collect();
    standings
        .iter()
        .map(|o| {
            let m = means[station.staff[o.staff].unit];
            // Nobody is above or below the unit before they were there.
            (m > 0.0 && o.present > 0.0).then(|| per_fte(o) / m - 1.0)
        })
        .collect()
}

fn mean(values: impl Iterator<Item = f64>) -> f64 {
    let (sum, n) = values.fold((0.0, 0u32), |(s, n), v| (s + v, n + 1));
    if n == 0 { 0.0 } else { sum / f64::from(n) }
}

/// The minutes an officer's contract targets in the week of the seven
/// `dates`, in proportion to the days they are not away on leave: the one
/// definition the checker's `target_hours` rule, the grid and the print
/// share.
pub fn week_target_minutes(
    station: &Station,
    calendar: &LeaveCalendar,
    s: usize,
    dates: impl Iterator<Item = NaiveDate>,
) -> i64 {
    let contract = &station.contracts[station.staff[s].contract];
    week_share_minutes(contract.target_hours_week, calendar, s, dates)
}

/// A contract's weekly hours (`hours_week`) in minutes for the week of the
/// seven `dates`, in proportion to the days officer `s` is not away on
/// leave: how the target and the minimum (`min_hours_week`, which the
/// solver's table and the checker both hold) shrink with leave.
pub fn week_share_minutes(
    hours_week: f64,
    calendar: &LeaveCalendar,
    s: usize,
    dates: impl Iterator<Item = NaiveDate>,
) -> i64 {
    let present = dates.filter(|&date| !calendar.away(s, date)).count() as f64;
    (hours_week * 60.0 * present / 7.0).round() as i64
}

/// What a week `off_minutes` away from the target costs, before the
/// `target_hours` weight: the hours off, squared (rounded to whole units).
/// Squared, because one week 8 h over is worse for an officer than two
/// weeks 4 h over: a linear cost prices them alike, and the solver trades
/// a short week against a long one (36 h and 45 h cost nearly the same)
/// instead of keeping every week near the contract. The one definition
/// the solver and the checker share.
pub fn off_target_cost(off_minutes: i64) -> i64 {
    (off_minutes * off_minutes + 1800) / 3600
}

/// Minutes either side of a week's target that still count as near it
/// (the contract's `target_band_hours`).
pub fn target_band_minutes(contract: &Contract) -> i64 {
    (contract.target_band_hours * 60.0).round() as i64
}

/// True when a week `off_minutes` from its target lies outside the
/// contract's band: the one definition of a week off target that the
/// solver's `off_target_week` price, the checker and the fairness
/// benchmark share.
pub fn outside_target_band(contract: &Contract, off_minutes: i64) -> bool {
    outside_band(off_minutes, target_band_minutes(contract))
}

/// [`outside_target_band`] for a band already in minutes (the solver's
/// per-officer table).
pub fn outside_band(off_minutes: i64, band_minutes: i64) -> bool {
    off_minutes.abs() > band_minutes
}

/// Whole ISO weeks counted and, per officer, how many lay outside the
/// contract's target band and how far from the target they came in all:
/// the "wks off" and "±target" of `duty fairness` and the editor's
/// fairness screen, which adds the weeks on screen to the history around
/// them. Both against the leave-scaled target, as the grid and the print
/// measure it: a week of annual leave is not 40 hours short. Published
/// history counts, per officer, the weeks they were there for, as
/// [`crate::model::fairness::presence`] does: an officer transferred in
/// last week was not 40 hours short the weeks before.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WeeksOffTarget {
    /// Whole ISO weeks looked at.
    pub weeks: u32,
    /// Per officer (staff order; empty when no week was looked at): the
    /// weeks counted for them.
    pub counted: Vec<u32>,
    /// Per officer: the weeks counted that lay outside the band.
    pub per_officer: Vec<u32>,
    /// Per officer: minutes worked above (positive) or below the target,
    /// summed over the weeks counted ([`week_off_target`]).
    pub minutes_off: Vec<i64>,
    /// Per officer: minutes worked in the weeks counted, as contracts
    /// count them, so hours a week and hours off target share one base.
    pub minutes_worked: Vec<i64>,
}

impl WeeksOffTarget {
    /// The whole ISO weeks of `roster` (from its first day, a Monday) and,
    /// per officer, those outside the contract's band of the target, leave
    /// scaled as the solver scales it: what a plan or a draft is judged
    /// by, every week counted. An average hides the swing a manager is
    /// judged on: 48 h one week and 32 h the next average 40.
    pub fn of(station: &Station, roster: &Roster) -> WeeksOffTarget {
        Self::counting(station, roster, |_, _| true)
    }

    /// [`WeeksOffTarget::of`] for published history: an officer's week
    /// counts when they worked in it (the weeks [`crate::model::fairness::presence`]
    /// counts them there for).
    pub fn of_worked(station: &Station, roster: &Roster) -> WeeksOffTarget {
        Self::counting(station, roster, |s, w| {
            (w * 7..w * 7 + 7).any(|d| roster.get(s, d).is_working())
        })
    }

    fn counting(
        station: &Station,
        roster: &Roster,
        counts: impl Fn(usize, usize) -> bool,
    ) -> WeeksOffTarget {
        let calendar = station.leave_calendar();
        let day_minutes = DayMinutes::of(station, roster);
        let weeks = roster.days / 7;
        let mut off = WeeksOffTarget {
            weeks: weeks as u32,
            counted: vec![0; roster.staff],
            per_officer: vec![0; roster.staff],
            minutes_off: vec![0; roster.staff],
            minutes_worked: vec![0; roster.staff],
        };
        for s in 0..roster.staff {
            let contract = &station.contracts[station.staff[s].contract];
            for w in (0..weeks).filter(|&w| counts(s, w)) {
                let minutes = week_off_target(station, &calendar, &day_minutes, roster, s, w);
                off.counted[s] += 1;
                off.per_officer[s] += u32::from(outside_target_band(contract, minutes));
                off.minutes_off[s] += minutes;
                off.minutes_worked[s] += week_worked(&day_minutes, roster, s, w);
            }
        }
        off
    }

    /// Both counts together: weeks that do not overlap, such as the history
    /// before and after a period and the period itself.
    pub fn plus(&self, other: &WeeksOffTarget) -> WeeksOffTarget {
        let staff = self.counted.len().max(other.counted.len());
        WeeksOffTarget {
            weeks: self.weeks + other.weeks,
            counted: add_each(&self.counted, &other.counted, staff),
            per_officer: add_each(&self.per_officer, &other.per_officer, staff),
            minutes_off: add_each(&self.minutes_off, &other.minutes_off, staff),
            minutes_worked: add_each(&self.minutes_worked, &other.minutes_worked, staff),
        }
    }

    /// Officer `s`'s hours worked a week over the weeks counted for them
    /// (none when none was): the base `±target` is measured on.
    pub fn hours_per_week(&self, s: usize) -> Option<f64> {
        self.per_week(&self.minutes_worked, s)
    }

    fn per_week(&self, minutes: &[i64], s: usize) -> Option<f64> {
        let minutes = minutes.get(s).copied().unwrap_or(0);
        let weeks = self.counted(s);
        (weeks > 0).then(|| minutes as f64 / 60.0 / f64::from(weeks))
    }

    /// The weeks counted for officer `s`.
    pub fn counted(&self, s: usize) -> u32 {
        self.counted.get(s).copied().unwrap_or(0)
    }

    /// Officer `s`'s hours a week above (positive) or below the target,
    /// averaged over the weeks counted for them (none when none was).
    pub fn hours_off_per_week(&self, s: usize) -> Option<f64> {
        self.per_week(&self.minutes_off, s)
    }

    /// Officer `s`'s weeks off target (none when no week was counted).
    pub fn off(&self, s: usize) -> u32 {
        self.per_officer.get(s).copied().unwrap_or(0)
    }

    /// Officer `s`'s weeks off against the weeks counted for them, as "2/8".
    pub fn label(&self, s: usize) -> String {
        format!("{}/{}", self.off(s), self.counted(s))
    }
}

/// Element by element sums of two per-officer lists, the shorter one
/// read as zeros beyond its end.
fn add_each<T: Copy + Default + std::ops::Add<Output = T>>(a: &[T], b: &[T], n: usize) -> Vec<T> {
    let at = |v: &[T], i: usize| v.get(i).copied().unwrap_or_default();
    (0..n).map(|i| at(a, i) + at(b, i)).collect()
}

/// True when officer `s`'s week `w` of `roster` lies outside the
/// contract's band of its (leave-scaled) target: what `duty fairness`
/// counts per officer and `duty bench fairness` counts per officer-week.
pub fn week_is_off_target(
    station: &Station,
    calendar: &LeaveCalendar,
    day_minutes: &DayMinutes,
    roster: &Roster,
    s: usize,
    w: usize,
) -> bool {
    let contract = &station.contracts[station.staff[s].contract];
    let off = week_off_target(station, calendar, day_minutes, roster, s, w);
    outside_target_band(contract, off)
}

/// Minutes officer `s` works in week `w` of `roster` (days `7w..7w+7`),
/// each duty's real time ([`DayMinutes`] made for `roster`).
pub fn week_worked(day_minutes: &DayMinutes, roster: &Roster, s: usize, w: usize) -> i64 {
    (w * 7..w * 7 + 7)
        .map(|d| i64::from(day_minutes.worked(roster, s, d)))
        .sum()
}

/// Minutes officer `s` works in week `w` of `roster` (days `7w..7w+7`)
/// above (positive) or below the contract's target for that week.
pub fn week_off_target(
    station: &Station,
    calendar: &LeaveCalendar,
    day_minutes: &DayMinutes,
    roster: &Roster,
    s: usize,
    w: usize,
) -> i64 {
    let dates = (w * 7..w * 7 + 7).map(|d| roster.date(d));
    week_worked(day_minutes, roster, s, w) - week_target_minutes(station, calendar, s, dates)
}

/// Minutes an officer works on `roster` above (positive) or below the
/// contract's target over its whole weeks: what the grid and the editor
/// show beside the hours.
pub fn minutes_off_target(
    station: &Station,
    calendar: &LeaveCalendar,
    day_minutes: &DayMinutes,
    roster: &Roster,
    s: usize,
) -> i64 {
    (0..roster.days / 7)
        .map(|w| week_off_target(station, calendar, day_minutes, roster, s, w))
        .sum()
}

/// How far apart one group of peers are in one category, in duties as the
/// fairness measure sees them (counts set against the weeks each was
/// there, [`spread_in_duties`]): what the solver evens, what `duty bench
/// fairness` judges "within 1" by, and what `duty fairness` shows the
/// manager, from one definition.
#[derive(Debug, Clone, PartialEq)]
pub struct PeerSpread {
    /// The category counted.
    pub category: Category,
    /// The peers (staff indices): one unit and contract, or the
    /// chief-eligible of one contract ([`peer_groups`]).
    pub officers: Vec<usize>,
    /// The group named for a reader, such as "patrol full_time".
    pub label: String,
    /// The spread in duties.
    pub in_duties: f64,
    /// The plain difference between the most and the fewest.
    pub raw: u32,
}

impl PeerSpread {
    /// True when the group is as even as whole duties allow ([`within_one`]).
    pub fn within_one(&self) -> bool {
        within_one(self.in_duties)
    }
}

/// True when a spread in duties is at most one duty, to the hundredth a
/// report prints (what a reader checks it by): no duty handed from one
/// peer to another would leave the group more even.
pub fn within_one(spread: f64) -> bool {
    spread < 1.005
}

/// Every group of two or more peers in every category, in
/// [`Category::ALL`] order, with its spread over `all` (one standing per
/// officer, in staff order).
pub fn peer_spreads(station: &Station, all: &[Standing]) -> Vec<PeerSpread> {
    let presence: Vec<f64> = all.iter().map(|o| o.present).collect();
    let weights = share_weights(station, &presence);
    let mut out = Vec::new();
    for category in Category::ALL {
        for officers in peer_groups(station, category) {
            if officers.len() < 2 {
                continue;
            }
            let counts: Vec<u32> = officers
                .iter()
                .map(|&s| all[s].counts[category.index()])
                .collect();
            let group_weights: Vec<i64> = officers.iter().map(|&s| weights[s]).collect();
            let most = counts.iter().max().copied().unwrap_or(0);
            let fewest = counts.iter().min().copied().unwrap_or(0);
            out.push(PeerSpread {
                category,
                label: peer_group_label(station, category, &officers),
                in_duties: spread_in_duties(&counts, &group_weights),
                raw: most - fewest,
                officers,
            });
        }
    }
    out
}

/// A trainee's cross-training in the current window of one rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrainingProgress {
    /// The trainee (index into `Station::staff`).
    pub staff: usize,
    /// The cross-training rule (index).
    pub rule: usize,
    /// Cross-training shifts worked in the window.
    pub done: u32,
    /// Shifts the rule asks for per window.
    pub due: u32,
    /// The window: the rule's `per_weeks` ISO weeks up to and including
    /// the week holding the day asked about, cut at the week the record
    /// begins.
    pub from: NaiveDate,
    /// Last day of the window.
    pub to: NaiveDate,
    /// Weeks of the window on record (fewer than `per_weeks` when the
    /// record begins inside it).
    pub weeks: u32,
    /// The rule's window length in weeks.
    pub per_weeks: u32,
}

impl TrainingProgress {
    /// Whole shifts due so far: all of `due` over a whole window; a window
    /// cut by the start of the record owes its share, as the solver prices
    /// it ([`quota_shortfall_cost`]), so a station's first week does not
    /// call every trainee behind.
    pub fn owed(&self) -> u32 {
        self.due * self.weeks.min(self.per_weeks) / self.per_weeks.max(1)
    }

    /// Shifts still to do of those owed so far (0 when on pace).
    pub fn behind(&self) -> u32 {
        self.owed().saturating_sub(self.done)
    }

    /// True when the record begins inside the window.
    pub fn cut(&self) -> bool {
        self.weeks < self.per_weeks
    }
}

/// The days every rule's current window spans, for the day `today`: what
/// a caller loads before asking for [`training_progress`]. `None` when
/// the station has no cross-training.
pub fn training_span(station: &Station, today: NaiveDate) -> Option<(NaiveDate, NaiveDate)> {
    station
        .cross_training
        .iter()
        .map(|rule| training_window(rule.per_weeks, today))
        .reduce(|a, b| (a.0.min(b.0), a.1.max(b.1)))
}

fn training_window(per_weeks: u32, today: NaiveDate) -> (NaiveDate, NaiveDate) {
    let monday = week_monday(today);
    let from = monday - Days::new(7 * u64::from(per_weeks.max(1) - 1));
    (from, monday + Days::new(6))
}

/// The cross-training window a roster is judged by at its week `w`: the
/// rule's `per_weeks` weeks ending with `w`, cut at the roster's first week
/// (what came before is not on it). Returns its first week and how many
/// weeks it holds. Planned week by week, the roster starts with the
/// published weeks before the plan ([`crate::app::reach_weeks`]), so a
/// window of 4 weeks sees the 3 before it: the quota is met over any
/// `per_weeks` weeks in a row, not only when the plan is that long.
pub fn quota_window(per_weeks: u32, w: usize) -> (usize, usize) {
    let first = (w + 1).saturating_sub(per_weeks.max(1) as usize);
    (first, w + 1 - first)
}

/// What a quota window short of its shifts costs: `count` owed per
/// `per_weeks` weeks, in proportion to the `weeks` of the window the roster
/// holds, `done` worked, `weight` per shift owed. A window cut short owes
/// its share, so a new station's first weeks spread the shifts rather than
/// leave them all to the week its first whole window ends.
pub fn quota_shortfall_cost(
    count: u32,
    per_weeks: u32,
    weeks: usize,
    done: i64,
    weight: i64,
) -> i64 {
    let per_weeks = i64::from(per_weeks.max(1));
    let owed = i64::from(count) * weeks as i64 - done * per_weeks;
    owed.max(0) * weight / per_weeks
}

/// Per trainee and cross-training rule: shifts done against due in the
/// rule's current window, counted on `roster`. The record begins at the
/// week of the roster's first day: a window reaching before it is cut
/// there, as [`quota_window`] cuts it for the solver.
pub fn training_progress(
    station: &Station,
    roster: &Roster,
    today: NaiveDate,
) -> Vec<TrainingProgress> {
    let mut out = Vec::new();
    let record = (roster.days > 0).then(|| week_monday(roster.date(0)));
    for (r, rule) in station.cross_training.iter().enumerate() {
        let (whole_from, to) = training_window(rule.per_weeks, today);
        let from = record.map_or(whole_from, |first| first.max(whole_from));
        let weeks = match record {
            Some(first) if first <= to => ((to - from).num_days() as u32 + 1) / 7,
            _ => 0,
        };
        for s in (0..station.staff.len()).filter(|&s| station.staff[s].unit == rule.from_unit) {
            let done = (0..roster.days)
                .filter(|&d| (from..=to).contains(&roster.date(d)))
                .filter(|&d| trainee_duty_rule(station, s, roster.get(s, d)) == Some(r))
                .count() as u32;
            out.push(TrainingProgress {
                staff: s,
                rule: r,
                done,
                due: rule.count,
                from,
                to,
                weeks,
                per_weeks: rule.per_weeks.max(1),
            });
        }
    }
    out
}

/// Cross-training in the window holding `today`, counting `in_force` (what
/// the store holds over the window) with `edited` laid over the days it
/// covers: what the editor shows while the manager changes the weeks on
/// screen, before anything is saved.
pub fn training_progress_edited(
    station: &Station,
    in_force: &Roster,
    edited: &Roster,
    today: NaiveDate,
) -> Vec<TrainingProgress> {
    // Nothing in force (a detached roster): the edited days alone.
    let mut roster = if in_force.days == 0 {
        edited.clone()
    } else {
        in_force.clone()
    };
    for d in 0..edited.days {
        if let Some(e) = roster.day_index(edited.date(d)) {
            for s in 0..roster.staff.min(edited.staff) {
                roster.set(s, e, edited.get(s, d));
            }
        }
    }
    training_progress(station, &roster, today)
}

/// Where every officer stands over a span of published history: what `duty
/// fairness` prints (text and JSON), built by `app::fairness_report`.
#[derive(Debug, Clone)]
pub struct FairnessReport {
    /// First and last day with a duty in the span, if any.
    pub span: Option<(NaiveDate, NaiveDate)>,
    /// Whole weeks the span covers (what hours per week divide by).
    pub weeks: u32,
    /// Per officer, in staff order.
    pub standings: Vec<Standing>,
    /// Per officer: points per FTE against the unit's mean.
    pub vs_unit: Vec<Option<f64>>,
    /// Whole ISO weeks inside the span (Monday to Sunday) and, per
    /// officer, those outside the contract's target band.
    pub weeks_off_target: WeeksOffTarget,
    /// Per unit and contract: night share and points per FTE.
    pub groups: Vec<GroupShare>,
    /// Per trainee and rule: cross-training in the current window.
    pub training: Vec<TrainingProgress>,
    /// Per category and group of peers: how far apart they are, as the
    /// solver and the fairness benchmark measure it.
    pub spreads: Vec<PeerSpread>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Duty;

    #[test]
    fn a_week_off_target_costs_its_hours_off_squared() {
        assert_eq!(off_target_cost(0), 0);
        assert_eq!(off_target_cost(60), 1);
        assert_eq!(off_target_cost(-4 * 60), 16);
        // One week 8 h over costs more than two weeks 4 h over each.
        assert_eq!(off_target_cost(8 * 60), 64);
        assert!(off_target_cost(8 * 60) > 2 * off_target_cost(4 * 60));
        // 45 h and 36 h against 40 h no longer cost alike.
        assert_eq!(off_target_cost(5 * 60) - off_target_cost(-4 * 60), 9);
        assert_eq!(off_target_cost(30), 0);
    }

    use crate::config::{SourceFile, load_sources};
    use std::path::Path;

    /// Two units; patrol has a full-timer (40 h) and a part-timer (24 h);
    /// traffic officers cross-train on the station's early shift once
    /// every 2 weeks, beside a station officer.
    const RULES: &str = r#"
[station]
name = "Test"
timezone = "Asia/Shanghai"
[[unit]]
code = "station"
name = "Station"
[[unit]]
code = "traffic"
name = "Traffic"
[[skill]]
code = "tutor"
name = "Tutor"
[[rank]]
code = "pc"
name = "PC"
[[rank]]
code = "insp"
name = "Inspector"
[[shift]]
code = "E"
name = "Early"
start = "06:00"
length = "8h"
units = ["station"]
[[shift]]
code = "N"
name = "Night"
start = "22:00"
length = "8h"
night = true
units = ["station", "traffic"]
[[contract]]
code = "full_time"
name = "Full time"
max_hours_week = 48
target_hours_week = 40
max_consecutive_days = 6
max_nights_in_row = 3
max_weekends_per_4_weeks = 3
[[contract]]
code = "part_time"
name = "Part time"
max_hours_week = 30
target_hours_week = 24
max_consecutive_days = 4
max_nights_in_row = 2
max_weekends_per_4_weeks = 2
[chief_watch]
ranks = ["insp"]
start = "09:00"
min_days_between = 3
[[cross_training]]
name = "Traffic at the front desk"
from_unit = "traffic"
to_unit = "station"
shifts = ["E"]
count = 1
per_weeks = 2
[points]
night = 3
chief_watch = 5
"#;

    const STAFF: &str = r#"
[[staff]]
id = "S1"
name = "王伟"
unit = "station"
rank = "insp"
contract = "full_time"
[[staff]]
id = "S2"
name = "欧阳建国"
unit = "station"
rank = "pc"
contract = "part_time"
[[staff]]
id = "T1"
name = "李娜"
unit = "traffic"
rank = "pc"
contract = "full_time"
[[leave]]
staff = "T1"
from = 2026-12-07
to = 2026-12-09
kind = "annual"
"#;

    fn station() -> Station {
        let rules = SourceFile::new(Path::new("rules.toml"), RULES.to_string());
        let staff = SourceFile::new(Path::new("staff.toml"), STAFF.to_string());
        load_sources(&rules, &staff).unwrap_or_else(|e| panic!("{e:?}"))
    }

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn weeks_off_target_show_the_swing_an_average_hides() {
        let station = station();
        let mut roster = Roster::new(day("2026-11-30"), 14, station.staff.len());
        let shift =
            |code: &str| Duty::Shift(station.shifts.iter().position(|s| s.code == code).unwrap());
        let work = |roster: &mut Roster, s: usize, days: &[usize], duty: Duty| {
            for &d in days {
                roster.set(s, d, duty);
            }
        };
        // S1 (40 h): 48 h, then 32 h: on target on average, off both weeks.
        work(&mut roster, 0, &[0, 1, 2, 3, 4, 5], shift("E"));
        work(&mut roster, 0, &[7, 8, 9, 10], shift("E"));
        // S2 (24 h): 24 h, then 16 h.
        work(&mut roster, 1, &[0, 1, 2], shift("E"));
        work(&mut roster, 1, &[7, 8], shift("E"));
        // T1 (40 h): 32 h, then 24 h in a week with three days of leave
        // (target 22.9 h): near it.
        work(&mut roster, 2, &[0, 1, 2, 3], shift("N"));
        work(&mut roster, 2, &[10, 11, 12], shift("N"));
        let off = WeeksOffTarget::of(&station, &roster);
        assert_eq!(off.per_officer, vec![2, 1, 1]);
        // On average S1 is on target; T1 is 8 h short, then 1.1 h over the
        // leave-scaled target: 3.4 h a week short, not the 12 h a week
        // that 28 h a week against 40 reads.
        assert_eq!(off.hours_off_per_week(0), Some(0.0));
        assert_eq!(off.minutes_off[2], -8 * 60 + (24 * 60 - 40 * 60 * 4 / 7));
        let t1 = off.hours_off_per_week(2).unwrap();
        assert!((t1 + 3.43).abs() < 0.01, "{t1}");
        // History and the weeks on screen add up; nothing counted adds nothing.
        assert_eq!(off.plus(&off).label(0), "4/4");
        assert_eq!(off.plus(&off).hours_off_per_week(2), Some(t1));
        // Published history counts the weeks an officer worked in: S2
        // transferred in for the second week was not 24 h short the first.
        work(&mut roster, 1, &[0, 1, 2], Duty::Off);
        let planned = WeeksOffTarget::of(&station, &roster);
        assert_eq!(
            (planned.label(1), planned.hours_off_per_week(1)),
            ("2/2".into(), Some(-16.0))
        );
        let history = WeeksOffTarget::of_worked(&station, &roster);
        assert_eq!(
            (history.label(1), history.hours_off_per_week(1)),
            ("1/1".into(), Some(-8.0))
        );
        // Hours a week on the same base: 16 h in the one week counted.
        assert_eq!(history.hours_per_week(1), Some(16.0));
        assert_eq!(planned.hours_per_week(1), Some(8.0));
        assert_eq!(history.hours_per_week(0), Some(40.0), "48 h, then 32 h");
        assert_eq!(history.label(0), "2/2", "worked both weeks");
        assert_eq!(WeeksOffTarget::default().plus(&off), off);
    }

    #[test]
    fn points_follow_the_rules_and_count_every_category_a_duty_is_in() {
        let station = station();
        assert_eq!(station.points.night, 3);
        assert_eq!(station.points.weekend_day, 1, "a default kept");
        assert_eq!(station.points.chief_watch, 5);
        let mut roster = Roster::new(day("2026-12-05"), 2, 3);
        let night = Duty::Shift(1);
        roster.set(0, 0, Duty::Chief); // Saturday: chief watch and a weekend day
        roster.set(1, 0, night); // Saturday night: a night and a weekend day
        roster.set(1, 1, night);
        let mut ledger = Ledger::default();
        ledger.add_roster(&station, &roster);
        let all = standings(&station, &ledger);
        assert_eq!(all[0].points, 5 + 1);
        assert_eq!(all[1].points, (3 + 1) * 2);
        assert_eq!(all[1].duties, 2);
        assert_eq!(all[1].minutes, 2 * 8 * 60);
        assert_eq!(all[2].points, 0);
    }

    #[test]
    fn a_saturday_night_alone_is_one_weekend_day_and_a_whole_weekend() {
        let station = station();
        let night = Duty::Shift(1);
        // Two weekends: officer 0 works a Saturday night alone each time,
        // officer 1 the first weekend whole, officer 2 nothing.
        let mut roster = Roster::new(day("2026-11-30"), 14, 3);
        roster.set(0, 5, night);
        roster.set(0, 12, night);
        roster.set(1, 5, Duty::Chief);
        roster.set(1, 6, night);
        roster.set(2, 2, night); // a Wednesday: no weekend
        let mut ledger = Ledger::default();
        ledger.add_roster(&station, &roster);
        let all = standings(&station, &ledger);
        let weekend_days = |s: usize| all[s].counts[Category::WeekendDays.index()];
        assert_eq!((weekend_days(0), all[0].weekends), (2, 2));
        assert_eq!((weekend_days(1), all[1].weekends), (2, 1));
        assert_eq!((weekend_days(2), all[2].weekends), (0, 0));
    }

    #[test]
    fn part_timers_are_compared_in_proportion_to_their_contract() {
        let station = station();
        assert_eq!(fte(&station, 0), 1.0);
        assert_eq!(fte(&station, 1), 0.6);
        // Over 5 weeks: the full-timer 10 nights of 25 duties, the
        // part-timer 6 nights of 15 (the same share, in proportion).
        let mut ledger = Ledger::default();
        ledger.add("S1", Category::Nights, 10);
        ledger.add_worked("S1", "N", 10);
        ledger.add_worked("S1", "E", 15);
        ledger.add("S2", Category::Nights, 6);
        ledger.add_worked("S2", "N", 6);
        ledger.add_worked("S2", "E", 9);
        let all = standings(&station, &ledger);
        assert_eq!(all[0].night_share(), Some(0.4));
        assert_eq!(all[1].night_share(), Some(0.4));
        assert_eq!(all[0].points_per_fte(), 30.0);
        assert!((all[1].points_per_fte() - 30.0).abs() < 1e-9);
        let vs = points_vs_unit(&station, &all);
        assert!(vs[0].unwrap().abs() < 1e-9 && vs[1].unwrap().abs() < 1e-9);
        assert_eq!(vs[2], None, "traffic has no points yet");
        // One more night for the part-timer: above the unit in proportion.
        ledger.add("S2", Category::Nights, 1);
        let vs = points_vs_unit(&station, &standings(&station, &ledger));
        assert!(vs[1].unwrap() > 0.0 && vs[0].unwrap() < 0.0, "{vs:?}");
        let groups = group_shares(&station, &standings(&station, &ledger));
        let part = groups.iter().find(|g| g.contract == 1).unwrap();
        assert_eq!((part.unit, part.officers), (0, 1));
    }

    #[test]
    fn a_chief_officer_is_compared_with_the_unit_on_the_units_own_duties() {
        let station = station();
        // S1 (the inspector) and S2 carry the same nights in proportion;
        // S1 also keeps 4 chief watches.
        let mut ledger = Ledger::default();
        ledger.add("S1", Category::Nights, 10);
        ledger.add("S1", Category::ChiefWatches, 4);
        ledger.add("S2", Category::Nights, 6);
        let all = standings(&station, &ledger);
        assert_eq!(all[0].points, 10 * 3 + 4 * 5, "the watches count in points");
        assert_eq!(all[0].unit_points_per_fte(&station.points), 30.0);
        let vs = points_vs_unit(&station, &all);
        assert!(
            vs[0].unwrap().abs() < 1e-9 && vs[1].unwrap().abs() < 1e-9,
            "{vs:?}"
        );
        // A night more for S1 sets them above the unit.
        ledger.add("S1", Category::Nights, 1);
        let vs = points_vs_unit(&station, &standings(&station, &ledger));
        assert!(vs[0].unwrap() > 0.0 && vs[1].unwrap() < 0.0, "{vs:?}");
    }

    #[test]
    fn hours_off_target_count_whole_weeks_and_shrink_the_target_with_leave() {
        let station = station();
        // Two weeks from Monday 2026-11-30; T1 is away Mon-Wed of the second.
        let mut roster = Roster::new(day("2026-11-30"), 15, 3);
        for d in [0, 1, 2, 3, 4, 7, 8, 14] {
            roster.set(0, d, Duty::Shift(0)); // S1: 5 + 2 days of 8 h (day 14 outside)
        }
        for d in [10, 11, 12] {
            roster.set(2, d, Duty::Shift(1)); // T1: 3 nights in the week of leave
        }
        let off_target = |s| {
            let day_minutes = DayMinutes::of(&station, &roster);
            minutes_off_target(
                &station,
                &station.leave_calendar(),
                &day_minutes,
                &roster,
                s,
            )
        };
        assert_eq!(off_target(0), (40 + 16 - 80) * 60);
        // T1: no hours the first week (-40 h); 24 h against 40 x 4/7 the second.
        let second_week = (40.0_f64 * 60.0 * 4.0 / 7.0).round() as i64;
        assert_eq!(off_target(2), -40 * 60 + 24 * 60 - second_week);
        assert_eq!(off_target(1), -48 * 60, "24 h a week, none worked");
    }

    #[test]
    fn cross_training_progress_counts_the_current_window_only() {
        let station = station();
        // Thursday 2026-12-10: the window is the ISO weeks 2026-W49 and W50.
        let today = day("2026-12-10");
        assert_eq!(
            training_span(&station, today),
            Some((day("2026-11-30"), day("2026-12-13")))
        );
        let mut roster = Roster::new(day("2026-11-23"), 21, 3);
        roster.set(2, 3, Duty::Shift(0)); // 2026-11-26, the window before
        let behind = training_progress(&station, &roster, today);
        assert_eq!(behind.len(), 1, "one trainee, one rule");
        assert_eq!((behind[0].staff, behind[0].done, behind[0].due), (2, 0, 1));
        assert_eq!(behind[0].behind(), 1);
        roster.set(2, 12, Duty::Shift(0)); // 2026-12-05, in the window
        roster.set(2, 13, Duty::Shift(1)); // a night: not cross-training
        let done = training_progress(&station, &roster, today);
        assert_eq!((done[0].done, done[0].behind()), (1, 0));
    }

    /// The spread a report shows is the one the solver evens: counts set
    /// against the time each peer was there, groups of one left out.
    #[test]
    fn peer_spreads_set_counts_against_the_time_each_was_there() {
        let station = crate::sample::station_without_leave();
        let pa03 = station.staff_index("PA03").unwrap();
        let standing = |s: usize, nights: u32, present: f64| Standing {
            staff: s,
            counts: [nights, 0, 0, 0],
            duties: nights,
            weekends: 0,
            minutes: 0,
            points: 0,
            fte: fte(&station, s),
            present,
        };
        let mut all: Vec<Standing> = (0..station.staff.len())
            .map(|s| standing(s, 4, 1.0))
            .collect();
        let patrol_nights = |all: &[Standing]| {
            peer_spreads(&station, all)
                .into_iter()
                .find(|p| p.category == Category::Nights && p.officers.contains(&pa03))
                .unwrap()
        };
        let even = patrol_nights(&all);
        assert_eq!(even.label, "patrol full_time");
        assert_eq!(
            (even.raw, even.in_duties, even.within_one()),
            (0, 0.0, true)
        );
        all[pa03] = standing(pa03, 6, 1.0);
        let two_more = patrol_nights(&all);
        assert_eq!((two_more.raw, two_more.within_one()), (2, false));
        assert!((two_more.in_duties - 2.0).abs() < 1e-9);
        // There half the time, two nights: even with four of the others.
        all[pa03] = standing(pa03, 2, 0.5);
        let away = patrol_nights(&all);
        assert_eq!((away.raw, away.within_one()), (2, true), "{away:?}");
        // The patrol's one part-timer has no peer to be apart from.
        let spreads = peer_spreads(&station, &all);
        assert!(spreads.iter().all(|p| p.officers.len() >= 2));
        assert!(!spreads.iter().any(|p| p.label == "patrol part_time"));
    }

    /// A station that began its record inside the window owes the
    /// window's share, as the solver prices it: its first week does not
    /// call every trainee behind, and a whole window does.
    #[test]
    fn a_window_the_record_begins_inside_owes_its_share() {
        let station = station();
        let today = day("2026-12-10");
        // The record begins with 2026-W50: one of the rule's two weeks.
        let first_week = Roster::new(day("2026-12-07"), 7, 3);
        let cut = &training_progress(&station, &first_week, today)[0];
        assert_eq!((cut.from, cut.to), (day("2026-12-07"), day("2026-12-13")));
        assert!(cut.cut());
        assert_eq!((cut.weeks, cut.per_weeks, cut.due), (1, 2, 1));
        assert_eq!((cut.owed(), cut.behind()), (0, 0));
        // Both weeks on record: the whole quota is owed.
        let whole = Roster::new(day("2026-11-30"), 14, 3);
        let whole = &training_progress(&station, &whole, today)[0];
        assert!(!whole.cut());
        assert_eq!(
            (whole.from, whole.owed(), whole.behind()),
            (day("2026-11-30"), 1, 1)
        );
        // Nothing on record: nothing owed.
        let none = &training_progress(&station, &Roster::new(today, 0, 3), today)[0];
        assert_eq!((none.weeks, none.owed()), (0, 0));
    }

    #[test]
    fn an_edit_counts_towards_cross_training_before_it_is_saved() {
        let station = station();
        let today = day("2026-12-10");
        // In force over the window W49-W50: one cross-training shift of
        // the trainee's, on a day the edited week then clears.
        let (from, to) = training_span(&station, today).unwrap();
        let mut in_force = Roster::new(from, (to - from).num_days() as usize + 1, 3);
        in_force.set(2, 8, Duty::Shift(0)); // 2026-12-08
        let shown = Roster::new(day("2026-12-07"), 7, 3); // W50, all off
        let cleared = training_progress_edited(&station, &in_force, &shown, today);
        assert_eq!(cleared[0].done, 0, "the edit takes the shift away");
        let mut moved = shown.clone();
        moved.set(2, 3, Duty::Shift(0)); // 2026-12-10 instead
        let counted = training_progress_edited(&station, &in_force, &moved, today);
        assert_eq!(counted[0].done, 1);
        // Nothing in force (an editor on a roster of its own): the edited
        // days alone count.
        let empty = Roster::new(from, 0, 3);
        let alone = training_progress_edited(&station, &empty, &moved, today);
        assert_eq!(alone[0].done, 1);
    }
}
