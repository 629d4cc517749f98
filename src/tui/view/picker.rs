//! The duty picker: every duty the officer may take on the day, each with
//! what it would newly break (or the score it would give).
//!
//! ```text
//! +- Thu 2026-12-03 · Li Na, Inspector (custody) +
//! |-      ok (score hard 0 / soft 410)  |
//! |E      breaks min_rest               |
//! +-------------------------------------+
//! ```

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;

use super::{list_line, popup};
use crate::model::Duty;
use crate::tui::app::App;

/// Width of the picker box.
const WIDTH: u16 = 72;

/// Draws the picker over `area`.
pub fn render(
    app: &App,
    frame: &mut Frame,
    area: Rect,
    options: &[(Duty, String)],
    selected: usize,
) {
    let s = app.officer();
    let officer = &app.station.staff[s];
    let skills: Vec<&str> = officer
        .skills
        .iter()
        .map(|k| app.station.skills[k].code.as_str())
        .collect();
    let title = format!(
        " {} · {}, {} ({}) ",
        app.roster.date(app.cursor.1).format("%a %Y-%m-%d"),
        officer.name,
        app.station.ranks[officer.rank].name,
        skills.join(", ")
    );
    let items: Vec<Line> = options
        .iter()
        .enumerate()
        .map(|(i, (duty, note))| {
            list_line(
                format!("{} {note}", crate::text::pad_to(duty.code(&app.station), 6)),
                i == selected,
            )
        })
        .collect();
    popup(frame, area, &title, items, WIDTH, options.len() as u16 + 2);
}
