//! One judgement of a roster: the editor, `publish`, `print` and day-of
//! changes give the same verdict on the same database, across the seam
//! with published weeks; changes that break hard rules are refused unless
//! forced; a sick call recorded as an absence is respected by the re-plan.

mod common;

use std::collections::BTreeSet;

use common::{Sandbox, finish_within, text};
use dutyroster::app::{self, Store};
use dutyroster::config::load_dir;
use dutyroster::model::{Duty, Period};

/// (rule, officer id, days) of every hard violation in a JSON print.
fn json_hard(json: &serde_json::Value) -> BTreeSet<String> {
    json["violations"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|v| v["hard"] == true)
        .map(|v| {
            format!(
                "[{}] {}",
                v["rule"].as_str().unwrap(),
                v["message"].as_str().unwrap()
            )
        })
        .collect()
}

#[test]
fn the_seam_recipe_gets_one_verdict_from_editor_publish_and_print() {
    let sb = Sandbox::new("data");
    sb.plan_and_publish("2026-W49", "1");
    sb.plan_draft("2026-W50", "2");
    let id = common::break_rest_across_the_seam(&sb);

    // print --format json: the verdict names min_rest across the seam.
    let json: serde_json::Value =
        serde_json::from_str(&sb.ok(&["print", "2026-W50", "--format", "json"])).unwrap();
    let printed = json_hard(&json);
    assert!(
        printed
            .iter()
            .any(|v| v.starts_with("[min_rest]") && v.contains("2026-12-06")),
        "{printed:?}"
    );
    assert!(json["score"]["hard"].as_i64().unwrap() > 0);

    // print --format text says so on paper.
    let paper = sb.ok(&["print", "2026-W50", "--format", "text"]);
    assert!(paper.contains("Verdict: NOT LEGAL"), "{paper}");
    assert!(paper.contains("[min_rest]"), "{paper}");

    // duty publish refuses, listing the same rules (exit 4).
    let refused = sb.duty(&["publish", "2026-W50"]);
    assert_eq!(refused.status.code(), Some(4), "{}", text(&refused.stderr));
    let said = text(&refused.stderr);
    for v in &printed {
        assert!(
            said.contains(v.as_str()),
            "publish does not list {v}:\n{said}"
        );
    }

    // What the editor opens on the same database (its loader): the same
    // hard violations. The real editor is driven through this recipe in
    // tests/tui_tmux.rs.
    let station =
        app::with_recorded_absences(load_dir(&sb.data).unwrap(), &Store::open(&sb.db).unwrap())
            .unwrap();
    let store = Store::open(&sb.db).unwrap();
    let period = Period::parse_iso_week("2026-W50", 1).unwrap();
    let opened = app::open_period(&store, &station, period).unwrap();
    let shown: BTreeSet<String> = opened
        .report
        .hard()
        .map(|v| format!("[{}] {}", v.constraint, v.message))
        .collect();
    assert_eq!(shown, printed, "the editor and print disagree");
    assert_eq!(
        opened.report.score.hard,
        json["score"]["hard"].as_i64().unwrap()
    );
    let name = &station.staff[station.staff_index(&id).unwrap()].name;
    assert!(
        printed
            .iter()
            .any(|v| v.starts_with("[min_rest]") && v.contains(name.as_str())),
        "the rest broken is {name}'s: {printed:?}"
    );
}

