//! The week grid: officers grouped by unit down, days across, then the
//! chief-watch row and one cover row per shift. Scrolls both ways so that
//! the cursor is always visible; whole weeks at a time across when a week
//! fits, so the columns do not jump with every step.
//!
//! ```text
//! 2026-W49 · draft · hard 0 / soft 412 · 2026-11-30 to 2026-12-06 · Station
//! Officer          Mo30 Tu01 We02 Th03 Fr04 Sa05 Su06  Hrs Nt
//! Station duty
//! ◆ST01 Wang Wei   E    CHF  -    N!   ...              40  1
//! Chief on duty    ST03 ST01 ...
//! E have/min       5/5  4/5! ...
//! ```

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{alert, pad};
use crate::model::cover::{LineStatus, cover_lines, day_cover, shift_total};
use crate::model::standing::{outside_target_band, week_off_target};
use crate::model::{DayMinutes, Duty, LeaveCalendar, calendar::is_weekend};
use crate::text::fit;
use crate::tui::app::{App, RowFilter};
use chrono::Datelike;

/// Narrowest officer column below 120 columns: marker, id and name.
const NAME_NARROW: u16 = 17;
/// Narrowest officer column on wide screens.
const NAME_WIDE: u16 = 26;
/// Widest officer column: room left over after the days goes here, to
/// show each officer's rank and skills.
const NAME_MAX: u16 = 40;
/// Width of a day column below 120 columns.
const DAY_NARROW: u16 = 5;
/// Width of a day column on wide screens.
const DAY_WIDE: u16 = 9;
/// Screens at least this wide get the wide columns.
const WIDE_FROM: u16 = 120;
/// The totals at the right: hours, hours above or below the contract's
/// target (leave counted), nights.
const TOTALS: &str = " Hrs  ±tg Nt";
/// Room kept for the marker, id and name before rank and skills show.
const NAME_BEFORE_RANK: usize = 16;

/// A line of the grid body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum BodyLine {
    /// A unit's heading (unit index).
    Unit(usize),
    /// An officer (index into `App::rows`).
    Officer(usize),
}

/// Where things are for one screen size: the areas, and which body lines
/// and days are shown. Computed once per frame, and by `cell_at` for the
/// mouse, so both agree on what is where.
struct Geometry {
    title: Rect,
    heads: Rect,
    body: Rect,
    bottom: Rect,
    name_w: u16,
    day_w: u16,
    lines: Vec<BodyLine>,
    first_line: usize,
    first_day: usize,
    shown_days: usize,
    /// Width of the widest officer's skill marks, so the columns align.
    marks_w: usize,
    /// Cover folded to one row per shift (a short terminal): the count
    /// adds the units up, and `!` still marks any unit or skill short.
    fold_cover: bool,
}

impl Geometry {
    fn new(app: &App, area: Rect) -> Geometry {
        let lines_full = cover_lines(&app.station).len() as u16;
        let lines_folded = folded_shifts(app).len() as u16;
        // Keep at least this many officer rows before folding the cover.
        let fold_cover = area.height.saturating_sub(4 + lines_full) < MIN_OFFICER_ROWS;
        let bottom_rows = 1 + if fold_cover { lines_folded } else { lines_full };
        let [title, heads, body, bottom] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Min(1),
            Constraint::Length(bottom_rows),
        ])
        .areas(area);
        let days = app.shown_roster().days;
        let totals = crate::text::width(TOTALS) as u16;
        let (name_min, day_w) = if area.width >= WIDE_FROM {
            // As wide as every day allows, from narrow to wide: four weeks
            // at 220 columns show all 28 days.
            let fit_all = area.width.saturating_sub(NAME_WIDE + totals) / (days.max(1) as u16);
            (NAME_WIDE, fit_all.clamp(DAY_NARROW, DAY_WIDE))
        } else {
            (NAME_NARROW, DAY_NARROW)
        };
        let room = area.width.saturating_sub(name_min + totals) / day_w;
        let shown_days = (room as usize).clamp(1, days.max(1));
        let name_w = area
            .width
            .saturating_sub(totals + shown_days as u16 * day_w)
            .clamp(name_min, NAME_MAX);
        let page = if shown_days >= 7 {
            shown_days / 7 * 7
        } else {
            shown_days
        };
        let first_day = (app.cursor.1 / page * page).min(days.saturating_sub(shown_days));
        let lines = body_lines(app);
        let cursor_line = lines
            .iter()
            .position(|l| *l == BodyLine::Officer(app.cursor.0))
            .unwrap_or(0);
        // The view moves only when the cursor would leave it, so scrolling
        // up or clicking does not make the rows jump.
        let visible = (body.height as usize).max(1);
        let mut first_line = app.top_line.get().min(lines.len().saturating_sub(visible));
        if cursor_line < first_line + 1 {
            // Keep the unit heading above the first officer in sight.
            first_line = cursor_line.saturating_sub(1);
        } else if cursor_line >= first_line + visible {
            first_line = cursor_line + 1 - visible;
        }
        app.top_line.set(first_line);
        Geometry {
            title,
            heads,
            body,
            bottom,
            name_w,
            day_w,
            lines,
            first_line,
            first_day,
            shown_days,
            fold_cover,
            marks_w: (0..app.station.staff.len())
                .map(|s| crate::text::width(&skill_marks(app, s)))
                .max()
                .unwrap_or(0),
        }
    }

    fn days(&self) -> std::ops::Range<usize> {
        self.first_day..self.first_day + self.shown_days
    }
}

