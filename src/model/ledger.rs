//! The fairness ledger: how many nights, weekend days, holiday days and chief
//! watches each officer has already worked. Fairness is judged over months,
//! so the solver adds this history to what it plans.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::{Datelike, NaiveDate};

use super::calendar::{is_weekend, week_monday};
use super::roster::{DayMinutes, Duty, Roster};
use super::station::Station;

/// The kinds of duty that are spread evenly.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Category {
    /// Night shifts.
    Nights,
    /// Saturdays and Sundays worked.
    WeekendDays,
    /// Public-holiday days worked.
    HolidayDays,
    /// Chief officer on duty watches.
    ChiefWatches,
}

impl Category {
    /// Every category, in a fixed order.
    pub const ALL: [Category; 4] = [
        Category::Nights,
        Category::WeekendDays,
        Category::HolidayDays,
        Category::ChiefWatches,
    ];

    /// Name used in storage and reports.
    pub fn name(self) -> &'static str {
        match self {
            Category::Nights => "nights",
            Category::WeekendDays => "weekend_days",
            Category::HolidayDays => "holiday_days",
            Category::ChiefWatches => "chief_watches",
        }
    }

    /// Position in [`Category::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }

    /// True when working `duty` on `date` counts in this category.
    pub fn counts(self, station: &Station, date: chrono::NaiveDate, duty: Duty) -> bool {
        match self {
            Category::Nights => duty.is_night(station),
            Category::WeekendDays => duty.is_working() && is_weekend(date),
            Category::HolidayDays => duty.is_working() && station.holiday_on(date).is_some(),
            Category::ChiefWatches => duty == Duty::Chief,
        }
    }
}

/// Counts per officer (by id, so the ledger survives staff changes), the
/// duties each has worked by code (what shares of duties, hours and
/// cross-training are counted from, `model::standing`), and the weeks each
/// worked in: what says how long an officer has been on the roster, so a
/// newcomer or an officer back from months away is not asked to catch up
/// on history they were not there for ([`crate::model::fairness::presence`]),
/// and the weeks whose weekend each worked: weekend days count a Saturday
/// night alone as one, though it spends the weekend as `max_weekends`
/// counts it, so a report shows both.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Ledger {
    counts: HashMap<String, [u32; 4]>,
    worked: HashMap<String, BTreeMap<String, u32>>,
    minutes: HashMap<String, i64>,
    weeks: HashMap<String, BTreeSet<NaiveDate>>,
    weekends: HashMap<String, BTreeSet<NaiveDate>>,
}

impl Ledger {
    /// An officer's count in one category.
    pub fn get(&self, staff_id: &str, category: Category) -> u32 {
        self.counts.get(staff_id).map_or(0, |c| c[category.index()])
    }

    /// An officer's counts in every category, in [`Category::ALL`] order
    /// (what duty points are summed from).
    pub fn counts(&self, staff_id: &str) -> [u32; 4] {
        self.counts.get(staff_id).copied().unwrap_or_default()
    }

    /// Adds to an officer's count (used when reading the store).
    pub fn add(&mut self, staff_id: &str, category: Category, n: u32) {
        self.counts.entry(staff_id.to_string()).or_default()[category.index()] += n;
    }

    /// Adds `n` duties of code `code` worked by an officer (used when
    /// reading the store).
    pub fn add_worked(&mut self, staff_id: &str, code: &str, n: u32) {
        *self
            .worked
            .entry(staff_id.to_string())
            .or_default()
            .entry(code.to_string())
            .or_default() += n;
    }

    /// The duties an officer has worked, by code (`CHIEF` for a watch).
    pub fn worked(&self, staff_id: &str) -> impl Iterator<Item = (&str, u32)> {
        self.worked
            .get(staff_id)
            .into_iter()
            .flatten()
            .map(|(code, &n)| (code.as_str(), n))
    }

    /// Adds minutes an officer worked: real time, start to handover, as
    /// the store keeps each duty's interval (used when reading the store).
    pub fn add_minutes(&mut self, staff_id: &str, minutes: i64) {
        *self.minutes.entry(staff_id.to_string()).or_default() += minutes;
    }

    /// The minutes an officer has worked, as contracts count them
    /// ([`Duty::minutes`]).
    pub fn minutes(&self, staff_id: &str) -> i64 {
        self.minutes.get(staff_id).copied().unwrap_or(0)
    }

    /// Records that an officer worked in the ISO week starting on
    /// `monday` (used when reading the store).
    pub fn add_week(&mut self, staff_id: &str, monday: NaiveDate) {
        self.weeks
            .entry(staff_id.to_string())
            .or_default()
            .insert(monday);
    }

    /// The weeks (their Mondays) in which an officer worked any duty.
    pub fn weeks_worked(&self, staff_id: &str) -> impl Iterator<Item = NaiveDate> + '_ {
        self.weeks.get(staff_id).into_iter().flatten().copied()
    }

    /// Records that an officer worked the weekend of the ISO week starting
    /// on `monday`: a duty on its Saturday or Sunday (used when reading
    /// the store).
    pub fn add_weekend(&mut self, staff_id: &str, monday: NaiveDate) {
        self.weekends
            .entry(staff_id.to_string())
            .or_default()
            .insert(monday);
    }

    /// How many weekends an officer worked, on one day or both: what
    /// `max_weekends` counts, and what an officer means by "my weekends".
    pub fn weekends_worked(&self, staff_id: &str) -> u32 {
        self.weekends
            .get(staff_id)
            .map_or(0, |w| u32::try_from(w.len()).unwrap_or(u32::MAX))
    }

    /// Every week (its Monday) in which anyone worked: the span of history
    /// officers are compared over.
    pub fn weeks(&self) -> BTreeSet<NaiveDate> {
        self.weeks.values().flatten().copied().collect()
    }

    /// Adds one officer's duty on one day: its categories, the duty, its
    /// minutes and its week.
    fn add_duty(
        &mut self,
        station: &Station,
        s: usize,
        date: chrono::NaiveDate,
        duty: Duty,
        minutes: u32,
    ) {
        if !duty.is_working() {
            return;
        }
        let id = &station.staff[s].id;
        self.add_week(id, week_monday(date));
        // The same definition as the store's `weekend` flag, which the
        // store reads weekends worked from.
        if Category::WeekendDays.counts(station, date, duty) {
            self.add_weekend(id, week_monday(date));
        }
        for category in Category::ALL {
            if category.counts(station, date, duty) {
                self.add(id, category, 1);
            }
        }
        self.add_worked(id, duty.code(station), 1);
        self.add_minutes(id, i64::from(minutes));
    }

    /// Adds everything a roster's officers worked.
    pub fn add_roster(&mut self, station: &Station, roster: &Roster) {
        self.add_days(station, roster, 0..roster.days);
    }

    /// Adds what a roster's officers worked on some of its days.
    pub fn add_days(
        &mut self,
        station: &Station,
        roster: &Roster,
        days: impl IntoIterator<Item = usize> + Clone,
    ) {
        let day_minutes = DayMinutes::of(station, roster);
        for s in 0..roster.staff {
            for d in days.clone() {
                let minutes = day_minutes.worked(roster, s, d);
                self.add_duty(station, s, roster.date(d), roster.get(s, d), minutes);
            }
        }
    }
}

/// True when the officer's birthday (month and day) falls on `date`.
pub fn is_birthday(station: &Station, staff: usize, date: chrono::NaiveDate) -> bool {
    station.staff[staff]
        .birthday
        .is_some_and(|b| b.month() == date.month() && b.day() == date.day())
}
