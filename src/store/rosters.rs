//! Drafts and published rosters, and the duties in force that publishing
//! creates. A published period is never rewritten: later edits are changes.

use chrono::NaiveDate;
use rusqlite::{OptionalExtension, params};

use super::{Store, StoreError, now_utc};
use crate::model::{Category, Duty, Ledger, Roster, Station};

/// One stored roster, without its duties.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RosterRow {
    /// Database id.
    pub id: i64,
    /// First day.
    pub start: NaiveDate,
    /// Last day.
    pub end: NaiveDate,
    /// `draft` or `published`.
    pub status: String,
    /// Hard score when saved.
    pub hard: i64,
    /// Soft score when saved.
    pub soft: i64,
    /// When it was saved (UTC).
    pub created_utc: String,
    /// When it was published (UTC), if it was.
    pub published_utc: Option<String>,
    /// Who published it.
    pub published_by: Option<String>,
    /// Why it was published with hard violations, if it was.
    pub forced_reason: Option<String>,
    /// Who saved it (unknown for rosters saved before duty recorded it).
    pub saved_by: Option<String>,
    /// How it was made ([`SaveAs::origin`]; unknown for rosters saved
    /// before duty recorded it).
    pub origin: Option<String>,
}

impl RosterRow {
    /// The whole weeks it spans (rosters are saved in whole weeks).
    pub fn weeks(&self) -> i64 {
        ((self.end - self.start).num_days() + 1) / 7
    }
}

const ROSTER_COLUMNS: &str = "id, start_date, end_date, status, score_hard, score_soft, created_utc, published_utc, published_by, forced_reason, saved_by, origin";

/// How a draft is saved: under which rules, by whom, and, for an editor
/// that opened the weeks earlier, the newest roster of those weeks it saw
/// then (`Some(None)`: none), so that saving over a change made meanwhile
/// by another process is refused inside the same transaction.
#[derive(Debug, Clone, Copy)]
pub struct SaveAs<'a> {
    /// The fingerprint of the station's files.
    pub rules_hash: &'a str,
    /// Who saves it.
    pub saved_by: &'a str,
    /// How the roster was made, in a few words for the history ("planned:
    /// duty plan 2026-W49 --weeks 1 --seed 1 --moves 8000000 --threads 2";
    /// "imported from past.csv"): a roster typed in
    /// from paper, or planned with a seed that can be run again, is told
    /// apart from one edited by hand when it is questioned later.
    pub origin: &'a str,
    /// The newest roster id of the weeks when they were opened; `None`
    /// saves whatever happened meanwhile (the CLI's `plan --save`).
    pub unchanged_since: Option<Option<i64>>,
}

fn roster_row(r: &rusqlite::Row) -> rusqlite::Result<RosterRow> {
    Ok(RosterRow {
        id: r.get(0)?,
        start: r.get(1)?,
        end: r.get(2)?,
        status: r.get(3)?,
        hard: r.get(4)?,
        soft: r.get(5)?,
        created_utc: r.get(6)?,
        published_utc: r.get(7)?,
        published_by: r.get(8)?,
        forced_reason: r.get(9)?,
        saved_by: r.get(10)?,
        origin: r.get(11)?,
    })
}

/// [`Store::latest_between`] on a connection or inside a transaction.
fn latest_between(
    conn: &rusqlite::Connection,
    from: NaiveDate,
    to: NaiveDate,
) -> rusqlite::Result<Option<RosterRow>> {
    conn.query_row(
        &format!("SELECT {ROSTER_COLUMNS} FROM rosters WHERE start_date BETWEEN ?1 AND ?2 ORDER BY id DESC LIMIT 1"),
        params![from, to],
        roster_row,
    )
    .optional()
}

