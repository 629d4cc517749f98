//! The key help, generated from the key table so it cannot go stale, and
//! the legend of the grid's markers.
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
use crate::tui::app::App;
use crate::tui::keys::help_lines;

/// Width of the keys column.
const KEYS_WIDTH: usize = 12;

/// The markers of the grid, then the station's skill marks, wrapped to
/// `width` columns.
fn legend(app: &App, width: usize) -> Vec<String> {
    let markers = ["◆ chief watch", "! pinned", "~ to swap", "lv on leave"].map(String::from);
    let skills = app
        .station
        .skills
        .iter()
        .map(|k| format!("{} {}", k.short, k.code));
    let mut lines: Vec<String> = Vec::new();
    for entry in markers.into_iter().chain(skills) {
        match lines.last_mut() {
            Some(line) if line.chars().count() + 2 + entry.chars().count() <= width => {
                line.push_str("  ");
                line.push_str(&entry);
            }
            _ => lines.push(entry),
        }
    }
    lines
}

/// Draws the help over `area`: every binding, then the legend.
pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let mut lines: Vec<String> = help_lines()
        .into_iter()
        .map(|(keys, help)| format!("{keys:<KEYS_WIDTH$} {help}"))
        .collect();
    let keys_width = lines.iter().map(|l| l.chars().count()).max().unwrap_or(0);
    let inside = (area.width as usize).saturating_sub(2);
    lines.extend(legend(app, inside.max(keys_width)));
    let width = lines.iter().map(|l| l.chars().count()).max().unwrap_or(0) as u16 + 2;
    let height = lines.len() as u16 + 2;
    let items: Vec<Line> = lines.into_iter().map(Line::raw).collect();
    popup(frame, area, " Keys (? closes) ", items, width, height);
}
