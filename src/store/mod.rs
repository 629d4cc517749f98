//! History in SQLite: drafts, published rosters, the duties in force, the
//! audit log of changes, and the fairness ledger read from them. WAL mode
//! and a busy timeout let `duty now` read while a publish writes; every
//! multi-row write is one transaction, so a crash leaves all or nothing.
//! This module knows SQL; what a roster means stays in `model`.

mod absences;
mod changes;
mod now;
mod rosters;
pub mod schema;

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, ErrorCode};

pub use absences::AbsenceRow;
pub use changes::{CellChange, ChangeKind, ChangeNote, ChangeRow};
pub use now::{OnDuty, Snapshot};
pub use rosters::{RosterRow, parse_duty};

/// How long a writer waits for another process's lock before giving up
/// (`DUTY_BUSY_TIMEOUT_MS` overrides it, for tests and slow disks).
pub fn busy_timeout() -> Duration {
    std::env::var("DUTY_BUSY_TIMEOUT_MS")
        .ok()
        .and_then(|ms| ms.parse().ok())
        .map_or(Duration::from_secs(10), Duration::from_millis)
}

/// Why the store could not do what was asked.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The file exists but is not an SQLite database.
    #[error("{}: not a duty database (the file is not SQLite, or it is damaged); nothing was changed", path.display())]
    NotADatabase {
        /// The file.
        path: PathBuf,
    },
    /// A newer `duty` wrote this database.
    #[error("{}: written by a newer version of duty (schema {found}, this one knows up to {known}); upgrade duty to use it", path.display())]
    TooNew {
        /// The file.
        path: PathBuf,
        /// Its schema version.
        found: String,
        /// The newest this build knows.
        known: usize,
    },
    /// The file or its folder cannot be written.
    #[error("{}: the database is read-only (check the file's and its folder's permissions); nothing was changed", path.display())]
    ReadOnly {
        /// The file.
        path: PathBuf,
    },
    /// Another process held the lock too long.
    #[error("{}: the database is locked by another process (waited {:.1} s); nothing was changed, try again", path.display(), busy_timeout().as_secs_f64())]
    Locked {
        /// The file.
        path: PathBuf,
    },
    /// The request contradicts what is stored (such as publishing twice).
    #[error("{0}")]
    Refused(String),
    /// Any other SQLite failure.
    #[error("{}: {source}", path.display())]
    Sqlite {
        /// The file.
        path: PathBuf,
        /// What SQLite said.
        source: rusqlite::Error,
    },
}

/// An open database.
pub struct Store {
    conn: Connection,
    path: PathBuf,
}

impl Store {
    /// Opens (creating if needed) and migrates the database at `path`.
    /// Several processes may open a new file at once: switching it to WAL
    /// and migrating need the write lock, SQLite answers "busy" at once
    /// (without waiting) when a transaction that has read must upgrade
    /// after another committed, and the migrator reads the version before
    /// its transaction; so opening is retried until the busy timeout, and
    /// the loser of the race then finds the schema in place.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(|_| StoreError::ReadOnly {
                path: path.to_path_buf(),
            })?;
        }
        let deadline = std::time::Instant::now() + busy_timeout();
        loop {
            match Store::open_once(path) {
                Err(StoreError::Locked { .. }) if std::time::Instant::now() < deadline => {
                    std::thread::sleep(Duration::from_millis(20));
                }
                result => return result,
            }
        }
    }

    fn open_once(path: &Path) -> Result<Store, StoreError> {
        let fail = |e: rusqlite::Error| classify(path, e);
        let mut conn = Connection::open(path).map_err(fail)?;
        conn.busy_timeout(busy_timeout()).map_err(fail)?;
        let version: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(fail)?;
        if version > schema::latest_version() as i64 {
            return Err(StoreError::TooNew {
                path: path.to_path_buf(),
                found: version.to_string(),
                known: schema::latest_version(),
            });
        }
        let mode: String = conn
            .query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))
            .map_err(fail)?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(StoreError::ReadOnly {
                path: path.to_path_buf(),
            });
        }
        conn.execute_batch("PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;")
            .map_err(fail)?;
        let migrated = schema::migrations().to_latest(&mut conn);
        let now_at: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(fail)?;
        if migrated.is_err() && now_at > version {
            // Another process migrated the file between our reading of the
            // version and our migration: open again to find its schema.
            return Err(StoreError::Locked {
                path: path.to_path_buf(),
            });
        }
        migrated.map_err(|e| match e {
            rusqlite_migration::Error::RusqliteError { err, .. } => classify(path, err),
            other => StoreError::Refused(format!(
                "{}: cannot migrate the database: {other}",
                path.display()
            )),
        })?;
        Ok(Store {
            conn,
            path: path.to_path_buf(),
        })
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    fn fail(&self, e: rusqlite::Error) -> StoreError {
        classify(&self.path, e)
    }
}

/// Turns SQLite's error codes into messages a duty manager can act on.
fn classify(path: &Path, e: rusqlite::Error) -> StoreError {
    let path = path.to_path_buf();
    match e.sqlite_error_code() {
        Some(ErrorCode::NotADatabase) => StoreError::NotADatabase { path },
        Some(ErrorCode::ReadOnly)
        | Some(ErrorCode::CannotOpen)
        | Some(ErrorCode::PermissionDenied) => StoreError::ReadOnly { path },
        Some(ErrorCode::DatabaseBusy) | Some(ErrorCode::DatabaseLocked) => {
            StoreError::Locked { path }
        }
        _ => StoreError::Sqlite { path, source: e },
    }
}

/// Now, as stored: RFC 3339 UTC.
fn now_utc() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_read_only_connection_is_reported_as_read_only() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("duty.db");
        drop(Store::open(&path).unwrap());
        let conn =
            Connection::open_with_flags(&path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
        let err = conn
            .execute("INSERT INTO changes (at_utc, operator, reason, kind, roster_id) VALUES ('', '', '', 'assign', 1)", [])
            .unwrap_err();
        let message = classify(&path, err).to_string();
        assert!(message.contains("read-only"), "{message}");
    }

    #[test]
    fn processes_opening_a_new_file_at_once_all_succeed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("duty.db");
        let threads: Vec<_> = (0..8)
            .map(|_| {
                let path = path.clone();
                std::thread::spawn(move || Store::open(&path).map(|_| ()))
            })
            .collect();
        for thread in threads {
            thread.join().unwrap().unwrap();
        }
    }

    #[test]
    fn opening_twice_is_idempotent_and_uses_wal() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("nested/duty.db");
        drop(Store::open(&path).unwrap());
        let store = Store::open(&path).unwrap();
        let mode: String = store
            .conn
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))
            .unwrap();
        assert_eq!(mode, "wal");
        let version: i64 = store
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(version, schema::latest_version() as i64);
    }
}
