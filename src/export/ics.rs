//! iCalendar (RFC 5545) for officers' phones: one event per duty, local
//! times with the station's TZID and a VTIMEZONE built from chrono-tz for the
//! span covered, stable UIDs (officer, date) so a re-import updates rather
//! than duplicates, SEQUENCE counting the changes made to that day, and
//! cancelled events for duties changed to a day off. A roster that breaks
//! hard rules says so on the phone too: in the calendar's name, and on
//! every event, marked tentative.

use std::collections::HashMap;

use chrono::{DateTime, Duration, NaiveDate, Offset, TimeZone, Utc};
use chrono_tz::{OffsetComponents, OffsetName, Tz};
use icalendar::{Calendar, CalendarDateTime, Component, Event, EventLike, EventStatus, Property};

use crate::model::eligibility::trainee_duty_rule;
use crate::model::roster::CROSS_TRAINING_MARK;
use crate::model::{Duty, Roster, Station};
use crate::text::without_controls;

/// What the audit log says about one officer's day, keyed by (id, date).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DayHistory {
    /// Changes made to that day after publishing.
    pub changes: u32,
}

/// The stable UID of an officer's duty on a date.
pub fn uid(station: &Station, staff_id: &str, date: NaiveDate) -> String {
    let host: String = station
        .name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    format!("{date}-{}@{host}.duty", without_controls(staff_id))
}

/// The iCalendar PRODID of files `duty` writes (RFC 5545, 3.7.3).
const PRODUCT_ID: &str = "-//duty//Duty roster//EN";

