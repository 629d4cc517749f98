//! `duty now`: the chief officer on duty, each running shift with its
//! officers, and the next handover, in the station's local time.

use std::io::Write;

use chrono::{DateTime, TimeZone, Utc};
use clap::Args;
use serde::Serialize;

use super::{Cli, CliError, load_station, reader_for};
use crate::app;
use crate::model::Station;
use crate::model::eligibility::is_trainee_on;
use crate::model::time::exact_local;

/// Options of `duty now`.
#[derive(Debug, Clone, Args)]
pub struct NowArgs {
    /// A local time instead of now, such as "2026-12-03 02:30", or ISO
    /// 8601 as `date -Iseconds` writes it ("2026-12-03T02:30:00+08:00").
    #[arg(long, value_name = "YYYY-MM-DD HH:MM")]
    pub at: Option<String>,
    /// Print JSON for other programs.
    #[arg(long)]
    pub json: bool,
}

#[derive(Serialize)]
struct OfficerOut<'a> {
    id: &'a str,
    name: &'a str,
    unit: &'a str,
    /// A cross-training trainee on this shift: not counted in its cover.
    cross_training: bool,
}

#[derive(Serialize)]
struct ShiftOut<'a> {
    duty: &'a str,
    start: String,
    end: String,
    officers: Vec<OfficerOut<'a>>,
}

#[derive(Serialize)]
struct BrokenOut {
    rule: &'static str,
    message: String,
}

#[derive(Serialize)]
struct NowOut<'a> {
    station: &'a str,
    at: String,
    chief: Option<ShiftOut<'a>>,
    shifts: Vec<ShiftOut<'a>>,
    next_handover: Option<String>,
    /// Hard rules the roster in force breaks on the days of the duties
    /// running now and on today: empty when the day is legal.
    broken: Vec<BrokenOut>,
    /// Set when duties of today or yesterday were published with times
    /// rules.toml no longer gives: the times above are the published ones.
    times_changed: Option<String>,
}

fn local(station: &Station, unix: i64) -> String {
    Utc.timestamp_opt(unix, 0)
        .single()
        .map_or(String::new(), |t| {
            t.with_timezone(&station.timezone).to_rfc3339()
        })
}

/// Answers "who is on duty?".
pub fn run(cli: &Cli, args: &NowArgs, out: &mut dyn Write) -> Result<(), CliError> {
    let station = load_station(cli)?;
    let instant: DateTime<Utc> = match &args.at {
        Some(text) => exact_local(station.timezone, text)
            .map_err(|e| CliError::Usage(format!("--at {text}: {e}")))?
            .with_timezone(&Utc),
        None => Utc::now(),
    };
    let (station, store) = reader_for(cli, station)?;
    let at_local = instant.with_timezone(&station.timezone);
    let (snapshot, covered) = app::on_duty(&store, &station, instant)?;
    if !covered {
        return Err(CliError::NotCovered(format!(
            "no published roster covers {} ({}); publish one with `duty publish`",
            at_local.format("%Y-%m-%d %H:%M"),
            station.timezone
        )));
    }
    let mut groups: Vec<ShiftOut> = Vec::new();
    for d in &snapshot.on_duty {
        let officer = station.staff_index(&d.staff_id).map(|s| &station.staff[s]);
        let entry = OfficerOut {
            id: &d.staff_id,
            name: officer.map_or("(left the station)", |o| o.name.as_str()),
            unit: officer.map_or("", |o| station.units[o.unit].code.as_str()),
            cross_training: is_trainee_on(&station, &d.staff_id, &d.duty),
        };
        let (start, end) = (local(&station, d.start_utc), local(&station, d.end_utc));
        match groups
            .iter_mut()
            .find(|g| g.duty == d.duty && g.start == start)
        {
            Some(group) => group.officers.push(entry),
            None => groups.push(ShiftOut {
                duty: &d.duty,
                start,
                end,
                officers: vec![entry],
            }),
        }
    }
    let chief = groups
        .iter()
        .position(|g| g.duty == "CHIEF")
        .map(|i| groups.remove(i));
    let broken = app::broken_now(&store, &station, instant, &snapshot)?
        .into_iter()
        .map(|v| BrokenOut {
            rule: v.constraint.name(),
            message: v.message,
        })
        .collect();
    let today = at_local.date_naive();
    let yesterday = today.pred_opt().unwrap_or(today);
    let times_changed = app::retimed(&store, &station, (yesterday, today))?.map(|r| r.describe());
    let report = NowOut {
        station: &station.name,
        at: at_local.to_rfc3339(),
        chief,
        shifts: groups,
        next_handover: snapshot.next_handover.map(|t| local(&station, t)),
        broken,
        times_changed,
    };
    if args.json {
        serde_json::to_writer_pretty(&mut *out, &report).map_err(std::io::Error::from)?;
        writeln!(out)?;
        return Ok(());
    }
    writeln!(
        out,
        "{}, {} ({})",
        report.station,
        at_local.format("%a %Y-%m-%d %H:%M"),
        station.timezone
    )?;
    let names = |g: &ShiftOut| {
        g.officers
            .iter()
            .map(|o| {
                let training = if o.cross_training {
                    ", cross-training"
                } else {
                    ""
                };
                format!("{} ({}{training})", o.name, o.id)
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    let span = |g: &ShiftOut| {
        format!(
            "{} to {}",
            &g.start[..16].replace('T', " "),
            &g.end[..16].replace('T', " ")
        )
    };
    match &report.chief {
        Some(g) => writeln!(
            out,
            "Chief officer on duty: {}, watch {}",
            names(g),
            span(g)
        )?,
        None => writeln!(out, "Chief officer on duty: NONE")?,
    }
    for g in &report.shifts {
        let name = station
            .shift_index(g.duty)
            .map_or("", |s| station.shifts[s].name.as_str());
        writeln!(out, "{} {name}, {}: {}", g.duty, span(g), names(g))?;
    }
    if let Some(next) = &report.next_handover {
        writeln!(out, "Next handover: {}", next[..16].replace('T', " "))?;
    }
    if !report.broken.is_empty() {
        writeln!(
            out,
            "NOT LEGAL: the roster in force breaks {} on these days:",
            crate::text::count(report.broken.len(), "hard rule")
        )?;
        for b in &report.broken {
            writeln!(out, "  [{}] {}", b.rule, b.message)?;
        }
    }
    if let Some(note) = &report.times_changed {
        writeln!(out, "Times changed: {note}")?;
    }
    Ok(())
}
