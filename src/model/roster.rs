//! A roster: what each officer does on each day of a period. It is the
//! solver's output and the editor's, store's and printers' input.

use chrono::{Days, NaiveDate, NaiveTime, Offset, TimeZone};

use std::borrow::Cow;

use super::eligibility::trainee_duty_rule;
use super::station::Station;
use super::time::{Interval, duty_interval};

/// What one officer does on one day. The chief watch is a duty like a shift,
/// so "one duty per officer per day" holds by construction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Duty {
    /// Not working.
    #[default]
    Off,
    /// A shift (index into `Station::shifts`).
    Shift(usize),
    /// The 24-hour chief officer on duty watch.
    Chief,
}

impl Duty {
    /// The code shown in grids and files: a shift code, `CHIEF` or `-`.
    pub fn code(self, station: &Station) -> &str {
        match self {
            Duty::Off => "-",
            Duty::Shift(s) => &station.shifts[s].code,
            Duty::Chief => "CHIEF",
        }
    }

    /// The duty a code names (a shift code, `CHIEF`, or `off`/`-`), if the
    /// station has it: the one reading of a code typed on the command line,
    /// stored in the database or brought in from a spreadsheet.
    pub fn from_code(station: &Station, code: &str) -> Option<Duty> {
        match code {
            "CHIEF" => Some(Duty::Chief),
            "off" | "OFF" | "-" => Some(Duty::Off),
            code => station.shift_index(code).map(Duty::Shift),
        }
    }

    /// True for any duty but `Off`.
    pub fn is_working(self) -> bool {
        self != Duty::Off
    }

    /// Minutes counted against contract hours when worked on `date`: the
    /// real time between start and handover, so the night the clocks go
    /// back counts the hour more that the officer works (and the weekly
    /// maximum sees it), and the night they go forward the hour less.
    pub fn minutes(self, station: &Station, date: NaiveDate) -> u32 {
        self.interval(station, date).map_or(0, |i| {
            u32::try_from(i.duration().num_minutes().max(0)).unwrap_or(u32::MAX)
        })
    }

    /// True for a night shift.
    pub fn is_night(self, station: &Station) -> bool {
        matches!(self, Duty::Shift(s) if station.shifts[s].night)
    }

    /// The real interval of this duty on `date`, or `None` when off.
    pub fn interval(self, station: &Station, date: NaiveDate) -> Option<Interval> {
        let (start, length) = match self {
            Duty::Off => return None,
            Duty::Shift(s) => (station.shifts[s].start, station.shifts[s].length_minutes),
            Duty::Chief => (
                station.chief_watch.start,
                station.chief_watch.length_minutes,
            ),
        };
        Some(duty_interval(station.timezone, date, start, length))
    }
}

/// What follows a shift's code in a grid cell when the officer works it
/// as a cross-training trainee: supernumerary, beside a tutor of the host
/// unit, and never counted in its cover (so the cover row does not count
/// them either). The legends explain it.
pub const CROSS_TRAINING_MARK: char = '+';

/// Every duty's minutes ([`Duty::minutes`]) on each day of a span, worked
/// out once: hours are summed over whole rosters and a year of history,
/// and each cell's trip through the time zone costs more than its sum.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DayMinutes {
    start: NaiveDate,
    /// Shifts, then the chief watch, per day.
    per_day: usize,
    minutes: Vec<u32>,
}

impl DayMinutes {
    /// The minutes of every duty on the days of `roster`.
    pub fn of(station: &Station, roster: &Roster) -> DayMinutes {
        let per_day = station.shifts.len() + 1;
        // A duty starting on a day lies within it and the next (local),
        // so within the UTC days from the one before to the third after.
        // Where the zone's offset is the same at each of their midnights
        // no clock changes under it: its nominal length is its real time.
        let utc_offset = |d: i64| {
            let date = roster.start + chrono::TimeDelta::days(d);
            station
                .timezone
                .offset_from_utc_datetime(&date.and_time(NaiveTime::MIN))
                .fix()
        };
        let offsets: Vec<_> = (-1..roster.days as i64 + 4).map(utc_offset).collect();
        let minutes = (0..roster.days)
            .flat_map(|d| {
                let date = roster.date(d);
                let steady = offsets[d..d + 5].windows(2).all(|w| w[0] == w[1]);
                (0..station.shifts.len())
                    .map(Duty::Shift)
                    .chain([Duty::Chief])
                    .map(move |duty| match duty {
                        Duty::Shift(s) if steady => station.shifts[s].length_minutes,
                        Duty::Chief if steady => station.chief_watch.length_minutes,
                        _ => duty.minutes(station, date),
                    })
            })
            .collect();
        DayMinutes {
            start: roster.start,
            per_day,
            minutes,
        }
    }

