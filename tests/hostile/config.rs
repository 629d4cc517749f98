//! Files that should not be accepted, and arguments that once panicked.

use std::time::Duration;

use crate::common::{Sandbox, text};
use crate::{code, within};

fn append(sb: &Sandbox, file: &str, extra: &str) {
    let path = sb.data.join(file);
    let mut body = std::fs::read_to_string(&path).unwrap();
    body.push_str(extra);
    std::fs::write(&path, body).unwrap();
}

/// `duty check` on the sandbox: exit code and stderr.
fn check(sb: &Sandbox) -> (i32, String) {
    let out = sb.duty(&["check", "--week", "2026-W49"]);
    (code(&out), text(&out.stderr))
}

#[test]
fn a_second_cover_rule_for_the_same_shift_unit_and_days_is_an_error() {
    let sb = Sandbox::new("data");
    append(
        &sb,
        "rules.toml",
        "\n[[cover]]\nshift = \"E\"\nunit = \"station\"\nmin = 5\n",
    );
    let (code, stderr) = check(&sb);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("rules.toml:") && stderr.contains("key `shift`"),
        "{stderr}"
    );
    assert!(
        stderr.contains("same unit, skill and days as [[cover]] #1"),
        "{stderr}"
    );
}

#[test]
fn empty_ids_and_names_are_errors() {
    for (from, to) in [
        ("id = \"ST01\"", "id = \"\""),
        ("name = \"Wang Wei\"", "name = \"  \""),
    ] {
        let sb = Sandbox::new("data");
        let path = sb.data.join("staff.toml");
        let body = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, body.replacen(from, to, 1)).unwrap();
        let (code, stderr) = check(&sb);
        assert_eq!(code, 2, "{stderr}");
        assert!(
            stderr.contains("staff.toml:") && stderr.contains("it is empty"),
            "{stderr}"
        );
    }
}

#[test]
fn a_request_for_a_shift_the_officer_cannot_work_is_an_error() {
    let sb = Sandbox::new("data");
    // CI03 is in CID; the late shift is for station and patrol only.
    append(
        &sb,
        "staff.toml",
        "\n[[request]]\nstaff = \"CI03\"\ndate = 2026-12-03\nshift = \"L\"\nwant = \"on\"\n",
    );
    let (code, stderr) = check(&sb);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("CI03 cannot work shift \"L\""), "{stderr}");
    assert!(stderr.contains("key `shift`"), "{stderr}");
}

#[test]
fn too_many_cross_training_rules_or_shifts_are_errors_not_panics() {
    let sb = Sandbox::new("data");
    let mut extra = String::new();
    for i in 0..33 {
        extra.push_str(&format!(
            "\n[[cross_training]]\nname = \"Rule {i}\"\nfrom_unit = \"traffic\"\nto_unit = \"station\"\nshifts = [\"D\"]\ncount = 1\nper_weeks = 4\n"
        ));
    }
    append(&sb, "rules.toml", &extra);
    let (code, stderr) = check(&sb);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("more than 32 cross-training rules"),
        "{stderr}"
    );

    let sb = Sandbox::new("data");
    let mut extra = String::new();
    for i in 0..260 {
        extra.push_str(&format!(
            "\n[[shift]]\ncode = \"X{i}\"\nname = \"Extra {i}\"\nstart = \"08:00\"\nlength = \"8h\"\nunits = [\"station\"]\n"
        ));
    }
    append(&sb, "rules.toml", &extra);
    let (code, stderr) = check(&sb);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("more than 253 shifts"), "{stderr}");
}

