//! A roster laid out for printing, week by week: what both the text and the
//! HTML printers show, computed once so they cannot disagree.

use serde::Serialize;

use crate::model::cover::{cover_lines, day_cover};
use crate::model::standing::{outside_target_band, week_target_minutes};
use crate::model::{DayMinutes, LeaveCalendar, Roster, Station};
use crate::solver::Report;

/// One printed week.
#[derive(Debug, Clone, Serialize)]
pub struct WeekSheet {
    /// ISO week label, such as `2026-W49`.
    pub label: String,
    /// First and last day, `YYYY-MM-DD`.
    pub from: String,
    /// Last day.
    pub to: String,
    /// Column heads.
    pub days: Vec<DayHead>,
    /// Officers grouped by unit.
    pub units: Vec<UnitRows>,
    /// The chief officer on duty each day (`??` when none or several).
    pub chief: Vec<String>,
    /// Head count against minimum per shift, unit and day.
    pub cover: Vec<CoverRow>,
    /// The roster's verdict, as printed on this week's pages.
    pub verdict: VerdictLines,
}

/// The verdict of the roster printed: a roster that breaks hard rules
/// says so on paper, on every page, and lists what it breaks.
#[derive(Debug, Clone, Serialize)]
pub struct VerdictLines {
    /// No hard rule broken anywhere in the roster printed.
    pub legal: bool,
    /// One line for the head of every page.
    pub headline: String,
    /// The hard violations touching this week, explained.
    pub hard: Vec<String>,
}

/// A day's column head.
#[derive(Debug, Clone, Serialize)]
pub struct DayHead {
    /// Such as `Mo 30`.
    pub label: String,
    /// Saturday or Sunday.
    pub weekend: bool,
    /// The holiday's name, if a public holiday.
    pub holiday: Option<String>,
}

/// The officers of one unit.
#[derive(Debug, Clone, Serialize)]
pub struct UnitRows {
    /// Unit name.
    pub name: String,
    /// One row per officer.
    pub rows: Vec<OfficerRow>,
}

/// One officer's week.
#[derive(Debug, Clone, Serialize)]
pub struct OfficerRow {
    /// Officer id.
    pub id: String,
    /// Officer name.
    pub name: String,
    /// Rank code.
    pub rank: String,
    /// One code per day: shift code, `CHF`, `lv` (leave) or `-`.
    pub cells: Vec<String>,
    /// Contract hours that week.
    pub hours: String,
    /// Hours above (+) or below (-) the contract's target that week, leave
    /// taken into account.
    pub off_target: String,
    /// The week lies outside the contract's `target_band_hours`, the week
    /// `duty fairness` counts as off target: marked, so that +4.6 h is not
    /// read as near target on paper any more than in the editor.
    pub off_band: bool,
}

/// Head count of one shift (and unit) over the week.
#[derive(Debug, Clone, Serialize)]
pub struct CoverRow {
    /// Shift code, and the unit's short form when the rules count a unit.
    pub shift: String,
    /// Per day: `have/min`, and whether it is short.
    pub cells: Vec<CoverCell>,
}

/// Head count of one shift on one day.
#[derive(Debug, Clone, Serialize)]
pub struct CoverCell {
    /// Such as `3/4`.
    pub text: String,
    /// Below the minimum.
    pub short: bool,
}

/// A shift code with its times, for the legend.
#[derive(Debug, Clone, Serialize)]
pub struct LegendEntry {
    /// Code.
    pub code: String,
    /// Name.
    pub name: String,
    /// Such as `22:00-06:00 (+1)`.
    pub times: String,
}

/// Lays out every whole week of the roster; with `only`, the officer rows
/// are that officer's alone (the chief and cover rows stay whole).
pub fn weeks(
    station: &Station,
    roster: &Roster,
    report: &Report,
    only: Option<usize>,
) -> Vec<WeekSheet> {
    (0..roster.days / 7)
        .map(|w| week(station, roster, report, w * 7, only))
        .collect()
}

/// The verdict lines of week starting at day `first`.
fn verdict(roster: &Roster, report: &Report, first: usize) -> VerdictLines {
    let hard_total = report.hard().count();
    let (from, to) = (roster.date(first), roster.date(first + 6));
    let hard = report
        .hard()
        .filter(|v| v.days.iter().any(|d| (from..=to).contains(d)))
        .map(|v| format!("[{}] {}", v.constraint, v.message))
        .collect();
    let headline = if hard_total == 0 {
        format!("Verdict: no hard rule broken (score {})", report.score)
    } else {
        format!(
            "Verdict: NOT LEGAL, {} broken (score {}); do not post without the listed rules put right",
            crate::text::count(hard_total, "hard rule"),
            report.score
        )
    };
    VerdictLines {
        legal: hard_total == 0,
        headline,
        hard,
    }
}

