//! `duty print`: a period's roster as paper (text), a web page (HTML), a
//! spreadsheet (CSV), calendars (ICS) or JSON. Prints what is in force for
//! published weeks (changes applied), else the latest saved draft.

use std::collections::HashMap;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::PathBuf;

use chrono::{NaiveDate, Utc};
use clap::{Args, ValueEnum};

use super::{Cli, CliError, load_station, open_store, station_today};
use crate::export::{csv::write_csv, html::render_html, ics, json::write_json, text::write_text};
use crate::model::{Period, Roster, Station};
use crate::solver::check::check;
use crate::store::{Store, StoreError};

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
    /// Text width in columns: 132 for A4 landscape, 80 for a narrow printer.
    #[arg(long, default_value_t = 132, value_parser = clap::value_parser!(u16).range(80..=400))]
    pub width: u16,
}

/// Prints the roster in the chosen format.
pub fn run(cli: &Cli, args: &PrintArgs, out: &mut dyn Write) -> Result<(), CliError> {
    let station = load_station(cli)?;
    let period = match &args.period {
        Some(text) => Period::parse_iso_week(text, args.weeks).ok_or_else(|| {
            CliError::Usage(format!("{text}: not an ISO week; write it like 2026-W49"))
        })?,
        None => {
            Period::starting_week_of(station_today(&station) + chrono::Days::new(7), args.weeks)
        }
    };
    let only = match &args.staff {
        Some(id) => Some(
            station
                .staff_index(id)
                .ok_or_else(|| CliError::Usage(format!("{id}: no officer with this id")))?,
        ),
        None => None,
    };
    let store = open_store(cli)?;
    let roster = roster_to_print(&store, &station, period)?;
    let mut file;
    let mut stdout_sink;
    let sink: &mut dyn Write = match &args.out {
        Some(path) => {
            file =
                BufWriter::new(File::create(path).map_err(|e| {
                    CliError::Failed(format!("cannot create {}: {e}", path.display()))
                })?);
            &mut file
        }
        None => {
            stdout_sink = &mut *out;
            &mut stdout_sink
        }
    };
    match args.format {
        Format::Text => write_text(&station, &roster, only, usize::from(args.width), sink)?,
        Format::Html => {
            let page = render_html(&station, &roster, only)
                .map_err(|e| CliError::Failed(e.to_string()))?;
            sink.write_all(page.as_bytes())?;
        }
        Format::Csv => {
            let mut filtered = roster.clone();
            keep_only(&mut filtered, only);
            write_csv(&station, &filtered, &mut *sink).map_err(csv_failure)?;
        }
        Format::Ics => {
            let history = day_history(&store, &station, period)?;
            sink.write_all(
                ics::render_ics(&station, &roster, only, &history, Utc::now()).as_bytes(),
            )?;
        }
        Format::Json => {
            let ledger = store.ledger_outside(period.start, period.end(), None)?;
            let report = check(&station, &roster, &ledger);
            let mut filtered = roster.clone();
            keep_only(&mut filtered, only);
            write_json(&station, &filtered, &report, &mut *sink).map_err(std::io::Error::from)?;
            writeln!(sink)?;
        }
    }
    sink.flush()?;
    if let Some(path) = &args.out {
        writeln!(out, "Wrote {}", path.display())?;
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

/// What is in force for a fully published period, else the latest draft
/// saved for it.
fn roster_to_print(store: &Store, station: &Station, period: Period) -> Result<Roster, CliError> {
    let (in_force, published) = store.in_force(station, period.start, period.len_days())?;
    if published.iter().all(|&p| p) {
        return Ok(in_force);
    }
    if published.iter().any(|&p| p) {
        return Err(StoreError::Refused(format!(
            "{} to {} is partly published; print the published and the planned weeks separately",
            period.start,
            period.end()
        ))
        .into());
    }
    let draft = store.latest_draft(period.start)?.ok_or_else(|| {
        StoreError::Refused(format!(
            "nothing to print for {} to {}: no published roster and no saved draft (duty plan --save)",
            period.start,
            period.end()
        ))
    })?;
    let saved = store.load_roster(station, &draft)?;
    if saved.days < period.len_days() {
        return Err(StoreError::Refused(format!(
            "the draft saved for {} covers {} day(s), fewer than the {} asked for",
            period.start,
            saved.days,
            period.len_days()
        ))
        .into());
    }
    Ok(saved.window(0, period.len_days()))
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

/// Changes per officer and day from the audit log, for ICS sequences.
fn day_history(
    store: &Store,
    station: &Station,
    period: Period,
) -> Result<HashMap<(String, NaiveDate), ics::DayHistory>, CliError> {
    let mut history: HashMap<(String, NaiveDate), ics::DayHistory> = HashMap::new();
    for change in store.changes(None, period.start, period.end())? {
        if let (Some(id), Some(date)) = (change.staff_id, change.date)
            && station.staff_index(&id).is_some()
        {
            history.entry((id, date)).or_default().changes += 1;
        }
    }
    Ok(history)
}
