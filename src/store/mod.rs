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
pub use rosters::{DutyTimes, RosterRow, SaveAs};

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
    #[error("{}: the database is locked by another process{}; nothing was changed, try again", path.display(), waited.map(|w| format!(" (waited {:.1} s)", w.as_secs_f64())).unwrap_or_default())]
    Locked {
        /// The file.
        path: PathBuf,
        /// How long this process waited for it, when it measured that.
        waited: Option<Duration>,
    },
    /// The file is an SQLite database of another program.
    #[error("{}: an SQLite database of another program ({detail}), not a duty database; duty does not write into it, and nothing was changed", path.display())]
    NotOurs {
        /// The file.
        path: PathBuf,
        /// What marks it as someone else's.
        detail: String,
    },
    /// A command that only reads was pointed at a file that is not there.
    #[error("{}: no database there (check --db or $DUTY_DB); a command that writes, such as `duty plan --save`, creates it", path.display())]
    Missing {
        /// The file.
        path: PathBuf,
    },
    /// The folder named for the database does not exist: a mistyped
    /// `--db` must not become a new, empty history somewhere else.
    #[error("{}: no such folder for the database {} (check --db or $DUTY_DB); duty creates the database file, never its folder", folder.display(), path.display())]
    NoFolder {
        /// The folder.
        folder: PathBuf,
        /// The database file asked for.
        path: PathBuf,
    },
    /// A database from an older duty, opened by a command that only reads
    /// by a user who cannot upgrade it.
    #[error("{}: written by an older duty (schema {found}); run a command that writes (such as `duty history`) once as a user who may write it, to upgrade it", path.display())]
    NeedsUpgrade {
        /// The file.
        path: PathBuf,
        /// Its schema version.
        found: i64,
    },
    /// Another process saved or published these weeks since the editor
    /// opened them: saving now would silently replace their work.
    #[error("{} to {}: {} #{} was {} by {} at {} since you opened these weeks; nothing was saved (reload to see it)", row.start, row.end, if row.status == "published" { "roster" } else { "draft" }, row.id, if row.status == "published" { "published" } else { "saved" }, row.published_by.as_deref().or(row.saved_by.as_deref()).unwrap_or("someone"), row.published_utc.as_deref().unwrap_or(&row.created_utc))]
    ChangedMeanwhile {
        /// The roster written meanwhile.
        row: Box<rosters::RosterRow>,
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

/// The mark of a duty database in the SQLite header (`PRAGMA
/// application_id`): "DUTY" in ASCII. A file without it that holds
/// tables is another program's, and is never written.
pub const APPLICATION_ID: i32 = 0x4455_5459;

/// What a file's header and schema say about whose it is.
enum Owner {
    /// Ours, or an empty database that nothing else has claimed.
    Duty,
    /// Another program's.
    Other(String),
}

impl Store {
    /// Opens (creating if needed) and migrates the database at `path`, for
    /// a command that writes. The folder must exist, unless it is the
    /// platform's default one (`create_folder`); a file that is another
    /// program's SQLite database is refused before a byte is written.
    /// Several processes may open a new file at once: switching it to WAL
    /// and migrating need the write lock, SQLite answers "busy" at once
    /// (without waiting) when a transaction that has read must upgrade
    /// after another committed, and the migrator reads the version before
    /// its transaction; so opening is retried until the busy timeout, and
    /// the loser of the race then finds the schema in place.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        Store::open_in(path, false)
    }

    /// [`Store::open`], creating the folder first: for the platform's
    /// default location, which a new user has never made.
    pub fn open_creating_folder(path: &Path) -> Result<Store, StoreError> {
        Store::open_in(path, true)
    }

    fn open_in(path: &Path, create_folder: bool) -> Result<Store, StoreError> {
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            if create_folder {
                std::fs::create_dir_all(parent).map_err(|_| StoreError::ReadOnly {
                    path: path.to_path_buf(),
                })?;
            } else if !parent.is_dir() {
                return Err(StoreError::NoFolder {
                    folder: parent.to_path_buf(),
                    path: path.to_path_buf(),
                });
            }
        }
        let started = std::time::Instant::now();
        let deadline = started + busy_timeout();
        loop {
            match Store::open_once(path) {
                Err(StoreError::Locked { .. }) if std::time::Instant::now() < deadline => {
                    std::thread::sleep(Duration::from_millis(20));
                }
                Err(StoreError::Locked { path, .. }) => {
                    return Err(StoreError::Locked {
                        path,
                        waited: Some(started.elapsed()),
                    });
                }
                result => return result,
            }
        }
    }

    /// Opens an existing database for a command that only reads (`now`,
    /// `history`, `print`, `fairness`): no migration, no switch of journal
    /// mode, nothing written, so it works for a user who may only read the
    /// file. A database from an older duty is upgraded when this user may
    /// write it, else refused with what to do.
    pub fn open_read_only(path: &Path) -> Result<Store, StoreError> {
        if !path.is_file() {
            return Err(StoreError::Missing {
                path: path.to_path_buf(),
            });
        }
        let (conn, owned) = match read_only_connection(path, false) {
            Err(StoreError::ReadOnly { .. }) if !wal_file(path).exists() => {
                // WAL needs a shared-memory file beside the database, which
                // a user who may not write the folder cannot create. With
                // no WAL file, no process has the database open, and the
                // file alone is the whole database: read it as it is.
                read_only_connection(path, true)?
            }
            other => other?,
        };
        let version = ours_and_known(&conn, path, owned)?;
        if version < schema::latest_version() as i64 {
            drop(conn);
            return match Store::open(path) {
                Err(StoreError::ReadOnly { .. }) => Err(StoreError::NeedsUpgrade {
                    path: path.to_path_buf(),
                    found: version,
                }),
                other => other,
            };
        }
        Ok(Store {
            conn,
            path: path.to_path_buf(),
        })
    }

    fn open_once(path: &Path) -> Result<Store, StoreError> {
        let fail = |e: rusqlite::Error| classify(path, e);
        let mut conn = Connection::open(path).map_err(fail)?;
        conn.busy_timeout(busy_timeout()).map_err(fail)?;
        let owned = owner(&conn).map_err(fail)?;
        let version = ours_and_known(&conn, path, owned)?;
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
        let now_at = user_version(&conn).map_err(fail)?;
        if migrated.is_err() && now_at > version {
            // Another process migrated the file between our reading of the
            // version and our migration: open again to find its schema.
            return Err(StoreError::Locked {
                path: path.to_path_buf(),
                waited: None,
            });
        }
        migrated.map_err(|e| match e {
            rusqlite_migration::Error::RusqliteError { err, .. } => classify(path, err),
            other => StoreError::Refused(format!(
                "{}: cannot migrate the database: {other}",
                path.display()
            )),
        })?;
        let marked: i32 = conn
            .query_row("PRAGMA application_id", [], |r| r.get(0))
            .map_err(fail)?;
        if marked != APPLICATION_ID {
            // A new file, or one from before the mark: a write, done once.
            conn.pragma_update(None, "application_id", APPLICATION_ID)
                .map_err(fail)?;
        }
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

/// Starts a write transaction that takes the write lock at once
/// (`IMMEDIATE`), waiting out the busy timeout for another writer: a
/// deferred one would fail at once, without waiting, when it must upgrade
/// after another writer committed. (A function of the connection, not of
/// the store, so that the caller may still read the store's path.)
fn begin_write<'c>(
    conn: &'c mut Connection,
    path: &Path,
) -> Result<rusqlite::Transaction<'c>, StoreError> {
    let started = std::time::Instant::now();
    conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
        .map_err(|e| match classify(path, e) {
            StoreError::Locked { path, .. } => StoreError::Locked {
                path,
                waited: Some(started.elapsed()),
            },
            other => other,
        })
}