/// How many grid lines the body shows on the screen as last drawn: a
/// page, for PgUp and PgDn.
pub fn body_rows(app: &App) -> usize {
    let [main, _] = super::split(Rect::new(0, 0, app.screen.0, app.screen.1));
    Geometry::new(app, main).body.height as usize
}

/// Lines of the grid body: each unit's heading, then its officers.
fn body_lines(app: &App) -> Vec<BodyLine> {
    let mut lines = Vec::with_capacity(app.rows.len() + app.station.units.len());
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

/// Which cell (row index, day) is at a screen position, for mouse clicks;
/// `area` is the whole screen.
pub fn cell_at(app: &App, area: Rect, x: u16, y: u16) -> Option<(usize, usize)> {
    let [main, _] = super::split(area);
    let g = Geometry::new(app, main);
    let body = g.body;
    if y < body.y || y >= body.y + body.height || x < body.x + g.name_w {
        return None;
    }
    let day = g.first_day + ((x - body.x - g.name_w) / g.day_w) as usize;
    match g.lines.get(g.first_line + (y - body.y) as usize) {
        Some(BodyLine::Officer(row)) if g.days().contains(&day) => Some((*row, day)),
        _ => None,
    }
}

/// Draws the grid into `area`.
pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let g = Geometry::new(app, area);
    let calendar = app.station.leave_calendar();
    let day_minutes = DayMinutes::of(&app.station, app.shown_roster());
    frame.render_widget(
        Paragraph::new(title(app)).style(Style::new().add_modifier(Modifier::BOLD)),
        g.title,
    );
    frame.render_widget(Paragraph::new(day_heads(app, &g)), g.heads);
    let body: Vec<Line> = g
        .lines
        .iter()
        .skip(g.first_line)
        .take(g.body.height as usize)
        .map(|line| match line {
            BodyLine::Unit(unit) => Line::styled(
                app.station.units[*unit].name.clone(),
                Style::new().add_modifier(Modifier::BOLD | Modifier::ITALIC),
            ),
            BodyLine::Officer(row) => officer_line(app, &g, (&calendar, &day_minutes), *row),
        })
        .collect();
    frame.render_widget(Paragraph::new(body), g.body);
    let mut bottom = vec![chief_line(app, &g)];
    bottom.extend(cover_rows(app, &g));
    frame.render_widget(Paragraph::new(bottom), g.bottom);
}

/// The header: weeks, state, the verdict (hard rules broken, counted as
/// the violations list counts them, and the soft score), the dates, the
/// filter, the station and who is at the keyboard.
fn title(app: &App) -> String {
    let period = &app.week.period;
    let (state, verdict) = match &app.solving {
        Some(progress) => ("solving", format!("best {}", progress.best)),
        None => {
            let state = if app.week.is_published() {
                "published"
            } else if app.dirty {
                "edited"
            } else {
                "draft"
            };
            let hard = app.report.hard().count();
            let verdict = if hard == 0 {
                format!("legal · soft {}", app.report.score.soft)
            } else {
                format!("{hard} hard broken · soft {}", app.report.score.soft)
            };
            (state, verdict)
        }
    };
    let weeks = if period.weeks > 1 {
        let last = period.start + chrono::Days::new(period.len_days() as u64 - 1);
        format!(
            "{} to {} ({})",
            period.label(),
            crate::model::calendar::iso_week_label(last),
            months(period)
        )
    } else {
        period.label()
    };
    let filter = match app.filter {
        None => String::new(),
        Some(RowFilter::Unit(u)) => format!(" · only {}", app.station.units[u].name),
        Some(RowFilter::Skill(k)) => format!(" · only {}", app.station.skills[k].name),
    };
    let by = if app.operator.is_empty() {
        String::new()
    } else {
        format!(" · {}", app.operator)
    };
    format!(
        "{weeks} · {state} · {verdict} · {} to {}{filter} · {}{by}",
        period.start,
        period.end(),
        app.station.name,
    )
}

