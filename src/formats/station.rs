//! A benchmark instance as a station: every rule of the benchmark is a rule
//! of the station model's own catalogue (successions, shifts of a type,
//! minutes and weekends over a reference period as long as the horizon,
//! stretches of work, fixed days off, weighted cover and requests), so the
//! one solver that plans police rosters is the one measured on it.

use chrono::{Days, NaiveDate, NaiveTime};

use super::objective::Assignment;
use super::shift_scheduling::Instance;
use crate::model::{
    ChiefWatch, Constraint, Contract, CoverRule, DayFilter, Duty, Leave, LeaveKind, Named, Period,
    Request, Roster, ShiftType, SkillSet, Staff, Station, Want, Weights,
};

/// Day 0 of every instance: a Monday, as the benchmark's weekends assume.
pub const DAY_ZERO: NaiveDate = match NaiveDate::from_ymd_opt(2024, 1, 1) {
    Some(day) => day,
    None => panic!("2024-01-01 is a date"),
};

/// Why an instance does not fit the station model.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MappingError {
    /// Stations plan whole weeks.
    #[error("a horizon of {0} days is not a whole number of weeks")]
    PartWeek(usize),
    /// The solver holds a duty in one byte.
    #[error("{0} shift types, more than the {max} a station may have", max = crate::config::rules::MAX_SHIFTS)]
    TooManyShifts(usize),
}

/// The station and the period that stand for `instance`. Its objective
/// is the station's soft score: every soft weight is 0 but cover (short
/// and over, times each rule's weights) and requests (times each weight).
pub fn to_station(instance: &Instance) -> Result<(Station, Period), MappingError> {
    if instance.horizon == 0 || !instance.horizon.is_multiple_of(7) {
        return Err(MappingError::PartWeek(instance.horizon));
    }
    if instance.shifts.len() > crate::config::rules::MAX_SHIFTS {
        return Err(MappingError::TooManyShifts(instance.shifts.len()));
    }
    let weeks = (instance.horizon / 7) as u32;
    let date = |day: usize| DAY_ZERO + Days::new(day as u64);
    let named = |code: &str| Named {
        code: code.to_string(),
        name: code.to_string(),
        short: code.chars().take(4).collect(),
    };
    let shifts = instance
        .shifts
        .iter()
        .map(|s| ShiftType {
            code: s.id.clone(),
            name: s.id.clone(),
            start: NaiveTime::MIN,
            length_minutes: s.minutes,
            units: Vec::new(),
            skills: SkillSet::default(),
            night: false,
            not_followed_by: s.not_followed_by.clone(),
        })
        .collect();
    let contracts = instance
        .staff
        .iter()
        .map(|e| Contract {
            code: e.id.clone(),
            name: e.id.clone(),
            max_hours_week: 168.0,
            min_hours_week: 0.0,
            target_hours_week: 0.0,
            target_band_hours: 0.0,
            max_consecutive_days: e.max_consecutive,
            min_consecutive_days_off: e.min_days_off,
            max_nights_in_row: instance.horizon as u32,
            max_weekends: e.max_weekends,
            weekend_window_weeks: weeks,
            min_rest_hours: 0,
            min_consecutive_days: e.min_consecutive,
            reference_weeks: weeks,
            max_shifts: e.max_shifts.iter().map(|&m| Some(m)).collect(),
            max_minutes_reference: Some(i64::from(e.max_minutes)),
            min_minutes_reference: Some(i64::from(e.min_minutes)),
        })
        .collect();
    let staff = instance
        .staff
        .iter()
        .enumerate()
        .map(|(i, e)| Staff {
            id: e.id.clone(),
            name: e.id.clone(),
            unit: 0,
            rank: 0,
            skills: SkillSet::default(),
            contract: i,
            birthday: None,
        })
        .collect();
    let cover = instance
        .cover
        .iter()
        .map(|c| CoverRule {
            shift: c.shift,
            days: DayFilter::Date(date(c.day)),
            unit: None,
            skill: None,
            min: 0,
            preferred: c.requirement,
            short_weight: c.under_weight,
            over_weight: c.over_weight,
        })
        .collect();
    let leave = instance
        .days_off
        .iter()
        .enumerate()
        .flat_map(|(s, days)| {
            days.iter().map(move |&d| Leave {
                staff: s,
                from: date(d),
                to: date(d),
                kind: LeaveKind::DayOff,
            })
        })
        .collect();
    let request = |want: Want| {
        move |r: &super::shift_scheduling::Request| Request {
            staff: r.employee,
            date: date(r.day),
            shift: Some(r.shift),
            want,
            weight: r.weight,
        }
    };
    let requests = (instance.on_requests.iter().map(request(Want::On)))
        .chain(instance.off_requests.iter().map(request(Want::Off)))
        .collect();
    let station = Station {
        name: "Shift scheduling benchmark".to_string(),
        timezone: chrono_tz::UTC,
        units: vec![named("all")],
        ranks: vec![named("staff")],
        skills: Vec::new(),
        shifts,
        cover,
        holidays: Vec::new(),
        contracts,
        chief_watch: ChiefWatch::none(),
        cross_training: Vec::new(),
        weights: objective_weights(),
        points: crate::model::Points::default(),
        staff,
        leave,
        requests,
    };
    Ok((
        station,
        Period {
            start: DAY_ZERO,
            weeks,
        },
    ))
}

/// Every hard rule at 1; of the soft ones, only what the benchmark's
/// objective counts.
fn objective_weights() -> Weights {
    let mut weights = Weights::default();
    for &c in Constraint::ALL {
        weights.set(c, if c.is_hard() { 16 } else { 0 });
    }
    // Hours short or over count per hour: a shift's worth of them weighs
    // about as much as one broken rule of the others.
    weights.set(Constraint::MinHoursReference, 1);
    weights.set(Constraint::MaxHoursReference, 1);
    for c in [
        Constraint::PreferredCover,
        Constraint::OverCover,
        Constraint::Request,
    ] {
        weights.set(c, 1);
    }
    weights
}

/// The benchmark's view of a roster: per employee and day, the shift.
pub fn assignment_of(roster: &Roster) -> Assignment {
    (0..roster.staff)
        .map(|s| {
            (0..roster.days)
                .map(|d| match roster.get(s, d) {
                    Duty::Shift(sh) => Some(sh),
                    Duty::Chief | Duty::Off => None,
                })
                .collect()
        })
        .collect()
}
