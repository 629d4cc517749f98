//! The two questions the app asks before it does something that cannot be
//! taken back: publish (showing the score), and leave unsaved edits behind
//! (quit, or change week).
//!
//! ```text
//! +- Publish -----------------------------------+
//! |Publish 2026-W49 with score hard 0 / soft 4? |
//! |0 hard violations.                           |
//! |WARNING: then the weeks after cannot be      |
//! |legal. Sat 2026-12-12 and Sun ... (when so)  |
//! |y publishes, any other key cancels.          |
//! +---------------------------------------------+
//! ```

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::Line;

use super::popup;
use crate::app::Finding;
use crate::tui::app::{App, Command, DayOfChange};

/// Width of both boxes.
const WIDTH: u16 = 50;
/// Width of the publish box when it carries a warning.
const WIDE: u16 = 72;

/// Asks before publishing; when publishing leaves a weekend after these
/// weeks uncoverable, says which and how many weekends to free, wrapped
/// to the box.
pub fn publish(app: &App, frame: &mut Frame, area: Rect, ahead: &[Finding]) {
    let hard = app.report.hard().count();
    let mut items = vec![
        Line::raw(format!(
            "Publish {} with score {}?",
            app.week.period.label(),
            app.report.score
        )),
        Line::raw(format!("{}.", crate::text::count(hard, "hard violation"))),
    ];
    // Wrapped to the box as drawn, so that the count of lines is its height.
    let width = if ahead.is_empty() { WIDTH } else { WIDE }.min(area.width);
    items.extend(warnings(ahead, width));
    items.push(Line::raw("y publishes, any other key cancels."));
    let height = items.len() as u16 + 2;
    popup(frame, area, " Publish ", items, width, height);
}

/// Weekends a write leaves uncoverable, in bold, wrapped to a box `width`
/// wide as drawn, so that the count of lines is the box's height.
fn warnings(ahead: &[Finding], width: u16) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    for finding in ahead {
        let warning = format!(
            "WARNING: then the weeks after cannot be legal. {}",
            finding.message
        );
        for line in textwrap::wrap(&warning, usize::from(width.saturating_sub(2)).max(1)) {
            lines.push(Line::styled(
                line.into_owned(),
                Style::new().add_modifier(Modifier::BOLD),
            ));
        }
    }
    lines
}

/// Asks before recording an officer absent: it is written at once, and
/// takes the officer off a published duty that day.
pub fn absent(app: &App, frame: &mut Frame, area: Rect, staff: usize, day: usize) {
    let officer = &app.station.staff[staff];
    let date = app.roster.date(day);
    let items = vec![
        Line::raw(format!(
            "Record {} ({}) absent (sick)",
            officer.name, officer.id
        )),
        Line::raw(format!(
            "on {}? It is written at once.",
            date.format("%a %Y-%m-%d")
        )),
        Line::raw("y records it, any other key cancels."),
    ];
    popup(frame, area, " Sick call ", items, WIDTH + 4, 5);
}

/// Asks, when `q` is pressed during a solve, whether to stop it and quit.
pub fn stop(frame: &mut Frame, area: Rect) {
    let items = vec![
        Line::raw("A solve is running. Stop it and quit?"),
        Line::raw("Edits not saved with w are lost."),
        Line::raw("y quits, any other key goes on solving."),
    ];
    popup(frame, area, " Quit while solving ", items, WIDTH + 4, 5);
}

/// A change to a published day: what it is, its verdict, and the reason
/// being typed for the audit log.
pub fn day_of(
    app: &App,
    frame: &mut Frame,
    area: Rect,
    change: DayOfChange,
    verdict: &str,
    reason: &str,
) {
    let name = |s: usize| {
        let o = &app.station.staff[s];
        format!("{} ({})", o.name, o.id)
    };
    let (what, day) = match change {
        DayOfChange::Assign { staff, day, duty } => (
            format!("{} to {}", name(staff), duty.code(&app.station)),
            day,
        ),
        DayOfChange::Swap { a, b, day } => (format!("swap {} and {}", name(a), name(b)), day),
    };
    let date = app.roster.date(day).format("%a %Y-%m-%d");
    let items = vec![
        Line::raw(format!("Published {date}: {what}")),
        Line::raw(format!("It {verdict}.")),
        Line::raw(format!("Reason: {reason}▏")),
        Line::raw("Enter records it in the audit log, Esc cancels."),
    ];
    popup(
        frame,
        area,
        " Change a published day ",
        items,
        WIDTH + 24,
        6,
    );
}

/// A re-plan found: every cell it changes (was -> now), the window, and
/// the reason being typed for the audit log.
pub fn replan(app: &App, frame: &mut Frame, area: Rect, reason: &str) {
    let Some(replanned) = &app.pending_replan else {
        return;
    };
    let mut items = vec![Line::raw(format!(
        "Re-plan {} to {}: {} change",
        replanned.window.0,
        replanned.window.1,
        crate::text::count(replanned.changes.len(), "cell")
    ))];
    if replanned.widened() {
        items.push(Line::raw("(widened: the day alone could not be repaired)"));
    }
    if let Some(day) = replanned.held_at {
        items.push(Line::raw(format!(
            "(days before {day} have passed and stay as published)"
        )));
    }
    for c in &replanned.changes {
        items.push(Line::raw(format!(
            "  {} {}",
            c.date.format("%a %d"),
            replanned.describe(&app.station, c)
        )));
    }
    let width = (WIDTH + 30).min(area.width);
    items.extend(warnings(&replanned.ahead, width));
    items.push(Line::raw(format!("Reason: {reason}▏")));
    items.push(Line::raw(
        "Enter records it in the audit log, Esc drops it.",
    ));
    let height = items.len() as u16 + 2;
    popup(frame, area, " Re-plan ", items, width, height);
}

/// Asks before leaving unsaved edits behind.
pub fn discard(frame: &mut Frame, area: Rect, then: &Command) {
    let leave = match then {
        Command::Quit => "Quit anyway? y quits, any other key stays.",
        _ => "Leave these weeks? y leaves, any other key stays.",
    };
    let items = vec![
        Line::raw("There are unsaved edits (w saves a draft)."),
        Line::raw(leave),
    ];
    popup(frame, area, " Unsaved edits ", items, WIDTH + 4, 4);
}
