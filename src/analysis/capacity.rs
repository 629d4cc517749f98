//! Capacity check: hours the minimum cover demands against hours the
//! contracts allow, week by week, and the days on which a shift, unit or
//! skill cannot be covered by the officers who are not on leave. It is a
//! necessary check, not a sufficient one: passing it does not prove a roster
//! exists, failing it proves none does.

use chrono::{Datelike, NaiveDate, Weekday};

use crate::model::calendar::iso_week_label;
use crate::model::{CoverRule, Duty, LeaveCalendar, Period, Station};

/// Demand and supply of hours in one ISO week.
#[derive(Debug, Clone, PartialEq)]
pub struct WeekCapacity {
    /// Label such as `2026-W49`.
    pub week: String,
    /// Hours the minimum cover and the chief watch demand.
    pub demand_hours: f64,
    /// Hours the contracts allow, minus leave.
    pub supply_hours: f64,
}

impl WeekCapacity {
    /// Spare hours (negative when demand exceeds supply).
    pub fn margin(&self) -> f64 {
        self.supply_hours - self.demand_hours
    }
}

/// A cover rule that cannot be met on one day by the officers available.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CoverGap {
    /// The day.
    pub date: NaiveDate,
    /// The shift (index).
    pub shift: usize,
    /// The unit the rule counts, if any.
    pub unit: Option<usize>,
    /// The skill the rule counts, if any.
    pub skill: Option<usize>,
    /// Minimum head count.
    pub needed: u32,
    /// Officers who could count and are not on leave.
    pub available: u32,
    /// Officers who could count but are on leave that day (indices).
    pub on_leave: Vec<usize>,
    /// Officers who would count but whose contract rules the shift out
    /// (no nights, or `max_shifts` 0 for it).
    pub ruled_out: u32,
}

/// A unit whose shifts on one day need more officers than it has at work.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DayGap {
    /// The day.
    pub date: NaiveDate,
    /// The unit (index).
    pub unit: usize,
    /// Sum of the unit's minimum cover over that day's shifts.
    pub needed: u32,
    /// Officers of the unit not on leave.
    pub available: u32,
}

/// One unit's weekends over the period: how many officer-weekends its
/// cover asks for against how many its officers' contracts allow. A
/// weekend is spent by working either day of it, so a contract's limit on
/// weekends (three in four, say) is scarcer than its hours: a period
/// planned at the preferred head count can spend weekends a later week
/// needs for its minimum.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WeekendCapacity {
    /// The unit (index).
    pub unit: usize,
    /// Weekends in the period.
    pub weekends: u32,
    /// Officer-weekends the minimum cover needs: on each weekend, the
    /// larger of Saturday's and Sunday's head count.
    pub needed: u32,
    /// The same at the preferred head count.
    pub preferred: u32,
    /// Officer-weekends the unit's officers may work: each as many as
    /// their contract's limit allows over that many weekends in a row,
    /// none on a weekend they are on leave both days. History before the
    /// period is not counted, so a shortfall proves no roster exists and
    /// a margin does not prove one does.
    pub available: u32,
}

impl WeekendCapacity {
    /// True when the minimum cover needs more weekends than the officers
    /// may work: no legal roster exists.
    pub fn is_short(&self) -> bool {
        self.needed > self.available
    }

    /// True when the preferred cover needs more weekends than the officers
    /// may work: planning at it spends weekends a later week needs.
    pub fn preferred_is_short(&self) -> bool {
        self.preferred > self.available
    }
}

/// Everything the capacity check found for a period.
#[derive(Debug, Clone, PartialEq)]
pub struct CapacityReport {
    /// One row per week.
    pub weeks: Vec<WeekCapacity>,
    /// One row per unit with weekend cover.
    pub weekends: Vec<WeekendCapacity>,
    /// Single cover rules that cannot be met.
    pub cover_gaps: Vec<CoverGap>,
    /// Units short of people on a day.
    pub day_gaps: Vec<DayGap>,
}

