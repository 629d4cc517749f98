//! Who is on duty now: the station's local time (a live clock, refreshed by
//! the event loop), the chief officer and each running shift, the next
//! handover.
//!
//! ```text
//! +- On duty now -------------------------------+
//! |Thu 2026-12-03 02:30:12 (Asia/Shanghai)      |
//! |CHIEF  Li Na (ST02)                          |
//! |N      Wang Wei (ST01)                       |
//! |Next handover Thu 06:00                      |
//! +---------------------------------------------+
//! ```

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;

use super::scrolling_popup;
use crate::tui::app::App;

/// Columns and rows left around the box.
const MARGIN: u16 = 4;

/// The box's width and height on a screen.
pub fn size(area: Rect) -> (u16, u16) {
    (
        area.width.saturating_sub(MARGIN),
        area.height.saturating_sub(MARGIN),
    )
}

/// Draws the screen over `area` from line `first`.
pub fn render(app: &App, frame: &mut Frame, area: Rect, first: usize) {
    let items: Vec<Line> = app
        .now_lines
        .iter()
        .map(|l| Line::raw(l.as_str()))
        .collect();
    scrolling_popup(
        frame,
        area,
        " On duty now (Esc closes) ",
        items,
        size(area),
        first,
    );
}
