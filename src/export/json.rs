//! The roster as JSON for other programs: every duty with local and UTC
//! times, the score and every violation explained. Its own serde types, so
//! the format does not follow the model's internals.

use serde::Serialize;

use super::csv::DutyRow;
use crate::model::{Roster, Station};
use crate::solver::check::Report;

#[derive(Serialize)]
struct RosterJson<'a> {
    station: &'a str,
    timezone: String,
    from: String,
    to: String,
    score: ScoreJson,
    duties: Vec<DutyJson<'a>>,
    violations: Vec<ViolationJson<'a>>,
}

#[derive(Serialize)]
struct ScoreJson {
    hard: i64,
    soft: i64,
}

#[derive(Serialize)]
struct DutyJson<'a> {
    #[serde(flatten)]
    row: DutyRow<'a>,
    start_utc: String,
    end_utc: String,
    /// A cross-training trainee's shift, not counted in cover.
    cross_training: bool,
}

#[derive(Serialize)]
struct ViolationJson<'a> {
    rule: &'static str,
    hard: bool,
    staff_id: Option<&'a str>,
    days: Vec<String>,
    penalty: i64,
    message: &'a str,
}

/// Writes the roster, its score and violations.
pub fn write_json(
    station: &Station,
    roster: &Roster,
    report: &Report,
    out: impl std::io::Write,
) -> serde_json::Result<()> {
    let duties = super::duties(station, roster)
        .map(|entry| DutyJson {
            row: DutyRow::new(&entry),
            start_utc: entry.interval.start_utc().to_rfc3339(),
            end_utc: entry.interval.end_utc().to_rfc3339(),
            cross_training: entry.cross_training,
        })
        .collect();
    let violations = report
        .violations
        .iter()
        .map(|v| ViolationJson {
            rule: v.constraint.name(),
            hard: v.constraint.is_hard(),
            staff_id: v.staff.map(|s| station.staff[s].id.as_str()),
            days: v.days.iter().map(|d| d.to_string()).collect(),
            penalty: v.penalty,
            message: &v.message,
        })
        .collect();
    let doc = RosterJson {
        station: &station.name,
        timezone: station.timezone.to_string(),
        from: roster.start.to_string(),
        to: roster.date(roster.days - 1).to_string(),
        score: ScoreJson {
            hard: report.score.hard,
            soft: report.score.soft,
        },
        duties,
        violations,
    };
    serde_json::to_writer_pretty(out, &doc)
}
