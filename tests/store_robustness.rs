//! The database under stress: a publish killed at many points leaves all or
//! nothing; `duty now` reads while another process publishes; DST nights;
//! and files that are not, or no longer, ours to write.

mod common;

use common::OutputByDeadline;
use std::process::Stdio;
use std::time::Duration;

use common::{Sandbox, text};

/// A sandbox with a saved draft for 2026-W49, checkpointed into one file.
fn with_draft() -> Sandbox {
    let sb = Sandbox::new("data");
    sb.ok(&[
        "plan", "--week", "2026-W49", "--weeks", "1", "--moves", "3000000", "--save",
    ]);
    sb.sql()
        .execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")
        .unwrap();
    sb
}

#[test]
fn a_publish_killed_at_any_point_leaves_the_whole_roster_or_none() {
    let template = with_draft();
    let expected: i64 = template
        .sql()
        .query_row("SELECT COUNT(*) FROM assignments", [], |r| r.get(0))
        .unwrap();
    assert!(expected > 100);
    let (mut whole, mut none) = (0, 0);
    // Kill points every 200 µs across the few milliseconds a publish takes.
    let delays: Vec<u64> = (0..40).map(|i| i * 200).collect();
    for &delay_us in &delays {
        let sb = Sandbox::new("data");
        std::fs::copy(&template.db, &sb.db).unwrap();
        let mut child = sb
            .command(&["publish", "2026-W49"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_micros(delay_us));
        let _ = child.kill(); // SIGKILL on Unix
        let _ = child.wait();
        let conn = sb.sql();
        let check: String = conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap();
        assert_eq!(check, "ok", "after a kill at {delay_us} µs");
        let duties: i64 = conn
            .query_row("SELECT COUNT(*) FROM duties", [], |r| r.get(0))
            .unwrap();
        let status: String = conn
            .query_row("SELECT status FROM rosters", [], |r| r.get(0))
            .unwrap();
        match status.as_str() {
            "published" => {
                assert_eq!(
                    duties, expected,
                    "published but partial after {delay_us} µs"
                );
                whole += 1;
            }
            _ => {
                assert_eq!(duties, 0, "draft but with duties after {delay_us} µs");
                none += 1;
            }
        }
    }
    assert_eq!(whole + none, delays.len());
    eprintln!("killed publishes: {whole} complete, {none} not started or rolled back");
}

#[test]
fn now_reads_while_another_process_publishes() {
    let sb = Sandbox::new("data");
    sb.ok(&[
        "plan", "--week", "2026-W49", "--weeks", "1", "--moves", "3000000", "--save",
    ]);
    sb.ok(&["publish", "2026-W49"]);
    sb.ok(&[
        "plan", "--week", "2026-W50", "--weeks", "1", "--moves", "3000000", "--save",
    ]);
    let publisher = sb
        .command(&["publish", "2026-W50"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut readers = Vec::new();
    for _ in 0..6 {
        readers.push(
            sb.command(&["now", "--at", "2026-12-03 02:30"])
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap(),
        );
    }
    let published = publisher.wait_with_output().unwrap();
    assert!(published.status.success(), "{}", text(&published.stderr));
    for reader in readers {
        let out = reader.wait_with_output().unwrap();
        assert!(out.status.success(), "{}", text(&out.stderr));
        assert!(text(&out.stdout).contains("Chief officer on duty:"));
    }
    assert!(
        sb.ok(&["now", "--at", "2026-12-09 12:00"])
            .contains("Chief officer on duty:")
    );
}

#[test]
fn now_names_the_night_shift_on_both_sides_of_a_dst_change() {
    // The minimal station is in Europe/London; its night shift is 22:00 + 9 h.
    let sb = Sandbox::new("tests/fixtures/minimal");
    for week in ["2026-W13", "2026-W43"] {
        let _ = sb.duty(&[
            "plan", "--week", week, "--weeks", "1", "--moves", "20000", "--save",
        ]);
        sb.ok(&[
            "publish",
            week,
            "--force",
            "--reason",
            "DST test station is too small",
        ]);
    }
    // Spring: 2026-03-29 01:00 GMT becomes 02:00 BST.
    sb.ok(&[
        "assign",
        "B2",
        "2026-03-28",
        "N",
        "--reason",
        "test",
        "--force",
    ]);
    for at in ["2026-03-29 00:30", "2026-03-29 03:30", "2026-03-29 06:59"] {
        let now = sb.ok(&["now", "--at", at]);
        assert!(
            now.contains("N Night, 2026-03-28 22:00 to 2026-03-29 07:00: Ben Baker (B2)"),
            "{at}: {now}"
        );
    }
    let after = sb.ok(&["now", "--at", "2026-03-29 07:30"]);
    assert!(
        !after.contains("2026-03-28 22:00 to 2026-03-29 07:00"),
        "{after}"
    );
    // Autumn: 2026-10-25 02:00 BST becomes 01:00 GMT; the night is 10 h long.
    sb.ok(&[
        "assign",
        "B2",
        "2026-10-24",
        "N",
        "--reason",
        "test",
        "--force",
    ]);
    let json: serde_json::Value =
        serde_json::from_str(&sb.ok(&["now", "--at", "2026-10-25 06:30", "--json"])).unwrap();
    let night = json["shifts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["duty"] == "N")
        .expect("the night shift");
    assert_eq!(night["start"], "2026-10-24T22:00:00+01:00");
    assert_eq!(night["end"], "2026-10-25T07:00:00+00:00");
    assert_eq!(night["officers"][0]["id"], "B2");
    assert_eq!(json["at"], "2026-10-25T06:30:00+00:00");
    // 01:30 happens twice that night: both are the same night shift, and
    // the bare time is refused with both offsets shown.
    for at in ["2026-10-25 01:30+01:00", "2026-10-25 01:30+00:00"] {
        let early = sb.ok(&["now", "--at", at]);
        assert!(early.contains("Ben Baker (B2)"), "{early}");
    }
    let twice = sb.duty(&["now", "--at", "2026-10-25 01:30"]);
    assert_eq!(twice.status.code(), Some(2));
    assert!(text(&twice.stderr).contains("01:30+01:00 and at 2026-10-25 01:30+00:00"));
}

#[test]
fn a_file_that_is_not_a_database_is_refused_untouched() {
    let sb = Sandbox::new("data");
    let garbage = "this is a roster I typed by hand\n".repeat(200);
    std::fs::write(&sb.db, &garbage).unwrap();
    let out = sb.duty(&["now", "--at", "2026-12-03 02:30"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("not a duty database"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(std::fs::read_to_string(&sb.db).unwrap(), garbage);
}

#[test]
fn a_database_from_a_newer_duty_is_refused_untouched() {
    let sb = Sandbox::new("data");
    sb.sql()
        .execute_batch(
            "CREATE TABLE future (x); PRAGMA user_version = 99; PRAGMA application_id = 1146442841;",
        )
        .unwrap();
    let out = sb.duty(&["history"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("written by a newer version of duty (schema 99"),
        "{}",
        text(&out.stderr)
    );
    let version: i64 = sb
        .sql()
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, 99);
}

#[test]
fn a_locked_database_is_reported_and_nothing_is_lost() {
    let sb = with_draft();
    sb.ok(&["publish", "2026-W49"]);
    let before: i64 = sb
        .sql()
        .query_row("SELECT COUNT(*) FROM changes", [], |r| r.get(0))
        .unwrap();
    let working: String = sb
        .sql()
        .query_row(
            "SELECT staff_id FROM duties WHERE date = '2026-12-02' AND staff_id LIKE 'PA%' ORDER BY staff_id",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let holder = sb.sql();
    holder.execute_batch("BEGIN EXCLUSIVE;").unwrap();
    let out = sb
        .command(&[
            "assign",
            &working,
            "2026-12-02",
            "off",
            "--reason",
            "sick",
            "--force",
        ])
        .env("DUTY_BUSY_TIMEOUT_MS", "300")
        .output_by_deadline();
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stdout));
    // The message tells the wait this process really had.
    assert!(
        text(&out.stderr).contains("locked by another process (waited 0.3 s)"),
        "{}",
        text(&out.stderr)
    );
    holder.execute_batch("ROLLBACK;").unwrap();
    let after: i64 = sb
        .sql()
        .query_row("SELECT COUNT(*) FROM changes", [], |r| r.get(0))
        .unwrap();
    assert_eq!(before, after);
    // Once the lock is gone the same change goes through.
    sb.ok(&[
        "assign",
        &working,
        "2026-12-02",
        "off",
        "--reason",
        "sick",
        "--force",
    ]);
}

#[test]
fn a_read_only_database_is_reported() {
    use std::os::unix::fs::PermissionsExt;
    let sb = with_draft();
    let dir = sb.dir.path().join("ro");
    std::fs::create_dir(&dir).unwrap();
    let db = dir.join("duty.db");
    std::fs::copy(&sb.db, &db).unwrap();
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o444)).unwrap();
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o555)).unwrap();
    let writable = std::fs::OpenOptions::new().append(true).open(&db).is_ok();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_duty"))
        .args(["publish", "2026-W49", "--data"])
        .arg(&sb.data)
        .arg("--db")
        .arg(&db)
        .output_by_deadline();
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
    if writable {
        // Running as root: permissions do not bind, so the store's own
        // read-only path is proven by the unit test in src/store/mod.rs.
        assert!(out.status.success(), "{}", text(&out.stderr));
    } else {
        assert_eq!(out.status.code(), Some(1));
        assert!(
            text(&out.stderr).contains("read-only"),
            "{}",
            text(&out.stderr)
        );
    }
}
