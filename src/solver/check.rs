//! The full evaluator: judges a finished roster from the model alone, rule
//! by rule, and explains every violation in words. It shares no counters
//! with the incremental scorer in `state.rs`, so tests can hold the two
//! against each other; the TUI, printers and `duty plan` use it to explain.

use chrono::NaiveDate;

use super::ScoreTerms;
use super::score::Score;
use super::state::unpaired_trainees;
use crate::model::eligibility::{may_take, trainee_duty_rule, trainee_rule};
use crate::model::fairness::{
    fairness_groups, min_weighted_sum_of_squares, share_weights, unfairness_cost, unit_groups,
    weighted_sum_of_squares,
};
use crate::model::ledger::is_birthday;
use crate::model::standing::{
    fte, off_target_cost, outside_target_band, quota_shortfall_cost, quota_window,
    week_share_minutes, week_target_minutes,
};
use crate::model::{Category, Constraint, DayMinutes, Duty, Ledger, Roster, Station, Want};

/// One broken rule, explained.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// Which rule.
    pub constraint: Constraint,
    /// The officer concerned, if one is.
    pub staff: Option<usize>,
    /// The days concerned.
    pub days: Vec<NaiveDate>,
    /// Weighted penalty this violation adds to the score.
    pub penalty: i64,
    /// A sentence a duty manager understands.
    pub message: String,
}

/// Every violation of a roster, and the score they add up to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    /// Violations, hard ones first.
    pub violations: Vec<Violation>,
    /// The roster's score.
    pub score: Score,
}

impl Report {
    /// A report of these violations, scored by adding their penalties,
    /// hard and soft apart.
    pub fn from_violations(violations: Vec<Violation>) -> Report {
        let mut score = Score::ZERO;
        for v in &violations {
            if v.constraint.is_hard() {
                score.hard += v.penalty;
            } else {
                score.soft += v.penalty;
            }
        }
        Report { violations, score }
    }

    /// The violations of hard rules: what blocks publishing.
    pub fn hard(&self) -> impl Iterator<Item = &Violation> {
        self.violations.iter().filter(|v| v.constraint.is_hard())
    }
}

struct Judge<'a> {
    station: &'a Station,
    roster: &'a Roster,
    /// What each duty counts against contract hours, day by day.
    day_minutes: DayMinutes,
    lookahead_from: usize,
    out: Vec<Violation>,
}

impl Judge<'_> {
    fn add(
        &mut self,
        c: Constraint,
        staff: Option<usize>,
        days: Vec<NaiveDate>,
        units: i64,
        message: String,
    ) {
        if units > 0 {
            self.add_priced(c, staff, days, units * self.station.weights.get(c), message);
        }
    }

    /// Records a violation whose penalty is priced already (the fairness
    /// measure rounds only after weighing, as the solver's score does).
    fn add_priced(
        &mut self,
        c: Constraint,
        staff: Option<usize>,
        days: Vec<NaiveDate>,
        penalty: i64,
        message: String,
    ) {
        if penalty > 0 {
            self.out.push(Violation {
                constraint: c,
                staff,
                days,
                penalty,
                message,
            });
        }
    }

    fn name(&self, s: usize) -> &str {
        &self.station.staff[s].name
    }

    fn contract(&self, s: usize) -> &crate::model::Contract {
        &self.station.contracts[self.station.staff[s].contract]
    }

    fn code(&self, duty: Duty) -> &str {
        duty.code(self.station)
    }
}

/// Judges a roster. The roster must start on a Monday and span whole weeks;
/// `ledger` is the fairness history before it.
pub fn check(station: &Station, roster: &Roster, ledger: &Ledger) -> Report {
    check_against(station, roster, ledger, &ScoreTerms::default())
}

/// Judges a roster with the extra terms of a re-plan (cells changed from a
/// baseline) or of a look-ahead week (its cover only soft).
pub fn check_against(
    station: &Station,
    roster: &Roster,
    ledger: &Ledger,
    terms: &ScoreTerms,
) -> Report {
    let mut j = Judge {
        station,
        roster,
        day_minutes: DayMinutes::of(station, roster),
        lookahead_from: terms.lookahead_from.unwrap_or(usize::MAX),
        out: Vec::new(),
    };
    check_cells(&mut j);
    check_cover(&mut j);
    check_chief(&mut j);
    check_mentors(&mut j);
    check_rest(&mut j);
    check_runs(&mut j);
    check_successions(&mut j);
    check_weeks(&mut j);
    check_weekends(&mut j);
    check_reference(&mut j);
    check_fairness(&mut j, ledger, terms);
    check_quota(&mut j);
    if let Some(baseline) = terms.baseline {
        check_stability(&mut j, baseline);
    }
    let mut violations = j.out;
    violations.sort_by_key(|v| {
        (
            !v.constraint.is_hard(),
            v.constraint,
            v.days.first().copied(),
            v.staff,
        )
    });
    Report::from_violations(violations)
}

fn check_stability(j: &mut Judge, baseline: &Roster) {
    let roster = j.roster;
    for s in 0..roster.staff {
        for d in 0..roster.days {
            let (was, now) = (baseline.get(s, d), roster.get(s, d));
            if was != now {
                let date = roster.date(d);
                let msg = format!(
                    "{}: {date} changed from {} to {}",
                    j.name(s),
                    j.code(was),
                    j.code(now)
                );
                j.add(Constraint::Stability, Some(s), vec![date], 1, msg);
            }
        }
    }
}

