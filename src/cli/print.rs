//! `duty print`: a period's roster as paper (text), a web page (HTML), a
//! spreadsheet (CSV), calendars (ICS) or JSON. Prints what is in force for
//! published weeks (changes applied), else the latest saved draft.

use std::io::Write;
use std::path::PathBuf;

use chrono::Utc;
use clap::{Args, ValueEnum};

use super::output::OutFile;
use super::{Cli, CliError, open_reader, parse_week, station_today};
use crate::app;
use crate::export::{csv::write_csv, html::render_html, ics, json::write_json, text::write_text};
use crate::model::Roster;

/// Output formats of `duty print`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Paginated text for a plain printer.
    Text,
    /// One self-contained web page with print CSS.
    Html,
    /// One row per duty.
    Csv,
    /// iCalendar (RFC 5545).
    Ics,
    /// The roster with its score and violations.
    Json,
}

/// Options of `duty print`.
#[derive(Debug, Clone, Args)]
pub struct PrintArgs {
    /// The first ISO week, such as 2026-W49 (default: next week).
    pub period: Option<String>,
    /// Number of weeks.
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=52))]
    pub weeks: u32,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Only this officer's duties (their calendar, their rows).
    #[arg(long)]
    pub staff: Option<String>,
    /// Write to this file instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Replace the --out file if it exists.
    #[arg(long, requires = "out")]
    pub force: bool,
    /// Text width in columns: 132 for A4 landscape, 80 for a narrow printer.
    #[arg(long, default_value_t = 132, value_parser = clap::value_parser!(u16).range(80..=400))]
    pub width: u16,
}

/// Prints the roster in the chosen format.
pub fn run(cli: &Cli, args: &PrintArgs, out: &mut dyn Write) -> Result<(), CliError> {
    let out_file = args
        .out
        .as_deref()
        .map(|path| OutFile::prepare(cli, path, args.force))
        .transpose()?;
    let (station, store) = open_reader(cli)?;
    let period = match &args.period {
        Some(text) => parse_week(text, args.weeks)?,
        None => crate::model::Period::starting_week_of(
            station_today(&station) + chrono::Days::new(7),
            args.weeks,
        ),
    };
    let only = args
        .staff
        .as_deref()
        .map(|id| super::changes::officer(&station, id))
        .transpose()?;
    let (roster, report) = app::print_period(&store, &station, period)?;
    let history = match args.format {
        Format::Ics => app::changes_per_day(&store, &station, period)?
            .into_iter()
            .map(|(key, changes)| (key, ics::DayHistory { changes }))
            .collect(),
        _ => Default::default(),
    };
    let hard = report.hard().count();
    let render = |sink: &mut dyn Write| -> Result<(), CliError> {
        match args.format {
            Format::Text => write_text(
                &station,
                &roster,
                &report,
                only,
                usize::from(args.width),
                sink,
            )?,
            Format::Html => {
                let page = render_html(&station, &roster, &report, only)
                    .map_err(|e| CliError::Failed(e.to_string()))?;
                sink.write_all(page.as_bytes())?;
            }
            Format::Csv => {
                let mut filtered = roster.clone();
                keep_only(&mut filtered, only);
                write_csv(&station, &filtered, &mut *sink).map_err(csv_failure)?;
            }
            Format::Ics => {
                let calendar = ics::render_ics(&station, &roster, only, &history, hard, Utc::now());
                sink.write_all(calendar.as_bytes())?;
            }
            Format::Json => {
                let mut filtered = roster.clone();
                keep_only(&mut filtered, only);
                write_json(&station, &filtered, &report, &mut *sink)
                    .map_err(std::io::Error::from)?;
                writeln!(sink)?;
            }
        }
        Ok(sink.flush()?)
    };
    match out_file {
        Some(file) => {
            let path = file.path().to_path_buf();
            file.write(render)?;
            writeln!(out, "Wrote {}", path.display())?;
        }
        None => render(out)?,
    }
    // A verdict that reads worse than when published, explained.
    for left in app::left_out(&store, &station, (period.start, period.end()))? {
        super::warn(&format!("Left out: {}", left.describe()));
    }
    if let Some(retimed) = app::retimed(&store, &station, (period.start, period.end()))? {
        super::warn(&format!("Times changed: {}", retimed.describe()));
    }
    // Text, HTML, JSON and iCalendar carry the verdict; CSV rows have
    // nowhere to say it, and the calendar's reader is not the person
    // exporting it, so that person is told here.
    if hard > 0 && matches!(args.format, Format::Csv | Format::Ics) {
        let weeks = match period.weeks {
            1 => String::new(),
            n => format!(" --weeks {n}"),
        };
        super::warn(&format!(
            "NOT LEGAL: {} to {} breaks {}; the file holds the roster as it stands (duty print {}{weeks} lists them)",
            period.start,
            period.end(),
            crate::text::count(hard, "hard rule"),
            period.label()
        ));
    }
    Ok(())
}

/// A CSV failure as the CLI reports it: a write failure stays an I/O
/// error, so that a closed pipe (`| head`) ends quietly like every format.
fn csv_failure(e: csv::Error) -> CliError {
    let message = e.to_string();
    match e.into_kind() {
        csv::ErrorKind::Io(io) => CliError::Io(io),
        _ => CliError::Failed(message),
    }
}

fn keep_only(roster: &mut Roster, only: Option<usize>) {
    if let Some(keep) = only {
        for s in (0..roster.staff).filter(|&s| s != keep) {
            for d in 0..roster.days {
                roster.set(s, d, crate::model::Duty::Off);
            }
        }
    }
}
