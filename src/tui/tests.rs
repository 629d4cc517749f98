//! The TUI without a terminal: `update` for every key, and snapshots of
//! every screen at 80x24 and 160x48 drawn on ratatui's TestBackend.

use std::path::Path;
use std::sync::atomic::AtomicBool;

use chrono::TimeZone;

use crate::app::{self, Context, Opened, SearchLimits, Store};
use crate::config::load_dir;
use crate::model::eligibility::trainee_rule;
use crate::model::{Duty, Period, Roster};
use crate::tui::app::{App, Command, Message, Mode, WeekData};
use crate::tui::commands::{Session, WriteJob, WriteKind, load_week, write};
use crate::tui::keys::Action;
use crate::tui::view;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;

fn app() -> App {
    app_over(1)
}

/// The sample station over `weeks` weeks from 2026-W49, solved with a
/// fixed seed and move budget (the same on every machine).
fn app_over(weeks: u32) -> App {
    let station = load_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("data")).unwrap();
    let period = Period::parse_iso_week("2026-W49", weeks).unwrap();
    let limits = SearchLimits {
        seed: 1,
        max_moves: Some(300_000 * u64::from(weeks)),
        ..SearchLimits::default()
    };
    let context = Context::detached(&station, period);
    let solved = app::solve(
        &station,
        &context,
        None,
        limits,
        &AtomicBool::new(false),
        &mut |_, _| {},
    )
    .unwrap();
    let week = WeekData::from_opened(&station, Opened::detached(&station, solved.roster));
    let mut app = App::new(station, week);
    app.color = false;
    app.now_lines = vec![
        "Thu 2026-12-03 02:30 (Asia/Shanghai)".into(),
        "CHIEF  Li Na (ST02)".into(),
        "N      Wang Wei (ST01)".into(),
    ];
    app.history_lines = vec![
        "Rosters:".into(),
        "  #1    2026-11-30 to 2026-12-06  published hard 0 soft 7750  saved 2026-12-03 09:12 CST by 欧阳建国 (planned: duty plan 2026-W49 --weeks 1 --seed 1 --moves 8000000 --threads 2), published 2026-12-03 09:20 CST by 欧阳建国".into(),
        "        in force now: NOT LEGAL, breaks 1 hard rule since it was saved (duty print 2026-W49 lists them)".into(),
        "Changes:".into(),
        "  2026-12-03 09:20 CST publish roster #1  by 欧阳建国: published".into(),
        "  2026-12-04 07:02 CST absent  Wang Wei (ST01) 2026-12-04: E -> off  by 欧阳建国: phoned in sick".into(),
        "Absences recorded:".into(),
        "  2026-12-04 07:02 CST sick    Wang Wei (ST01) 2026-12-04  by 欧阳建国: phoned in sick".into(),
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

/// Every screen, reached by its key from the grid.
fn screens(base: &App) -> Vec<(&'static str, App)> {
    let mut screens: Vec<(&str, App)> = vec![("grid", base.clone())];
    for (name, keys) in [
        ("picker", &[Action::Enter][..]),
        ("violations", &[Action::Violations]),
        ("fairness", &[Action::Fairness]),
        ("now", &[Action::Now]),
        ("history", &[Action::History]),
        ("help", &[Action::Help]),
        ("confirm_publish", &[Action::Publish]),
        ("confirm_quit", &[Action::Pin, Action::Quit]),
        ("solving", &[Action::Solve]),
    ] {
        let mut app = base.clone();
        for &action in keys {
            key(&mut app, action);
        }
        screens.push((name, app));
    }
    screens
}

#[test]
fn every_screen_at_two_sizes() {
    for (name, app) in &screens(&app()) {
        insta::assert_snapshot!(format!("{name}_80x24"), screen(app, 80, 24));
        insta::assert_snapshot!(format!("{name}_160x48"), screen(app, 160, 48));
    }
}

#[test]
fn tiny_terminals_do_not_panic() {
    for (_, app) in &screens(&app()) {
        for (w, h) in [(0, 0), (1, 1), (10, 3), (19, 5), (20, 6), (30, 8), (45, 12)] {
            // Drawn, not printed: TestBackend cannot print a zero-width buffer.
            let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
            terminal.draw(|frame| view::draw(app, frame)).unwrap();
        }
    }
}

#[test]
fn four_weeks_scroll_across_a_week_at_a_time() {
    let mut app = app_over(4);
    for _ in 0..16 {
        key(&mut app, Action::Right);
    }
    for _ in 0..14 {
        key(&mut app, Action::Down);
    }
    assert_eq!(app.cursor, (14, 16));
    insta::assert_snapshot!("four_weeks_day_16_80x24", screen(&app, 80, 24));
    insta::assert_snapshot!("four_weeks_day_16_160x48", screen(&app, 160, 48));
    let text = screen(&app, 80, 24);
    assert!(text.contains("Mo14"), "week 3 starts the columns:\n{text}");
    assert!(!text.contains("Su13"), "week 2 scrolled away:\n{text}");
}

#[test]
fn a_click_lands_on_the_cell_drawn_there() {
    let mut app = app_over(4);
    app.cursor = (20, 9);
    let area = Rect::new(0, 0, 80, 24);
    let text = screen(&app, 80, 24);
    let lines: Vec<&str> = text.lines().collect();
    // Find the row of the cursor's officer and the column of day 9 (Wed09).
    let officer = &app.station.staff[app.rows[20]];
    let y = lines
        .iter()
        .position(|l| l.contains(&format!("{} {}", officer.id, officer.name)))
        .unwrap();
    let x = lines[1].chars().position(|c| c == 'W').unwrap();
    assert!(lines[1].contains("We09"), "{}", lines[1]);
    assert_eq!(
        view::grid::cell_at(&app, area, x as u16, y as u16),
        Some((20, 9))
    );
    assert_eq!(
        view::grid::cell_at(&app, area, 0, y as u16),
        None,
        "name column"
    );
    assert_eq!(
        view::grid::cell_at(&app, area, x as u16, 0),
        None,
        "title line"
    );
    app.update(Message::Click(3, 10));
    assert_eq!(app.cursor, (3, 10));
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
    assert!(options.iter().all(|(_, note)| {
        ["ok", "breaks", "mends", "as now"]
            .iter()
            .any(|start| note.starts_with(start))
    }));
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
    // x twice on one cell takes the mark back: nothing swapped, no undo step.
    let (before, steps) = (app.roster.clone(), app.undo.len());
    key(&mut app, Action::Swap);
    key(&mut app, Action::Swap);
    assert!(app.swap_mark.is_none());
    assert_eq!(app.status, "unmarked");
    assert_eq!((&app.roster, app.undo.len()), (&before, steps));
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

/// The list cuts each violation to a line; the highlighted one is shown
/// whole, wrapped, so a long message (a weekend rule's dates) can be read.
#[test]
fn the_highlighted_violation_is_shown_whole() {
    let mut app = app();
    key(&mut app, Action::Violations);
    let cells = 80 - 4 - 2;
    let long = app
        .report
        .violations
        .iter()
        .skip(1)
        .position(|v| crate::text::width(&v.message) > cells)
        .map(|i| i + 1)
        .expect("a violation longer than a line");
    let tail = |app: &App, i: usize| {
        let message = &app.report.violations[i].message;
        let words: Vec<&str> = message.split_whitespace().collect();
        words[words.len().saturating_sub(2)..].join(" ")
    };
    let end = tail(&app, long);
    assert!(
        !screen(&app, 80, 24).contains(&end),
        "cut while not highlighted"
    );
    for _ in 0..long {
        key(&mut app, Action::Down);
    }
    let drawn = screen(&app, 80, 24);
    assert!(drawn.contains(&end), "{end:?} not in\n{drawn}");
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
fn weeks_stop_at_the_years_every_command_takes() {
    let mut app = app();
    app.week.period = Period::parse_iso_week("9998-W52", 1).unwrap();
    assert_eq!(key(&mut app, Action::NextWeek).len(), 1, "9998-W53 opens");
    app.week.period = Period::parse_iso_week("9998-W53", 1).unwrap();
    assert!(key(&mut app, Action::NextWeek).is_empty());
    assert!(app.status.contains("1900 to 9998"), "{}", app.status);
    app.week.period = Period::parse_iso_week("1900-W01", 1).unwrap();
    assert!(key(&mut app, Action::PrevWeek).is_empty());
}

#[test]
fn publish_and_quit_ask_first() {
    let mut app = app();
    key(&mut app, Action::Publish);
    assert_eq!(app.mode, Mode::ConfirmPublish { ahead: Vec::new() });
    assert!(key(&mut app, Action::PrevMatch).is_empty());
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
    assert_eq!(
        app.mode,
        Mode::ConfirmDiscard {
            then: Command::Quit
        }
    );
    assert_eq!(key(&mut app, Action::Yes), vec![Command::Quit]);
    app.update(Message::Published(Ok(("published".into(), 1))));
    assert!(!app.dirty && app.week.is_published());
}

#[test]
fn published_days_are_not_edited_as_a_draft() {
    let mut app = app();
    app.week.published = vec![true; 7];
    let before = app.roster.clone();
    // The picker opens, but a choice becomes a day-of change (with a
    // reason), never a silent edit of the cell.
    key(&mut app, Action::Enter);
    let Mode::Picker { options, .. } = app.mode.clone() else {
        panic!("{:?}", app.mode)
    };
    let other = options
        .iter()
        .position(|(d, _)| *d != before.get(app.officer(), 0))
        .unwrap();
    app.mode = Mode::Picker {
        options,
        selected: other,
    };
    key(&mut app, Action::Enter);
    assert!(matches!(app.mode, Mode::DayOf { .. }), "{:?}", app.mode);
    key(&mut app, Action::Back);
    assert_eq!(app.roster, before);
    key(&mut app, Action::Pin);
    assert!(app.status.contains("published day"), "{}", app.status);
    assert_eq!(app.roster, before, "a published cell stays pinned");
    key(&mut app, Action::Publish);
    assert_eq!(app.mode, Mode::Grid);
    assert_eq!(app.status, "already published");
    app.week.published[6] = false;
    key(&mut app, Action::Publish);
    assert_eq!(app.mode, Mode::Grid);
    assert!(app.status.contains("part of these weeks"), "{}", app.status);
}

#[test]
fn fairness_pages_through_units() {
    let mut app = app();
    key(&mut app, Action::Fairness);
    let first = app.station.staff[app.officer()].unit;
    assert_eq!(
        app.mode,
        Mode::Fairness {
            unit: first,
            scroll: 0
        }
    );
    key(&mut app, Action::Right);
    let units = app.station.units.len();
    assert_eq!(
        app.mode,
        Mode::Fairness {
            unit: (first + 1) % units,
            scroll: 0
        }
    );
    key(&mut app, Action::Left);
    key(&mut app, Action::Left);
    assert_eq!(
        app.mode,
        Mode::Fairness {
            unit: (first + units - 1) % units,
            scroll: 0
        }
    );
    key(&mut app, Action::Fairness);
    assert_eq!(app.mode, Mode::Grid);
}

/// The fairness screen's line for `id`, as drawn, split into its
/// columns (the bars apart).
fn fairness_columns(app: &App, id: &str) -> Vec<String> {
    let drawn = screen(app, 160, 48);
    let line = drawn
        .lines()
        .find(|l| l.contains(&format!("│{id} ")))
        .unwrap_or_else(|| panic!("no line for {id}:\n{drawn}"));
    let start = line.find(&format!("│{id} ")).unwrap();
    line[start..]
        .split('│')
        .nth(1)
        .unwrap()
        .split_whitespace()
        .filter(|w| !w.starts_with('█'))
        .map(String::from)
        .collect()
}

/// The cross-training and time-present columns of `id`'s line.
fn training_and_present(app: &App, id: &str) -> (String, String) {
    let columns = fairness_columns(app, id);
    let [.., training, present] = columns.as_slice() else {
        panic!("{columns:?}")
    };
    (training.clone(), present.clone())
}

#[test]
fn fairness_shows_cross_training_done_against_due_with_the_edits() {
    let mut app = app();
    let trainee = app.station.staff_index("TR02").unwrap();
    let desk_day = app.station.shift_index("D").unwrap();
    let row = app.rows.iter().position(|&s| s == trainee).unwrap();
    app.cursor = (row, 0);
    key(&mut app, Action::Fairness);
    let trains_on = |sh: usize| trainee_rule(&app.station, trainee, sh).is_some();
    assert!(
        trains_on(desk_day),
        "the station desk's day shift is cross-training"
    );
    // Off every station shift this week: none done of the one due.
    for d in 0..7 {
        if matches!(app.roster.get(trainee, d), Duty::Shift(sh) if trains_on(sh)) {
            app.roster.set(trainee, d, Duty::Off);
        }
    }
    // The record begins this week, one of the window's 4: nothing is owed
    // yet, so 0 of 1 is on pace and carries no mark.
    assert_eq!(training_and_present(&app, "TR02").0, "0/1");
    // A window of one week owes its shift this week: behind, marked.
    let rule = trainee_rule(&app.station, trainee, desk_day).unwrap();
    app.station.cross_training[rule].per_weeks = 1;
    assert_eq!(training_and_present(&app, "TR02").0, "0/1*");
    app.roster.set(trainee, 0, Duty::Shift(desk_day));
    assert_eq!(training_and_present(&app, "TR02").0, "1/1");
    app.station.cross_training[rule].per_weeks = 4;
    assert_eq!(training_and_present(&app, "TR02").0, "1/1");
    // A unit without cross-training shows none.
    let cid = app
        .station
        .staff
        .iter()
        .find(|o| o.id == "CI01")
        .unwrap()
        .unit;
    app.mode = Mode::Fairness {
        unit: cid,
        scroll: 0,
    };
    assert_eq!(training_and_present(&app, "CI01").0, "-");
}

#[test]
fn a_narrow_fairness_screen_drops_whole_columns_never_half_of_one() {
    let mut app = app();
    key(&mut app, Action::Fairness);
    for width in [30, 60, 87, 90, 95, 103, 111, 160] {
        let drawn = screen(&app, width, 30);
        let inside = |l: &str| l.split('│').nth(1).unwrap_or_default().to_string();
        let head = drawn
            .lines()
            .find(|l| l.contains("│officer "))
            .map(inside)
            .unwrap_or_else(|| panic!("no head at {width}:\n{drawn}"));
        let row = drawn
            .lines()
            .find(|l| l.contains("│ST01 "))
            .map(inside)
            .unwrap();
        // Every column the head names has a figure under it, and the
        // head's last word is a whole column name.
        let names = head.split_whitespace().count();
        let last = head.split_whitespace().last().unwrap();
        assert!(
            [
                "officer", "nights", "days", "holidays", "chief", "points", "pts/FTE", "unit",
                "w/ends", "off", "x-train", "present"
            ]
            .contains(&last),
            "{width}: {head:?}"
        );
        let figures = row
            .split_whitespace()
            .filter(|w| !w.starts_with('█'))
            .count();
        // ST01 Wang Wei is three words to the head's one; "w/e days",
        // "vs unit" and "wks off" are two words over one figure each.
        let merged = ["w/e days", "vs unit", "wks off"]
            .iter()
            .filter(|w| head.contains(*w))
            .count();
        assert_eq!(figures - 2, names - merged, "{width}: {head:?} / {row:?}");
    }
}

#[test]
fn fairness_shows_the_share_of_weeks_each_officer_was_there() {
    let mut app = app();
    key(&mut app, Action::Fairness);
    assert_eq!(training_and_present(&app, "ST05").1, "100%");
    // Nothing worked this week and nothing published: no week of theirs
    // is counted, so their few points are not read as a debt.
    let st05 = app.station.staff_index("ST05").unwrap();
    for d in 0..7 {
        app.roster.set(st05, d, Duty::Off);
    }
    assert_eq!(training_and_present(&app, "ST05").1, "0%");
}

/// Weekend days are evened at the end of the weekend rule's cycle, so
/// the fairness screen says which cycle the weeks shown are in, as `duty
/// fairness` does; a week planned from scratch, with nothing on record,
/// has no cycle to name.
#[test]
fn fairness_names_the_weekend_cycle_the_weeks_shown_are_in() {
    let cycle = "weekend days even out at each 4-week cycle's end; 2026-12-06 is mid-cycle (2026-11-30 to 2026-12-27)";
    let (_dir, _store, _session, mut opened) = published_week("Sgt Test");
    key(&mut opened, Action::Fairness);
    let text = screen(&opened, 160, 48);
    assert!(text.contains(cycle), "{text}");
    let mut detached = app();
    key(&mut detached, Action::Fairness);
    assert!(!screen(&detached, 160, 48).contains("weekend cycle"));
}

#[test]
fn solver_messages_show_progress_then_the_roster() {
    let mut app = app();
    key(&mut app, Action::Solve);
    let mut progress = app.solving.unwrap();
    progress.moves = 1_000_000;
    progress.moves_per_second = 2.5e6;
    progress.elapsed = std::time::Duration::from_secs(5);
    let before = app.roster.clone();
    let mut best = app.roster.clone();
    // The best so far differs from the first roster on Sunday, whatever
    // that roster had there.
    let drawn = if before.get(app.rows[0], 6) == Duty::Shift(0) {
        1
    } else {
        0
    };
    best.set(app.rows[0], 6, Duty::Shift(drawn));
    app.update(Message::SolverProgress(progress, Box::new(best.clone())));
    let text = screen(&app, 80, 24);
    assert!(text.contains("25%"), "{text}");
    assert!(text.contains("2.5 M moves/s"), "{text}");
    let sunday_cell = |text: &str| -> String {
        let heads = text.lines().find(|l| l.contains("Su06")).unwrap();
        let column = heads[..heads.find("Su06").unwrap()].chars().count();
        let row = text.lines().find(|l| l.contains("ST01")).unwrap();
        row.chars()
            .skip(column)
            .take(4)
            .collect::<String>()
            .trim()
            .to_string()
    };
    assert_eq!(
        sunday_cell(&text),
        app.station.shifts[drawn].code,
        "the best so far is drawn:\n{text}"
    );
    assert_eq!(app.roster, before, "the edited roster waits for the end");
    let mut solution_roster = app.roster.clone();
    let s = app.rows[0];
    // The solve changes a cell, whatever the first roster had there.
    let other = if before.get(s, 0) == Duty::Off {
        Duty::Shift(0)
    } else {
        Duty::Off
    };
    solution_roster.set(s, 0, other);
    let solution = app::Solved {
        roster: solution_roster.clone(),
        report: app.report.clone(),
        progress,
        stop: app::StopReason::Cancelled,
        kept_start: false,
    };
    app.update(Message::SolverDone(Box::new(solution)));
    assert!(app.solving.is_none() && app.preview.is_none());
    assert_eq!(app.roster, solution_roster);
    assert!(app.dirty);
    key(&mut app, Action::Undo);
    assert_ne!(
        app.roster, solution_roster,
        "a solve is undone like an edit"
    );
}

#[test]
fn changing_week_with_unsaved_edits_asks_first_and_w_saves() {
    let mut app = app();
    key(&mut app, Action::Pin);
    assert!(key(&mut app, Action::NextWeek).is_empty());
    assert!(matches!(app.mode, Mode::ConfirmDiscard { .. }));
    assert!(key(&mut app, Action::PrevMatch).is_empty(), "no stays");
    assert_eq!(app.mode, Mode::Grid);
    assert!(matches!(
        key(&mut app, Action::Save).as_slice(),
        [Command::SaveDraft(_)]
    ));
    app.update(Message::Saved(Ok(("saved".into(), 1))));
    assert!(!app.dirty);
    assert!(matches!(
        key(&mut app, Action::NextWeek).as_slice(),
        [Command::LoadWeek(_)]
    ));
}

#[test]
fn saved_and_published_weeks_reopen_from_the_database() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("duty.db")).unwrap();
    let session = Session {
        operator: "tester".into(),
        rules_hash: "hash".into(),
        ..Default::default()
    };
    let mut app = app();
    let period = app.week.period;
    let empty = load_week(&store, &app.station, period).unwrap();
    assert!(empty.roster.dates().count() == 7 && !empty.published.iter().any(|&p| p));

    let s = app.rows[0];
    app.roster.set(s, 0, Duty::Off);
    let job = WriteJob::new(WriteKind::SaveDraft, &app, app.roster.clone());
    let Message::Saved(saved) = write(&mut store, &app.station, &session, &job) else {
        panic!("a save answers Saved")
    };
    let (saved, draft_id) = saved.unwrap();
    assert!(saved.starts_with("saved 2026-W49 as draft #"), "{saved}");
    let row = store.latest_draft(period.start).unwrap().unwrap();
    assert_eq!(
        (row.saved_by.as_deref(), row.origin.as_deref()),
        (Some("tester"), Some("saved in the editor")),
        "the history says who saved it and how"
    );
    let reopened = load_week(&store, &app.station, period).unwrap();
    for d in 0..7 {
        for s in 0..app.roster.staff {
            assert_eq!(reopened.roster.get(s, d), app.roster.get(s, d));
        }
    }

    let mut app = app_over(1);
    // This editor knows of the draft just saved (as one that saved it does).
    app.week.stamp = Some(draft_id);
    let job = WriteJob::new(WriteKind::Publish, &app, app.roster.clone());
    let Message::Published(published) = write(&mut store, &app.station, &session, &job) else {
        panic!("a publish answers Published")
    };
    let (published, _) = published.unwrap();
    assert!(published.starts_with("published 2026-W49"), "{published}");
    let reopened = load_week(&store, &app.station, period).unwrap();
    assert!(reopened.published.iter().all(|&p| p));
    assert!(reopened.roster.is_pinned(0, 0) && reopened.roster.is_pinned(44, 6));
    let Message::Published(again) = write(&mut store, &app.station, &session, &job) else {
        panic!("a publish answers Published")
    };
    let again = again.unwrap_err();
    assert!(again.contains("already published"), "{again}");

    // Two weeks shown: the published one and an empty one after it.
    let two = load_week(&store, &app.station, Period { weeks: 2, ..period }).unwrap();
    assert_eq!(&two.published[..], &[[true; 7], [false; 7]].concat()[..]);
}

#[test]
fn a_failed_solve_leaves_the_roster_and_says_why() {
    let mut app = app();
    let before = app.roster.clone();
    key(&mut app, Action::Solve);
    app.update(Message::SolverFailed("index out of bounds".into()));
    assert!(app.solving.is_none(), "keys work again");
    assert_eq!(app.roster, before);
    assert_eq!(app.status, "the solver failed: index out of bounds");
    assert_eq!(key(&mut app, Action::Down), Vec::<Command>::new());
    assert_eq!(app.cursor.0, 1);
}

#[test]
fn shortfalls_are_red_with_colour_and_bold_without() {
    use ratatui::style::{Color, Modifier};
    let mut app = app();
    app.roster = Roster::new(app.roster.start, 7, app.roster.staff); // nobody on duty
    for color in [true, false] {
        app.color = color;
        let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
        terminal.draw(|frame| view::draw(&app, frame)).unwrap();
        let buffer = terminal.backend().buffer();
        let row = (0..24)
            .find(|&y| buffer[(0, y)].symbol() == "E" && buffer[(1, y)].symbol() == " ")
            .expect("the E cover row");
        let x = (0..80)
            .find(|&x| buffer[(x, row)].symbol() == "0" && buffer[(x + 1, row)].symbol() == "/")
            .expect("a 0/min cell");
        let cell = &buffer[(x, row)];
        assert!(cell.modifier.contains(Modifier::BOLD), "colour {color}");
        let expected = if color { Color::Red } else { Color::Reset };
        assert_eq!(cell.fg, expected, "colour {color}");
    }
}

#[test]
fn pins_survive_save_and_reopen() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("duty.db")).unwrap();
    let session = Session {
        operator: "tester".into(),
        rules_hash: "hash".into(),
        ..Default::default()
    };
    let mut app = app();
    key(&mut app, Action::Down);
    key(&mut app, Action::Right);
    key(&mut app, Action::Pin);
    let (s, d) = (app.officer(), app.cursor.1);
    assert!(app.roster.is_pinned(s, d));
    let job = WriteJob::new(WriteKind::SaveDraft, &app, app.roster.clone());
    let Message::Saved(saved) = write(&mut store, &app.station, &session, &job) else {
        panic!("a save answers Saved")
    };
    saved.unwrap();
    let reopened = load_week(&store, &app.station, app.week.period).unwrap();
    assert!(reopened.roster.is_pinned(s, d), "the pin is kept");
    let pins = |r: &Roster| {
        (0..r.staff)
            .flat_map(|s| (0..r.days).map(move |d| (s, d)))
            .filter(|&(s, d)| r.is_pinned(s, d))
            .count()
    };
    assert_eq!(pins(&reopened.roster), 1, "only that pin");
}

