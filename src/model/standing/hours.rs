//! Hours against the contract: each week's target (leave scaled), how far
//! a week is from it, whether it lies outside the contract's band, and the
//! whole weeks off target per officer that the grid, the print and the
//! fairness report show.

use super::*;

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
pub(super) fn add_each<T: Copy + Default + std::ops::Add<Output = T>>(
    a: &[T],
    b: &[T],
    n: usize,
) -> Vec<T> {
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
