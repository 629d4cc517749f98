//! The TUI's event loop itself, on ratatui's TestBackend with a scripted
//! event source and a real database file: keys and clicks become messages,
//! commands reach the store, and the loop ends on quit.

use std::collections::VecDeque;
use std::path::Path;
use std::time::{Duration, Instant};

use crate::app::Store;
use crate::config::load_dir;
use crate::model::{Duty, Period};
use crate::tui::app::App;
use crate::tui::commands::Session;
use crate::tui::{event_loop, start};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{
    Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};

fn key(c: char) -> Event {
    Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
}

fn special(code: KeyCode) -> Event {
    Event::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

fn click(column: u16, row: u16) -> Event {
    Event::Mouse(MouseEvent {
        kind: MouseEventKind::Down(MouseButton::Left),
        column,
        row,
        modifiers: KeyModifiers::NONE,
    })
}

/// A new database beside the sample station, and the editor started on
/// 2026-W49 (empty: nothing saved yet).
fn setup() -> (tempfile::TempDir, Store, App) {
    let dir = tempfile::tempdir().unwrap();
    let station = load_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("data")).unwrap();
    let period = Period::parse_iso_week("2026-W49", 1).unwrap();
    let store = Store::open(&dir.path().join("duty.db")).unwrap();
    let app = start(station, &store, period).unwrap();
    (dir, store, app)
}

fn session() -> Session {
    Session {
        operator: "loop-test".into(),
        rules_hash: "test".into(),
        ..Default::default()
    }
}

#[test]
fn keys_and_clicks_drive_the_loop_to_the_database_and_out() {
    let (dir, store, mut app) = setup();
    let (db, period) = (dir.path().join("duty.db"), app.week.period);
    app.color = false;
    let session = session();
    let mut terminal = Terminal::new(TestBackend::new(100, 30)).unwrap();

    // Row 3 is the first officer (title, day heads, unit heading above);
    // the day columns start where the heads say Mo30.
    terminal
        .draw(|frame| crate::tui::view::draw(&app, frame))
        .unwrap();
    let heads: String = (0..100)
        .map(|x| terminal.backend().buffer()[(x, 1)].symbol().to_string())
        .collect();
    let monday = heads.find("Mo30").unwrap() as u16;
    let tuesday = heads.find("Tu01").unwrap() as u16;

    // `None` waits until the writer thread has saved the draft.
    let mut script: VecDeque<Option<Event>> = VecDeque::from([
        Some(click(tuesday, 4)),       // second officer, Tuesday
        Some(special(KeyCode::Enter)), // the picker, on "off"
        Some(special(KeyCode::Down)),  // the first shift
        Some(special(KeyCode::Enter)), // set and pin it: an unsaved edit
        Some(key('w')),                // save a draft, on the writer thread
        None,                          // until it is saved
        Some(key(']')),                // next week: nothing unsaved, no question
        Some(key('[')),                // back
        Some(click(monday, 3)),        // first officer, Monday
        Some(special(KeyCode::Enter)),
        Some(special(KeyCode::Esc)),
        Some(Event::Key(KeyEvent {
            kind: KeyEventKind::Release,
            ..KeyEvent::new(KeyCode::Char('q'), KeyModifiers::NONE)
        })), // a release is not a press: ignored
        Some(key('q')),
    ]);
    let reader = Store::open(&db).unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    let result = event_loop(&mut terminal, &mut app, &store, &session, &mut |timeout| {
        assert!(Instant::now() < deadline, "the loop did not quit");
        match script.front() {
            Some(None) if reader.latest_draft(period.start).unwrap().is_none() => {
                std::thread::sleep(timeout.min(Duration::from_millis(10)));
                Ok(None)
            }
            Some(None) => {
                // Saved; give the writer the moment between its commit and
                // its message, so the next drain sees it.
                std::thread::sleep(Duration::from_millis(50));
                script.pop_front();
                Ok(None)
            }
            _ => Ok(script.pop_front().flatten()),
        }
    });
    result.unwrap();
    assert!(script.is_empty(), "quit before the script ended");
    assert_eq!(app.cursor, (0, 0), "the last click");
    assert!(!app.dirty);
    assert_eq!(app.week.period, period, "back on 2026-W49");
    // Coming back reloaded the week from the draft that `w` saved.
    let draft = store.latest_draft(period.start).unwrap().expect("a draft");
    let saved = store.load_roster(&app.station, &draft).unwrap();
    for s in 0..saved.staff {
        for d in 0..saved.days {
            assert_eq!(saved.get(s, d), app.roster.get(s, d));
        }
    }
    assert!(
        matches!(app.roster.get(app.rows[1], 1), Duty::Shift(_)),
        "the duty picked on Tuesday came back from the draft"
    );
}

#[test]
fn a_locked_database_does_not_freeze_the_screen() {
    let (dir, store, mut app) = setup();
    let (db, period) = (dir.path().join("duty.db"), app.week.period);
    let session = session();
    let mut terminal = Terminal::new(TestBackend::new(100, 30)).unwrap();

    // Another process holds the write lock while `w` saves; the loop must
    // go on taking keys (the writer waits on its own thread), and the save
    // lands once the lock is gone.
    let other = rusqlite::Connection::open(&db).unwrap();
    let mut polls = 0;
    let mut saved = false;
    let deadline = Instant::now() + Duration::from_secs(30);
    let result = event_loop(&mut terminal, &mut app, &store, &session, &mut |_| {
        assert!(Instant::now() < deadline, "the loop did not quit");
        polls += 1;
        Ok(match polls {
            1 => {
                other.execute_batch("BEGIN IMMEDIATE").unwrap();
                Some(key('w'))
            }
            2..=21 => {
                std::thread::sleep(Duration::from_millis(10));
                Some(special(KeyCode::Down)) // answered while the save waits
            }
            22 => {
                assert!(
                    store.latest_draft(period.start).unwrap().is_none(),
                    "nothing saved while the lock is held"
                );
                other.execute_batch("COMMIT").unwrap();
                None
            }
            _ if !saved => {
                saved = store.latest_draft(period.start).unwrap().is_some();
                std::thread::sleep(Duration::from_millis(10));
                None
            }
            _ => Some(key('q')),
        })
    });
    result.unwrap();
    assert_eq!(app.cursor.0, 20, "twenty keys taken while the save waited");
    assert!(
        app.status.starts_with("saved 2026-W49 as draft #"),
        "{}",
        app.status
    );
}
