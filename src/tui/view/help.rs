//! The key help, generated from the key table so it cannot go stale.
//!
//! ```text
//! +- Keys ------------------------------+
//! |h/←        previous day              |
//! |...                                  |
//! +-------------------------------------+
//! ```

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;

use super::popup;
use crate::tui::keys::help_lines;

/// Width of the keys column.
const KEYS_WIDTH: usize = 12;

/// Draws the help over `area`.
pub fn render(frame: &mut Frame, area: Rect) {
    let lines = help_lines();
    let width = lines
        .iter()
        .map(|(_, help)| KEYS_WIDTH + 1 + help.chars().count())
        .max()
        .unwrap_or(0) as u16
        + 2;
    let items: Vec<Line> = lines
        .into_iter()
        .map(|(keys, help)| Line::raw(format!("{keys:<KEYS_WIDTH$} {help}")))
        .collect();
    let height = items.len() as u16 + 2;
    popup(frame, area, " Keys (? closes) ", items, width, height);
}