/// A duty in force with the instants it was published with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DutyTimes {
    /// Officer id.
    pub staff_id: String,
    /// The local date it starts on.
    pub date: NaiveDate,
    /// Shift code or `CHIEF`.
    pub duty: String,
    /// Start, Unix seconds UTC.
    pub start_utc: i64,
    /// End, Unix seconds UTC.
    pub end_utc: i64,
}

impl Store {
    /// Saves a roster as a draft and returns its id.
    pub fn save_draft(
        &mut self,
        station: &Station,
        roster: &Roster,
        (hard, soft): (i64, i64),
        save: &SaveAs,
    ) -> Result<i64, StoreError> {
        let (first, last) = (roster.start, roster.date(roster.days - 1));
        let tx = super::begin_write(&mut self.conn, &self.path)?;
        if let Some(seen) = save.unchanged_since {
            let newest =
                latest_between(&tx, first, last).map_err(|e| super::classify(&self.path, e))?;
            if let Some(row) = newest.filter(|row| Some(row.id) != seen) {
                return Err(StoreError::ChangedMeanwhile { row: Box::new(row) });
            }
        }
        let id = (|| {
            tx.execute(
                "INSERT INTO rosters (station, start_date, end_date, status, score_hard, score_soft, rules_hash, created_utc, saved_by, origin)
                 VALUES (?1, ?2, ?3, 'draft', ?4, ?5, ?6, ?7, ?8, ?9)",
                params![station.name, first, last, hard, soft, save.rules_hash, now_utc(), save.saved_by, save.origin],
            )?;
            let id = tx.last_insert_rowid();
            let mut insert = tx.prepare("INSERT INTO assignments (roster_id, staff_id, date, duty) VALUES (?1, ?2, ?3, ?4)")?;
            for s in 0..roster.staff {
                for d in 0..roster.days {
                    let duty = roster.get(s, d);
                    if duty.is_working() {
                        insert.execute(params![id, station.staff[s].id, roster.date(d), duty.code(station)])?;
                    }
                }
            }
            drop(insert);
            let mut pin = tx.prepare("INSERT INTO draft_pins (roster_id, staff_id, date) VALUES (?1, ?2, ?3)")?;
            for s in 0..roster.staff {
                for d in 0..roster.days {
                    if roster.is_pinned(s, d) {
                        pin.execute(params![id, station.staff[s].id, roster.date(d)])?;
                    }
                }
            }
            drop(pin);
            Ok(id)
        })()
        .map_err(|e| super::classify(&self.path, e))?;
        tx.commit().map_err(|e| super::classify(&self.path, e))?;
        Ok(id)
    }

