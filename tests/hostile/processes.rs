//! Databases that are not ours, many writers at once, and users who may
//! only read.

use crate::common::OutputByDeadline;
use std::process::Stdio;

use crate::common::{Sandbox, finish_within, text};
use crate::{code, published};

#[test]
fn another_programs_sqlite_file_is_refused_without_a_byte_changed() {
    let sb = Sandbox::new("data");
    let conn = rusqlite::Connection::open(&sb.db).unwrap();
    conn.execute_batch("CREATE TABLE contacts (name TEXT); INSERT INTO contacts VALUES ('keep');")
        .unwrap();
    drop(conn);
    let before = std::fs::read(&sb.db).unwrap();
    for args in [
        vec!["history"],
        vec![
            "plan", "--week", "2026-W49", "--weeks", "1", "--moves", "1000", "--save",
        ],
    ] {
        let out = sb.duty(&args);
        assert_eq!(code(&out), 1, "{args:?}");
        let stderr = text(&out.stderr);
        assert!(
            stderr.contains("another program") && stderr.contains("contacts"),
            "{stderr}"
        );
    }
    assert_eq!(std::fs::read(&sb.db).unwrap(), before);
    let wal = sb.dir.path().join("duty.db-wal");
    assert!(!wal.exists(), "not switched to WAL");
}

#[test]
fn a_mistyped_db_is_an_error_naming_it_and_creates_nothing() {
    let sb = Sandbox::new("data");
    let typo = sb.dir.path().join("no/such/folder/duty.db");
    let with_typo = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_duty"))
            .args(args)
            .arg("--data")
            .arg(&sb.data)
            .arg("--db")
            .arg(&typo)
            .output_by_deadline()
    };
    let out = with_typo(&["history"]);
    assert_eq!(code(&out), 1);
    assert!(text(&out.stderr).contains("no/such/folder/duty.db: no database there"));
    assert!(!sb.dir.path().join("no").exists());
    // A command that writes names the missing folder, and does not tell
    // the user to run itself.
    let out = with_typo(&["plan", "--moves", "1000", "--save"]);
    assert_eq!(code(&out), 1);
    let said = text(&out.stderr);
    assert!(
        said.contains("no/such/folder: no such folder for the database"),
        "{said}"
    );
    assert!(!said.contains("duty plan --save"), "{said}");
    assert!(!sb.dir.path().join("no").exists());
}

