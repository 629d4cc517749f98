//! `duty print` end to end: snapshots of the paper and web rosters, a PDF
//! page count from headless Chromium, and the calendar read back by an
//! independent iCalendar parser across a DST change.

mod common;

use common::OutputByDeadline;
use std::process::Command;

use common::{Sandbox, text};

/// The sample station with 2026-W49 and W50 planned (reproducibly) and
/// W49 published.
fn printed_station() -> Sandbox {
    let sb = Sandbox::new("data");
    sb.ok(&[
        "plan", "--week", "2026-W49", "--weeks", "1", "--moves", "3000000", "--seed", "7", "--save",
    ]);
    sb.ok(&["publish", "2026-W49"]);
    sb.ok(&[
        "plan", "--week", "2026-W50", "--weeks", "1", "--moves", "3000000", "--seed", "7", "--save",
    ]);
    sb.ok(&["publish", "2026-W50"]);
    sb
}

#[test]
fn text_and_html_rosters_match_their_snapshots() {
    let sb = printed_station();
    let wide = sb.ok(&["print", "2026-W49", "--weeks", "2"]);
    assert!(
        wide.lines()
            .all(|l| l.trim_start_matches('\x0c').chars().count() <= 132),
        "a line is wider than 132"
    );
    assert!(wide.contains("Prepared by:") && wide.contains("Approved by:"));
    assert!(wide.contains("Page 1 of 4") && wide.contains("Page 4 of 4"));
    insta::assert_snapshot!("text_132", wide);
    let narrow = sb.ok(&["print", "2026-W49", "--width", "80"]);
    assert!(
        narrow
            .lines()
            .all(|l| l.trim_start_matches('\x0c').chars().count() <= 80),
        "a line is wider than 80"
    );
    insta::assert_snapshot!("text_80", narrow);
    let html = sb.ok(&["print", "2026-W49", "--weeks", "2", "--format", "html"]);
    assert!(
        !html.contains("http://") && !html.contains("https://") && !html.contains("<script"),
        "must be self-contained"
    );
    insta::assert_snapshot!("html", html);
}

#[test]
fn html_prints_one_page_per_week_in_headless_chromium() {
    let chromium = ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .find(|c| Command::new(c).arg("--version").output().is_ok_and(|o| o.status.success()))
        .expect("headless Chromium is needed for this test: `bash scripts/test` installs Debian's chromium");
    let sb = printed_station();
    let html_path = sb.dir.path().join("roster.html");
    let pdf_path = sb.dir.path().join("roster.pdf");
    sb.ok(&[
        "print",
        "2026-W49",
        "--weeks",
        "2",
        "--format",
        "html",
        "--out",
        html_path.to_str().unwrap(),
    ]);
    let profile = sb.dir.path().join("chromium-profile");
    let out = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-pdf-header-footer",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("--print-to-pdf={}", pdf_path.display()))
        .arg(format!("file://{}", html_path.display()))
        .output_by_deadline();
    let pdf =
        std::fs::read(&pdf_path).unwrap_or_else(|e| panic!("no PDF ({e}): {}", text(&out.stderr)));
    let body = String::from_utf8_lossy(&pdf);
    let pages = body.matches("/Type /Page").count() - body.matches("/Type /Pages").count();
    assert_eq!(pages, 2, "one A4 page per week");
}

