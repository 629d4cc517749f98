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

use crate::tui::app::{App, SOLVE_TIME};
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
                " SOLVING best {} · {:.1} M moves/s · {:.1} s · Esc stops, keeps the best",
                p.best,
                p.moves_per_second / 1e6,
                p.elapsed.as_secs_f64()
            );
            frame.render_widget(Paragraph::new(line), text);
        }
        None => frame.render_widget(Paragraph::new(app.status.as_str()), status),
    }
    frame.render_widget(
        Paragraph::new(Line::styled(
            footer_hints().join(" · "),
            Style::new().add_modifier(Modifier::DIM),
        )),
        keys,
    );
}
