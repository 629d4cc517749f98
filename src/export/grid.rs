//! The roster as a text grid for the terminal: officers by unit down the
//! side, days across, the chief watch as its own row and the head count of
//! every shift against its minimum at the bottom.
//!
//! ```text
//! officer              rank   Mo30 Tu01 ...  hours nights
//! -- Station duty
//! ST01 Wang Wei        chief  CHF  E    ...   40.0      1
//! CHIEF                       ST01 PA02 ...
//! E  cover                    5/5  5/5  ...
//! ```

use std::io::{self, Write};

use crate::model::cover::{cover_lines, day_cover};
use crate::model::{Roster, Station};

const NAME_WIDTH: usize = 22;
const CELL_WIDTH: usize = 5;

/// Writes the grid.
pub fn write_grid(station: &Station, roster: &Roster, out: &mut dyn Write) -> io::Result<()> {
    write!(out, "{:<w$} {:<6}", "officer", "rank", w = NAME_WIDTH)?;
    for date in roster.dates() {
        let holiday = if station.holiday_on(date).is_some() {
            "*"
        } else {
            ""
        };
        write!(
            out,
            "{:<CELL_WIDTH$}",
            format!(
                "{}{}{holiday}",
                &date.format("%a").to_string()[..2],
                date.format("%d")
            )
        )?;
    }
    writeln!(out, " {:>6} {:>6}", "hours", "nights")?;
    for (u, unit) in station.units.iter().enumerate() {
        writeln!(out, "-- {}", unit.name)?;
        for s in (0..roster.staff).filter(|&s| station.staff[s].unit == u) {
            let officer = &station.staff[s];
            let label = format!("{} {}", officer.id, officer.name);
            let rank: String = station.ranks[officer.rank].code.chars().take(6).collect();
            write!(
                out,
                "{:<w$} {rank:<6}",
                truncate(&label, NAME_WIDTH),
                w = NAME_WIDTH
            )?;
            let (mut minutes, mut nights) = (0u32, 0u32);
            for d in 0..roster.days {
                let duty = roster.get(s, d);
                minutes += duty.minutes(station);
                nights += u32::from(duty.is_night(station));
                let code = roster.cell_code(station, s, d);
                let pin = if roster.is_pinned(s, d) { "!" } else { "" };
                write!(out, "{:<CELL_WIDTH$}", format!("{code}{pin}"))?;
            }
            writeln!(out, " {:>6.1} {nights:>6}", f64::from(minutes) / 60.0)?;
        }
    }
    write!(out, "{:<w$}", "CHIEF on duty", w = NAME_WIDTH + 7)?;
    for d in 0..roster.days {
        let chief = roster
            .chief_on(d)
            .map_or("??".to_string(), |s| station.staff[s].id.clone());
        write!(out, "{chief:<CELL_WIDTH$}")?;
    }
    writeln!(out)?;
    let per_day: Vec<_> = (0..roster.days)
        .map(|d| day_cover(station, roster, d))
        .collect();
    for (i, line) in cover_lines(station).into_iter().enumerate() {
        write!(
            out,
            "{:<w$}",
            format!("{} cover (have/min)", line.label(station)),
            w = NAME_WIDTH + 7
        )?;
        for day in &per_day {
            write!(out, "{:<CELL_WIDTH$}", day[i].1.text())?;
        }
        writeln!(out)?;
    }
    writeln!(
        out,
        "lv = on leave, CHF = chief watch, * = public holiday, ! after a count = below minimum"
    )
}

fn truncate(text: &str, width: usize) -> String {
    text.chars().take(width).collect()
}
