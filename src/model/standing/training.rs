//! Cross-training progress: each trainee's shifts done against due in the
//! window of a rule, cut where the record begins, and what a shortfall
//! costs the solver.

use super::*;

/// A trainee's cross-training in the current window of one rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrainingProgress {
    /// The trainee (index into `Station::staff`).
    pub staff: usize,
    /// The cross-training rule (index).
    pub rule: usize,
    /// Cross-training shifts worked in the window.
    pub done: u32,
    /// Shifts the rule asks for per window.
    pub due: u32,
    /// The window: the rule's `per_weeks` ISO weeks up to and including
    /// the week holding the day asked about, cut at the week the record
    /// begins.
    pub from: NaiveDate,
    /// Last day of the window.
    pub to: NaiveDate,
    /// Weeks of the window on record (fewer than `per_weeks` when the
    /// record begins inside it).
    pub weeks: u32,
    /// The rule's window length in weeks.
    pub per_weeks: u32,
}

impl TrainingProgress {
    /// Whole shifts due so far: all of `due` over a whole window; a window
    /// cut by the start of the record owes its share, as the solver prices
    /// it ([`quota_shortfall_cost`]), so a station's first week does not
    /// call every trainee behind.
    pub fn owed(&self) -> u32 {
        self.due * self.weeks.min(self.per_weeks) / self.per_weeks.max(1)
    }

    /// Shifts still to do of those owed so far (0 when on pace).
    pub fn behind(&self) -> u32 {
        self.owed().saturating_sub(self.done)
    }

    /// True when the record begins inside the window.
    pub fn cut(&self) -> bool {
        self.weeks < self.per_weeks
    }
}

/// The days every rule's current window spans, for the day `today`: what
/// a caller loads before asking for [`training_progress`]. `None` when
/// the station has no cross-training.
pub fn training_span(station: &Station, today: NaiveDate) -> Option<(NaiveDate, NaiveDate)> {
    station
        .cross_training
        .iter()
        .map(|rule| training_window(rule.per_weeks, today))
        .reduce(|a, b| (a.0.min(b.0), a.1.max(b.1)))
}

pub(super) fn training_window(per_weeks: u32, today: NaiveDate) -> (NaiveDate, NaiveDate) {
    let monday = week_monday(today);
    let from = monday - Days::new(7 * u64::from(per_weeks.max(1) - 1));
    (from, monday + Days::new(6))
}

/// The cross-training window a roster is judged by at its week `w`: the
/// rule's `per_weeks` weeks ending with `w`, cut at the roster's first week
/// (what came before is not on it). Returns its first week and how many
/// weeks it holds. Planned week by week, the roster starts with the
/// published weeks before the plan ([`crate::app::reach_weeks`]), so a
/// window of 4 weeks sees the 3 before it: the quota is met over any
/// `per_weeks` weeks in a row, not only when the plan is that long.
pub fn quota_window(per_weeks: u32, w: usize) -> (usize, usize) {
    let first = (w + 1).saturating_sub(per_weeks.max(1) as usize);
    (first, w + 1 - first)
}

/// What a quota window short of its shifts costs: `count` owed per
/// `per_weeks` weeks, in proportion to the `weeks` of the window the roster
/// holds, `done` worked, `weight` per shift owed. A window cut short owes
/// its share, so a new station's first weeks spread the shifts rather than
/// leave them all to the week its first whole window ends.
pub fn quota_shortfall_cost(
    count: u32,
    per_weeks: u32,
    weeks: usize,
    done: i64,
    weight: i64,
) -> i64 {
    let per_weeks = i64::from(per_weeks.max(1));
    let owed = i64::from(count) * weeks as i64 - done * per_weeks;
    owed.max(0) * weight / per_weeks
}

/// Per trainee and cross-training rule: shifts done against due in the
/// rule's current window, counted on `roster`. The record begins at the
/// week of the roster's first day: a window reaching before it is cut
/// there, as [`quota_window`] cuts it for the solver.
pub fn training_progress(
    station: &Station,
    roster: &Roster,
    today: NaiveDate,
) -> Vec<TrainingProgress> {
    let mut out = Vec::new();
    let record = (roster.days > 0).then(|| week_monday(roster.date(0)));
    for (r, rule) in station.cross_training.iter().enumerate() {
        let (whole_from, to) = training_window(rule.per_weeks, today);
        let from = record.map_or(whole_from, |first| first.max(whole_from));
        let weeks = match record {
            Some(first) if first <= to => ((to - from).num_days() as u32 + 1) / 7,
            _ => 0,
        };
        for s in (0..station.staff.len()).filter(|&s| station.staff[s].unit == rule.from_unit) {
            let done = (0..roster.days)
                .filter(|&d| (from..=to).contains(&roster.date(d)))
                .filter(|&d| trainee_duty_rule(station, s, roster.get(s, d)) == Some(r))
                .count() as u32;
            out.push(TrainingProgress {
                staff: s,
                rule: r,
                done,
                due: rule.count,
                from,
                to,
                weeks,
                per_weeks: rule.per_weeks.max(1),
            });
        }
    }
    out
}

/// Cross-training in the window holding `today`, counting `in_force` (what
/// the store holds over the window) with `edited` laid over the days it
/// covers: what the editor shows while the manager changes the weeks on
/// screen, before anything is saved.
pub fn training_progress_edited(
    station: &Station,
    in_force: &Roster,
    edited: &Roster,
    today: NaiveDate,
) -> Vec<TrainingProgress> {
    // Nothing in force (a detached roster): the edited days alone.
    let mut roster = if in_force.days == 0 {
        edited.clone()
    } else {
        in_force.clone()
    };
    for d in 0..edited.days {
        if let Some(e) = roster.day_index(edited.date(d)) {
            for s in 0..roster.staff.min(edited.staff) {
                roster.set(s, e, edited.get(s, d));
            }
        }
    }
    training_progress(station, &roster, today)
}
