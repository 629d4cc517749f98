//! `duty history` (rosters and the audit log) and `duty fairness` (the
//! ledger per officer), read from the database.

use std::io::Write;

use chrono::Days;
use clap::Args;

use super::{Cli, CliError, open_reader, parse_date, station_today};
use crate::app;
use crate::app::{AbsenceRow, ChangeRow, RecordedRoster, RosterRow};
use crate::export::fairness::{write_fairness_json, write_fairness_text};
use crate::model::Station;
use crate::model::calendar::{iso_week_label, week_monday};

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
        write_rosters(&station, &history.rosters, out)?;
    }
    writeln!(out, "Changes:")?;
    write_changes(&station, &history.changes, out)?;
    writeln!(out, "Absences recorded:")?;
    write_absences(&station, &history.absences, out)?;
    Ok(())
}

/// An officer's name for a line of history: the id itself when the
/// officer is no longer in `staff.toml`.
fn name_of<'a>(station: &'a Station, id: &'a str) -> &'a str {
    station
        .staff_index(id)
        .map_or(id, |s| station.staff[s].name.as_str())
}

fn write_rosters(
    station: &Station,
    rosters: &[RecordedRoster],
    out: &mut dyn Write,
) -> std::io::Result<()> {
    if rosters.is_empty() {
        writeln!(out, "  none")?;
    }
    for RecordedRoster { row: r, broken_now } in rosters {
        writeln!(
            out,
            "  #{:<4} {} to {}  {:<9} hard {} soft {}  saved {}{}{}{}{}",
            r.id,
            r.start,
            r.end,
            r.status,
            r.hard,
            r.soft,
            local_time(station, &r.created_utc),
            r.saved_by
                .as_deref()
                .map_or(String::new(), |who| format!(" by {who}")),
            r.origin
                .as_deref()
                .map_or(String::new(), |how| format!(" ({how})")),
            r.published_utc.as_ref().map_or(String::new(), |t| format!(
                ", published {} by {}",
                local_time(station, t),
                r.published_by.as_deref().unwrap_or_default()
            )),
            r.forced_reason
                .as_ref()
                .map_or(String::new(), |why| format!(", FORCED: {why}"))
        )?;
        if let Some(verdict) = verdict_since(r, *broken_now) {
            writeln!(out, "        {verdict}")?;
        }
    }
    Ok(())
}

/// What a roster's line adds when its verdict now is not what the score
/// saved with it says: broken by a sick call or a change since, or
/// mended. A roster broken when saved and still broken says so too, with
/// where to read the rules.
fn verdict_since(row: &RosterRow, broken_now: Option<usize>) -> Option<String> {
    let broken = broken_now?;
    let print = if row.weeks() > 1 {
        format!(
            "duty print {} --weeks {}",
            iso_week_label(row.start),
            row.weeks()
        )
    } else {
        format!("duty print {}", iso_week_label(row.start))
    };
    let what = if row.status == "published" {
        "in force now"
    } else {
        "now"
    };
    match (broken, row.hard) {
        (0, 0) => None,
        (0, _) => Some(format!("{what}: legal, mended since it was saved")),
        (n, 0) => Some(format!(
            "{what}: NOT LEGAL, breaks {} since it was saved ({print} lists them)",
            crate::text::count(n, "hard rule")
        )),
        (n, _) => Some(format!(
            "{what}: NOT LEGAL, breaks {} ({print} lists them)",
            crate::text::count(n, "hard rule")
        )),
    }
}

/// When something was recorded, as the station's clock showed it (the
/// store keeps UTC): "2026-12-07 03:16 CST", the zone's abbreviation
/// telling summer time from winter. Text that is not a time (a database
/// written by hand) is shown as it is.
fn local_time(station: &Station, utc: &str) -> String {
    match chrono::DateTime::parse_from_rfc3339(utc) {
        Ok(at) => at
            .with_timezone(&station.timezone)
            .format("%Y-%m-%d %H:%M %Z")
            .to_string(),
        Err(_) => utc.to_string(),
    }
}

fn write_changes(
    station: &Station,
    changes: &[ChangeRow],
    out: &mut dyn Write,
) -> std::io::Result<()> {
    if changes.is_empty() {
        writeln!(out, "  none")?;
    }
    for c in changes {
        let what = match (&c.staff_id, c.date) {
            (Some(id), Some(date)) => format!(
                "{} ({id}) {date}: {} -> {}",
                name_of(station, id),
                c.old_duty.as_deref().unwrap_or("off"),
                c.new_duty.as_deref().unwrap_or("off")
            ),
            _ => format!("roster #{}", c.roster_id),
        };
        writeln!(
            out,
            "  {} {:<7} {what}  by {}: {}{}",
            local_time(station, &c.at_utc),
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

fn write_absences(
    station: &Station,
    absences: &[AbsenceRow],
    out: &mut dyn Write,
) -> std::io::Result<()> {
    if absences.is_empty() {
        writeln!(out, "  none")?;
    }
    for a in absences {
        let days = if a.from == a.to {
            a.from.to_string()
        } else {
            format!("{} to {}", a.from, a.to)
        };
        writeln!(
            out,
            "  {} {:<7} {} ({}) {days}  by {}: {}",
            local_time(station, &a.at_utc),
            a.kind.as_str(),
            name_of(station, &a.staff_id),
            a.staff_id,
            a.operator,
            a.reason
        )?;
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn row(status: &str, hard: i64, weeks: u64) -> RosterRow {
        let start: chrono::NaiveDate = "2026-11-30".parse().unwrap();
        RosterRow {
            id: 1,
            start,
            end: start + Days::new(7 * weeks - 1),
            status: status.into(),
            hard,
            soft: 0,
            created_utc: String::new(),
            published_utc: None,
            published_by: None,
            forced_reason: None,
            saved_by: None,
            origin: None,
        }
    }

    #[test]
    fn a_roster_whose_verdict_moved_since_it_was_saved_says_so() {
        let published = row("published", 0, 1);
        assert_eq!(verdict_since(&published, Some(0)), None);
        assert_eq!(
            verdict_since(&published, Some(2)).unwrap(),
            "in force now: NOT LEGAL, breaks 2 hard rules since it was saved (duty print 2026-W49 lists them)"
        );
        let forced = row("published", 3, 1);
        assert_eq!(
            verdict_since(&forced, Some(0)).unwrap(),
            "in force now: legal, mended since it was saved"
        );
        let draft = row("draft", 1, 4);
        assert_eq!(
            verdict_since(&draft, Some(1)).unwrap(),
            "now: NOT LEGAL, breaks 1 hard rule (duty print 2026-W49 --weeks 4 lists them)"
        );
        assert_eq!(
            verdict_since(&draft, None),
            None,
            "its weeks published since"
        );
    }
}
