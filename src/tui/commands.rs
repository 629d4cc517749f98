//! The I/O behind the TUI's `Command`s: load weeks from the store, solve on
//! a worker thread, publish, ask who is on duty now. The event loop calls
//! these; `update` never does, so the state machine stays testable without
//! a database or a thread.

use std::panic::AssertUnwindSafe;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::sync::mpsc::Sender;

use chrono::{DateTime, Utc};

use super::app::{App, Message, SOLVE_TIME, SOLVE_UNIMPROVED, WeekData};
use crate::app::{self, AppError, Context, SearchLimits, Store};
use crate::model::eligibility::is_trainee_on;
use crate::model::roster::CROSS_TRAINING_MARK;
use crate::model::{Period, Roster, Station};

/// Loads the weeks of `period` as the application layer opens them: in
/// force on published days (pinned), the newest draft with its pins on the
/// others, the context every verdict is judged in, and the fairness
/// history outside them.
pub fn load_week(store: &Store, station: &Station, period: Period) -> Result<WeekData, AppError> {
    let opened = app::open_period(store, station, period)?;
    Ok(WeekData::from_opened(station, opened))
}

/// Lines for the history screen: the record of `period` as `duty history`
/// prints it (rosters with who saved each, how it was made and its verdict
/// now; changes; absences), from the same renderer. A store that cannot be
/// read says so in the screen instead.
pub fn history_lines(store: &Store, station: &Station, period: Period) -> Vec<String> {
    use crate::export::history::{absence_lines, change_lines, roster_lines};
    match app::history(store, station, None, period.start, period.end()) {
        Ok(history) => std::iter::once("Rosters:".to_string())
            .chain(roster_lines(station, &history.rosters))
            .chain(["Changes:".to_string()])
            .chain(change_lines(station, &history.changes))
            .chain(["Absences recorded:".to_string()])
            .chain(absence_lines(station, &history.absences))
            .collect(),
        Err(e) => vec![format!("cannot read the history: {e}")],
    }
}

/// Lines for the on-duty-now screen at `now`: the local time, each duty
/// running, the next handover, and, with `judge`, every hard rule the
/// roster in force breaks on those days (as `duty now` says them). The
/// editor judges only while the screen is open, so its start-up does not
/// wait for a verdict nobody is looking at.
pub fn now_lines(store: &Store, station: &Station, now: DateTime<Utc>, judge: bool) -> Vec<String> {
    let local = now.with_timezone(&station.timezone);
    let mut lines = vec![format!(
        "{} ({})",
        local.format("%a %Y-%m-%d %H:%M:%S"),
        station.timezone
    )];
    match app::on_duty(store, station, now) {
        Ok((_, false)) => lines.push("No published roster covers this moment.".into()),
        Ok((snapshot, true)) => {
            if snapshot.on_duty.is_empty() {
                // Published, yet nobody on: the worst a day can be, not
                // a day without a roster.
                lines.push("Nobody is on duty.".into());
            }
            for d in &snapshot.on_duty {
                // As `duty now` says it: an id no longer in staff.toml.
                let name = station
                    .staff_index(&d.staff_id)
                    .map_or("(left the station)", |s| station.staff[s].name.as_str());
                // A trainee's shift reads as the grid shows it (`TE+`).
                let mut duty = d.duty.clone();
                if is_trainee_on(station, &d.staff_id, &d.duty) {
                    duty.push(CROSS_TRAINING_MARK);
                }
                lines.push(format!(
                    "{} {name} ({})",
                    crate::text::pad_to(&duty, 6),
                    d.staff_id
                ));
            }
            if let Some(next) = snapshot
                .next_handover
                .and_then(|t| DateTime::from_timestamp(t, 0))
            {
                lines.push(format!(
                    "Next handover {}",
                    next.with_timezone(&station.timezone).format("%a %H:%M")
                ));
            }
            if judge {
                match app::broken_now(store, station, now, &snapshot) {
                    Ok(broken) if broken.is_empty() => {}
                    Ok(broken) => {
                        lines.push(format!(
                            "NOT LEGAL: {} broken",
                            crate::text::count(broken.len(), "hard rule")
                        ));
                        lines.extend(
                            broken
                                .iter()
                                .map(|v| format!("[{}] {}", v.constraint.name(), v.message)),
                        );
                    }
                    Err(e) => lines.push(e.to_string()),
                }
            }
        }
        Err(e) => lines.push(e.to_string()),
    }
    lines
}

