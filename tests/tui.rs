//! The TUI without a terminal: `update` for every key, and snapshots of
//! every screen at 80x24 and 160x48 drawn on ratatui's TestBackend.

use std::path::Path;
use std::sync::atomic::AtomicBool;

use dutyroster::config::load_dir;
use dutyroster::model::{Duty, Ledger, Period, Roster};
use dutyroster::solver::{SearchLimits, solve};
use dutyroster::tui::app::{App, Command, Message, Mode, WeekData};
use dutyroster::tui::keys::Action;
use dutyroster::tui::view;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn app() -> App {
    let station = load_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("data")).unwrap();
    let period = Period::parse_iso_week("2026-W49", 1).unwrap();
    let start = Roster::new(period.start, 7, station.staff.len());
    let limits = SearchLimits {
        seed: 1,
        max_moves: Some(300_000),
        ..SearchLimits::default()
    };
    let solution = solve(
        &station,
        period,
        &start,
        &Ledger::default(),
        &limits,
        &AtomicBool::new(false),
        &mut |_| {},
    );
    let week = WeekData {
        period,
        roster: solution.roster,
        ledger: Ledger::default(),
        published: false,
    };
    let mut app = App::new(station, week);
    app.color = false;
    app.now_lines = vec![
        "Thu 2026-12-03 02:30 (Asia/Shanghai)".into(),
        "CHIEF  Li Na (ST02)".into(),
        "N      Wang Wei (ST01)".into(),
    ];
    app
}

fn screen(app: &App, width: u16, height: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|frame| view::draw(app, frame)).unwrap();
    terminal.backend().to_string()
}

fn key(app: &mut App, action: Action) -> Vec<Command> {
    app.update(Message::Key(action))
}

#[test]
fn every_screen_at_two_sizes() {
    let base = app();
    let mut screens: Vec<(&str, App)> = vec![("grid", base.clone())];
    let mut picker = base.clone();
    key(&mut picker, Action::Enter);
    screens.push(("picker", picker));
    let mut violations = base.clone();
    key(&mut violations, Action::Violations);
    screens.push(("violations", violations));
    let mut fairness = base.clone();
    key(&mut fairness, Action::Fairness);
    screens.push(("fairness", fairness));
    let mut now = base.clone();
    key(&mut now, Action::Now);
    screens.push(("now", now));
    let mut help = base.clone();
    key(&mut help, Action::Help);
    screens.push(("help", help));
    let mut publish = base.clone();
    key(&mut publish, Action::Publish);
    screens.push(("confirm_publish", publish));
    let mut quit = base.clone();
    key(&mut quit, Action::Pin);
    key(&mut quit, Action::Quit);
    screens.push(("confirm_quit", quit));
    let mut solving = base.clone();
    key(&mut solving, Action::Solve);
    screens.push(("solving", solving));
    for (name, app) in &screens {
        insta::assert_snapshot!(format!("{name}_80x24"), screen(app, 80, 24));
        insta::assert_snapshot!(format!("{name}_160x48"), screen(app, 160, 48));
    }
}

#[test]
fn tiny_terminals_do_not_panic() {
    let app = app();
    for (w, h) in [(1, 1), (10, 3), (19, 5), (20, 6), (30, 8)] {
        let _ = screen(&app, w, h);
    }
}

#[test]
fn movement_keys_stay_inside_the_grid() {
    let mut app = app();
    key(&mut app, Action::Up);
    key(&mut app, Action::Left);
    assert_eq!(app.cursor, (0, 0));
    key(&mut app, Action::Down);
    key(&mut app, Action::Right);
    assert_eq!(app.cursor, (1, 1));
    for _ in 0..100 {
        key(&mut app, Action::Down);
        key(&mut app, Action::Right);
    }
    assert_eq!(app.cursor, (app.rows.len() - 1, 6));
    app.update(Message::Scroll(-3));
    assert_eq!(app.cursor.0, app.rows.len() - 4);
    app.update(Message::Click(2, 3));
    assert_eq!(app.cursor, (2, 3));
}

#[test]
fn picker_sets_and_pins_the_duty_and_undo_redo_restore() {
    let mut app = app();
    let s = app.officer();
    let before = app.roster.get(s, 0);
    key(&mut app, Action::Enter);
    let Mode::Picker { options, .. } = &app.mode else {
        panic!("no picker")
    };
    assert_eq!(options[0].0, Duty::Off);
    assert!(
        options
            .iter()
            .all(|(_, note)| note.starts_with("ok") || note.starts_with("breaks"))
    );
    let target = options.iter().position(|(d, _)| *d != before).unwrap();
    let chosen = options[target].0;
    for _ in 0..options.len() {
        key(&mut app, Action::Up);
    }
    for _ in 0..target {
        key(&mut app, Action::Down);
    }
    assert!(matches!(app.mode, Mode::Picker { selected, .. } if selected == target));
    key(&mut app, Action::Enter);
    assert_eq!(app.mode, Mode::Grid);
    assert_eq!(app.roster.get(s, 0), chosen);
    assert!(app.roster.is_pinned(s, 0));
    assert!(app.dirty);
    key(&mut app, Action::Undo);
    assert_eq!(app.roster.get(s, 0), before);
    key(&mut app, Action::Redo);
    assert_eq!(app.roster.get(s, 0), chosen);
    key(&mut app, Action::Enter);
    key(&mut app, Action::Back);
    assert_eq!(app.mode, Mode::Grid);
}

