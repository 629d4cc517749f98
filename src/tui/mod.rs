//! The terminal UI: `duty` with no subcommand. The Elm shape: `app` holds
//! the state and `update`, `view` draws it, `keys` maps keys to actions,
//! `commands` does the I/O that `update` asks for, and this module runs the
//! loop: terminal events and solver events in, commands out. The loop is
//! generic over the ratatui backend and the event source, so a test can
//! drive it whole; the terminal is restored on exit, error and panic
//! (`ratatui::run`).

pub mod app;
pub mod commands;
pub mod keys;
mod navigate;
mod update;
pub mod view;
pub mod writer;

#[cfg(test)]
mod loop_tests;
#[cfg(test)]
mod tests;

use std::io::{self, IsTerminal};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, Sender};
use std::time::{Duration, Instant};

use chrono::Utc;
use ratatui::Terminal;
use ratatui::backend::Backend;
use ratatui::crossterm::event::{self, Event, KeyEventKind, MouseEventKind};
use ratatui::crossterm::event::{DisableMouseCapture, EnableMouseCapture};
use ratatui::crossterm::execute;
use ratatui::layout::Rect;

use crate::app::{AppError, Store};
use crate::model::{Period, Station};
use app::{App, Command, Message, Mode};
use commands::{Session, WriteJob, WriteKind, history_lines, load_week, now_lines, spawn_solver};
use writer::Writer;

/// How long the loop waits for a key before it redraws (the live clock,
/// solver progress).
const TICK: Duration = Duration::from_millis(200);
/// How often the on-duty-now screen asks the store again.
const NOW_REFRESH: Duration = Duration::from_secs(1);

/// Everything up to the first frame: the weeks loaded from the store, the
/// app built on them, who is on duty now. `run` and `duty bench-tui` share
/// it, so the benchmark measures what a user waits for.
pub fn start(station: Station, store: &Store, period: Period) -> Result<App, AppError> {
    let week = load_week(store, &station, period)?;
    let mut app = App::new(station, week);
    app.now_lines = now_lines(store, &app.station, Utc::now(), false);
    Ok(app)
}

/// Why the editor could not run.
#[derive(Debug, thiserror::Error)]
pub enum TuiError {
    /// Loading the weeks failed.
    #[error(transparent)]
    App(#[from] AppError),
    /// Standard input or output is not a terminal (a pipe, a file, a job
    /// without a tty).
    #[error(
        "the roster editor needs a terminal; without one, use `duty plan`, `duty print` or `duty now`"
    )]
    NoTerminal,
    /// `TERM=dumb`: a terminal that cannot move the cursor or draw.
    #[error(
        "the roster editor needs a terminal that can move the cursor, and TERM=dumb says this one cannot; set TERM (for example TERM=xterm-256color), or use `duty plan`, `duty print` or `duty now`"
    )]
    DumbTerminal,
    /// The terminal failed.
    #[error("terminal: {0}")]
    Terminal(#[from] io::Error),
    /// A signal (TERM, INT, HUP) ended the editor; the terminal was
    /// restored and writes under way finished.
    #[error("stopped by a signal; edits not saved with w are lost")]
    Stopped,
}

/// The signals that end the editor cleanly instead of killing it with the
/// terminal left raw.
#[cfg(unix)]
const STOP_SIGNALS: &[i32] = &[
    signal_hook::consts::SIGTERM,
    signal_hook::consts::SIGINT,
    signal_hook::consts::SIGHUP,
];
#[cfg(not(unix))]
const STOP_SIGNALS: &[i32] = &[signal_hook::consts::SIGTERM, signal_hook::consts::SIGINT];

/// Runs the TUI in the real terminal until the user quits. The terminal
/// is restored on every way out: quit, error, a stop signal (seen within
/// a tick), or a panic on this thread (ratatui's hook, with mouse capture
/// turned off first).
pub fn run(
    station: Station,
    store: Store,
    period: Period,
    session: Session,
) -> Result<(), TuiError> {
    if !io::stdin().is_terminal() || !io::stdout().is_terminal() {
        return Err(TuiError::NoTerminal);
    }
    if std::env::var("TERM").is_ok_and(|term| term == "dumb") {
        return Err(TuiError::DumbTerminal);
    }
    let mut app = start(station, &store, period)?;
    app.operator = session.operator.clone();
    let stop = Arc::new(AtomicBool::new(false));
    for &signal in STOP_SIGNALS {
        signal_hook::flag::register(signal, Arc::clone(&stop))?;
    }
    let loop_done = Arc::new(AtomicBool::new(false));
    start_watchdog(
        Arc::clone(&stop),
        Arc::clone(&loop_done),
        Arc::clone(&session.writing),
    )?;
    let mut terminal = ratatui::try_init()?;
    let ratatui_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let name = std::thread::current().name().map(str::to_string);
        if name.is_some_and(|n| n.starts_with(commands::WORKER_PREFIX)) {
            // The worker reports its own failure; the screen stays.
            return;
        }
        let _ = execute!(io::stdout(), DisableMouseCapture);
        ratatui_hook(info);
    }));
    let outcome = execute!(io::stdout(), EnableMouseCapture).and_then(|()| {
        event_loop(&mut terminal, &mut app, &store, &session, &mut |timeout| {
            if stop.load(Ordering::Relaxed) {
                return Err(io::Error::new(io::ErrorKind::Interrupted, "stop signal"));
            }
            if !event::poll(timeout)? {
                return Ok(None);
            }
            match event::read()? {
                Event::Key(key) if is_suspend(&key) => suspend().map(Some),
                other => Ok(Some(other)),
            }
        })
    });
    loop_done.store(true, Ordering::Relaxed);
    let _ = execute!(io::stdout(), DisableMouseCapture);
    ratatui::restore();
    match outcome {
        Err(_) if stop.load(Ordering::Relaxed) => Err(TuiError::Stopped),
        other => Ok(other?),
    }
}