    /// The newest roster (draft or published) starting within `[from,
    /// to]`: what an editor of those weeks saw last.
    pub fn latest_between(
        &self,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Option<RosterRow>, StoreError> {
        latest_between(&self.conn, from, to).map_err(|e| self.fail(e))
    }

    /// The newest draft starting on `start`.
    pub fn latest_draft(&self, start: NaiveDate) -> Result<Option<RosterRow>, StoreError> {
        self.conn
            .query_row(
                &format!("SELECT {ROSTER_COLUMNS} FROM rosters WHERE start_date = ?1 AND status = 'draft' ORDER BY id DESC LIMIT 1"),
                params![start],
                roster_row,
            )
            .optional()
            .map_err(|e| self.fail(e))
    }

    /// Every roster overlapping `[from, to]`, oldest first.
    pub fn rosters(&self, from: NaiveDate, to: NaiveDate) -> Result<Vec<RosterRow>, StoreError> {
        let mut stmt = self
            .conn
            .prepare(&format!("SELECT {ROSTER_COLUMNS} FROM rosters WHERE start_date <= ?2 AND end_date >= ?1 ORDER BY start_date, id"))
            .map_err(|e| self.fail(e))?;
        let rows = stmt
            .query_map(params![from, to], roster_row)
            .map_err(|e| self.fail(e))?;
        rows.collect::<Result<_, _>>().map_err(|e| self.fail(e))
    }

    /// The published roster covering a date, if any.
    pub fn published_on(&self, date: NaiveDate) -> Result<Option<RosterRow>, StoreError> {
        self.conn
            .query_row(
                &format!("SELECT {ROSTER_COLUMNS} FROM rosters WHERE status = 'published' AND start_date <= ?1 AND end_date >= ?1 LIMIT 1"),
                params![date],
                roster_row,
            )
            .optional()
            .map_err(|e| self.fail(e))
    }

    /// A stored roster's duties as saved, with the cells its editor
    /// pinned, as a roster over its own days.
    pub fn load_roster(&self, station: &Station, row: &RosterRow) -> Result<Roster, StoreError> {
        let days = (row.end - row.start).num_days() as usize + 1;
        let mut roster = Roster::new(row.start, days, station.staff.len());
        self.place_rows(
            station,
            &mut roster,
            "SELECT staff_id, date, duty FROM assignments WHERE roster_id = ?1",
            params![row.id],
        )?;
        let mut stmt = self
            .conn
            .prepare("SELECT staff_id, date FROM draft_pins WHERE roster_id = ?1")
            .map_err(|e| self.fail(e))?;
        let pins = stmt
            .query_map(params![row.id], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, NaiveDate>(1)?))
            })
            .map_err(|e| self.fail(e))?;
        for pin in pins {
            let (staff_id, date) = pin.map_err(|e| self.fail(e))?;
            if let (Some(s), Some(d)) = (station.staff_index(&staff_id), roster.day_index(date)) {
                roster.set_pinned(s, d, true);
            }
        }
        Ok(roster)
    }

    /// Puts the (staff_id, date, duty) rows a query returns into `roster`.
    fn place_rows(
        &self,
        station: &Station,
        roster: &mut Roster,
        sql: &str,
        params: impl rusqlite::Params,
    ) -> Result<(), StoreError> {
        let mut stmt = self.conn.prepare(sql).map_err(|e| self.fail(e))?;
        let rows = stmt
            .query_map(params, |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, NaiveDate>(1)?,
                    r.get::<_, String>(2)?,
                ))
            })
            .map_err(|e| self.fail(e))?;
        // A year of history is some 70 000 rows for 200 officers: look each
        // id up in a map, not along the staff list.
        let staff = station.staff_by_id();
        for item in rows {
            let (staff_id, date, code) = item.map_err(|e| self.fail(e))?;
            // An officer who has left: history only.
            if let Some(&s) = staff.get(staff_id.as_str()) {
                place(station, roster, s, date, &code)?;
            }
        }
        Ok(())
    }

    /// Publishes a draft: one transaction that marks it published and puts
    /// its duties in force. Refuses when any day of it is already published.
    pub fn publish(
        &mut self,
        station: &Station,
        row: &RosterRow,
        operator: &str,
        forced_reason: Option<&str>,
    ) -> Result<(), StoreError> {
        let roster = self.load_roster(station, row)?;
        let path = self.path.clone();
        let tx = super::begin_write(&mut self.conn, &self.path)?;
        let clash: Option<(NaiveDate, NaiveDate)> = tx
            .query_row(
                "SELECT start_date, end_date FROM rosters WHERE status = 'published' AND start_date <= ?2 AND end_date >= ?1 LIMIT 1",
                params![row.start, row.end],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()
            .map_err(|e| super::classify(&path, e))?;
        if let Some((a, b)) = clash {
            return Err(StoreError::Refused(format!(
                "{a} to {b} is already published; a published roster is never rewritten: change it with `duty assign`, `duty swap` or `duty replan`"
            )));
        }
        (|| {
            tx.execute(
                "UPDATE rosters SET status = 'published', published_utc = ?2, published_by = ?3, forced_reason = ?4 WHERE id = ?1",
                params![row.id, now_utc(), operator, forced_reason],
            )?;
            let mut insert = tx.prepare(
                "INSERT INTO duties (staff_id, date, duty, start_utc, end_utc, roster_id, night, weekend, holiday, chief)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            )?;
            for s in 0..roster.staff {
                for d in 0..roster.days {
                    let (date, duty) = (roster.date(d), roster.get(s, d));
                    if duty.is_working() {
                        insert_duty(&mut insert, station, &station.staff[s].id, date, duty, row.id)?;
                    }
                }
            }
            drop(insert);
            tx.execute(
                "INSERT INTO changes (at_utc, operator, reason, kind, roster_id) VALUES (?1, ?2, ?3, 'publish', ?4)",
                params![now_utc(), operator, forced_reason.unwrap_or("published"), row.id],
            )?;
            Ok(())
        })()
        .map_err(|e| super::classify(&path, e))?;
        tx.commit().map_err(|e| super::classify(&path, e))
    }

    /// The duties in force for `days` days from `start` (published rosters
    /// with their changes), as a roster; days without a published roster
    /// are off. Also says which days are published.
    pub fn in_force(
        &self,
        station: &Station,
        start: NaiveDate,
        days: usize,
    ) -> Result<(Roster, Vec<bool>), StoreError> {
        let mut roster = Roster::new(start, days, station.staff.len());
        // No days asked: nothing in force (and no last day to ask up to).
        let Some(last) = days.checked_sub(1) else {
            return Ok((roster, Vec::new()));
        };
        let end = roster.date(last);
        self.place_rows(
            station,
            &mut roster,
            "SELECT staff_id, date, duty FROM duties WHERE date >= ?1 AND date <= ?2",
            params![start, end],
        )?;
        let mut published = vec![false; days];
        for row in self
            .rosters(start, end)?
            .iter()
            .filter(|r| r.status == "published")
        {
            for (d, flag) in published.iter_mut().enumerate() {
                let date = roster.date(d);
                *flag |= row.start <= date && date <= row.end;
            }
        }
        Ok((roster, published))
    }

    /// Duties in force from `from` to `to` held by ids `station` does not
    /// know (an officer taken out of staff.toml), as (id, date, duty code),
    /// by id and date: [`Store::in_force`] leaves them out of the roster.
    pub fn duties_of_unknown_staff(
        &self,
        station: &Station,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<(String, NaiveDate, String)>, StoreError> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT staff_id, date, duty FROM duties WHERE date >= ?1 AND date <= ?2
                 ORDER BY staff_id, date",
            )
            .map_err(|e| self.fail(e))?;
        let rows = stmt
            .query_map(params![from, to], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, NaiveDate>(1)?, r.get(2)?))
            })
            .map_err(|e| self.fail(e))?;
        let known: std::collections::HashSet<&str> =
            station.staff.iter().map(|o| o.id.as_str()).collect();
        let mut unknown = Vec::new();
        for row in rows {
            let row = row.map_err(|e| self.fail(e))?;
            if !known.contains(row.0.as_str()) {
                unknown.push(row);
            }
        }
        Ok(unknown)
    }

    /// Duties in force from `from` to `to` with the instants they were
    /// published with, by date and id: what `duty now` answers from.
    pub fn duty_times(&self, from: NaiveDate, to: NaiveDate) -> Result<Vec<DutyTimes>, StoreError> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT staff_id, date, duty, start_utc, end_utc FROM duties
                 WHERE date >= ?1 AND date <= ?2 ORDER BY date, staff_id",
            )
            .map_err(|e| self.fail(e))?;
        let rows = stmt
            .query_map(params![from, to], |r| {
                Ok(DutyTimes {
                    staff_id: r.get(0)?,
                    date: r.get(1)?,
                    duty: r.get(2)?,
                    start_utc: r.get(3)?,
                    end_utc: r.get(4)?,
                })
            })
            .map_err(|e| self.fail(e))?;
        rows.collect::<Result<_, _>>().map_err(|e| self.fail(e))
    }

    /// The first day of the first published roster: where the station's
    /// record begins. A cross-training window reaching before it is cut
    /// there, as the solver cuts it at the first week it holds (nobody
    /// knows what trainees did before `duty` kept the roster).
    pub fn record_begins(&self) -> Result<Option<NaiveDate>, StoreError> {
        self.conn
            .query_row(
                "SELECT MIN(start_date) FROM rosters WHERE status = 'published'",
                [],
                |r| r.get(0),
            )
            .map_err(|e| self.fail(e))
    }

    /// The first and last day holding a duty in force, within the two
    /// days of `within` (inclusive) when given: the span a fairness ledger
    /// covers.
    pub fn duty_span(
        &self,
        within: Option<(NaiveDate, NaiveDate)>,
    ) -> Result<Option<(NaiveDate, NaiveDate)>, StoreError> {
        let (first, last) = within.unzip();
        self.conn
            .query_row(
                "SELECT MIN(date), MAX(date) FROM duties
                 WHERE ?1 IS NULL OR (date >= ?1 AND date <= ?2)",
                params![first, last],
                |r| {
                    Ok(r.get::<_, Option<NaiveDate>>(0)?
                        .zip(r.get::<_, Option<NaiveDate>>(1)?))
                },
            )
            .map_err(|e| self.fail(e))
    }

    /// Fairness counts from every duty in force outside the two days of
    /// `excluded` (inclusive; the weeks being planned), and within those
    /// of `within` when given. Bounds are NULL when absent: dates are
    /// stored as text, and a sentinel such as `NaiveDate::MAX` reads
    /// "+262142-12-31", which sorts before every real date.
    pub fn ledger_outside(
        &self,
        excluded: Option<(NaiveDate, NaiveDate)>,
        within: Option<(NaiveDate, NaiveDate)>,
    ) -> Result<Ledger, StoreError> {
        let (from, to) = excluded.unzip();
        let (first, last) = within.unzip();
        let mut stmt = self
            .conn
            .prepare(&format!(
                "SELECT staff_id, duty, COUNT(*), SUM(night), SUM(weekend), SUM(holiday), SUM(chief),
                        SUM(end_utc - start_utc) / 60
                 FROM duties WHERE {LEDGER_DATES}
                 GROUP BY staff_id, duty"
            ))
            .map_err(|e| self.fail(e))?;
        let rows = stmt
            .query_map(params![from, to, first, last], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, i64>(2)?,
                    [r.get::<_, i64>(3)?, r.get(4)?, r.get(5)?, r.get(6)?],
                    r.get::<_, i64>(7)?,
                ))
            })
            .map_err(|e| self.fail(e))?;
        let mut ledger = Ledger::default();
        for item in rows {
            let (staff_id, duty, n, counts, minutes) = item.map_err(|e| self.fail(e))?;
            for category in Category::ALL {
                ledger.add(&staff_id, category, counts[category.index()].max(0) as u32);
            }
            ledger.add_worked(&staff_id, &duty, n.max(0) as u32);
            ledger.add_minutes(&staff_id, minutes);
        }
        // The weeks each officer worked in: how long they have been on
        // the roster; and whether they worked the weekend of each. A week
        // is numbered by its Julian day number over 7 (Mondays are those
        // divisible by 7), cheaper per row than date()'s text (a third
        // less on a year of 200 officers).
        let mut stmt = self
            .conn
            .prepare(&format!(
                "SELECT staff_id, CAST(julianday(date) + 0.5 AS INTEGER) / 7 AS week, MAX(weekend)
                 FROM duties WHERE {LEDGER_DATES}
                 GROUP BY staff_id, week"
            ))
            .map_err(|e| self.fail(e))?;
        let weeks = stmt
            .query_map(params![from, to, first, last], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, i64>(1)?,
                    r.get::<_, bool>(2)?,
                ))
            })
            .map_err(|e| self.fail(e))?;
        for item in weeks {
            let (staff_id, week, weekend) = item.map_err(|e| self.fail(e))?;
            if let Some(monday) = monday_of_julian_week(week) {
                ledger.add_week(&staff_id, monday);
                if weekend {
                    ledger.add_weekend(&staff_id, monday);
                }
            }
        }
        Ok(ledger)
    }
}

