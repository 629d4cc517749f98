//! The fairness report for people (a table per unit, shares by contract,
//! cross-training behind) and for programs (JSON with its own serde
//! types). It renders `app::FairnessReport` and computes nothing itself.
//!
//! ```text
//! officer                nights weekend w/ends holiday chief duties h/week ±target wks off points present pts/FTE vs unit night%
//! -- Patrol
//! PA01 Ma Jun                 4       6      3       0     0     40   40.0    +0.0     1/8     14    100%    14.0     +3%    10%
//! ```

use std::io::{self, Write};

use serde::Serialize;

use crate::model::fairness::weekend_cycle_note;
use crate::model::standing::FairnessReport;
use crate::model::{Category, Station};
use crate::text::{column, fit_right, for_terminal};

/// Width of the officer column.
const NAME: usize = 24;

fn percent(x: Option<f64>) -> String {
    x.map_or("-".to_string(), |v| format!("{:.0}%", v * 100.0))
}

fn signed_percent(x: Option<f64>) -> String {
    x.map_or("-".to_string(), |v| format!("{:+.0}%", v * 100.0))
}

/// The report as text tables, every name made safe for a terminal and
/// measured in display cells.
pub fn write_fairness_text(
    station: &Station,
    report: &FairnessReport,
    out: &mut dyn Write,
) -> io::Result<()> {
    let right = |text: &str, cells: usize| fit_right(text, cells);
    let head = [
        ("nights", 7),
        ("weekend", 8),
        ("w/ends", 7),
        ("holiday", 8),
        ("chief", 6),
        ("duties", 7),
        ("h/week", 7),
        ("±target", 8),
        ("wks off", 8),
        ("points", 7),
        ("present", 8),
        ("pts/FTE", 8),
        ("vs unit", 8),
        ("night%", 7),
    ];
    let mut line = column("officer", NAME);
    for (name, w) in head {
        line.push_str(&right(name, w));
    }
    writeln!(out, "{line}")?;
    for (u, unit) in station.units.iter().enumerate() {
        writeln!(out, "-- {}", for_terminal(&unit.name))?;
        for o in report
            .standings
            .iter()
            .filter(|o| station.staff[o.staff].unit == u)
        {
            let officer = &station.staff[o.staff];
            let hours = report.weeks_off_target.hours_per_week(o.staff);
            let off_target = report.weeks_off_target.hours_off_per_week(o.staff);
            let name = format!("{} {}", officer.id, officer.name);
            let mut line = column(&for_terminal(&name), NAME);
            let cells = [
                o.counts[0].to_string(),
                o.counts[1].to_string(),
                o.weekends.to_string(),
                o.counts[2].to_string(),
                o.counts[3].to_string(),
                o.duties.to_string(),
                hours.map_or("-".into(), |h| format!("{h:.1}")),
                off_target.map_or("-".into(), |h| format!("{h:+.1}")),
                report.weeks_off_target.label(o.staff),
                o.points.to_string(),
                format!("{:.0}%", o.present * 100.0),
                format!("{:.1}", o.points_per_fte()),
                signed_percent(report.vs_unit[o.staff]),
                percent(o.night_share()),
            ];
            for (cell, (_, w)) in cells.iter().zip(head) {
                line.push_str(&right(cell, w));
            }
            writeln!(out, "{}", line.trim_end())?;
        }
    }
    writeln!(out, "Shares by unit and contract:")?;
    for g in &report.groups {
        writeln!(
            out,
            "  {}, {} ({} officer{}): nights {} of duties, {:.1} points per FTE",
            for_terminal(&station.units[g.unit].name),
            for_terminal(&station.contracts[g.contract].name),
            g.officers,
            if g.officers == 1 { "" } else { "s" },
            percent(g.night_share),
            g.points_per_fte
        )?;
    }
    write_spreads(report, out)?;
    let p = station.points;
    writeln!(
        out,
        "Points: night {}, weekend day {}, holiday day {}, chief watch {}; FTE = contract target hours / full time.",
        p.night, p.weekend_day, p.holiday_day, p.chief_watch
    )?;
    writeln!(
        out,
        "w/ends: weekends worked, on one day or both, as max_weekends counts them (a Saturday night alone is one weekend day and a whole weekend)."
    )?;
    writeln!(
        out,
        "vs unit: points per FTE from the unit's own duties against the unit's mean (chief watches are shared across units: compare the chief column)."
    )?;
    writeln!(
        out,
        "h/week, ±target: hours a week worked, and above or below the contract's weekly target (leave scaled, as the grid shows them), over the whole ISO weeks (Monday to Sunday) the officer worked in; wks off: those weeks further from it than its target_band_hours, of the weeks counted."
    )?;
    if !report.training.is_empty() {
        writeln!(out, "Cross-training in the current window:")?;
        for t in &report.training {
            let officer = &station.staff[t.staff];
            let cut = if t.cut() {
                format!(
                    ", {} of its {} weeks on record, {} due so far",
                    t.weeks,
                    t.per_weeks,
                    t.owed()
                )
            } else {
                String::new()
            };
            writeln!(
                out,
                "  {} {}: {} of {} from {} to {} ({}){cut}{}",
                for_terminal(&officer.id),
                for_terminal(&officer.name),
                t.done,
                t.due,
                t.from,
                t.to,
                for_terminal(&station.cross_training[t.rule].name),
                if t.behind() > 0 {
                    format!(", {} behind", t.behind())
                } else {
                    String::new()
                }
            )?;
        }
    }
    Ok(())
}