impl CapacityReport {
    /// True when nothing is short.
    pub fn is_clear(&self) -> bool {
        self.cover_gaps.is_empty()
            && self.day_gaps.is_empty()
            && self.weeks.iter().all(|w| w.margin() >= 0.0)
            && !self.weekends.iter().any(WeekendCapacity::is_short)
    }
}

/// Runs the capacity check over a period.
pub fn check_capacity(station: &Station, period: Period) -> CapacityReport {
    let dates: Vec<NaiveDate> = period.dates().collect();
    let leave = station.leave_calendar();
    let weeks = dates
        .chunks(7)
        .map(|week| WeekCapacity {
            week: iso_week_label(week[0]),
            demand_hours: week.iter().map(|&d| demand_hours(station, d)).sum(),
            supply_hours: supply_hours(station, &leave, week),
        })
        .collect();
    let mut cover_gaps = Vec::new();
    let mut day_gaps = Vec::new();
    for &date in &dates {
        cover_gaps.extend(cover_gaps_on(station, &leave, date));
        day_gaps.extend(day_gaps_on(station, &leave, date));
    }
    CapacityReport {
        weeks,
        weekends: weekend_capacity(station, &leave, &dates),
        cover_gaps,
        day_gaps,
    }
}

/// Head count a shift needs on a day: the general minimum, or the sum of the
/// per-unit minimums when that is larger. Skill rules pick from those people.
pub fn shift_demand(station: &Station, date: NaiveDate, shift: usize) -> u32 {
    let rules = station.cover_on(date);
    let on_shift = rules
        .iter()
        .filter(|r| r.shift == shift && r.skill.is_none());
    let general = on_shift
        .clone()
        .filter(|r| r.unit.is_none())
        .map(|r| r.min)
        .max()
        .unwrap_or(0);
    let per_unit: u32 = on_shift.filter(|r| r.unit.is_some()).map(|r| r.min).sum();
    general.max(per_unit)
}

/// Hours the minimum cover and the watch need on `date`, each duty at
/// its real time that day ([`Duty::minutes`]), as contracts count it.
fn demand_hours(station: &Station, date: NaiveDate) -> f64 {
    let shifts: u32 = (0..station.shifts.len())
        .map(|s| shift_demand(station, date, s) * Duty::Shift(s).minutes(station, date))
        .sum();
    let watch = u32::from(station.chief_watch.required) * Duty::Chief.minutes(station, date);
    f64::from(shifts + watch) / 60.0
}

fn supply_hours(station: &Station, leave: &LeaveCalendar, week: &[NaiveDate]) -> f64 {
    (0..station.staff.len())
        .map(|s| {
            let present = week.iter().filter(|&&d| leave.on(s, d).is_none()).count();
            let contract = &station.contracts[station.staff[s].contract];
            contract.max_hours_week * present as f64 / 7.0
        })
        .sum()
}

fn cover_gaps_on(station: &Station, leave: &LeaveCalendar, date: NaiveDate) -> Vec<CoverGap> {
    let mut gaps = Vec::new();
    for rule in station.cover_on(date) {
        let (mut available, mut on_leave, mut ruled_out) = (0, Vec::new(), 0);
        for s in (0..station.staff.len()).filter(|&s| station.counts_for(s, rule)) {
            if station.contract_forbids(s, rule.shift) {
                ruled_out += 1;
            } else if leave.on(s, date).is_some() {
                on_leave.push(s);
            } else {
                available += 1;
            }
        }
        if available < rule.min {
            gaps.push(CoverGap {
                date,
                shift: rule.shift,
                unit: rule.unit,
                skill: rule.skill,
                needed: rule.min,
                available,
                on_leave,
                ruled_out,
            });
        }
    }
    gaps
}

/// A unit's head count on a day with these rules in force: the sum over
/// its shifts of the unit's rules (skill rules pick from those people), at
/// the minimum or the preferred count.
fn unit_need(rules: &[&CoverRule], unit: usize, count: fn(&CoverRule) -> u32) -> u32 {
    rules
        .iter()
        .filter(|r| r.unit == Some(unit) && r.skill.is_none())
        .map(|r| count(r))
        .sum()
}