fn check_cells(j: &mut Judge) {
    let (station, roster) = (j.station, j.roster);
    let calendar = station.leave_calendar();
    for s in 0..roster.staff {
        for d in 0..roster.days {
            let (date, duty) = (roster.date(d), roster.get(s, d));
            if may_take(station, s, duty).is_err() {
                let msg = format!(
                    "{}: {} on {date}, not allowed for their unit, rank or skills",
                    j.name(s),
                    j.code(duty)
                );
                j.add(Constraint::Eligibility, Some(s), vec![date], 1, msg);
            }
            if let Some(leave) = calendar.on(s, date).filter(|_| duty.is_working()) {
                let msg = format!(
                    "{}: {} on {date} while on {} leave",
                    j.name(s),
                    j.code(duty),
                    leave.kind.as_str()
                );
                j.add(Constraint::Absence, Some(s), vec![date], 1, msg);
            }
            if duty.is_working() && is_birthday(station, s, date) {
                let msg = format!(
                    "{}: works ({}) on their birthday, {date}",
                    j.name(s),
                    j.code(duty)
                );
                j.add(Constraint::BirthdayOff, Some(s), vec![date], 1, msg);
            }
        }
    }
    for request in &station.requests {
        let Some(d) = roster.day_index(request.date) else {
            continue;
        };
        let duty = roster.get(request.staff, d);
        let matches = match request.shift {
            Some(sh) => duty == Duty::Shift(sh),
            None => duty.is_working(),
        };
        let broken = matches == (request.want == Want::Off);
        if broken {
            let what = request.shift.map_or("the day".to_string(), |sh| {
                format!("shift {}", station.shifts[sh].code)
            });
            let want = if request.want == Want::Off {
                "off"
            } else {
                "on"
            };
            let msg = format!(
                "{}: asked for {what} {want} on {} (weight {}), rostered {}",
                j.name(request.staff),
                request.date,
                request.weight,
                j.code(duty)
            );
            j.add(
                Constraint::Request,
                Some(request.staff),
                vec![request.date],
                i64::from(request.weight),
                msg,
            );
        }
    }
}

fn check_cover(j: &mut Judge) {
    let (station, roster) = (j.station, j.roster);
    for d in 0..roster.days {
        let date = roster.date(d);
        for rule in station.cover_on(date) {
            let count = (0..roster.staff)
                .filter(|&s| {
                    roster.get(s, d) == Duty::Shift(rule.shift) && station.counts_for(s, rule)
                })
                .count() as i64;
            let mut who = String::new();
            if let Some(u) = rule.unit {
                who.push_str(&format!(" {}", station.units[u].code));
            }
            who.push(' ');
            who.push_str(crate::text::officers(count));
            if let Some(k) = rule.skill {
                who.push_str(&format!(" with {}", station.skills[k].code));
            }
            let shift = &station.shifts[rule.shift].code;
            let short = i64::from(rule.min) - count;
            if d >= j.lookahead_from {
                let msg = format!(
                    "{date} {} (look-ahead): shift {shift} has {count}{who}, minimum {}",
                    date.format("%a"),
                    rule.min
                );
                j.add(Constraint::LookaheadCover, None, vec![date], short, msg);
                continue;
            }
            let msg = format!(
                "{date} {}: shift {shift} has {count}{who}, minimum {}",
                date.format("%a"),
                rule.min
            );
            j.add(Constraint::MinCover, None, vec![date], short, msg);
            let short = i64::from(rule.preferred) - count;
            let msg = format!(
                "{date} {}: shift {shift} has {count}{who}, preferred {}",
                date.format("%a"),
                rule.preferred
            );
            let units = short.max(0) * i64::from(rule.short_weight);
            j.add(Constraint::PreferredCover, None, vec![date], units, msg);
            let over = (count - i64::from(rule.preferred)).max(0) * i64::from(rule.over_weight);
            let msg = format!(
                "{date} {}: shift {shift} has {count}{who}, wanted {}",
                date.format("%a"),
                rule.preferred
            );
            j.add(Constraint::OverCover, None, vec![date], over, msg);
        }
    }
}

fn check_chief(j: &mut Judge) {
    let (station, roster) = (j.station, j.roster);
    let k = i64::from(station.chief_watch.min_days_between);
    for d in 0..roster.days {
        let date = roster.date(d);
        let chiefs: Vec<usize> = (0..roster.staff)
            .filter(|&s| roster.get(s, d) == Duty::Chief)
            .collect();
        if station.chief_watch.required && chiefs.len() != 1 {
            let names: Vec<&str> = chiefs.iter().map(|&s| j.name(s)).collect();
            let msg = if chiefs.is_empty() {
                format!("{date}: no chief officer on duty")
            } else {
                format!(
                    "{date}: {} chief officers on duty ({})",
                    chiefs.len(),
                    names.join(", ")
                )
            };
            let rule = if d >= j.lookahead_from {
                Constraint::LookaheadCover
            } else {
                Constraint::ChiefWatch
            };
            j.add(rule, None, vec![date], (chiefs.len() as i64 - 1).abs(), msg);
        }
    }
    for s in 0..roster.staff {
        let watches: Vec<usize> = (0..roster.days)
            .filter(|&d| roster.get(s, d) == Duty::Chief)
            .collect();
        for (a, &d1) in watches.iter().enumerate() {
            for &d2 in &watches[a + 1..] {
                if (d2 - d1) as i64 >= k {
                    break;
                }
                let (x, y) = (roster.date(d1), roster.date(d2));
                let msg = format!(
                    "{}: chief watches on {x} and {y}, {} days apart, minimum {k}",
                    j.name(s),
                    d2 - d1
                );
                j.add(Constraint::ChiefSpacing, Some(s), vec![x, y], 1, msg);
            }
        }
    }
}

