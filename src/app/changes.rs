//! Day-of changes to published rosters: assign, swap, and absences
//! recorded on the day (a sick call). A change is judged in its context
//! before and after; one that newly breaks a hard rule is refused with the
//! rules listed, unless forced with a reason (recorded). A duty the
//! officer may not take at all is refused even when forced.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::{AppError, Context};
use crate::model::{Duty, Leave, Period, Roster, Station, may_take};
use crate::solver::{Report, Violation};
use crate::store::{CellChange, ChangeKind, ChangeNote, Store};

/// Who asks for a change, why, and whether to go ahead when it breaks
/// hard rules.
#[derive(Debug, Clone)]
pub struct ChangeRequest<'a> {
    /// The operator, for the audit log.
    pub operator: &'a str,
    /// Why (recorded with every cell).
    pub reason: &'a str,
    /// Go ahead even when hard rules newly break.
    pub force: bool,
}

impl ChangeRequest<'_> {
    /// Refuses a request whose operator or reason cannot go into the audit
    /// log as typed.
    fn check(&self) -> Result<(), AppError> {
        super::check_operator(self.operator)?;
        super::check_reason(self.reason)
    }
}

/// What a change did: the cells, and the same judgement the editor
/// previewed before it was made.
#[derive(Debug, Clone)]
pub struct Changed {
    /// The cells asked for.
    pub changes: Vec<CellChange>,
    /// How many cells actually changed.
    pub applied: usize,
    /// What it broke (only when forced), mended and left short after.
    pub judged: ChangePreview,
}

/// What a day-of change would do, before it is made (and, in
/// [`Changed`], what it did).
#[derive(Debug, Clone, Default)]
pub struct ChangePreview {
    /// Hard rules newly broken (the change is refused unless forced).
    pub broken: Vec<Violation>,
    /// Hard violations of the weeks touched that it mends.
    pub mended: usize,
    /// Weekends after the weeks touched that it newly leaves uncoverable
    /// ([`Context::weekends_newly_after`]): a weekend shift given today
    /// can use up the weekend next week needs.
    pub ahead: Vec<super::Finding>,
}

/// What day-of changes would newly break, how many hard violations they
/// would mend and which weekends after they would leave uncoverable,
/// judged as [`assign`] and [`swap`] judge them (the context answering for
/// its whole period, published days included), in a context the caller
/// already holds: the editor shows this before it asks for a reason, and
/// [`assign`] refuses what it calls broken.
pub fn preview_change(
    station: &Station,
    ctx: &Context,
    period_roster: &Roster,
    changes: &[CellChange],
) -> ChangePreview {
    let ctx = ctx.clone().answering_for_whole_period();
    judge_changes(station, &ctx, &ctx.splice(period_roster), changes)
}

/// `changes` laid on `before` (a roster over the context's extended
/// period) and judged against it: the one judgement behind
/// [`preview_change`] and the changes [`assign`] and [`swap`] record.
fn judge_changes(
    station: &Station,
    ctx: &Context,
    before: &Roster,
    changes: &[CellChange],
) -> ChangePreview {
    let mut after = before.clone();
    for c in changes {
        if let Some(d) = ctx.day_of(c.date) {
            after.set(c.staff, d, c.duty);
        }
    }
    let (broken, mended) = compare(station, ctx, before, station, &after);
    ChangePreview {
        broken,
        mended,
        ahead: ctx.weekends_newly_after(station, before, &after),
    }
}

/// Puts one officer on a duty (or off) on one published day.
pub fn assign(
    store: &mut Store,
    station: &Station,
    staff: usize,
    date: NaiveDate,
    duty: Duty,
    request: &ChangeRequest,
) -> Result<Changed, AppError> {
    request.check()?;
    let ctx = change_context(store, station, &[date])?;
    let change = CellChange { staff, date, duty };
    apply(
        store,
        station,
        &ctx,
        vec![change],
        ChangeKind::Assign,
        request,
    )
}

/// Swaps two officers' duties on one published day.
pub fn swap(
    store: &mut Store,
    station: &Station,
    a: usize,
    b: usize,
    date: NaiveDate,
    request: &ChangeRequest,
) -> Result<Changed, AppError> {
    request.check()?;
    if a == b {
        let officer = &station.staff[a];
        return Err(AppError::Invalid(format!(
            "{} ({}) named twice: a swap trades the duties of two officers",
            officer.name, officer.id
        )));
    }
    let ctx = change_context(store, station, &[date])?;
    let d = ctx.day_of(date).expect("the context holds the day");
    let (duty_a, duty_b) = (ctx.start.get(a, d), ctx.start.get(b, d));
    let changes = vec![
        CellChange {
            staff: a,
            date,
            duty: duty_b,
        },
        CellChange {
            staff: b,
            date,
            duty: duty_a,
        },
    ];
    apply(store, station, &ctx, changes, ChangeKind::Swap, request)
}

/// The context of changes on `dates`: the weeks holding them, judged
/// whole, all of them published.
fn change_context(
    store: &Store,
    station: &Station,
    dates: &[NaiveDate],
) -> Result<Context, AppError> {
    let first = *dates.iter().min().expect("at least one change");
    let last = *dates.iter().max().expect("at least one change");
    let start = Period::starting_week_of(first, 1).start;
    let weeks = ((last - start).num_days() / 7 + 1) as u32;
    let ctx = Context::load(store, station, Period { start, weeks }, false)?;
    for &day in dates {
        let d = ctx.day_of(day).expect("the context holds the day");
        if !ctx.published[d] {
            return Err(AppError::NotPublished { day });
        }
    }
    Ok(ctx.answering_for_whole_period())
}