    /// Minutes of `duty` on day `d` of the roster this was made for.
    pub fn get(&self, d: usize, duty: Duty) -> u32 {
        let index = match duty {
            Duty::Off => return 0,
            Duty::Shift(s) => s,
            Duty::Chief => self.per_day - 1,
        };
        self.minutes[d * self.per_day + index]
    }

    /// Minutes officer `s` works on day `d` of `roster`.
    pub fn worked(&self, roster: &Roster, s: usize, d: usize) -> u32 {
        debug_assert_eq!(roster.start, self.start, "made for another roster");
        self.get(d, roster.get(s, d))
    }
}

/// Duties of every officer over consecutive days, with the cells that must
/// not move (manual edits, published days).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Roster {
    /// First day.
    pub start: NaiveDate,
    /// Number of days.
    pub days: usize,
    /// Number of officers (rows), in `Station::staff` order.
    pub staff: usize,
    cells: Vec<Duty>,
    pinned: Vec<bool>,
}

impl Roster {
    /// An empty roster: everyone off, nothing pinned.
    pub fn new(start: NaiveDate, days: usize, staff: usize) -> Self {
        Roster {
            start,
            days,
            staff,
            cells: vec![Duty::Off; days * staff],
            pinned: vec![false; days * staff],
        }
    }

    /// The duty of officer `s` on day index `d`.
    pub fn get(&self, s: usize, d: usize) -> Duty {
        self.cells[s * self.days + d]
    }

    /// Sets a duty.
    pub fn set(&mut self, s: usize, d: usize, duty: Duty) {
        self.cells[s * self.days + d] = duty;
    }

    /// True when the cell must not be changed by the solver.
    pub fn is_pinned(&self, s: usize, d: usize) -> bool {
        self.pinned[s * self.days + d]
    }

    /// Pins or unpins a cell.
    pub fn set_pinned(&mut self, s: usize, d: usize, pinned: bool) {
        self.pinned[s * self.days + d] = pinned;
    }

    /// The date of day index `d`.
    pub fn date(&self, d: usize) -> NaiveDate {
        self.start + Days::new(d as u64)
    }

    /// The day index of a date, if inside the roster.
    pub fn day_index(&self, date: NaiveDate) -> Option<usize> {
        let d = date.signed_duration_since(self.start).num_days();
        (0..self.days as i64).contains(&d).then_some(d as usize)
    }