/// Per category, each group of peers' spread, marking those more than one
/// duty apart: whether the history is as even as whole duties allow, by
/// the measure the solver evens and the fairness benchmark reports.
fn write_spreads(report: &FairnessReport, out: &mut dyn Write) -> io::Result<()> {
    if report.spreads.is_empty() {
        return Ok(());
    }
    writeln!(
        out,
        "Spread among peers (most minus fewest, in duties set against the weeks each was there; * more than 1 apart):"
    )?;
    for category in Category::ALL {
        let groups: Vec<String> = report
            .spreads
            .iter()
            .filter(|p| p.category == category)
            .map(|p| {
                let mark = if p.within_one() { "" } else { "*" };
                format!("{} {:.2}{mark}", for_terminal(&p.label), p.in_duties)
            })
            .collect();
        if !groups.is_empty() {
            let name = category.name().replace('_', " ");
            writeln!(out, "  {name}: {}", groups.join(", "))?;
        }
        if let (Category::WeekendDays, Some(cycle), Some((_, counted))) =
            (category, report.weekend_cycle, report.span)
        {
            writeln!(out, "    ({})", weekend_cycle_note(cycle, counted))?;
        }
    }
    Ok(())
}

#[derive(Serialize)]
struct CycleJson {
    from: String,
    to: String,
}

#[derive(Serialize)]
struct SpreadJson<'a> {
    category: &'static str,
    group: &'a str,
    officers: Vec<&'a str>,
    spread: f64,
    raw: u32,
    within_one: bool,
}

#[derive(Serialize)]
struct ReportJson<'a> {
    from: Option<String>,
    to: Option<String>,
    weeks: u32,
    whole_weeks: u32,
    points: PointsJson,
    officers: Vec<OfficerJson<'a>>,
    groups: Vec<GroupJson<'a>>,
    spreads: Vec<SpreadJson<'a>>,
    weekend_cycle: Option<CycleJson>,
    cross_training: Vec<TrainingJson<'a>>,
}

#[derive(Serialize)]
struct PointsJson {
    night: u32,
    weekend_day: u32,
    holiday_day: u32,
    chief_watch: u32,
}

#[derive(Serialize)]
struct OfficerJson<'a> {
    id: &'a str,
    name: &'a str,
    unit: &'a str,
    contract: &'a str,
    fte: f64,
    present: f64,
    nights: u32,
    weekend_days: u32,
    /// Weekends worked, on one day or both (what `max_weekends` counts).
    weekends_worked: u32,
    holiday_days: u32,
    chief_watches: u32,
    duties: u32,
    hours: f64,
    hours_per_week: Option<f64>,
    target_hours_week: f64,
    target_band_hours: f64,
    hours_off_target_per_week: Option<f64>,
    weeks_counted: u32,
    weeks_off_target: u32,
    points: u32,
    points_per_fte: f64,
    points_vs_unit: Option<f64>,
    night_share: Option<f64>,
}

