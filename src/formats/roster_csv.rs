//! A roster kept in a spreadsheet, read back: the CSV `duty print --format
//! csv` and `duty plan --out` write (a row per duty: `date`, `staff_id`,
//! `duty`; other columns are ignored), as a manager brings in the paper
//! rosters of the months before `duty`, or a week edited in a spreadsheet.
//! Fairness is counted over months, so the history it starts from matters.
//!
//! The reader names the line and field of everything wrong, all of it at
//! once, and builds nothing from a file with a fault: a roster half read
//! would be judged, and maybe published, as if it were the whole.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::FormatError;
use crate::model::calendar::week_monday;
use crate::model::{Duty, Period, Roster, Station};

/// The most weeks one file may hold: what `duty plan --weeks` allows, and
/// what one judgement of a draft is sized for.
pub const MAX_WEEKS: i64 = 52;

/// Faults reported before the rest are only counted: a file of the wrong
/// kind fails on every line, and a screen of the same message helps nobody.
const MAX_REPORTED: usize = 20;

/// The columns the reader needs, as the CSV export names them.
const COLUMNS: [&str; 3] = ["date", "staff_id", "duty"];

/// A roster read from a file, over the whole ISO weeks its duties fall in.
#[derive(Debug, Clone)]
pub struct ReadRoster {
    /// Every officer of the station, off where the file gives no duty.
    pub roster: Roster,
    /// The weeks it spans.
    pub period: Period,
    /// Rows that named a duty (days off written out included).
    pub rows: usize,
}

/// Reads a roster CSV for `station`. On any fault, every fault found (up
/// to [`MAX_REPORTED`], then one line counting the rest).
pub fn read_roster_csv(text: &str, station: &Station) -> Result<ReadRoster, Vec<FormatError>> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let columns = columns(&mut reader)?;
    let staff = station.staff_by_id();
    let mut faults = Vec::new();
    let mut duties: Vec<(usize, NaiveDate, Duty)> = Vec::new();
    let mut seen: HashMap<(usize, NaiveDate), usize> = HashMap::new();
    for record in reader.records() {
        let record = match record {
            Ok(record) => record,
            Err(e) => {
                faults.push(FormatError {
                    line: e.position().map_or(0, |p| p.line() as usize),
                    message: format!("not CSV: {e}"),
                });
                break;
            }
        };
        let line = record.position().map_or(0, |p| p.line() as usize);
        if record.iter().all(str::is_empty) {
            continue;
        }
        let fields = columns.map(|i| unspreadsheet(record.get(i).unwrap_or("")));
        let (s, date, duty) = match read_row(fields, &staff, station) {
            Ok(row) => row,
            Err(messages) => {
                faults.extend(
                    messages
                        .into_iter()
                        .map(|message| FormatError { line, message }),
                );
                continue;
            }
        };
        if let Some(first) = seen.insert((s, date), line) {
            faults.push(FormatError {
                line,
                message: format!(
                    "{} has a second duty on {date}; line {first} gives the first",
                    station.staff[s].id
                ),
            });
            continue;
        }
        duties.push((s, date, duty));
    }
    if !faults.is_empty() {
        return Err(capped(faults));
    }
    roster_of(station, &duties).map_err(|fault| vec![fault])
}

/// One row's officer, date and duty, from its `date`, `staff_id` and
/// `duty` cells; else what is wrong with each of them.
fn read_row(
    [date, id, code]: [&str; 3],
    staff: &HashMap<&str, usize>,
    station: &Station,
) -> Result<(usize, NaiveDate, Duty), Vec<String>> {
    let empty: Vec<&str> = COLUMNS
        .iter()
        .zip([date, id, code])
        .filter(|(_, cell)| cell.is_empty())
        .map(|(column, _)| *column)
        .collect();
    if !empty.is_empty() {
        let hint = if code.is_empty() {
            " (a day off is written off or -, or left out)"
        } else {
            ""
        };
        return Err(vec![format!("no {}{hint}", empty.join(", no "))]);
    }
    let date = parse_date(date);
    let officer = staff.get(id).copied().ok_or_else(|| {
        format!(
            "staff_id {id:?} is not an officer in staff.toml (one who has left: keep them there until their weeks are in, or leave their rows out)"
        )
    });
    let duty = Duty::from_code(station, code).ok_or_else(|| unknown_duty(station, code));
    match (date, officer, duty) {
        (Ok(date), Ok(s), Ok(duty)) => Ok((s, date, duty)),
        (date, officer, duty) => Err([date.err(), officer.err(), duty.err()]
            .into_iter()
            .flatten()
            .collect()),
    }
}