/// Builds the calendar of the roster, for one officer or all; `hard` is
/// the count of hard rules the roster breaks (its verdict), so that an
/// illegal week never sits in a calendar looking settled.
pub fn render_ics(
    station: &Station,
    roster: &Roster,
    only: Option<usize>,
    history: &HashMap<(String, NaiveDate), DayHistory>,
    hard: usize,
    stamp: DateTime<Utc>,
) -> String {
    let tz = station.timezone;
    // `Calendar::new()` names the crate as the product (PRODID:ICALENDAR-RS);
    // RFC 5545 asks for the product that wrote the file, which a calendar
    // client shows and may key its handling on.
    let mut calendar = Calendar::empty();
    calendar
        .append_property(Property::new("VERSION", "2.0"))
        .append_property(Property::new("PRODID", PRODUCT_ID))
        .append_property(Property::new("CALSCALE", "GREGORIAN"));
    let station_name = without_controls(&station.name);
    let who = only.map_or(station_name.to_string(), |s| {
        format!(
            "{station_name}: {}",
            without_controls(&station.staff[s].name)
        )
    });
    let not_legal = (hard > 0).then(|| {
        format!(
            "NOT LEGAL: this roster breaks {} and may change; ask the duty manager",
            crate::text::count(hard, "hard rule")
        )
    });
    let title = match &not_legal {
        Some(_) => format!(
            "Duty roster, {who} (NOT LEGAL: {} broken)",
            crate::text::count(hard, "hard rule")
        ),
        None => format!("Duty roster, {who}"),
    };
    // The crate escapes the properties it knows as TEXT (X-WR-CALNAME,
    // SUMMARY, ...) but writes NAME verbatim: escape that one here.
    calendar
        .append_property(Property::new("NAME", escape_text(&title)))
        .append_property(Property::new("X-WR-CALNAME", title))
        .timezone(tz.name());
    let mut events = Vec::new();
    for s in (0..roster.staff).filter(|&s| only.is_none_or(|o| o == s)) {
        let officer = &station.staff[s];
        for d in 0..roster.days {
            let date = roster.date(d);
            let duty = roster.get(s, d);
            let log = history
                .get(&(officer.id.clone(), date))
                .copied()
                .unwrap_or_default();
            let mut event = Event::new();
            let officer_name = without_controls(&officer.name);
            let officer_id = without_controls(&officer.id);
            event
                .uid(&uid(station, &officer.id, date))
                .timestamp(stamp)
                .sequence(log.changes);
            match duty.interval(station, date) {
                Some(interval) => {
                    let (title, name) = match duty {
                        Duty::Chief => ("CHIEF".to_string(), "Chief officer on duty".to_string()),
                        Duty::Shift(sh) => (
                            without_controls(&station.shifts[sh].code).into_owned(),
                            without_controls(&station.shifts[sh].name).into_owned(),
                        ),
                        Duty::Off => unreachable!("off has no interval"),
                    };
                    let mut description = format!("{officer_name} ({officer_id}), {station_name}");
                    // A trainee's shift says so on the phone, as `D+` does
                    // on paper: with whom and under which rule.
                    let title = match trainee_duty_rule(station, s, duty) {
                        Some(rule) => {
                            let rule = without_controls(&station.cross_training[rule].name);
                            description = format!(
                                "{description}\nCross-training: {rule}, beside a mentor of the host unit"
                            );
                            format!("{title}{CROSS_TRAINING_MARK} {name}, cross-training")
                        }
                        None => format!("{title} {name}"),
                    };
                    if let Some(warning) = &not_legal {
                        description = format!("{warning}\n{description}");
                        event.status(EventStatus::Tentative);
                    }
                    event
                        .summary(&title)
                        .description(&description)
                        .location(&station_name)
                        .starts(local(interval.start))
                        .ends(local(interval.end));
                }
                None if log.changes > 0 => {
                    // Changed to a day off after publishing: cancel the event.
                    event
                        .summary("Cancelled duty")
                        .starts(local(
                            tz.from_utc_datetime(&date.and_hms_opt(0, 0, 0).expect("midnight"))
                                .with_timezone(&tz),
                        ))
                        .status(EventStatus::Cancelled);
                }
                None => continue,
            }
            events.push(event.done());
        }
    }
    // The crate writes DTSTAMP and UID into every component, which RFC
    // 5545 forbids in a VTIMEZONE: so the calendar is laid out here, in
    // order, from the crate's header, our VTIMEZONE and the crate's events.
    let head = calendar.done().to_string();
    let mut text = head
        .strip_suffix("END:VCALENDAR\r\n")
        .unwrap_or(&head)
        .to_string();
    let from = roster.start - Duration::days(1);
    let to = roster.date(roster.days - 1) + Duration::days(2);
    text.push_str(&vtimezone(tz, from, to));
    for event in &events {
        text.push_str(&event.to_string());
    }
    text.push_str("END:VCALENDAR\r\n");
    text
}

/// RFC 5545 TEXT escaping (backslash, comma, semicolon, line feed), for
/// the calendar properties the crate writes verbatim.
fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ',' => out.push_str("\\,"),
            ';' => out.push_str("\\;"),
            '\n' => out.push_str("\\n"),
            c if crate::text::is_steering(c) => {}
            c => out.push(c),
        }
    }
    out
}

fn local(instant: DateTime<Tz>) -> CalendarDateTime {
    CalendarDateTime::WithTimezone {
        date_time: instant.naive_local(),
        tzid: instant.timezone().name().to_string(),
    }
}

