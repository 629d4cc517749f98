//! The record of the weeks shown, as `duty history` gives it: each roster
//! saved for them (who saved it, how it was made, its verdict now), every
//! change with who made it and why, every absence recorded. What a duty
//! manager asks before touching a week someone else changed.
//!
//! ```text
//! +- History of 2026-W49 (Esc closes) ---------------------------------+
//! |Rosters:                                                            |
//! |  #1    2026-11-30 to 2026-12-06  published hard 0 soft 7750  ...   |
//! |        in force now: NOT LEGAL, breaks 1 hard rule since it was ...|
//! |Changes:                                                            |
//! |  2026-12-03 09:12 CST absent  Huang Jing (ST08) 2026-12-03: E -> … |
//! |Absences recorded:                                                  |
//! +--------------------------------------------------- 1-6/9 · j k ... +
//! ```

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;

use super::scrolling_popup;
use crate::model::calendar::iso_week_label;
use crate::tui::app::App;

/// Columns and rows left around the box.
const MARGIN: u16 = 4;

/// The box's width and height on a screen.
pub fn size(area: Rect) -> (u16, u16) {
    (
        area.width.saturating_sub(MARGIN),
        area.height.saturating_sub(MARGIN),
    )
}

/// The record's lines wrapped to the box on a screen of `area`, each
/// continued under its own text, so that nothing is cut off (a roster's
/// line names who saved it, how it was made and who published it).
pub fn lines(app: &App, area: Rect) -> Vec<String> {
    let cells = usize::from(size(area).0.saturating_sub(2)).max(1);
    let mut out = Vec::new();
    for line in &app.history_lines {
        let line = crate::text::for_terminal(line).replace('\n', "\u{FFFD}");
        let indent = " ".repeat(line.len() - line.trim_start().len() + 2);
        let options = textwrap::Options::new(cells)
            .subsequent_indent(&indent)
            .word_splitter(textwrap::WordSplitter::NoHyphenation);
        out.extend(
            textwrap::wrap(&line, options)
                .into_iter()
                .map(|l| l.into_owned()),
        );
    }
    out
}

/// Draws the screen over `area` from line `first`.
pub fn render(app: &App, frame: &mut Frame, area: Rect, first: usize) {
    let period = app.week.period;
    let weeks = if period.weeks > 1 {
        format!("{} +{}", iso_week_label(period.start), period.weeks - 1)
    } else {
        iso_week_label(period.start)
    };
    let items: Vec<Line> = lines(app, area).into_iter().map(Line::raw).collect();
    scrolling_popup(
        frame,
        area,
        &format!(" History of {weeks} (Esc closes) "),
        items,
        size(area),
        first,
    );
}
