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

mod day_rules;
mod fairness;
mod time_rules;

use day_rules::*;
use fairness::*;
use time_rules::*;

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

#[cfg(test)]
mod tests;
