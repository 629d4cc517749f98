//! The roster for a plain printer: one week per page (continued on further
//! pages when the officers do not fit), 132 columns for A4 landscape and
//! still readable at 80. Each page carries the station, the period, a page
//! number; each week ends with the legend and the signature lines, as
//! rosters are signed before they are posted.
//!
//! ```text
//! Riverside Road Police Station        Duty roster 2026-W49 ...   Page 1 of 4
//! Officer                  Rank      Mo 30 Tu 01 ... Hours  ±tgt
//! -- Station duty
//! ST01 Wang Wei           chief_in  E     L     ...   40.0 +0.0
//! ST02 Li Na              inspecto  N     N     ...   48.0 +8.0*
//! Chief officer on duty              ST01  PA02  ...
//! ```

use std::io::{self, Write};

use textwrap::Options;

use super::sheet::{LegendEntry, OfficerRow, WeekSheet, legend, weeks};
use crate::model::{Roster, Station};
use crate::solver::Report;
use crate::text::{column, fit, width as width_of};

/// Lines of officers per page before a week continues on the next page.
const ROWS_PER_PAGE: usize = 40;

/// Writes the printable text, pages separated by form feeds.
pub fn write_text(
    station: &Station,
    roster: &Roster,
    report: &Report,
    only: Option<usize>,
    width: usize,
    out: &mut dyn Write,
) -> io::Result<()> {
    let width = width.max(80);
    let sheets = weeks(station, roster, report, only);
    let legend = legend(station);
    let pages: Vec<(usize, Vec<PageBlock>)> = sheets
        .iter()
        .enumerate()
        .flat_map(|(w, sheet)| paginate(sheet).into_iter().map(move |blocks| (w, blocks)))
        .collect();
    let total = pages.len();
    for (n, (w, blocks)) in pages.iter().enumerate() {
        if n > 0 {
            write!(out, "\x0c")?;
        }
        let sheet = &sheets[*w];
        let last_of_week = pages.get(n + 1).is_none_or(|(next, _)| next != w);
        write_page(
            station,
            sheet,
            blocks,
            last_of_week,
            &legend,
            width,
            n + 1,
            total,
            out,
        )?;
    }
    Ok(())
}

/// A unit heading or an officer row.
#[derive(Debug, Clone)]
enum PageBlock {
    Unit(String),
    Officer(OfficerRow),
}

fn paginate(sheet: &WeekSheet) -> Vec<Vec<PageBlock>> {
    let mut pages = vec![Vec::new()];
    let mut rows = 0;
    for unit in &sheet.units {
        for (i, row) in unit.rows.iter().enumerate() {
            if rows == ROWS_PER_PAGE {
                pages.push(Vec::new());
                rows = 0;
            }
            let page = pages.last_mut().expect("one page");
            if i == 0 || page.is_empty() {
                let suffix = if i == 0 { "" } else { " (continued)" };
                page.push(PageBlock::Unit(format!("{}{suffix}", unit.name)));
            }
            page.push(PageBlock::Officer(row.clone()));
            rows += 1;
        }
    }
    pages
}

