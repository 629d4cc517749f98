//! Drawing: a pure function of the `App`. The week grid is always drawn;
//! other screens are overlays on top of it.
//!
//! ```text
//! Station · 2026-W49 (2026-11-30..12-06) · draft · hard 0 / soft 412
//! Officer          Mo30 Tu01 We02 Th03 Fr04 Sa05 Su06  Hrs Nt
//! station
//!  ST01 Wang Wei   E    CHF  -    ...                  40   1
//! CHIEF            ST03 ST01 ...
//! E 5/5 ...
//! footer: keys · status
//! ```

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use super::app::{App, Mode};
use super::keys::help_lines;
use crate::analysis::capacity::shift_demand;
use crate::model::{Category, Duty};

/// Width of the officer column at 80 columns and below.
const NAME_NARROW: u16 = 17;
/// Width of the officer column on wide screens.
const NAME_WIDE: u16 = 26;

/// Column widths for a screen width: (officer column, day column).
pub fn columns(width: u16) -> (u16, u16) {
    if width >= 120 {
        (NAME_WIDE, 9)
    } else {
        (NAME_NARROW, 5)
    }
}

/// A line of the grid body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum BodyLine {
    /// A unit's heading (unit index).
    Unit(usize),
    /// An officer (index into `App::rows`).
    Officer(usize),
}

/// Lines of the grid body: each unit's heading, then its officers.
fn body_lines(app: &App) -> Vec<BodyLine> {
    let mut lines = Vec::new();
    let mut unit = usize::MAX;
    for (i, &s) in app.rows.iter().enumerate() {
        if app.station.staff[s].unit != unit {
            unit = app.station.staff[s].unit;
            lines.push(BodyLine::Unit(unit));
        }
        lines.push(BodyLine::Officer(i));
    }
    lines
}

/// The first body line shown, so that the cursor stays visible.
fn first_line(app: &App, visible: usize) -> usize {
    let lines = body_lines(app);
    let cursor_line = lines
        .iter()
        .position(|l| *l == BodyLine::Officer(app.cursor.0))
        .unwrap_or(0);
    if cursor_line < visible {
        0
    } else {
        cursor_line + 1 - visible
    }
}

/// The areas of the screen: header, column heads, body, bottom rows, footer.
fn areas(app: &App, area: Rect) -> [Rect; 5] {
    let bottom = app.station.shifts.len() as u16 + 1;
    let [header, heads, body, rows, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(bottom),
        Constraint::Length(2),
    ])
    .areas(area);
    [header, heads, body, rows, footer]
}

/// Which cell (row index, day) is at a screen position, for mouse clicks.
pub fn cell_at(app: &App, area: Rect, x: u16, y: u16) -> Option<(usize, usize)> {
    let [_, _, body, _, _] = areas(app, area);
    if y < body.y || y >= body.y + body.height {
        return None;
    }
    let (name_w, day_w) = columns(area.width);
    if x < body.x + name_w {
        return None;
    }
    let day = ((x - body.x - name_w) / day_w) as usize;
    let lines = body_lines(app);
    let line = first_line(app, body.height as usize) + (y - body.y) as usize;
    match lines.get(line) {
        Some(BodyLine::Officer(row)) if day < app.roster.days => Some((*row, day)),
        _ => None,
    }
}

