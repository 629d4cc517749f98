//! Absences recorded on the day (a sick call): kept beside the duties so
//! that every later judgement, solve, print and "who is on now" treats the
//! officer as away, and written in the same transaction that takes the
//! officer's duties in force off those days.

use chrono::NaiveDate;
use rusqlite::params;

use super::changes::{ChangeKind, ChangeNote, apply_in};
use super::{CellChange, Store, StoreError, now_utc};
use crate::model::{Duty, Leave, LeaveKind, Station};

/// One stored absence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AbsenceRow {
    /// The officer's id.
    pub staff_id: String,
    /// First day away.
    pub from: NaiveDate,
    /// Last day away.
    pub to: NaiveDate,
    /// Why, as a leave kind.
    pub kind: LeaveKind,
    /// The reason given.
    pub reason: String,
    /// Who recorded it.
    pub operator: String,
    /// When it was recorded (UTC, RFC 3339): when the audit log says the
    /// station learnt of it.
    pub at_utc: String,
}

impl Store {
    /// Records an absence and takes the officer off every duty in force
    /// on those days (logged as `absent` changes), all in one transaction.
    /// Returns the cells that changed.
    pub fn record_absence(
        &mut self,
        station: &Station,
        leave: &Leave,
        note: &ChangeNote,
    ) -> Result<Vec<CellChange>, StoreError> {
        let path = self.path.clone();
        let fail = |e| super::classify(&path, e);
        let staff_id = station.staff[leave.staff].id.clone();
        let tx = super::begin_write(&mut self.conn, &self.path)?;
        tx.execute(
            "INSERT INTO absences (staff_id, from_date, to_date, kind, reason, operator, at_utc)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                staff_id,
                leave.from,
                leave.to,
                leave.kind.as_str(),
                note.reason,
                note.operator,
                now_utc()
            ],
        )
        .map_err(fail)?;
        let dates: Vec<NaiveDate> = {
            let mut stmt = tx
                .prepare("SELECT date FROM duties WHERE staff_id = ?1 AND date >= ?2 AND date <= ?3 ORDER BY date")
                .map_err(fail)?;
            let rows = stmt
                .query_map(params![staff_id, leave.from, leave.to], |r| r.get(0))
                .map_err(fail)?;
            rows.collect::<Result<_, _>>().map_err(fail)?
        };
        let changes: Vec<CellChange> = dates
            .into_iter()
            .map(|date| CellChange {
                staff: leave.staff,
                date,
                duty: Duty::Off,
            })
            .collect();
        let note = ChangeNote {
            kind: ChangeKind::Absent,
            ..note.clone()
        };
        apply_in(&tx, station, &changes, &note).map_err(|e| e.into_store(&path))?;
        tx.commit().map_err(fail)?;
        Ok(changes)
    }

    /// Every absence recorded, oldest first.
    pub fn absences(&self) -> Result<Vec<AbsenceRow>, StoreError> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT staff_id, from_date, to_date, kind, reason, operator, at_utc FROM absences ORDER BY id",
            )
            .map_err(|e| self.fail(e))?;
        let rows = stmt
            .query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, NaiveDate>(1)?,
                    r.get::<_, NaiveDate>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, String>(4)?,
                    r.get::<_, String>(5)?,
                    r.get::<_, String>(6)?,
                ))
            })
            .map_err(|e| self.fail(e))?;
        let mut out = Vec::new();
        for row in rows {
            let (staff_id, from, to, kind, reason, operator, at_utc) =
                row.map_err(|e| self.fail(e))?;
            let kind = LeaveKind::parse(&kind).ok_or_else(|| {
                StoreError::Refused(format!(
                    "the database holds an absence of kind {kind} for {staff_id}; this duty knows {}",
                    LeaveKind::NAMES
                ))
            })?;
            out.push(AbsenceRow {
                staff_id,
                from,
                to,
                kind,
                reason,
                operator,
                at_utc,
            });
        }
        Ok(out)
    }
}
