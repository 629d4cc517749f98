//! The roster as a text grid for the terminal: officers by unit down the
//! side, days across, the chief watch as its own row and the head count of
//! every shift against its minimum at the bottom.
//!
//! ```text
//! officer              rank   Mo30 Tu01 ...  hours   ±tgt nights
//! -- Station duty
//! ST01 Wang Wei        chief  CHF  E    ...   40.0   +0.0      1
//! CHIEF                       ST01 PA02 ...
//! E  cover                    5/5  5/5  ...
//! ```

use std::io::{self, Write};

use crate::model::cover::{cover_lines, day_cover};
use crate::model::standing::minutes_off_target;
use crate::model::{DayMinutes, Roster, Station};
use crate::text::column;

const NAME_WIDTH: usize = 23;
const RANK_WIDTH: usize = 7;
const CELL_WIDTH: usize = 5;

/// Writes the grid.
pub fn write_grid(station: &Station, roster: &Roster, out: &mut dyn Write) -> io::Result<()> {
    write!(
        out,
        "{}{}",
        column("officer", NAME_WIDTH),
        column("rank", RANK_WIDTH)
    )?;
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
    writeln!(out, " {:>6} {:>6} {:>6}", "hours", "±tgt", "nights")?;
    let calendar = station.leave_calendar();
    let day_minutes = DayMinutes::of(station, roster);
    for (u, unit) in station.units.iter().enumerate() {
        writeln!(out, "-- {}", unit.name)?;
        for s in (0..roster.staff).filter(|&s| station.staff[s].unit == u) {
            let officer = &station.staff[s];
            let label = format!("{} {}", officer.id, officer.name);
            let rank = &station.ranks[officer.rank].code;
            write!(
                out,
                "{}{}",
                column(&label, NAME_WIDTH),
                column(rank, RANK_WIDTH)
            )?;
            let (mut minutes, mut nights) = (0u32, 0u32);
            for d in 0..roster.days {
                minutes += day_minutes.worked(roster, s, d);
                nights += u32::from(roster.get(s, d).is_night(station));
                let code = roster.cell_code(station, s, d);
                let pin = if roster.is_pinned(s, d) { "!" } else { "" };
                write!(out, "{}", column(&format!("{code}{pin}"), CELL_WIDTH))?;
            }
            let off_target =
                minutes_off_target(station, &calendar, &day_minutes, roster, s) as f64 / 60.0;
            writeln!(
                out,
                " {:>6.1} {off_target:>+6.1} {nights:>6}",
                f64::from(minutes) / 60.0
            )?;
        }
    }
    write!(out, "{}", column("CHIEF on duty", NAME_WIDTH + RANK_WIDTH))?;
    for d in 0..roster.days {
        let chief = roster
            .chief_on(d)
            .map_or("??".to_string(), |s| station.staff[s].id.clone());
        write!(out, "{}", column(&chief, CELL_WIDTH))?;
    }
    writeln!(out)?;
    let per_day: Vec<_> = (0..roster.days)
        .map(|d| day_cover(station, roster, d))
        .collect();
    for (i, line) in cover_lines(station).into_iter().enumerate() {
        let label = format!("{} cover (have/min)", line.label(station));
        write!(out, "{}", column(&label, NAME_WIDTH + RANK_WIDTH))?;
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