fn weekend_capacity(
    station: &Station,
    leave: &LeaveCalendar,
    dates: &[NaiveDate],
) -> Vec<WeekendCapacity> {
    let weekends: Vec<[NaiveDate; 2]> = dates
        .windows(2)
        .filter(|pair| pair[0].weekday() == Weekday::Sat)
        .map(|pair| [pair[0], pair[1]])
        .collect();
    let rules: Vec<[Vec<&CoverRule>; 2]> = weekends
        .iter()
        .map(|days| days.map(|d| station.cover_on(d)))
        .collect();
    let n = weekends.len() as u32;
    let officer_weekends = |s: usize| {
        let contract = &station.contracts[station.staff[s].contract];
        let present = weekends
            .iter()
            .filter(|days| days.iter().any(|&d| leave.on(s, d).is_none()))
            .count() as u32;
        most_weekends(n, contract.max_weekends, contract.weekend_window_weeks).min(present)
    };
    (0..station.units.len())
        .filter_map(|unit| {
            let over_weekends = |count: fn(&CoverRule) -> u32| {
                rules
                    .iter()
                    .map(|days| days.each_ref().map(|r| unit_need(r, unit, count)))
                    .map(|[sat, sun]| sat.max(sun))
                    .sum::<u32>()
            };
            let needed = over_weekends(|r| r.min);
            let preferred = over_weekends(|r| r.preferred);
            (preferred > 0).then(|| WeekendCapacity {
                unit,
                weekends: n,
                needed,
                preferred,
                available: (0..station.staff.len())
                    .filter(|&s| station.staff[s].unit == unit)
                    .map(officer_weekends)
                    .sum(),
            })
        })
        .collect()
}

/// The most weekends of `n` in a row an officer may work with at most
/// `max` in any `window` in a row: `max` in each whole window, and of the
/// weekends left over no more than `max`.
fn most_weekends(n: u32, max: u32, window: u32) -> u32 {
    if window == 0 {
        return n;
    }
    let max = max.min(window);
    n / window * max + (n % window).min(max)
}

