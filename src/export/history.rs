//! `duty history` as text: the rosters of a span (who saved each, how it
//! was made, its verdict now), every change and every absence recorded,
//! each with the time on the station's clock. `duty history` prints these
//! lines and the editor's history screen shows the same ones, so the two
//! never tell the record differently.

use crate::app::{AbsenceRow, ChangeRow, RecordedRoster, RosterRow, VerdictNow};
use crate::model::Station;
use crate::model::calendar::iso_week_label;

/// An officer's name for a line of history: the id itself when the
/// officer is no longer in `staff.toml`.
fn name_of<'a>(station: &'a Station, id: &'a str) -> &'a str {
    station
        .staff_index(id)
        .map_or(id, |s| station.staff[s].name.as_str())
}

/// The rosters of a span, one line each: dates, status, the score saved
/// with it, when and by whom it was saved and how it was made, when and by
/// whom published, why forced; and under it the verdict now when that is
/// not what the saved score says.
pub fn roster_lines(station: &Station, rosters: &[RecordedRoster]) -> Vec<String> {
    let mut lines = Vec::new();
    if rosters.is_empty() {
        lines.push("  none".to_string());
    }
    for RecordedRoster { row: r, now } in rosters {
        lines.push(format!(
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
        ));
        if let Some(verdict) = verdict_since(r, now) {
            lines.push(format!("        {verdict}"));
        }
    }
    lines
}

/// What a roster's line adds when its verdict now is not what the score
/// saved with it says: broken by a sick call or a change since, or
/// mended. A roster broken when saved and still broken says so too, with
/// where to read the rules.
fn verdict_since(row: &RosterRow, now: &VerdictNow) -> Option<String> {
    let what = if row.status == "published" {
        "in force now"
    } else {
        "now"
    };
    let broken = match now {
        VerdictNow::Broken(n) => *n,
        VerdictNow::Superseded => return None,
        VerdictNow::Unjudged(why) => {
            return Some(format!(
                "{what}: cannot be judged with today's files: {why}"
            ));
        }
    };
    let print = if row.weeks() > 1 {
        format!(
            "duty print {} --weeks {}",
            iso_week_label(row.start),
            row.weeks()
        )
    } else {
        format!("duty print {}", iso_week_label(row.start))
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

/// Every change of the audit log, one line each: when, what, who and why.
pub fn change_lines(station: &Station, changes: &[ChangeRow]) -> Vec<String> {
    let mut lines = Vec::new();
    if changes.is_empty() {
        lines.push("  none".to_string());
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
        lines.push(format!(
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
        ));
    }
    lines
}

/// Every absence recorded on the day, one line each: when recorded, the
/// kind, who and which days, by whom and why.
pub fn absence_lines(station: &Station, absences: &[AbsenceRow]) -> Vec<String> {
    let mut lines = Vec::new();
    if absences.is_empty() {
        lines.push("  none".to_string());
    }
    for a in absences {
        let days = if a.from == a.to {
            a.from.to_string()
        } else {
            format!("{} to {}", a.from, a.to)
        };
        lines.push(format!(
            "  {} {:<7} {} ({}) {days}  by {}: {}",
            local_time(station, &a.at_utc),
            a.kind.as_str(),
            name_of(station, &a.staff_id),
            a.staff_id,
            a.operator,
            a.reason
        ));
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Days;

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
        assert_eq!(verdict_since(&published, &VerdictNow::Broken(0)), None);
        assert_eq!(
            verdict_since(&published, &VerdictNow::Broken(2)).unwrap(),
            "in force now: NOT LEGAL, breaks 2 hard rules since it was saved (duty print 2026-W49 lists them)"
        );
        let forced = row("published", 3, 1);
        assert_eq!(
            verdict_since(&forced, &VerdictNow::Broken(0)).unwrap(),
            "in force now: legal, mended since it was saved"
        );
        let draft = row("draft", 1, 4);
        assert_eq!(
            verdict_since(&draft, &VerdictNow::Broken(1)).unwrap(),
            "now: NOT LEGAL, breaks 1 hard rule (duty print 2026-W49 --weeks 4 lists them)"
        );
        assert_eq!(
            verdict_since(&draft, &VerdictNow::Superseded),
            None,
            "its weeks published since"
        );
        let unknown = VerdictNow::Unjudged("rules.toml has no shift TL".into());
        assert_eq!(
            verdict_since(&published, &unknown).unwrap(),
            "in force now: cannot be judged with today's files: rules.toml has no shift TL"
        );
    }
}
