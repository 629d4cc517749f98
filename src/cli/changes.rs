//! `duty swap` and `duty assign`: day-of changes to a published roster,
//! recorded with who made them and why.

use std::io::Write;

use clap::Args;

use super::{Cli, CliError, load_station, open_store, operator, parse_date};
use crate::model::{Duty, Station};
use crate::store::CellChange;
use crate::store::StoreError;

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
    /// Who makes the change (default: the OS user).
    #[arg(long)]
    pub by: Option<String>,
}

fn officer(station: &Station, id: &str) -> Result<usize, CliError> {
    station
        .staff_index(id)
        .ok_or_else(|| CliError::Usage(format!("{id}: no officer with this id in staff.toml")))
}

/// Swaps two officers' duties on one day.
pub fn swap(cli: &Cli, args: &SwapArgs, out: &mut dyn Write) -> Result<(), CliError> {
    let station = load_station(cli)?;
    let (a, b) = (
        officer(&station, &args.staff_a)?,
        officer(&station, &args.staff_b)?,
    );
    let date = parse_date("DATE", &args.date)?;
    let mut store = open_store(cli)?;
    let (today, _) = store.in_force(&station, date, 1)?;
    let (duty_a, duty_b) = (today.get(a, 0), today.get(b, 0));
    let changes = [
        CellChange {
            staff: a,
            date,
            duty: duty_b,
        },
        CellChange {
            staff: b,
            date,
            duty: duty_a,
        },
    ];
    let n = store.apply_changes(
        &station,
        &changes,
        &operator(&args.by),
        &args.reason,
        "swap",
    )?;
    writeln!(
        out,
        "{date}: {} now {}, {} now {} ({n} change(s) recorded).",
        station.staff[a].name,
        duty_b.code(&station),
        station.staff[b].name,
        duty_a.code(&station)
    )?;
    Ok(())
}

/// Puts one officer on a duty (or off) on one day.
pub fn assign(cli: &Cli, args: &AssignArgs, out: &mut dyn Write) -> Result<(), CliError> {
    let station = load_station(cli)?;
    let s = officer(&station, &args.staff)?;
    let date = parse_date("DATE", &args.date)?;
    let duty = crate::store::parse_duty(&station, &args.duty).ok_or_else(|| {
        let codes: Vec<&str> = station.shifts.iter().map(|s| s.code.as_str()).collect();
        CliError::Usage(format!(
            "{}: not a duty; use one of {}, CHIEF or off",
            args.duty,
            codes.join(", ")
        ))
    })?;
    if let Duty::Shift(sh) = duty
        && !station.can_work(s, sh)
        && crate::solver::check::trainee_rule(&station, s, sh).is_none()
    {
        return Err(StoreError::Refused(format!(
            "{} may not work {} (unit or skills)",
            station.staff[s].name, station.shifts[sh].code
        ))
        .into());
    }
    if duty == Duty::Chief && !station.is_chief_eligible(s) {
        return Err(StoreError::Refused(format!(
            "{} is not eligible for the chief watch",
            station.staff[s].name
        ))
        .into());
    }
    let mut store = open_store(cli)?;
    let n = store.apply_changes(
        &station,
        &[CellChange {
            staff: s,
            date,
            duty,
        }],
        &operator(&args.by),
        &args.reason,
        "assign",
    )?;
    writeln!(
        out,
        "{date}: {} now {} ({n} change(s) recorded).",
        station.staff[s].name,
        duty.code(&station)
    )?;
    Ok(())
}