fn day_gaps_on(station: &Station, leave: &LeaveCalendar, date: NaiveDate) -> Vec<DayGap> {
    let rules = station.cover_on(date);
    (0..station.units.len())
        .filter_map(|unit| {
            let needed = unit_need(&rules, unit, |r| r.min);
            let available = (0..station.staff.len())
                .filter(|&s| station.staff[s].unit == unit && leave.on(s, date).is_none())
                .count() as u32;
            (needed > available).then_some(DayGap {
                date,
                unit,
                needed,
                available,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{DayFilter, Leave, LeaveKind};

    fn patrol(report: &CapacityReport, station: &Station) -> WeekendCapacity {
        let unit = station.units.iter().position(|u| u.code == "patrol");
        report
            .weekends
            .iter()
            .find(|w| Some(w.unit) == unit)
            .cloned()
            .expect("patrol has weekend cover")
    }

    #[test]
    fn demand_counts_the_hour_the_clocks_give_back() {
        let mut station = crate::sample::station_without_leave();
        let night = station.shifts.iter().position(|s| s.code == "N").unwrap();
        // Saturday 24 October 2026: London's clocks go back that night.
        let date = NaiveDate::from_ymd_opt(2026, 10, 24).unwrap();
        let shanghai = demand_hours(&station, date);
        station.timezone = chrono_tz::Europe::London;
        let london = demand_hours(&station, date);
        let nights = f64::from(shift_demand(&station, date, night));
        let watches = f64::from(station.chief_watch.required);
        assert!(nights > 0.0);
        assert_eq!(london - shanghai, nights + watches);
    }

    #[test]
    fn an_officer_works_at_most_the_contracts_weekends_in_any_window() {
        // Three in four: WWWO WWWO, and of a window cut short no more than
        // three.
        assert_eq!(most_weekends(4, 3, 4), 3);
        assert_eq!(most_weekends(8, 3, 4), 6);
        assert_eq!(most_weekends(5, 3, 4), 4);
        assert_eq!(most_weekends(2, 3, 4), 2);
        assert_eq!(most_weekends(6, 2, 4), 4);
        assert_eq!(most_weekends(3, 5, 4), 3);
    }

    #[test]
    fn weekend_cover_above_what_contracts_allow_is_a_shortfall() {
        let mut station = crate::sample::station_without_leave();
        let four_weeks =
            Period::starting_week_of(NaiveDate::from_ymd_opt(2026, 11, 30).unwrap(), 4);
        // Nine patrol officers a weekend day at the minimum; fourteen
        // full-timers at three weekends in four and a part-timer at two.
        let report = check_capacity(&station, four_weeks);
        let before = patrol(&report, &station);
        assert_eq!(
            (before.weekends, before.needed, before.available),
            (4, 36, 44)
        );
        assert!(report.is_clear());

        // Twelve a weekend day: 48 officer-weekends, four more than the
        // contracts allow.
        let patrol_unit = before.unit;
        for rule in &mut station.cover {
            if rule.unit == Some(patrol_unit) && rule.days == DayFilter::Weekend {
                rule.min = 4;
                rule.preferred = 4;
            }
        }
        let report = check_capacity(&station, four_weeks);
        let after = patrol(&report, &station);
        assert_eq!((after.needed, after.available), (48, 44));
        assert!(after.is_short() && !report.is_clear());
    }

    #[test]
    fn a_weekend_on_leave_is_not_one_the_officer_can_work() {
        let mut station = crate::sample::station_without_leave();
        let four_weeks =
            Period::starting_week_of(NaiveDate::from_ymd_opt(2026, 11, 30).unwrap(), 4);
        let before = patrol(&check_capacity(&station, four_weeks), &station).available;
        let officer = station
            .staff
            .iter()
            .position(|o| station.units[o.unit].code == "patrol")
            .unwrap();
        // Away over two weekends: two left of the four, fewer than three.
        // Leave on one day of a weekend leaves the other day workable.
        let date = |d| NaiveDate::from_ymd_opt(2026, 12, d).unwrap();
        for (from, to) in [(date(12), date(20)), (date(26), date(26))] {
            station.leave.push(Leave {
                staff: officer,
                from,
                to,
                kind: LeaveKind::Annual,
            });
        }
        let after = patrol(&check_capacity(&station, four_weeks), &station).available;
        assert_eq!(after, before - 1);
    }

    #[test]
    fn officers_whose_contract_rules_out_nights_do_not_cover_them() {
        let mut station = crate::sample::station_without_leave();
        let week = Period::starting_week_of(NaiveDate::from_ymd_opt(2026, 11, 30).unwrap(), 1);
        assert!(check_capacity(&station, week).cover_gaps.is_empty());
        let full_time = station
            .contracts
            .iter()
            .position(|c| c.code == "full_time")
            .unwrap();
        station.contracts[full_time].max_nights_in_row = 0;
        let night = station.shift_index("N").unwrap();
        let cid = station.units.iter().position(|u| u.code == "cid").unwrap();
        let report = check_capacity(&station, week);
        // CID is all full time: its night on call has nobody, every day.
        let cid_nights: Vec<&CoverGap> = report
            .cover_gaps
            .iter()
            .filter(|g| g.shift == night && g.unit == Some(cid) && g.skill.is_none())
            .collect();
        assert_eq!(cid_nights.len(), 7);
        assert!(
            cid_nights
                .iter()
                .all(|g| g.available == 0 && g.ruled_out == 8)
        );
        // `max_shifts` 0 for the early shift rules it out the same way.
        station.contracts[full_time].max_nights_in_row = 3;
        let early = station.shift_index("E").unwrap();
        station.contracts[full_time].max_shifts[early] = Some(0);
        assert!(
            check_capacity(&station, week)
                .cover_gaps
                .iter()
                .any(|g| g.shift == early && g.ruled_out > 0)
        );
    }
}