#[derive(Serialize)]
struct GroupJson<'a> {
    unit: &'a str,
    contract: &'a str,
    officers: usize,
    night_share: Option<f64>,
    points_per_fte: f64,
}

#[derive(Serialize)]
struct TrainingJson<'a> {
    id: &'a str,
    rule: &'a str,
    done: u32,
    due: u32,
    /// Due so far: less than `due` when the record begins inside the window.
    owed: u32,
    behind: u32,
    from: String,
    to: String,
    /// Weeks of the window on record, of the rule's `per_weeks`.
    weeks_on_record: u32,
    per_weeks: u32,
}

/// The report as JSON: every figure of the text, unrounded.
pub fn write_fairness_json(
    station: &Station,
    report: &FairnessReport,
    out: impl Write,
) -> serde_json::Result<()> {
    let officers = report
        .standings
        .iter()
        .map(|o| {
            let officer = &station.staff[o.staff];
            let contract = &station.contracts[officer.contract];
            let count = |c: Category| o.counts[c.index()];
            OfficerJson {
                id: &officer.id,
                name: &officer.name,
                unit: &station.units[officer.unit].code,
                contract: &contract.code,
                fte: o.fte,
                present: o.present,
                nights: count(Category::Nights),
                weekend_days: count(Category::WeekendDays),
                weekends_worked: o.weekends,
                holiday_days: count(Category::HolidayDays),
                chief_watches: count(Category::ChiefWatches),
                duties: o.duties,
                hours: o.minutes as f64 / 60.0,
                hours_per_week: report.weeks_off_target.hours_per_week(o.staff),
                target_hours_week: contract.target_hours_week,
                target_band_hours: contract.target_band_hours,
                hours_off_target_per_week: report.weeks_off_target.hours_off_per_week(o.staff),
                weeks_counted: report.weeks_off_target.counted(o.staff),
                weeks_off_target: report.weeks_off_target.off(o.staff),
                points: o.points,
                points_per_fte: o.points_per_fte(),
                points_vs_unit: report.vs_unit[o.staff],
                night_share: o.night_share(),
            }
        })
        .collect();
    let groups = report
        .groups
        .iter()
        .map(|g| GroupJson {
            unit: &station.units[g.unit].code,
            contract: &station.contracts[g.contract].code,
            officers: g.officers,
            night_share: g.night_share,
            points_per_fte: g.points_per_fte,
        })
        .collect();
    let cross_training = report
        .training
        .iter()
        .map(|t| TrainingJson {
            id: &station.staff[t.staff].id,
            rule: &station.cross_training[t.rule].name,
            done: t.done,
            due: t.due,
            owed: t.owed(),
            behind: t.behind(),
            from: t.from.to_string(),
            to: t.to.to_string(),
            weeks_on_record: t.weeks,
            per_weeks: t.per_weeks,
        })
        .collect();
    let p = station.points;
    let json = ReportJson {
        from: report.span.map(|(from, _)| from.to_string()),
        to: report.span.map(|(_, to)| to.to_string()),
        weeks: report.weeks,
        whole_weeks: report.weeks_off_target.weeks,
        points: PointsJson {
            night: p.night,
            weekend_day: p.weekend_day,
            holiday_day: p.holiday_day,
            chief_watch: p.chief_watch,
        },
        officers,
        groups,
        spreads: report
            .spreads
            .iter()
            .map(|p| SpreadJson {
                category: p.category.name(),
                group: &p.label,
                officers: p
                    .officers
                    .iter()
                    .map(|&s| station.staff[s].id.as_str())
                    .collect(),
                spread: p.in_duties,
                raw: p.raw,
                within_one: p.within_one(),
            })
            .collect(),
        weekend_cycle: report.weekend_cycle.map(|(from, to)| CycleJson {
            from: from.to_string(),
            to: to.to_string(),
        }),
        cross_training,
    };
    serde_json::to_writer_pretty(out, &json)
}