#[test]
fn solve_on_a_published_week_says_so_and_every_key_still_works() {
    let mut app = app();
    app.week.published = vec![true; 7];
    assert!(key(&mut app, Action::Solve).is_empty());
    assert!(app.solving.is_none());
    assert!(app.status.contains("published"), "{}", app.status);
    key(&mut app, Action::Help);
    assert_eq!(app.mode, Mode::Help { scroll: 0 });
    key(&mut app, Action::Back);
    assert_eq!(key(&mut app, Action::Quit), vec![Command::Quit]);
}

#[test]
fn solving_never_returns_a_worse_roster_than_it_started_from() {
    let base = app();
    let station = &base.station;
    for (seed, moves, cancelled) in [(2, 1, false), (3, 2_000, false), (4, 50_000, true)] {
        let mut ctx = base.week.context.clone();
        ctx.start = ctx.splice(&base.roster);
        let before = ctx.verdict(station, &base.roster);
        let limits = SearchLimits {
            seed,
            max_moves: Some(moves),
            ..SearchLimits::default()
        };
        let cancel = AtomicBool::new(cancelled);
        let solved = app::solve(station, &ctx, None, limits, &cancel, &mut |_, _| {}).unwrap();
        assert!(
            solved.report.score <= before.score,
            "seed {seed}: {} after, {} before",
            solved.report.score,
            before.score
        );
        if solved.kept_start {
            assert_eq!(ctx.period_part(&solved.roster), base.roster);
        }
    }
}