#[test]
fn weekends_per_four_weeks_hold_when_planning_after_three_published_weeks() {
    let sb = Sandbox::new("data");
    for (week, seed) in [("2026-W49", "1"), ("2026-W50", "2"), ("2026-W51", "3")] {
        sb.plan_and_publish(week, seed);
    }
    // Officers who worked all three published weekends: the rule binds.
    let weekends_of = |sql: &rusqlite::Connection, id: &str| -> i64 {
        sql.query_row(
            "SELECT COUNT(DISTINCT strftime('%W', date, '-5 days')) FROM duties
             WHERE staff_id = ?1 AND strftime('%w', date) IN ('0', '6')",
            [id],
            |r| r.get(0),
        )
        .unwrap()
    };
    let station = load_dir(&sb.data).unwrap();
    let full: Vec<String> = station
        .staff
        .iter()
        .filter(|o| weekends_of(&sb.sql(), &o.id) == 3)
        .map(|o| o.id.clone())
        .collect();
    assert!(
        !full.is_empty(),
        "nobody worked three weekends: the test proves nothing"
    );
    let plan = sb.plan_draft("2026-W52", "4");
    assert!(
        plan.contains(
            "Planning next to published days (2026-11-30 to 2026-12-20), which stay as they are."
        ),
        "{plan}"
    );
    sb.ok(&["publish", "2026-W52", "--by", "Sgt Test"]);
    for id in &full {
        let on: i64 = sb
            .sql()
            .query_row(
                "SELECT COUNT(*) FROM duties WHERE staff_id = ?1 AND date IN ('2026-12-26', '2026-12-27')",
                [id],
                |r| r.get(0),
            )
            .unwrap();
        let s = station.staff_index(id).unwrap();
        if station.contracts[station.staff[s].contract].max_weekends <= 3 {
            assert_eq!(on, 0, "{id} would work a fourth weekend in four weeks");
        }
    }
    let sql = sb.sql();
    for (s, officer) in station.staff.iter().enumerate() {
        let weekends = weekends_of(&sql, &officer.id);
        let max = station.contracts[station.staff[s].contract].max_weekends;
        assert!(
            weekends <= i64::from(max),
            "{} works {weekends} weekends in W49-W52, max {max}",
            officer.id
        );
    }
}

/// `duty replan` of one day after a sick chief, with a move budget.
fn replan_day<'a>(day: &'a str, moves: &'a str) -> Vec<&'a str> {
    replan_days(day, day, moves)
}

/// `duty replan` from `from` to `to` with a fixed move budget.
fn replan_days<'a>(from: &'a str, to: &'a str, moves: &'a str) -> Vec<&'a str> {
    vec![
        "replan",
        "--from",
        from,
        "--to",
        to,
        "--reason",
        "chief sick",
        "--moves",
        moves,
    ]
}

/// The id of the chief officer on duty on `date`, from the duties in force.
fn chief_on(sb: &Sandbox, date: &str) -> String {
    sb.sql()
        .query_row(
            "SELECT staff_id FROM duties WHERE date = ?1 AND duty = 'CHIEF'",
            [date],
            |r| r.get(0),
        )
        .unwrap()
}

/// A day past is re-planned as asked (a record put right), but the window
/// never widens onto other days past: they were worked as published. With
/// every officer who may keep the chief watch away that day no one-day
/// window can mend it, so the re-plan would widen, and says why it does
/// not.
#[test]
fn a_replan_of_a_day_past_never_widens_onto_other_days_past() {
    let sb = Sandbox::new("data");
    sb.plan_and_publish("2026-W49", "1");
    for id in [
        "ST01", "ST02", "ST03", "PA01", "PA02", "TR01", "CI01", "CI02",
    ] {
        sb.ok(&["absent", id, "--from", "2026-12-03", "--reason", "sick"]);
    }
    let replan = sb.duty(&replan_day("2026-12-03", "300000"));
    let out = text(&replan.stdout);
    // 2026-12-03 and the days around it are past by the clock.
    assert!(!out.contains("widened to"), "{out}");
    assert!(out.contains("have passed and stay as published"), "{out}");
    let changed: Vec<&str> = out
        .lines()
        .filter_map(|l| l.strip_prefix("  "))
        .filter(|l| l.starts_with("20"))
        .collect();
    assert!(changed.iter().all(|l| l.starts_with("2026-12-03")), "{out}");
    assert!(out.contains("Not recorded"), "{out}");
}