fn check_mentors(j: &mut Judge) {
    let (station, roster) = (j.station, j.roster);
    for d in 0..roster.days {
        for (r, rule) in station.cross_training.iter().enumerate() {
            for &sh in &rule.shifts {
                let on_shift = |s: &usize| roster.get(*s, d) == Duty::Shift(sh);
                let trainees: Vec<usize> = (0..roster.staff)
                    .filter(on_shift)
                    .filter(|&s| trainee_rule(station, s, sh) == Some(r))
                    .collect();
                let mentors = (0..roster.staff)
                    .filter(on_shift)
                    .filter(|&s| {
                        let o = &station.staff[s];
                        o.unit == rule.to_unit
                            && station.can_work(s, sh)
                            && rule.mentor_skill.is_none_or(|k| o.skills.contains(k))
                    })
                    .count();
                // Each trainee is paired with a mentor of their own: those
                // past the mentors on the shift are unpaired.
                let unpaired = unpaired_trainees(trainees.len() as i64, mentors as i64) as usize;
                let date = roster.date(d);
                if unpaired == 0 {
                    continue;
                }
                // Which trainee goes unpaired is arbitrary: name them all,
                // so the one just assigned is not missing from the message.
                let names = trainees
                    .iter()
                    .map(|&t| j.name(t))
                    .collect::<Vec<_>>()
                    .join(", ");
                for &s in &trainees[trainees.len() - unpaired..] {
                    let msg = format!(
                        "{}: cross-training on {} shift {} on {date} with no {} mentor of their own ({}: {}; {})",
                        j.name(s),
                        station.units[rule.to_unit].code,
                        station.shifts[sh].code,
                        rule.mentor_skill
                            .map_or("host".to_string(), |k| station.skills[k].code.clone()),
                        crate::text::count(trainees.len(), "trainee"),
                        names,
                        crate::text::count(mentors, "mentor")
                    );
                    j.add(Constraint::Mentor, Some(s), vec![date], 1, msg);
                }
            }
        }
    }
}

fn check_rest(j: &mut Judge) {
    let (station, roster) = (j.station, j.roster);
    for s in 0..roster.staff {
        let min_rest = i64::from(j.contract(s).min_rest_hours) * 60;
        for d1 in 0..roster.days {
            let first = roster.get(s, d1);
            let Some(a) = first.interval(station, roster.date(d1)) else {
                continue;
            };
            for d2 in d1 + 1..(d1 + 3).min(roster.days) {
                let second = roster.get(s, d2);
                let Some(b) = second.interval(station, roster.date(d2)) else {
                    continue;
                };
                let rest = b.start.signed_duration_since(a.end).num_minutes();
                if rest < min_rest {
                    let msg = format!(
                        "{}: {} on {} ends {}, {} on {} starts {}: {}h{:02} rest, minimum {} h",
                        j.name(s),
                        j.code(first),
                        roster.date(d1),
                        a.end.format("%a %H:%M"),
                        j.code(second),
                        roster.date(d2),
                        b.start.format("%a %H:%M"),
                        rest.div_euclid(60),
                        rest.rem_euclid(60),
                        min_rest / 60
                    );
                    j.add(
                        Constraint::MinRest,
                        Some(s),
                        vec![roster.date(d1), roster.date(d2)],
                        1,
                        msg,
                    );
                }
            }
        }
    }
}

fn check_runs(j: &mut Judge) {
    let (station, roster) = (j.station, j.roster);
    let calendar = station.leave_calendar();
    for s in 0..roster.staff {
        let c = j.contract(s).clone();
        let working: Vec<bool> = (0..roster.days)
            .map(|d| roster.get(s, d).is_working())
            .collect();
        let nights: Vec<bool> = (0..roster.days)
            .map(|d| roster.get(s, d).is_night(station))
            .collect();
        for (start, len) in runs(&working, true) {
            let over = len as i64 - i64::from(c.max_consecutive_days);
            let days: Vec<NaiveDate> = (start..start + len).map(|d| roster.date(d)).collect();
            let msg = format!(
                "{}: {len} working days in a row from {}, max {} ({})",
                j.name(s),
                days[0],
                c.max_consecutive_days,
                c.code
            );
            j.add(Constraint::MaxConsecutiveDays, Some(s), days, over, msg);
        }
        for (start, len) in runs(&nights, true) {
            let over = len as i64 - i64::from(c.max_nights_in_row);
            let days: Vec<NaiveDate> = (start..start + len).map(|d| roster.date(d)).collect();
            let msg = format!(
                "{}: {len} nights in a row from {}, max {} ({})",
                j.name(s),
                days[0],
                c.max_nights_in_row,
                c.code
            );
            j.add(Constraint::MaxNightsInRow, Some(s), days, over, msg);
        }
        for (start, len) in runs(&working, false) {
            // A break that holds leave or a sick day was not the roster's
            // choice: its length is not held against anyone.
            let has_leave = (start..start + len).any(|d| calendar.away(s, roster.date(d)));
            if start == 0 || start + len == roster.days || has_leave {
                continue;
            }
            let short = i64::from(c.min_consecutive_days_off) - len as i64;
            let days: Vec<NaiveDate> = (start..start + len).map(|d| roster.date(d)).collect();
            let msg = format!(
                "{}: only {} off from {}, minimum {} ({})",
                j.name(s),
                crate::text::count(len, "day"),
                days[0],
                c.min_consecutive_days_off,
                c.code
            );
            j.add(Constraint::MinConsecutiveDaysOff, Some(s), days, short, msg);
        }
        for (start, len) in runs(&working, true) {
            if start == 0 || start + len == roster.days {
                continue;
            }
            let short = i64::from(c.min_consecutive_days) - len as i64;
            let days: Vec<NaiveDate> = (start..start + len).map(|d| roster.date(d)).collect();
            let msg = format!(
                "{}: only {} in a row from {}, minimum {} ({})",
                j.name(s),
                crate::text::count(len, "working day"),
                days[0],
                c.min_consecutive_days,
                c.code
            );
            j.add(Constraint::MinConsecutiveDays, Some(s), days, short, msg);
        }
    }
}