/// Draws everything.
pub fn draw(app: &App, frame: &mut Frame) {
    let area = frame.area();
    if area.width < 20 || area.height < 6 {
        frame.render_widget(Paragraph::new("duty: enlarge the window"), area);
        return;
    }
    let [header, heads, body, rows, footer] = areas(app, area);
    let color = app.color;
    let (name_w, day_w) = columns(area.width);
    let state = if app.week.published {
        "published"
    } else if app.dirty {
        "edited"
    } else {
        "draft"
    };
    let title = format!(
        "{} · {} ({} to {}) · {state} · {}",
        app.station.name,
        app.week.period.label(),
        app.week.period.start,
        app.week.period.end(),
        app.report.score
    );
    frame.render_widget(
        Paragraph::new(title).style(Style::new().add_modifier(Modifier::BOLD)),
        header,
    );

    let mut spans = vec![Span::raw(pad("Officer", name_w))];
    for d in 0..app.roster.days {
        let date = app.roster.date(d);
        let mut label = format!(
            "{}{}",
            &date.format("%a").to_string()[..2],
            date.format("%d")
        );
        if app.station.holiday_on(date).is_some() {
            label.push('*');
        }
        let mut style = Style::new().add_modifier(Modifier::BOLD);
        if crate::model::calendar::is_weekend(date) || app.station.holiday_on(date).is_some() {
            style = style.add_modifier(Modifier::UNDERLINED);
        }
        spans.push(Span::styled(pad(&label, day_w), style));
    }
    spans.push(Span::styled(
        " Hrs Nt",
        Style::new().add_modifier(Modifier::BOLD),
    ));
    frame.render_widget(Paragraph::new(Line::from(spans)), heads);

    let lines = body_lines(app);
    let first = first_line(app, body.height as usize);
    let mut text = Vec::new();
    for line in lines.iter().skip(first).take(body.height as usize) {
        match line {
            BodyLine::Unit(unit) => {
                let name = app.station.units[*unit].name.clone();
                text.push(Line::styled(
                    name,
                    Style::new().add_modifier(Modifier::BOLD | Modifier::ITALIC),
                ));
            }
            BodyLine::Officer(row) => text.push(officer_line(app, *row, name_w, day_w, color)),
        }
    }
    frame.render_widget(Paragraph::new(text), body);

    let mut bottom = Vec::new();
    let mut chief = vec![Span::styled(
        pad("Chief on duty", name_w),
        Style::new().add_modifier(Modifier::BOLD),
    )];
    for d in 0..app.roster.days {
        let id = app
            .roster
            .chief_on(d)
            .map_or("??".to_string(), |s| app.station.staff[s].id.clone());
        let style = if id == "??" {
            alert(color)
        } else {
            Style::new()
        };
        chief.push(Span::styled(pad(&id, day_w), style));
    }
    bottom.push(Line::from(chief));
    for (sh, shift) in app.station.shifts.iter().enumerate() {
        let mut spans = vec![Span::raw(pad(&format!("{} have/min", shift.code), name_w))];
        for d in 0..app.roster.days {
            let have = (0..app.roster.staff)
                .filter(|&s| app.roster.get(s, d) == Duty::Shift(sh) && app.station.can_work(s, sh))
                .count() as u32;
            let min = shift_demand(&app.station, app.roster.date(d), sh);
            let short = have < min;
            let text = format!("{have}/{min}{}", if short { "!" } else { "" });
            spans.push(Span::styled(
                pad(&text, day_w),
                if short { alert(color) } else { Style::new() },
            ));
        }
        bottom.push(Line::from(spans));
    }
    frame.render_widget(Paragraph::new(bottom), rows);

    let keys = "hjkl/arrows move · Enter pick · x swap · space pin · s solve · v violations · f fairness · n now · [ ] week · u undo · P publish · ? help · q quit";
    let status = match &app.solving {
        Some(p) => format!(
            "SOLVING best {} · {:.0} moves/s · {:.1} s · Esc cancels and keeps the best",
            p.best,
            p.moves_per_second,
            p.elapsed.as_secs_f64()
        ),
        None => app.status.clone(),
    };
    frame.render_widget(
        Paragraph::new(vec![
            Line::raw(status),
            Line::styled(keys, Style::new().add_modifier(Modifier::DIM)),
        ]),
        footer,
    );

    match &app.mode {
        Mode::Grid => {}
        Mode::Picker { options, selected } => {
            let s = app.officer();
            let title = format!(
                " {} on {} ",
                app.station.staff[s].name,
                app.roster.date(app.cursor.1)
            );
            let items: Vec<Line> = options
                .iter()
                .enumerate()
                .map(|(i, (duty, note))| {
                    let text = format!("{:<6} {note}", duty.code(&app.station));
                    if i == *selected {
                        Line::styled(text, selected_style())
                    } else {
                        Line::raw(text)
                    }
                })
                .collect();
            popup(frame, area, &title, items, 60, options.len() as u16 + 2);
        }
        Mode::Violations { selected } => {
            let items: Vec<Line> = if app.report.violations.is_empty() {
                vec![Line::raw("No violations.")]
            } else {
                app.report
                    .violations
                    .iter()
                    .enumerate()
                    .map(|(i, v)| {
                        let mark = if v.constraint.is_hard() {
                            "HARD"
                        } else {
                            "soft"
                        };
                        let text = format!("{mark} [{}] {}", v.constraint, v.message);
                        if i == *selected {
                            Line::styled(text, selected_style())
                        } else {
                            Line::raw(text)
                        }
                    })
                    .collect()
            };
            let skip = selected.saturating_sub(area.height.saturating_sub(6) as usize);
            let items: Vec<Line> = items.into_iter().skip(skip).collect();
            popup(
                frame,
                area,
                " Violations (Enter jumps to the cell) ",
                items,
                area.width - 4,
                area.height - 4,
            );
        }
        Mode::Fairness => fairness(app, frame, area),
        Mode::Now => {
            let items: Vec<Line> = app.now_lines.iter().map(|l| Line::raw(l.clone())).collect();
            popup(
                frame,
                area,
                " On duty now ",
                items,
                area.width - 4,
                area.height - 4,
            );
        }
        Mode::Help => {
            let items: Vec<Line> = help_lines()
                .into_iter()
                .map(|(keys, label)| Line::raw(format!("{keys:<12} {label}")))
                .collect();
            let height = items.len() as u16 + 2;
            popup(frame, area, " Keys ", items, 40, height);
        }
        Mode::ConfirmPublish => {
            let items = vec![
                Line::raw(format!(
                    "Publish {} with score {}?",
                    app.week.period.label(),
                    app.report.score
                )),
                Line::raw(format!(
                    "{} hard violation(s).",
                    app.report
                        .violations
                        .iter()
                        .filter(|v| v.constraint.is_hard())
                        .count()
                )),
                Line::raw("y publishes, any other key cancels."),
            ];
            popup(frame, area, " Publish ", items, 50, 5);
        }
        Mode::ConfirmQuit => {
            let items = vec![
                Line::raw("There are unpublished edits."),
                Line::raw("Quit anyway? y quits, any other key stays."),
            ];
            popup(frame, area, " Quit ", items, 50, 4);
        }
    }
}