/// A read-only connection and whose the file is (the first read, which
/// is where SQLite finds out whether it can read at all). `immutable`
/// tells SQLite the file will not change while it is read, so it needs no
/// lock or shared-memory file.
fn read_only_connection(path: &Path, immutable: bool) -> Result<(Connection, Owner), StoreError> {
    let fail = |e: rusqlite::Error| classify(path, e);
    let flags = rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY
        | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX
        | rusqlite::OpenFlags::SQLITE_OPEN_URI;
    let conn = if immutable {
        let absolute = std::fs::canonicalize(path).map_err(|_| StoreError::Missing {
            path: path.to_path_buf(),
        })?;
        let mut uri = String::from("file:");
        for c in absolute.to_string_lossy().chars() {
            match c {
                '%' => uri.push_str("%25"),
                '?' => uri.push_str("%3f"),
                '#' => uri.push_str("%23"),
                c => uri.push(c),
            }
        }
        uri.push_str("?immutable=1");
        Connection::open_with_flags(uri, flags).map_err(fail)?
    } else {
        Connection::open_with_flags(path, flags).map_err(fail)?
    };
    conn.busy_timeout(busy_timeout()).map_err(fail)?;
    let owned = owner(&conn).map_err(fail)?;
    Ok((conn, owned))
}

