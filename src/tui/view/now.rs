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

use super::popup;
use crate::tui::app::App;

/// Columns and rows left around the box.
const MARGIN: u16 = 4;

/// Draws the screen over `area`.
pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let items: Vec<Line> = app
        .now_lines
        .iter()
        .map(|l| Line::raw(l.as_str()))
        .collect();
    popup(
        frame,
        area,
        " On duty now (Esc closes) ",
        items,
        area.width.saturating_sub(MARGIN),
        area.height.saturating_sub(MARGIN),
    );
}