#[test]
fn the_calendar_parses_back_with_local_times_and_zone_across_dst() {
    let sb = Sandbox::new("tests/fixtures/minimal");
    let _ = sb.duty(&[
        "plan", "--week", "2026-W13", "--weeks", "1", "--moves", "20000", "--save",
    ]);
    sb.ok(&[
        "publish",
        "2026-W13",
        "--force",
        "--reason",
        "small test station",
    ]);
    // Something else, then the night: two changes whatever the plan gave
    // B2 that day (off when it gave a duty, an early when it gave none).
    let planned: Option<String> = sb
        .sql()
        .query_row(
            "SELECT duty FROM duties WHERE staff_id = 'B2' AND date = '2026-03-28'",
            [],
            |r| r.get(0),
        )
        .ok();
    let first = if planned.is_some() { "off" } else { "E" };
    sb.ok(&[
        "assign",
        "B2",
        "2026-03-28",
        first,
        "--reason",
        "cleared for the night",
        "--force",
    ]);
    sb.ok(&[
        "assign",
        "B2",
        "2026-03-28",
        "N",
        "--reason",
        "night on the DST change",
        "--force",
    ]);
    let ics = sb.ok(&["print", "2026-W13", "--format", "ics"]);
    let csv = sb.ok(&["print", "2026-W13", "--format", "csv"]);

    let reader = ical::IcalParser::new(std::io::BufReader::new(ics.as_bytes()));
    let calendars: Vec<_> = reader.map(Result::unwrap).collect();
    assert_eq!(calendars.len(), 1);
    let calendar = &calendars[0];
    assert_eq!(calendar.timezones.len(), 1, "one VTIMEZONE");
    let prop = |props: &[ical::property::Property], name: &str| {
        props.iter().find(|p| p.name == name).cloned()
    };
    let value = |name: &str| prop(&calendar.properties, name).and_then(|p| p.value);
    assert_eq!(value("PRODID").as_deref(), Some("-//duty//Duty roster//EN"));
    assert_eq!(value("VERSION").as_deref(), Some("2.0"));
    let once = |name: &str| {
        calendar
            .properties
            .iter()
            .filter(|p| p.name == name)
            .count()
    };
    assert_eq!((once("PRODID"), once("VERSION")), (1, 1));
    let tz = &calendar.timezones[0];
    assert_eq!(
        prop(&tz.properties, "TZID").unwrap().value.as_deref(),
        Some("Europe/London")
    );

    // Every CSV duty is an event with the same local start, in the zone.
    let mut uids = std::collections::BTreeSet::new();
    let mut checked = 0;
    for line in csv.lines().skip(1) {
        let cols: Vec<&str> = line.split(',').collect();
        let (date, staff, start) = (cols[0], cols[1], cols[5]);
        let uid_suffix = format!("{date}-{staff}@");
        let event = calendar
            .events
            .iter()
            .find(|e| {
                prop(&e.properties, "UID")
                    .and_then(|p| p.value)
                    .is_some_and(|v| v.starts_with(&uid_suffix))
            })
            .unwrap_or_else(|| panic!("no event for {line}"));
        let dtstart = prop(&event.properties, "DTSTART").unwrap();
        let params = dtstart.params.clone().unwrap_or_default();
        assert!(
            params
                .iter()
                .any(|(k, v)| k == "TZID" && v == &vec!["Europe/London".to_string()]),
            "{params:?}"
        );
        let local = chrono::DateTime::parse_from_rfc3339(start)
            .unwrap()
            .naive_local();
        assert_eq!(
            dtstart.value.unwrap(),
            local.format("%Y%m%dT%H%M%S").to_string(),
            "{line}"
        );
        uids.insert(prop(&event.properties, "UID").unwrap().value.unwrap());
        checked += 1;
    }
    assert!(checked > 0);
    assert_eq!(
        uids.len(),
        calendar
            .events
            .iter()
            .filter(|e| {
                prop(&e.properties, "STATUS").and_then(|p| p.value) != Some("CANCELLED".into())
            })
            .count()
    );

    // The night shift across the spring change: 22:00 GMT to 07:00 BST.
    let night = calendar
        .events
        .iter()
        .find(|e| {
            prop(&e.properties, "UID")
                .and_then(|p| p.value)
                .is_some_and(|v| v.starts_with("2026-03-28-B2@"))
        })
        .expect("the DST night");
    assert_eq!(
        prop(&night.properties, "DTSTART").unwrap().value.as_deref(),
        Some("20260328T220000")
    );
    assert_eq!(
        prop(&night.properties, "DTEND").unwrap().value.as_deref(),
        Some("20260329T070000")
    );
    assert_eq!(
        prop(&night.properties, "SEQUENCE")
            .unwrap()
            .value
            .as_deref(),
        Some("2"),
        "changed twice after publishing"
    );

    // Hours count the real time worked: the 9-hour night is 8 hours that
    // night, and the printed week sums the CSV's real intervals.
    let real_minutes = |line: &str| {
        let cols: Vec<&str> = line.split(',').collect();
        let at = |i: usize| chrono::DateTime::parse_from_rfc3339(cols[i]).unwrap();
        (at(6) - at(5)).num_minutes()
    };
    let b2: Vec<&str> = csv
        .lines()
        .filter(|l| l.split(',').nth(1) == Some("B2"))
        .collect();
    let night = b2.iter().find(|l| l.starts_with("2026-03-28,")).unwrap();
    assert_eq!(real_minutes(night), 8 * 60, "{night}");
    let worked: i64 = b2.iter().map(|l| real_minutes(l)).sum();
    let text = sb.ok(&["print", "2026-W13", "--format", "text", "--staff", "B2"]);
    let row = text
        .lines()
        .find(|l| l.starts_with("B2 "))
        .unwrap_or_else(|| panic!("{text}"));
    let tokens: Vec<&str> = row.split_whitespace().collect();
    assert_eq!(
        tokens[tokens.len() - 2],
        format!("{:.1}", worked as f64 / 60.0),
        "{row}"
    );

    // Re-exporting gives the same UIDs, so calendars update, not duplicate.
    let again = sb.ok(&["print", "2026-W13", "--format", "ics"]);
    let uid_lines = |s: &str| {
        s.lines()
            .filter(|l| l.starts_with("UID:"))
            .map(String::from)
            .collect::<Vec<_>>()
    };
    assert_eq!(uid_lines(&ics), uid_lines(&again));
}