/// What the names of the editor's worker threads start with: the panic
/// hook leaves the screen alone for them, since each worker reports its
/// own failure as a message.
pub const WORKER_PREFIX: &str = "duty-";

/// What a panic said, for the status line.
pub(super) fn panic_text(panic: &(dyn std::any::Any + Send)) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "an internal error".to_string())
}

/// Starts a solve of the shown weeks on a worker thread, next to the
/// published weeks around them as the database holds them now, keeping the
/// roster's pins. Progress and the result arrive as messages; setting the
/// returned flag stops the search, which then sends the better of the
/// roster it started from and the best it found.
pub fn spawn_solver(
    store: &Store,
    app: &App,
    roster: Roster,
    tx: Sender<Message>,
) -> Result<Arc<AtomicBool>, AppError> {
    let station = app.station.clone();
    let mut ctx = Context::load(store, &station, app.week.period, true)?;
    ctx.start = ctx.splice(&roster);
    let cancel = Arc::new(AtomicBool::new(false));
    let flag = Arc::clone(&cancel);
    let spawned = std::thread::Builder::new()
        .name(format!("{WORKER_PREFIX}solver"))
        .spawn(move || {
            let limits = SearchLimits {
                time: SOLVE_TIME,
                unimproved: SOLVE_UNIMPROVED,
                report_every: std::time::Duration::from_millis(150),
                ..SearchLimits::default()
            };
            let progress_tx = tx.clone();
            let solved = std::panic::catch_unwind(AssertUnwindSafe(|| {
                let mut solved =
                    app::solve(&station, &ctx, None, limits, &flag, &mut |p, best| {
                        let shown = ctx.period_part(&best.roster());
                        let _ = progress_tx.send(Message::SolverProgress(*p, Box::new(shown)));
                    })?;
                solved.roster = ctx.period_part(&solved.roster);
                Ok::<_, AppError>(solved)
            }));
            let _ = tx.send(match solved {
                Ok(Ok(solved)) => Message::SolverDone(Box::new(solved)),
                Ok(Err(e)) => Message::SolverFailed(e.to_string()),
                Err(panic) => Message::SolverFailed(panic_text(panic.as_ref())),
            });
        });
    spawned.map_err(|e| AppError::Invalid(format!("cannot start the solver: {e}")))?;
    Ok(cancel)
}

/// Who is at the keyboard and which rules files the roster was made under,
/// recorded with what the TUI publishes, as the CLI records them.
#[derive(Debug, Clone, Default)]
pub struct Session {
    /// The operator named in the audit log.
    pub operator: String,
    /// The fingerprint of the station's files.
    pub rules_hash: String,
    /// Writes queued or under way, shared with the watchdog so that a
    /// closed terminal never cuts one short.
    pub writing: std::sync::Arc<std::sync::atomic::AtomicUsize>,
}

/// Which write the editor asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WriteKind {
    /// Save the roster as a draft, to be reopened (the newest draft of a
    /// week is what the editor shows) or published with `duty publish`.
    SaveDraft,
    /// Save the roster as a draft and publish it.
    Publish,
    /// Record an officer absent (sick) on a day of the roster.
    Absent(super::app::Absence),
    /// Record a change to a published day (the job's reason with it).
    DayOf(super::app::DayOfChange),
    /// Find a re-plan of a published day (index into the roster).
    Replan(usize),
    /// Record the job's re-plan, with its reason.
    ApplyReplan,
}

impl WriteKind {
    /// Whether the job writes to the database (a re-plan only reads and
    /// searches): the watchdog lets only writes finish before it exits.
    pub fn writes(self) -> bool {
        !matches!(self, WriteKind::Replan(_))
    }
}

/// A write with everything it needs, so that it can run off the UI thread.
#[derive(Debug, Clone)]
pub struct WriteJob {
    /// What to do.
    pub kind: WriteKind,
    /// The roster to write.
    pub roster: Roster,
    /// The weeks, for the status line ("2026-W49").
    pub label: String,
    /// The newest roster of the weeks the editor knows of: a save or
    /// publish is refused when another process wrote since.
    pub seen: Option<i64>,
    /// Why, for a day-of change (the audit log records it).
    pub reason: String,
    /// The re-plan to record, for `ApplyReplan`.
    pub replan: Option<Box<app::Replanned>>,
    /// When the write was asked for: a re-plan keeps what had started by
    /// then (tests hold it still).
    pub now: DateTime<Utc>,
}