/// The months a period spans, such as "Dec 2026" or "Dec 2026-Jan 2027".
fn months(period: &crate::model::Period) -> String {
    let (first, last) = (period.start, period.end());
    if (first.year(), first.month()) == (last.year(), last.month()) {
        first.format("%b %Y").to_string()
    } else if first.year() == last.year() {
        format!("{}-{}", first.format("%b"), last.format("%b %Y"))
    } else {
        format!("{}-{}", first.format("%b %Y"), last.format("%b %Y"))
    }
}

/// "Officer", then each day shown (weekends and holidays underlined,
/// holidays starred), arrows where days are hidden, then the totals head.
fn day_heads(app: &App, g: &Geometry) -> Line<'static> {
    let bold = Style::new().add_modifier(Modifier::BOLD);
    let more_left = if g.first_day > 0 { "◂" } else { "" };
    let mut spans = vec![Span::styled(
        pad(&format!("Officer {more_left}"), g.name_w),
        bold,
    )];
    for d in g.days() {
        let date = app.shown_roster().date(d);
        let holiday = app.station.holiday_on(date).is_some();
        let mut label = format!(
            "{}{}",
            &date.format("%a").to_string()[..2],
            date.format("%d")
        );
        if holiday {
            label.push('*');
        }
        let style = if is_weekend(date) || holiday {
            bold.add_modifier(Modifier::UNDERLINED)
        } else {
            bold
        };
        spans.push(Span::styled(day_cell(app, g, d, &label), style));
    }
    let more_right = if g.days().end < app.shown_roster().days {
        "▸"
    } else {
        " "
    };
    spans.push(Span::styled(format!("{more_right}{}", &TOTALS[1..]), bold));
    Line::from(spans)
}

/// An officer's skills as their short forms run together ("FC"), or
/// comma-separated when a short form is longer than one character.
pub fn skill_marks(app: &App, s: usize) -> String {
    let shorts: Vec<&str> = app.station.staff[s]
        .skills
        .iter()
        .map(|k| app.station.skills[k].short.as_str())
        .collect();
    let single = shorts.iter().all(|t| t.chars().count() == 1);
    shorts.join(if single { "" } else { "," })
}

/// The officer column: chief marker, id and name, then, when the column
/// has room, the rank's short form and the skill marks.
fn officer_label(app: &App, g: &Geometry, s: usize) -> String {
    let officer = &app.station.staff[s];
    let marker = if app.station.is_chief_eligible(s) {
        "◆"
    } else {
        " "
    };
    let left = format!("{marker}{} {}", officer.id, officer.name);
    let rank = &app.station.ranks[officer.rank].short;
    let right = format!("{} {}", fit(rank, 4), fit(&skill_marks(app, s), g.marks_w));
    let width = (g.name_w as usize).saturating_sub(1);
    let right_w = crate::text::width(&right);
    if width < NAME_BEFORE_RANK + 1 + right_w {
        return pad(&left, g.name_w);
    }
    let left_w = width - right_w - 1;
    pad(&format!("{} {right}", fit(&left, left_w)), g.name_w)
}

/// An officer's row: the officer column, a cell per day shown (`!`
/// pinned, `~` marked for a swap, `lv` on leave), hours and nights over
/// all the weeks loaded.
fn officer_line<'a>(
    app: &'a App,
    g: &Geometry,
    (calendar, day_minutes): (&LeaveCalendar, &DayMinutes),
    row: usize,
) -> Line<'a> {
    let s = app.rows[row];
    let mut spans = vec![Span::raw(officer_label(app, g, s))];
    for d in g.days() {
        let duty = app.shown_roster().get(s, d);
        let mut code = app.shown_roster().cell_code(&app.station, s, d).to_string();
        if app.shown_roster().is_pinned(s, d) {
            code.push('!');
        }
        if app.swap_mark == Some((s, d)) {
            code.push('~');
        }
        let mut style = Style::new();
        if app.color && duty.is_night(&app.station) {
            style = style.fg(Color::Blue);
        }
        if app.color && duty == Duty::Chief {
            style = style.fg(Color::Magenta);
        }
        if (row, d) == app.cursor {
            style = style.add_modifier(Modifier::REVERSED);
        }
        spans.push(Span::styled(day_cell(app, g, d, &code), style));
    }
    let (mut minutes, mut nights) = (0, 0);
    let mut week_minutes = vec![0u32; app.shown_roster().days.div_ceil(7)];
    for d in 0..app.shown_roster().days {
        let worked = day_minutes.worked(app.shown_roster(), s, d);
        minutes += worked;
        week_minutes[d / 7] += worked;
        nights += u32::from(app.shown_roster().get(s, d).is_night(&app.station));
    }
    // Over the contract's weekly maximum in any week shown: marked.
    let max = app.station.contracts[app.station.staff[s].contract].max_hours_week;
    let over = week_minutes.iter().any(|&m| f64::from(m) / 60.0 > max);
    let hours = format!(" {:>3}", minutes / 60);
    if over {
        spans.push(Span::styled(format!("{hours}!"), alert(app.color)));
    } else {
        spans.push(Span::raw(format!("{hours} ")));
    }
    spans.push(off_target_span(app, (calendar, day_minutes), s));
    spans.push(Span::raw(format!("{nights:>2}")));
    Line::from(spans)
}

