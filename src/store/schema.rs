//! The database schema, as numbered migrations. Never edit a migration that
//! has shipped; add the next one. The version lives in `PRAGMA user_version`.

use rusqlite_migration::{M, Migrations};

const MIGRATIONS: &[M<'static>] = &[
    // 1: rosters, their duties, what is in force, the audit log.
    M::up(
        r#"
CREATE TABLE rosters (
    id            INTEGER PRIMARY KEY,
    station       TEXT NOT NULL,
    start_date    TEXT NOT NULL,            -- local date of the first day (a Monday)
    end_date      TEXT NOT NULL,            -- local date of the last day
    status        TEXT NOT NULL CHECK (status IN ('draft', 'published')),
    score_hard    INTEGER NOT NULL,
    score_soft    INTEGER NOT NULL,
    rules_hash    TEXT NOT NULL,            -- of rules.toml + staff.toml when saved
    created_utc   TEXT NOT NULL,
    published_utc TEXT,
    published_by  TEXT,
    forced_reason TEXT                      -- why hard violations were published
);
CREATE INDEX rosters_period ON rosters (start_date, status);

-- The duties of a roster as saved or published: never changed afterwards.
CREATE TABLE assignments (
    roster_id INTEGER NOT NULL REFERENCES rosters (id) ON DELETE CASCADE,
    staff_id  TEXT NOT NULL,
    date      TEXT NOT NULL,
    duty      TEXT NOT NULL,                -- shift code or CHIEF
    PRIMARY KEY (roster_id, staff_id, date)
) WITHOUT ROWID;

-- What is in force: published duties with every later change applied.
-- Days off have no row. Instants are Unix seconds, UTC.
CREATE TABLE duties (
    staff_id  TEXT NOT NULL,
    date      TEXT NOT NULL,
    duty      TEXT NOT NULL,
    start_utc INTEGER NOT NULL,
    end_utc   INTEGER NOT NULL,
    roster_id INTEGER NOT NULL REFERENCES rosters (id),
    night     INTEGER NOT NULL,
    weekend   INTEGER NOT NULL,
    holiday   INTEGER NOT NULL,
    chief     INTEGER NOT NULL,
    PRIMARY KEY (staff_id, date)
) WITHOUT ROWID;
CREATE INDEX duties_start ON duties (start_utc);
CREATE INDEX duties_date ON duties (date);

-- The audit log: every change to a published roster.
CREATE TABLE changes (
    id        INTEGER PRIMARY KEY,
    at_utc    TEXT NOT NULL,
    operator  TEXT NOT NULL,
    reason    TEXT NOT NULL,
    kind      TEXT NOT NULL CHECK (kind IN ('assign', 'swap', 'replan', 'publish')),
    roster_id INTEGER NOT NULL REFERENCES rosters (id),
    staff_id  TEXT,
    date      TEXT,
    old_duty  TEXT,                          -- NULL for a day off
    new_duty  TEXT
);
CREATE INDEX changes_staff ON changes (staff_id, date);
"#,
    ),
    // 2: absences recorded on the day (a sick call), the cells a draft
    // keeps pinned, and forced changes marked in the audit log.
    M::up(
        r#"
CREATE TABLE changes_v2 (
    id        INTEGER PRIMARY KEY,
    at_utc    TEXT NOT NULL,
    operator  TEXT NOT NULL,
    reason    TEXT NOT NULL,
    kind      TEXT NOT NULL CHECK (kind IN ('assign', 'swap', 'replan', 'publish', 'absent')),
    roster_id INTEGER NOT NULL REFERENCES rosters (id),
    staff_id  TEXT,
    date      TEXT,
    old_duty  TEXT,                          -- NULL for a day off
    new_duty  TEXT,
    forced    INTEGER NOT NULL DEFAULT 0     -- 1: made although it breaks hard rules
);
INSERT INTO changes_v2 (id, at_utc, operator, reason, kind, roster_id, staff_id, date, old_duty, new_duty)
    SELECT id, at_utc, operator, reason, kind, roster_id, staff_id, date, old_duty, new_duty FROM changes;
DROP TABLE changes;
ALTER TABLE changes_v2 RENAME TO changes;
CREATE INDEX changes_staff ON changes (staff_id, date);

-- Cells of a draft the solver must not move (manual edits), kept with it.
CREATE TABLE draft_pins (
    roster_id INTEGER NOT NULL REFERENCES rosters (id) ON DELETE CASCADE,
    staff_id  TEXT NOT NULL,
    date      TEXT NOT NULL,
    PRIMARY KEY (roster_id, staff_id, date)
) WITHOUT ROWID;

-- Absences recorded on the day (sick calls): leave that staff.toml does not hold.
CREATE TABLE absences (
    id        INTEGER PRIMARY KEY,
    staff_id  TEXT NOT NULL,
    from_date TEXT NOT NULL,
    to_date   TEXT NOT NULL,
    kind      TEXT NOT NULL,
    reason    TEXT NOT NULL,
    operator  TEXT NOT NULL,
    at_utc    TEXT NOT NULL
);
CREATE INDEX absences_span ON absences (to_date, from_date);
"#,
    ),
    // 3: who saved each draft, so an editor refused for saving over a
    // week changed meanwhile can say who changed it.
    M::up("ALTER TABLE rosters ADD COLUMN saved_by TEXT;"),
    // 4: what is in force over a span is read from the date index alone
    // (staff and duty beside the date), not row by row from the table:
    // the editor reads every published week to count weeks off target.
    M::up(
        r#"
DROP INDEX duties_date;
CREATE INDEX duties_date ON duties (date, staff_id, duty);
"#,
    ),
    // 5: how each draft was made (planned with which seed, edited,
    // imported from which file), so the history can say where a roster
    // came from and a planned one can be made again.
    M::up("ALTER TABLE rosters ADD COLUMN origin TEXT;"),
];

/// The project's migrations.
pub fn migrations() -> Migrations<'static> {
    Migrations::from_slice(MIGRATIONS)
}

/// The schema version this build writes.
pub fn latest_version() -> usize {
    MIGRATIONS.len()
}

#[cfg(test)]
mod tests {
    #[test]
    fn migrations_are_valid() {
        assert!(super::migrations().validate().is_ok());
    }
}