fn week(
    station: &Station,
    roster: &Roster,
    report: &Report,
    first: usize,
    only: Option<usize>,
) -> WeekSheet {
    let days: Vec<usize> = (first..first + 7).collect();
    let heads = days
        .iter()
        .map(|&d| {
            let date = roster.date(d);
            DayHead {
                label: format!(
                    "{} {}",
                    &date.format("%a").to_string()[..2],
                    date.format("%d")
                ),
                weekend: crate::model::calendar::is_weekend(date),
                holiday: station.holiday_on(date).map(|h| h.name.clone()),
            }
        })
        .collect();
    let (calendar, day_minutes) = (station.leave_calendar(), DayMinutes::of(station, roster));
    let units = station
        .units
        .iter()
        .enumerate()
        .map(|(u, unit)| UnitRows {
            name: unit.name.clone(),
            rows: (0..roster.staff)
                .filter(|&s| station.staff[s].unit == u && only.is_none_or(|o| o == s))
                .map(|s| officer_row(station, (&calendar, &day_minutes), roster, s, &days))
                .collect(),
        })
        .filter(|unit: &UnitRows| !unit.rows.is_empty())
        .collect();
    let chief = days
        .iter()
        .map(|&d| {
            roster
                .chief_on(d)
                .map_or("??".to_string(), |s| station.staff[s].id.clone())
        })
        .collect();
    let per_day: Vec<_> = days
        .iter()
        .map(|&d| day_cover(station, roster, d))
        .collect();
    let cover = cover_lines(station)
        .into_iter()
        .enumerate()
        .map(|(i, line)| CoverRow {
            shift: line.label(station),
            cells: per_day
                .iter()
                .map(|day| {
                    let status = day[i].1;
                    CoverCell {
                        text: format!("{}/{}", status.have, status.min),
                        short: status.short,
                    }
                })
                .collect(),
        })
        .collect();
    WeekSheet {
        label: crate::model::calendar::iso_week_label(roster.date(first)),
        from: roster.date(first).to_string(),
        to: roster.date(first + 6).to_string(),
        days: heads,
        units,
        chief,
        cover,
        verdict: verdict(roster, report, first),
    }
}

fn officer_row(
    station: &Station,
    (calendar, day_minutes): (&LeaveCalendar, &DayMinutes),
    roster: &Roster,
    s: usize,
    days: &[usize],
) -> OfficerRow {
    let officer = &station.staff[s];
    let minutes: u32 = days.iter().map(|&d| day_minutes.worked(roster, s, d)).sum();
    let target = week_target_minutes(station, calendar, s, days.iter().map(|&d| roster.date(d)));
    let off = i64::from(minutes) - target;
    let contract = &station.contracts[officer.contract];
    OfficerRow {
        id: officer.id.clone(),
        name: officer.name.clone(),
        rank: station.ranks[officer.rank].code.clone(),
        cells: days
            .iter()
            .map(|&d| roster.cell_code(station, s, d).to_string())
            .collect(),
        hours: format!("{:.1}", f64::from(minutes) / 60.0),
        off_target: format!("{:+.1}", off as f64 / 60.0),
        off_band: outside_target_band(contract, off),
    }
}

/// Every shift with its local times, and the chief watch.
pub fn legend(station: &Station) -> Vec<LegendEntry> {
    let mut entries: Vec<LegendEntry> = station
        .shifts
        .iter()
        .map(|s| LegendEntry {
            code: s.code.clone(),
            name: s.name.clone(),
            times: format!(
                "{}-{}{}",
                s.start.format("%H:%M"),
                s.end_clock(),
                if s.crosses_midnight() { " (+1)" } else { "" }
            ),
        })
        .collect();
    let watch = &station.chief_watch;
    entries.push(LegendEntry {
        code: "CHF".to_string(),
        name: "Chief officer on duty".to_string(),
        times: format!(
            "{} for {} h",
            watch.start.format("%H:%M"),
            watch.length_minutes / 60
        ),
    });
    entries.push(LegendEntry {
        code: "lv".to_string(),
        name: "On leave".to_string(),
        times: String::new(),
    });
    if !station.cross_training.is_empty() {
        entries.push(LegendEntry {
            code: crate::model::roster::CROSS_TRAINING_MARK.to_string(),
            name: "Cross-training".to_string(),
            times: "not in cover".to_string(),
        });
    }
    entries
}