/// A VTIMEZONE describing every UTC offset the zone uses between two
/// dates: the offset in force at `from`, and each transition after it.
pub fn vtimezone(tz: Tz, from: NaiveDate, to: NaiveDate) -> String {
    let mut out = format!("BEGIN:VTIMEZONE\r\nTZID:{}\r\n", tz.name());
    let start = Utc.from_utc_datetime(&from.and_hms_opt(0, 0, 0).expect("midnight"));
    let end = Utc.from_utc_datetime(&to.and_hms_opt(0, 0, 0).expect("midnight"));
    let offset_at = |t: DateTime<Utc>| tz.offset_from_utc_datetime(&t.naive_utc());
    let mut previous = offset_at(start);
    let component = |out: &mut String,
                     onset: DateTime<Utc>,
                     from_offset: i32,
                     offset: <Tz as TimeZone>::Offset| {
        let kind = if offset.dst_offset().num_seconds() != 0 {
            "DAYLIGHT"
        } else {
            "STANDARD"
        };
        let local_onset = onset + Duration::seconds(i64::from(from_offset));
        out.push_str(&format!(
            "BEGIN:{kind}\r\nDTSTART:{}\r\nTZOFFSETFROM:{}\r\nTZOFFSETTO:{}\r\nTZNAME:{}\r\nEND:{kind}\r\n",
            local_onset.format("%Y%m%dT%H%M%S"),
            utc_offset(from_offset),
            utc_offset(offset.fix().local_minus_utc()),
            offset.abbreviation().unwrap_or("LT")
        ));
    };
    let first_offset = previous.fix().local_minus_utc();
    component(&mut out, start, first_offset, previous);
    let mut t = start;
    while t < end {
        let next = t + Duration::minutes(15);
        let offset = offset_at(next);
        if offset.fix() != previous.fix() {
            component(&mut out, next, previous.fix().local_minus_utc(), offset);
            previous = offset;
        }
        t = next;
    }
    out.push_str("END:VTIMEZONE\r\n");
    out
}

fn utc_offset(seconds: i32) -> String {
    let sign = if seconds < 0 { '-' } else { '+' };
    let s = seconds.abs();
    format!("{sign}{:02}{:02}", s / 3600, (s % 3600) / 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn london_2026_has_both_transitions() {
        let text = vtimezone(
            chrono_tz::Europe::London,
            NaiveDate::from_ymd_opt(2026, 3, 1).unwrap(),
            NaiveDate::from_ymd_opt(2026, 11, 1).unwrap(),
        );
        assert!(text.contains("BEGIN:DAYLIGHT\r\nDTSTART:20260329T010000\r\nTZOFFSETFROM:+0000\r\nTZOFFSETTO:+0100\r\nTZNAME:BST"), "{text}");
        assert!(text.contains("BEGIN:STANDARD\r\nDTSTART:20261025T020000\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0000\r\nTZNAME:GMT"), "{text}");
    }

    #[test]
    fn shanghai_has_one_offset() {
        let text = vtimezone(
            chrono_tz::Asia::Shanghai,
            NaiveDate::from_ymd_opt(2026, 11, 30).unwrap(),
            NaiveDate::from_ymd_opt(2026, 12, 8).unwrap(),
        );
        assert_eq!(text.matches("BEGIN:STANDARD").count(), 1);
        assert!(text.contains("TZOFFSETTO:+0800"));
    }

    #[test]
    fn a_cross_training_shift_says_so_on_the_phone() {
        let station = crate::sample::station_without_leave();
        let start = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
        let mut roster = Roster::new(start, 7, station.staff.len());
        let desk_day = Duty::Shift(station.shift_index("D").unwrap());
        let trainee = station.staff_index("TR05").unwrap();
        let regular = station.staff_index("ST06").unwrap();
        roster.set(trainee, 0, desk_day);
        roster.set(regular, 0, desk_day);
        let stamp = DateTime::from_timestamp(0, 0).unwrap();
        let calendar = |s: usize| {
            render_ics(&station, &roster, Some(s), &HashMap::new(), 0, stamp).replace("\r\n ", "")
        };
        let trainee = calendar(trainee);
        assert!(
            trainee.contains("SUMMARY:D+ Day\\, cross-training\r\n"),
            "{trainee}"
        );
        assert!(
            trainee.contains(
                "\\nCross-training: Traffic officers at the station desk\\, beside a mentor"
            ),
            "{trainee}"
        );
        let regular = calendar(regular);
        assert!(regular.contains("SUMMARY:D Day\r\n"), "{regular}");
        assert!(!regular.contains("ross-training"), "{regular}");
    }
}
