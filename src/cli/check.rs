//! `duty check`: validate the station's files and print what a duty manager
//! wants to see before planning: who is here, which shifts exist, who can
//! keep the chief watch, and whether the weeks ahead can be staffed at all.

use std::io::Write;

use super::{Cli, CliError, PeriodArgs, load_station, station_today};
use crate::analysis::capacity::{CapacityReport, check_capacity};
use crate::model::eligibility::{officers_without_duties, requests_never_granted};
use crate::model::{Period, Station};
use crate::text::{fit, fit_right};

/// Loads, validates and summarises the station.
pub fn run(cli: &Cli, args: &PeriodArgs, out: &mut dyn Write) -> Result<(), CliError> {
    let station = load_station(cli)?;
    let period = args.resolve(station_today(&station))?;
    writeln!(
        out,
        "{} ({}), data in {}: files valid",
        station.name,
        station.timezone,
        cli.data.display()
    )?;
    writeln!(out)?;
    write_staff_table(&station, out)?;
    write_without_duties(&station, out)?;
    writeln!(out)?;
    write_shifts(&station, out)?;
    writeln!(out)?;
    write_chief(&station, out)?;
    writeln!(out)?;
    let capacity = check_capacity(&station, period);
    write_capacity(&station, period, &capacity, out)?;
    let short_weeks = capacity.weeks.iter().filter(|w| w.margin() < 0.0).count();
    let short_weekends = capacity.weekends.iter().filter(|w| w.is_short()).count();
    let gaps = capacity.cover_gaps.len() + capacity.day_gaps.len() + short_weeks + short_weekends;
    if gaps > 0 {
        return Err(CliError::CannotBeMet(gaps));
    }
    Ok(())
}

fn write_staff_table(station: &Station, out: &mut dyn Write) -> std::io::Result<()> {
    writeln!(out, "Officers: {}", station.staff.len())?;
    write!(out, "  {:<24}", "unit")?;
    for rank in &station.ranks {
        write!(out, " {}", fit_right(&rank.code, 10))?;
    }
    writeln!(out, " {:>6}", "total")?;
    for (u, unit) in station.units.iter().enumerate() {
        write!(out, "  {}", fit(&unit.name, 24))?;
        for r in 0..station.ranks.len() {
            let n = station
                .staff
                .iter()
                .filter(|s| s.unit == u && s.rank == r)
                .count();
            write!(out, " {n:>10}")?;
        }
        let total = station.staff.iter().filter(|s| s.unit == u).count();
        writeln!(out, " {total:>6}")?;
    }
    Ok(())
}

/// A note per officer no shift and no chief watch is open to, and per
/// request no roster can grant.
fn write_without_duties(station: &Station, out: &mut dyn Write) -> std::io::Result<()> {
    for (i, why) in requests_never_granted(station) {
        let r = &station.requests[i];
        let officer = &station.staff[r.staff];
        writeln!(
            out,
            "  Note: [[request]] #{} ({} {}, {}) {why}: no roster can grant it",
            i + 1,
            officer.id,
            officer.name,
            r.date
        )?;
    }
    for s in officers_without_duties(station) {
        let officer = &station.staff[s];
        writeln!(
            out,
            "  Note: {} {} (unit {}) can take no shift type and not the chief watch: every plan leaves them at 0 h (give a [[shift]] their unit in `units`, or check their skills)",
            officer.id, officer.name, station.units[officer.unit].code
        )?;
    }
    Ok(())
}