/// Ctrl-z: in raw mode the terminal sends it as a key, not a signal.
fn is_suspend(key: &event::KeyEvent) -> bool {
    use ratatui::crossterm::event::{KeyCode, KeyModifiers};
    key.kind == KeyEventKind::Press
        && key.code == KeyCode::Char('z')
        && key.modifiers.contains(KeyModifiers::CONTROL)
}

/// Suspends the editor as a shell expects (Ctrl-z, then `fg`): the
/// terminal restored, the process stopped with SIGTSTP; on SIGCONT the
/// terminal taken again and a resize event returned, so the loop draws
/// every cell anew.
fn suspend() -> io::Result<Event> {
    let _ = execute!(io::stdout(), DisableMouseCapture);
    ratatui::restore();
    #[cfg(unix)]
    signal_hook::low_level::raise(signal_hook::consts::SIGTSTP)?;
    ratatui::crossterm::terminal::enable_raw_mode()?;
    execute!(
        io::stdout(),
        ratatui::crossterm::terminal::EnterAlternateScreen,
        EnableMouseCapture
    )?;
    let (width, height) = ratatui::crossterm::terminal::size()?;
    Ok(Event::Resize(width, height))
}

/// How long a stop signal may go unanswered before the watchdog ends the
/// process: the loop sees the flag within a tick, unless it is stuck.
/// Short, so that closing the terminal ends `duty` within a second.
const STOP_GRACE: Duration = Duration::from_millis(400);
/// How often the watchdog looks at the stop flag.
const WATCH_EVERY: Duration = Duration::from_millis(50);

/// Ends the process when a stop signal (HUP when the terminal closes,
/// TERM, INT) goes unanswered: crossterm 0.29 reads a closed terminal's
/// end-of-file forever without returning (`read(0) = 0` in a busy loop),
/// so the event loop never gets back to its flag. Once the loop has
/// returned the watchdog stays quiet, so writes under way still finish;
/// a write it cuts short is a rolled-back transaction, never half a write.
fn start_watchdog(
    stop: Arc<AtomicBool>,
    loop_done: Arc<AtomicBool>,
    writing: Arc<std::sync::atomic::AtomicUsize>,
) -> io::Result<()> {
    std::thread::Builder::new()
        .name(format!("{}watchdog", commands::WORKER_PREFIX))
        .spawn(move || {
            while !stop.load(Ordering::Relaxed) {
                std::thread::sleep(WATCH_EVERY);
            }
            std::thread::sleep(STOP_GRACE);
            // A write under way finishes first (it waits at most the busy
            // timeout for a lock, then gives up whole).
            let deadline = Instant::now() + crate::app::busy_timeout() + Duration::from_secs(1);
            while writing.load(Ordering::Relaxed) > 0 && Instant::now() < deadline {
                std::thread::sleep(WATCH_EVERY);
            }
            if !loop_done.load(Ordering::Relaxed) {
                // Standard output stays locked by the stuck loop (the CLI
                // holds its lock for the whole run), and the terminal is
                // gone: only a line on standard error, never a panic.
                use std::io::Write;
                let _ = writeln!(io::stderr(), "{}", TuiError::Stopped);
                std::process::exit(1);
            }
        })?;
    Ok(())
}

/// Where the loop's terminal events come from: waits at most the given
/// time and returns an event, or `None` when none came.
pub type EventSource<'a> = dyn FnMut(Duration) -> io::Result<Option<Event>> + 'a;

