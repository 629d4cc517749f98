//! Re-planning a few published days (after a sick call): the days of the
//! window are solved again with everything else pinned, each changed cell
//! costing the `stability` weight, so the fewest officers move. When the
//! window asked for cannot be repaired, it is widened a day at a time on
//! each side, up to [`MAX_WIDEN_DAYS`], and the outcome says so. It never
//! widens onto a day before today, and today it never moves a duty that
//! has already started: those were worked (or missed) as published, and
//! the record of them is not the re-plan's to rewrite. A day past is
//! re-planned only when the manager asks for it by date.

use std::sync::atomic::AtomicBool;

use chrono::{DateTime, Days, NaiveDate, Utc};

use super::{AppError, Context, Solved, solve};
use crate::model::{Duty, Period, Roster, Station};
use crate::solver::{SearchLimits, Violation};
use crate::store::{CellChange, ChangeKind, ChangeNote, Store};

/// How many days a re-plan may widen its window on each side by itself.
pub const MAX_WIDEN_DAYS: u64 = 3;
/// The longest window a re-plan takes.
const MAX_WINDOW_DAYS: i64 = 28;

/// The window to re-plan that mends `broken` (violations a change left):
/// from the first day they touch to the last, at most the longest window
/// a re-plan takes, so the command suggested runs as written (an absence
/// of months breaks a day or two of the weeks published, not months).
pub fn mend_window(broken: &[Violation]) -> Option<(NaiveDate, NaiveDate)> {
    let days = broken.iter().flat_map(|v| v.days.iter().copied());
    let from = days.clone().min()?;
    let last = from + Days::new(MAX_WINDOW_DAYS as u64 - 1);
    Some((from, days.max()?.min(last)))
}

/// A re-plan found (not yet recorded).
#[derive(Debug, Clone)]
pub struct Replanned {
    /// The window asked for.
    pub asked: (NaiveDate, NaiveDate),
    /// The window solved: wider than asked when that could not be repaired.
    pub window: (NaiveDate, NaiveDate),
    /// The cells that change, in date order.
    pub changes: Vec<CellChange>,
    /// The solve; its verdict answers for the window's days.
    pub solved: Solved,
    /// The roster in force before, over the solved days.
    pub baseline: crate::model::Roster,
    /// Today, when widening stopped at days before it: they have passed,
    /// and the manager is told why the window is no wider.
    pub held_at: Option<NaiveDate>,
    /// When the re-plan was asked: a change onto a duty that began before
    /// it calls the officer in for the rest of that duty.
    pub now: DateTime<Utc>,
    /// Weekends after the published weeks that the re-plan leaves
    /// uncoverable and were not before ([`Context::weekends_after`]).
    pub ahead: Vec<super::Finding>,
}

impl Replanned {
    /// The duty a changed cell had before.
    pub fn was(&self, change: &CellChange) -> Duty {
        self.baseline
            .day_index(change.date)
            .map_or(Duty::Off, |d| self.baseline.get(change.staff, d))
    }

    /// True when the window had to be widened.
    pub fn widened(&self) -> bool {
        self.window != self.asked
    }

    /// One change as the manager reads it before recording it, the day
    /// left to the caller: "Tang Kai (PA13): - -> L", and "(called in:
    /// under way since 14:00)" when that duty has already begun.
    pub fn describe(&self, station: &Station, change: &CellChange) -> String {
        change_line(station, self.was(change), change, self.now)
    }
}

/// Re-plans `from..=to` of the published roster, widening the window
/// when hard rules cannot be met inside it, but not onto days before
/// today (the station's date at `now`) that the manager did not ask for,
/// and, on today's date, keeping every duty that started before `now`.
pub fn replan(
    store: &Store,
    station: &Station,
    (from, to): (NaiveDate, NaiveDate),
    now: DateTime<Utc>,
    limits: &SearchLimits,
    cancel: &AtomicBool,
) -> Result<Replanned, AppError> {
    if to < from || (to - from).num_days() >= MAX_WINDOW_DAYS {
        return Err(AppError::Invalid(format!(
            "--from .. --to must be 1 to {MAX_WINDOW_DAYS} days, in order"
        )));
    }
    for day in from.iter_days().take_while(|&d| d <= to) {
        if store.published_on(day)?.is_none() {
            return Err(AppError::NotPublished { day });
        }
    }
    let today = now.with_timezone(&station.timezone).date_naive();
    let mut window = (from, to);
    let mut held_at = None;
    let asked = Asked {
        days: (from, to),
        now,
        today,
    };
    let mut best = attempt(store, station, &asked, window, limits, cancel)?;
    for _ in 0..MAX_WIDEN_DAYS {
        if best.solved.report.score.is_feasible() {
            break;
        }
        // Days asked for may lie in the past (a record put right); the
        // window grows only onto days from today on.
        let (back, forward) = (widen(store, window.0, -1)?, widen(store, window.1, 1)?);
        let keep = |day: NaiveDate, was: NaiveDate| if day < today { was } else { day };
        let wider = (keep(back, window.0), keep(forward, window.1));
        if back < today || forward < today {
            held_at = Some(today);
        }
        if wider == window {
            break;
        }
        window = wider;
        best = attempt(store, station, &asked, window, limits, cancel)?;
    }
    Ok(Replanned { held_at, ..best })
}

