//! The application layer: every use case of `duty`, once. The CLI and the
//! editor parse input, call these, and render what comes back; they never
//! reach the store or the solver themselves, so every view and every
//! action sees the same verdict of a roster (see [`Context::judge`]).
//!
//! Errors are typed ([`AppError`]): a front end decides how to say them
//! and which exit code they mean, but never parses them.

mod bench;
mod bench_fairness;
mod changes;
mod context;
mod open;
mod publish;
mod query;
mod replan;
mod solve;
mod words;

use chrono::NaiveDate;

pub use crate::model::standing::FairnessReport;
pub use crate::model::standing::within_one;
pub use bench::{Benchmarked, bench_instance};
pub use bench_fairness::{FairnessRun, NearTarget, bench_fairness};
pub use changes::{
    ChangePreview, ChangeRequest, Changed, DraftOnLeave, assign, drafts_on_leave, preview_change,
    record_absence, swap,
};
pub use context::{Context, reach_weeks};
pub use open::{LeftOut, Opened, Retimed, left_out, open_period, print_period, retimed};
pub use publish::{
    Published, Saved, ahead_note, publish_draft, publish_week, save_and_publish, save_draft,
};
pub use query::{
    History, RecordedRoster, VerdictNow, broken_now, broken_on, changes_per_day, fairness_report,
    history, on_duty,
};
pub use replan::{MAX_WIDEN_DAYS, Replanned, apply_replan, mend_window, replan};
pub use solve::{Solved, solve};
pub use words::{check_operator, check_reason};

use crate::model::{Leave, Station};

// The vocabulary of the use cases, for the front ends: they name these
// types through `app`, never `store` or `solver` themselves.
pub use crate::solver::diagnose::{Finding, after_search};
pub use crate::solver::{
    BestSoFar, OnProgress, Progress, Report, Score, SearchLimits, StopReason, Violation,
};
pub use crate::store::{
    AbsenceRow, CellChange, ChangeKind, ChangeRow, OnDuty, RosterRow, SaveAs, Snapshot, Store,
    StoreError, busy_timeout,
};

/// Why a use case refused or failed.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// The history database refused or failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Every day asked for is published already; published days change
    /// only by day-of changes.
    #[error(
        "{from} to {to} is already published; change it with `duty assign`, `duty swap` or `duty replan`"
    )]
    AlreadyPublished {
        /// First day.
        from: NaiveDate,
        /// Last day.
        to: NaiveDate,
    },
    /// Some days asked for are published, some are not.
    #[error(
        "{from} to {to} is partly published; plan, print or publish the published and the unpublished weeks separately"
    )]
    PartlyPublished {
        /// First day.
        from: NaiveDate,
        /// Last day.
        to: NaiveDate,
    },
    /// A day to change has no published roster.
    #[error(
        "{day} is not published; day-of changes only change published rosters (publish first with `duty publish`)"
    )]
    NotPublished {
        /// The day.
        day: NaiveDate,
    },
    /// There is no draft to publish or print.
    #[error(
        "no saved draft starts on {start} ({week}); make one with: duty plan --week {week} --save"
    )]
    NoDraft {
        /// The first day asked for.
        start: NaiveDate,
        /// Its ISO week.
        week: String,
    },
    /// The week asked for lies inside a draft saved over several weeks,
    /// which is published or printed from its first week.
    #[error(
        "no saved draft starts on {start} ({week}); it lies in draft #{id}, saved for {from} to {to}: name its first week, as in `duty publish {first}` (all {weeks} weeks) or `duty print {first} --weeks {weeks}`"
    )]
    InsideDraft {
        /// The first day asked for.
        start: NaiveDate,
        /// Its ISO week.
        week: String,
        /// The draft holding it.
        id: i64,
        /// The draft's first day.
        from: NaiveDate,
        /// The draft's last day.
        to: NaiveDate,
        /// The draft's first ISO week.
        first: String,
        /// How many weeks the draft holds.
        weeks: i64,
    },
    /// A newer draft plans some of the same days: publishing the older
    /// one would put its stale plan of them in force.
    #[error(
        "draft #{id} ({from} to {to}) was saved before draft #{newer} ({newer_from} to {newer_to}), which plans some of the same days: publishing #{id} would put its older plan of them in force; open the weeks in the editor (`duty --week {first} --weeks {weeks}` shows the newest plan of each week) and save them as one draft (`w`), or plan them again (`duty plan --week {first} --weeks {weeks} --save`), then publish"
    )]
    NewerDraftInside {
        /// The draft asked for.
        id: i64,
        /// Its first day.
        from: NaiveDate,
        /// Its last day.
        to: NaiveDate,
        /// The newer draft.
        newer: i64,
        /// The newer draft's first day.
        newer_from: NaiveDate,
        /// The newer draft's last day.
        newer_to: NaiveDate,
        /// The older draft's first ISO week.
        first: String,
        /// The older draft's weeks.
        weeks: i64,
    },
    /// The officer may not take the duty at all; forcing does not help.
    #[error("{officer} may not take {duty}: {why}")]
    Ineligible {
        /// The officer's name and id.
        officer: String,
        /// The duty's code.
        duty: String,
        /// Why, in words.
        why: &'static str,
    },
    /// The roster or change breaks hard rules, listed; `--force` with a
    /// reason records it anyway.
    #[error("{}", breaks_hard_rules(subject, violations))]
    BreaksHardRules {
        /// What breaks them: "draft #3", "this change".
        subject: String,
        /// The hard rules newly broken, explained.
        violations: Vec<Violation>,
    },
    /// An argument is out of range (a window backwards or too long).
    #[error("{0}")]
    Invalid(String),
}

