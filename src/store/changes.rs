//! Changes to published rosters (sick calls, swaps, re-plans): applied to
//! the duties in force and written to the audit log in one transaction.

use chrono::NaiveDate;
use rusqlite::{OptionalExtension, params};

use super::rosters::insert_duty;
use super::{Store, StoreError, now_utc};
use crate::model::{Duty, Station};

/// One cell to change: officer (index), day, new duty.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CellChange {
    /// The officer (index into `Station::staff`).
    pub staff: usize,
    /// The day.
    pub date: NaiveDate,
    /// The duty from now on.
    pub duty: Duty,
}

/// What sort of change a cell change is, as the audit log records it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeKind {
    /// One officer put on a duty or off.
    Assign,
    /// Two officers' duties exchanged.
    Swap,
    /// Days re-planned by the solver.
    Replan,
    /// Duties taken off an officer recorded absent.
    Absent,
}

impl ChangeKind {
    /// The spelling stored in `changes.kind`.
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeKind::Assign => "assign",
            ChangeKind::Swap => "swap",
            ChangeKind::Replan => "replan",
            ChangeKind::Absent => "absent",
        }
    }
}

/// Who made a batch of changes, why, and whether it was made although it
/// breaks hard rules: what the audit log keeps with every cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangeNote {
    /// The operator.
    pub operator: String,
    /// Why.
    pub reason: String,
    /// Which use case made it.
    pub kind: ChangeKind,
    /// Made although it breaks hard rules (`--force`).
    pub forced: bool,
}

/// One line of the audit log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangeRow {
    /// When (UTC).
    pub at_utc: String,
    /// Who.
    pub operator: String,
    /// Why.
    pub reason: String,
    /// `publish`, `assign`, `swap` or `replan`.
    pub kind: String,
    /// The roster changed.
    pub roster_id: i64,
    /// The officer, for cell changes.
    pub staff_id: Option<String>,
    /// The day, for cell changes.
    pub date: Option<NaiveDate>,
    /// The duty before (`None` for a day off).
    pub old_duty: Option<String>,
    /// The duty after (`None` for a day off).
    pub new_duty: Option<String>,
    /// Made although it broke hard rules.
    pub forced: bool,
}

impl Store {
    /// Applies cell changes to published days and logs each. All or none:
    /// a day without a published roster refuses the whole batch.
    pub fn apply_changes(
        &mut self,
        station: &Station,
        changes: &[CellChange],
        note: &ChangeNote,
    ) -> Result<usize, StoreError> {
        let path = self.path.clone();
        let fail = |e| super::classify(&path, e);
        let tx = super::begin_write(&mut self.conn, &self.path)?;
        let applied = apply_in(&tx, station, changes, note).map_err(|e| e.into_store(&path))?;
        tx.commit().map_err(fail)?;
        Ok(applied)
    }

    /// The audit log, oldest first, optionally for one officer and a span
    /// of days (publish entries are kept whenever their roster overlaps).
    pub fn changes(
        &self,
        staff_id: Option<&str>,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<ChangeRow>, StoreError> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT c.at_utc, c.operator, c.reason, c.kind, c.roster_id, c.staff_id, c.date, c.old_duty, c.new_duty, c.forced
                 FROM changes c JOIN rosters r ON r.id = c.roster_id
                 WHERE (c.date IS NULL AND r.start_date <= ?3 AND r.end_date >= ?2 AND ?1 IS NULL)
                    OR (c.date >= ?2 AND c.date <= ?3 AND (?1 IS NULL OR c.staff_id = ?1))
                 ORDER BY c.id",
            )
            .map_err(|e| self.fail(e))?;
        let rows = stmt
            .query_map(params![staff_id, from, to], |r| {
                Ok(ChangeRow {
                    at_utc: r.get(0)?,
                    operator: r.get(1)?,
                    reason: r.get(2)?,
                    kind: r.get(3)?,
                    roster_id: r.get(4)?,
                    staff_id: r.get(5)?,
                    date: r.get(6)?,
                    old_duty: r.get(7)?,
                    new_duty: r.get(8)?,
                    forced: r.get(9)?,
                })
            })
            .map_err(|e| self.fail(e))?;
        rows.collect::<Result<_, _>>().map_err(|e| self.fail(e))
    }
}

/// Why a batch of changes stopped inside its transaction.
pub(super) enum ApplyError {
    /// SQLite failed.
    Sql(rusqlite::Error),
    /// A change is not allowed (no published roster that day).
    Refused(StoreError),
}

impl ApplyError {
    /// The store's error for it, SQLite's classified for the file at `path`.
    pub(super) fn into_store(self, path: &std::path::Path) -> StoreError {
        match self {
            ApplyError::Sql(e) => super::classify(path, e),
            ApplyError::Refused(e) => e,
        }
    }
}

impl From<rusqlite::Error> for ApplyError {
    fn from(e: rusqlite::Error) -> Self {
        ApplyError::Sql(e)
    }
}

/// Applies cell changes inside an open transaction and logs each; returns
/// how many cells actually changed.
pub(super) fn apply_in(
    tx: &rusqlite::Transaction,
    station: &Station,
    changes: &[CellChange],
    note: &ChangeNote,
) -> Result<usize, ApplyError> {
    let mut applied = 0;
    for change in changes {
        let staff_id = &station.staff[change.staff].id;
        let roster_id: Option<i64> = tx
            .query_row(
                "SELECT id FROM rosters WHERE status = 'published' AND start_date <= ?1 AND end_date >= ?1",
                params![change.date],
                |r| r.get(0),
            )
            .optional()
            ?;
        let Some(roster_id) = roster_id else {
            return Err(ApplyError::Refused(StoreError::Refused(format!(
                "no published roster covers {}; publish one first (duty publish)",
                change.date
            ))));
        };
        let old: Option<String> = tx
            .query_row(
                "SELECT duty FROM duties WHERE staff_id = ?1 AND date = ?2",
                params![staff_id, change.date],
                |r| r.get(0),
            )
            .optional()?;
        let new = change
            .duty
            .is_working()
            .then(|| change.duty.code(station).to_string());
        if old == new {
            continue;
        }
        tx.execute(
            "DELETE FROM duties WHERE staff_id = ?1 AND date = ?2",
            params![staff_id, change.date],
        )?;
        if change.duty.is_working() {
            let mut insert = tx
                .prepare_cached(
                    "INSERT INTO duties (staff_id, date, duty, start_utc, end_utc, roster_id, night, weekend, holiday, chief)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                )
                ?;
            insert_duty(
                &mut insert,
                station,
                staff_id,
                change.date,
                change.duty,
                roster_id,
            )?;
        }
        tx.execute(
            "INSERT INTO changes (at_utc, operator, reason, kind, roster_id, staff_id, date, old_duty, new_duty, forced)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            params![now_utc(), note.operator, note.reason, note.kind.as_str(), roster_id, staff_id, change.date, old, new, note.forced],
        )
        ?;
        applied += 1;
    }
    Ok(applied)
}