#[test]
fn json_carries_score_and_violations() {
    let sb = Sandbox::new("tests/fixtures/minimal");
    let _ = sb.duty(&[
        "plan", "--week", "2026-W49", "--weeks", "1", "--moves", "20000", "--save",
    ]);
    let json: serde_json::Value =
        serde_json::from_str(&sb.ok(&["print", "2026-W49", "--format", "json"])).unwrap();
    assert_eq!(json["station"], "Minimal");
    assert!(
        json["score"]["hard"].as_i64().unwrap() > 0,
        "the minimal station cannot staff a chief every day"
    );
    let violations = json["violations"].as_array().unwrap();
    assert!(
        violations
            .iter()
            .any(|v| v["rule"] == "chief_spacing" || v["rule"] == "chief_watch")
    );
    // The calendar says it where a phone shows it: in its name, and on
    // every event, marked tentative (a legal roster's say nothing: the
    // hostile export tests read their names and descriptions exactly).
    let ics = sb.ok(&["print", "2026-W49", "--format", "ics"]);
    let calendar = ical::IcalParser::new(std::io::BufReader::new(ics.as_bytes()))
        .next()
        .unwrap()
        .unwrap();
    let value = |props: &[ical::property::Property], name: &str| {
        props
            .iter()
            .find(|p| p.name == name)
            .and_then(|p| p.value.clone())
            .unwrap_or_default()
    };
    let hard = json["score"]["hard"].as_i64().unwrap();
    assert_eq!(
        value(&calendar.properties, "X-WR-CALNAME"),
        format!(
            "Duty roster\\, Minimal (NOT LEGAL: {} broken)",
            dutyroster::text::count(hard, "hard rule")
        )
    );
    assert!(!calendar.events.is_empty());
    for event in &calendar.events {
        assert_eq!(value(&event.properties, "STATUS"), "TENTATIVE");
        assert!(
            value(&event.properties, "DESCRIPTION").starts_with(&format!(
                "NOT LEGAL: this roster breaks {} and may change",
                dutyroster::text::count(hard, "hard rule")
            )),
            "{:?}",
            event.properties
        );
    }
    // An id not on file is a usage error that says where ids come from.
    let nobody = sb.duty(&["print", "2026-W49", "--staff", "NOPE"]);
    assert_eq!(nobody.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&nobody.stderr)
            .contains("NOPE: no officer with this id in staff.toml")
    );
    // CSV rows cannot say it, and neither format's reader is the person
    // exporting it: that person is told.
    for format in ["csv", "ics"] {
        let out = sb.duty(&["print", "2026-W49", "--format", format]);
        assert_eq!(out.status.code(), Some(0));
        let said = String::from_utf8_lossy(&out.stderr);
        assert!(
            said.contains("NOT LEGAL: 2026-11-30 to 2026-12-06 breaks")
                && said.contains("(duty print 2026-W49 lists them)"),
            "{format}: {said}"
        );
    }
    assert!(
        json["duties"]
            .as_array()
            .unwrap()
            .iter()
            .all(|d| d["start"].as_str().unwrap().ends_with("+00:00"))
    );
    let first = json["duties"][0].as_object().unwrap();
    let mut keys: Vec<&str> = first.keys().map(String::as_str).collect();
    keys.sort_unstable();
    let mut expected = [
        "date",
        "staff_id",
        "staff_name",
        "unit",
        "duty",
        "start",
        "end",
        "start_utc",
        "end_utc",
        "cross_training",
    ];
    expected.sort_unstable();
    assert_eq!(
        keys, expected,
        "the CSV columns, the UTC instants and the trainee flag"
    );
}