/// Where each needed column is, from the header: missing ones are named,
/// with the header the export writes.
fn columns(reader: &mut csv::Reader<&[u8]>) -> Result<[usize; 3], Vec<FormatError>> {
    let header = reader.headers().map_err(|e| {
        vec![FormatError {
            line: 1,
            message: format!("not CSV: {e}"),
        }]
    })?;
    let names: Vec<String> = header
        .iter()
        .map(|h| {
            unspreadsheet(h)
                .trim_start_matches('\u{feff}')
                .to_lowercase()
        })
        .collect();
    let mut found = [0; 3];
    let mut missing = Vec::new();
    for (slot, want) in found.iter_mut().zip(COLUMNS) {
        match names.iter().position(|n| n == want) {
            Some(i) => *slot = i,
            None => missing.push(want),
        }
    }
    if missing.is_empty() {
        return Ok(found);
    }
    Err(vec![FormatError {
        line: 1,
        message: format!(
            "the header has no {} column; the first line names the columns, as `duty print --format csv` writes them: date,staff_id,staff_name,unit,duty,start,end",
            missing.join(", no ")
        ),
    }])
}

/// A cell as typed, without the `'` the export puts before a leading `=`,
/// `+`, `-` or `@` so a spreadsheet keeps it text.
fn unspreadsheet(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@']) => rest,
        _ => cell,
    }
}

/// A date as ISO 8601 writes it, or year first with `/` or `.` as a
/// spreadsheet saves it back (Excel in a Chinese locale writes 2026/12/7).
/// Day and month in another order are refused: 7/12/2026 is not the same
/// day in every country.
fn parse_date(text: &str) -> Result<NaiveDate, String> {
    ["%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d"]
        .iter()
        .find_map(|format| NaiveDate::parse_from_str(text, format).ok())
        .filter(|d| Period::YEARS.contains(&chrono::Datelike::year(d)))
        .ok_or_else(|| {
            format!(
                "date {text:?} is not a date from {} to {}; write it like 2026-12-07",
                Period::YEARS.start(),
                Period::YEARS.end()
            )
        })
}

fn unknown_duty(station: &Station, code: &str) -> String {
    let codes: Vec<&str> = station.shifts.iter().map(|s| s.code.as_str()).collect();
    format!(
        "duty {code:?} is not a shift of rules.toml; use one of {}, CHIEF or off",
        codes.join(", ")
    )
}

/// The roster over the whole weeks the duties fall in.
fn roster_of(
    station: &Station,
    duties: &[(usize, NaiveDate, Duty)],
) -> Result<ReadRoster, FormatError> {
    let (Some(first), Some(last)) = (
        duties.iter().map(|d| d.1).min(),
        duties.iter().map(|d| d.1).max(),
    ) else {
        return Err(FormatError {
            line: 1,
            message: "no duties: the file holds a header and nothing else".into(),
        });
    };
    let start = week_monday(first);
    let weeks = (week_monday(last) - start).num_days() / 7 + 1;
    if weeks > MAX_WEEKS {
        return Err(FormatError {
            line: 1,
            message: format!(
                "the duties run from {first} to {last}, {weeks} weeks; bring in at most {MAX_WEEKS} weeks at a time"
            ),
        });
    }
    let period = Period {
        start,
        weeks: weeks as u32,
    };
    let mut roster = Roster::new(start, period.len_days(), station.staff.len());
    for &(s, date, duty) in duties {
        if let Some(d) = roster.day_index(date) {
            roster.set(s, d, duty);
        }
    }
    Ok(ReadRoster {
        roster,
        period,
        rows: duties.len(),
    })
}

