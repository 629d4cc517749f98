//! The questions asked of history: who is on duty at a moment, what was
//! published and changed, and the fairness ledger. Read-only use cases.

use std::collections::HashMap;

use chrono::{DateTime, Datelike, Days, NaiveDate, Utc};

use super::open::in_force_judged;
use super::{AppError, Context};
use crate::model::calendar::week_monday;
use crate::model::fairness::weekend_cycle;
use crate::model::standing::{
    FairnessReport, WeeksOffTarget, group_shares, peer_spreads, points_vs_unit, standings,
    training_progress, training_span,
};
use crate::model::{Period, Roster, Station};
use crate::solver::Violation;
use crate::store::{AbsenceRow, ChangeRow, RosterRow, Snapshot, Store, StoreError};

/// Who is on duty at an instant, and whether any published roster covers
/// that day at all (an empty snapshot on a published day means nobody).
pub fn on_duty(
    store: &Store,
    station: &Station,
    instant: DateTime<Utc>,
) -> Result<(Snapshot, bool), StoreError> {
    let snapshot = store.snapshot(instant.timestamp())?;
    let day = instant.with_timezone(&station.timezone).date_naive();
    let covered = !snapshot.on_duty.is_empty() || store.published_on(day)?.is_some();
    Ok((snapshot, covered))
}

/// The hard rules the roster in force breaks on any of `dates` (local
/// days), judged as `duty print` judges the published weeks holding them:
/// what `duty now` shows beside who is on duty, so a day left short by a
/// sick call is never shown as if it were fine. Weeks not published are
/// not judged (`duty now` answers from published rosters only).
pub fn broken_on(
    store: &Store,
    station: &Station,
    dates: &[NaiveDate],
) -> Result<Vec<Violation>, AppError> {
    let mut weeks: Vec<NaiveDate> = dates.iter().map(|&d| week_monday(d)).collect();
    weeks.sort();
    weeks.dedup();
    let mut broken: Vec<Violation> = Vec::new();
    for monday in weeks {
        let period = Period::starting_week_of(monday, 1);
        let context = Context::load_for_hard_rules(store, station, period)?;
        if !context.all_published() {
            continue;
        }
        let (_, report) = in_force_judged(&context, station);
        for v in report.hard() {
            if v.days.iter().any(|d| dates.contains(d)) && !broken.contains(v) {
                broken.push(v.clone());
            }
        }
    }
    Ok(broken)
}

/// The hard rules broken on the days "who is on duty at `instant`"
/// answers for: the day itself and the days the duties running then
/// started on (last night's shift, yesterday's watch). What `duty now`
/// and the editor's on-duty screen show beside the names.
pub fn broken_now(
    store: &Store,
    station: &Station,
    instant: DateTime<Utc>,
    snapshot: &Snapshot,
) -> Result<Vec<Violation>, AppError> {
    let local_day = |unix: i64| {
        DateTime::from_timestamp(unix, 0).map(|t| t.with_timezone(&station.timezone).date_naive())
    };
    let mut days = vec![instant.with_timezone(&station.timezone).date_naive()];
    days.extend(
        snapshot
            .on_duty
            .iter()
            .filter_map(|d| local_day(d.start_utc)),
    );
    broken_on(store, station, &days)
}

/// What `duty history` shows of a span: the rosters, every change, and
/// every absence recorded on the day.
#[derive(Debug, Clone)]
pub struct History {
    /// Rosters overlapping the span (none when asked for one officer).
    pub rosters: Vec<RecordedRoster>,
    /// The audit log of the span's days.
    pub changes: Vec<ChangeRow>,
    /// Absences recorded (`duty absent`) overlapping the span, oldest
    /// first: a sick call on a day the officer had no duty changes nothing
    /// in a roster, yet it is part of the record.
    pub absences: Vec<AbsenceRow>,
}

/// A roster of the record with its verdict now. The score saved with it
/// is what it was then: a sick call, a change or rules.toml edited since
/// may break or mend it, and a listing that showed only "hard 0" would
/// call legal a roster that no longer is.
#[derive(Debug, Clone)]
pub struct RecordedRoster {
    /// The roster as saved.
    pub row: RosterRow,
    /// What it is now.
    pub now: VerdictNow,
}

/// A roster of the record judged now: a published roster as it is in
/// force (changes applied), a draft as saved, each as `print` judges it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VerdictNow {
    /// The hard rules it breaks, counted as the violations list counts
    /// them (0: legal).
    Broken(usize),
    /// A draft of weeks published since: it can never be published.
    Superseded,
    /// Today's files cannot judge it (a duty rules.toml no longer knows):
    /// why. The record is still listed; the audit log never fails for it.
    Unjudged(String),
}

