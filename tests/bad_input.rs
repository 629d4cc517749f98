//! Every kind of bad input gets a message naming the file, line, column and
//! key, and exit code 2. Each case is a small file under `tests/bad/` that
//! replaces one file of the minimal station in `tests/fixtures/minimal/`
//! (`rules_*` replaces rules.toml, `staff_*` replaces staff.toml).

mod common;

use common::OutputByDeadline;
use std::path::Path;
use std::process::Command;

/// Every case, `case: file named in the message, line, column, key;`:
/// a test each, and [`CASES`] to check no file under tests/bad is
/// forgotten.
macro_rules! bad_cases {
    ($($case:ident: $file:literal, $line:literal, $column:literal, $key:literal;)*) => {
        $(
            #[test]
            fn $case() {
                assert_named(stringify!($case), $file, $line, $column, $key);
            }
        )*
        /// The case names, in the table's order.
        const CASES: &[&str] = &[$(stringify!($case)),*];
    };
}

bad_cases! {
    rules_bad_day_kind: "rules.toml", 53, 8, "days";
    rules_bad_holiday_date: "rules.toml", 58, 8, "from";
    rules_bad_length: "rules.toml", 36, 10, "length";
    rules_bad_short: "rules.toml", 20, 9, "short";
    rules_bad_time: "rules.toml", 35, 9, "start";
    rules_cross_training_window_too_long: "rules.toml", 79, 13, "per_weeks";
    rules_cross_training_count_above_window: "rules.toml", 78, 9, "count";
    rules_cross_training_shift_not_the_hosts: "rules.toml", 77, 10, "shifts";
    rules_cross_training_shift_of_own_unit: "rules.toml", 77, 10, "shifts";
    rules_cover_names_no_shift: "rules.toml", 52, 9, "shift";
    rules_days_off_too_long: "rules.toml", 65, 28, "min_consecutive_days_off";
    rules_duplicate_shift: "rules.toml", 40, 8, "code";
    rules_duplicate_unit: "rules.toml", 10, 8, "code";
    rules_holiday_ends_before_start: "rules.toml", 59, 6, "to";
    rules_missing_key: "rules.toml", 32, 1, "length";
    rules_negative_target_band: "rules.toml", 64, 21, "target_band_hours";
    rules_negative_points: "rules.toml", 84, 15, "chief_watch";
    rules_min_days_above_max: "rules.toml", 65, 24, "min_consecutive_days";
    rules_over_weight_too_heavy: "rules.toml", 50, 15, "over_weight";
    rules_preferred_below_min: "rules.toml", 49, 13, "preferred";
    rules_shift_over_24h: "rules.toml", 36, 10, "length";
    rules_short_weight_too_heavy: "rules.toml", 50, 16, "short_weight";
    rules_syntax_error: "rules.toml", 2, 16, "name";
    rules_unknown_chief_rank: "rules.toml", 70, 10, "ranks";
    rules_unknown_key: "rules.toml", 12, 1, "colour";
    rules_unknown_mentor_skill: "rules.toml", 80, 16, "mentor_skill";
    rules_unknown_points_key: "rules.toml", 83, 1, "nights";
    rules_unknown_timezone: "rules.toml", 3, 12, "timezone";
    rules_unknown_unit_in_shift: "rules.toml", 44, 10, "units";
    rules_unknown_weight: "rules.toml", 83, 1, "fair_nigths";
    rules_wrong_type: "rules.toml", 48, 7, "min";
    rules_weight_too_heavy: "rules.toml", 83, 15, "fair_nights";
    rules_zero_max_hours: "rules.toml", 63, 18, "max_hours_week";
    staff_bad_birthday: "staff.toml", 15, 12, "birthday";
    staff_chief_nobody_eligible: "rules.toml", 70, 10, "ranks";
    staff_duplicate_id: "staff.toml", 18, 6, "id";
    staff_leave_bad_kind: "staff.toml", 28, 8, "kind";
    staff_leave_ends_before_start: "staff.toml", 27, 6, "to";
    staff_leave_unknown_staff: "staff.toml", 25, 9, "staff";
    staff_missing_id: "staff.toml", 9, 1, "id";
    staff_request_bad_want: "staff.toml", 34, 8, "want";
    staff_request_unknown_shift: "staff.toml", 33, 9, "shift";
    staff_request_weight_out_of_range: "staff.toml", 35, 10, "weight";
    staff_unknown_contract: "staff.toml", 22, 12, "contract";
    staff_unknown_rank: "staff.toml", 5, 8, "rank";
    staff_unknown_skill: "staff.toml", 6, 11, "skills";
    staff_unknown_unit: "staff.toml", 20, 8, "unit";
    staff_wrong_type_skills: "staff.toml", 6, 10, "skills";
}