fn check_successions(j: &mut Judge) {
    let (station, roster) = (j.station, j.roster);
    for s in 0..roster.staff {
        for d in 1..roster.days {
            let (Duty::Shift(a), Duty::Shift(b)) = (roster.get(s, d - 1), roster.get(s, d)) else {
                continue;
            };
            if station.shifts[a].not_followed_by.contains(&b) {
                let (x, y) = (roster.date(d - 1), roster.date(d));
                let msg = format!(
                    "{}: {} on {x} then {} on {y}, which may not follow it",
                    j.name(s),
                    station.shifts[a].code,
                    station.shifts[b].code
                );
                j.add(Constraint::Succession, Some(s), vec![x, y], 1, msg);
            }
        }
    }
}

/// Sliding windows of `len` weeks over `weeks` weeks, as (first, end)
/// week ranges; one window over them all when there are fewer.
fn week_windows(weeks: usize, len: usize) -> Vec<(usize, usize)> {
    if weeks >= len {
        (0..=weeks - len).map(|k| (k, k + len)).collect()
    } else {
        vec![(0, weeks)]
    }
}

fn check_reference(j: &mut Judge) {
    let (station, roster) = (j.station, j.roster);
    let weeks = roster.days / 7;
    let ceil_hours = |m: i64| (m.max(0) + 59) / 60;
    for s in 0..roster.staff {
        let c = j.contract(s).clone();
        let len = c.reference_weeks as usize;
        for (a, b) in week_windows(weeks, len) {
            let days: Vec<usize> = (a * 7..b * 7).collect();
            let (first, last) = (roster.date(a * 7), roster.date(b * 7 - 1));
            let minutes: i64 = days
                .iter()
                .map(|&d| i64::from(j.day_minutes.worked(roster, s, d)))
                .sum();
            let hours = minutes as f64 / 60.0;
            if let Some(max) = c.max_minutes_reference {
                let msg = format!(
                    "{}: {hours:.1} h from {first} to {last}, max {:.1} h ({})",
                    j.name(s),
                    max as f64 / 60.0,
                    c.code
                );
                let over = ceil_hours(minutes - max);
                j.add(
                    Constraint::MaxHoursReference,
                    Some(s),
                    vec![first],
                    over,
                    msg,
                );
            }
            if let Some(min) = c.min_minutes_reference {
                // Fewer weeks judged than the reference: the minimum in
                // proportion.
                let min = min * (b - a) as i64 / len as i64;
                let msg = format!(
                    "{}: {hours:.1} h from {first} to {last}, minimum {:.1} h ({})",
                    j.name(s),
                    min as f64 / 60.0,
                    c.code
                );
                let short = ceil_hours(min - minutes);
                j.add(
                    Constraint::MinHoursReference,
                    Some(s),
                    vec![first],
                    short,
                    msg,
                );
            }
            for (sh, shift) in station.shifts.iter().enumerate() {
                let Some(max) = c.max_of_shift(sh) else {
                    continue;
                };
                let count = days
                    .iter()
                    .filter(|&&d| roster.get(s, d) == Duty::Shift(sh))
                    .count() as i64;
                let msg = format!(
                    "{}: {count} {} shifts from {first} to {last}, max {max} ({})",
                    j.name(s),
                    shift.code,
                    c.code
                );
                let over = count - i64::from(max);
                j.add(Constraint::MaxShifts, Some(s), vec![first], over, msg);
            }
        }
    }
}

/// Maximal runs of `value` in `flags`, as (start, length).
fn runs(flags: &[bool], value: bool) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut d = 0;
    while d < flags.len() {
        if flags[d] == value {
            let start = d;
            while d < flags.len() && flags[d] == value {
                d += 1;
            }
            out.push((start, d - start));
        } else {
            d += 1;
        }
    }
    out
}

fn check_weeks(j: &mut Judge) {
    let (station, roster) = (j.station, j.roster);
    let calendar = station.leave_calendar();
    let ceil_hours = |m: i64| (m.max(0) + 59) / 60;
    for s in 0..roster.staff {
        let c = j.contract(s).clone();
        for week in 0..roster.days / 7 {
            let days: Vec<usize> = (week * 7..week * 7 + 7).collect();
            let minutes: i64 = days
                .iter()
                .map(|&d| i64::from(j.day_minutes.worked(roster, s, d)))
                .sum();
            let dates = || days.iter().map(|&d| roster.date(d));
            let target = week_target_minutes(station, &calendar, s, dates());
            let min = week_share_minutes(c.min_hours_week, &calendar, s, dates());
            let max = (c.max_hours_week * 60.0).round() as i64;
            let monday = roster.date(week * 7);
            let label = format!(
                "{} (week of {monday})",
                crate::model::calendar::iso_week_label(monday)
            );
            let hours = minutes as f64 / 60.0;
            j.add(
                Constraint::MaxHoursWeek,
                Some(s),
                vec![monday],
                ceil_hours(minutes - max),
                format!(
                    "{}: {hours:.1} h in {label}, max {} h ({})",
                    j.name(s),
                    c.max_hours_week,
                    c.code
                ),
            );
            j.add(
                Constraint::TargetHours,
                Some(s),
                vec![monday],
                off_target_cost(minutes - target),
                format!(
                    "{}: {hours:.1} h in {label}, target {:.1} h",
                    j.name(s),
                    target as f64 / 60.0
                ),
            );
            j.add(
                Constraint::OffTargetWeek,
                Some(s),
                vec![monday],
                i64::from(outside_target_band(&c, minutes - target)),
                format!(
                    "{}: {hours:.1} h in {label}, more than {} h from the target {:.1} h",
                    j.name(s),
                    c.target_band_hours,
                    target as f64 / 60.0
                ),
            );
            j.add(
                Constraint::MinHoursWeek,
                Some(s),
                vec![monday],
                ceil_hours(min - minutes),
                format!(
                    "{}: {hours:.1} h in {label}, minimum {:.1} h",
                    j.name(s),
                    min as f64 / 60.0
                ),
            );
        }
    }
}