/// The days a ledger counts: outside ?1..=?2 and inside ?3..=?4, each
/// pair NULL when absent.
const LEDGER_DATES: &str = "(?1 IS NULL OR date < ?1 OR date > ?2)
     AND (?3 IS NULL OR (date >= ?3 AND date <= ?4))";

/// The Monday of week `week`, numbered as Julian day numbers over 7.
fn monday_of_julian_week(week: i64) -> Option<NaiveDate> {
    // Julian day number 1 721 426 is 0001-01-01, day 1 of the common era.
    let days_from_ce = i32::try_from(week * 7 - 1_721_425).ok()?;
    NaiveDate::from_num_days_from_ce_opt(days_from_ce)
}

/// Puts officer `s`'s stored duty into a roster, refusing a code the
/// station no longer knows (the rules changed under the history).
fn place(
    station: &Station,
    roster: &mut Roster,
    s: usize,
    date: NaiveDate,
    code: &str,
) -> Result<(), StoreError> {
    let duty = Duty::from_code(station, code).ok_or_else(|| {
        let staff_id = &station.staff[s].id;
        StoreError::Refused(format!("the database holds duty {code} for {staff_id} on {date}, but rules.toml has no such shift"))
    })?;
    if let Some(d) = roster.day_index(date) {
        roster.set(s, d, duty);
    }
    Ok(())
}

