//! The violations list: every hard and soft rule the roster breaks, with
//! its explanation, one line each and the highlighted one whole (wrapped);
//! Enter jumps to the officer and day.
//!
//! ```text
//! +- Violations (Enter jumps to the cell) ----------------+
//! |HARD [min_rest] Li Na: 8 h rest between ... on 12-03  |
//! |soft [fair_nights] ...                                 |
//! +-------------------------------------------------------+
//! ```

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;

use super::{list_line, scrolling_popup};
use crate::tui::app::{App, ViolationFilter};

/// Columns and rows left around the box.
const MARGIN: u16 = 4;

/// The box's width and height on a screen.
pub fn size(area: Rect) -> (u16, u16) {
    (
        area.width.saturating_sub(MARGIN),
        area.height.saturating_sub(MARGIN),
    )
}

/// Draws the list over `area`, scrolled so the selected line shows: the
/// violations the filter keeps, counted the way the header counts them.
pub fn render(app: &App, frame: &mut Frame, area: Rect, selected: usize, filter: ViolationFilter) {
    let (width, height) = size(area);
    let shown = app.violations_shown(filter);
    let inside = height.saturating_sub(2).max(1) as usize;
    let cells = width.saturating_sub(2) as usize;
    let mut items: Vec<Line> = Vec::new();
    // The selected violation is shown whole, wrapped over as many lines as
    // it takes: the others are cut to one line each, and a long message
    // (a weekend rule's four dates) could be read nowhere else.
    let mut selected_end = 0;
    for (i, v) in shown.iter().enumerate() {
        let mark = if v.constraint.is_hard() {
            "HARD"
        } else {
            "soft"
        };
        let text = format!("{mark} {}: {}", v.constraint.plain(), v.message);
        if i == selected {
            for line in textwrap::wrap(&text, cells.max(1)) {
                items.push(list_line(crate::text::fit(&line, cells), true));
            }
            selected_end = items.len() - 1;
        } else {
            items.push(list_line(crate::text::fit(&text, cells), false));
        }
    }
    if shown.is_empty() {
        items.push(Line::raw("No violations."));
    }
    let first = (selected_end + 1).saturating_sub(inside);
    let hard = app.report.hard().count();
    let which = match filter {
        ViolationFilter::All => "all".to_string(),
        ViolationFilter::Hard => "hard only".to_string(),
        ViolationFilter::Officer => app.station.staff[app.officer()].name.clone(),
        ViolationFilter::Day => app.roster.date(app.cursor.1).format("%a %d").to_string(),
    };
    let title = format!(
        " Violations: {hard} hard, {} soft · showing {which} (F filters, Enter jumps) ",
        app.report.violations.len() - hard
    );
    scrolling_popup(frame, area, &title, items, (width, height), first);
}
