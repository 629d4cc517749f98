//! Fairness charts: per officer of one unit, nights, weekend days, holiday
//! days and chief watches, counting the published history and the weeks on
//! screen; each bar scaled to the unit's largest count, so a spread shows
//! at a glance. Then duty points, points per FTE and how far that is from
//! the unit's mean (`model::standing`, as `duty fairness` computes them),
//! the weekends worked, on one day or both (`max_weekends` counts them: a
//! Saturday night alone is one weekend day and a whole weekend, so weekend
//! days alone can call the officer who gave most weekends the one behind),
//! the whole weeks outside the contract's target band (an average hides
//! 48 h one week and 32 h the next), and each trainee's cross-training
//! shifts done against due in the window of the last week shown, the edits
//! on screen included (`*` when behind the share owed so far, as `duty
//! fairness` counts it); last, the share of the weeks counted that the
//! officer was there for, which points per FTE are measured against (a
//! newcomer's few points are not a debt). Under the table, each group of
//! peers' spread per category, the measure the solver evens (a bar shows
//! a spread; the figure says whether it is as even as whole duties
//! allow). h and l change the unit.
//!
//! ```text
//! +- Fairness: Patrol (history + these weeks; h/l unit) -------------------------------------------------------+
//! |officer           nights   w/e days holidays chief     points pts/FTE vs unit  w/ends wks off x-train present |
//! |PA01 Ma Jun       12 █████  8 ███    1 █      3 ██        30    30.0     +3%       5     2/8     1/1    100% |
//! +------------------------------------------------------------------------------------------------------------+
//! ```

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::Line;

use super::scrolling_popup;
use crate::model::fairness::weekend_cycle_note;
use crate::model::standing::{self, Standing, WeeksOffTarget};
use crate::tui::app::App;

/// Width of the officer column.
const NAME_WIDTH: usize = 18;
/// Width of one category's column: count, space, bar.
const COLUMN_WIDTH: usize = 9;
/// Longest bar.
const BAR_WIDTH: usize = 5;
/// Width of the weekends worked column.
const WEEKENDS_WIDTH: usize = 7;
/// Width of the weeks off target column ("off/weeks").
const WEEKS_OFF_WIDTH: usize = 8;
/// Widths of the points, points per FTE and "vs unit" columns.
const POINTS_WIDTH: usize = 7;
const PER_FTE_WIDTH: usize = 8;
const VS_UNIT_WIDTH: usize = 9;
/// Width of the cross-training column ("done/due").
const TRAINING_WIDTH: usize = 8;
/// Width of the time present column ("100%"), last: on a narrow screen
/// columns go whole from the right, this one first.
const PRESENT_WIDTH: usize = 8;
/// The columns after the four charts, in order.
const TAIL: [&str; 7] = [
    "points", "pts/FTE", "vs unit", "w/ends", "wks off", "x-train", "present",
];
/// Their widths, in the same order.
const TAIL_WIDTHS: [usize; 7] = [
    POINTS_WIDTH,
    PER_FTE_WIDTH,
    VS_UNIT_WIDTH,
    WEEKENDS_WIDTH,
    WEEKS_OFF_WIDTH,
    TRAINING_WIDTH,
    PRESENT_WIDTH,
];
/// What "w/ends" counts, what "vs unit" leaves out and what "spread"
/// measures, under the table.
const NOTES: [&str; 4] = [
    "w/ends: weekends worked, on one day or both, as max_weekends counts them",
    "vs unit: the unit's own duties; chief watches are shared, compare their column",
    "x-train: shifts done of due this window; * behind the share owed so far",
    "spread: most to fewest duties, set against the weeks each was there; * over 1",
];
/// Widest the box gets: the officer, the four charts and every tail
/// column, so a column added to [`TAIL_WIDTHS`] widens it too.
const MAX_WIDTH: u16 = 2 + (NAME_WIDTH + 4 * COLUMN_WIDTH + tail_width()) as u16;

/// The width of all the tail columns together.
const fn tail_width() -> usize {
    let mut sum = 0;
    let mut i = 0;
    while i < TAIL_WIDTHS.len() {
        sum += TAIL_WIDTHS[i];
        i += 1;
    }
    sum
}

/// Every officer's standing over the history and the weeks on screen,
/// in staff order: what the charts and the spreads are read from.
fn all_standings(app: &App) -> Vec<Standing> {
    let mut ledger = app.week.ledger.clone();
    ledger.add_roster(&app.station, &app.roster);
    standing::standings(&app.station, &ledger)
}

/// Each officer of `unit` in the order of the grid, with their standing
/// and points per FTE against the unit's mean.
fn standings(app: &App, unit: usize, all: &[Standing]) -> Vec<(Standing, Option<f64>)> {
    let vs_unit = standing::points_vs_unit(&app.station, all);
    app.rows
        .iter()
        .filter(|&&s| app.station.staff[s].unit == unit)
        .map(|&s| (all[s].clone(), vs_unit[s]))
        .collect()
}

/// One trainee's cross-training over every rule they train under.
#[derive(Debug, Clone, Copy, Default)]
struct Training {
    done: u32,
    due: u32,
    /// Shifts short of the share owed so far ([`standing::TrainingProgress::behind`]):
    /// a new station's first week owes less than the whole window's due,
    /// so "0/1" there is on pace, as `duty fairness` says.
    behind: u32,
}

impl Training {
    /// "done/due", marked `*` when behind what is owed so far.
    fn label(self) -> String {
        let mark = if self.behind > 0 { "*" } else { "" };
        format!("{}/{}{mark}", self.done, self.due)
    }
}