/// Inserts one duty in force with its real instants and fairness flags.
pub(super) fn insert_duty(
    insert: &mut rusqlite::Statement,
    station: &Station,
    staff_id: &str,
    date: NaiveDate,
    duty: Duty,
    roster_id: i64,
) -> rusqlite::Result<usize> {
    let interval = duty
        .interval(station, date)
        .expect("a working duty has an interval");
    let flag = |c: Category| i64::from(c.counts(station, date, duty));
    insert.execute(params![
        staff_id,
        date,
        duty.code(station),
        interval.start_utc().timestamp(),
        interval.end_utc().timestamp(),
        roster_id,
        flag(Category::Nights),
        flag(Category::WeekendDays),
        flag(Category::HolidayDays),
        flag(Category::ChiefWatches),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    /// No days asked for is nothing in force, not a panic reaching for a
    /// last day before the first (`duty fairness --on` a day before the
    /// record asked for that).
    #[test]
    fn nothing_is_in_force_over_no_days() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("duty.db")).unwrap();
        let station = crate::sample::station_without_leave();
        let day = "2026-12-07".parse().unwrap();
        let (roster, published) = store.in_force(&station, day, 0).unwrap();
        assert_eq!((roster.days, published.len()), (0, 0));
        assert_eq!(store.record_begins().unwrap(), None);
    }

    #[test]
    fn a_julian_week_number_names_the_monday_of_its_iso_week() {
        let conn = rusqlite::Connection::open_in_memory().unwrap();
        for (date, monday) in [
            ("2026-11-30", "2026-11-30"),
            ("2026-12-02", "2026-11-30"),
            ("2026-12-06", "2026-11-30"),
            ("2026-12-07", "2026-12-07"),
            ("2000-01-01", "1999-12-27"),
        ] {
            let week: i64 = conn
                .query_row(
                    "SELECT CAST(julianday(?1) + 0.5 AS INTEGER) / 7",
                    [date],
                    |r| r.get(0),
                )
                .unwrap();
            assert_eq!(
                monday_of_julian_week(week),
                Some(monday.parse().unwrap()),
                "{date}"
            );
        }
    }
}