/// The day next to `day` in direction `step` when it is published, else
/// `day` itself.
fn widen(store: &Store, day: NaiveDate, step: i64) -> Result<NaiveDate, AppError> {
    let next = if step < 0 {
        day - Days::new(1)
    } else {
        day + Days::new(1)
    };
    Ok(if store.published_on(next)?.is_some() {
        next
    } else {
        day
    })
}

/// What the manager asked to re-plan, and when (the instant, and the
/// station's date at it).
struct Asked {
    days: (NaiveDate, NaiveDate),
    now: DateTime<Utc>,
    today: NaiveDate,
}

fn attempt(
    store: &Store,
    station: &Station,
    asked: &Asked,
    window: (NaiveDate, NaiveDate),
    limits: &SearchLimits,
    cancel: &AtomicBool,
) -> Result<Replanned, AppError> {
    let first = Period::starting_week_of(window.0, 1).start;
    let weeks = ((window.1 - first).num_days() / 7 + 1) as u32;
    let mut ctx = Context::load(
        store,
        station,
        Period {
            start: first,
            weeks,
        },
        false,
    )?;
    let baseline = ctx.start.clone();
    let days: Vec<usize> = (0..baseline.days)
        .filter(|&d| (window.0..=window.1).contains(&baseline.date(d)))
        .collect();
    ctx.reopen(&days);
    let today_only: Vec<usize> = days
        .iter()
        .copied()
        .filter(|&d| baseline.date(d) == asked.today)
        .collect();
    pin_started(station, &mut ctx.start, &today_only, asked.now);
    let solved = solve(
        station,
        &ctx,
        Some(&baseline),
        limits.clone(),
        cancel,
        &mut |_, _| {},
    )?;
    let mut changes = Vec::new();
    for &d in &days {
        for s in 0..baseline.staff {
            let (was, now) = (baseline.get(s, d), solved.roster.get(s, d));
            if was != now {
                changes.push(CellChange {
                    staff: s,
                    date: baseline.date(d),
                    duty: now,
                });
            }
        }
    }
    changes.sort_by_key(|c| (c.date, c.staff));
    let ahead = ctx.weekends_newly_after(station, &baseline, &solved.roster);
    Ok(Replanned {
        ahead,
        asked: asked.days,
        window,
        changes,
        solved,
        baseline,
        held_at: None,
        now: asked.now,
    })
}

/// Pins the duties on `days` that started before `now`: an officer on an
/// early shift at ten has worked four hours of it, and a re-plan that
/// moved them would rewrite what happened. Duties still to start stay
/// open, as do days off (someone may be called in).
fn pin_started(station: &Station, roster: &mut Roster, days: &[usize], now: DateTime<Utc>) {
    for &d in days {
        let date = roster.date(d);
        for s in 0..roster.staff {
            if began_by(station, roster.get(s, d), date, now).is_some() {
                roster.set_pinned(s, d, true);
            }
        }
    }
}

/// When `duty` on `date` began, if it had by `now`: a duty under way or
/// done, which a re-plan keeps (`pin_started`) or calls someone in to
/// (`change_line`).
fn began_by(
    station: &Station,
    duty: Duty,
    date: NaiveDate,
    now: DateTime<Utc>,
) -> Option<DateTime<chrono_tz::Tz>> {
    let start = duty.interval(station, date)?.start;
    (start <= now).then_some(start)
}

