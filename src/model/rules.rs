//! Shift types and the station's standing rules: cover demand, contracts, the
//! chief officer on duty watch and cross-training. Indices refer to the lists
//! in [`crate::model::Station`].

use chrono::NaiveTime;

use super::calendar::DayFilter;
use super::skills::SkillSet;

/// A kind of shift, such as the early or the night.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShiftType {
    /// Short code shown in the grid, such as `N`.
    pub code: String,
    /// Full name, such as `Night`.
    pub name: String,
    /// Local start time.
    pub start: NaiveTime,
    /// Length in minutes on the wall clock; may cross midnight.
    pub length_minutes: u32,
    /// Units whose officers may work it (indices); empty means every unit.
    pub units: Vec<usize>,
    /// Skills every officer on it must hold.
    pub skills: SkillSet,
    /// Counts as a night for "nights in a row" and night fairness.
    pub night: bool,
    /// Shifts (indices) that may not be worked on the day after this one,
    /// whatever the rest between them: a rotation rule by name, such as
    /// "no early after a late".
    pub not_followed_by: Vec<usize>,
}

impl ShiftType {
    /// The nominal length in hours, as contracts count it.
    pub fn hours(&self) -> f64 {
        f64::from(self.length_minutes) / 60.0
    }

    /// True when the shift ends on the day after it starts.
    pub fn crosses_midnight(&self) -> bool {
        self.end_minute_of_day() > 24 * 60
    }

    /// The end on the clock, as a legend prints it: a shift that ends at
    /// midnight ends at 24:00 of its own day, not at 00:00, which reads
    /// as the start of the day (a late of 15:00-00:00 looked like nine
    /// hours backwards).
    pub fn end_clock(&self) -> String {
        if self.end_minute_of_day() == 24 * 60 {
            return "24:00".to_string();
        }
        let end = self.start + chrono::Duration::minutes(i64::from(self.length_minutes));
        end.format("%H:%M").to_string()
    }

    /// Minutes from the midnight before the start to the end.
    fn end_minute_of_day(&self) -> i64 {
        let start = self
            .start
            .signed_duration_since(NaiveTime::MIN)
            .num_minutes();
        start + i64::from(self.length_minutes)
    }

    /// True when officers of `unit` may work this shift as regular staff.
    pub fn allows_unit(&self, unit: usize) -> bool {
        self.units.is_empty() || self.units.contains(&unit)
    }
}

/// Demand for one shift on some days, optionally counting only one unit or
/// only officers with one skill.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CoverRule {
    /// The shift (index).
    pub shift: usize,
    /// Which days it applies to.
    pub days: DayFilter,
    /// Only officers of this unit count (index).
    pub unit: Option<usize>,
    /// Only officers with this skill count (index).
    pub skill: Option<usize>,
    /// Hard minimum head count.
    pub min: u32,
    /// Soft preferred head count (at least `min`).
    pub preferred: u32,
    /// Times `preferred_cover`'s weight, per officer short of `preferred`:
    /// some shifts matter more than others.
    pub short_weight: u32,
    /// Times `over_cover`'s weight, per officer above `preferred` (0: a
    /// surplus costs nothing).
    pub over_weight: u32,
}

/// An employment contract: the limits on one officer's working pattern.
#[derive(Debug, Clone, PartialEq)]
pub struct Contract {
    /// Code that staff entries refer to.
    pub code: String,
    /// Human name.
    pub name: String,
    /// Hard maximum hours in an ISO week.
    pub max_hours_week: f64,
    /// Soft minimum hours in an ISO week (0 for none).
    pub min_hours_week: f64,
    /// Soft target hours in an ISO week.
    pub target_hours_week: f64,
    /// Hours either side of the week's target that still count as near it:
    /// a duty manager reads "40 h ± 4" week by week, so a week outside the
    /// band is priced on its own (`off_target_week`), and the benchmark
    /// counts weeks near target by the same band.
    pub target_band_hours: f64,
    /// Hard maximum working days in a row.
    pub max_consecutive_days: u32,
    /// Hard minimum length of a stretch of days off.
    pub min_consecutive_days_off: u32,
    /// Hard maximum nights in a row.
    pub max_nights_in_row: u32,
    /// Hard maximum working weekends in any `weekend_window_weeks` weeks.
    pub max_weekends: u32,
    /// The window of `max_weekends`, in weeks (4 for most contracts).
    pub weekend_window_weeks: u32,
    /// Hard minimum rest between duties, in hours.
    pub min_rest_hours: u32,
    /// Hard minimum working days in a row, except a stretch touching the
    /// first or last day judged (it may go on outside).
    pub min_consecutive_days: u32,
    /// The reference period, in weeks, over which the limits below hold
    /// (in any window of that many weeks in a row).
    pub reference_weeks: u32,
    /// Per shift (index): the most of that shift in a reference period.
    pub max_shifts: Vec<Option<u32>>,
    /// Hard maximum minutes worked in a reference period.
    pub max_minutes_reference: Option<i64>,
    /// Hard minimum minutes worked in a reference period (scaled down
    /// when fewer weeks are judged).
    pub min_minutes_reference: Option<i64>,
}