fn station_with(case: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    for name in ["rules.toml", "staff.toml"] {
        std::fs::copy(
            fixtures.join("fixtures/minimal").join(name),
            dir.path().join(name),
        )
        .unwrap();
    }
    let replaced = if case.starts_with("rules_") {
        "rules.toml"
    } else {
        "staff.toml"
    };
    std::fs::copy(
        fixtures.join("bad").join(format!("{case}.toml")),
        dir.path().join(replaced),
    )
    .unwrap();
    dir
}

fn assert_named(case: &str, file: &str, line: usize, column: usize, key: &str) {
    let dir = station_with(case);
    let output = Command::new(env!("CARGO_BIN_EXE_duty"))
        .args(["check", "--data"])
        .arg(dir.path())
        .output_by_deadline();
    let stderr = String::from_utf8_lossy(&output.stderr);
    let expected = format!(
        "error: {}:{line}:{column}: key `{key}`",
        dir.path().join(file).display()
    );
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.starts_with(&expected),
        "wanted {expected}, got:\n{stderr}"
    );
    assert!(stderr.contains("hint:"), "no hint in:\n{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn every_case_file_is_in_the_table() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bad");
    let mut files: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            e.unwrap()
                .path()
                .file_stem()
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    files.sort();
    let mut listed: Vec<String> = CASES.iter().map(|c| c.to_string()).collect();
    listed.sort();
    assert_eq!(files, listed);
    assert!(CASES.len() >= 20);
}

#[test]
fn the_minimal_station_itself_is_valid() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/minimal");
    let output = Command::new(env!("CARGO_BIN_EXE_duty"))
        .args(["check", "--week", "2026-W49", "--data"])
        .arg(&fixtures)
        .output_by_deadline();
    // Its files are valid; its staff are too few to meet its cover (the
    // solver tests need a station that breaks rules), which `check` says
    // with exit 4.
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stdout.contains("files valid"), "{stdout}{stderr}");
    assert_eq!(output.status.code(), Some(4), "{stderr}");
    assert!(stderr.contains("cover can never be met"), "{stderr}");
}

#[test]
fn a_missing_data_folder_is_an_error_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_duty"))
        .args(["check", "--data"])
        .arg(dir.path().join("nowhere"))
        .output_by_deadline();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("cannot read") && stderr.contains("rules.toml"),
        "{stderr}"
    );
}

/// A roster CSV with faults: every one named by file and line, with the
/// field, exit 2, and nothing written, not even a new database.
#[test]
fn an_imported_sheet_with_faults_is_named_line_by_line_and_saves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let sheet = dir.path().join("paper.csv");
    std::fs::write(
        &sheet,
        "date,staff_id,duty\n2026-12-07,PA03,E\n2026-12-32,PA03,E\n2026-12-08,\u{1b}[2JPX99,E\n2026-12-08,PA03,Q\n",
    )
    .unwrap();
    let db = dir.path().join("duty.db");
    let output = Command::new(env!("CARGO_BIN_EXE_duty"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .arg("import")
        .arg(&sheet)
        .arg("--db")
        .arg(&db)
        .env_remove("DUTY_DB")
        .output_by_deadline();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    let file = sheet.display();
    for expected in [
        format!("{file}:3: date \"2026-12-32\" is not a date"),
        format!("{file}:4: staff_id \"\\u{{1b}}[2JPX99\" is not an officer in staff.toml"),
        format!("{file}:5: duty \"Q\" is not a shift of rules.toml"),
        "nothing was saved".to_string(),
    ] {
        assert!(stderr.contains(&expected), "{expected}\nin\n{stderr}");
    }
    assert!(!stderr.contains('\u{1b}'), "{stderr}");
    assert!(!db.exists(), "a faulty sheet created the database");
}