/// For a weekend worked on Saturday only, the Sunday hours that
/// Saturday's duty still holds (" (N until 06:00 on Sunday)"): a Saturday
/// night alone is a split weekend by the days duties start on, and the
/// message must not read as if the officer had Sunday free.
fn into_sunday(station: &Station, saturday_duty: Duty, saturday: NaiveDate) -> String {
    let Some(interval) = saturday_duty.interval(station, saturday) else {
        return String::new();
    };
    let end = interval.end.naive_local();
    if end.date() > saturday && end.time() > chrono::NaiveTime::MIN {
        format!(
            " ({} until {} on Sunday)",
            saturday_duty.code(station),
            end.format("%H:%M")
        )
    } else {
        String::new()
    }
}

fn check_weekends(j: &mut Judge) {
    let roster = j.roster;
    let weeks = roster.days / 7;
    let calendar = j.station.leave_calendar();
    for s in 0..roster.staff {
        for w in 0..weeks {
            let (sat, sun) = (w * 7 + 5, w * 7 + 6);
            let away = |d: usize| calendar.away(s, roster.date(d));
            let (a, b) = (roster.get(s, sat), roster.get(s, sun));
            if a.is_working() != b.is_working() && !away(sat) && !away(sun) {
                let day = if a.is_working() { "Saturday" } else { "Sunday" };
                let msg = format!(
                    "{}: works the weekend of {} on {day} only{}",
                    j.name(s),
                    roster.date(sat),
                    into_sunday(j.station, a, roster.date(sat)),
                );
                let days = vec![roster.date(sat), roster.date(sun)];
                j.add(Constraint::SplitWeekend, Some(s), days, 1, msg);
            }
        }
        let contract = j.contract(s);
        let max = i64::from(contract.max_weekends);
        let window = contract.weekend_window_weeks;
        let windows = week_windows(weeks, window as usize);
        let worked: Vec<bool> = (0..weeks)
            .map(|w| roster.get(s, w * 7 + 5).is_working() || roster.get(s, w * 7 + 6).is_working())
            .collect();
        for &(a, b) in &windows {
            let count = worked[a..b].iter().filter(|&&x| x).count() as i64;
            if count <= max {
                continue;
            }
            // The weekend days worked, so that the violation touches the
            // weeks that made it, wherever the window starts.
            let days: Vec<NaiveDate> = (a..b)
                .filter(|&w| worked[w])
                .map(|w| {
                    let sat = w * 7 + 5;
                    roster.date(if roster.get(s, sat).is_working() {
                        sat
                    } else {
                        sat + 1
                    })
                })
                .collect();
            let listed: Vec<String> = days.iter().map(|d| d.to_string()).collect();
            let msg = format!(
                "{}: works {count} weekends in the {} weeks from {} ({}), max {max} per {window} weeks",
                j.name(s),
                b - a,
                roster.date(a * 7),
                listed.join(", ")
            );
            j.add(Constraint::MaxWeekends, Some(s), days, count - max, msg);
        }
    }
}

fn check_fairness(j: &mut Judge, ledger: &Ledger, terms: &ScoreTerms) {
    let (station, roster) = (j.station, j.roster);
    let counted_days = roster.days.min(j.lookahead_from);
    // History and the days judged (not the look-ahead) counted together,
    // as publishing would add them.
    let mut counted = ledger.clone();
    counted.add_roster(station, &roster.window(0, counted_days));
    let counts: Vec<[u32; 4]> = (0..roster.staff)
        .map(|s| counted.counts(&station.staff[s].id))
        .collect();
    let dates: Vec<NaiveDate> = (0..roster.days).map(|d| roster.date(d)).collect();
    let presence = terms.presence(station, ledger, &dates);
    let shares = Shares {
        weights: share_weights(station, &presence),
        presence,
    };
    let constraints = [
        Constraint::FairNights,
        Constraint::FairWeekends,
        Constraint::FairHolidays,
        Constraint::FairChief,
    ];
    for category in Category::ALL {
        for group in fairness_groups(station, category) {
            let values: Vec<i64> = group
                .iter()
                .map(|&s| i64::from(counts[s][category.index()]))
                .collect();
            let who = match category {
                Category::ChiefWatches => "chief-eligible".to_string(),
                _ => station.units[station.staff[group[0]].unit].code.clone(),
            };
            let what = category.name().replace('_', " ");
            let c = constraints[category.index()];
            let what = format!("{what} uneven among {who}");
            shares.judge(j, c, &group, &values, &what);
        }
    }
    for group in unit_groups(station) {
        let values: Vec<i64> = group
            .iter()
            .map(|&s| i64::from(station.points.unit_total(counts[s])))
            .collect();
        let who = &station.units[station.staff[group[0]].unit].code;
        let what = format!("duty points (nights, weekend and holiday days) uneven among {who}");
        shares.judge(j, Constraint::FairPoints, &group, &values, &what);
    }
}

