//! `duty swap` and `duty assign`: day-of changes to a published roster,
//! judged in their context first and recorded with who made them and why.

use std::io::Write;

use clap::Args;

use super::{Cli, CliError, open_desk, operator, parse_date};
use crate::app::{self, ChangeRequest, Changed};
use crate::model::Station;
use crate::text::shell_word;

/// Options of `duty swap`.
#[derive(Debug, Clone, Args)]
pub struct SwapArgs {
    /// One officer's id.
    pub staff_a: String,
    /// The other officer's id.
    pub staff_b: String,
    /// The day, such as 2026-12-03.
    pub date: String,
    /// Why (recorded in the audit log).
    #[arg(long)]
    pub reason: String,
    /// Make the swap even though it breaks hard rules (recorded as forced).
    #[arg(long)]
    pub force: bool,
    /// Who makes the change (default: the OS user).
    #[arg(long)]
    pub by: Option<String>,
}

/// Options of `duty assign`.
#[derive(Debug, Clone, Args)]
pub struct AssignArgs {
    /// The officer's id.
    pub staff: String,
    /// The day, such as 2026-12-03.
    pub date: String,
    /// A shift code, CHIEF, or off.
    pub duty: String,
    /// Why, such as "sick call" (recorded in the audit log).
    #[arg(long)]
    pub reason: String,
    /// Make the change even though it breaks hard rules (recorded as forced).
    #[arg(long)]
    pub force: bool,
    /// Who makes the change (default: the OS user).
    #[arg(long)]
    pub by: Option<String>,
}

/// The index of an officer named by id on the command line.
pub(super) fn officer(station: &Station, id: &str) -> Result<usize, CliError> {
    station
        .staff_index(id)
        .ok_or_else(|| CliError::Usage(format!("{id}: no officer with this id in staff.toml")))
}

/// Swaps two officers' duties on one day.
pub fn swap(cli: &Cli, args: &SwapArgs, out: &mut dyn Write) -> Result<(), CliError> {
    let (station, mut store) = open_desk(cli)?;
    let (a, b) = (
        officer(&station, &args.staff_a)?,
        officer(&station, &args.staff_b)?,
    );
    let date = parse_date("DATE", &args.date)?;
    let by = operator(&args.by)?;
    let request = ChangeRequest {
        operator: &by,
        reason: &args.reason,
        force: args.force,
    };
    let changed = app::swap(&mut store, &station, a, b, date, &request)?;
    report(&station, &changed, out)
}

/// Puts one officer on a duty (or off) on one day.
pub fn assign(cli: &Cli, args: &AssignArgs, out: &mut dyn Write) -> Result<(), CliError> {
    let date = parse_date("DATE", &args.date).map_err(|wrong| {
        // The duty typed before the day: say the order with their words.
        if parse_date("DUTY", &args.duty).is_ok() {
            let words = [&args.staff, &args.duty, &args.date].map(|w| shell_word(w));
            CliError::Usage(format!(
                "DATE is {} and DUTY is {}: the day comes before the duty, as in `duty assign {} {} {}`",
                args.date, args.duty, words[0], words[1], words[2]
            ))
        } else {
            wrong
        }
    })?;
    let (station, mut store) = open_desk(cli)?;
    let s = officer(&station, &args.staff)?;
    let duty = crate::model::Duty::from_code(&station, &args.duty).ok_or_else(|| {
        let codes: Vec<&str> = station.shifts.iter().map(|s| s.code.as_str()).collect();
        CliError::Usage(format!(
            "{}: not a duty; use one of {}, CHIEF or off",
            args.duty,
            codes.join(", ")
        ))
    })?;
    let by = operator(&args.by)?;
    let request = ChangeRequest {
        operator: &by,
        reason: &args.reason,
        force: args.force,
    };
    let changed = app::assign(&mut store, &station, s, date, duty, &request)?;
    report(&station, &changed, out)
}

/// Says what changed, and which hard rules a forced change breaks.
pub(super) fn report(
    station: &Station,
    changed: &Changed,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    for c in &changed.changes {
        writeln!(
            out,
            "{}: {} ({}) now {}",
            c.date,
            station.staff[c.staff].name,
            station.staff[c.staff].id,
            c.duty.code(station)
        )?;
    }
    writeln!(
        out,
        "{} recorded.",
        crate::text::count(changed.applied, "change")
    )?;
    if !changed.judged.broken.is_empty() {
        writeln!(
            out,
            "Forced: {} now broken:",
            crate::text::count(changed.judged.broken.len(), "hard rule")
        )?;
        for v in &changed.judged.broken {
            writeln!(out, "  [{}] {}", v.constraint, v.message)?;
        }
    }
    if changed.judged.mended > 0 {
        writeln!(
            out,
            "Mended {}.",
            crate::text::count(changed.judged.mended, "hard violation")
        )?;
    }
    super::publish::write_ahead(&changed.judged.ahead, out)
}