/// A change read before it is recorded. A duty that began before `now`
/// (today, a shift under way) calls the officer in for the rest of it:
/// they arrive late, and the manager reads that before saying yes.
fn change_line(station: &Station, was: Duty, change: &CellChange, now: DateTime<Utc>) -> String {
    let officer = &station.staff[change.staff];
    let mut line = format!(
        "{} ({}): {} -> {}",
        officer.name,
        officer.id,
        was.code(station),
        change.duty.code(station)
    );
    if let Some(start) = began_by(station, change.duty, change.date, now) {
        line.push_str(&format!(
            " (called in: under way since {})",
            start.format("%H:%M")
        ));
    }
    line
}

/// Records a re-plan's changes in the audit log; refuses one that still
/// breaks hard rules.
pub fn apply_replan(
    store: &mut Store,
    station: &Station,
    replanned: &Replanned,
    operator: &str,
    reason: &str,
) -> Result<usize, AppError> {
    super::check_operator(operator)?;
    super::check_reason(reason)?;
    let hard: Vec<_> = replanned.solved.report.hard().cloned().collect();
    if !hard.is_empty() {
        return Err(AppError::BreaksHardRules {
            subject: "the re-plan".into(),
            violations: hard,
        });
    }
    let note = ChangeNote {
        operator: operator.to_string(),
        reason: reason.to_string(),
        kind: ChangeKind::Replan,
        forced: false,
    };
    Ok(store.apply_changes(station, &replanned.changes, &note)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Constraint;

    fn violation_on(days: &[&str]) -> Violation {
        Violation {
            constraint: Constraint::MinCover,
            staff: None,
            days: days.iter().map(|d| d.parse().unwrap()).collect(),
            penalty: 1,
            message: String::new(),
        }
    }

    #[test]
    fn duties_already_started_are_pinned_and_the_rest_of_the_day_is_not() {
        use chrono::TimeZone;
        let station = crate::sample::station_without_leave();
        let monday = "2026-11-30".parse::<NaiveDate>().unwrap();
        let mut roster = Roster::new(monday, 7, station.staff.len());
        let shift = |code: &str| Duty::Shift(station.shift_index(code).unwrap());
        let (early, late, night) = (0, 1, 2);
        roster.set(early, 2, shift("E"));
        roster.set(late, 2, shift("L"));
        roster.set(night, 1, shift("N"));
        roster.set(night, 2, shift("N"));
        // Wednesday 10:00 in Shanghai: the early began at 06:00, the late
        // and the night begin later; Tuesday's night ended at 06:00.
        let now = station
            .timezone
            .with_ymd_and_hms(2026, 12, 2, 10, 0, 0)
            .unwrap()
            .with_timezone(&Utc);
        pin_started(&station, &mut roster, &[1, 2], now);
        assert!(roster.is_pinned(early, 2));
        assert!(!roster.is_pinned(late, 2) && !roster.is_pinned(night, 2));
        assert!(roster.is_pinned(night, 1), "Tuesday's night was worked");
        assert!(!roster.is_pinned(3, 2), "a day off may still be called in");
    }

    #[test]
    fn a_change_onto_a_shift_under_way_says_the_officer_is_called_in() {
        use chrono::TimeZone;
        let station = crate::sample::station_without_leave();
        let wednesday = "2026-12-02".parse::<NaiveDate>().unwrap();
        let onto = |code: &str| CellChange {
            staff: 0,
            date: wednesday,
            duty: Duty::Shift(station.shift_index(code).unwrap()),
        };
        let now = station
            .timezone
            .with_ymd_and_hms(2026, 12, 2, 10, 0, 0)
            .unwrap()
            .with_timezone(&Utc);
        let name = &station.staff[0].name;
        assert_eq!(
            change_line(&station, Duty::Off, &onto("E"), now),
            format!("{name} (ST01): - -> E (called in: under way since 06:00)")
        );
        assert_eq!(
            change_line(&station, Duty::Off, &onto("L"), now),
            format!("{name} (ST01): - -> L")
        );
    }

    #[test]
    fn the_mend_window_spans_the_days_broken_and_no_more_than_a_replan_takes() {
        let day = |d: &str| d.parse::<NaiveDate>().unwrap();
        assert_eq!(mend_window(&[]), None);
        let weekend = [violation_on(&["2026-12-06"]), violation_on(&["2026-12-05"])];
        assert_eq!(
            mend_window(&weekend),
            Some((day("2026-12-05"), day("2026-12-06")))
        );
        let months = [violation_on(&["2026-12-05", "2027-03-31"])];
        assert_eq!(
            mend_window(&months),
            Some((day("2026-12-05"), day("2027-01-01")))
        );
    }
}