/// Rosters overlapping `[from, to]`, each judged now, the audit log of
/// that span and the absences recorded in it, for one officer when
/// `staff_id` is given (then no rosters).
pub fn history(
    store: &Store,
    station: &Station,
    staff_id: Option<&str>,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<History, AppError> {
    let rosters = match staff_id {
        Some(_) => Vec::new(),
        None => store
            .rosters(from, to)?
            .into_iter()
            .map(|row| {
                let now = verdict_now(store, station, &row)
                    .unwrap_or_else(|e| VerdictNow::Unjudged(e.to_string()));
                RecordedRoster { row, now }
            })
            .collect(),
    };
    let absences = store
        .absences()?
        .into_iter()
        .filter(|a| staff_id.is_none_or(|id| a.staff_id == id) && a.from <= to && a.to >= from)
        .collect();
    Ok(History {
        rosters,
        changes: store.changes(staff_id, from, to)?,
        absences,
    })
}

/// [`RecordedRoster::now`]: one roster of the record judged by the one
/// verdict every view gives.
fn verdict_now(store: &Store, station: &Station, row: &RosterRow) -> Result<VerdictNow, AppError> {
    let weeks = u32::try_from(row.weeks().max(1)).unwrap_or(u32::MAX);
    let period = Period::starting_week_of(row.start, weeks);
    // Hard rules alone: years of history are not read for each roster.
    let context = Context::load_for_hard_rules(store, station, period)?;
    let report = if row.status == "published" {
        in_force_judged(&context, station).1
    } else if context.overlaps_published() {
        return Ok(VerdictNow::Superseded);
    } else {
        let saved = store.load_roster(station, row)?;
        let days = period.len_days().min(saved.days);
        context.verdict(station, &saved.window(0, days))
    };
    Ok(VerdictNow::Broken(report.hard().count()))
}

/// Counts, shares, points, hours and cross-training progress from every
/// duty in force between the two days of `window` (inclusive; all
/// history, planned weeks published ahead included, when `None`); the
/// cross-training window is the one holding `today`.
pub fn fairness_report(
    store: &Store,
    station: &Station,
    window: Option<(NaiveDate, NaiveDate)>,
    today: NaiveDate,
) -> Result<FairnessReport, StoreError> {
    let ledger = store.ledger_outside(None, window)?;
    let span = store.duty_span(window)?;
    // The span already lies within the window.
    let weeks = span.map_or(0, |(from, to)| {
        ((to - from).num_days() as u32 + 1).div_ceil(7)
    });
    let standings = standings(station, &ledger);
    let off_target = match span {
        Some((from, to)) => weeks_off_target_between(store, station, from, to)?,
        None => WeeksOffTarget::default(),
    };
    let first_on_record = store.record_begins()?;
    let training = match training_in_force(store, station, today, first_on_record)? {
        Some(roster) => training_progress(station, &roster, today),
        None => Vec::new(),
    };
    Ok(FairnessReport {
        span,
        weeks,
        vs_unit: points_vs_unit(station, &standings),
        weeks_off_target: off_target,
        groups: group_shares(station, &standings),
        spreads: peer_spreads(station, &standings),
        standings,
        training,
        weekend_cycle: first_on_record
            .zip(span)
            .and_then(|(anchor, (_, last))| weekend_cycle(station, anchor, last)),
    })
}

/// The duties in force over the cross-training windows holding `today`,
/// from the week the record begins (`first_on_record`) when that lies
/// inside them: the windows are cut there, as the solver cuts them. An
/// empty roster when nothing is on record in the windows; `None` when the
/// station has no cross-training.
pub(super) fn training_in_force(
    store: &Store,
    station: &Station,
    today: NaiveDate,
    first_on_record: Option<NaiveDate>,
) -> Result<Option<Roster>, StoreError> {
    let Some((from, to)) = training_span(station, today) else {
        return Ok(None);
    };
    let roster = match first_on_record.map(|first| from.max(week_monday(first))) {
        Some(from) if from <= to => {
            let days = (to - from).num_days() as usize + 1;
            store.in_force(station, from, days)?.0
        }
        _ => Roster::new(to, 0, station.staff.len()),
    };
    Ok(Some(roster))
}

/// The whole ISO weeks in force between `from` and `to` and who was off
/// target in them.
fn weeks_off_target_between(
    store: &Store,
    station: &Station,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<WeeksOffTarget, StoreError> {
    let Some((monday, weeks)) = whole_weeks(from, to) else {
        return Ok(WeeksOffTarget::default());
    };
    let (roster, _) = store.in_force(station, monday, 7 * weeks as usize)?;
    Ok(WeeksOffTarget::of_worked(station, &roster))
}

/// Weeks off target in the published history before and after `period`:
/// the editor adds the weeks it shows, as they are edited.
pub fn weeks_off_target_outside(
    store: &Store,
    station: &Station,
    period: Period,
) -> Result<WeeksOffTarget, StoreError> {
    let Some((from, to)) = store.duty_span(None)? else {
        return Ok(WeeksOffTarget::default());
    };
    let before = weeks_off_target_between(store, station, from, period.start - Days::new(1))?;
    let after = weeks_off_target_between(store, station, period.end() + Days::new(1), to)?;
    Ok(before.plus(&after))
}

/// The first Monday on or after `from` and how many whole ISO weeks from it
/// end by `to` (`None`: not one).
fn whole_weeks(from: NaiveDate, to: NaiveDate) -> Option<(NaiveDate, u32)> {
    let monday = from + Days::new((7 - u64::from(from.weekday().num_days_from_monday())) % 7);
    let weeks = ((to - monday).num_days() + 1).div_euclid(7);
    (weeks > 0).then_some((monday, weeks as u32))
}

/// How many times each officer's day in `period` was changed after
/// publishing (iCalendar's SEQUENCE).
pub fn changes_per_day(
    store: &Store,
    station: &Station,
    period: Period,
) -> Result<HashMap<(String, NaiveDate), u32>, StoreError> {
    let mut counts = HashMap::new();
    for change in store.changes(None, period.start, period.end())? {
        if let (Some(id), Some(date)) = (change.staff_id, change.date)
            && station.staff_index(&id).is_some()
        {
            *counts.entry((id, date)).or_default() += 1;
        }
    }
    Ok(counts)
}