#[test]
fn check_fails_when_cover_can_never_be_met() {
    let sb = Sandbox::new("data");
    // Everyone in patrol on leave for the whole week.
    let station = dutyroster::config::load_dir(&sb.data).unwrap();
    let mut extra = String::new();
    for officer in station
        .staff
        .iter()
        .filter(|o| station.units[o.unit].code == "patrol")
    {
        extra.push_str(&format!(
            "\n[[leave]]\nstaff = \"{}\"\nfrom = 2026-11-30\nto = 2026-12-06\nkind = \"annual\"\n",
            officer.id
        ));
    }
    append(&sb, "staff.toml", &extra);
    let out = sb.duty(&["check", "--week", "2026-W49", "--weeks", "1"]);
    assert_eq!(code(&out), 4, "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("WARNING"));
    assert!(text(&out.stderr).contains("cover can never be met"));
}

#[test]
fn a_file_that_never_ends_a_fifo_and_a_huge_file_are_refused_at_once() {
    let deadline = Duration::from_secs(20);
    let sb = Sandbox::new("data");
    let rules = sb.data.join("rules.toml");
    std::fs::remove_file(&rules).unwrap();
    std::os::unix::fs::symlink("/dev/zero", &rules).unwrap();
    let out = within(&sb, &["check"], deadline);
    assert_eq!(code(&out), 2, "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("not a regular file"),
        "{}",
        text(&out.stderr)
    );

    std::fs::remove_file(&rules).unwrap();
    let made = std::process::Command::new("mkfifo")
        .arg(&rules)
        .status()
        .unwrap();
    assert!(made.success());
    let out = within(&sb, &["check"], deadline);
    assert_eq!(code(&out), 2);
    assert!(text(&out.stderr).contains("not a regular file"));

    std::fs::remove_file(&rules).unwrap();
    let file = std::fs::File::create(&rules).unwrap();
    file.set_len(dutyroster::config::MAX_FILE_BYTES + 1)
        .unwrap(); // sparse
    let out = within(&sb, &["check"], deadline);
    assert_eq!(code(&out), 2);
    assert!(
        text(&out.stderr).contains("more than the 64 MiB"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn numbers_and_weeks_out_of_range_are_refused_by_the_parser_never_a_panic() {
    let sb = Sandbox::new("data");
    let plan = |extra: &[&str]| {
        let mut args = vec!["plan", "--week", "2026-W49", "--weeks", "1"];
        args.extend_from_slice(extra);
        args.iter().map(|s| s.to_string()).collect::<Vec<_>>()
    };
    let cases: Vec<Vec<String>> = vec![
        plan(&["--seconds", "1e20"]),
        plan(&["--seconds", "0"]),
        plan(&["--unimproved", "inf"]),
        plan(&["--unimproved", "-1"]),
        plan(&["--unimproved", "0"]),
        plan(&["--unimproved", "NaN"]),
        plan(&["--moves", "99999999999999999999"]),
        plan(&["--moves", "0"]),
        vec!["plan".into(), "--week".into(), "262142-W52".into()],
        vec!["fairness".into(), "--weeks".into(), "4294967295".into()],
        vec!["history".into(), "--from".into(), "+262142-01-01".into()],
        // Its cross-training window would end in the year 10000.
        vec!["fairness".into(), "--on".into(), "9999-12-31".into()],
        vec![
            "replan".into(),
            "--from".into(),
            "2026-12-01".into(),
            "--to".into(),
            "2026-12-01".into(),
            "--reason".into(),
            "x".into(),
            "--seconds".into(),
            "inf".into(),
        ],
    ];
    for args in cases {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = within(&sb, &args, Duration::from_secs(20));
        assert_eq!(code(&out), 2, "duty {args:?}: {}", text(&out.stderr));
        assert!(
            !text(&out.stderr).trim().is_empty(),
            "duty {args:?} says why"
        );
    }
}

#[test]
fn a_huge_move_limit_still_stops_at_the_time_limit() {
    let sb = Sandbox::new("data");
    let out = within(
        &sb,
        &[
            "plan",
            "--week",
            "2026-W49",
            "--weeks",
            "1",
            "--moves",
            "1000000000000",
            "--seconds",
            "1",
        ],
        Duration::from_secs(60),
    );
    assert!(matches!(code(&out), 0 | 4), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("stopped: TimeLimit"),
        "{}",
        text(&out.stdout)
    );
}

#[test]
fn a_time_the_clocks_skip_or_show_twice_is_refused_with_the_reason() {
    let sb = Sandbox::new("tests/fixtures/minimal");
    let out = sb.duty(&["now", "--at", "2026-03-29 01:30"]);
    assert_eq!(code(&out), 2);
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("does not exist in Europe/London") && stderr.contains("02:00"),
        "{stderr}"
    );
    let out = sb.duty(&["now", "--at", "2026-10-25 01:30"]);
    assert_eq!(code(&out), 2);
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("happens twice") && stderr.contains("+01:00"),
        "{stderr}"
    );
}