/// The sample week with the early shift of Monday covered by five station
/// officers and one patrol officer: six on the shift, but patrol short.
fn patrol_short_on_monday() -> App {
    let mut app = app();
    let station = app.station.clone();
    let early = Duty::Shift(station.shift_index("E").unwrap());
    let unit = |code: &str| station.units.iter().position(|u| u.code == code).unwrap();
    let (st, pa) = (unit("station"), unit("patrol"));
    for s in 0..station.staff.len() {
        if app.roster.get(s, 0) == early {
            app.roster.set(s, 0, Duty::Off);
        }
    }
    let staff = &station.staff;
    let of = |u: usize| (0..staff.len()).filter(move |&s| staff[s].unit == u);
    let not_chief = |s: &usize| app.roster.get(*s, 0) != Duty::Chief;
    let chosen: Vec<usize> = of(st)
        .filter(|&s| station.can_work(s, station.shift_index("E").unwrap()))
        .filter(not_chief)
        .take(5)
        .chain(of(pa).filter(not_chief).take(1))
        .collect();
    for s in chosen {
        app.roster.set(s, 0, early);
    }
    app.week.roster = app.roster.clone();
    app.rescore();
    app
}

#[test]
fn a_patrol_shortfall_shows_though_the_shift_has_enough_officers() {
    let app = patrol_short_on_monday();
    let text = screen(&app, 160, 48);
    let row = text
        .lines()
        .find(|l| l.trim_start_matches('"').starts_with("E Pat have/min"))
        .unwrap_or_else(|| panic!("no patrol early row:\n{text}"));
    assert!(row.contains("1/3!"), "{row}");
    insta::assert_snapshot!("cover_patrol_short_160x48", text);

    let mut paper = Vec::new();
    crate::export::text::write_text(
        &app.station,
        &app.roster,
        &app.report,
        None,
        132,
        &mut paper,
    )
    .unwrap();
    let paper = String::from_utf8(paper).unwrap();
    let cover = paper
        .lines()
        .find(|l| l.starts_with("Cover E Pat (have/min)"))
        .unwrap_or_else(|| panic!("no patrol early row:\n{paper}"));
    assert!(cover.contains("1/3!"), "{cover}");
    assert!(paper.contains("Verdict: NOT LEGAL"), "{paper}");
    insta::assert_snapshot!("cover_patrol_short_text", paper);
}