    /// Every date of the roster, in order.
    pub fn dates(&self) -> impl Iterator<Item = NaiveDate> + '_ {
        (0..self.days).map(|d| self.date(d))
    }

    /// A copy of `days` days starting at day index `first`, pins included.
    pub fn window(&self, first: usize, days: usize) -> Roster {
        let mut out = Roster::new(self.date(first), days, self.staff);
        for s in 0..self.staff {
            for d in 0..days {
                out.set(s, d, self.get(s, first + d));
                out.set_pinned(s, d, self.is_pinned(s, first + d));
            }
        }
        out
    }

    /// Pins every officer's cell on each day flagged in `days` (such as the
    /// published days of a span), so neither the solver nor an edit moves
    /// them.
    pub fn pin_days(&mut self, days: &[bool]) {
        for (d, _) in days.iter().enumerate().filter(|(_, pin)| **pin) {
            for s in 0..self.staff {
                self.set_pinned(s, d, true);
            }
        }
    }

    /// What a grid cell shows for officer `s` on day `d`: the shift code,
    /// followed by [`CROSS_TRAINING_MARK`] on a cross-training shift, `CHF`
    /// for the chief watch, `lv` when off on leave, `-` when off; so the
    /// terminal grid, the printed sheets and the editor agree.
    pub fn cell_code<'a>(&self, station: &'a Station, s: usize, d: usize) -> Cow<'a, str> {
        let duty = self.get(s, d);
        match duty {
            Duty::Off if station.leave_on(s, self.date(d)).is_some() => "lv".into(),
            Duty::Chief => "CHF".into(),
            Duty::Shift(sh) if trainee_duty_rule(station, s, duty).is_some() => {
                format!("{}{CROSS_TRAINING_MARK}", station.shifts[sh].code).into()
            }
            other => other.code(station).into(),
        }
    }

    /// The officer keeping the chief watch on day `d`, if exactly one does.
    pub fn chief_on(&self, d: usize) -> Option<usize> {
        let mut chiefs = (0..self.staff).filter(|&s| self.get(s, d) == Duty::Chief);
        let first = chiefs.next()?;
        chiefs.next().is_none().then_some(first)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_and_dates() {
        let start = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
        let mut roster = Roster::new(start, 7, 3);
        roster.set(2, 6, Duty::Chief);
        roster.set_pinned(2, 6, true);
        assert_eq!(roster.get(2, 6), Duty::Chief);
        assert!(roster.is_pinned(2, 6) && !roster.is_pinned(2, 5));
        assert_eq!(roster.chief_on(6), Some(2));
        assert_eq!(roster.chief_on(5), None);
        assert_eq!(
            roster.date(6),
            NaiveDate::from_ymd_opt(2026, 12, 6).unwrap()
        );
        assert_eq!(roster.day_index(roster.date(3)), Some(3));
        assert_eq!(roster.day_index(start - Days::new(1)), None);
        let tail = roster.window(5, 2);
        assert_eq!(tail.start, roster.date(5));
        assert_eq!(tail.get(2, 1), Duty::Chief);
        assert!(tail.is_pinned(2, 1));
    }

    #[test]
    fn a_duty_counts_the_real_time_worked_the_nights_the_clocks_change() {
        let mut station = crate::sample::station_without_leave();
        station.timezone = chrono_tz::Europe::London;
        let night = Duty::Shift(station.shifts.iter().position(|s| s.code == "N").unwrap());
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(night.minutes(&station, day(2026, 10, 23)), 8 * 60);
        // The clocks go back at 02:00 on 25 October 2026, forward at
        // 01:00 on 28 March 2027: the night before works 9 hours, or 7.
        assert_eq!(night.minutes(&station, day(2026, 10, 24)), 9 * 60);
        assert_eq!(night.minutes(&station, day(2027, 3, 27)), 7 * 60);
        assert_eq!(Duty::Chief.minutes(&station, day(2026, 10, 24)), 25 * 60);
        assert_eq!(Duty::Chief.minutes(&station, day(2027, 3, 27)), 23 * 60);
        assert_eq!(Duty::Off.minutes(&station, day(2026, 10, 24)), 0);
    }

    #[test]
    fn day_minutes_agree_with_each_duty_around_every_clock_change() {
        let mut station = crate::sample::station_without_leave();
        let start = NaiveDate::from_ymd_opt(2026, 1, 5).unwrap();
        let roster = Roster::new(start, 7 * 70, 1);
        // Lord Howe Island changes by half an hour; Santiago's changes
        // fall at midnight; Shanghai has none.
        for zone in [
            chrono_tz::Europe::London,
            chrono_tz::Australia::Lord_Howe,
            chrono_tz::America::Santiago,
            chrono_tz::Asia::Shanghai,
        ] {
            station.timezone = zone;
            let table = DayMinutes::of(&station, &roster);
            let mut changed = 0;
            for d in 0..roster.days {
                for duty in (0..station.shifts.len())
                    .map(Duty::Shift)
                    .chain([Duty::Chief])
                {
                    let real = duty.minutes(&station, roster.date(d));
                    assert_eq!(
                        table.get(d, duty),
                        real,
                        "{zone} {} {duty:?}",
                        roster.date(d)
                    );
                    changed += usize::from(real != table.get(0, duty));
                }
            }
            assert_eq!(changed > 0, zone != chrono_tz::Asia::Shanghai, "{zone}");
        }
    }
}
