//! Days as a duty manager thinks of them: weekdays, weekends, public holidays
//! and planning periods of whole ISO weeks.

use chrono::{Datelike, Days, NaiveDate, Weekday};

/// What sort of day a date is, which decides the cover it needs and whether it
/// counts towards weekend or holiday fairness.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DayKind {
    /// Monday to Friday and not a public holiday.
    Weekday,
    /// Saturday or Sunday and not a public holiday.
    Weekend,
    /// A public holiday, whatever the day of the week.
    Holiday,
}

/// Which days a cover rule applies to. A more specific filter wins over a
/// general one for the same shift, unit and skill (see [`DayFilter::specificity`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DayFilter {
    /// Every day.
    All,
    /// Monday to Friday that are not holidays.
    Weekday,
    /// Saturday and Sunday that are not holidays.
    Weekend,
    /// Public holidays.
    Holiday,
    /// One named day of the week that is not a holiday.
    Day(Weekday),
    /// One date, whatever kind of day it is: demand for a known event.
    Date(NaiveDate),
}

impl DayFilter {
    /// The spellings accepted in `rules.toml`, for hints.
    pub const NAMES: &'static str = "all, weekday, weekend, holiday, monday, tuesday, wednesday, thursday, friday, saturday, sunday, or a date such as 2027-02-10";

    /// Parses a filter as written in `rules.toml`.
    pub fn parse(text: &str) -> Option<Self> {
        Some(match text.to_ascii_lowercase().as_str() {
            "all" => DayFilter::All,
            "weekday" => DayFilter::Weekday,
            "weekend" => DayFilter::Weekend,
            "holiday" => DayFilter::Holiday,
            "monday" => DayFilter::Day(Weekday::Mon),
            "tuesday" => DayFilter::Day(Weekday::Tue),
            "wednesday" => DayFilter::Day(Weekday::Wed),
            "thursday" => DayFilter::Day(Weekday::Thu),
            "friday" => DayFilter::Day(Weekday::Fri),
            "saturday" => DayFilter::Day(Weekday::Sat),
            "sunday" => DayFilter::Day(Weekday::Sun),
            other => DayFilter::Date(NaiveDate::parse_from_str(other, "%Y-%m-%d").ok()?),
        })
    }

    /// True when the rule applies to `date`, a day of this kind.
    pub fn matches(self, kind: DayKind, date: NaiveDate) -> bool {
        let weekday = date.weekday();
        match self {
            DayFilter::Date(day) => day == date,
            DayFilter::All => true,
            DayFilter::Weekday => kind == DayKind::Weekday,
            DayFilter::Weekend => kind == DayKind::Weekend,
            DayFilter::Holiday => kind == DayKind::Holiday,
            DayFilter::Day(day) => kind != DayKind::Holiday && day == weekday,
        }
    }

    /// Higher is more specific: holiday beats a named weekday, which beats
    /// weekday/weekend, which beats all.
    pub fn specificity(self) -> u8 {
        match self {
            DayFilter::All => 0,
            DayFilter::Weekday | DayFilter::Weekend => 1,
            DayFilter::Day(_) => 2,
            DayFilter::Holiday => 3,
            DayFilter::Date(_) => 4,
        }
    }
}

/// A public holiday, possibly several days long (both ends included).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Holiday {
    /// The holiday's name, shown on printed rosters.
    pub name: String,
    /// First day of the holiday.
    pub from: NaiveDate,
    /// Last day of the holiday (equal to `from` for a one-day holiday).
    pub to: NaiveDate,
}

impl Holiday {
    /// True when the date falls within the holiday.
    pub fn contains(&self, date: NaiveDate) -> bool {
        self.from <= date && date <= self.to
    }
}

/// True for Saturday and Sunday.
pub fn is_weekend(date: NaiveDate) -> bool {
    matches!(date.weekday(), Weekday::Sat | Weekday::Sun)
}

/// The Monday of the ISO week holding `date`: how rosters, windows and the
/// fairness ledger name a week.
pub fn week_monday(date: NaiveDate) -> NaiveDate {
    date - Days::new(u64::from(date.weekday().num_days_from_monday()))
}