impl WriteJob {
    /// A write of `roster`, the weeks the app shows.
    pub fn new(kind: WriteKind, app: &App, roster: Roster) -> WriteJob {
        WriteJob {
            kind,
            roster,
            label: app.week.period.label(),
            seen: app.week.stamp,
            reason: String::new(),
            replan: None,
            now: Utc::now(),
        }
    }
}

/// Carries out a write and says how it went, as the message `update`
/// expects: saved as a draft, or published. Both go through the
/// application layer, which judges the roster against what the database
/// holds now: publishing refuses while hard rules break (the CLI's
/// `--force --reason` is the way round that).
pub fn write(store: &mut Store, station: &Station, session: &Session, job: &WriteJob) -> Message {
    let save = app::SaveAs {
        rules_hash: &session.rules_hash,
        saved_by: &session.operator,
        origin: "saved in the editor",
        unchanged_since: Some(job.seen),
    };
    match job.kind {
        WriteKind::SaveDraft => Message::Saved(
            app::save_draft(store, station, &job.roster, &save)
                .map(|saved| {
                    (
                        format!(
                            "saved {} as draft #{} ({}){}",
                            job.label,
                            saved.id,
                            saved.report.score,
                            app::ahead_note(&saved.ahead)
                        ),
                        saved.id,
                    )
                })
                .map_err(|e| e.to_string()),
        ),
        WriteKind::Absent(absence) => {
            let date = job.roster.date(absence.day);
            let leave = crate::model::Leave {
                staff: absence.staff,
                from: date,
                to: date,
                kind: crate::model::LeaveKind::Sick,
            };
            let request = app::ChangeRequest {
                operator: &session.operator,
                reason: "sick call (recorded in the editor)",
                force: true,
            };
            Message::AbsenceRecorded(
                app::record_absence(store, station, leave, &request)
                    .map(|changed| super::app::Absence {
                        broken: changed.judged.broken.len(),
                        ..absence
                    })
                    .map_err(|e| e.to_string()),
            )
        }
        WriteKind::DayOf(change) => {
            let request = app::ChangeRequest {
                operator: &session.operator,
                reason: &job.reason,
                force: false,
            };
            let outcome = match change {
                super::app::DayOfChange::Assign { staff, day, duty } => {
                    app::assign(store, station, staff, job.roster.date(day), duty, &request)
                }
                super::app::DayOfChange::Swap { a, b, day } => {
                    app::swap(store, station, a, b, job.roster.date(day), &request)
                }
            };
            Message::DayOfRecorded(
                change,
                outcome
                    .map(|changed| {
                        format!(
                            "recorded: {} changed, {} mended (duty history shows it){}",
                            crate::text::count(changed.applied, "cell"),
                            crate::text::count(changed.judged.mended, "hard rule"),
                            app::ahead_note(&changed.judged.ahead)
                        )
                    })
                    .map_err(|e| e.to_string()),
            )
        }
        WriteKind::Replan(day) => {
            let date = job.roster.date(day);
            let limits = app::SearchLimits {
                time: std::time::Duration::from_secs(5),
                unimproved: std::time::Duration::from_secs(2),
                ..app::SearchLimits::default()
            };
            let cancel = std::sync::atomic::AtomicBool::new(false);
            Message::ReplanFound(
                app::replan(store, station, (date, date), job.now, &limits, &cancel)
                    .map(Box::new)
                    .map_err(|e| e.to_string()),
            )
        }
        WriteKind::ApplyReplan => {
            let Some(replanned) = &job.replan else {
                return Message::ReplanRecorded(Err("no re-plan to record".into()));
            };
            Message::ReplanRecorded(
                app::apply_replan(store, station, replanned, &session.operator, &job.reason)
                    .map(|n| {
                        (
                            format!(
                                "re-plan recorded: {} (duty history shows them)",
                                crate::text::count(n, "change")
                            ),
                            replanned.changes.clone(),
                        )
                    })
                    .map_err(|e| e.to_string()),
            )
        }
        WriteKind::Publish => Message::Published(
            app::save_and_publish(store, station, &job.roster, &save)
                .map(|p| {
                    (
                        format!(
                            "published {} as roster #{} ({}){}",
                            job.label,
                            p.draft.id,
                            p.report.score,
                            app::ahead_note(&p.ahead)
                        ),
                        p.draft.id,
                    )
                })
                .map_err(|e| e.to_string()),
        ),
    }
}