/// Hours above or below the target over the weeks shown, to the nearest
/// hour, then `*` (bold, yellow) when any of those weeks lies outside the
/// contract's target band: the weeks `wks off` counts, so that a +4 made
/// of 4.6 hours, or a 0 made of 48 h and 32 h, does not read as on target.
fn off_target_span(
    app: &App,
    (calendar, day_minutes): (&LeaveCalendar, &DayMinutes),
    s: usize,
) -> Span<'static> {
    let roster = app.shown_roster();
    let contract = &app.station.contracts[app.station.staff[s].contract];
    let weeks: Vec<i64> = (0..roster.days / 7)
        .map(|w| week_off_target(&app.station, calendar, day_minutes, roster, s, w))
        .collect();
    // Four weeks can be 160 h short: four cells, never clamped to a
    // figure that is not the officer's.
    let hours = (weeks.iter().sum::<i64>() as f64 / 60.0).round() as i64;
    let hours = hours.clamp(-999, 999);
    if weeks.iter().any(|&m| outside_target_band(contract, m)) {
        let mut style = Style::new().add_modifier(Modifier::BOLD);
        if app.color {
            style = style.fg(Color::Yellow);
        }
        Span::styled(format!("{hours:>+4}*"), style)
    } else {
        Span::raw(format!("{hours:>+4} "))
    }
}

/// Who keeps the chief watch each day; `??` (alert) when nobody or
/// several do.
fn chief_line(app: &App, g: &Geometry) -> Line<'static> {
    let mut spans = vec![Span::styled(
        pad("Chief on duty", g.name_w),
        Style::new().add_modifier(Modifier::BOLD),
    )];
    for d in g.days() {
        spans.push(match app.shown_roster().chief_on(d) {
            Some(s) => Span::raw(day_cell(app, g, d, &app.station.staff[s].id)),
            None => Span::styled(day_cell(app, g, d, "??"), alert(app.color)),
        });
    }
    Line::from(spans)
}

/// A day's column: `text` in the column's width, its last cell a week
/// separator (`│`) after a Sunday when more days follow on screen.
fn day_cell(app: &App, g: &Geometry, d: usize, text: &str) -> String {
    let mut cell = pad(text, g.day_w);
    let sunday = app.shown_roster().date(d).weekday() == chrono::Weekday::Sun;
    if sunday && d + 1 < g.days().end {
        cell.pop();
        cell.push('│');
    }
    cell
}

/// Officer rows the grid keeps before it folds the cover rows.
const MIN_OFFICER_ROWS: u16 = 12;

/// The shifts some cover rule counts, in order: the folded cover rows.
fn folded_shifts(app: &App) -> Vec<usize> {
    let mut shifts: Vec<usize> = cover_lines(&app.station).iter().map(|l| l.shift).collect();
    shifts.dedup();
    shifts
}

/// The cover rows: per shift and unit the rules count (folded to one row
/// per shift on a short terminal), officers on it against the minimum
/// each day, from the model's one cover status; a shortfall of a unit or
/// of a skill it needs is marked `!` and in the alert style.
fn cover_rows(app: &App, g: &Geometry) -> Vec<Line<'static>> {
    let roster = app.shown_roster();
    let lines = cover_lines(&app.station);
    let per_day: Vec<_> = g
        .days()
        .map(|d| day_cover(&app.station, roster, d))
        .collect();
    let rows: Vec<(String, Vec<LineStatus>)> = if g.fold_cover {
        folded_shifts(app)
            .into_iter()
            .map(|sh| {
                let label = app.station.shifts[sh].code.clone();
                let cells = per_day.iter().map(|day| shift_total(day, sh)).collect();
                (label, cells)
            })
            .collect()
    } else {
        lines
            .iter()
            .enumerate()
            .map(|(i, line)| {
                (
                    line.label(&app.station),
                    per_day.iter().map(|day| day[i].1).collect(),
                )
            })
            .collect()
    };
    rows.into_iter()
        .map(|(label, cells)| {
            let mut spans = vec![Span::raw(pad(&format!("{label} have/min"), g.name_w))];
            for (status, d) in cells.into_iter().zip(g.days()) {
                let style = if status.short {
                    alert(app.color)
                } else {
                    Style::new()
                };
                spans.push(Span::styled(day_cell(app, g, d, &status.text()), style));
            }
            Line::from(spans)
        })
        .collect()
}