/// At most [`MAX_REPORTED`] faults, then one counting the rest.
fn capped(mut faults: Vec<FormatError>) -> Vec<FormatError> {
    if faults.len() > MAX_REPORTED {
        let more = faults.len() - MAX_REPORTED;
        let line = faults[MAX_REPORTED].line;
        faults.truncate(MAX_REPORTED);
        faults.push(FormatError {
            line,
            message: format!(
                "and {} more from here on",
                crate::text::count(more, "fault")
            ),
        });
    }
    faults
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Station {
        crate::sample::station()
    }

    const HEADER: &str = "date,staff_id,staff_name,unit,duty,start,end\n";

    fn faults(text: &str) -> Vec<String> {
        read_roster_csv(text, &sample())
            .err()
            .unwrap_or_else(|| panic!("read without a fault:\n{text}"))
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    #[test]
    fn a_row_per_duty_becomes_a_roster_over_whole_weeks() {
        let station = sample();
        let text = format!(
            "{HEADER}2026-12-09,PA03,Hu Bin,patrol,E,2026-12-09T06:00:00+08:00,2026-12-09T14:00:00+08:00\n\
             2026-12-15,ST01,Wang Wei,station,CHIEF,,\n\
             \n\
             2026-12-16,ST02,Li Na,station,-,,\n"
        );
        let read = read_roster_csv(&text, &station).unwrap();
        let monday = NaiveDate::from_ymd_opt(2026, 12, 7).unwrap();
        assert_eq!(
            (read.period.start, read.period.weeks, read.rows),
            (monday, 2, 3)
        );
        let (pa03, st01) = (
            station.staff_index("PA03").unwrap(),
            station.staff_index("ST01").unwrap(),
        );
        assert_eq!(
            read.roster.get(pa03, 2),
            Duty::Shift(station.shift_index("E").unwrap())
        );
        assert_eq!(read.roster.get(st01, 8), Duty::Chief);
        let working = (0..read.roster.staff)
            .flat_map(|s| (0..read.roster.days).map(move |d| (s, d)))
            .filter(|&(s, d)| read.roster.get(s, d).is_working())
            .count();
        assert_eq!(working, 2, "everyone else is off");
    }

    #[test]
    fn columns_are_found_by_name_in_any_order_and_the_export_quote_comes_off() {
        let station = sample();
        // A spreadsheet saved it with a byte order mark, columns moved.
        let text =
            "\u{feff}Duty,Date,Staff_ID\n'-,2026-12-07,PA03\nN,2026/12/8,PA03\nE,2026.12.9,PA03\n";
        let read = read_roster_csv(text, &station).unwrap();
        let pa03 = station.staff_index("PA03").unwrap();
        assert_eq!(read.roster.get(pa03, 0), Duty::Off);
        assert_eq!(
            read.roster.get(pa03, 1),
            Duty::Shift(station.shift_index("N").unwrap())
        );
        // Saved back by Excel in a Chinese locale: year first, slashes.
        assert_eq!(
            read.roster.get(pa03, 2),
            Duty::Shift(station.shift_index("E").unwrap())
        );
        // Day and month in another order: not the same day everywhere.
        let ambiguous = read_roster_csv("date,staff_id,duty\n7/12/2026,PA03,E\n", &station);
        assert!(ambiguous.is_err());
    }

    #[test]
    fn every_fault_is_named_by_line_and_field_and_nothing_is_built() {
        let text = format!(
            "{HEADER}2026-12-07,PA03,,,E,,\n\
             2026-13-07,PA03,,,E,,\n\
             2026-12-08,PX99,,,E,,\n\
             2026-12-08,PA03,,,Q,,\n\
             2026-12-07,PA03,,,L,,\n\
             10000-01-01,PA03,,,L,,\n\
             2026-12-09,,,,,,\n"
        );
        assert_eq!(
            faults(&text),
            [
                "line 3: date \"2026-13-07\" is not a date from 1900 to 9998; write it like 2026-12-07",
                "line 4: staff_id \"PX99\" is not an officer in staff.toml (one who has left: keep them there until their weeks are in, or leave their rows out)",
                "line 5: duty \"Q\" is not a shift of rules.toml; use one of E, D, L, N, TE, TL, CHIEF or off",
                "line 6: PA03 has a second duty on 2026-12-07; line 2 gives the first",
                "line 7: date \"10000-01-01\" is not a date from 1900 to 9998; write it like 2026-12-07",
                "line 8: no staff_id, no duty (a day off is written off or -, or left out)",
            ]
        );
    }

    #[test]
    fn a_file_of_the_wrong_kind_says_what_it_lacks() {
        assert_eq!(
            faults("employee,day,shift\nA,0,D\n"),
            [
                "line 1: the header has no date, no staff_id, no duty column; the first line names the columns, as `duty print --format csv` writes them: date,staff_id,staff_name,unit,duty,start,end"
            ]
        );
        assert_eq!(
            faults(HEADER),
            ["line 1: no duties: the file holds a header and nothing else"]
        );
        assert!(faults("")[0].starts_with("line 1: the header has no date"));
        let long = format!("{HEADER}2026-01-05,PA03,,,E,,\n2027-01-04,PA03,,,E,,\n");
        assert_eq!(
            faults(&long),
            [
                "line 1: the duties run from 2026-01-05 to 2027-01-04, 53 weeks; bring in at most 52 weeks at a time"
            ]
        );
    }

    #[test]
    fn a_flood_of_faults_is_cut_to_twenty_and_a_count() {
        let mut text = HEADER.to_string();
        for _ in 0..25 {
            text.push_str("someday,PA03,,,E,,\n");
        }
        let found = faults(&text);
        assert_eq!(found.len(), 21);
        assert_eq!(found[20], "line 22: and 5 faults more from here on");
    }
}