/// Judges `changes` in `ctx` (the weeks holding them) before and after,
/// refuses what newly breaks a hard rule unless forced, and records them.
fn apply(
    store: &mut Store,
    station: &Station,
    ctx: &Context,
    changes: Vec<CellChange>,
    kind: ChangeKind,
    request: &ChangeRequest,
) -> Result<Changed, AppError> {
    for c in &changes {
        may_take(station, c.staff, c.duty).map_err(|why| AppError::Ineligible {
            officer: format!(
                "{} ({})",
                station.staff[c.staff].name, station.staff[c.staff].id
            ),
            duty: c.duty.code(station).to_string(),
            why: why.explain(),
        })?;
    }
    // `change_context` holds every day changed.
    let judged = judge_changes(station, ctx, &ctx.start, &changes);
    if !judged.broken.is_empty() && !request.force {
        return Err(AppError::BreaksHardRules {
            subject: "this change".into(),
            violations: judged.broken,
        });
    }
    let note = ChangeNote {
        operator: request.operator.to_string(),
        reason: request.reason.to_string(),
        kind,
        forced: !judged.broken.is_empty(),
    };
    let applied = store.apply_changes(station, &changes, &note)?;
    Ok(Changed {
        changes,
        applied,
        judged,
    })
}

/// Hard violations of `after` (judged against `station_after`) that are
/// new or heavier than in `before`, and how many of `before`'s are gone.
fn compare(
    station: &Station,
    ctx: &Context,
    before: &Roster,
    station_after: &Station,
    after: &Roster,
) -> (Vec<Violation>, usize) {
    let was = ctx.judge(station, before, None);
    let now = ctx.judge(station_after, after, None);
    let weights = |report: &Report| {
        let mut map: HashMap<_, i64> = HashMap::new();
        for v in report.hard() {
            *map.entry((v.constraint, v.staff, v.days.clone()))
                .or_default() += v.penalty;
        }
        map
    };
    let (w_was, w_now) = (weights(&was), weights(&now));
    let broken = now
        .hard()
        .filter(|v| {
            let key = (v.constraint, v.staff, v.days.clone());
            w_now[&key] > w_was.get(&key).copied().unwrap_or(0)
        })
        .cloned()
        .collect();
    let mended = w_was.keys().filter(|k| !w_now.contains_key(*k)).count();
    (broken, mended)
}

/// Records an absence on the day (a sick call) and takes the officer off
/// every duty in force on those days, in one transaction. It is a fact,
/// never refused for the gaps it leaves: those come back as `broken`, to
/// be mended with a re-plan. Absences on days not yet published are kept
/// too, and respected when those days are planned.
pub fn record_absence(
    store: &mut Store,
    station: &Station,
    leave: Leave,
    request: &ChangeRequest,
) -> Result<Changed, AppError> {
    request.check()?;
    if leave.to < leave.from || (leave.to - leave.from).num_days() > 365 {
        return Err(AppError::Invalid(
            "--from .. --to must be in order and at most a year".into(),
        ));
    }
    let mut published = Vec::new();
    for day in leave.from.iter_days().take_while(|&d| d <= leave.to) {
        if store.published_on(day)?.is_some() {
            published.push(day);
        }
    }
    let mut after_station = station.clone();
    after_station.leave.push(leave.clone());
    let (broken, mended) = if published.is_empty() {
        (Vec::new(), 0)
    } else {
        let ctx = change_context(store, station, &published)?;
        let mut after = ctx.start.clone();
        for d in 0..after.days {
            if leave.covers(after.date(d)) {
                after.set(leave.staff, d, Duty::Off);
            }
        }
        compare(station, &ctx, &ctx.start, &after_station, &after)
    };
    let note = ChangeNote {
        operator: request.operator.to_string(),
        reason: request.reason.to_string(),
        kind: ChangeKind::Absent,
        forced: false,
    };
    let changes = store.record_absence(station, &leave, &note)?;
    Ok(Changed {
        applied: changes.len(),
        changes,
        judged: ChangePreview {
            broken,
            mended,
            // Taking an officer off duty spends no weekend.
            ahead: Vec::new(),
        },
    })
}

/// A saved draft that puts an absent officer on duty while away.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DraftOnLeave {
    /// The draft's id.
    pub id: i64,
    /// Its first day (a Monday).
    pub start: NaiveDate,
    /// Its last day.
    pub end: NaiveDate,
    /// The days of the absence on which the draft has the officer on duty.
    pub days: Vec<NaiveDate>,
}

/// The newest draft of each week not yet published that has the absent
/// officer on duty in the absence: publishing refuses such a draft, and a
/// sick call recorded today is not news to whoever saved it last week, so
/// `duty absent` says which to plan again.
pub fn drafts_on_leave(
    store: &Store,
    station: &Station,
    leave: &Leave,
) -> Result<Vec<DraftOnLeave>, AppError> {
    let mut found = Vec::new();
    let mut starts: Vec<NaiveDate> = store
        .rosters(leave.from, leave.to)?
        .into_iter()
        .filter(|row| row.status == "draft")
        .map(|row| row.start)
        .collect();
    starts.dedup();
    for start in starts {
        let Some(row) = store.latest_draft(start)? else {
            continue;
        };
        if store.published_on(row.start)?.is_some() {
            continue;
        }
        let roster = store.load_roster(station, &row)?;
        let days: Vec<NaiveDate> = (0..roster.days)
            .filter(|&d| leave.covers(roster.date(d)) && roster.get(leave.staff, d).is_working())
            .map(|d| roster.date(d))
            .collect();
        if !days.is_empty() {
            found.push(DraftOnLeave {
                id: row.id,
                start: row.start,
                end: row.end,
                days,
            });
        }
    }
    Ok(found)
}
