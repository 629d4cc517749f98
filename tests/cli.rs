//! The `duty` binary end to end: the sample data, `init`, and help.

mod common;

use common::OutputByDeadline;
use std::path::Path;
use std::process::{Command, Output};

fn duty(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_duty"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(args)
        .output_by_deadline()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn check_on_the_sample_data_prints_the_summary() {
    let out = duty(&["check", "--week", "2026-W49", "--weeks", "4"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("Riverside Road Police Station (Asia/Shanghai)"),
        "{stdout}"
    );
    assert!(stdout.contains("Officers: 45"), "{stdout}");
    assert!(stdout.contains("Criminal investigation"), "{stdout}");
    assert!(stdout.contains("22:00-06:00+1"), "{stdout}");
    assert!(stdout.contains("8 eligible"), "{stdout}");
    for week in ["2026-W49", "2026-W50", "2026-W51", "2026-W52"] {
        assert!(stdout.contains(week), "{stdout}");
    }
    assert!(
        stdout.contains("Weekends (4): officer-weekends"),
        "{stdout}"
    );
    assert!(stdout.contains("No shortfall found."), "{stdout}");
    // The README shows this very output: the contract with a new user.
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let first = stdout.lines().next().unwrap();
    let shown = &readme[readme.find(first).expect("README shows duty check")..];
    let shown = &shown[..shown.find("```").unwrap()];
    assert_eq!(
        shown.trim_end(),
        stdout.trim_end(),
        "README's duty check example"
    );
}

#[test]
fn check_fails_when_weekend_cover_needs_more_weekends_than_contracts_allow() {
    // Twelve patrol officers each weekend day, from fifteen who may work
    // three weekends in four (the part-timer two): 48 officer-weekends in
    // four weeks against 44. The hours would do; the weekends cannot.
    let dir = tempfile::tempdir().unwrap();
    let rules = std::fs::read_to_string("data/rules.toml").unwrap();
    let weekend_three = "days = \"weekend\"\nmin = 3\npreferred = 3";
    assert_eq!(
        rules.matches(weekend_three).count(),
        3,
        "patrol's weekend rules"
    );
    let rules = rules.replace(weekend_three, "days = \"weekend\"\nmin = 4\npreferred = 4");
    std::fs::write(dir.path().join("rules.toml"), rules).unwrap();
    std::fs::copy("data/staff.toml", dir.path().join("staff.toml")).unwrap();
    let data = dir.path().to_str().unwrap();
    let out = duty(&[
        "check", "--data", data, "--week", "2026-W49", "--weeks", "4",
    ]);
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(4), "{stdout}{}", text(&out.stderr));
    assert!(
        stdout.contains("WARNING: unit patrol: its minimum weekend cover needs 48 officer-weekends, its officers may work 44"),
        "{stdout}"
    );
    assert!(!stdout.contains("No shortfall found."), "{stdout}");
}

#[test]
fn check_names_an_officer_no_shift_is_open_to() {
    // A dog section with a handler but no [[shift]] listing it: every
    // plan would leave him at 0 h, so check says so before anyone plans.
    let dir = tempfile::tempdir().unwrap();
    let rules = std::fs::read_to_string("data/rules.toml")
        .unwrap()
        .replacen(
            "[[unit]]",
            "[[unit]]\ncode = \"dogs\"\nname = \"Dog section\"\n\n[[unit]]",
            1,
        );
    std::fs::write(dir.path().join("rules.toml"), rules).unwrap();
    let staff = std::fs::read_to_string("data/staff.toml").unwrap()
        + "\n[[staff]]\nid = \"DG01\"\nname = \"欧阳 Rex\"\nunit = \"dogs\"\nrank = \"constable\"\ncontract = \"full_time\"\n"
        // He Ping is on annual leave from 1 to 11 December.
        + "\n[[request]]\nstaff = \"PA05\"\ndate = 2026-12-03\nwant = \"on\"\n";
    std::fs::write(dir.path().join("staff.toml"), staff).unwrap();
    let data = dir.path().to_str().unwrap();
    let out = duty(&["check", "--data", data, "--week", "2026-W49"]);
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}{}", text(&out.stderr));
    assert!(
        stdout.contains(
            "Note: DG01 欧阳 Rex (unit dogs) can take no shift type and not the chief watch"
        ),
        "{stdout}"
    );
    assert!(
        stdout.contains(
            "(PA05 He Ping, 2026-12-03) asks to work on a day of leave: no roster can grant it"
        ),
        "{stdout}"
    );
    // The sample itself has no such officer or request.
    let sample = text(&duty(&["check", "--week", "2026-W49"]).stdout);
    assert!(
        !sample.contains("can take no shift type") && !sample.contains("no roster can grant"),
        "{sample}"
    );
}

