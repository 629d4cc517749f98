//! `duty history` (rosters and the audit log) and `duty fairness` (the
//! ledger per officer), read from the database.

use std::io::Write;

use chrono::Days;
use clap::Args;

use super::{Cli, CliError, open_reader, parse_date, station_today};
use crate::app;
use crate::model::Category;

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
    /// Count only the last N weeks (default: all history).
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..=5200))]
    pub weeks: Option<u32>,
}

/// Lists rosters and changes.
pub fn history(cli: &Cli, args: &HistoryArgs, out: &mut dyn Write) -> Result<(), CliError> {
    let (station, store) = open_reader(cli)?;
    let today = station_today(&station);
    let from = match &args.from {
        Some(text) => parse_date("--from", text)?,
        None => today - Days::new(56),
    };
    let to = match &args.to {
        Some(text) => parse_date("--to", text)?,
        None => today + Days::new(56),
    };
    let (rosters, changes) = app::history(&store, args.staff.as_deref(), from, to)?;
    if args.staff.is_none() {
        writeln!(out, "Rosters {from} to {to}:")?;
        if rosters.is_empty() {
            writeln!(out, "  none")?;
        }
        for r in rosters {
            writeln!(
                out,
                "  #{:<4} {} to {}  {:<9} hard {} soft {}  saved {}{}{}{}",
                r.id,
                r.start,
                r.end,
                r.status,
                r.hard,
                r.soft,
                r.created_utc,
                r.saved_by
                    .as_deref()
                    .map_or(String::new(), |who| format!(" by {who}")),
                r.published_utc.map_or(String::new(), |t| format!(
                    ", published {t} by {}",
                    r.published_by.unwrap_or_default()
                )),
                r.forced_reason
                    .map_or(String::new(), |why| format!(", FORCED: {why}"))
            )?;
        }
    }
    writeln!(out, "Changes:")?;
    if changes.is_empty() {
        writeln!(out, "  none")?;
    }
    for c in changes {
        let what = match (&c.staff_id, c.date) {
            (Some(id), Some(date)) => {
                let name = station
                    .staff_index(id)
                    .map_or(id.as_str(), |s| station.staff[s].name.as_str());
                format!(
                    "{name} ({id}) {date}: {} -> {}",
                    c.old_duty.as_deref().unwrap_or("off"),
                    c.new_duty.as_deref().unwrap_or("off")
                )
            }
            _ => format!("roster #{}", c.roster_id),
        };
        writeln!(
            out,
            "  {} {:<7} {what}  by {}: {}{}",
            c.at_utc,
            c.kind,
            c.operator,
            c.reason,
            if c.forced {
                " (FORCED: breaks hard rules)"
            } else {
                ""
            }
        )?;
    }
    Ok(())
}

/// Prints the fairness ledger per officer, grouped by unit.
pub fn fairness(cli: &Cli, args: &FairnessArgs, out: &mut dyn Write) -> Result<(), CliError> {
    let (station, store) = open_reader(cli)?;
    let since = args
        .weeks
        .map(|w| station_today(&station) - Days::new(7 * u64::from(w)));
    // Everything in force (nothing excluded), since the start asked for.
    let ledger = app::fairness_ledger(&store, since)?;
    match since {
        Some(date) => writeln!(
            out,
            "Fairness since {date} (published duties with changes):"
        )?,
        None => writeln!(
            out,
            "Fairness over all history (published duties with changes):"
        )?,
    }
    writeln!(
        out,
        "  {:<26} {:>7} {:>9} {:>9} {:>7}",
        "officer", "nights", "weekends", "holidays", "chief"
    )?;
    for (u, unit) in station.units.iter().enumerate() {
        writeln!(out, "-- {}", unit.name)?;
        for officer in station.staff.iter().filter(|o| o.unit == u) {
            let c = |cat| ledger.get(&officer.id, cat);
            writeln!(
                out,
                "  {} {:>7} {:>9} {:>9} {:>7}",
                crate::text::fit(&format!("{} {}", officer.id, officer.name), 26),
                c(Category::Nights),
                c(Category::WeekendDays),
                c(Category::HolidayDays),
                c(Category::ChiefWatches)
            )?;
        }
    }
    Ok(())
}