/// The sample's 2026-W49, solved and published (as `operator`) in a new
/// database, open in the editor: the start of every day-of test.
fn published_week(operator: &str) -> (tempfile::TempDir, Store, Session, App) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("duty.db")).unwrap();
    let session = Session {
        operator: operator.into(),
        rules_hash: "hash".into(),
        ..Default::default()
    };
    let solved = app_over(1);
    let job = WriteJob::new(WriteKind::Publish, &solved, solved.roster.clone());
    let Message::Published(published) = write(&mut store, &solved.station, &session, &job) else {
        panic!("a publish answers Published")
    };
    published.unwrap();
    let week = load_week(&store, &solved.station, solved.week.period).unwrap();
    let app = App::new(solved.station.clone(), week);
    (dir, store, session, app)
}

/// Six patrol officers work this weekend after working the two before
/// (all published): a day-of change putting a seventh such officer on it
/// is legal, but leaves next weekend 8 of the 9 patrol needs, and the
/// picker says so beside the duty, before the reason is typed.
#[test]
fn a_day_of_change_that_spends_next_weekend_says_so_in_the_picker() {
    let base = app();
    let seven: Vec<usize> = ["PA03", "PA04", "PA06", "PA10", "PA12", "PA13", "PA15"]
        .iter()
        .map(|id| base.station.staff_index(id).unwrap())
        .collect();
    let start = base.week.period.start - chrono::Days::new(14);
    let mut paper = Roster::new(start, 21, base.station.staff.len());
    let early = Duty::Shift(base.station.shift_index("E").unwrap());
    for (i, &s) in seven.iter().enumerate() {
        // The seventh is off this weekend.
        let weeks = if i == 6 { 2 } else { 3 };
        for w in 0..weeks {
            paper.set(s, w * 7 + 5, early);
            paper.set(s, w * 7 + 6, early);
        }
    }
    let (_dir, store) = published(&base, &paper, Some("paper rosters"));
    let week = load_week(&store, &base.station, base.week.period).unwrap();
    let mut app = App::new(base.station.clone(), week);
    let row = app.rows.iter().position(|&s| s == seven[6]).unwrap();
    app.cursor = (row, 5);
    key(&mut app, Action::Enter);
    let Mode::Picker { options, .. } = app.mode.clone() else {
        panic!("a published day opens the picker: {:?}", app.mode)
    };
    let short = "but leaves the weekend of 2026-12-12 short (duty plan says why)";
    assert!(
        options.iter().any(|(_, note)| note.ends_with(short)),
        "{options:?}"
    );
}

#[test]
fn a_sick_call_from_the_editor_is_recorded_and_respected() {
    let (_dir, mut store, session, mut app) = published_week("tester");
    // The first officer working on Wednesday.
    let row = (0..app.rows.len())
        .find(|&r| matches!(app.roster.get(app.rows[r], 2), Duty::Shift(_)))
        .unwrap();
    app.cursor = (row, 2);
    let s = app.officer();
    key(&mut app, Action::Absent);
    assert_eq!(app.mode, Mode::ConfirmAbsent { staff: s, day: 2 });
    let commands = key(&mut app, Action::Yes);
    let [Command::RecordAbsence(absence)] = commands.as_slice() else {
        panic!("expected the absence to be recorded: {commands:?}")
    };
    let job = WriteJob::new(WriteKind::Absent(*absence), &app, app.roster.clone());
    let answer = write(&mut store, &app.station, &session, &job);
    app.update(answer);
    assert!(
        app.status.contains("recorded absent (sick)"),
        "{}",
        app.status
    );
    assert_eq!(app.roster.get(s, 2), Duty::Off);
    assert!(
        !app.report.violations.iter().any(|v| v.staff == Some(s)
            && v.constraint.is_hard()
            && v.days.contains(&app.roster.date(2))),
        "the sick officer is charged: {:?}",
        app.report.hard().collect::<Vec<_>>()
    );
    // Reopened from the database: off that day, on leave.
    let station = crate::app::with_recorded_absences(app.station.clone(), &store).unwrap();
    let reopened = load_week(&store, &station, app.week.period).unwrap();
    assert_eq!(reopened.roster.get(s, 2), Duty::Off);
    assert!(station.leave_on(s, app.roster.date(2)).is_some());
}

/// The sample station with Chinese names (and one very long name), as the
/// station that inspired `duty` writes them.
fn app_with_chinese_names() -> App {
    let mut app = app();
    let names = [
        "王伟",
        "欧阳建国",
        "李娜",
        "司马相如",
        "张敏",
        "Wang Wei-Ouyang Jianguo, a name written out in sixty characters",
    ];
    for (officer, name) in app.station.staff.iter_mut().zip(names) {
        officer.name = name.to_string();
    }
    app
}

