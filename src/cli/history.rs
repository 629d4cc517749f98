//! `duty history` (rosters and the audit log) and `duty fairness` (the
//! ledger per officer), read from the database.

use std::io::Write;

use chrono::Days;
use clap::Args;

use super::{Cli, CliError, open_reader, parse_date, station_today};
use crate::app;
use crate::export::fairness::{write_fairness_json, write_fairness_text};
use crate::export::history::{absence_lines, change_lines, roster_lines};
use crate::model::calendar::week_monday;

/// Options of `duty history`.
#[derive(Debug, Clone, Args)]
pub struct HistoryArgs {
    /// Only changes of this officer.
    #[arg(long)]
    pub staff: Option<String>,
    /// First day (default: 8 weeks ago).
    #[arg(long)]
    pub from: Option<String>,
    /// Last day (default: 8 weeks ahead).
    #[arg(long)]
    pub to: Option<String>,
}

/// Options of `duty fairness`.
#[derive(Debug, Clone, Args)]
pub struct FairnessArgs {
    /// Count only the last N ISO weeks, up to and including the week
    /// holding --on (default: all history).
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..=5200))]
    pub weeks: Option<u32>,
    /// Print JSON for other programs instead of the table.
    #[arg(long)]
    pub json: bool,
    /// As of this day (YYYY-MM-DD): the cross-training window holding it,
    /// and the weeks of --weeks before it (default: today).
    #[arg(long)]
    pub on: Option<String>,
}

/// Lists rosters, changes and absences recorded.
pub fn history(cli: &Cli, args: &HistoryArgs, out: &mut dyn Write) -> Result<(), CliError> {
    let (station, store) = open_reader(cli)?;
    let today = station_today(&station);
    // A bound left out is 8 weeks from the other one, or from today when
    // that lies further out: `--from` a year ahead alone still reads.
    let given =
        |text: &Option<String>, flag| text.as_deref().map(|t| parse_date(flag, t)).transpose();
    let (from, to) = (given(&args.from, "--from")?, given(&args.to, "--to")?);
    let from = from.unwrap_or_else(|| to.map_or(today, |to| to.min(today)) - Days::new(56));
    let to = to.unwrap_or_else(|| from.max(today) + Days::new(56));
    if to < from {
        return Err(CliError::Usage(format!(
            "--to {to} is before --from {from}: nothing lies between them"
        )));
    }
    let history = app::history(&store, &station, args.staff.as_deref(), from, to)?;
    if let Some(id) = &args.staff {
        // An officer who has left keeps their history; an id neither in
        // staff.toml nor in the records (changes, absences, duties in
        // force) is a typo, not "no changes".
        if station.staff_index(id).is_none()
            && history.changes.is_empty()
            && history.absences.is_empty()
            && !app::left_out(&store, &station, (from, to))?
                .iter()
                .any(|left| &left.staff_id == id)
        {
            return Err(CliError::Usage(format!(
                "{id}: no officer with this id in staff.toml, and nothing recorded for it from {from} to {to}"
            )));
        }
    }
    if args.staff.is_none() {
        writeln!(out, "Rosters {from} to {to}:")?;
        write_lines(roster_lines(&station, &history.rosters), out)?;
    }
    writeln!(out, "Changes:")?;
    write_lines(change_lines(&station, &history.changes), out)?;
    writeln!(out, "Absences recorded:")?;
    write_lines(absence_lines(&station, &history.absences), out)?;
    Ok(())
}

/// Prints where every officer stands (counts, shares by contract, points,
/// hours against target, cross-training behind), as a table or JSON.
pub fn fairness(cli: &Cli, args: &FairnessArgs, out: &mut dyn Write) -> Result<(), CliError> {
    let (station, store) = open_reader(cli)?;
    let today = match &args.on {
        Some(text) => parse_date("--on", text)?,
        None => station_today(&station),
    };
    // Whole ISO weeks, as rosters are published: the week holding `today`
    // and the N - 1 before it (a start mid-week would count a stray day
    // of an earlier week, and a week more), none after it (weeks
    // published ahead are not yet the last N).
    let window = args.weeks.map(|w| {
        let monday = week_monday(today);
        (
            monday - Days::new(7 * u64::from(w - 1)),
            monday + Days::new(6),
        )
    });
    let report = app::fairness_report(&store, &station, window, today)?;
    if args.json {
        write_fairness_json(&station, &report, &mut *out).map_err(std::io::Error::from)?;
        writeln!(out)?;
        return Ok(());
    }
    let span = match report.span {
        Some((from, to)) => format!(
            "{from} to {to}, {} week{}",
            report.weeks,
            if report.weeks == 1 { "" } else { "s" }
        ),
        None => "nothing published yet".to_string(),
    };
    match window {
        Some((first, last)) => writeln!(
            out,
            "Fairness from {first} to {last} (published duties with changes; {span}):"
        )?,
        None => writeln!(
            out,
            "Fairness over all history (published duties with changes; {span}):"
        )?,
    }
    write_fairness_text(&station, &report, out)?;
    Ok(())
}

fn write_lines(lines: Vec<String>, out: &mut dyn Write) -> std::io::Result<()> {
    for line in lines {
        writeln!(out, "{line}")?;
    }
    Ok(())
}