fn breaks_hard_rules(subject: &str, violations: &[Violation]) -> String {
    let mut text = format!(
        "{subject} breaks {}; nothing was changed. Fix them, or go ahead anyway with --force (and a --reason saying why). Broken:",
        crate::text::count(violations.len(), "hard rule")
    );
    for v in violations.iter().take(12) {
        text.push_str(&format!("\n  [{}] {}", v.constraint, v.message));
    }
    if violations.len() > 12 {
        text.push_str(&format!("\n  ... and {} more", violations.len() - 12));
    }
    text
}

/// The station with the absences recorded in the database (sick calls)
/// added to its leave, so that judging, solving, printing and "who is on
/// now" all treat those officers as away. Absences of officers no longer
/// in staff.toml are history only.
pub fn with_recorded_absences(mut station: Station, store: &Store) -> Result<Station, StoreError> {
    for row in store.absences()? {
        if let Some(staff) = station.staff_index(&row.staff_id) {
            station.leave.push(Leave {
                staff,
                from: row.from,
                to: row.to,
                kind: row.kind,
            });
        }
    }
    Ok(station)
}

/// Today in the station's time zone: what the commands' default week
/// and history bounds count from.
pub fn station_today(station: &Station) -> chrono::NaiveDate {
    chrono::Utc::now()
        .with_timezone(&station.timezone)
        .date_naive()
}

#[cfg(test)]
mod architecture {
    //! The house keeps its shape: the front ends reach the store and the
    //! solver only through this layer.

    use std::path::Path;

    /// Every `.rs` file under `dir`, recursively.
    fn sources(dir: &Path) -> Vec<std::path::PathBuf> {
        let mut out = Vec::new();
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                out.extend(sources(&path));
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
        out
    }

    #[test]
    fn cli_and_tui_use_the_store_and_solver_only_through_app() {
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut offences = Vec::new();
        for front in ["cli", "tui"] {
            for file in sources(&src.join(front)) {
                let text = std::fs::read_to_string(&file).unwrap();
                for (n, line) in text.lines().enumerate() {
                    let code = line.split("//").next().unwrap_or("");
                    for layer in ["crate::store", "crate::solver", "crate::planning"] {
                        if code.contains(layer) {
                            offences.push(format!("{}:{}: {}", file.display(), n + 1, line.trim()));
                        }
                    }
                }
            }
        }
        assert!(
            offences.is_empty(),
            "front ends must go through crate::app:\n{}",
            offences.join("\n")
        );
    }

    #[test]
    fn the_application_layer_has_no_function_over_80_lines() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/app");
        let mut long = Vec::new();
        for file in sources(&dir) {
            let text = std::fs::read_to_string(&file).unwrap();
            let lines: Vec<&str> = text.lines().collect();
            let mut start: Option<(usize, usize)> = None;
            for (n, line) in lines.iter().enumerate() {
                let indent = line.len() - line.trim_start().len();
                let t = line.trim_start();
                if start.is_none()
                    && (t.starts_with("pub fn ")
                        || t.starts_with("fn ")
                        || t.starts_with("pub(crate) fn "))
                {
                    start = Some((n, indent));
                } else if let Some((s, i)) = start
                    && indent == i
                    && t.starts_with('}')
                {
                    if n - s > 80 {
                        long.push(format!("{}:{} ({} lines)", file.display(), s + 1, n - s));
                    }
                    start = None;
                }
            }
        }
        assert!(long.is_empty(), "split these: {long:?}");
    }
}