/// Checks, from the drawn buffer, that every officer row's day cells
/// start at the same screen column as the day heads: the cell under
/// "Mo30" holds the first letter of that officer's Monday, and so on.
fn assert_day_columns_align(app: &App, width: u16, height: u16) {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|frame| view::draw(app, frame)).unwrap();
    let buffer = terminal.backend().buffer().clone();
    let row_text = |y: u16| -> String { (0..width).map(|x| buffer[(x, y)].symbol()).collect() };
    let head_y = (0..height)
        .find(|&y| row_text(y).contains("Mo30"))
        .expect("the day heads");
    let head = row_text(head_y);
    let first_x = (0..width)
        .find(|&x| {
            (x..x + 4)
                .map(|i| buffer[(i.min(width - 1), head_y)].symbol())
                .collect::<String>()
                == "Mo30"
        })
        .unwrap();
    let second_x = (first_x + 1..width)
        .find(|&x| buffer[(x, head_y)].symbol() == "T" && buffer[(x + 1, head_y)].symbol() == "u")
        .expect(&head);
    let day_w = second_x - first_x;
    let shown = ((width - first_x) / day_w).min(7) as usize;
    let mut checked = 0;
    for y in head_y + 1..height {
        // An officer row starts with the chief marker or a blank, then the id.
        let id: String = (1..5).map(|x| buffer[(x, y)].symbol()).collect();
        let Some(s) = app.station.staff_index(&id) else {
            continue;
        };
        for d in 0..shown {
            let x = first_x + d as u16 * day_w;
            let code = app.shown_roster().cell_code(&app.station, s, d);
            assert_eq!(
                buffer[(x, y)].symbol(),
                &code[..1],
                "{id} day {d} at {width}x{height}: column {x} of\n{}",
                row_text(y)
            );
            assert_eq!(buffer[(x - 1, y)].symbol(), " ", "a blank before each day");
        }
        checked += 1;
    }
    assert!(checked >= 6, "the renamed officers were on screen");
}

#[test]
fn chinese_names_keep_every_day_column_in_place() {
    let app = app_with_chinese_names();
    for (w, h) in [(80, 24), (160, 48)] {
        assert_day_columns_align(&app, w, h);
        insta::assert_snapshot!(format!("chinese_names_{w}x{h}"), screen(&app, w, h));
    }
    // The long name is cut with an ellipsis, not silently.
    assert!(screen(&app, 80, 24).contains('…'));
    let mut fairness = app.clone();
    key(&mut fairness, Action::Fairness);
    let text = screen(&fairness, 160, 48);
    assert!(text.contains("欧阳建国"), "{text}");
}

/// The sample station grown to 150 officers (copies of the sample's, with
/// their own ids and names), on an empty roster.
fn app_of_150() -> App {
    let mut station = load_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("data")).unwrap();
    let sample = station.staff.clone();
    for i in sample.len()..150 {
        let mut officer = sample[i % sample.len()].clone();
        officer.id = format!("X{i:03}");
        officer.name = format!("Officer {i}");
        station.staff.push(officer);
    }
    station.staff[137].name = "欧阳建国".into();
    let period = Period::parse_iso_week("2026-W49", 1).unwrap();
    let roster = Roster::new(period.start, 7, station.staff.len());
    let week = WeekData::from_opened(&station, Opened::detached(&station, roster));
    let mut app = App::new(station, week);
    app.color = false;
    app
}

fn typed(app: &mut App, text: &str) {
    for c in text.chars() {
        app.update(Message::Typed(c));
    }
}

#[test]
fn slash_finds_an_officer_by_a_fragment_of_the_name_in_150() {
    let mut app = app_of_150();
    key(&mut app, Action::Search);
    typed(&mut app, "阳建");
    let s = app.officer();
    assert_eq!(app.station.staff[s].name, "欧阳建国", "{}", app.status);
    assert!(app.status.contains("1 of 1"), "{}", app.status);
    // The officer found is on screen, and the prompt shows what was typed.
    let text = screen(&app, 80, 24);
    assert!(text.contains("X137"), "{text}");
    assert!(text.contains("/阳建"), "{text}");
    key(&mut app, Action::Enter);
    assert_eq!(app.mode, Mode::Grid);

    // n and N step through the matches of the last search; Esc goes back.
    key(&mut app, Action::Search);
    typed(&mut app, "officer 12");
    let first = app.cursor.0;
    key(&mut app, Action::Enter);
    key(&mut app, Action::NextMatch);
    assert!(app.cursor.0 > first, "{}", app.status);
    key(&mut app, Action::PrevMatch);
    assert_eq!(app.cursor.0, first);
    let before = app.cursor.0;
    key(&mut app, Action::Search);
    typed(&mut app, "x149");
    assert_ne!(app.cursor.0, before);
    key(&mut app, Action::Back);
    assert_eq!(
        app.cursor.0, before,
        "Esc returns to where the search began"
    );
    app.update(Message::Erase);
    key(&mut app, Action::Search);
    typed(&mut app, "nobody");
    assert!(app.status.contains("no officer"), "{}", app.status);
}

#[test]
fn pages_ends_and_a_view_that_does_not_jump() {
    let mut app = app_of_150();
    app.screen = (80, 24);
    screen(&app, 80, 24);
    key(&mut app, Action::PageDown);
    let page = app.cursor.0;
    assert!(page >= 5, "a page is more than a line: {page}");
    key(&mut app, Action::Bottom);
    assert_eq!(app.cursor.0, app.rows.len() - 1);
    screen(&app, 80, 24);
    let bottom_top = app.top_line.get();
    // One up from the bottom keeps the view where it is.
    key(&mut app, Action::Up);
    screen(&app, 80, 24);
    assert_eq!(app.top_line.get(), bottom_top, "the view jumped");
    key(&mut app, Action::Top);
    assert_eq!(app.cursor.0, 0);
    screen(&app, 80, 24);
    assert_eq!(app.top_line.get(), 0);
    key(&mut app, Action::PageDown);
    key(&mut app, Action::PageUp);
    assert_eq!(app.cursor.0, 0);
}

#[test]
fn filter_shows_one_unit_then_one_skill_then_everyone() {
    let mut app = app();
    let everyone = app.rows.len();
    key(&mut app, Action::Filter);
    assert!(app.rows.iter().all(|&s| app.station.staff[s].unit == 0));
    assert!(screen(&app, 160, 48).contains("only Station duty"));
    for _ in 0..(app.station.units.len() + app.station.skills.len() + 2) {
        if app.filter.is_none() {
            break;
        }
        key(&mut app, Action::Filter);
    }
    assert_eq!(app.filter, None);
    assert_eq!(app.rows.len(), everyone);
}

/// Every line of `screen` inside the popup's borders, trimmed.
fn popup_lines(screen: &str) -> Vec<String> {
    screen
        .lines()
        .filter_map(|line| {
            let inner = line.split('│').nth(1)?;
            Some(inner.trim().to_string())
        })
        .collect()
}

#[test]
fn help_is_fully_reachable_at_60x15_and_says_where_it_is() {
    let mut app = app();
    app.screen = (60, 15);
    key(&mut app, Action::Help);
    let mut seen = std::collections::BTreeSet::new();
    let first = screen(&app, 60, 15);
    assert!(
        first.contains(" 1-") && first.contains(" · j k PgUp"),
        "{first}"
    );
    for _ in 0..10 {
        seen.extend(popup_lines(&screen(&app, 60, 15)));
        key(&mut app, Action::PageDown);
    }
    for (keys, help) in crate::tui::keys::help_lines() {
        let wanted: String = help.chars().take(20).collect();
        assert!(
            seen.iter()
                .any(|line| line.contains(&keys) || line.contains(&wanted)),
            "help for {keys} ({help}) never shown at 60x15"
        );
    }
    key(&mut app, Action::Top);
    assert_eq!(app.mode, Mode::Help { scroll: 0 });
}

#[test]
fn violations_filter_to_hard_this_officer_and_this_day() {
    let mut app = app();
    app.roster.set(app.officer(), 0, Duty::Off);
    for s in 0..app.roster.staff {
        if app.roster.get(s, 1) == Duty::Chief {
            app.roster.set(s, 1, Duty::Off);
        }
    }
    app.rescore();
    key(&mut app, Action::Violations);
    let all = app
        .violations_shown(crate::tui::app::ViolationFilter::All)
        .len();
    key(&mut app, Action::Filter);
    let Mode::Violations { filter, .. } = app.mode else {
        panic!()
    };
    let hard = app.violations_shown(filter);
    assert!(!hard.is_empty() && hard.iter().all(|v| v.constraint.is_hard()));
    assert!(hard.len() < all);
    assert!(screen(&app, 160, 48).contains("showing hard only"));
    key(&mut app, Action::Filter);
    key(&mut app, Action::Filter);
    let Mode::Violations { filter, .. } = app.mode else {
        panic!()
    };
    let date = app.roster.date(app.cursor.1);
    assert!(
        app.violations_shown(filter)
            .iter()
            .all(|v| v.days.contains(&date))
    );
}

