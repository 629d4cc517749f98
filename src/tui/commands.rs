//! The I/O behind the TUI's `Command`s: load weeks from the store, solve on
//! a worker thread, publish, ask who is on duty now. The event loop calls
//! these; `update` never does, so the state machine stays testable without
//! a database or a thread.

use std::panic::AssertUnwindSafe;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::sync::mpsc::Sender;

use chrono::{DateTime, Days, Utc};

use super::app::{App, Message, SOLVE_TIME, SOLVE_UNIMPROVED, WeekData};
use crate::model::{Period, Roster, Station};
use crate::planning::{plan_context, solve_in_context};
use crate::solver::{Score, SearchLimits};
use crate::store::{Store, StoreError};

/// Loads the weeks of `period`: what is in force on published days (and
/// pinned), the newest draft of each week on the others, and the fairness
/// history outside them.
pub fn load_week(store: &Store, station: &Station, period: Period) -> Result<WeekData, StoreError> {
    let (mut roster, published) = store.in_force(station, period.start, period.len_days())?;
    for week in 0..period.weeks {
        let start = period.start + Days::new(7 * u64::from(week));
        let Some(row) = store.latest_draft(start)? else {
            continue;
        };
        let draft = store.load_roster(station, &row)?;
        for d in 0..draft.days {
            let Some(day) = roster.day_index(draft.date(d)) else {
                continue;
            };
            if !published[day] {
                for s in 0..roster.staff {
                    roster.set(s, day, draft.get(s, d));
                }
            }
        }
    }
    roster.pin_days(&published);
    let ledger = store.ledger_outside(period.start, period.end(), None)?;
    Ok(WeekData {
        period,
        roster,
        ledger,
        published,
    })
}

/// Lines for the on-duty-now screen at `now`: the local time, each duty
/// running, the next handover.
pub fn now_lines(store: &Store, station: &Station, now: DateTime<Utc>) -> Vec<String> {
    let local = now.with_timezone(&station.timezone);
    let mut lines = vec![format!(
        "{} ({})",
        local.format("%a %Y-%m-%d %H:%M:%S"),
        station.timezone
    )];
    match store.snapshot(now.timestamp()) {
        Ok(snapshot) if snapshot.on_duty.is_empty() => {
            lines.push("No published roster covers this moment.".into())
        }
        Ok(snapshot) => {
            for d in &snapshot.on_duty {
                let name = station
                    .staff_index(&d.staff_id)
                    .map_or(d.staff_id.as_str(), |s| station.staff[s].name.as_str());
                lines.push(format!("{:<6} {name} ({})", d.duty, d.staff_id));
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
/// published weeks around them, keeping the roster's pins. Progress and the
/// result arrive as messages; setting the returned flag stops the search,
/// which then sends the best roster found.
pub fn spawn_solver(
    store: &Store,
    app: &App,
    roster: Roster,
    tx: Sender<Message>,
) -> Result<Arc<AtomicBool>, StoreError> {
    let station = app.station.clone();
    let mut ctx = plan_context(store, &station, app.week.period, true)?;
    for s in 0..roster.staff {
        for d in 0..roster.days {
            ctx.start.set(s, ctx.lead_days + d, roster.get(s, d));
            ctx.start
                .set_pinned(s, ctx.lead_days + d, roster.is_pinned(s, d));
        }
    }
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
                let (mut solution, _) =
                    solve_in_context(&station, &ctx, None, limits, &flag, &mut |p, best| {
                        let shown = ctx.period_part(&best.roster());
                        let _ = progress_tx.send(Message::SolverProgress(*p, Box::new(shown)));
                    });
                solution.roster = ctx.period_part(&solution.roster);
                solution
            }));
            let _ = tx.send(match solved {
                Ok(solution) => Message::SolverDone(Box::new(solution)),
                Err(panic) => Message::SolverFailed(panic_text(panic.as_ref())),
            });
        });
    spawned.map_err(|e| StoreError::Refused(format!("cannot start the solver: {e}")))?;
    Ok(cancel)
}

/// Who is at the keyboard and which rules files the roster was made under,
/// recorded with what the TUI publishes, as the CLI records them.
#[derive(Debug, Clone)]
pub struct Session {
    /// The operator named in the audit log.
    pub operator: String,
    /// The fingerprint of the station's files.
    pub rules_hash: String,
}

/// Which write the editor asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WriteKind {
    /// Save the roster as a draft, to be reopened (the newest draft of a
    /// week is what the editor shows) or published with `duty publish`.
    SaveDraft,
    /// Save the roster as a draft and publish it.
    Publish,
}

/// A write with everything it needs, so that it can run off the UI thread.
#[derive(Debug, Clone)]
pub struct WriteJob {
    /// What to do.
    pub kind: WriteKind,
    /// The roster to write.
    pub roster: Roster,
    /// Its score, stored with it.
    pub score: Score,
    /// How many hard rules it breaks: publishing refuses any.
    pub hard_violations: usize,
    /// The weeks, for the status line ("2026-W49").
    pub label: String,
}

impl WriteJob {
    /// A write of `roster` as the app has judged it.
    pub fn new(kind: WriteKind, app: &App, roster: Roster) -> WriteJob {
        WriteJob {
            kind,
            roster,
            score: app.report.score,
            hard_violations: app.report.hard().count(),
            label: app.week.period.label(),
        }
    }
}

/// Carries out a write and says how it went, as the message `update`
/// expects: saved as a draft, or published (refused while hard rules
/// break: the CLI's `--force` is the way round that, with a reason).
pub fn write(store: &mut Store, station: &Station, session: &Session, job: &WriteJob) -> Message {
    match job.kind {
        WriteKind::SaveDraft => Message::Saved(
            save(store, station, session, job)
                .map(|id| format!("saved {} as draft #{id}", job.label)),
        ),
        WriteKind::Publish => Message::Published(publish(store, station, session, job)),
    }
}

fn publish(
    store: &mut Store,
    station: &Station,
    session: &Session,
    job: &WriteJob,
) -> Result<String, String> {
    if job.hard_violations > 0 {
        return Err(format!(
            "{} hard violation(s); fix them, or use `duty publish --force --reason`",
            job.hard_violations
        ));
    }
    let id = save(store, station, session, job)?;
    let row = store
        .latest_draft(job.roster.start)
        .map_err(|e| e.to_string())?
        .filter(|r| r.id == id)
        .ok_or("another draft of this week was saved meanwhile; not published")?;
    store
        .publish(station, &row, &session.operator, None)
        .map_err(|e| e.to_string())?;
    Ok(format!("published {} as roster #{id}", job.label))
}

fn save(
    store: &mut Store,
    station: &Station,
    session: &Session,
    job: &WriteJob,
) -> Result<i64, String> {
    store
        .save_draft(
            station,
            &job.roster,
            job.score.hard,
            job.score.soft,
            &session.rules_hash,
        )
        .map_err(|e| e.to_string())
}
