//! Fairness charts: per officer of one unit, nights, weekend days, holiday
//! days and chief watches, counting the published history and the weeks on
//! screen; each bar scaled to the unit's largest count, so a spread shows
//! at a glance. h and l change the unit.
//!
//! ```text
//! +- Fairness: Patrol (history + these weeks; h/l unit) ----------------+
//! |officer               nights        weekends      holidays  chief    |
//! |PA01 Ma Jun            12 ████████   8 █████       1 █      3 ███    |
//! +---------------------------------------------------------------------+
//! ```

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::Line;

use super::scrolling_popup;
use crate::model::Category;
use crate::tui::app::App;

/// Width of the officer column.
const NAME_WIDTH: usize = 22;
/// Width of one category's column: count, space, bar.
const COLUMN_WIDTH: usize = 14;
/// Longest bar.
const BAR_WIDTH: usize = 10;
/// Widest the box gets.
const MAX_WIDTH: u16 = 2 + (NAME_WIDTH + 4 * COLUMN_WIDTH) as u16;

/// Each officer of `unit` (by staff index) with their count per category.
fn counts(app: &App, unit: usize) -> Vec<(usize, [u32; 4])> {
    app.rows
        .iter()
        .filter(|&&s| app.station.staff[s].unit == unit)
        .map(|&s| {
            let id = &app.station.staff[s].id;
            let counts = Category::ALL.map(|category| {
                let planned = (0..app.roster.days)
                    .filter(|&d| {
                        category.counts(&app.station, app.roster.date(d), app.roster.get(s, d))
                    })
                    .count() as u32;
                app.week.ledger.get(id, category) + planned
            });
            (s, counts)
        })
        .collect()
}

/// Lines of the chart of `unit`: a head, then one per officer.
pub fn rows(app: &App, unit: usize) -> usize {
    1 + app.station.staff.iter().filter(|o| o.unit == unit).count()
}

/// The box's width and height on a screen.
pub fn size(area: Rect) -> (u16, u16) {
    (area.width.min(MAX_WIDTH), area.height.saturating_sub(2))
}

/// Draws the charts for `unit` over `area`, from officer line `first`.
pub fn render(app: &App, frame: &mut Frame, area: Rect, unit: usize, first: usize) {
    let rows = counts(app, unit);
    let mut most = [1u32; 4];
    for (_, c) in &rows {
        for (m, &n) in most.iter_mut().zip(c) {
            *m = (*m).max(n);
        }
    }
    let mut head = format!("{:<NAME_WIDTH$}", "officer");
    for name in ["nights", "weekend days", "holiday days", "chief watches"] {
        head.push_str(&format!("{name:<COLUMN_WIDTH$}"));
    }
    let mut items = vec![Line::styled(
        head,
        Style::new().add_modifier(Modifier::BOLD),
    )];
    for (s, c) in rows {
        let officer = &app.station.staff[s];
        let mut text = super::pad(
            &format!("{} {}", officer.id, officer.name),
            NAME_WIDTH as u16,
        );
        for (n, m) in c.iter().zip(most) {
            let bar = "█".repeat((*n as usize * BAR_WIDTH).div_ceil(m as usize));
            text.push_str(&format!("{n:>2} {bar:<w$}", w = COLUMN_WIDTH - 3));
        }
        items.push(Line::raw(text));
    }
    let title = format!(
        " Fairness: {} (history + these weeks; h/l unit, Esc closes) ",
        app.station.units[unit].name
    );
    scrolling_popup(frame, area, &title, items, size(area), first);
}
