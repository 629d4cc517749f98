//! The terminal UI: `duty` with no subcommand. The Elm shape: `app` holds
//! the state and `update`, `view` draws it, `keys` maps keys to actions, and
//! this module runs the loop: terminal events and solver events in,
//! commands (solve on a worker thread, publish, load a week) out. The
//! terminal is restored on exit, on error and on panic (`ratatui::run`).

pub mod app;
pub mod keys;
pub mod view;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, Sender};
use std::time::Duration;

use chrono::Utc;
use ratatui::crossterm::event::{self, Event, KeyEventKind, MouseEventKind};
use ratatui::crossterm::event::{DisableMouseCapture, EnableMouseCapture};
use ratatui::crossterm::execute;
use ratatui::layout::Rect;

use crate::model::{Period, Roster, Station};
use crate::planning::{judge, pinned_hard_floor, plan_context};
use crate::solver::{SearchLimits, solve_against};
use crate::store::{Store, StoreError};
use app::{App, Command, Message, WeekData};

/// How often the screen refreshes while nothing happens.
const TICK: Duration = Duration::from_millis(200);

/// Loads a week: what is in force when published (all pinned), else the
/// latest draft, else an empty roster; and the fairness history.
pub fn load_week(store: &Store, station: &Station, period: Period) -> Result<WeekData, StoreError> {
    let (in_force, published) = store.in_force(station, period.start, period.len_days())?;
    let is_published = published.iter().all(|&p| p);
    let mut roster = if is_published {
        in_force
    } else if let Some(draft) = store.latest_draft(period.start)? {
        store
            .load_roster(station, &draft)?
            .window(0, period.len_days())
    } else {
        Roster::new(period.start, period.len_days(), station.staff.len())
    };
    for (d, _) in published.iter().enumerate().filter(|(_, p)| **p) {
        for s in 0..roster.staff {
            roster.set_pinned(s, d, true);
        }
    }
    let ledger = store.ledger_outside(period.start, period.end(), None)?;
    Ok(WeekData {
        period,
        roster,
        ledger,
        published: is_published,
    })
}