/// What each officer's counts are compared in proportion to: their
/// contract and their time on the roster.
struct Shares {
    /// [`share_weights`], per officer.
    weights: Vec<i64>,
    /// [`presence`], per officer.
    presence: Vec<f64>,
}

impl Shares {
    /// Prices how far one group's `values` (history included) are from an
    /// even spread in proportion to contract and time present, naming who
    /// carries most and least.
    fn judge(&self, j: &mut Judge, c: Constraint, group: &[usize], values: &[i64], what: &str) {
        let (station, roster) = (j.station, j.roster);
        let total: i64 = values.iter().sum();
        let weights: Vec<i64> = group.iter().map(|&s| self.weights[s]).collect();
        let floor = min_weighted_sum_of_squares(&weights, total as usize)[total as usize];
        let cost = unfairness_cost(
            weighted_sum_of_squares(&weights, values),
            floor,
            station.weights.get(c),
        );
        if cost <= 0 {
            return;
        }
        // Load in proportion to contract and presence: count times weight.
        let load: Vec<i64> = values.iter().zip(&weights).map(|(v, w)| v * w).collect();
        let (lo, hi) = (
            load.iter().min().copied().unwrap_or(0),
            load.iter().max().copied().unwrap_or(0),
        );
        let named = |wanted: i64| -> String {
            (0..group.len())
                .filter(|&i| load[i] == wanted)
                .map(|i| {
                    let s = group[i];
                    let mut notes = Vec::new();
                    let share = fte(station, s);
                    if share < 1.0 {
                        notes.push(format!("{share:.2} FTE"));
                    }
                    let present = self.presence[s];
                    if present < 0.995 {
                        notes.push(format!("present {:.0}%", present * 100.0));
                    }
                    if notes.is_empty() {
                        format!("{} for {}", values[i], j.name(s))
                    } else {
                        format!("{} for {} ({})", values[i], j.name(s), notes.join(", "))
                    }
                })
                .collect::<Vec<_>>()
                .join(", ")
        };
        let msg = format!(
            "{what} officers ({}) from {} to {}, in proportion to contract and time present, history included: {}; {}",
            group.len(),
            roster.start,
            roster.date(roster.days - 1),
            named(hi),
            named(lo)
        );
        j.add_priced(c, None, vec![roster.start], cost, msg);
    }
}

/// Each trainee's cross-training shifts over every window of the rule's
/// `per_weeks` weeks ending in a week the roster counts (the look-ahead
/// left out), cut at the roster's first week ([`quota_window`]). Dated by
/// the window's days, so a window wholly on published weeks is history,
/// not this plan's.
fn check_quota(j: &mut Judge) {
    let (station, roster) = (j.station, j.roster);
    let counted_weeks = roster.days.min(j.lookahead_from) / 7;
    let weight = station.weights.get(Constraint::CrossTrainingQuota);
    for s in 0..roster.staff {
        for (r, rule) in station.cross_training.iter().enumerate() {
            if rule.from_unit != station.staff[s].unit {
                continue;
            }
            let done_in_week: Vec<i64> = (0..counted_weeks)
                .map(|w| {
                    (w * 7..w * 7 + 7)
                        .filter(|&d| trainee_duty_rule(station, s, roster.get(s, d)) == Some(r))
                        .count() as i64
                })
                .collect();
            for w in 0..counted_weeks {
                let (first, weeks) = quota_window(rule.per_weeks, w);
                let done: i64 = done_in_week[first..=w].iter().sum();
                let cost = quota_shortfall_cost(rule.count, rule.per_weeks, weeks, done, weight);
                let (from, to) = (roster.date(first * 7), roster.date(w * 7 + 6));
                let msg = if weeks < rule.per_weeks as usize {
                    format!(
                        "{}: {done} cross-training shifts from {from} to {to}, {} due per {} weeks and the roster holds {weeks} of them ({})",
                        j.name(s),
                        rule.count,
                        rule.per_weeks,
                        rule.name
                    )
                } else {
                    format!(
                        "{}: {done} of {} cross-training shifts from {from} to {to} ({})",
                        j.name(s),
                        rule.count,
                        rule.name
                    )
                };
                let days = (first * 7..w * 7 + 7).map(|d| roster.date(d)).collect();
                j.add_priced(Constraint::CrossTrainingQuota, Some(s), days, cost, msg);
            }
        }
    }
}

#[cfg(test)]
mod tests {

    use super::*;

    use crate::model::{Leave, LeaveKind, Period};

    /// The quota holds over any `per_weeks` weeks in a row: one desk day
    /// in the first week covers the windows ending in weeks 1 to 4 and not
    /// the one of weeks 2 to 5; a window cut at the roster's first week
    /// owes its share.
    #[test]
    fn the_cross_training_quota_is_owed_in_every_window_of_its_weeks() {
        let station = crate::sample::station_without_leave();
        let period = Period::parse_iso_week("2026-W49", 5).unwrap();
        let mut roster = Roster::new(period.start, period.len_days(), station.staff.len());
        let desk = Duty::Shift(station.shift_index("D").unwrap());
        let (trainee, idle) = (
            station.staff_index("TR05").unwrap(),
            station.staff_index("TR06").unwrap(),
        );
        roster.set(trainee, 2, desk);
        let weight = station.weights.get(Constraint::CrossTrainingQuota);
        let owed = |s: usize| -> Vec<(NaiveDate, i64)> {
            check(&station, &roster, &Ledger::default())
                .violations
                .iter()
                .filter(|v| v.constraint == Constraint::CrossTrainingQuota && v.staff == Some(s))
                .filter(|v| v.message.contains("station desk"))
                .map(|v| (v.days[0], v.penalty))
                .collect()
        };
        let monday = |w: u64| period.start + chrono::Days::new(7 * w);
        assert_eq!(owed(trainee), [(monday(1), weight)]);
        let cut = |weeks: i64| weeks * weight / 4;
        assert_eq!(
            owed(idle),
            [
                (monday(0), cut(1)),
                (monday(0), cut(2)),
                (monday(0), cut(3)),
                (monday(0), weight),
                (monday(1), weight),
            ]
        );
    }

