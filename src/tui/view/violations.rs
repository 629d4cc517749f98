//! The violations list: every hard and soft rule the roster breaks, with
//! its explanation; Enter jumps to the officer and day.
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
    let first = (selected + 1).saturating_sub(inside);
    let items: Vec<Line> = if shown.is_empty() {
        vec![Line::raw("No violations.")]
    } else {
        shown
            .iter()
            .enumerate()
            .map(|(i, v)| {
                let mark = if v.constraint.is_hard() {
                    "HARD"
                } else {
                    "soft"
                };
                let text = format!("{mark} {}: {}", v.constraint.plain(), v.message);
                list_line(
                    crate::text::fit(&text, width.saturating_sub(2) as usize),
                    i == selected,
                )
            })
            .collect()
    };
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