#[test]
fn swap_exchanges_two_cells_and_pin_toggles() {
    let mut app = app();
    let d = (0..7)
        .find(|&d| app.roster.get(app.rows[0], d) != app.roster.get(app.rows[1], d))
        .unwrap();
    app.cursor = (0, d);
    let (a, b) = (
        app.roster.get(app.rows[0], d),
        app.roster.get(app.rows[1], d),
    );
    key(&mut app, Action::Swap);
    assert!(app.swap_mark.is_some());
    key(&mut app, Action::Down);
    key(&mut app, Action::Swap);
    assert_eq!(app.roster.get(app.rows[0], d), b);
    assert_eq!(app.roster.get(app.rows[1], d), a);
    key(&mut app, Action::Pin);
    assert!(app.roster.is_pinned(app.rows[1], d));
    key(&mut app, Action::Pin);
    assert!(!app.roster.is_pinned(app.rows[1], d));
}

#[test]
fn solve_asks_the_loop_and_esc_cancels() {
    let mut app = app();
    let commands = key(&mut app, Action::Solve);
    assert!(matches!(commands.as_slice(), [Command::Solve(_)]));
    assert!(app.solving.is_some());
    assert!(
        key(&mut app, Action::Down).is_empty(),
        "keys wait while solving"
    );
    assert_eq!(key(&mut app, Action::Back), vec![Command::CancelSolve]);
}

#[test]
fn violations_jump_to_the_cell() {
    let mut app = app();
    let s = app.rows[5];
    app.roster.set(s, 3, Duty::Off);
    key(&mut app, Action::Pin); // any edit rescores
    key(&mut app, Action::Violations);
    let index = app
        .report
        .violations
        .iter()
        .position(|v| v.staff.is_some() && !v.days.is_empty())
        .unwrap();
    for _ in 0..index {
        key(&mut app, Action::Down);
    }
    let v = app.report.violations[index].clone();
    key(&mut app, Action::Enter);
    assert_eq!(app.mode, Mode::Grid);
    assert_eq!(app.officer(), v.staff.unwrap());
    assert_eq!(app.roster.date(app.cursor.1), v.days[0]);
}

#[test]
fn screens_open_and_close() {
    let mut app = app();
    for (open, close) in [
        (Action::Fairness, Action::Back),
        (Action::Now, Action::Back),
        (Action::Help, Action::Help),
        (Action::Violations, Action::Back),
    ] {
        key(&mut app, open);
        assert_ne!(app.mode, Mode::Grid, "{open:?}");
        key(&mut app, close);
        assert_eq!(app.mode, Mode::Grid, "{close:?}");
    }
}

#[test]
fn weeks_change_through_the_loop() {
    let mut app = app();
    let next = key(&mut app, Action::NextWeek);
    assert_eq!(
        next,
        vec![Command::LoadWeek(
            Period::parse_iso_week("2026-W50", 1).unwrap()
        )]
    );
    let prev = key(&mut app, Action::PrevWeek);
    assert_eq!(
        prev,
        vec![Command::LoadWeek(
            Period::parse_iso_week("2026-W48", 1).unwrap()
        )]
    );
}

#[test]
fn publish_and_quit_ask_first() {
    let mut app = app();
    key(&mut app, Action::Publish);
    assert_eq!(app.mode, Mode::ConfirmPublish);
    assert!(key(&mut app, Action::No).is_empty());
    assert_eq!(app.mode, Mode::Grid);
    key(&mut app, Action::Publish);
    assert!(matches!(
        key(&mut app, Action::Yes).as_slice(),
        [Command::Publish(_)]
    ));
    // Nothing edited: q quits at once.
    assert_eq!(key(&mut app, Action::Quit), vec![Command::Quit]);
    key(&mut app, Action::Pin);
    assert!(key(&mut app, Action::Quit).is_empty());
    assert_eq!(app.mode, Mode::ConfirmQuit);
    assert_eq!(key(&mut app, Action::Yes), vec![Command::Quit]);
    app.update(Message::Published(Ok("published".into())));
    assert!(!app.dirty && app.week.published);
}
