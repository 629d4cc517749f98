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

/// Weekend days that the weekend limit, with the weekends already published,
/// leaves short of cover: on a Saturday or Sunday of `judged`, a unit's
/// minimum cover summed over its shifts (an officer works one a day)
/// against its officers free that day who still have a weekend left under
/// `max_weekends`, counting the weekends of the window on `fixed` days.
/// Published weekends do not move, so no search can cover such a day
/// legally: the cause is in the weeks before, not in the week planned.
/// `roster` starts on a Monday (the history before the period included).
pub fn weekends_spent(
    station: &Station,
    roster: &Roster,
    fixed: &[bool],
    judged: std::ops::Range<usize>,
) -> Vec<Finding> {
    let calendar = station.leave_calendar();
    let worked_fixed = |s: usize, w: usize| {
        [w * 7 + 5, w * 7 + 6]
            .iter()
            .any(|&d| fixed.get(d).copied().unwrap_or(false) && roster.get(s, d).is_working())
    };
    // Weekends already published in the window that ends with week `w`,
    // when they use up the officer's allowance.
    let spent = |s: usize, w: usize| {
        let contract = &station.contracts[station.staff[s].contract];
        let window = contract.weekend_window_weeks.max(1) as usize;
        let worked = (w.saturating_sub(window - 1)..w)
            .filter(|&v| worked_fixed(s, v))
            .count();
        (worked >= contract.max_weekends as usize).then_some(worked)
    };
    let mut findings = Vec::new();
    let weeks = judged.start / 7..judged.end.min(roster.days).div_ceil(7);
    for w in weeks {
        for u in 0..station.units.len() {
            // Each weekend day the unit is short on: what it needs, and who
            // used their weekends up.
            let short: Vec<ShortDay> = [w * 7 + 5, w * 7 + 6]
                .into_iter()
                .filter(|d| judged.contains(d) && *d < roster.days)
                .filter_map(|d| {
                    let date = roster.date(d);
                    let (per_shift, members) = unit_cover(station, u, date);
                    let free: Vec<usize> = members
                        .into_iter()
                        .filter(|&s| !calendar.away(s, date))
                        .collect();
                    let used_up: Vec<(usize, usize)> = free
                        .iter()
                        .filter_map(|&s| spent(s, w).map(|n| (s, n)))
                        .collect();
                    let day = ShortDay {
                        date,
                        need: per_shift.iter().map(|(_, min)| min).sum(),
                        per_shift,
                        available: free.len() - used_up.len(),
                        used_up,
                    };
                    (!day.used_up.is_empty() && day.available < day.need as usize).then_some(day)
                })
                .collect();
            if let Some(first) = short.first() {
                findings.push(Finding {
                    date: first.date,
                    message: first.describe(station, u, &short),
                });
            }
        }
    }
    findings
}

/// A weekend day a unit cannot cover for weekends spent before it.
struct ShortDay {
    date: NaiveDate,
    /// The unit's minimum per shift, and their sum.
    per_shift: Vec<(usize, u32)>,
    need: u32,
    /// Officers free that day with a weekend left.
    available: usize,
    /// Officers free that day without one, with the weekends they worked
    /// in the window.
    used_up: Vec<(usize, usize)>,
}