    #[test]
    fn a_weekend_worked_on_one_day_only_is_split_unless_the_other_day_is_away() {
        let mut station = crate::sample::station_without_leave();
        assert!(
            station.weights.get(Constraint::SplitWeekend) > 0,
            "the sample weighs it"
        );
        let period = Period::parse_iso_week("2026-W49", 1).unwrap();
        let mut roster = Roster::new(period.start, 7, station.staff.len());
        let early = Duty::Shift(station.shifts.iter().position(|s| s.code == "E").unwrap());
        let split = |station: &Station, roster: &Roster| {
            check(station, roster, &Ledger::default())
                .violations
                .into_iter()
                .filter(|v| v.constraint == Constraint::SplitWeekend)
                .map(|v| (v.staff, v.days))
                .collect::<Vec<_>>()
        };
        let weekend = vec![roster.date(5), roster.date(6)];
        roster.set(0, 6, early); // Sunday alone
        assert_eq!(split(&station, &roster), vec![(Some(0), weekend.clone())]);
        roster.set(0, 5, early); // the whole weekend
        assert!(split(&station, &roster).is_empty());
        roster.set(0, 5, Duty::Off);
        station.leave.push(Leave {
            staff: 0,
            from: roster.date(5),
            to: roster.date(5),
            kind: LeaveKind::Annual,
        });
        assert!(split(&station, &roster).is_empty(), "Saturday was leave");
    }

    #[test]
    fn a_saturday_night_alone_is_split_and_says_it_runs_into_sunday() {
        let station = crate::sample::station_without_leave();
        let period = Period::parse_iso_week("2026-W49", 1).unwrap();
        let mut roster = Roster::new(period.start, 7, station.staff.len());
        let code = |c: &str| Duty::Shift(station.shifts.iter().position(|s| s.code == c).unwrap());
        let traffic_late = station.staff_index("TR02").unwrap();
        roster.set(0, 5, code("N"));
        roster.set(1, 5, code("E"));
        roster.set(traffic_late, 5, code("TL")); // 15:00 to midnight
        let messages: Vec<String> = check(&station, &roster, &Ledger::default())
            .violations
            .into_iter()
            .filter(|v| v.constraint == Constraint::SplitWeekend)
            .map(|v| v.message)
            .collect();
        let name = |s: usize| &station.staff[s].name;
        assert_eq!(
            messages,
            vec![
                format!(
                    "{}: works the weekend of 2026-12-05 on Saturday only (N until 06:00 on Sunday)",
                    name(0)
                ),
                format!(
                    "{}: works the weekend of 2026-12-05 on Saturday only",
                    name(1)
                ),
                format!(
                    "{}: works the weekend of 2026-12-05 on Saturday only",
                    name(traffic_late)
                ),
            ]
        );
    }

    #[test]
    fn each_cross_training_officer_needs_a_mentor_of_their_own() {
        let station = crate::sample::station_without_leave();
        let period = Period::parse_iso_week("2026-W49", 1).unwrap();
        let mut roster = Roster::new(period.start, 7, station.staff.len());
        let day = Duty::Shift(station.shifts.iter().position(|s| s.code == "D").unwrap());
        let tutor = station
            .skills
            .iter()
            .position(|k| k.code == "tutor")
            .unwrap();
        let unit = |code: &str| station.units.iter().position(|u| u.code == code).unwrap();
        let tutors: Vec<usize> = (0..station.staff.len())
            .filter(|&s| station.staff[s].unit == unit("station"))
            .filter(|&s| station.staff[s].skills.contains(tutor))
            .collect();
        let trainees: Vec<usize> = (0..station.staff.len())
            .filter(|&s| station.staff[s].unit == unit("traffic"))
            .take(2)
            .collect();
        for &s in &trainees {
            roster.set(s, 1, day);
        }
        roster.set(tutors[0], 1, day);
        let unpaired = |roster: &Roster| {
            check(&station, roster, &Ledger::default())
                .violations
                .into_iter()
                .filter(|v| v.constraint == Constraint::Mentor)
                .map(|v| v.staff)
                .collect::<Vec<_>>()
        };
        // Two trainees beside one tutor: the second is unpaired, and the
        // message names both, whichever was put there last.
        assert_eq!(unpaired(&roster), vec![Some(trainees[1])]);
        let message = check(&station, &roster, &Ledger::default())
            .violations
            .into_iter()
            .find(|v| v.constraint == Constraint::Mentor)
            .unwrap()
            .message;
        let names = format!(
            "(2 trainees: {}, {}; 1 mentor)",
            station.staff[trainees[0]].name, station.staff[trainees[1]].name
        );
        assert!(message.ends_with(&names), "{message}");
        roster.set(tutors[1], 1, day);
        assert!(unpaired(&roster).is_empty());
    }