#[allow(clippy::too_many_arguments)]
fn write_page(
    station: &Station,
    sheet: &WeekSheet,
    blocks: &[PageBlock],
    last_of_week: bool,
    legend: &[LegendEntry],
    width: usize,
    page: usize,
    pages: usize,
    out: &mut dyn Write,
) -> io::Result<()> {
    let wide = width >= 120;
    // At 80 columns the name gives one column to the off-band mark.
    let (name_w, rank_w, cell_w) = if wide { (28, 16, 9) } else { (19, 7, 6) };
    let right = format!("Page {page} of {pages}");
    let gap = width
        .saturating_sub(width_of(&station.name) + right.len())
        .max(2);
    writeln!(out, "{}{}{right}", station.name, " ".repeat(gap))?;
    writeln!(
        out,
        "Duty roster {}, {} to {}",
        sheet.label, sheet.from, sheet.to
    )?;
    write_wrapped(out, &sheet.verdict.headline, Options::new(width))?;
    writeln!(out, "{}", "=".repeat(width))?;
    write!(out, "{:<name_w$}{:<rank_w$}", "Officer", "Rank")?;
    for day in &sheet.days {
        let mark = if day.holiday.is_some() { "*" } else { "" };
        write!(out, "{:<cell_w$}", format!("{}{mark}", day.label))?;
    }
    writeln!(out, "{:>5} {:>5}", "Hours", "±tgt")?;
    writeln!(out, "{}", "-".repeat(width))?;
    for block in blocks {
        match block {
            PageBlock::Unit(name) => writeln!(out, "-- {name}")?,
            PageBlock::Officer(row) => {
                let label = format!("{} {}", row.id, row.name);
                write!(
                    out,
                    "{}{}",
                    column(&label, name_w),
                    column(&row.rank, rank_w)
                )?;
                for cell in &row.cells {
                    write!(out, "{}", column(cell, cell_w))?;
                }
                let mark = if row.off_band { "*" } else { "" };
                writeln!(out, "{:>5} {:>5}{mark}", row.hours, row.off_target)?;
            }
        }
    }
    writeln!(out, "{}", "-".repeat(width))?;
    write!(out, "{:<w$}", "Chief officer on duty", w = name_w + rank_w)?;
    for chief in &sheet.chief {
        write!(out, "{}", column(chief, cell_w))?;
    }
    writeln!(out)?;
    for row in &sheet.cover {
        let label = format!("Cover {} (have/min)", row.shift);
        write!(out, "{}", column(&label, name_w + rank_w))?;
        for cell in &row.cells {
            let text = if cell.short {
                format!("{}!", cell.text)
            } else {
                cell.text.clone()
            };
            write!(out, "{}", column(&text, cell_w))?;
        }
        writeln!(out)?;
    }
    if !last_of_week {
        return writeln!(out, "(continued on the next page)");
    }
    writeln!(out)?;
    if !sheet.verdict.hard.is_empty() {
        writeln!(out, "Hard rules broken this week:")?;
        let indented = Options::new(width)
            .initial_indent("  ")
            .subsequent_indent("      ");
        for line in &sheet.verdict.hard {
            write_wrapped(out, line, indented.clone())?;
        }
        writeln!(out)?;
    }
    let holidays: Vec<String> = sheet
        .days
        .iter()
        .filter_map(|d| d.holiday.as_ref().map(|h| format!("{} {h}", d.label)))
        .collect();
    if !holidays.is_empty() {
        writeln!(out, "* Public holiday: {}", holidays.join("; "))?;
    }
    if sheet.units.iter().flat_map(|u| &u.rows).any(|r| r.off_band) {
        writeln!(
            out,
            "±tgt* = hours outside the contract's target band this week"
        )?;
    }
    writeln!(out, "Legend (local times, {}):", station.timezone)?;
    // Each entry is 42 columns: three fit in 132, one in 80 with room.
    let per_line = if wide { 3 } else { 1 };
    for chunk in legend.chunks(per_line) {
        let items: Vec<String> = chunk
            .iter()
            .map(|e| {
                format!(
                    "{} {} {}",
                    fit(&e.code, 4),
                    fit(&e.name, 20),
                    fit(&e.times, 16)
                )
            })
            .collect();
        writeln!(out, "  {}", items.join("  ").trim_end())?;
    }
    writeln!(
        out,
        "! = below minimum cover (of the unit, or of a skill it needs)"
    )?;
    writeln!(out)?;
    let line = "_".repeat(if wide { 30 } else { 22 });
    writeln!(out, "Prepared by: {line}  Date: __________")?;
    writeln!(out)?;
    writeln!(out, "Approved by: {line}  Date: __________")
}

/// Writes `text` in lines of at most the page's width, broken between
/// words: a printer at 80 columns would otherwise cut the verdict or a
/// broken rule mid-word, or lose its end.
fn write_wrapped(out: &mut dyn Write, text: &str, options: Options) -> io::Result<()> {
    for line in textwrap::wrap(text, options) {
        writeln!(out, "{line}")?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Duty, Ledger};
    use crate::text::width;
    use chrono::NaiveDate;

    /// 2026-W49 with ST05 on a night then five earlies (48 h, 8 over, no
    /// rest after the night) and ST06 on five earlies (40 h), everyone else
    /// off: a roster far from legal.
    fn printed(width: usize) -> String {
        let station = crate::sample::station_without_leave();
        let start = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
        let mut roster = Roster::new(start, 7, station.staff.len());
        let early = Duty::Shift(station.shift_index("E").unwrap());
        let (over, on) = (
            station.staff_index("ST05").unwrap(),
            station.staff_index("ST06").unwrap(),
        );
        roster.set(over, 0, Duty::Shift(station.shift_index("N").unwrap()));
        for d in 1..6 {
            roster.set(over, d, early);
        }
        for d in 0..5 {
            roster.set(on, d, early);
        }
        let report = crate::solver::check::check(&station, &roster, &Ledger::default());
        let mut out = Vec::new();
        write_text(&station, &roster, &report, None, width, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    fn row<'a>(paper: &'a str, id: &str) -> &'a str {
        paper
            .lines()
            .find(|l| l.starts_with(id))
            .unwrap_or_else(|| panic!("no row for {id}:\n{paper}"))
    }

    #[test]
    fn a_week_outside_the_target_band_is_marked_and_explained() {
        for cells in [80, 132] {
            let paper = printed(cells);
            assert!(row(&paper, "ST05").ends_with("48.0  +8.0*"), "{paper}");
            assert!(row(&paper, "ST06").ends_with("40.0  +0.0"), "{paper}");
            assert!(
                paper.contains("±tgt* = hours outside the contract's target band"),
                "{paper}"
            );
        }
    }

    #[test]
    fn long_verdicts_and_broken_rules_wrap_to_the_page() {
        for cells in [80, 132] {
            let paper = printed(cells);
            let widest = paper
                .lines()
                .map(|l| width(l.trim_start_matches('\x0c')))
                .max()
                .unwrap();
            assert!(widest <= cells, "{widest} cells at {cells}:\n{paper}");
            assert!(paper.contains("Verdict: NOT LEGAL"), "{paper}");
            // The rest rule's line is longer than 80: at 80 it continues
            // indented under its first line.
            let rules = paper.split("Hard rules broken this week:").nth(1).unwrap();
            let rest = rules.lines().position(|l| l.starts_with("  [min_rest]"));
            let next = rules.lines().nth(rest.unwrap() + 1).unwrap();
            assert_eq!(next.starts_with("      "), cells == 80, "{rules}");
        }
    }
}