/// A planning period: whole ISO weeks starting on a Monday, because rosters
/// are published and signed week by week.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    /// The Monday the period starts on.
    pub start: NaiveDate,
    /// How many weeks it spans (at least 1).
    pub weeks: u32,
}

impl Period {
    /// The period of `weeks` weeks starting with the ISO week holding `date`.
    pub fn starting_week_of(date: NaiveDate, weeks: u32) -> Self {
        Period {
            start: week_monday(date),
            weeks: weeks.max(1),
        }
    }

    /// Parses an ISO week such as `2026-W49`.
    pub fn parse_iso_week(text: &str, weeks: u32) -> Option<Self> {
        let (year, week) = text.split_once("-W").or_else(|| text.split_once("-w"))?;
        let year: i32 = year.parse().ok().filter(|y| Self::YEARS.contains(y))?;
        let week: u32 = week.parse().ok()?;
        let start = NaiveDate::from_isoywd_opt(year, week, Weekday::Mon)?;
        Some(Period {
            start,
            weeks: weeks.max(1),
        })
    }

    /// The years a roster may fall in: far enough either side for any
    /// station, and far from the calendar's limits, so that date
    /// arithmetic on a period never overflows. It ends a year short of
    /// 9999 so that what is counted around a date (a cross-training
    /// window, a reference period: a year at most) is still written with
    /// four-digit years.
    pub const YEARS: std::ops::RangeInclusive<i32> = 1900..=9998;

    /// Number of days in the period.
    pub fn len_days(&self) -> usize {
        self.weeks as usize * 7
    }

    /// The last day of the period.
    pub fn end(&self) -> NaiveDate {
        self.start + Days::new(self.len_days() as u64 - 1)
    }

    /// Every date in the period, in order.
    pub fn dates(&self) -> impl Iterator<Item = NaiveDate> + '_ {
        (0..self.len_days() as u64).map(|d| self.start + Days::new(d))
    }

    /// The ISO week label of the period's first week, such as `2026-W49`.
    pub fn label(&self) -> String {
        iso_week_label(self.start)
    }
}

/// The ISO week label of a date, such as `2026-W49`.
pub fn iso_week_label(date: NaiveDate) -> String {
    let week = date.iso_week();
    format!("{}-W{:02}", week.year(), week.week())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_week_round_trip() {
        let period = Period::parse_iso_week("2026-W49", 2).unwrap();
        assert_eq!(period.start, NaiveDate::from_ymd_opt(2026, 11, 30).unwrap());
        assert_eq!(period.end(), NaiveDate::from_ymd_opt(2026, 12, 13).unwrap());
        assert_eq!(period.label(), "2026-W49");
        assert_eq!(period.dates().count(), 14);
        assert!(Period::parse_iso_week("2026-W54", 1).is_none());
        assert!(Period::parse_iso_week("2026-49", 1).is_none());
    }

    #[test]
    fn starting_week_of_goes_back_to_monday() {
        let sunday = NaiveDate::from_ymd_opt(2026, 12, 6).unwrap();
        let period = Period::starting_week_of(sunday, 1);
        assert_eq!(period.start, NaiveDate::from_ymd_opt(2026, 11, 30).unwrap());
    }

    #[test]
    fn holiday_filter_beats_weekday_name() {
        let friday = NaiveDate::from_ymd_opt(2026, 12, 25).unwrap();
        assert!(!DayFilter::Day(Weekday::Fri).matches(DayKind::Holiday, friday));
        assert!(DayFilter::Holiday.matches(DayKind::Holiday, friday));
        assert!(DayFilter::Holiday.specificity() > DayFilter::Day(Weekday::Fri).specificity());
        let dated = DayFilter::parse("2026-12-25").unwrap();
        assert_eq!(dated, DayFilter::Date(friday));
        assert!(dated.matches(DayKind::Holiday, friday));
        assert!(!dated.matches(DayKind::Holiday, friday.succ_opt().unwrap()));
        assert!(dated.specificity() > DayFilter::Holiday.specificity());
        assert_eq!(
            DayFilter::parse("Saturday"),
            Some(DayFilter::Day(Weekday::Sat))
        );
        assert_eq!(DayFilter::parse("someday"), None);
    }
}