    #[test]
    fn the_weekly_maximum_counts_the_hour_the_clocks_give_back() {
        let mut station = crate::sample::station_without_leave();
        let period = Period::parse_iso_week("2026-W43", 1).unwrap();
        let mut roster = Roster::new(period.start, 7, station.staff.len());
        let shift =
            |code: &str| Duty::Shift(station.shifts.iter().position(|s| s.code == code).unwrap());
        let officer = station.staff.iter().position(|o| o.id == "ST04").unwrap();
        // Five earlies (40 h) and the Saturday night, 24-25 October 2026:
        // 48 h on the clock in Shanghai, 49 h in London, where the clocks
        // go back that night.
        for d in 0..5 {
            roster.set(officer, d, shift("E"));
        }
        roster.set(officer, 5, shift("N"));
        let over = |station: &Station| {
            check(station, &roster, &Ledger::default())
                .violations
                .into_iter()
                .filter(|v| v.constraint == Constraint::MaxHoursWeek && v.staff == Some(officer))
                .map(|v| v.message)
                .collect::<Vec<_>>()
        };
        assert!(over(&station).is_empty(), "{:?}", over(&station));
        station.timezone = chrono_tz::Europe::London;
        let messages = over(&station);
        assert_eq!(messages.len(), 1, "{messages:?}");
        assert!(messages[0].contains("49.0 h"), "{messages:?}");
    }

    #[test]
    fn a_week_is_off_target_only_outside_the_contracts_band() {
        let mut station = crate::sample::station_without_leave();
        let period = Period::parse_iso_week("2026-W49", 1).unwrap();
        let mut roster = Roster::new(period.start, 7, station.staff.len());
        let shift =
            |code: &str| Duty::Shift(station.shifts.iter().position(|s| s.code == code).unwrap());
        let (early, day) = (shift("E"), shift("D"));
        let station_officer = |id: &str| station.staff.iter().position(|o| o.id == id).unwrap();
        let (short, near) = (station_officer("ST04"), station_officer("ST05"));
        // ST04: four earlies, 32 h, 8 h under a 40 h target; ST05: four
        // days of 9 h, 36 h, within 4 h.
        for d in 0..4 {
            roster.set(short, d, early);
            roster.set(near, d, day);
        }
        let off_target = |station: &Station| {
            check(station, &roster, &Ledger::default())
                .violations
                .into_iter()
                .filter(|v| v.constraint == Constraint::OffTargetWeek)
                .filter_map(|v| v.staff.filter(|&s| s == short || s == near))
                .collect::<Vec<_>>()
        };
        assert_eq!(off_target(&station), vec![short]);
        // A band of 3 h leaves the 36-hour week outside too.
        for c in &mut station.contracts {
            c.target_band_hours = 3.0;
        }
        assert_eq!(off_target(&station), vec![short, near]);
    }

    #[test]
    fn duty_points_are_even_when_a_holiday_is_repaid_in_weekend_days() {
        let station = crate::sample::station_without_leave();
        let period = Period::parse_iso_week("2026-W49", 1).unwrap();
        let roster = Roster::new(period.start, 7, station.staff.len());
        let traffic: Vec<usize> = (0..station.staff.len())
            .filter(|&s| station.staff[s].id.starts_with("TR"))
            .collect();
        let points = |ledger: &Ledger| {
            check(&station, &roster, ledger)
                .violations
                .into_iter()
                .filter(|v| v.constraint == Constraint::FairPoints)
                .map(|v| v.message)
                .collect::<Vec<_>>()
        };
        // Every traffic officer has 6 points: TR02 from two holidays, the
        // rest from six weekend days. Counts differ, points do not.
        let mut ledger = Ledger::default();
        for &s in &traffic {
            let id = &station.staff[s].id;
            if id == "TR02" {
                ledger.add(id, Category::HolidayDays, 2);
            } else {
                ledger.add(id, Category::WeekendDays, 6);
            }
        }
        let traffic_points: Vec<String> = points(&ledger)
            .into_iter()
            .filter(|m| m.contains(" traffic "))
            .collect();
        assert!(traffic_points.is_empty(), "{traffic_points:?}");
        // One holiday less is three points behind the unit.
        let mut behind = Ledger::default();
        for &s in &traffic {
            let id = &station.staff[s].id;
            let holidays = if id == "TR02" { 1 } else { 0 };
            behind.add(id, Category::HolidayDays, holidays);
            if id != "TR02" {
                behind.add(id, Category::WeekendDays, 6);
            }
        }
        let messages = points(&behind);
        let traffic = messages
            .iter()
            .find(|m| m.contains(" traffic "))
            .expect("traffic points uneven");
        assert!(traffic.ends_with("; 3 for Deng Yu"), "{traffic}");
    }

    #[test]
    fn every_violation_names_its_officer_days_and_rule() {
        let station = crate::sample::station();
        let period = Period::parse_iso_week("2026-W49", 2).unwrap();
        let mut roster = Roster::new(period.start, period.len_days(), station.staff.len());
        // A deliberately bad roster: everyone on duty every day, cycling
        // through every duty, so that every kind of rule breaks somewhere.
        let n_duties = station.shifts.len() + 1;
        let mut rng = fastrand::Rng::with_seed(5);
        for s in 0..roster.staff {
            for d in 0..roster.days {
                let code = rng.usize(0..n_duties + 1);
                let duty = match code {
                    c if c < station.shifts.len() => Duty::Shift(c),
                    c if c == station.shifts.len() => Duty::Chief,
                    _ => Duty::Off,
                };
                roster.set(s, d, duty);
            }
        }
        let report = check(&station, &roster, &Ledger::default());
        let kinds: std::collections::BTreeSet<_> =
            report.violations.iter().map(|v| v.constraint).collect();
        assert!(kinds.len() >= 15, "only {kinds:?}");
        for v in &report.violations {
            assert!(!v.days.is_empty(), "{v:?}");
            assert!(
                v.message.contains(&v.days[0].to_string()),
                "no day in {v:?}"
            );
            if let Some(s) = v.staff {
                assert!(
                    v.message.contains(&station.staff[s].name),
                    "no officer in {v:?}"
                );
            }
            assert!(v.penalty > 0);
        }
    }
}
