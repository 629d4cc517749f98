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

use super::{list_line, popup};
use crate::tui::app::App;

/// Columns and rows left around the box.
const MARGIN: u16 = 4;

/// Draws the list over `area`, scrolled so the selected line shows.
pub fn render(app: &App, frame: &mut Frame, area: Rect, selected: usize) {
    let height = area.height.saturating_sub(MARGIN);
    let items: Vec<Line> = if app.report.violations.is_empty() {
        vec![Line::raw("No violations.")]
    } else {
        let inside = height.saturating_sub(2).max(1) as usize;
        app.report
            .violations
            .iter()
            .enumerate()
            .skip((selected + 1).saturating_sub(inside))
            .map(|(i, v)| {
                let mark = if v.constraint.is_hard() {
                    "HARD"
                } else {
                    "soft"
                };
                list_line(
                    format!("{mark} [{}] {}", v.constraint, v.message),
                    i == selected,
                )
            })
            .collect()
    };
    let hard = app.report.hard().count();
    let title = format!(
        " Violations: {hard} hard, {} soft (Enter jumps to the cell) ",
        app.report.violations.len() - hard
    );
    popup(
        frame,
        area,
        &title,
        items,
        area.width.saturating_sub(MARGIN),
        height,
    );
}
