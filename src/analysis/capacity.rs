//! Capacity check: hours the minimum cover demands against hours the
//! contracts allow, week by week, and the days on which a shift, unit or
//! skill cannot be covered by the officers who are not on leave. It is a
//! necessary check, not a sufficient one: passing it does not prove a roster
//! exists, failing it proves none does.

use chrono::NaiveDate;

use crate::model::calendar::iso_week_label;
use crate::model::{LeaveCalendar, Period, Station};

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

/// Everything the capacity check found for a period.
#[derive(Debug, Clone, PartialEq)]
pub struct CapacityReport {
    /// One row per week.
    pub weeks: Vec<WeekCapacity>,
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

fn demand_hours(station: &Station, date: NaiveDate) -> f64 {
    let shifts: f64 = (0..station.shifts.len())
        .map(|s| f64::from(shift_demand(station, date, s)) * station.shifts[s].hours())
        .sum();
    let watch = &station.chief_watch;
    shifts + f64::from(u32::from(watch.required) * watch.length_minutes) / 60.0
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
        let (mut available, mut on_leave) = (0, Vec::new());
        for s in (0..station.staff.len()).filter(|&s| station.counts_for(s, rule)) {
            if leave.on(s, date).is_some() {
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
            });
        }
    }
    gaps
}

fn day_gaps_on(station: &Station, leave: &LeaveCalendar, date: NaiveDate) -> Vec<DayGap> {
    let rules = station.cover_on(date);
    (0..station.units.len())
        .filter_map(|unit| {
            let needed: u32 = rules
                .iter()
                .filter(|r| r.unit == Some(unit) && r.skill.is_none())
                .map(|r| r.min)
                .sum();
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
