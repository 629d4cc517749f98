//! Infeasibility diagnosis: when the hard rules cannot all be met, say which
//! rule on which day, and which officers block it and why (on leave, lacking
//! the skill, already on another duty). Run before search, on the station
//! alone, and after it, on the roster found.

use chrono::NaiveDate;

use crate::analysis::capacity::check_capacity;
use crate::model::{CoverRule, Duty, Period, Roster, Station};

/// One rule that cannot be, or was not, met.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// The day.
    pub date: NaiveDate,
    /// What cannot be met and who blocks it.
    pub message: String,
}

fn describe_rule(station: &Station, rule: &CoverRule) -> String {
    let mut who = String::from(crate::text::officers(rule.min));
    if let Some(u) = rule.unit {
        who = format!("{} {who}", station.units[u].code);
    }
    if let Some(k) = rule.skill {
        who = format!("{who} with skill {}", station.skills[k].code);
    }
    format!(
        "shift {} needs {} {who}",
        station.shifts[rule.shift].code, rule.min
    )
}

/// Rules that no roster can meet, found from the station and leave alone.
pub fn before_search(station: &Station, period: Period) -> Vec<Finding> {
    let mut findings = Vec::new();
    for gap in check_capacity(station, period).cover_gaps {
        let rule = CoverRule {
            short_weight: 1,
            over_weight: 0,
            shift: gap.shift,
            days: crate::model::DayFilter::All,
            unit: gap.unit,
            skill: gap.skill,
            min: gap.needed,
            preferred: gap.needed,
        };
        let on_leave: Vec<String> = gap
            .on_leave
            .iter()
            .map(|&s| {
                let kind = station
                    .leave_on(s, gap.date)
                    .map_or("leave", |l| l.kind.as_str());
                format!("{} ({kind})", station.staff[s].name)
            })
            .collect();
        let lacking = match (gap.skill, gap.unit) {
            (Some(k), unit) => {
                let n = (0..station.staff.len())
                    .filter(|&s| unit.is_none_or(|u| station.staff[s].unit == u))
                    .filter(|&s| !station.staff[s].skills.contains(k))
                    .count();
                format!(
                    "; {n} other {} {} skill {}",
                    crate::text::officers(n),
                    if n == 1 { "lacks" } else { "lack" },
                    station.skills[k].code
                )
            }
            _ => String::new(),
        };
        let lacking = if gap.ruled_out > 0 {
            format!(
                "{lacking}; {} more whose contract rules the shift out (max_nights_in_row or max_shifts 0)",
                gap.ruled_out
            )
        } else {
            lacking
        };
        findings.push(Finding {
            date: gap.date,
            message: format!(
                "{} {}: {}, only {} available. On leave: {}{lacking}",
                gap.date,
                gap.date.format("%a"),
                describe_rule(station, &rule),
                gap.available,
                if on_leave.is_empty() {
                    "nobody".to_string()
                } else {
                    on_leave.join(", ")
                },
            ),
        });
    }
    for date in period.dates().filter(|_| station.chief_watch.required) {
        let eligible: Vec<usize> = (0..station.staff.len())
            .filter(|&s| station.is_chief_eligible(s))
            .collect();
        if eligible
            .iter()
            .all(|&s| station.leave_on(s, date).is_some())
        {
            let names: Vec<&str> = eligible
                .iter()
                .map(|&s| station.staff[s].name.as_str())
                .collect();
            findings.push(Finding {
                date,
                message: format!(
                    "{date} {}: no chief officer on duty possible; every eligible officer is on leave ({})",
                    date.format("%a"),
                    names.join(", ")
                ),
            });
        }
    }
    findings
}

/// For each minimum cover the roster misses, and each day without exactly
/// one chief officer on duty, who could have counted and what each was
/// doing instead.
pub fn after_search(station: &Station, roster: &Roster) -> Vec<Finding> {
    let mut findings = Vec::new();
    for d in 0..roster.days {
        let date = roster.date(d);
        for rule in station.cover_on(date) {
            let members: Vec<usize> = (0..roster.staff)
                .filter(|&s| station.counts_for(s, rule))
                .collect();
            let count = members
                .iter()
                .filter(|&&s| roster.get(s, d) == Duty::Shift(rule.shift))
                .count();
            if count >= rule.min as usize {
                continue;
            }
            let why: Vec<String> = members
                .iter()
                .filter(|&&s| roster.get(s, d) != Duty::Shift(rule.shift))
                .map(|&s| {
                    let name = &station.staff[s].name;
                    match (station.leave_on(s, date), roster.get(s, d)) {
                        (Some(l), _) => format!("{name} on {} leave", l.kind.as_str()),
                        (None, Duty::Off) => {
                            format!("{name} off (rest, days-in-a-row or hours rules)")
                        }
                        (None, duty) => format!("{name} on {}", duty.code(station)),
                    }
                })
                .collect();
            findings.push(Finding {
                date,
                message: format!(
                    "{date} {}: {}, has {count}. {}",
                    date.format("%a"),
                    describe_rule(station, rule),
                    if why.is_empty() {
                        "No officer qualifies.".to_string()
                    } else {
                        why.join("; ")
                    }
                ),
            });
        }
        if let Some(finding) = chief_finding(station, roster, d) {
            findings.push(finding);
        }
    }
    findings
}

/// A day whose chief watch is not kept by exactly one officer: who could
/// keep it, and what each of them is doing instead.
fn chief_finding(station: &Station, roster: &Roster, d: usize) -> Option<Finding> {
    if !station.chief_watch.required {
        return None;
    }
    let date = roster.date(d);
    let chiefs = (0..roster.staff)
        .filter(|&s| roster.get(s, d) == Duty::Chief)
        .count();
    if chiefs == 1 {
        return None;
    }
    let eligible: Vec<String> = (0..roster.staff)
        .filter(|&s| station.is_chief_eligible(s))
        .map(|s| {
            let name = &station.staff[s].name;
            match (station.leave_on(s, date), roster.get(s, d)) {
                (Some(l), _) => format!("{name} on {} leave", l.kind.as_str()),
                (None, Duty::Chief) => format!("{name} keeps it"),
                (None, Duty::Off) => format!(
                    "{name} off (rest after a duty, days in a row, hours, or days between watches)"
                ),
                (None, duty) => format!("{name} on {}", duty.code(station)),
            }
        })
        .collect();
    let what = if chiefs == 0 {
        "no chief officer on duty"
    } else {
        "more than one chief officer on duty"
    };
    Some(Finding {
        date,
        message: format!(
            "{date} {}: {what}. Eligible: {}",
            date.format("%a"),
            if eligible.is_empty() {
                "nobody".to_string()
            } else {
                eligible.join("; ")
            }
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_day_without_a_chief_names_who_could_keep_it_and_why_not() {
        let station = crate::sample::station();
        let period = Period::parse_iso_week("2026-W49", 1).unwrap();
        let roster = Roster::new(period.start, 7, station.staff.len());
        let findings = after_search(&station, &roster);
        let chief: Vec<_> = findings
            .iter()
            .filter(|f| f.message.contains("no chief officer on duty"))
            .collect();
        assert_eq!(chief.len(), 7, "one per day");
        assert!(
            chief[0].message.contains("Wang Wei off"),
            "{}",
            chief[0].message
        );
    }
}
