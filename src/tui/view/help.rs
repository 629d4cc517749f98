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

use super::scrolling_popup;
use crate::text::width;
use crate::tui::app::App;
use crate::tui::keys::help_lines;

/// Width of the keys column.
const KEYS_WIDTH: usize = 12;

/// The markers of the grid, then the station's skill marks, wrapped to
/// `width` columns.
fn legend(app: &App, max: usize) -> Vec<String> {
    let training = format!(
        "{} cross-training (not in cover)",
        crate::model::roster::CROSS_TRAINING_MARK
    );
    let markers = [
        "◆ chief watch",
        "! pinned",
        "~ to swap",
        "lv on leave",
        "Hrs! over the weekly maximum",
        "±tg* a week outside the target band",
    ]
    .map(String::from)
    .into_iter()
    .chain((!app.station.cross_training.is_empty()).then_some(training));
    let skills = app
        .station
        .skills
        .iter()
        .map(|k| format!("{} {}", k.short, k.code));
    let mut lines: Vec<String> = Vec::new();
    for entry in markers.chain(skills) {
        match lines.last_mut() {
            Some(line) if width(line) + 2 + width(&entry) <= max => {
                line.push_str("  ");
                line.push_str(&entry);
            }
            _ => lines.push(entry),
        }
    }
    lines
}

/// Every line of the help: each binding, then the legend.
pub fn lines(app: &App) -> Vec<String> {
    let mut lines: Vec<String> = help_lines()
        .into_iter()
        .map(|(keys, help)| format!("{} {help}", crate::text::fit(&keys, KEYS_WIDTH)))
        .collect();
    // The legend wraps to the keys' width, so the box is as wide as
    // the keys whatever the screen.
    let keys_width = lines.iter().map(|l| width(l)).max().unwrap_or(0);
    lines.extend(legend(app, keys_width));
    lines
}

/// The help box's width and height for its lines.
pub fn size(lines: &[String]) -> (u16, u16) {
    let width = lines.iter().map(|l| width(l)).max().unwrap_or(0) as u16 + 2;
    (width, lines.len() as u16 + 2)
}

/// Draws the help over `area` from line `first`: every binding, then the
/// legend, scrolling when the screen is short.
pub fn render(app: &App, frame: &mut Frame, area: Rect, first: usize) {
    let lines = lines(app);
    let size = size(&lines);
    let items: Vec<Line> = lines.into_iter().map(Line::raw).collect();
    scrolling_popup(frame, area, " Keys (? closes) ", items, size, first);
}