#[test]
fn q_during_a_solve_asks_whether_to_stop_and_quit() {
    let mut app = app();
    key(&mut app, Action::Solve);
    assert!(app.solving.is_some());
    assert!(key(&mut app, Action::Quit).is_empty());
    assert_eq!(app.mode, Mode::ConfirmStop);
    assert!(screen(&app, 80, 24).contains("Stop it and quit?"));
    assert!(
        key(&mut app, Action::Left).is_empty(),
        "any other key goes on"
    );
    assert!(app.solving.is_some() && app.mode == Mode::Grid);
    key(&mut app, Action::Quit);
    assert_eq!(
        key(&mut app, Action::Yes),
        vec![Command::CancelSolve, Command::Quit]
    );
}

#[test]
fn status_says_what_changed_and_clears_on_the_next_key() {
    let mut app = app();
    key(&mut app, Action::Swap);
    assert!(app.status.contains("marked"));
    key(&mut app, Action::Back);
    assert_eq!(app.status, "swap cancelled");
    key(&mut app, Action::Down);
    assert!(app.status.is_empty(), "stale: {}", app.status);
    key(&mut app, Action::Pin);
    key(&mut app, Action::Undo);
    assert!(app.status.starts_with("undone: "), "{}", app.status);
    assert!(app.status.contains(&app.station.staff[app.officer()].id));
}

/// Two editors open the same week; the first saves; the second's save is
/// refused with who and when, nothing of the first is lost, and R brings
/// the first's draft into the second.
#[test]
fn a_second_editor_cannot_save_over_the_first() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("duty.db")).unwrap();
    let base = app();
    let period = base.week.period;
    let open = |store: &Store| {
        let mut editor = App::new(
            base.station.clone(),
            load_week(store, &base.station, period).unwrap(),
        );
        editor.roster = base.roster.clone();
        editor
    };
    let (mut first, mut second) = (open(&store), open(&store));
    let session = |who: &str| Session {
        operator: who.into(),
        rules_hash: "test".into(),
        ..Default::default()
    };
    first.roster.set(first.rows[0], 0, Duty::Off);
    let job = WriteJob::new(WriteKind::SaveDraft, &first, first.roster.clone());
    let answer = write(&mut store, &first.station, &session("li"), &job);
    first.update(answer);
    assert!(
        first.status.starts_with("saved 2026-W49"),
        "{}",
        first.status
    );

    let working = (1..second.rows.len())
        .find(|&r| second.roster.get(second.rows[r], 0) != Duty::Off)
        .unwrap();
    second.roster.set(second.rows[working], 0, Duty::Off);
    second.dirty = true;
    let job = WriteJob::new(WriteKind::SaveDraft, &second, second.roster.clone());
    let answer = write(&mut store, &second.station, &session("wang"), &job);
    second.update(answer);
    assert!(
        second.status.starts_with("not saved: "),
        "{}",
        second.status
    );
    assert!(
        second.status.contains("saved by li at"),
        "{}",
        second.status
    );
    assert!(second.status.contains("R reloads"), "{}", second.status);
    let job = WriteJob::new(WriteKind::Publish, &second, second.roster.clone());
    let answer = write(&mut store, &second.station, &session("wang"), &job);
    assert!(matches!(answer, Message::Published(Err(_))), "{answer:?}");

    // The first editor's draft is what the database holds, and saving
    // again from the first editor goes through.
    let reopened = load_week(&store, &base.station, period).unwrap();
    assert_eq!(reopened.roster.get(first.rows[0], 0), Duty::Off);
    assert_ne!(reopened.roster.get(second.rows[working], 0), Duty::Off);
    let job = WriteJob::new(WriteKind::SaveDraft, &first, first.roster.clone());
    let answer = write(&mut store, &first.station, &session("li"), &job);
    assert!(matches!(answer, Message::Saved(Ok(_))), "{answer:?}");

    // R in the second editor asks first (edits there), then reloads.
    assert!(key(&mut second, Action::Reload).is_empty());
    let commands = key(&mut second, Action::Yes);
    assert_eq!(commands, vec![Command::LoadWeek(period)]);
}

/// On a published week, Enter and x change a day as `duty assign` and
/// `duty swap` do: the verdict first, then a reason typed for the audit
/// log; a change that newly breaks a hard rule is refused.
#[test]
fn published_days_change_from_the_editor_with_a_reason() {
    let (_dir, mut store, session, mut app) = published_week("duty-manager");

    // Find a cell and a duty that breaks no hard rule.
    let mut found = None;
    'search: for row in 0..app.rows.len() {
        for day in 0..7 {
            app.cursor = (row, day);
            key(&mut app, Action::Enter);
            let Mode::Picker { options, .. } = app.mode.clone() else {
                panic!("a published day opens the picker: {:?}", app.mode)
            };
            if let Some(k) = options.iter().position(|(_, n)| n.starts_with("ok")) {
                found = Some((row, day, k, options[k].0));
                break 'search;
            }
            key(&mut app, Action::Back);
        }
    }
    let (row, day, k, duty) = found.expect("some day-of change breaks nothing");
    let s = app.rows[row];
    let Mode::Picker { options, .. } = app.mode.clone() else {
        unreachable!()
    };
    app.mode = Mode::Picker {
        options,
        selected: k,
    };
    key(&mut app, Action::Enter);
    let Mode::DayOf { verdict, .. } = &app.mode else {
        panic!("asks for the reason: {:?}", app.mode)
    };
    assert!(!verdict.refused() && verdict.mended == 0, "{verdict}");
    assert!(screen(&app, 160, 48).contains("Change a published day"));
    key(&mut app, Action::Enter);
    assert!(
        app.status.contains("type why"),
        "an empty reason is not taken"
    );
    typed(&mut app, "swapped at the officer's request");
    let commands = key(&mut app, Action::Enter);
    let [Command::DayOf(change, reason)] = commands.as_slice() else {
        panic!("{commands:?}")
    };
    let mut job = WriteJob::new(WriteKind::DayOf(*change), &app, app.roster.clone());
    job.reason = reason.clone();
    let answer = write(&mut store, &app.station, &session, &job);
    app.update(answer);
    assert!(
        app.status.starts_with("recorded: 1 cell changed"),
        "{}",
        app.status
    );
    assert_eq!(app.roster.get(s, day), duty);
    let app::History {
        rosters: rows,
        changes,
        ..
    } = app::history(
        &store,
        &app.station,
        None,
        app.roster.start,
        app.roster.date(6),
    )
    .unwrap();
    assert!(!rows.is_empty());
    assert!(
        changes
            .iter()
            .any(|c| c.reason == "swapped at the officer's request" && c.operator == "duty-manager"),
        "{changes:?}"
    );

    // Taking the only chief off a day breaks a hard rule: refused.
    let chief_day = 3;
    let chief = app.roster.chief_on(chief_day).expect("a chief that day");
    app.cursor = (
        app.rows.iter().position(|&r| r == chief).unwrap(),
        chief_day,
    );
    key(&mut app, Action::Enter);
    let Mode::Picker { options, .. } = app.mode.clone() else {
        panic!()
    };
    let off = options.iter().position(|(d, _)| *d == Duty::Off).unwrap();
    app.mode = Mode::Picker {
        options,
        selected: off,
    };
    key(&mut app, Action::Enter);
    typed(&mut app, "test");
    assert!(key(&mut app, Action::Enter).is_empty());
    assert!(app.status.contains("refused"), "{}", app.status);
}

