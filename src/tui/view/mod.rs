//! Drawing: a pure function of the `App`, one file per panel. The week grid
//! and the footer are always drawn; every other screen is a popup over them.
//!
//! ```text
//! +--------------------------------------------------------------+
//! | grid: title, day heads, officers by unit, chief row, cover   |
//! |            +-------- popup (picker, violations, ...) ---+    |
//! |            |                                            |    |
//! |            +--------------------------------------------+    |
//! | footer: status or solver gauge / key hints                   |
//! +--------------------------------------------------------------+
//! ```

mod confirm;
mod fairness;
mod footer;
pub mod grid;
mod help;
mod history;
mod now;
mod picker;
mod violations;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use super::app::{App, Mode};

/// Below this size nothing useful fits; the app asks for a larger window.
const MIN_WIDTH: u16 = 20;
/// See [`MIN_WIDTH`].
const MIN_HEIGHT: u16 = 6;
/// Rows of the footer: status (or solver gauge), key hints.
const FOOTER_HEIGHT: u16 = 2;

/// Draws everything.
pub fn draw(app: &App, frame: &mut Frame) {
    let area = frame.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        frame.render_widget(Paragraph::new("duty: enlarge the window"), area);
        return;
    }
    let [main, footer_area] = split(area);
    grid::render(app, frame, main);
    footer::render(app, frame, footer_area);
    match &app.mode {
        Mode::Grid => {}
        Mode::Picker { options, selected } => picker::render(app, frame, area, options, *selected),
        Mode::Violations { selected, filter } => {
            violations::render(app, frame, area, *selected, *filter)
        }
        Mode::Fairness { unit, scroll } => fairness::render(app, frame, area, *unit, *scroll),
        Mode::Now { scroll } => now::render(app, frame, area, *scroll),
        Mode::History { scroll } => history::render(app, frame, area, *scroll),
        Mode::Help { scroll } => help::render(app, frame, area, *scroll),
        Mode::Search { .. } => {}
        Mode::ConfirmStop => confirm::stop(frame, area),
        Mode::ConfirmReplan { reason } => confirm::replan(app, frame, area, reason),
        Mode::DayOf {
            change,
            verdict,
            reason,
        } => confirm::day_of(app, frame, area, *change, &verdict.to_string(), reason),
        Mode::ConfirmPublish { ahead } => confirm::publish(app, frame, area, ahead),
        Mode::ConfirmDiscard { then } => confirm::discard(frame, area, then),
        Mode::ConfirmAbsent { staff, day } => confirm::absent(app, frame, area, *staff, *day),
    }
}

/// The screen cut into the grid's part and the footer.
fn split(area: Rect) -> [Rect; 2] {
    Layout::vertical([Constraint::Min(1), Constraint::Length(FOOTER_HEIGHT)]).areas(area)
}

/// Draws a bordered, titled box centred in `area` over what is there,
/// no larger than `area`.
fn popup(frame: &mut Frame, area: Rect, title: &str, lines: Vec<Line>, width: u16, height: u16) {
    let width = width.min(area.width);
    let height = height.min(area.height);
    let rect = Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + (area.height - height) / 2,
        width,
        height,
    };
    frame.render_widget(Clear, rect);
    let block = Block::default()
        .borders(Borders::ALL)
        .title(title.to_string());
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .wrap(Wrap { trim: false }),
        rect,
    );
}

/// The box of a scrolling overlay within the whole screen: `margin`
/// columns and rows left around it.
fn overlay_rect(area: Rect, width: u16, height: u16) -> Rect {
    let width = width.min(area.width);
    let height = height.min(area.height);
    Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + (area.height - height) / 2,
        width,
        height,
    }
}

/// Draws a bordered box of one line per item, from `first` on, with where
/// it is (`12-30/390`) at the bottom when the items do not all fit. Items
/// are cut, never wrapped, so that a line is an item and the count holds.
fn scrolling_popup(
    frame: &mut Frame,
    area: Rect,
    title: &str,
    lines: Vec<Line>,
    (width, height): (u16, u16),
    first: usize,
) {
    let rect = overlay_rect(area, width, height);
    let inside = rect.height.saturating_sub(2) as usize;
    let total = lines.len();
    let first = first.min(total.saturating_sub(inside));
    let shown: Vec<Line> = lines.into_iter().skip(first).take(inside).collect();
    let mut block = Block::default()
        .borders(Borders::ALL)
        .title(title.to_string());
    if total > inside {
        block = block.title_bottom(
            Line::raw(format!(
                " {}-{}/{total} · j k PgUp PgDn g G ",
                first + 1,
                (first + inside).min(total)
            ))
            .right_aligned(),
        );
    }
    frame.render_widget(Clear, rect);
    frame.render_widget(Paragraph::new(shown).block(block), rect);
}

/// Rows a page of the open list scrolls by, and the last first line (or
/// item) it may scroll to, for the screen as last drawn: `update` scrolls
/// by what the view shows.
pub fn list_window(app: &App) -> (usize, usize) {
    let area = Rect::new(0, 0, app.screen.0, app.screen.1);
    let (total, (width, height)) = match &app.mode {
        Mode::Help { .. } => {
            let lines = help::lines(app);
            (lines.len(), help::size(&lines))
        }
        Mode::Now { .. } => (app.now_lines.len(), now::size(area)),
        Mode::History { .. } => (history::lines(app, area).len(), history::size(area)),
        Mode::Fairness { unit, .. } => (fairness::rows(app, *unit), fairness::size(area)),
        Mode::Violations { filter, .. } => {
            let n = app.violations_shown(*filter).len();
            let inside = violations::size(area).1.saturating_sub(2) as usize;
            return (inside.max(1), n.saturating_sub(1));
        }
        _ => return (1, 0),
    };
    let inside = overlay_rect(area, width, height).height.saturating_sub(2) as usize;
    (inside.max(1), total.saturating_sub(inside))
}

/// `text` in `width` display cells, the last one blank: cut with an
/// ellipsis when it does not fit (a CJK character takes two cells).
fn pad(text: &str, width: u16) -> String {
    crate::text::column(text, usize::from(width))
}

/// What must catch the eye: bold always (for `NO_COLOR` and monochrome
/// terminals), red too when colours are on.
fn alert(color: bool) -> Style {
    let style = Style::new().add_modifier(Modifier::BOLD);
    if color { style.fg(Color::Red) } else { style }
}

/// The highlighted line of a list: reversed, which reads on dark and light
/// terminals alike.
fn selected_style() -> Style {
    Style::new().add_modifier(Modifier::REVERSED)
}

/// A list line, highlighted when it is the selected one.
fn list_line(text: String, selected: bool) -> Line<'static> {
    if selected {
        Line::styled(text, selected_style())
    } else {
        Line::raw(text)
    }
}