/// The write-ahead log beside a database file.
fn wal_file(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push("-wal");
    PathBuf::from(name)
}

/// The file's schema version, once it is known to be ours and of a
/// schema this build knows: both checks every opening makes before it
/// touches anything.
fn ours_and_known(conn: &Connection, path: &Path, owned: Owner) -> Result<i64, StoreError> {
    if let Owner::Other(detail) = owned {
        return Err(StoreError::NotOurs {
            path: path.to_path_buf(),
            detail,
        });
    }
    let version = user_version(conn).map_err(|e| classify(path, e))?;
    if version > schema::latest_version() as i64 {
        return Err(StoreError::TooNew {
            path: path.to_path_buf(),
            found: version.to_string(),
            known: schema::latest_version(),
        });
    }
    Ok(version)
}

/// The schema version in the file's header.
fn user_version(conn: &Connection) -> rusqlite::Result<i64> {
    conn.query_row("PRAGMA user_version", [], |r| r.get(0))
}

/// Whose the file is, read without writing: ours when it bears our
/// application id; also when it bears none and is empty (a new file) or
/// holds the tables of a duty database written before the mark.
fn owner(conn: &Connection) -> rusqlite::Result<Owner> {
    // One read transaction, so that the mark, the tables and the version
    // come from one snapshot: read one by one, another process creating a
    // new file could commit its schema in between (no tables, yet a
    // version), and a new duty database looked like someone else's.
    let snapshot = conn.unchecked_transaction()?;
    let id: i32 = snapshot.query_row("PRAGMA application_id", [], |r| r.get(0))?;
    if id == APPLICATION_ID {
        return Ok(Owner::Duty);
    }
    let tables: Vec<String> = snapshot
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let version = user_version(&snapshot)?;
    snapshot.finish()?;
    let ours_unmarked = ["assignments", "changes", "duties", "rosters"]
        .iter()
        .all(|t| tables.iter().any(|name| name == t))
        && (1..=schema::latest_version() as i64).contains(&version);
    Ok(match (id, tables.is_empty()) {
        (0, true) if version == 0 => Owner::Duty,
        (0, false) if ours_unmarked => Owner::Duty,
        (0, _) => Owner::Other(format!(
            "{}: {}",
            crate::text::count(tables.len(), "table"),
            tables
                .iter()
                .take(5)
                .cloned()
                .collect::<Vec<_>>()
                .join(", ")
        )),
        (other, _) => Owner::Other(format!("application id {other:#010x}")),
    })
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
            StoreError::Locked { path, waited: None }
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
        assert!(matches!(
            Store::open(&path),
            Err(StoreError::NoFolder { .. })
        ));
        drop(Store::open_creating_folder(&path).unwrap());
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
        let id: i32 = store
            .conn
            .query_row("PRAGMA application_id", [], |r| r.get(0))
            .unwrap();
        assert_eq!(id, APPLICATION_ID);
    }

    #[test]
    fn another_programs_database_is_refused_without_a_byte_changed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("theirs.db");
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch("CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('keep');")
            .unwrap();
        drop(conn);
        let before = std::fs::read(&path).unwrap();
        for opened in [Store::open(&path), Store::open_read_only(&path)] {
            let message = opened.err().expect("refused").to_string();
            assert!(
                message.contains("another program") && message.contains("notes"),
                "{message}"
            );
        }
        assert_eq!(std::fs::read(&path).unwrap(), before);
        assert!(!dir.path().join("theirs.db-wal").exists());
    }

    #[test]
    fn a_database_written_before_the_mark_is_still_ours() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.db");
        drop(Store::open(&path).unwrap());
        let conn = Connection::open(&path).unwrap();
        conn.pragma_update(None, "application_id", 0).unwrap();
        drop(conn);
        drop(Store::open_read_only(&path).unwrap());
        drop(Store::open(&path).unwrap());
    }

    #[test]
    fn reading_a_missing_database_names_it_and_creates_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("typo.db");
        let message = Store::open_read_only(&path).err().unwrap().to_string();
        assert!(
            message.contains("typo.db") && message.contains("no database"),
            "{message}"
        );
        assert!(!path.exists());
    }
}