fn officer_line<'a>(app: &'a App, row: usize, name_w: u16, day_w: u16, color: bool) -> Line<'a> {
    let s = app.rows[row];
    let officer = &app.station.staff[s];
    let chief = if app.station.is_chief_eligible(s) {
        "◆"
    } else {
        " "
    };
    let label = format!("{chief}{} {}", officer.id, officer.name);
    let mut spans = vec![Span::raw(pad(&label, name_w))];
    let mut minutes = 0;
    let mut nights = 0;
    for d in 0..app.roster.days {
        let duty = app.roster.get(s, d);
        minutes += duty.minutes(&app.station);
        nights += u32::from(duty.is_night(&app.station));
        let mut code = match duty {
            Duty::Off if app.station.leave_on(s, app.roster.date(d)).is_some() => "lv".to_string(),
            Duty::Chief => "CHF".to_string(),
            other => other.code(&app.station).to_string(),
        };
        if app.roster.is_pinned(s, d) {
            code.push('!');
        }
        if app.swap_mark == Some((s, d)) {
            code.push('~');
        }
        let mut style = Style::new();
        if color && duty.is_night(&app.station) {
            style = style.fg(Color::Blue);
        }
        if color && duty == Duty::Chief {
            style = style.fg(Color::Magenta);
        }
        if (row, d) == app.cursor {
            style = style.add_modifier(Modifier::REVERSED);
        }
        spans.push(Span::styled(pad(&code, day_w), style));
    }
    spans.push(Span::raw(format!(" {:>3} {:>2}", minutes / 60, nights)));
    Line::from(spans)
}

fn fairness(app: &App, frame: &mut Frame, area: Rect) {
    let unit = app.station.staff[app.officer()].unit;
    let mut items = vec![Line::styled(
        format!(
            "{:<22} {:<12} {:<12} {:<12} {:<12}",
            "officer (history + week)", "nights", "weekends", "holidays", "chief"
        ),
        Style::new().add_modifier(Modifier::BOLD),
    )];
    for &s in app
        .rows
        .iter()
        .filter(|&&s| app.station.staff[s].unit == unit)
    {
        let officer = &app.station.staff[s];
        let mut text = format!(
            "{:<22}",
            format!("{} {}", officer.id, officer.name)
                .chars()
                .take(21)
                .collect::<String>()
        );
        for category in Category::ALL {
            let planned = (0..app.roster.days)
                .filter(|&d| {
                    category.counts(&app.station, app.roster.date(d), app.roster.get(s, d))
                })
                .count() as u32;
            let total = app.week.ledger.get(&officer.id, category) + planned;
            text.push_str(&format!(
                " {:>2} {:<9}",
                total,
                "█".repeat(total.min(9) as usize)
            ));
        }
        items.push(Line::raw(text));
    }
    let title = format!(
        " Fairness: {} (counts over history and this week) ",
        app.station.units[unit].name
    );
    popup(
        frame,
        area,
        &title,
        items,
        area.width.saturating_sub(2).min(80),
        area.height - 2,
    );
}

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

fn pad(text: &str, width: u16) -> String {
    let cut: String = text
        .chars()
        .take(width.saturating_sub(1) as usize)
        .collect();
    format!("{cut:<w$}", w = width as usize)
}

fn alert(color: bool) -> Style {
    let style = Style::new().add_modifier(Modifier::BOLD);
    if color { style.fg(Color::Red) } else { style }
}

fn selected_style() -> Style {
    Style::new().add_modifier(Modifier::REVERSED)
}
