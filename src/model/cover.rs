//! Cover status: how many officers each cover rule has on a day against
//! its minimum, computed once for the editor, the plan grid and every
//! printed format. Rules count per unit and skill, so a unit short of its
//! minimum shows even when other units on the same shift have plenty.

use super::roster::{Duty, Roster};
use super::rules::CoverRule;
use super::station::Station;

/// One row of a cover table: a shift and the unit its rules count
/// (`None`: rules that count every unit).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct CoverLine {
    /// The shift (index into `Station::shifts`).
    pub shift: usize,
    /// The unit (index into `Station::units`), or any unit.
    pub unit: Option<usize>,
}

impl CoverLine {
    /// The row's label: the shift code, and the unit's short form.
    pub fn label(self, station: &Station) -> String {
        let code = &station.shifts[self.shift].code;
        match self.unit {
            Some(u) => format!("{code} {}", station.units[u].short),
            None => code.clone(),
        }
    }
}

/// The head count of one cover rule on one day.
#[derive(Debug, Clone, Copy)]
pub struct RuleStatus<'a> {
    /// The rule in force.
    pub rule: &'a CoverRule,
    /// Officers on the shift who count towards it.
    pub have: u32,
}

impl RuleStatus<'_> {
    /// Below the minimum: a hard violation.
    pub fn short(&self) -> bool {
        self.have < self.rule.min
    }
}

/// One cell of a cover table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LineStatus {
    /// Officers of the line's unit on the shift (trainees never count).
    pub have: u32,
    /// The unit-wide minimum in force that day (0 when only skill rules are).
    pub min: u32,
    /// Some rule of the line (unit-wide or for a skill) is below its minimum.
    pub short: bool,
}

impl LineStatus {
    /// The cell as printed: `have/min`, and `!` when short.
    pub fn text(self) -> String {
        format!(
            "{}/{}{}",
            self.have,
            self.min,
            if self.short { "!" } else { "" }
        )
    }
}

/// The rows of a cover table: every shift and unit some cover rule counts,
/// in shift order.
pub fn cover_lines(station: &Station) -> Vec<CoverLine> {
    let mut lines: Vec<CoverLine> = station
        .cover
        .iter()
        .map(|r| CoverLine {
            shift: r.shift,
            unit: r.unit,
        })
        .collect();
    lines.sort();
    lines.dedup();
    lines
}

/// Every cover rule in force on day `d` of the roster, with its head count.
pub fn cover_status<'a>(station: &'a Station, roster: &Roster, d: usize) -> Vec<RuleStatus<'a>> {
    station
        .cover_on(roster.date(d))
        .into_iter()
        .map(|rule| RuleStatus {
            rule,
            have: (0..roster.staff)
                .filter(|&s| {
                    roster.get(s, d) == Duty::Shift(rule.shift) && station.counts_for(s, rule)
                })
                .count() as u32,
        })
        .collect()
}

/// One line's cell on day `d`, from the rules' status that day.
pub fn line_status(
    station: &Station,
    roster: &Roster,
    d: usize,
    status: &[RuleStatus],
    line: CoverLine,
) -> LineStatus {
    let have = (0..roster.staff)
        .filter(|&s| {
            roster.get(s, d) == Duty::Shift(line.shift)
                && station.can_work(s, line.shift)
                && line.unit.is_none_or(|u| station.staff[s].unit == u)
        })
        .count() as u32;
    let of_line = status
        .iter()
        .filter(|r| r.rule.shift == line.shift && r.rule.unit == line.unit);
    LineStatus {
        have,
        min: of_line
            .clone()
            .filter(|r| r.rule.skill.is_none())
            .map(|r| r.rule.min)
            .max()
            .unwrap_or(0),
        short: of_line.clone().any(|r| r.short()),
    }
}

/// One shift's cell of a table folded to a row per shift, from a day's
/// lines: the rule counting every unit when there is one, else the units
/// added up; short when any line of the shift is.
pub fn shift_total(day: &[(CoverLine, LineStatus)], shift: usize) -> LineStatus {
    let of_shift: Vec<LineStatus> = day
        .iter()
        .filter(|(l, _)| l.shift == shift)
        .map(|(_, c)| *c)
        .collect();
    let short = of_shift.iter().any(|c| c.short);
    match day
        .iter()
        .find(|(l, _)| l.shift == shift && l.unit.is_none())
    {
        Some((_, all)) => LineStatus { short, ..*all },
        None => LineStatus {
            have: of_shift.iter().map(|c| c.have).sum(),
            min: of_shift.iter().map(|c| c.min).sum(),
            short,
        },
    }
}

/// Every line's cell on day `d`: what a cover table shows for that day.
pub fn day_cover(station: &Station, roster: &Roster, d: usize) -> Vec<(CoverLine, LineStatus)> {
    let status = cover_status(station, roster, d);
    cover_lines(station)
        .into_iter()
        .map(|line| (line, line_status(station, roster, d, &status, line)))
        .collect()
}

#[cfg(test)]
mod tests {

    use super::*;

    use crate::model::Period;

    #[test]
    fn a_unit_short_of_its_minimum_is_marked_though_the_shift_has_enough() {
        let station = crate::sample::station();
        let period = Period::parse_iso_week("2026-W49", 1).unwrap();
        let mut roster = Roster::new(period.start, 7, station.staff.len());
        let early = station.shift_index("E").unwrap();
        let unit = |code: &str| station.units.iter().position(|u| u.code == code).unwrap();
        let (st, pa) = (unit("station"), unit("patrol"));
        // Five station officers on the early shift, one patrol officer.
        let staff = &station.staff;
        let of = |u: usize| (0..staff.len()).filter(move |&s| staff[s].unit == u);
        for s in of(st).take(5).chain(of(pa).take(1)) {
            roster.set(s, 0, Duty::Shift(early));
        }
        let cover = day_cover(&station, &roster, 0);
        let cell = |u| {
            cover
                .iter()
                .find(|(l, _)| l.shift == early && l.unit == Some(u))
                .unwrap()
                .1
        };
        assert_eq!(
            cell(pa),
            LineStatus {
                have: 1,
                min: 3,
                short: true
            }
        );
        assert_eq!(cell(st).have, 5);
        assert_eq!(cell(pa).text(), "1/3!");
    }
}