impl ShortDay {
    /// The finding for a weekend (`days`, this day first): the cover, who
    /// used their weekends up, grouped by what their contract allows, and
    /// how many weekends to free.
    fn describe(&self, station: &Station, unit: usize, days: &[ShortDay]) -> String {
        let days: Vec<String> = days
            .iter()
            .map(|d| format!("{} {}", d.date.format("%a"), d.date))
            .collect();
        let shifts: Vec<String> = self
            .per_shift
            .iter()
            .map(|&(shift, min)| format!("{} {min}", station.shifts[shift].code))
            .collect();
        let mut groups: std::collections::BTreeMap<_, Vec<&str>> = Default::default();
        for &(s, n) in &self.used_up {
            let contract = &station.contracts[station.staff[s].contract];
            groups
                .entry((n, contract.max_weekends, contract.weekend_window_weeks))
                .or_default()
                .push(station.staff[s].name.as_str());
        }
        let groups: Vec<String> = groups
            .iter()
            .map(|((n, max, window), names)| {
                format!(
                    "{} worked {n} of the {} before (max {max} per {window} weeks)",
                    names.join(", "),
                    crate::text::count(window.saturating_sub(1), "weekend"),
                )
            })
            .collect();
        let missing = match self.need as usize - self.available {
            1 => "one".to_string(),
            n => n.to_string(),
        };
        format!(
            "{}: {} needs {} {} on its shifts ({}), but only {} free then {} a weekend left under max_weekends. In the weeks before, {}. Free {missing} of those weekends (in the editor, or with duty swap or duty assign on published days), or publish with a reason",
            days.join(" and "),
            station.units[unit].code,
            self.need,
            crate::text::officers(self.need),
            shifts.join(", "),
            self.available,
            if self.available == 1 { "has" } else { "have" },
            groups.join("; "),
        )
    }
}

/// A unit's own minimum cover on `date`, per shift (a skill's rule is a
/// part of it, so it is left out), and the officers who count for it.
fn unit_cover(station: &Station, u: usize, date: NaiveDate) -> (Vec<(usize, u32)>, Vec<usize>) {
    let rules: Vec<&CoverRule> = station
        .cover_on(date)
        .into_iter()
        .filter(|r| r.unit == Some(u) && r.skill.is_none() && r.min > 0)
        .collect();
    let mut per_shift: Vec<(usize, u32)> = Vec::new();
    for rule in &rules {
        match per_shift.iter_mut().find(|(shift, _)| *shift == rule.shift) {
            Some((_, min)) => *min = (*min).max(rule.min),
            None => per_shift.push((rule.shift, rule.min)),
        }
    }
    let members = (0..station.staff.len())
        .filter(|&s| rules.iter().any(|r| station.counts_for(s, r)))
        .collect();
    (per_shift, members)
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

    /// Three published weeks in which `spent` patrol officers worked every
    /// weekend, then the week planned: the sample's patrol needs 9 each
    /// weekend day of its 15 (max 3 weekends in 4).
    fn three_weekends_worked(spent: usize, published: bool) -> Vec<Finding> {
        let station = crate::sample::station_without_leave();
        let start = Period::parse_iso_week("2026-W45", 4).unwrap().start;
        let mut roster = Roster::new(start, 28, station.staff.len());
        let early = Duty::Shift(station.shift_index("E").unwrap());
        let patrol = station
            .units
            .iter()
            .position(|u| u.code == "patrol")
            .unwrap();
        let officers: Vec<usize> = (0..station.staff.len())
            .filter(|&s| station.staff[s].unit == patrol)
            .collect();
        assert_eq!(officers.len(), 15);
        for &s in &officers[..spent] {
            for w in 0..3 {
                roster.set(s, w * 7 + 5, early);
                roster.set(s, w * 7 + 6, early);
            }
        }
        let fixed: Vec<bool> = (0..28).map(|d| published && d < 21).collect();
        weekends_spent(&station, &roster, &fixed, 21..28)
    }

    #[test]
    fn a_weekend_the_published_weeks_used_up_is_named_before_the_search() {
        let findings = three_weekends_worked(7, true);
        assert_eq!(findings.len(), 1, "{findings:?}");
        let message = &findings[0].message;
        assert!(
            message.starts_with(
                "Sat 2026-11-28 and Sun 2026-11-29: patrol needs 9 officers on its shifts (E 3, L 3, N 3), but only 8 free then have a weekend left under max_weekends."
            ),
            "{message}"
        );
        assert!(
            message.contains(
                "worked 3 of the 3 weekends before (max 3 per 4 weeks). Free one of those weekends"
            ),
            "{message}"
        );
        // Nine left can cover it; weekends not yet published can still move.
        assert!(three_weekends_worked(6, true).is_empty());
        assert!(three_weekends_worked(7, false).is_empty());
    }
}