/// Days still to come may be re-planned around a sick call, before the
/// day asked for as well as after it: the one-day window is widened on
/// both sides (unlike a day past, above).
#[test]
fn a_replan_widens_onto_days_to_come_on_both_sides() {
    let sb = Sandbox::new("data");
    sb.plan_and_publish("2099-W10", "1");
    let chief = chief_on(&sb, "2099-03-04");
    sb.ok(&["absent", &chief, "--from", "2099-03-04", "--reason", "sick"]);
    let replan = sb.ok(&replan_day("2099-03-04", "2000000"));
    let start = replan
        .split_once("widened to ")
        .map(|(_, rest)| &rest[..10])
        .unwrap_or_else(|| panic!("not widened:\n{replan}"));
    assert!(start < "2099-03-04", "{replan}");
    assert!(!replan.contains("have passed"), "{replan}");
}

#[test]
fn assign_that_breaks_a_hard_rule_is_refused_unless_forced_and_then_recorded() {
    let sb = Sandbox::new("data");
    sb.plan_and_publish("2026-W49", "1");
    let chief = chief_on(&sb, "2026-12-02");
    // Taking the only chief off the day leaves it without one.
    let refused = sb.duty(&[
        "assign",
        &chief,
        "2026-12-02",
        "off",
        "--reason",
        "sick call",
    ]);
    assert_eq!(refused.status.code(), Some(4), "{}", text(&refused.stdout));
    let said = text(&refused.stderr);
    assert!(
        said.contains("[chief_watch] 2026-12-02: no chief officer on duty"),
        "{said}"
    );
    assert!(
        said.contains("go ahead anyway with --force (and a --reason saying why)"),
        "{said}"
    );
    let unchanged: i64 = sb
        .sql()
        .query_row(
            "SELECT COUNT(*) FROM changes WHERE kind = 'assign'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(unchanged, 0, "a refused change is not recorded");

    let forced = sb.ok(&[
        "assign",
        &chief,
        "2026-12-02",
        "off",
        "--reason",
        "sent home ill",
        "--force",
        "--by",
        "Insp Duty",
    ]);
    assert!(forced.contains("Forced: "), "{forced}");
    assert!(forced.contains("[chief_watch]"), "{forced}");
    let (reason, was_forced): (String, bool) = sb
        .sql()
        .query_row(
            "SELECT reason, forced FROM changes WHERE kind = 'assign'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(reason, "sent home ill");
    assert!(was_forced);
    let history = sb.ok(&["history", "--from", "2026-11-30", "--to", "2026-12-06"]);
    assert!(history.contains("FORCED"), "{history}");
}

#[test]
fn swap_across_units_is_ineligible_and_a_rest_breaking_swap_is_refused() {
    let sb = Sandbox::new("data");
    sb.plan_and_publish("2026-W49", "1");
    let station = load_dir(&sb.data).unwrap();
    let store = Store::open(&sb.db).unwrap();
    let ctx = app::Context::load(
        &store,
        &station,
        Period::parse_iso_week("2026-W49", 1).unwrap(),
        false,
    )
    .unwrap();
    let d = 2; // Wednesday 2026-12-02
    let unit = |code: &str| station.units.iter().position(|u| u.code == code).unwrap();
    let on_shift = |u: usize| {
        (0..station.staff.len())
            .find(|&s| station.staff[s].unit == u && matches!(ctx.start.get(s, d), Duty::Shift(_)))
            .unwrap()
    };
    let (patrol, traffic) = (on_shift(unit("patrol")), on_shift(unit("traffic")));
    let out = sb.duty(&[
        "swap",
        &station.staff[patrol].id,
        &station.staff[traffic].id,
        "2026-12-02",
        "--reason",
        "asked to",
        "--force",
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stdout));
    assert!(
        text(&out.stderr).contains("may not take"),
        "{}",
        text(&out.stderr)
    );

    // Two officers of one unit, one on a night the day before and the
    // other on an early: swapping puts the night worker on an early the
    // morning after (too little rest) or is otherwise refused by rule.
    let (tue, wed) = (1, 2);
    let early = Duty::Shift(station.shift_index("E").unwrap());
    let night = Duty::Shift(station.shift_index("N").unwrap());
    let pa = unit("patrol");
    let night_before = (0..station.staff.len()).find(|&s| {
        station.staff[s].unit == pa
            && ctx.start.get(s, tue) == night
            && ctx.start.get(s, wed) == Duty::Off
    });
    let early_worker = (0..station.staff.len())
        .find(|&s| station.staff[s].unit == pa && ctx.start.get(s, wed) == early);
    let a = night_before.expect("a patrol officer off on Wednesday after Tuesday's night");
    let b = early_worker.expect("a patrol officer on Wednesday's early");
    let out = sb.duty(&[
        "swap",
        &station.staff[a].id,
        &station.staff[b].id,
        "2026-12-02",
        "--reason",
        "asked to",
    ]);
    assert_eq!(out.status.code(), Some(4), "{}", text(&out.stdout));
    assert!(
        text(&out.stderr).contains("[min_rest]"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn duties_of_an_officer_taken_out_of_staff_toml_are_named_where_they_are_left_out() {
    let sb = Sandbox::new("data");
    sb.plan_and_publish("2026-W49", "1");
    let id: String = sb
        .sql()
        .query_row(
            "SELECT staff_id FROM duties WHERE staff_id LIKE 'PA%' AND duty != 'CHIEF'
             ORDER BY staff_id DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let count: i64 = sb
        .sql()
        .query_row(
            "SELECT COUNT(*) FROM duties WHERE staff_id = ?1",
            [&id],
            |r| r.get(0),
        )
        .unwrap();
    let path = sb.data.join("staff.toml");
    let staff = std::fs::read_to_string(&path).unwrap();
    let kept: Vec<&str> = staff
        .split("\n\n")
        .filter(|block| {
            !block.contains(&format!("id = \"{id}\""))
                && !block.contains(&format!("staff = \"{id}\""))
        })
        .collect();
    std::fs::write(&path, kept.join("\n\n")).unwrap();

    let out = sb.duty(&["print", "2026-W49", "--format", "csv"]);
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains(&format!(
            "Left out: {id} is not in staff.toml: {count} published duties ("
        )),
        "{stderr}"
    );
    assert!(!text(&out.stdout).contains(&id));
    // Not a typo: the id holds duties in force, so its history is asked
    // for, not refused.
    sb.ok(&[
        "history",
        "--staff",
        &id,
        "--from",
        "2026-11-30",
        "--to",
        "2026-12-06",
    ]);
}

#[test]
fn an_absence_names_the_saved_draft_that_has_the_officer_on_duty() {
    let sb = Sandbox::new("data");
    sb.plan_draft("2026-W49", "1");
    let id: String = sb
        .sql()
        .query_row(
            "SELECT staff_id FROM assignments WHERE date = '2026-12-02' ORDER BY staff_id LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let absent = sb.ok(&[
        "absent",
        &id,
        "--from",
        "2026-12-02",
        "--to",
        "2026-12-03",
        "--reason",
        "flu",
    ]);
    assert!(
        absent.contains("Draft #1 (2026-11-30 to 2026-12-06) has ")
            && absent.contains(" on duty on 2026-12-02")
            && absent.contains("duty plan --week 2026-W49 --weeks 1 --save"),
        "{absent}"
    );
    let refused = sb.duty(&["publish", "2026-W49"]);
    assert_eq!(refused.status.code(), Some(4), "{}", text(&refused.stderr));
    // Planned again as it says, the week keeps the officer off and publishes.
    sb.plan_draft("2026-W49", "2");
    sb.ok(&["publish", "2026-W49"]);
    let on_duty: i64 = sb
        .sql()
        .query_row(
            "SELECT COUNT(*) FROM duties WHERE staff_id = ?1 AND date BETWEEN '2026-12-02' AND '2026-12-03'",
            [&id],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(on_duty, 0);
}

/// A reason a shell would run if pasted unquoted.
const PASTED_REASON: &str = r#"phoned in "sick" $HOME `id` $(id); exit 1"#;

/// A day of 2026-W49, as published in `sb`, on which the chief officer on
/// duty's watch can be handed on once they are off sick, re-planning that
/// day and the next, and that chief's id. Each day in turn, the sick call
/// and the re-plan are tried on a copy of the database, so the scenario
/// holds for whatever roster the solver made rather than for a date fixed
/// on one roster. Two days are asked for, since the week lies before
/// today and a re-plan never widens onto days past that it was not asked
/// for: one day alone may leave no eligible officer free.
fn a_watch_another_can_keep(sb: &Sandbox) -> (String, String) {
    let monday = chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
    for day in (0..6).map(|d| (monday + chrono::Days::new(d)).to_string()) {
        let trial = sb.trial_copy();
        let chief = chief_on(sb, &day);
        trial.ok(&["absent", &chief, "--from", &day, "--reason", "a trial"]);
        let to = next_day(&day);
        let replan = trial.duty(&[replan_days(&day, &to, "2000000"), vec!["--yes"]].concat());
        let print: serde_json::Value =
            serde_json::from_str(&trial.ok(&["print", "2026-W49", "--format", "json"])).unwrap();
        if replan.status.success() && print["score"]["hard"] == 0 {
            return (day, chief);
        }
    }
    panic!("no day of 2026-W49 whose chief watch a re-plan hands on")
}

/// The day after `day` (YYYY-MM-DD).
fn next_day(day: &str) -> String {
    let date: chrono::NaiveDate = day.parse().unwrap();
    date.succ_opt().unwrap().to_string()
}

#[test]
fn a_sick_chief_is_recorded_absent_and_the_replan_keeps_them_off() {
    let sb = Sandbox::new("data");
    sb.plan_and_publish("2026-W49", "1");
    let (day, chief) = a_watch_another_can_keep(&sb);
    let day = day.as_str();
    let noon = format!("{day} 12:00");
    let no_chief = format!("[chief_watch] {day}: no chief officer on duty");
    let absent = sb.ok(&["absent", &chief, "--from", day, "--reason", PASTED_REASON]);
    assert!(absent.contains(&no_chief), "{absent}");
    assert!(
        absent.contains(&format!("duty replan --from {day}")),
        "{absent}"
    );
    // The advice is a command to paste: a shell reads the reason back as
    // typed, running nothing hidden in it.
    let advice = absent
        .lines()
        .find_map(|l| l.strip_prefix("Mend it with: duty replan "))
        .unwrap();
    let shell = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!(
            "set -- {advice}; for a; do printf '%s\\n' \"$a\"; done"
        ))
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let words = text(&finish_within(shell, 30, "sh").stdout);
    let words: Vec<&str> = words.lines().collect();
    let reason = words.iter().position(|w| *w == "--reason").unwrap() + 1;
    assert_eq!(words[reason], PASTED_REASON, "{advice}");

    // Until it is mended, "who is on duty?" says the day is not legal, with
    // the same hard rules `duty print` lists for that day (one verdict).
    let now = sb.ok(&["now", "--at", &noon]);
    assert!(now.contains("NOT LEGAL"), "{now}");
    assert!(now.contains(&no_chief), "{now}");
    let now: serde_json::Value =
        serde_json::from_str(&sb.ok(&["now", "--at", &noon, "--json"])).unwrap();
    let print: serde_json::Value =
        serde_json::from_str(&sb.ok(&["print", "2026-W49", "--format", "json"])).unwrap();
    let mut printed: Vec<String> = print["violations"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|v| v["hard"] == true)
        .filter(|v| v["days"].as_array().unwrap().iter().any(|d| d == day))
        .map(|v| v["message"].as_str().unwrap().to_string())
        .collect();
    let mut shown: Vec<String> = now["broken"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["message"].as_str().unwrap().to_string())
        .collect();
    printed.sort();
    shown.sort();
    assert!(!shown.is_empty());
    assert_eq!(shown, printed);
    // The history lists the roster with the score it was published with,
    // and what it is now: the same verdict, counted as the print counts it.
    let hard_printed = print["violations"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|v| v["hard"] == true)
        .count();
    let rosters = sb.ok(&["history", "--from", "2026-11-30", "--to", "2026-12-06"]);
    let broken = format!(
        "in force now: NOT LEGAL, breaks {hard_printed} hard rule{} since it was saved (duty print 2026-W49 lists them)",
        if hard_printed == 1 { "" } else { "s" }
    );
    assert!(rosters.contains("published hard 0 "), "{rosters}");
    assert!(rosters.contains(&broken), "{rosters}");

    // Someone else keeps the watch: the re-plan of that day and the next
    // finds who (the days have passed, so the window is never widened
    // onto others).
    let to = next_day(day);
    let replan = sb.ok(&[replan_days(day, &to, "2000000"), vec!["--yes"]].concat());
    assert!(replan.contains("Recorded"), "{replan}");
    assert!(!replan.contains(&format!("{day} {chief}")), "{replan}");

    // The sick officer stays off that day, someone else keeps the watch,
    // and nothing is charged to the sick officer.
    let on: i64 = sb
        .sql()
        .query_row(
            "SELECT COUNT(*) FROM duties WHERE staff_id = ?1 AND date = ?2",
            [chief.as_str(), day],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(on, 0, "the sick officer was put back on duty");
    let now = sb.ok(&["now", "--at", &noon]);
    assert!(now.contains("Chief officer on duty: "), "{now}");
    assert!(!now.contains(&format!("({chief})")), "{now}");
    assert!(!now.contains("NOT LEGAL"), "mended: {now}");
    let rosters = sb.ok(&["history", "--from", "2026-11-30", "--to", "2026-12-06"]);
    assert!(!rosters.contains("now:"), "mended: {rosters}");
    let json: serde_json::Value =
        serde_json::from_str(&sb.ok(&["print", "2026-W49", "--format", "json"])).unwrap();
    assert_eq!(json["score"]["hard"], 0, "{}", json["violations"]);
    let charged: Vec<_> = json["violations"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|v| v["hard"] == true && v["staff_id"] == chief.as_str())
        .collect();
    assert!(charged.is_empty(), "{charged:?}");
    let history = sb.ok(&[
        "history",
        "--staff",
        &chief,
        "--from",
        "2026-11-30",
        "--to",
        "2026-12-06",
    ]);
    assert!(history.contains("absent"), "{history}");

    // A sick call on a day the officer has no duty changes no roster, yet
    // the history keeps it, with who recorded it and why.
    let free_day: String = sb
        .sql()
        .query_row(
            "SELECT MIN(day) FROM (SELECT date(?2, '+' || n || ' days') AS day
                FROM (SELECT 0 AS n UNION SELECT 1 UNION SELECT 2 UNION SELECT 3))
             WHERE day NOT IN (SELECT date FROM duties WHERE staff_id = ?1)",
            [chief.as_str(), next_day(day).as_str()],
            |r| r.get(0),
        )
        .unwrap();
    let absent = sb.ok(&[
        "absent",
        &chief,
        "--from",
        &free_day,
        "--reason",
        "off sick, 不值班",
        "--by",
        "Sgt Desk",
    ]);
    assert!(absent.contains("0 changes recorded"), "{absent}");
    let history = sb.ok(&[
        "history", "--staff", &chief, "--from", &free_day, "--to", &free_day,
    ]);
    let (_, absences) = history.split_once("Absences recorded:").expect(&history);
    assert!(
        absences.contains(&format!(
            "({chief}) {free_day}  by Sgt Desk: off sick, 不值班"
        )),
        "{history}"
    );
    let other = sb.ok(&[
        "history", "--staff", "PA15", "--from", &free_day, "--to", &free_day,
    ]);
    assert!(other.ends_with("Absences recorded:\n  none\n"), "{other}");
}

/// A random roster over `weeks` weeks from `start`: each cell a random
/// duty (off half the time), whether the officer may take it or not.
fn random_roster(
    station: &dutyroster::model::Station,
    start: chrono::NaiveDate,
    weeks: usize,
    rng: &mut fastrand::Rng,
) -> dutyroster::model::Roster {
    let mut roster = dutyroster::model::Roster::new(start, 7 * weeks, station.staff.len());
    for s in 0..roster.staff {
        for d in 0..roster.days {
            let duty = match rng.usize(0..2 * (station.shifts.len() + 1)) {
                c if c < station.shifts.len() => Duty::Shift(c),
                c if c == station.shifts.len() => Duty::Chief,
                _ => Duty::Off,
            };
            roster.set(s, d, duty);
            roster.set_pinned(s, d, rng.u8(0..10) == 0);
        }
    }
    roster
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 6, ..Default::default() })]

    /// Random drafts next to random published weeks: the editor, print,
    /// save and publish give one verdict.
    #[test]
    fn every_front_end_gives_the_same_verdict(seed in 0u64..1_000_000, before in 0usize..=3, after in 0usize..=1) {
        let station = load_dir(std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/data"))).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("duty.db")).unwrap();
        let mut rng = fastrand::Rng::with_seed(seed);
        let week = Period::parse_iso_week("2026-W50", 1).unwrap();
        let weeks: Vec<chrono::NaiveDate> = (1..=before)
            .map(|k| week.start - chrono::Days::new(7 * k as u64))
            .chain((1..=after).map(|k| week.start + chrono::Days::new(7 * k as u64)))
            .collect();
        for start in weeks {
            let roster = random_roster(&station, start, 1, &mut rng);
            app::save_draft(&mut store, &station, &roster, &TEST_SAVE).unwrap();
            app::publish_week(&mut store, &station, start, "test", Some("random history")).unwrap();
        }
        let draft = random_roster(&station, week.start, 1, &mut rng);
        let saved = app::save_draft(&mut store, &station, &draft, &TEST_SAVE).unwrap();

        let editor = app::open_period(&store, &station, week).unwrap();
        let (printed, printed_report) = app::print_period(&store, &station, week).unwrap();
        proptest::prop_assert_eq!(&printed, &editor.roster);
        proptest::prop_assert_eq!(&editor.report, &saved.report);
        proptest::prop_assert_eq!(&printed_report, &saved.report);
        let hard: Vec<_> = saved.report.hard().cloned().collect();
        match app::publish_week(&mut store, &station, week.start, "test", None) {
            Err(app::AppError::BreaksHardRules { violations, .. }) => {
                proptest::prop_assert_eq!(violations, hard)
            }
            Ok(published) => {
                proptest::prop_assert!(hard.is_empty());
                proptest::prop_assert_eq!(published.report, saved.report);
            }
            Err(other) => proptest::prop_assert!(false, "{other}"),
        }
        // `duty now` judges without the fairness history, which no hard
        // rule reads: the published week before, with random weeks before
        // it, breaks the same hard rules as `duty print` finds.
        if before > 0 {
            let last = Period::starting_week_of(week.start - chrono::Days::new(7), 1);
            let (_, report) = app::print_period(&store, &station, last).unwrap();
            let dates: Vec<chrono::NaiveDate> = last.dates().collect();
            let broken = app::broken_on(&store, &station, &dates).unwrap();
            let printed: Vec<_> = report.hard().cloned().collect();
            proptest::prop_assert!(!printed.is_empty());
            proptest::prop_assert_eq!(broken, printed);
        }
    }
}

/// How these tests save drafts: whatever was saved before.
const TEST_SAVE: app::SaveAs = app::SaveAs {
    rules_hash: "test",
    saved_by: "test",
    origin: "test",
    unchanged_since: None,
};

/// The hard month of issue 13: four weeks up to the Spring Festival
/// planned after a published New Year week. Every seed must come out
/// legal (`plan` exits 4 otherwise); a move budget about as long as the
/// default 10 s on two cores keeps the test the same on every machine.
/// Seed 5's first path stalls one chief watch short (every eligible
/// officer busy, resting or at their weekly hours): only the restart of
/// stalled repair finds a legal roster.
#[test]
fn the_hard_month_after_a_published_new_year_week_is_legal_for_every_seed_tried() {
    let sb = Sandbox::new("data");
    sb.plan_and_publish("2027-W01", "1");
    for seed in ["1", "2", "3", "5"] {
        let plan = sb.ok(&[
            "plan",
            "--week",
            "2027-W02",
            "--weeks",
            "4",
            "--moves",
            "8000000",
            "--seconds",
            "600",
            "--seed",
            seed,
        ]);
        assert!(plan.contains("Score: hard 0 "), "seed {seed}:\n{plan}");
    }
}