fn write_shifts(station: &Station, out: &mut dyn Write) -> std::io::Result<()> {
    writeln!(out, "Shift types: {}", station.shifts.len())?;
    for shift in &station.shifts {
        let units = if shift.units.is_empty() {
            "all units".to_string()
        } else {
            shift
                .units
                .iter()
                .map(|&u| station.units[u].code.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        };
        writeln!(
            out,
            "  {} {} {}-{}{}  {:>5.1} h{}  {}",
            fit(&shift.code, 4),
            fit(&shift.name, 14),
            shift.start.format("%H:%M"),
            shift.end_clock(),
            if shift.crosses_midnight() { "+1" } else { "  " },
            shift.hours(),
            if shift.night { "  night" } else { "       " },
            units
        )?;
    }
    Ok(())
}

fn write_chief(station: &Station, out: &mut dyn Write) -> std::io::Result<()> {
    let watch = &station.chief_watch;
    if !watch.required {
        return writeln!(out, "Chief officer on duty: none kept (no [chief_watch])");
    }
    let eligible: Vec<String> = (0..station.staff.len())
        .filter(|&s| station.is_chief_eligible(s))
        .map(|s| {
            let officer = &station.staff[s];
            format!(
                "{} ({}, {})",
                officer.name, station.ranks[officer.rank].code, officer.id
            )
        })
        .collect();
    writeln!(
        out,
        "Chief officer on duty: watch from {} for {} h, at least {} days between watches",
        watch.start.format("%H:%M"),
        watch.length_minutes / 60,
        watch.min_days_between
    )?;
    writeln!(
        out,
        "  {} eligible: {}",
        eligible.len(),
        eligible.join(", ")
    )
}

fn write_capacity(
    station: &Station,
    period: Period,
    report: &CapacityReport,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    writeln!(
        out,
        "Capacity {} to {} (minimum cover + chief watch against contract hours, minus leave):",
        period.start,
        period.end()
    )?;
    writeln!(
        out,
        "  {:<9} {:>9} {:>9} {:>9}",
        "week", "demand h", "supply h", "margin"
    )?;
    for week in &report.weeks {
        let share = 100.0 * week.margin() / week.supply_hours.max(1.0);
        writeln!(
            out,
            "  {:<9} {:>9.0} {:>9.0} {:>+9.0} ({share:+.0}%){}",
            week.week,
            week.demand_hours,
            week.supply_hours,
            week.margin(),
            if week.margin() < 0.0 {
                "  WARNING: demand exceeds supply"
            } else {
                ""
            }
        )?;
    }
    write_weekends(station, report, out)?;
    for gap in &report.cover_gaps {
        let shift = &station.shifts[gap.shift];
        let mut who = String::from(crate::text::officers(gap.needed));
        if let Some(unit) = gap.unit {
            who = format!("{} {who}", station.units[unit].code);
        }
        if let Some(skill) = gap.skill {
            who = format!("{who} with skill {}", station.skills[skill].code);
        }
        let leave: Vec<&str> = gap
            .on_leave
            .iter()
            .map(|&s| station.staff[s].name.as_str())
            .collect();
        let mut why = Vec::new();
        if !leave.is_empty() {
            why.push(format!("on leave: {}", leave.join(", ")));
        }
        if gap.ruled_out > 0 {
            why.push(format!("{} ruled out by their contract", gap.ruled_out));
        }
        writeln!(
            out,
            "  WARNING: {} {} shift {}: needs {} {who}, only {} available{}",
            gap.date,
            gap.date.format("%a"),
            shift.code,
            gap.needed,
            gap.available,
            if why.is_empty() {
                String::new()
            } else {
                format!(" ({})", why.join("; "))
            }
        )?;
    }
    for gap in &report.day_gaps {
        writeln!(
            out,
            "  WARNING: {} {}: unit {} needs {} officers across its shifts, only {} not on leave",
            gap.date,
            gap.date.format("%a"),
            station.units[gap.unit].code,
            gap.needed,
            gap.available
        )?;
    }
    if report.is_clear() {
        writeln!(out, "  No shortfall found.")?;
    }
    Ok(())
}

/// Officer-weekends each unit's cover needs against those its officers'
/// contracts allow: weekends run out before hours do.
fn write_weekends(
    station: &Station,
    report: &CapacityReport,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let Some(first) = report.weekends.first() else {
        return Ok(());
    };
    writeln!(
        out,
        "  Weekends ({}): officer-weekends each unit's cover needs, against those its contracts allow, minus leave:",
        first.weekends
    )?;
    writeln!(
        out,
        "    {} {:>8} {:>9} {:>8}",
        fit("unit", 24),
        "minimum",
        "preferred",
        "may work"
    )?;
    for weekend in &report.weekends {
        writeln!(
            out,
            "    {} {:>8} {:>9} {:>8}",
            fit(&station.units[weekend.unit].name, 24),
            weekend.needed,
            weekend.preferred,
            weekend.available
        )?;
    }
    for weekend in &report.weekends {
        let unit = &station.units[weekend.unit].code;
        if weekend.is_short() {
            writeln!(
                out,
                "  WARNING: unit {unit}: its minimum weekend cover needs {} officer-weekends, its officers may work {}",
                weekend.needed, weekend.available
            )?;
        } else if weekend.preferred_is_short() {
            writeln!(
                out,
                "  Note: unit {unit}: its preferred weekend cover needs {} officer-weekends, its officers may work {}; weeks planned at it spend weekends later weeks need",
                weekend.preferred, weekend.available
            )?;
        }
    }
    Ok(())
}
