//! "Who is on duty now?": one indexed range query on the duties in force.

use rusqlite::params;

use super::{Store, StoreError};

/// The longest duty, which bounds how far back a running duty can start.
const LONGEST_DUTY_SECONDS: i64 = 48 * 3600;

/// One officer on duty at the moment asked about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OnDuty {
    /// Officer id.
    pub staff_id: String,
    /// Shift code or `CHIEF`.
    pub duty: String,
    /// Start, Unix seconds UTC.
    pub start_utc: i64,
    /// End, Unix seconds UTC.
    pub end_utc: i64,
}

/// Everyone on duty at one instant and when the next handover is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snapshot {
    /// Officers on duty, ordered by duty then start.
    pub on_duty: Vec<OnDuty>,
    /// The next instant a duty starts or ends, Unix seconds UTC.
    pub next_handover: Option<i64>,
}

impl Store {
    /// Who is on duty at `instant` (Unix seconds UTC).
    pub fn snapshot(&self, instant: i64) -> Result<Snapshot, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT staff_id, duty, start_utc, end_utc FROM duties
                 WHERE start_utc > ?1 - ?2 AND start_utc <= ?1 AND end_utc > ?1
                 ORDER BY duty, start_utc, staff_id",
            )
            .map_err(|e| self.fail(e))?;
        let on_duty: Vec<OnDuty> = stmt
            .query_map(params![instant, LONGEST_DUTY_SECONDS], |r| {
                Ok(OnDuty {
                    staff_id: r.get(0)?,
                    duty: r.get(1)?,
                    start_utc: r.get(2)?,
                    end_utc: r.get(3)?,
                })
            })
            .map_err(|e| self.fail(e))?
            .collect::<Result<_, _>>()
            .map_err(|e| self.fail(e))?;
        let next_start: Option<i64> = self
            .conn
            .query_row(
                "SELECT MIN(start_utc) FROM duties WHERE start_utc > ?1",
                params![instant],
                |r| r.get(0),
            )
            .map_err(|e| self.fail(e))?;
        let next_end = on_duty.iter().map(|d| d.end_utc).min();
        let next_handover = match (next_start, next_end) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        Ok(Snapshot {
            on_duty,
            next_handover,
        })
    }
}
