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
}

impl Store {
    /// Applies cell changes to published days and logs each. All or none:
    /// a day without a published roster refuses the whole batch.
    pub fn apply_changes(
        &mut self,
        station: &Station,
        changes: &[CellChange],
        operator: &str,
        reason: &str,
        kind: &str,
    ) -> Result<usize, StoreError> {
        let path = self.path.clone();
        let fail = |e| super::classify(&path, e);
        let tx = self.conn.transaction().map_err(fail)?;
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
                .map_err(fail)?;
            let Some(roster_id) = roster_id else {
                return Err(StoreError::Refused(format!(
                    "no published roster covers {}; publish one first (duty publish)",
                    change.date
                )));
            };
            let old: Option<String> = tx
                .query_row(
                    "SELECT duty FROM duties WHERE staff_id = ?1 AND date = ?2",
                    params![staff_id, change.date],
                    |r| r.get(0),
                )
                .optional()
                .map_err(fail)?;
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
            )
            .map_err(fail)?;
            if change.duty.is_working() {
                let mut insert = tx
                    .prepare_cached(
                        "INSERT INTO duties (staff_id, date, duty, start_utc, end_utc, roster_id, night, weekend, holiday, chief)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                    )
                    .map_err(fail)?;
                insert_duty(
                    &mut insert,
                    station,
                    staff_id,
                    change.date,
                    change.duty,
                    roster_id,
                )
                .map_err(fail)?;
            }
            tx.execute(
                "INSERT INTO changes (at_utc, operator, reason, kind, roster_id, staff_id, date, old_duty, new_duty)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                params![now_utc(), operator, reason, kind, roster_id, staff_id, change.date, old, new],
            )
            .map_err(fail)?;
            applied += 1;
        }
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
                "SELECT c.at_utc, c.operator, c.reason, c.kind, c.roster_id, c.staff_id, c.date, c.old_duty, c.new_duty
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
                })
            })
            .map_err(|e| self.fail(e))?;
        rows.collect::<Result<_, _>>().map_err(|e| self.fail(e))
    }
}