#[test]
fn a_closed_stderr_keeps_the_exit_code() {
    // `duty check 2>&1 | head -1`: the reader of the error has gone
    // before it is written. The exit code still says bad input (2), not
    // a panic (101).
    let mut child = Command::new(env!("CARGO_BIN_EXE_duty"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["plan", "--week", "2026-W99"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stderr.take());
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        assert!(std::time::Instant::now() < deadline, "duty did not exit");
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    assert_eq!(status.code(), Some(2));
}

#[test]
fn init_writes_a_station_that_checks_and_refuses_to_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("x");
    let target_arg = target.to_str().unwrap();
    let out = duty(&["init", target_arg]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = duty(&["check", "--data", target_arg]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("Officers: 45"));

    std::fs::write(target.join("rules.toml"), "# mine\n").unwrap();
    let out = duty(&["init", target_arg]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("already exists"));
    assert_eq!(
        std::fs::read_to_string(target.join("rules.toml")).unwrap(),
        "# mine\n"
    );
}

#[test]
fn every_subcommand_has_help() {
    for sub in ["check", "init"] {
        let out = duty(&[sub, "--help"]);
        assert!(out.status.success(), "{sub}");
        assert!(text(&out.stdout).contains("Usage: duty"), "{sub}");
    }
}

#[test]
fn capacity_warning_names_day_shift_and_skill() {
    let dir = tempfile::tempdir().unwrap();
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    std::fs::copy(data.join("rules.toml"), dir.path().join("rules.toml")).unwrap();
    let mut staff = std::fs::read_to_string(data.join("staff.toml")).unwrap();
    // Send every patrol firearms officer on a course on 2026-12-03.
    for id in [
        "PA01", "PA02", "PA03", "PA04", "PA07", "PA10", "PA13", "PA15",
    ] {
        staff.push_str(&format!(
            "\n[[leave]]\nstaff = \"{id}\"\nfrom = 2026-12-03\nto = 2026-12-03\nkind = \"training\"\n"
        ));
    }
    std::fs::write(dir.path().join("staff.toml"), staff).unwrap();
    let out = duty(&[
        "check",
        "--week",
        "2026-W49",
        "--data",
        dir.path().to_str().unwrap(),
    ]);
    // Cover that can never be met is a failure of `check`, not a remark.
    assert_eq!(out.status.code(), Some(4), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("cover can never be met"));
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("WARNING: 2026-12-03 Thu shift N: needs 1 patrol officer with skill firearms, only 0 available"),
        "{stdout}"
    );
}

#[test]
fn a_bad_week_is_a_usage_error() {
    let out = duty(&["check", "--week", "2026-49"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("2026-W49"));
}

/// `duty publish 2026-W49` and `duty print 2026-W49` take the week
/// without a flag; `plan` and `check` take it the same way, as --week.
#[test]
fn the_week_is_taken_without_its_flag_as_publish_takes_it() {
    let flagged = duty(&["check", "--week", "2026-W49", "--weeks", "2"]);
    let bare = duty(&["check", "2026-W49", "--weeks", "2"]);
    assert!(bare.status.success(), "{}", text(&bare.stderr));
    assert_eq!(text(&bare.stdout), text(&flagged.stdout));
    let bad = duty(&["check", "2026-49"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(
        text(&bad.stderr).contains("2026-49: not an ISO week; write it like 2026-W49"),
        "{}",
        text(&bad.stderr)
    );
    let both = duty(&["plan", "2026-W49", "--week", "2026-W50"]);
    assert_eq!(both.status.code(), Some(2));
    assert!(text(&both.stderr).contains("cannot be used with"));
}

#[test]
fn the_editor_without_a_terminal_says_so_and_does_not_panic() {
    let db = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_duty"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("DUTY_DB", db.path().join("duty.db"))
        .stdin(std::process::Stdio::null())
        .output_by_deadline();
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("needs a terminal"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(out.stdout.is_empty(), "nothing drawn into a pipe");
}

#[test]
fn bench_on_a_benchmark_instance_prints_one_line_and_rows_another_program_scores() {
    use dutyroster::formats::objective::{evaluate, read_roster};
    use dutyroster::formats::shift_scheduling::read_instance;
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/bench/shift-scheduling/instances/Instance1.txt");
    let tmp = tempfile::tempdir().unwrap();
    let rows = tmp.path().join("roster.csv");
    let out = duty(&[
        "bench",
        "--instance",
        dir.to_str().unwrap(),
        "--seconds",
        "1",
        "--seed",
        "3",
        "--out",
        rows.to_str().unwrap(),
    ]);
    let line = text(&out.stdout);
    assert!(out.status.success(), "{line}{}", text(&out.stderr));
    let field = |key: &str| -> String {
        line.split_whitespace()
            .find_map(|f| f.strip_prefix(&format!("{key}=")))
            .unwrap_or_else(|| panic!("no {key}= in {line}"))
            .to_string()
    };
    assert!(line.starts_with("objective="), "{line}");
    assert_eq!(line.lines().count(), 1);
    let instance = read_instance(&std::fs::read_to_string(&dir).unwrap()).unwrap();
    let (roster, twice) = read_roster(&instance, &std::fs::read_to_string(&rows).unwrap()).unwrap();
    assert!(twice.is_empty());
    let evaluation = evaluate(&instance, &roster);
    assert_eq!(field("objective"), evaluation.objective.to_string());
    assert_eq!(field("hard"), evaluation.hard.len().to_string());
    assert!(field("seconds").parse::<f64>().unwrap() >= 1.0);

    // A broken instance: exit 2, naming the file and line.
    let bad = tmp.path().join("bad.txt");
    std::fs::write(&bad, "SECTION_HORIZON\r\nfourteen\r\n").unwrap();
    let out = duty(&["bench", "--instance", bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("bad.txt:line 2"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn bench_fairness_plans_publishes_and_measures_each_seed_the_same_way_twice() {
    let args = [
        "bench", "fairness", "--week", "2026-W49", "--weeks", "2", "--seeds", "2", "--moves",
        "200000",
    ];
    let (first, again) = (duty(&args), duty(&args));
    assert!(first.status.success(), "{}", text(&first.stderr));
    let stdout = text(&first.stdout);
    assert_eq!(
        stdout,
        text(&again.stdout),
        "a move budget gives one result"
    );
    let rows: Vec<&str> = stdout
        .lines()
        .filter(|l| l.trim_start().starts_with(|c: char| c.is_ascii_digit()))
        .collect();
    assert_eq!(rows.len(), 2, "{stdout}");
    let mut uneven = [false; 4];
    for row in rows {
        let spreads: Vec<f64> = row
            .split_whitespace()
            .skip(1)
            .take(4)
            .map(|n| n.parse().unwrap())
            .collect();
        assert_eq!(spreads.len(), 4, "{row}");
        assert!(row.contains("% of "), "{row}");
        for (u, spread) in uneven.iter_mut().zip(spreads) {
            *u |= spread > 1.0;
        }
    }
    assert!(stdout.contains("worst spread in duties"), "{stdout}");
    // A category more than 1 apart on any seed names the groups it was in.
    let names = ["nights", "weekend days", "holiday days", "chief watches"];
    for (name, uneven) in names.iter().zip(uneven) {
        let line = stdout
            .lines()
            .find(|l| l.starts_with(&format!("  {name} more than 1 apart")));
        assert_eq!(line.is_some(), uneven, "{name}: {stdout}");
        if let Some(line) = line {
            assert!(
                line.contains("full_time") || line.contains("part_time"),
                "{line}"
            );
        }
    }
    // Two weeks at 200 000 moves leave some category uneven: the listing
    // is exercised, not only its absence.
    assert!(uneven.iter().any(|&u| u), "{stdout}");
}

#[test]
fn assign_with_the_duty_before_the_day_says_the_order() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("duty.db");
    let db = db.to_str().unwrap();
    let out = duty(&[
        "assign",
        "--db",
        db,
        "ST05",
        "N",
        "2026-12-02",
        "--reason",
        "x",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(
        err.contains("the day comes before the duty, as in `duty assign ST05 2026-12-02 N`"),
        "{err}"
    );
    assert!(!Path::new(db).exists(), "nothing opened for a usage error");
}