/// Spawns every command at once and waits for all, with a deadline.
fn all_at_once(sb: &Sandbox, commands: &[Vec<String>]) -> Vec<std::process::Output> {
    let children: Vec<_> = commands
        .iter()
        .map(|args| {
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            sb.command(&args)
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    children
        .into_iter()
        .map(|child| finish_within(child, 240, "a writer"))
        .collect()
}

#[test]
fn fifty_writers_at_once_all_succeed_in_turn_and_nothing_is_lost() {
    let sb = published();
    let station = dutyroster::config::load_dir(&sb.data).unwrap();
    let before: i64 = sb
        .sql()
        .query_row(
            "SELECT COUNT(*) FROM changes WHERE kind = 'assign'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    // 50 different cells, each set to a day off: no two writers collide on
    // a cell, so every one must be recorded exactly once.
    let cells: Vec<(String, String)> = station
        .staff
        .iter()
        .flat_map(|o| {
            ["2026-12-01", "2026-12-02"]
                .into_iter()
                .map(move |d| (o.id.clone(), d.to_string()))
        })
        .take(50)
        .collect();
    assert_eq!(cells.len(), 50);
    let commands: Vec<Vec<String>> = cells
        .iter()
        .map(|(id, date)| {
            [
                "assign",
                id,
                date,
                "off",
                "--force",
                "--reason",
                "load test",
                "--by",
                "tester",
            ]
            .iter()
            .map(|s| s.to_string())
            .collect()
        })
        .collect();
    let outputs = all_at_once(&sb, &commands);
    for (out, args) in outputs.iter().zip(&commands) {
        assert_eq!(code(out), 0, "{args:?}: {}", text(&out.stderr));
    }
    let sql = sb.sql();
    for (id, date) in &cells {
        let duty: Option<String> = sql
            .query_row(
                "SELECT duty FROM duties WHERE staff_id = ?1 AND date = ?2",
                [id, date],
                |r| r.get(0),
            )
            .ok();
        assert_eq!(duty, None, "{id} {date} is off");
    }
    let logged: i64 = sql
        .query_row(
            "SELECT COUNT(DISTINCT staff_id || date) FROM changes WHERE kind = 'assign' AND reason = 'load test'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let rows: i64 = sql
        .query_row(
            "SELECT COUNT(*) FROM changes WHERE kind = 'assign'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    // A cell already off is not logged (nothing changed); every other is once.
    assert_eq!(logged, rows - before, "no change logged twice");
    assert!(logged > 0);
}

#[test]
fn publish_and_assign_together_both_succeed() {
    let sb = published();
    let planned = sb.duty(&[
        "plan", "--week", "2026-W50", "--weeks", "1", "--moves", "300000", "--save",
    ]);
    assert!(matches!(code(&planned), 0 | 4), "{}", text(&planned.stderr));
    let commands: Vec<Vec<String>> = [
        vec!["publish", "2026-W50", "--force", "--reason", "test set-up"],
        vec![
            "assign",
            "ST05",
            "2026-12-03",
            "off",
            "--force",
            "--reason",
            "sick",
        ],
        vec![
            "assign",
            "ST06",
            "2026-12-04",
            "off",
            "--force",
            "--reason",
            "sick",
        ],
    ]
    .iter()
    .map(|c| c.iter().map(|s| s.to_string()).collect())
    .collect();
    for (out, args) in all_at_once(&sb, &commands).iter().zip(&commands) {
        assert_eq!(code(out), 0, "{args:?}: {}", text(&out.stderr));
    }
}

#[test]
fn a_user_who_may_only_read_can_ask_now_history_print_and_fairness() {
    let sb = published();
    let dir = sb.dir.path();
    let root = running_as_root();
    let set_mode = |path: &std::path::Path, mode: u32| {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
    };
    // Root is not stopped by permissions: then the commands run as nobody,
    // from a copy of the binary nobody can reach (the build folder may be
    // closed to other users).
    let program = if root {
        let copy = dir.join("duty");
        std::fs::copy(env!("CARGO_BIN_EXE_duty"), &copy).unwrap();
        set_mode(&copy, 0o755);
        copy
    } else {
        std::path::PathBuf::from(env!("CARGO_BIN_EXE_duty"))
    };
    set_mode(&sb.db, 0o444);
    set_mode(&sb.data, 0o555);
    set_mode(dir, 0o555);
    let commands: [&[&str]; 4] = [
        &["now", "--at", "2026-12-02 10:00"],
        &["history", "--from", "2026-11-01", "--to", "2026-12-31"],
        &["print", "2026-W49"],
        &["fairness"],
    ];
    let mut results = Vec::new();
    for args in commands {
        let mut command = sb.command_of(&program, args);
        if root {
            use std::os::unix::process::CommandExt;
            command.uid(65534).gid(65534);
        }
        results.push((args, command.output_by_deadline()));
    }
    set_mode(dir, 0o755);
    set_mode(&sb.data, 0o755);
    set_mode(&sb.db, 0o644);
    for (args, out) in results {
        assert_eq!(code(&out), 0, "{args:?}: {}", text(&out.stderr));
        assert!(!out.stdout.is_empty());
    }
    assert!(
        !dir.join("duty.db-wal").exists() || root,
        "nothing written by the readers"
    );
}

/// Whether this process runs as root, read from /proc (no libc call).
fn running_as_root() -> bool {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find(|l| l.starts_with("Uid:"))
                .and_then(|l| l.split_whitespace().nth(2).map(|euid| euid == "0"))
        })
        .unwrap_or(false)
}