impl Contract {
    /// The most of `shift` one officer may work in a reference period.
    pub fn max_of_shift(&self, shift: usize) -> Option<u32> {
        self.max_shifts.get(shift).copied().flatten()
    }
}

/// The chief officer on duty: one senior officer answerable for the station
/// for a 24-hour watch each day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChiefWatch {
    /// The station keeps a chief watch (a station or a benchmark without
    /// one has no watch to fill and no one eligible).
    pub required: bool,
    /// Local time the watch is handed over.
    pub start: NaiveTime,
    /// Length of the watch in minutes (usually 24 hours).
    pub length_minutes: u32,
    /// Ranks eligible for the watch (indices).
    pub ranks: Vec<usize>,
    /// Holding any of these skills also makes an officer eligible.
    pub skills: SkillSet,
    /// Minimum days between the starts of two watches by one officer.
    pub min_days_between: u32,
}

impl ChiefWatch {
    /// True when an officer of this rank and skills may keep the watch.
    pub fn is_eligible(&self, rank: usize, skills: SkillSet) -> bool {
        self.required && (self.ranks.contains(&rank) || skills.intersects(self.skills))
    }

    /// No watch at all: nobody keeps it and no day needs it.
    pub fn none() -> ChiefWatch {
        ChiefWatch {
            required: false,
            start: NaiveTime::MIN,
            length_minutes: 24 * 60,
            ranks: Vec::new(),
            skills: SkillSet::default(),
            min_days_between: 0,
        }
    }
}

/// Officers of one unit working some shifts of another unit to learn its
/// work, always beside a mentor of the host unit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CrossTraining {
    /// Name shown in messages.
    pub name: String,
    /// Unit the trainees come from (index).
    pub from_unit: usize,
    /// Host unit (index).
    pub to_unit: usize,
    /// Host shifts trainees may work (indices).
    pub shifts: Vec<usize>,
    /// Shifts each trainee should work per `per_weeks` weeks.
    pub count: u32,
    /// Length of the quota window in weeks.
    pub per_weeks: u32,
    /// A mentor is a host-unit officer on the same shift holding this skill
    /// (any host-unit officer when `None`).
    pub mentor_skill: Option<usize>,
}

/// Duty points: how heavy each kind of duty is, so that officers who carry
/// different mixes (nights in one unit, chief watches across units) can be
/// compared on one number. A duty earns the points of every category it
/// counts in: a night on a public holiday earns both.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Points {
    /// A night shift.
    pub night: u32,
    /// A Saturday or Sunday worked.
    pub weekend_day: u32,
    /// A public holiday worked.
    pub holiday_day: u32,
    /// A chief officer on duty watch (24 hours answerable for the station).
    pub chief_watch: u32,
}

impl Default for Points {
    /// A weekend day is the unit; a night costs sleep as well as the
    /// evening (2), a holiday is the day families plan around (3), and a
    /// chief watch is a whole day answerable for the station (4).
    fn default() -> Self {
        Points {
            night: 2,
            weekend_day: 1,
            holiday_day: 3,
            chief_watch: 4,
        }
    }
}

impl Points {
    /// The points one duty of `category` earns.
    pub fn of(&self, category: super::Category) -> u32 {
        match category {
            super::Category::Nights => self.night,
            super::Category::WeekendDays => self.weekend_day,
            super::Category::HolidayDays => self.holiday_day,
            super::Category::ChiefWatches => self.chief_watch,
        }
    }

    /// The points of a set of counts, in [`super::Category::ALL`] order.
    pub fn total(&self, counts: [u32; 4]) -> u32 {
        super::Category::ALL
            .iter()
            .map(|&c| self.of(c) * counts[c.index()])
            .sum()
    }

    /// The points of a unit's own duties (nights, weekend days, holiday
    /// days): what officers of one unit are compared on. The chief watch
    /// is left out, being shared across units and kept even among the
    /// eligible on its own (`fair_chief`).
    pub fn unit_total(&self, mut counts: [u32; 4]) -> u32 {
        counts[super::Category::ChiefWatches.index()] = 0;
        self.total(counts)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shift(start: &str, hours: u32) -> ShiftType {
        ShiftType {
            code: "X".to_string(),
            name: "X".to_string(),
            start: NaiveTime::parse_from_str(start, "%H:%M").unwrap(),
            length_minutes: hours * 60,
            units: Vec::new(),
            skills: SkillSet::default(),
            night: false,
            not_followed_by: Vec::new(),
        }
    }

    #[test]
    fn a_shift_ending_at_midnight_ends_at_24_00_of_its_own_day() {
        for (start, hours, end, next_day) in [
            ("15:00", 9, "24:00", false),
            ("22:00", 8, "06:00", true),
            ("08:00", 24, "08:00", true),
            ("06:00", 8, "14:00", false),
        ] {
            let s = shift(start, hours);
            assert_eq!(
                (s.end_clock().as_str(), s.crosses_midnight()),
                (end, next_day),
                "{start} for {hours} h"
            );
        }
    }
}