#[test]
fn a_reader_that_stops_early_is_not_an_error() {
    let sb = printed_station();
    for format in ["csv", "text", "json", "ics", "html"] {
        let mut child = sb
            .command(&["print", "2026-W49", "--weeks", "2", "--format", format])
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take()); // like `| head -0`: the pipe closes before any write
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{format}: {stderr}");
        assert!(stderr.is_empty(), "{format}: {stderr}");
    }
}

/// Chinese names are measured in display cells by every CLI table: in the
/// text print and in `plan`'s grid every officer row is as wide as the
/// others and its Monday starts under "Mo30"; `check`'s unit table lines
/// up a Chinese unit name.
#[test]
fn chinese_names_line_up_in_print_plan_and_check() {
    use dutyroster::text::width;
    let sb = Sandbox::new("data");
    let staff = std::fs::read_to_string(sb.data.join("staff.toml")).unwrap();
    let staff = staff
        .replacen("name = \"Wang Wei\"", "name = \"王伟\"", 1)
        .replacen("name = \"Li Na\"", "name = \"欧阳建国\"", 1);
    std::fs::write(sb.data.join("staff.toml"), staff).unwrap();
    let rules = std::fs::read_to_string(sb.data.join("rules.toml")).unwrap();
    std::fs::write(
        sb.data.join("rules.toml"),
        rules.replacen("name = \"Station duty\"", "name = \"值班室\"", 1),
    )
    .unwrap();
    let planned = sb.duty(&[
        "plan", "--week", "2026-W49", "--weeks", "1", "--moves", "100000", "--save",
    ]);
    assert!(matches!(planned.status.code(), Some(0 | 4)));
    let printed = sb.ok(&["print", "2026-W49"]);
    for (what, out) in [("print", printed), ("plan", text(&planned.stdout))] {
        let lines: Vec<&str> = out.lines().collect();
        let label = if what == "plan" { "Mo30" } else { "Mo 30" };
        let head = lines.iter().find(|l| l.contains(label)).expect("day heads");
        let monday = width(&head[..head.find(label).unwrap()]);
        let rows: Vec<&&str> = lines
            .iter()
            .filter(|l| l.starts_with("ST0") || l.starts_with("PA0"))
            .collect();
        assert!(
            rows.iter().any(|l| l.contains("欧阳建国")),
            "{what}:\n{out}"
        );
        // Print marks a week outside the target band with a `*` past the
        // last column.
        let widths: std::collections::BTreeSet<usize> = rows
            .iter()
            .map(|l| width(l.trim_end_matches('*')))
            .collect();
        assert_eq!(
            widths.len(),
            1,
            "{what}: rows of different widths {widths:?}:\n{out}"
        );
        for row in rows {
            // The cell under "Mo30" starts a code, after a blank.
            let mut cells = 0;
            let mut at = None;
            for (i, c) in row.char_indices() {
                if cells == monday {
                    at = Some(i);
                    break;
                }
                cells += width(&c.to_string());
            }
            let at = at.expect("the row reaches Monday");
            assert!(row[..at].ends_with(' '), "{what}: {row}");
            assert!(!row[at..].starts_with(' '), "{what}: {row}");
        }
    }
    let check = sb.duty(&["check", "--week", "2026-W49", "--weeks", "1"]);
    let stdout = text(&check.stdout);
    let unit = stdout
        .lines()
        .find(|l| l.contains("值班室"))
        .expect("the unit row");
    let header = stdout
        .lines()
        .find(|l| l.trim_start().starts_with("unit"))
        .unwrap();
    assert_eq!(width(unit.trim_end()), width(header.trim_end()), "{stdout}");
}