/// After a sick call on a published week, r re-plans the day: the diff is
/// shown, a reason typed, and the re-plan recorded mends the day.
#[test]
fn r_replans_a_published_day_showing_the_diff_first() {
    let (_dir, mut store, session, mut app) = published_week("duty-manager");
    // Sick: the officers on the Wednesday night, until a hard rule breaks.
    for row in 0..app.rows.len() {
        if app.report.hard().count() > 0 {
            break;
        }
        if !app.roster.get(app.rows[row], 2).is_night(&app.station) {
            continue;
        }
        app.cursor = (row, 2);
        key(&mut app, Action::Absent);
        let commands = key(&mut app, Action::Yes);
        let [Command::RecordAbsence(absence)] = commands.as_slice() else {
            panic!("{commands:?}")
        };
        let job = WriteJob::new(WriteKind::Absent(*absence), &app, app.roster.clone());
        let answer = write(&mut store, &app.station, &session, &job);
        app.update(answer);
    }
    assert!(
        app.report.hard().count() > 0,
        "the sick calls left the night short"
    );
    assert_eq!(key(&mut app, Action::Replan), vec![Command::Replan(2)]);
    let mut job = WriteJob::new(WriteKind::Replan(2), &app, app.roster.clone());
    // The sick calls come on the Monday morning: Wednesday and the days
    // around it are still to come, so the re-plan may widen either side.
    job.now = app
        .week
        .period
        .start
        .and_hms_opt(0, 0, 0)
        .unwrap()
        .and_utc();
    let answer = write(&mut store, &app.station, &session, &job);
    app.update(answer);
    assert!(
        matches!(app.mode, Mode::ConfirmReplan { .. }),
        "{:?}: {}",
        app.mode,
        app.status
    );
    let shown = screen(&app, 160, 48);
    assert!(
        shown.contains("Re-plan 2026-1") && shown.contains(" -> "),
        "{shown}"
    );
    typed(&mut app, "night cover after two sick calls");
    let commands = key(&mut app, Action::Enter);
    let [Command::ApplyReplan(reason)] = commands.as_slice() else {
        panic!("{commands:?}")
    };
    let mut job = WriteJob::new(WriteKind::ApplyReplan, &app, app.roster.clone());
    job.reason = reason.clone();
    job.replan = app.pending_replan.clone();
    let answer = write(&mut store, &app.station, &session, &job);
    app.update(answer);
    assert!(app.status.starts_with("re-plan recorded"), "{}", app.status);
    assert_eq!(app.report.hard().count(), 0, "the day is mended");
}

/// A database in a temporary folder holding `roster` saved and published
/// (forced with a reason when `forced` gives one).
fn published(app: &App, roster: &Roster, forced: Option<&str>) -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("duty.db")).unwrap();
    let save = app::SaveAs {
        rules_hash: "test",
        saved_by: "test",
        origin: "test",
        unchanged_since: None,
    };
    app::save_draft(&mut store, &app.station, roster, &save).unwrap();
    app::publish_week(&mut store, &app.station, roster.start, "test", forced).unwrap();
    (dir, store)
}

/// Noon, local time, on the first day shown.
fn noon_of_first_day(app: &App) -> chrono::DateTime<chrono::Utc> {
    app.station
        .timezone
        .from_local_datetime(&app.week.period.start.and_hms_opt(12, 0, 0).unwrap())
        .unwrap()
        .with_timezone(&chrono::Utc)
}

#[test]
fn the_history_screen_shows_the_record_of_the_weeks_as_duty_history_does() {
    let mut app = app();
    let (_dir, mut store) = published(&app, &app.roster.clone(), Some("a test"));
    // The first day's chief calls in sick: the day has no chief.
    let s = app.roster.chief_on(0).expect("a chief on the first day");
    let leave = crate::model::Leave {
        staff: s,
        from: app.week.period.start,
        to: app.week.period.start,
        kind: crate::model::LeaveKind::Sick,
    };
    let request = app::ChangeRequest {
        operator: "欧阳建国",
        reason: "phoned in sick",
        force: true,
    };
    app::record_absence(&mut store, &app.station, leave, &request).unwrap();
    let station = app::with_recorded_absences(app.station.clone(), &store).unwrap();

    assert_eq!(key(&mut app, Action::History), vec![Command::ShowHistory]);
    assert!(matches!(app.mode, Mode::History { scroll: 0 }));
    let lines = crate::tui::commands::history_lines(&store, &station, app.week.period);
    let has = |wanted: &str| lines.iter().any(|l| l.contains(wanted));
    assert_eq!(lines[0], "Rosters:", "{lines:#?}");
    assert!(has("published hard "), "{lines:#?}");
    assert!(has("(test), published"), "how it was made: {lines:#?}");
    assert!(has("by 欧阳建国: phoned in sick"), "{lines:#?}");
    assert!(has("Absences recorded:"), "{lines:#?}");
    // The same verdict `duty print` and `duty now` give, not the score
    // saved before the sick call.
    let (_, now) = app::print_period(&store, &station, app.week.period).unwrap();
    let broken = now.hard().count();
    assert!(broken > 0, "the sick call leaves the week short");
    assert!(
        has(&format!(
            "in force now: NOT LEGAL, breaks {}",
            crate::text::count(broken, "hard rule")
        )),
        "{lines:#?}"
    );
    // Esc closes it; H again too.
    key(&mut app, Action::Back);
    assert!(matches!(app.mode, Mode::Grid));
}

#[test]
fn the_on_duty_screen_says_when_the_day_breaks_hard_rules() {
    let app = app();
    // Everyone off all week, published by force: no chief, no cover.
    let empty = Roster::new(app.week.period.start, 7, app.station.staff.len());
    let (_dir, store) = published(&app, &empty, Some("a test"));
    let noon = noon_of_first_day(&app);
    let judged = crate::tui::commands::now_lines(&store, &app.station, noon, true);
    // Published, with nobody on: not "no roster".
    assert_eq!(judged[1], "Nobody is on duty.", "{judged:?}");
    assert!(
        judged.iter().any(|l| l.starts_with("NOT LEGAL: ")),
        "{judged:?}"
    );
    assert!(
        judged.iter().any(|l| l.starts_with("[chief_watch] ")),
        "{judged:?}"
    );
    let unjudged = crate::tui::commands::now_lines(&store, &app.station, noon, false);
    assert!(
        !unjudged.iter().any(|l| l.contains("NOT LEGAL")),
        "{unjudged:?}"
    );
}

#[test]
fn opening_weeks_with_duties_of_an_officer_no_longer_on_file_says_whose() {
    let station = load_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("data")).unwrap();
    let period = Period::parse_iso_week("2026-W49", 1).unwrap();
    let roster = Roster::new(period.start, 7, station.staff.len());
    let mut opened = Opened::detached(&station, roster);
    opened.left_out = vec![crate::app::LeftOut {
        staff_id: "ST99".into(),
        duties: vec![(period.start, "L".into())],
    }];
    let week = WeekData::from_opened(&station, opened);
    let mut app = App::new(station, week.clone());
    assert!(
        app.status
            .starts_with("ST99 is not in staff.toml: 1 published duty (2026-11-30 L) left out"),
        "{}",
        app.status
    );
    app.status.clear();
    app.update(Message::Loaded(Box::new(week)));
    assert!(
        app.status.starts_with("ST99 is not in staff.toml"),
        "{}",
        app.status
    );
}

#[test]
fn a_sick_call_on_a_draft_day_says_what_it_breaks_in_the_draft() {
    let mut app = app();
    let chief = app.roster.chief_on(0).expect("the solved week has a chief");
    let hard_before = app.report.hard().count();
    // The store broke nothing: no day of the draft is in force.
    app.update(Message::AbsenceRecorded(Ok(super::app::Absence {
        staff: chief,
        day: 0,
        broken: 0,
    })));
    assert!(app.report.hard().count() > hard_before);
    assert!(
        app.status.contains("now broken in this draft"),
        "{}",
        app.status
    );
    assert!(
        !app.status.contains("nothing else breaks"),
        "{}",
        app.status
    );
}

#[test]
fn publish_is_refused_at_once_while_hard_rules_break() {
    let mut app = app();
    let chief = app.roster.chief_on(0).expect("the solved week has a chief");
    app.roster.set(chief, 0, crate::model::Duty::Off);
    app.rescore();
    let hard = app.report.hard().count();
    assert!(hard > 0);
    assert!(key(&mut app, Action::Publish).is_empty());
    assert_eq!(app.mode, Mode::Grid, "no question whose yes is refused");
    assert!(
        app.status.starts_with(&format!(
            "not published: {} broken",
            crate::text::count(hard, "hard rule")
        )),
        "{}",
        app.status
    );
}

#[test]
fn the_on_duty_screen_names_an_officer_no_longer_on_file_as_duty_now_does() {
    let app = app();
    let (_dir, store) = published(&app, &app.roster, None);
    // The chief keeps Monday's watch at noon; then they leave the file.
    let chief = app.roster.chief_on(0).unwrap();
    let id = app.station.staff[chief].id.clone();
    let mut station = app.station.clone();
    station.staff.remove(chief);
    station.leave.clear();
    station.requests.clear();
    let noon = noon_of_first_day(&app);
    let lines = crate::tui::commands::now_lines(&store, &station, noon, false);
    assert!(
        lines.contains(&format!("CHIEF  (left the station) ({id})")),
        "{lines:?}"
    );
}