/// The loop: draw, gather messages (solver first, then the terminal),
/// let `update` handle them, carry out the commands it returns.
pub fn event_loop<B>(
    terminal: &mut Terminal<B>,
    app: &mut App,
    store: &Store,
    session: &Session,
    next_event: &mut EventSource,
) -> io::Result<()>
where
    B: Backend,
    B::Error: Send + Sync + 'static,
{
    let (tx, rx): (Sender<Message>, Receiver<Message>) = mpsc::channel();
    let writer = Writer::start(store, app.station.clone(), session.clone(), tx.clone())
        .map_err(io::Error::other)?;
    let mut worker: Option<Arc<AtomicBool>> = None;
    let mut now_refreshed = Instant::now();
    loop {
        let size = terminal.size().map_err(io::Error::other)?;
        app.screen = (size.width, size.height);
        terminal
            .draw(|frame| view::draw(app, frame))
            .map_err(io::Error::other)?;
        let mut messages: Vec<Message> = rx.try_iter().collect();
        if let Some(event) = next_event(TICK)? {
            if let Event::Resize(..) = event {
                // A new size, or back from Ctrl-z: draw every cell again.
                terminal.clear().map_err(io::Error::other)?;
            }
            let area = Rect::new(0, 0, size.width, size.height);
            messages.extend(message_for(app, area, event));
        }
        if matches!(app.mode, Mode::Now { .. }) && now_refreshed.elapsed() >= NOW_REFRESH {
            app.now_lines = now_lines(store, &app.station, Utc::now(), true);
            now_refreshed = Instant::now();
        }
        for message in messages {
            if matches!(message, Message::SolverDone(_) | Message::SolverFailed(_)) {
                worker = None;
            }
            for command in app.update(message) {
                match command {
                    Command::Quit => {
                        if let Some(cancel) = &worker {
                            cancel.store(true, Ordering::Relaxed);
                        }
                        return Ok(());
                    }
                    Command::CancelSolve => {
                        if let Some(cancel) = &worker {
                            cancel.store(true, Ordering::Relaxed);
                        }
                    }
                    Command::Solve(roster) => match spawn_solver(store, app, *roster, tx.clone()) {
                        Ok(cancel) => worker = Some(cancel),
                        Err(e) => {
                            app.update(Message::SolverFailed(e.to_string()));
                        }
                    },
                    Command::ShowHistory => {
                        app.history_lines = history_lines(store, &app.station, app.week.period);
                    }
                    Command::LoadWeek(period) => match load_week(store, &app.station, period) {
                        Ok(week) => {
                            app.update(Message::Loaded(Box::new(week)));
                        }
                        Err(e) => app.status = e.to_string(),
                    },
                    Command::Publish(roster) => {
                        writer.submit(WriteJob::new(WriteKind::Publish, app, *roster));
                    }
                    Command::RecordAbsence(absence) => {
                        let job =
                            WriteJob::new(WriteKind::Absent(absence), app, app.roster.clone());
                        writer.submit(job);
                    }
                    Command::DayOf(change, reason) => {
                        let mut job =
                            WriteJob::new(WriteKind::DayOf(change), app, app.roster.clone());
                        job.reason = reason;
                        writer.submit(job);
                    }
                    Command::Replan(day) => {
                        let job = WriteJob::new(WriteKind::Replan(day), app, app.roster.clone());
                        writer.submit(job);
                    }
                    Command::ApplyReplan(reason) => {
                        let mut job =
                            WriteJob::new(WriteKind::ApplyReplan, app, app.roster.clone());
                        job.reason = reason;
                        job.replan = app.pending_replan.clone();
                        writer.submit(job);
                    }
                    Command::SaveDraft(roster) => {
                        writer.submit(WriteJob::new(WriteKind::SaveDraft, app, *roster));
                    }
                }
            }
        }
    }
}

/// The message a terminal event means, if any: key presses through the key
/// table (releases and repeats of other kinds ignored), clicks on cells,
/// the scroll wheel.
fn message_for(app: &App, area: Rect, event: Event) -> Option<Message> {
    use ratatui::crossterm::event::{KeyCode, KeyModifiers};
    match event {
        // Typing a search or a reason: characters are text, not commands.
        Event::Key(key)
            if key.kind == KeyEventKind::Press
                && matches!(
                    app.mode,
                    Mode::Search { .. } | Mode::DayOf { .. } | Mode::ConfirmReplan { .. }
                ) =>
        {
            match key.code {
                KeyCode::Char(c) if !key.modifiers.contains(KeyModifiers::CONTROL) => {
                    Some(Message::Typed(c))
                }
                KeyCode::Backspace => Some(Message::Erase),
                _ => keys::action_for(key).map(Message::Key),
            }
        }
        Event::Key(key) if key.kind == KeyEventKind::Press => {
            keys::action_for(key).map(Message::Key)
        }
        Event::Mouse(mouse) => match mouse.kind {
            MouseEventKind::Down(_) => view::grid::cell_at(app, area, mouse.column, mouse.row)
                .map(|(row, day)| Message::Click(row, day)),
            MouseEventKind::ScrollDown => Some(Message::Scroll(3)),
            MouseEventKind::ScrollUp => Some(Message::Scroll(-3)),
            _ => None,
        },
        _ => None,
    }
}
