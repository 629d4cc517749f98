//! What leaves the program: iCalendar, CSV, the terminal, the audit log,
//! and the files `--out` writes.

use crate::common::{Sandbox, text};
use crate::{assert_inert, code, published, rename, within};
use std::time::Duration;

/// Every event of an iCalendar text, parsed by an independent parser.
fn events(ics: &str) -> Vec<ical::parser::ical::component::IcalEvent> {
    let reader = ical::IcalParser::new(std::io::BufReader::new(ics.as_bytes()));
    let calendars: Vec<_> = reader.map(|c| c.expect("the ICS parses")).collect();
    assert_eq!(calendars.len(), 1, "one calendar");
    calendars.into_iter().next().unwrap().events
}

fn property(event: &ical::parser::ical::component::IcalEvent, name: &str) -> String {
    event
        .properties
        .iter()
        .find(|p| p.name == name)
        .and_then(|p| p.value.clone())
        .unwrap_or_default()
}

/// RFC 5545 TEXT unescaping, as a calendar application reads a value.
fn unescape(value: &str) -> String {
    let mut out = String::new();
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n' | 'N') => out.push('\n'),
                Some(other) => out.push(other),
                None => {}
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[test]
fn a_line_break_in_a_name_is_refused_at_the_door_with_file_line_and_field() {
    let sb = Sandbox::new("data");
    rename(&sb, "ST01", "Wang\r\nX-INJ:1");
    let out = sb.duty(&["print", "2026-W49", "--format", "ics"]);
    assert_eq!(code(&out), 2);
    let stderr = text(&out.stderr);
    assert!(stderr.contains("staff.toml:6:"), "{stderr}");
    assert!(stderr.contains("key `name`"), "{stderr}");
    assert!(
        stderr.contains("control character (U+000D) at character 5"),
        "{stderr}"
    );
    assert_inert("stderr", &out.stderr);
}

#[test]
fn names_that_look_like_icalendar_stay_inside_their_event() {
    let sb = published();
    let hostile = "Wang BEGIN:VEVENT; Wei, \\ SUMMARY:pwned";
    rename(&sb, "ST01", hostile);
    let ics = sb.ok(&["print", "2026-W49", "--format", "ics"]);
    let csv = sb.ok(&["print", "2026-W49", "--format", "csv"]);
    let duties = csv.lines().count() - 1;
    let events = events(&ics);
    assert_eq!(events.len(), duties, "one event per duty, none forged");
    assert!(!ics.contains("\nSUMMARY:pwned"));
    let wang: Vec<_> = events
        .iter()
        .filter(|e| property(e, "DESCRIPTION").contains("ST01"))
        .collect();
    assert!(!wang.is_empty());
    for event in wang {
        let description = unescape(&property(event, "DESCRIPTION"));
        assert_eq!(
            without_verdict(&description),
            format!("{hostile} (ST01), Riverside Road Police Station")
        );
    }
    assert_inert("ics", ics.as_bytes());
}

#[test]
fn a_station_name_cannot_add_a_calendar_property() {
    let sb = published();
    let rules = sb.data.join("rules.toml");
    let text_before = std::fs::read_to_string(&rules).unwrap();
    std::fs::write(
        &rules,
        text_before.replace(
            "name = \"Riverside Road Police Station\"",
            "name = \"Riverside, Road; X-INJ:1\"",
        ),
    )
    .unwrap();
    let ics = sb.ok(&["print", "2026-W49", "--format", "ics"]);
    let reader = ical::IcalParser::new(std::io::BufReader::new(ics.as_bytes()));
    let calendar = reader.map(Result::unwrap).next().unwrap();
    assert!(calendar.properties.iter().all(|p| p.name != "X-INJ"));
    let name = calendar
        .properties
        .iter()
        .find(|p| p.name == "NAME")
        .and_then(|p| p.value.clone())
        .unwrap();
    let name = unescape(&name);
    let name = name.split(" (NOT LEGAL").next().unwrap();
    assert_eq!(name, "Duty roster, Riverside, Road; X-INJ:1");
}

/// An event's text without the warning line a roster that breaks hard
/// rules carries (the set-up publishes a short search, legal or not).
fn without_verdict(description: &str) -> &str {
    match description.split_once('\n') {
        Some((first, rest)) if first.starts_with("NOT LEGAL: ") => rest,
        _ => description,
    }
}

#[test]
fn formulas_in_names_are_inert_in_every_csv() {
    let sb = published();
    rename(&sb, "ST01", "=HYPERLINK(\"http://evil\",\"x\")");
    rename(&sb, "ST02", "+1+1");
    rename(&sb, "ST03", "@SUM(A1)");
    rename(&sb, "ST04", "-2+3");
    let printed = sb.ok(&["print", "2026-W49", "--format", "csv"]);
    let planned_path = sb.dir.path().join("plan.csv");
    let planned = sb.duty(&[
        "plan",
        "--week",
        "2026-W50",
        "--weeks",
        "1",
        "--moves",
        "20000",
        "--out",
        planned_path.to_str().unwrap(),
    ]);
    assert!(matches!(code(&planned), 0 | 4), "{}", text(&planned.stderr));
    let planned = std::fs::read_to_string(&planned_path).unwrap();
    for csv in [printed, planned] {
        let mut reader = csv::Reader::from_reader(csv.as_bytes());
        let mut seen = 0;
        for record in reader.records() {
            let record = record.unwrap();
            let name = &record[2];
            assert!(
                !name.starts_with(['=', '+', '-', '@']),
                "a cell a spreadsheet would run: {name}"
            );
            if record[1] == *"ST01" {
                assert_eq!(name, "'=HYPERLINK(\"http://evil\",\"x\")");
                seen += 1;
            }
        }
        assert!(seen > 0, "ST01 works that week");
    }
}

#[test]
fn control_characters_in_stored_reasons_never_reach_the_terminal() {
    // A database written by an older duty may hold them: the output filter
    // still shows them as U+FFFD.
    let sb = published();
    sb.sql()
        .execute(
            "INSERT INTO changes (at_utc, operator, reason, kind, roster_id, staff_id, date, old_duty, new_duty)
             VALUES ('2026-12-01T08:00:00Z', 'sup\u{1b}[8m', 'sick\u{1b}]0;pwned\u{7}\u{1b}[2J\r\n2026-12-03 by superintendent', 'assign', 1, 'ST01', '2026-12-02', 'E', NULL)",
            [],
        )
        .unwrap();
    let out = sb.duty(&["history", "--from", "2026-11-01", "--to", "2026-12-31"]);
    assert_eq!(code(&out), 0, "{}", text(&out.stderr));
    assert_inert("history", &out.stdout);
    assert!(text(&out.stdout).contains("sick\u{FFFD}]0;pwned"));
    // Recorded at 08:00 UTC, read on the station's clock.
    assert!(
        text(&out.stdout).contains("  2026-12-01 16:00 CST assign  Wang Wei (ST01) 2026-12-02"),
        "{}",
        text(&out.stdout)
    );
}

#[test]
fn a_reason_with_a_line_break_or_nothing_to_say_is_refused_and_nothing_written() {
    let sb = published();
    let count = || -> i64 {
        sb.sql()
            .query_row("SELECT COUNT(*) FROM changes", [], |r| r.get(0))
            .unwrap()
    };
    let before = count();
    for (reason, expected) in [
        (
            "sick\n2026-12-03 10:00 assign by superintendent: fake",
            "U+000A",
        ),
        ("", "is empty"),
        ("   ", "is empty"),
        ("...", "says nothing"),
        ("x\u{1b}[2J", "U+001B"),
    ] {
        let out = sb.duty(&[
            "assign",
            "ST01",
            "2026-12-02",
            "off",
            "--force",
            "--reason",
            reason,
        ]);
        assert_eq!(code(&out), 2, "{reason:?}: {}", text(&out.stderr));
        assert!(
            text(&out.stderr).contains(expected),
            "{}",
            text(&out.stderr)
        );
        assert_inert("stderr", &out.stderr);
    }
    let out = sb.duty(&[
        "assign",
        "ST01",
        "2026-12-02",
        "off",
        "--force",
        "--reason",
        "sick",
        "--by",
        "sup\u{1b}[8m",
    ]);
    assert_eq!(code(&out), 2);
    assert_eq!(count(), before, "nothing written");
}

#[test]
fn out_never_overwrites_without_force_and_never_duty_s_own_files() {
    let sb = published();
    let existing = sb.dir.path().join("roster.txt");
    std::fs::write(&existing, "keep me").unwrap();
    let out = sb.duty(&["print", "2026-W49", "--out", existing.to_str().unwrap()]);
    assert_eq!(code(&out), 2);
    assert!(text(&out.stderr).contains("already exists; pass --force"));
    assert_eq!(std::fs::read_to_string(&existing).unwrap(), "keep me");

    sb.ok(&[
        "print",
        "2026-W49",
        "--out",
        existing.to_str().unwrap(),
        "--force",
    ]);
    assert!(
        std::fs::read_to_string(&existing)
            .unwrap()
            .contains("Duty roster 2026-W49")
    );

    let db_before = std::fs::read(&sb.db).unwrap();
    let staff = sb.data.join("staff.toml");
    let staff_before = std::fs::read(&staff).unwrap();
    for target in [&sb.db, &staff] {
        let out = sb.duty(&[
            "print",
            "2026-W49",
            "--out",
            target.to_str().unwrap(),
            "--force",
        ]);
        assert_eq!(code(&out), 2);
        assert!(
            text(&out.stderr).contains("which duty keeps"),
            "{}",
            text(&out.stderr)
        );
    }
    assert_eq!(std::fs::read(&sb.db).unwrap(), db_before);
    assert_eq!(std::fs::read(&staff).unwrap(), staff_before);
    let leftovers: Vec<_> = std::fs::read_dir(sb.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".duty-out-"))
        .collect();
    assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");
}

#[test]
fn a_bad_out_is_found_before_the_search() {
    let sb = Sandbox::new("data");
    let out = within(
        &sb,
        &[
            "plan",
            "--week",
            "2026-W49",
            "--weeks",
            "1",
            "--seconds",
            "60",
            "--out",
            "/no/such/folder/plan.csv",
        ],
        Duration::from_secs(20),
    );
    assert_eq!(code(&out), 2);
    assert!(
        text(&out.stderr).contains("the folder /no/such/folder does not exist"),
        "{}",
        text(&out.stderr)
    );
    assert!(text(&out.stdout).is_empty(), "no search ran");
}