#[test]
fn the_on_duty_screen_lines_up_names_after_a_code_two_cells_wide() {
    let mut app = app();
    let early = app.station.shift_index("E").unwrap();
    app.station.shifts[early].code = "早".to_string();
    let (_dir, store) = published(&app, &app.roster, None);
    let lines =
        crate::tui::commands::now_lines(&store, &app.station, noon_of_first_day(&app), false);
    let name_at = |code: &str| {
        let line = lines
            .iter()
            .find(|l| l.starts_with(code))
            .unwrap_or_else(|| panic!("no {code} line: {lines:?}"));
        // The code, then spaces, then the name: the cell the name starts at.
        let rest = &line[code.len()..];
        crate::text::width(code) + rest.len() - rest.trim_start().len()
    };
    assert_eq!(name_at("早"), name_at("CHIEF"), "{lines:?}");
    assert_eq!(name_at("早"), 7, "{lines:?}");
}

/// The totals at the end of officer `id`'s row on a 160-column screen.
fn totals_of(app: &App, id: &str) -> String {
    let text = screen(app, 160, 48);
    let row = text
        .lines()
        .find(|l| l.contains(&format!("{id} ")))
        .unwrap_or_else(|| panic!("no row for {id}:\n{text}"));
    let row = row.trim_end_matches('"').trim_end();
    row[row.len() - 11..].to_string()
}

#[test]
fn hours_off_target_are_starred_when_a_week_lies_outside_the_band() {
    let mut app = app_over(2);
    let station = app.station.clone();
    let s = station.staff.iter().position(|o| o.id == "ST06").unwrap();
    let early = Duty::Shift(station.shift_index("E").unwrap());
    let week = |app: &mut App, w: usize, days: usize| {
        for d in 0..7 {
            let duty = if d < days { early } else { Duty::Off };
            app.roster.set(s, w * 7 + d, duty);
        }
    };
    // Five earlies a week: 40 h, on target both weeks.
    week(&mut app, 0, 5);
    week(&mut app, 1, 5);
    assert_eq!(totals_of(&app, "ST06"), " 80   +0  0");
    // 48 h then 32 h: on target in sum, outside the band twice.
    week(&mut app, 0, 6);
    week(&mut app, 1, 4);
    assert_eq!(totals_of(&app, "ST06"), " 80   +0* 0");
    // Six shifts in the second week: 48 h, outside the band.
    week(&mut app, 0, 5);
    week(&mut app, 1, 6);
    assert_eq!(totals_of(&app, "ST06"), " 88   +8* 0");
    // A day of annual leave scales the second week's target to 34.3 h:
    // 40 h there is 5.7 h over, shown to the nearest hour and starred.
    week(&mut app, 1, 0);
    for d in 8..13 {
        app.roster.set(s, d, early);
    }
    let monday = app.roster.date(7);
    app.station.leave.push(crate::model::Leave {
        staff: s,
        from: monday,
        to: monday,
        kind: crate::model::LeaveKind::Annual,
    });
    assert_eq!(totals_of(&app, "ST06"), " 80   +6* 0");
}

#[test]
fn the_on_duty_screen_marks_a_cross_training_shift_as_the_grid_does() {
    let mut app = app();
    let station = app.station.clone();
    let desk_day = Duty::Shift(station.shift_index("D").unwrap());
    let trainee = station.staff.iter().position(|o| o.id == "TR05").unwrap();
    let regular = station.staff.iter().position(|o| o.id == "ST06").unwrap();
    for s in [trainee, regular] {
        app.roster.set(s, 0, desk_day);
    }
    assert_eq!(app.roster.cell_code(&station, trainee, 0), "D+");
    let (_dir, store) = published(&app, &app.roster, Some("test"));
    let lines = crate::tui::commands::now_lines(&store, &station, noon_of_first_day(&app), false);
    let line_of = |id: &str| {
        lines
            .iter()
            .find(|l| l.contains(&format!("({id})")))
            .unwrap_or_else(|| panic!("{id} not on duty: {lines:?}"))
            .clone()
    };
    assert!(line_of("TR05").starts_with("D+ "), "{lines:?}");
    assert!(line_of("ST06").starts_with("D  "), "{lines:?}");
}

/// Three weeks published by force in which seven patrol officers worked
/// every weekend: the week after cannot cover its weekend (patrol needs 9
/// of 15, max 3 weekends in 4), and the editor says so on opening it,
/// before the manager tries to edit or solve it legal.
#[test]
fn opening_a_week_no_roster_can_make_legal_says_why() {
    let app = app();
    let start = app.week.period.start - chrono::Days::new(21);
    let mut paper = Roster::new(start, 21, app.station.staff.len());
    let early = Duty::Shift(app.station.shift_index("E").unwrap());
    for id in ["PA03", "PA04", "PA05", "PA10", "PA12", "PA13", "PA15"] {
        let s = app.station.staff_index(id).unwrap();
        for w in 0..3 {
            paper.set(s, w * 7 + 5, early);
            paper.set(s, w * 7 + 6, early);
        }
    }
    let (_dir, store) = published(&app, &paper, Some("paper rosters"));
    let opened = crate::app::open_period(&store, &app.station, app.week.period).unwrap();
    let status = WeekData::from_opened(&app.station, opened).opening_status("plain");
    assert!(
        status.starts_with(
            "no roster can be legal (duty plan 2026-W49 says why): Sat 2026-12-05 and Sun 2026-12-06: patrol needs 9 officers on its shifts (E 3, L 3, N 3), but only"
        ),
        "{status}"
    );
}

/// Seven patrol officers who work this week's weekend worked the two
/// before too (published): publishing this week leaves next weekend with 8
/// of the 9 patrol needs, and the question before publishing says so.
#[test]
fn the_publish_question_warns_of_a_weekend_it_leaves_uncoverable() {
    let mut app = app();
    assert_eq!(app.report.hard().count(), 0, "the solved week is legal");
    let saturday = 5;
    let patrol = app
        .station
        .units
        .iter()
        .position(|u| u.code == "patrol")
        .unwrap();
    let seven: Vec<usize> = (0..app.station.staff.len())
        .filter(|&s| app.station.staff[s].unit == patrol)
        .filter(|&s| app.roster.get(s, saturday).is_working())
        .take(7)
        .collect();
    assert_eq!(seven.len(), 7, "patrol needs 9 on a Saturday");
    let start = app.week.period.start - chrono::Days::new(14);
    let mut paper = Roster::new(start, 14, app.station.staff.len());
    let early = Duty::Shift(app.station.shift_index("E").unwrap());
    for &s in &seven {
        for w in 0..2 {
            paper.set(s, w * 7 + 5, early);
            paper.set(s, w * 7 + 6, early);
        }
    }
    let (_dir, store) = published(&app, &paper, Some("paper rosters"));
    let opened = crate::app::open_period(&store, &app.station, app.week.period).unwrap();
    app.week = WeekData::from_opened(&app.station, opened);
    key(&mut app, Action::Publish);
    let Mode::ConfirmPublish { ahead } = &app.mode else {
        panic!("not asked: {:?} / {}", app.mode, app.status)
    };
    assert_eq!(ahead.len(), 1, "{ahead:?}");
    assert!(
        ahead[0]
            .message
            .starts_with("Sat 2026-12-12 and Sun 2026-12-13: patrol needs 9 officers"),
        "{}",
        ahead[0].message
    );
    let drawn = screen(&app, 120, 40);
    assert!(
        drawn.contains("WARNING: then the weeks after cannot be legal. Sat 2026-12-12 and"),
        "{drawn}"
    );
    assert!(
        drawn.contains("y publishes, any other key cancels."),
        "{drawn}"
    );
    // Wrapped to a narrow box as drawn: the question's last line still shows.
    let narrow = screen(&app, 60, 40);
    assert!(
        narrow.contains("y publishes, any other key cancels."),
        "{narrow}"
    );
}

#[test]
fn opening_weeks_published_with_other_shift_times_says_so() {
    let mut app = app();
    let (_dir, store) = published(&app, &app.roster, Some("test"));
    let period = app.week.period;
    let plain = |app: &App| {
        let opened = crate::app::open_period(&store, &app.station, period).unwrap();
        WeekData::from_opened(&app.station, opened).opening_status("plain")
    };
    assert_eq!(plain(&app), "plain");
    let late = app.station.shift_index("L").unwrap();
    app.station.shifts[late].start = chrono::NaiveTime::from_hms_opt(15, 0, 0).unwrap();
    let status = plain(&app);
    assert!(
        status.contains("published duties no longer match rules.toml's times"),
        "{status}"
    );
}
