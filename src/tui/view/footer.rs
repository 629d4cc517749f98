//! The footer: what just happened (or, while solving, a gauge of the time
//! used with the best score and the speed), then the key hints, which come
//! from the key table.
//!
//! ```text
//!  35% █████░░░░░ SOLVING best hard 0 / soft 980 · 2.1 M moves/s · 4.2 s · Esc cancels
//! hjkl move · Enter pick · x swap · space pin · s solve · ...
//! ```

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{LineGauge, Paragraph};

use crate::tui::app::{App, Mode, SOLVE_TIME};
use crate::tui::keys::footer_hints;

/// Width of the solver gauge.
const GAUGE_WIDTH: u16 = 16;

/// Draws the footer into `area` (two rows).
pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let [status, keys] =
        Layout::vertical([Constraint::Length(1), Constraint::Length(1)]).areas(area);
    match &app.solving {
        Some(p) => {
            let [gauge, text] =
                Layout::horizontal([Constraint::Length(GAUGE_WIDTH), Constraint::Min(0)])
                    .areas(status);
            let ratio = (p.elapsed.as_secs_f64() / SOLVE_TIME.as_secs_f64()).clamp(0.0, 1.0);
            frame.render_widget(
                LineGauge::default()
                    .ratio(ratio)
                    .filled_symbol("█")
                    .unfilled_symbol("░")
                    .label(format!("{:>3.0}%", ratio * 100.0)),
                gauge,
            );
            let line = format!(
                " SOLVING best {} · {:.1} M moves/s · {:.1} s · Esc stops, keeps the best · q quits",
                p.best,
                p.moves_per_second / 1e6,
                p.elapsed.as_secs_f64()
            );
            frame.render_widget(Paragraph::new(line), text);
        }
        None => match &app.mode {
            Mode::Search { query, .. } => {
                let line = format!("/{query}▏  {}", app.status);
                frame.render_widget(Paragraph::new(line), status);
            }
            _ => frame.render_widget(Paragraph::new(app.status.as_str()), status),
        },
    }
    let hints = match app.mode {
        Mode::Search { .. } => "Enter keeps this officer · Esc goes back · Backspace erases".into(),
        _ => fitted_hints(&footer_hints(), keys.width as usize),
    };
    frame.render_widget(
        Paragraph::new(Line::styled(
            hints,
            Style::new().add_modifier(Modifier::DIM),
        )),
        keys,
    );
}

/// The footer words in the order they earn their place when the width is
/// short: help first (it leads to everything else), then the keys a duty
/// manager uses most.
const PRIORITY: &[&str] = &[
    "help",
    "quit",
    "move",
    "pick",
    "solve",
    "save",
    "publish",
    "find",
    "week",
    "violations",
    "undo",
    "swap",
    "pin",
    "now",
    "fairness",
    "page",
    "ends",
    "next",
    "filter",
];

/// The hints that fit in `width` cells, most useful first, shown in the
/// key table's order; `? help` is always there.
fn fitted_hints(hints: &[String], width: usize) -> String {
    const SEPARATOR: &str = " · ";
    let word = |hint: &String| hint.rsplit(' ').next().unwrap_or_default().to_string();
    let mut chosen = vec![false; hints.len()];
    let mut used = 0;
    for wanted in PRIORITY.iter().copied() {
        let Some(i) = hints.iter().position(|h| word(h) == wanted) else {
            continue;
        };
        let cost = crate::text::width(&hints[i]) + if used == 0 { 0 } else { SEPARATOR.len() };
        if used + cost <= width || wanted == "help" {
            chosen[i] = true;
            used += cost;
        }
    }
    hints
        .iter()
        .zip(chosen)
        .filter(|(_, keep)| *keep)
        .map(|(hint, _)| hint.as_str())
        .collect::<Vec<_>>()
        .join(SEPARATOR)
}