/// Lines for the on-duty-now screen.
pub fn now_lines(store: &Store, station: &Station) -> Vec<String> {
    let now = Utc::now();
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
                .and_then(|t| chrono::DateTime::from_timestamp(t, 0))
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

/// Runs the TUI until the user quits.
pub fn run(station: Station, store: Store, period: Period) -> Result<(), StoreError> {
    let week = load_week(&store, &station, period)?;
    let mut app = App::new(station, week);
    app.now_lines = now_lines(&store, &app.station);
    let result = ratatui::run(|terminal| {
        let _ = execute!(std::io::stdout(), EnableMouseCapture);
        let outcome = event_loop(terminal, &mut app, &store);
        let _ = execute!(std::io::stdout(), DisableMouseCapture);
        outcome
    });
    result.map_err(|e| StoreError::Refused(format!("terminal: {e}")))
}

struct Worker {
    cancel: Arc<AtomicBool>,
}

fn event_loop(
    terminal: &mut ratatui::DefaultTerminal,
    app: &mut App,
    store: &Store,
) -> std::io::Result<()> {
    let (tx, rx): (Sender<Message>, Receiver<Message>) = mpsc::channel();
    let mut worker: Option<Worker> = None;
    loop {
        terminal.draw(|frame| view::draw(app, frame))?;
        let mut messages = Vec::new();
        while let Ok(message) = rx.try_recv() {
            if matches!(message, Message::SolverDone(_)) {
                worker = None;
            }
            messages.push(message);
        }
        if event::poll(TICK)? {
            let size = terminal.size()?;
            let area = Rect::new(0, 0, size.width, size.height);
            match event::read()? {
                Event::Key(key) if key.kind == KeyEventKind::Press => {
                    if let Some(action) = keys::action_for(key) {
                        messages.push(Message::Key(action));
                    }
                }
                Event::Mouse(mouse) => match mouse.kind {
                    MouseEventKind::Down(_) => {
                        if let Some((row, day)) = view::cell_at(app, area, mouse.column, mouse.row)
                        {
                            messages.push(Message::Click(row, day));
                        }
                    }
                    MouseEventKind::ScrollDown => messages.push(Message::Scroll(3)),
                    MouseEventKind::ScrollUp => messages.push(Message::Scroll(-3)),
                    _ => {}
                },
                _ => {}
            }
        }
        if matches!(app.mode, app::Mode::Now) {
            app.now_lines = now_lines(store, &app.station);
        }
        for message in messages {
            for command in app.update(message) {
                match command {
                    Command::Quit => {
                        if let Some(w) = &worker {
                            w.cancel.store(true, Ordering::Relaxed);
                        }
                        return Ok(());
                    }
                    Command::CancelSolve => {
                        if let Some(w) = &worker {
                            w.cancel.store(true, Ordering::Relaxed);
                        }
                    }
                    Command::Solve(roster) => match spawn_solver(store, app, *roster, tx.clone()) {
                        Ok(w) => worker = Some(w),
                        Err(e) => {
                            app.solving = None;
                            app.status = e.to_string();
                        }
                    },
                    Command::LoadWeek(period) => match load_week(store, &app.station, period) {
                        Ok(week) => {
                            app.update(Message::Loaded(Box::new(week)));
                        }
                        Err(e) => app.status = e.to_string(),
                    },
                    Command::Publish(roster) => {
                        let result = publish(store, app, &roster);
                        app.update(Message::Published(result));
                    }
                }
            }
        }
    }
}

fn spawn_solver(
    store: &Store,
    app: &App,
    roster: Roster,
    tx: Sender<Message>,
) -> Result<Worker, StoreError> {
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
    std::thread::spawn(move || {
        let limits = SearchLimits {
            time: Duration::from_secs(20),
            unimproved: Duration::from_secs(4),
            hard_floor: pinned_hard_floor(&station, &ctx, None),
            report_every: Duration::from_millis(150),
            ..SearchLimits::default()
        };
        let terms = ctx.terms(None);
        let progress_tx = tx.clone();
        let mut solution = solve_against(
            &station,
            ctx.extended,
            &ctx.start,
            &ctx.ledger,
            &terms,
            &limits,
            &flag,
            &mut |p| {
                let _ = progress_tx.send(Message::SolverProgress(*p));
            },
        );
        solution.score = judge(&station, &ctx, &solution.roster, None).score;
        solution.roster = ctx.period_part(&solution.roster);
        let _ = tx.send(Message::SolverDone(Box::new(solution)));
    });
    Ok(Worker { cancel })
}

fn publish(store: &Store, app: &App, roster: &Roster) -> Result<String, String> {
    let hard = app
        .report
        .violations
        .iter()
        .filter(|v| v.constraint.is_hard())
        .count();
    if hard > 0 {
        return Err(format!(
            "{hard} hard violation(s); fix them, or use `duty publish --force --reason`"
        ));
    }
    // The store needs a mutable connection; open a second handle for the write.
    let mut writer = Store::open(store.path()).map_err(|e| e.to_string())?;
    let id = writer
        .save_draft(
            &app.station,
            roster,
            app.report.score.hard,
            app.report.score.soft,
            "tui",
        )
        .map_err(|e| e.to_string())?;
    let row = writer
        .latest_draft(roster.start)
        .map_err(|e| e.to_string())?
        .filter(|r| r.id == id)
        .ok_or("the draft vanished")?;
    let operator = std::env::var("USER").unwrap_or_else(|_| "unknown".into());
    writer
        .publish(&app.station, &row, &operator, None)
        .map_err(|e| e.to_string())?;
    Ok(format!(
        "published {} as roster #{id}",
        app.week.period.label()
    ))
}