/// Per officer (staff order): cross-training shifts done and due in the
/// window of the last week shown, over every rule they train under;
/// `None` for officers who do not cross-train.
fn training(app: &App) -> Vec<Option<Training>> {
    let progress = standing::training_progress_edited(
        &app.station,
        &app.week.training,
        &app.roster,
        app.week.period.end(),
    );
    let mut per_officer = vec![None; app.station.staff.len()];
    for t in progress {
        let sum = per_officer[t.staff].get_or_insert_with(Training::default);
        sum.done += t.done;
        sum.due += t.due;
        sum.behind += t.behind();
    }
    per_officer
}

/// The columns of a line that fit in `cells`, whole: a narrow screen drops
/// columns from the right rather than cutting through one, which left a
/// header's first letter with no figures under it.
fn fitting(columns: &[String], cells: usize) -> String {
    let mut line = String::new();
    let mut used = 0;
    for (i, column) in columns.iter().enumerate() {
        let width = crate::text::width(column);
        if i > 0 && used + width > cells {
            break;
        }
        line.push_str(column);
        used += width;
    }
    line
}

/// Lines of the chart of `unit`: a head, one per officer, the spreads,
/// the notes.
pub fn rows(app: &App, unit: usize) -> usize {
    let officers = app.station.staff.iter().filter(|o| o.unit == unit).count();
    1 + officers + spread_lines(app, unit, &all_standings(app)).len() + NOTES.len()
}

/// One line per group of peers with an officer of `unit` (its contracts,
/// and the chief-eligible): how far apart they are in each category, as
/// `duty fairness` and the solver measure it, `*` past one duty.
fn spread_lines(app: &App, unit: usize, all: &[Standing]) -> Vec<String> {
    let mut lines: Vec<(String, Vec<String>)> = Vec::new();
    for p in standing::peer_spreads(&app.station, all) {
        if !p
            .officers
            .iter()
            .any(|&s| app.station.staff[s].unit == unit)
        {
            continue;
        }
        let mark = if p.within_one() { "" } else { "*" };
        let figure = format!(
            "{} {:.2}{mark}",
            p.category.name().replace('_', " "),
            p.in_duties
        );
        match lines.iter_mut().find(|(label, _)| *label == p.label) {
            Some((_, figures)) => figures.push(figure),
            None => lines.push((p.label, vec![figure])),
        }
    }
    let mut out: Vec<String> = lines
        .into_iter()
        .map(|(label, figures)| format!("spread, {label}: {}", figures.join(", ")))
        .collect();
    // As `duty fairness` says it: mid-cycle, weekend days may read apart.
    if let Some(cycle) = app.week.context.weekend_cycle {
        let shown = app.week.period.end();
        out.push(weekend_cycle_note(cycle, shown));
    }
    out
}

/// The box's width and height on a screen.
pub fn size(area: Rect) -> (u16, u16) {
    (area.width.min(MAX_WIDTH), area.height.saturating_sub(2))
}

/// Draws the charts for `unit` over `area`, from officer line `first`.
pub fn render(app: &App, frame: &mut Frame, area: Rect, unit: usize, first: usize) {
    let all = all_standings(app);
    let rows = standings(app, unit, &all);
    let mut most = [1u32; 4];
    for (o, _) in &rows {
        for (m, &n) in most.iter_mut().zip(&o.counts) {
            *m = (*m).max(n);
        }
    }
    let inner = usize::from(size(area).0.saturating_sub(2));
    let mut head = vec![format!("{:<NAME_WIDTH$}", "officer")];
    for name in ["nights", "w/e days", "holidays", "chief"] {
        head.push(format!("{name:<COLUMN_WIDTH$}"));
    }
    for (name, width) in TAIL.iter().zip(TAIL_WIDTHS) {
        head.push(format!("{name:>width$}"));
    }
    let training = training(app);
    let weeks_off = app
        .week
        .weeks_off_target
        .plus(&WeeksOffTarget::of(&app.station, &app.roster));
    let mut items = vec![Line::styled(
        fitting(&head, inner),
        Style::new().add_modifier(Modifier::BOLD),
    )];
    for (o, vs_unit) in rows {
        let officer = &app.station.staff[o.staff];
        let mut cols = vec![super::pad(
            &format!("{} {}", officer.id, officer.name),
            NAME_WIDTH as u16,
        )];
        for (n, m) in o.counts.iter().zip(most) {
            let bar = "█".repeat((*n as usize * BAR_WIDTH).div_ceil(m as usize));
            cols.push(format!("{n:>2} {bar:<w$}", w = COLUMN_WIDTH - 3));
        }
        let tail = [
            o.points.to_string(),
            format!("{:.1}", o.points_per_fte()),
            vs_unit.map_or("-".to_string(), |v| format!("{:+.0}%", v * 100.0)),
            o.weekends.to_string(),
            weeks_off.label(o.staff),
            training[o.staff].map_or("-".to_string(), Training::label),
            format!("{:.0}%", o.present * 100.0),
        ];
        for (value, width) in tail.iter().zip(TAIL_WIDTHS) {
            cols.push(format!("{value:>width$}"));
        }
        items.push(Line::raw(fitting(&cols, inner)));
    }
    for line in spread_lines(app, unit, &all) {
        items.push(Line::raw(crate::text::fit(&line, inner)));
    }
    // Points count chief watches but "vs unit" does not: without this
    // line, 8 points at +7% beside 6 points at -47% reads as a mistake.
    for note in NOTES {
        items.push(Line::styled(
            crate::text::fit(note, inner),
            Style::new().add_modifier(Modifier::DIM),
        ));
    }
    let title = format!(
        " Fairness: {} (history + these weeks; h/l unit, Esc closes) ",
        app.station.units[unit].name
    );
    scrolling_popup(frame, area, &title, items, size(area), first);
}
