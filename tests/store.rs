//! History in SQLite through the real binary: publish, now, history,
//! changes, the seam between weeks, re-planning, fairness over 8 weeks, and
//! hostile databases.

mod common;

use common::OutputByDeadline;
use common::{Sandbox, finish_within, spreads_above, text};
use dutyroster::app::open_period;
use dutyroster::config::load_dir;
use dutyroster::model::{Category, Period};
use dutyroster::store::Store;

#[test]
fn publish_then_now_and_history_show_it() {
    let sb = Sandbox::new("data");
    sb.plan_and_publish("2026-W49", "1");
    // The record begins on 2026-11-30, so the weekend rule's first 4-week
    // cycle ends before 2026-12-28: planning 2026-W50 (after a week of
    // lead) counts weekend days planned ahead to there, and 2026-W52, the
    // cycle's last week, nothing ahead.
    {
        let station = load_dir(&sb.data).unwrap();
        let store = Store::open(&sb.db).unwrap();
        let cycle_end = |week: &str| {
            let ctx = dutyroster::app::Context::load(
                &store,
                &station,
                Period::parse_iso_week(week, 1).unwrap(),
                true,
            )
            .unwrap();
            let end = ctx
                .weekend_cycle_end()
                .map(|d| ctx.extended.start + chrono::Days::new(d as u64));
            (end, ctx.lead_days + 7)
        };
        let date = |text: &str| text.parse::<chrono::NaiveDate>().ok();
        assert_eq!(cycle_end("2026-W50").0, date("2026-12-28"));
        let (end, kept) = cycle_end("2026-W52");
        assert_eq!(end, date("2026-12-28"));
        assert_eq!(
            end,
            date("2026-12-21").map(|d| d + chrono::Days::new(kept as u64))
        );
    }
    // `duty fairness` says which weekend cycle its last day is in, since
    // weekend days are evened at the cycle's end.
    let fairness = sb.ok(&["fairness"]);
    assert!(
        fairness.contains(
            "(weekend days even out at each 4-week cycle's end; 2026-12-06 is mid-cycle (2026-11-30 to 2026-12-27))"
        ),
        "{fairness}"
    );
    let json: serde_json::Value = serde_json::from_str(&sb.ok(&["fairness", "--json"])).unwrap();
    assert_eq!(json["weekend_cycle"]["from"], "2026-11-30");
    assert_eq!(json["weekend_cycle"]["to"], "2026-12-27");
    let now = sb.ok(&["now", "--at", "2026-12-03 02:30"]);
    assert!(now.contains("Chief officer on duty: "), "{now}");
    assert!(
        now.contains("N Night, 2026-12-02 22:00 to 2026-12-03 06:00: "),
        "{now}"
    );
    assert!(now.contains("Next handover: 2026-12-03 06:00"), "{now}");
    let json: serde_json::Value =
        serde_json::from_str(&sb.ok(&["now", "--at", "2026-12-03 02:30", "--json"])).unwrap();
    assert_eq!(json["chief"]["duty"], "CHIEF");
    assert_eq!(json["at"], "2026-12-03T02:30:00+08:00");
    // The JSON's ISO 8601 time reads back as the same moment.
    assert_eq!(sb.ok(&["now", "--at", json["at"].as_str().unwrap()]), now);
    // A cross-training trainee (a station officer on traffic patrol, a
    // traffic officer at the desk) is named as one: not counted in cover.
    let csv = sb.ok(&["print", "2026-W49", "--format", "csv"]);
    let trainee: Vec<&str> = csv
        .lines()
        .map(|l| l.split(',').collect::<Vec<_>>())
        .find(|c| matches!((c[3], c[4]), ("station", "TE") | ("traffic", "D")))
        .unwrap_or_else(|| panic!("no cross-training shift in 2026-W49:\n{csv}"));
    let (id, start) = (trainee[1], trainee[5]);
    let now = sb.ok(&["now", "--at", start]);
    assert!(now.contains(&format!("({id}, cross-training)")), "{now}");
    let json: serde_json::Value =
        serde_json::from_str(&sb.ok(&["now", "--at", start, "--json"])).unwrap();
    let mut trainees = Vec::new();
    for shift in json["shifts"].as_array().unwrap() {
        for o in shift["officers"].as_array().unwrap() {
            let unit_and_duty = (o["unit"].as_str().unwrap(), shift["duty"].as_str().unwrap());
            let expected = matches!(unit_and_duty, ("station", "TE") | ("traffic", "D"));
            assert_eq!(o["cross_training"], expected, "{o} on {}", shift["duty"]);
            if expected {
                trainees.push(o["id"].as_str().unwrap());
            }
        }
    }
    assert!(trainees.contains(&id), "{json}");
    // The JSON roster flags the same shifts.
    let roster: serde_json::Value =
        serde_json::from_str(&sb.ok(&["print", "2026-W49", "--format", "json"])).unwrap();
    let duties = roster["duties"].as_array().unwrap();
    for d in duties {
        let unit_and_duty = (d["unit"].as_str().unwrap(), d["duty"].as_str().unwrap());
        let expected = matches!(unit_and_duty, ("station", "TE") | ("traffic", "D"));
        assert_eq!(d["cross_training"], expected, "{d}");
    }
    assert!(duties.iter().any(|d| d["cross_training"] == true));
    let history = sb.ok(&["history", "--from", "2026-11-01", "--to", "2026-12-31"]);
    assert!(
        history.contains("2026-11-30 to 2026-12-06  published"),
        "{history}"
    );
    assert!(history.contains("by Sgt Test"), "{history}");
    // Dates the wrong way round are a usage error, not "none".
    let reversed = sb.duty(&["history", "--from", "2026-12-09", "--to", "2026-12-01"]);
    assert_eq!(reversed.status.code(), Some(2));
    assert!(
        text(&reversed.stderr).contains("--to 2026-12-01 is before --from 2026-12-09"),
        "{}",
        text(&reversed.stderr)
    );
    // One bound alone reads 8 weeks from it.
    let ahead = sb.ok(&["history", "--from", "2027-06-01"]);
    assert!(
        ahead.starts_with("Rosters 2027-06-01 to 2027-07-27:"),
        "{ahead}"
    );
    // A draft says who saved it ($DUTY_OPERATOR, else the login name).
    let saved = sb
        .command(&[
            "plan", "--week", "2026-W50", "--weeks", "1", "--moves", "1000", "--save",
        ])
        .env("DUTY_OPERATOR", "Insp Planner")
        .output_by_deadline();
    assert!(
        matches!(saved.status.code(), Some(0 | 4)),
        "{}",
        text(&saved.stderr)
    );
    // Mid-cycle, its verdict says when planning evens weekend days: some
    // have worked the cycle's weekends and others are yet to. The cycle's
    // last week (2026-W52) is judged as it ends.
    let mid_cycle = "mid-cycle: planning evens weekend days over the weekend rule's cycle, which ends on 2026-12-27";
    let weekend_lines = |report: &str| -> Vec<String> {
        report
            .lines()
            .filter(|l| l.contains("[fair_weekends]"))
            .map(str::to_string)
            .collect()
    };
    let w50 = weekend_lines(&text(&saved.stdout));
    assert!(!w50.is_empty(), "{}", text(&saved.stdout));
    assert!(w50.iter().all(|l| l.contains(mid_cycle)), "{w50:#?}");
    let last_week = sb.duty(&["plan", "2026-W52", "--weeks", "1", "--moves", "1000"]);
    let w52 = weekend_lines(&text(&last_week.stdout));
    assert!(!w52.is_empty(), "{}", text(&last_week.stdout));
    assert!(w52.iter().all(|l| !l.contains("mid-cycle")), "{w52:#?}");
    let history = sb.ok(&["history", "--from", "2026-11-01", "--to", "2026-12-31"]);
    assert!(history.contains("draft     hard"), "{history}");
    assert!(history.contains(" by Insp Planner"), "{history}");
    // It also says how it was planned: the command that plans it again,
    // which, with --moves, gives the same roster.
    let how = "duty plan 2026-W50 --weeks 1 --seed 1 --moves 1000 --threads 2";
    assert!(history.contains(&format!("(planned: {how})")), "{history}");
    let again = sb.dir.path().join("again.csv");
    let mut args: Vec<&str> = how.split(' ').skip(1).collect();
    args.extend(["--out", again.to_str().unwrap()]);
    let replanned = sb.duty(&args);
    assert!(
        matches!(replanned.status.code(), Some(0 | 4)),
        "{}",
        text(&replanned.stderr)
    );
    assert_eq!(
        std::fs::read_to_string(&again).unwrap(),
        sb.ok(&["print", "2026-W50", "--format", "csv"])
    );

    // A reader that hangs up at once (`duty plan --save | head -1`) does
    // not stop the save: the rest of the report is dropped, not the work.
    let mut hung_up = sb
        .command(&[
            "plan", "--week", "2026-W51", "--weeks", "1", "--moves", "1000", "--save",
        ])
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(hung_up.stdout.take());
    let status = finish_within(hung_up, 60, "duty plan --save with its reader gone").status;
    assert!(matches!(status.code(), Some(0 | 4)), "{status:?}");
    let history = sb.ok(&["history", "--from", "2026-12-14", "--to", "2026-12-20"]);
    assert!(
        history.contains("2026-12-14 to 2026-12-20  draft"),
        "{history}"
    );

    // A published week is never rewritten.
    let again = sb.duty(&[
        "plan", "--week", "2026-W49", "--weeks", "1", "--moves", "1000", "--save",
    ]);
    assert_eq!(again.status.code(), Some(1));
    assert!(
        text(&again.stderr).contains("already published"),
        "{}",
        text(&again.stderr)
    );

    // A week inside a draft of several weeks is published and printed
    // from the draft's first week; asking for it alone says so, rather
    // than sending the manager to plan a second, overlapping draft.
    let two = sb.duty(&[
        "plan", "--week", "2026-W52", "--weeks", "2", "--moves", "1000", "--save",
    ]);
    assert!(
        matches!(two.status.code(), Some(0 | 4)),
        "{}",
        text(&two.stderr)
    );
    for args in [
        &["publish", "2026-W53"][..],
        &["print", "2026-W53", "--format", "csv"][..],
    ] {
        let inside = sb.duty(args);
        assert_eq!(inside.status.code(), Some(1), "{args:?}");
        let said = text(&inside.stderr);
        assert!(
            said.contains("saved for 2026-12-21 to 2027-01-03: name its first week")
                && said.contains("`duty publish 2026-W52` (all 2 weeks)"),
            "{said}"
        );
    }
    // The editor opens that week as the draft planned it.
    let station = load_dir(&sb.data).unwrap();
    let store = Store::open(&sb.db).unwrap();
    let week_53 = Period::parse_iso_week("2026-W53", 1).unwrap();
    let opened = open_period(&store, &station, week_53).unwrap();
    let draft = store
        .latest_draft(week_53.start - chrono::Days::new(7))
        .unwrap()
        .unwrap();
    let planned = store.load_roster(&station, &draft).unwrap();
    for d in 0..7 {
        for s in 0..station.staff.len() {
            assert_eq!(opened.roster.get(s, d), planned.get(s, d + 7), "day {d}");
        }
    }
    // Once 2026-W53 is saved again on its own, the two-week draft is the
    // older plan of it: publishing that would discard the newer one.
    let alone = sb.duty(&[
        "plan", "--week", "2026-W53", "--weeks", "1", "--moves", "1000", "--save",
    ]);
    assert!(matches!(alone.status.code(), Some(0 | 4)));
    let stale = sb.duty(&["publish", "2026-W52", "--force", "--reason", "test"]);
    assert_eq!(stale.status.code(), Some(1));
    let said = text(&stale.stderr);
    assert!(
        said.contains("which plans some of the same days: publishing #")
            && said.contains("`duty --week 2026-W52 --weeks 2` shows the newest plan of each week"),
        "{said}"
    );
    // As it says: the editor on both weeks shows the newest plan of each.
    let both = open_period(
        &store,
        &station,
        Period::parse_iso_week("2026-W52", 2).unwrap(),
    )
    .unwrap()
    .roster;
    let newest = store.latest_draft(week_53.start).unwrap().unwrap();
    let newest = store.load_roster(&station, &newest).unwrap();
    for d in 0..7 {
        for s in 0..station.staff.len() {
            assert_eq!(both.get(s, d), planned.get(s, d), "W52 day {d}");
            assert_eq!(both.get(s, d + 7), newest.get(s, d), "W53 day {d}");
        }
    }

    // Publishing it again says so, rather than asking for a draft that
    // planning would refuse to make.
    let twice = sb.duty(&["publish", "2026-W49"]);
    assert_eq!(twice.status.code(), Some(1));
    let said = text(&twice.stderr);
    assert!(
        said.contains("2026-11-30 to 2026-12-06 is already published"),
        "{said}"
    );
    assert!(!said.contains("duty plan"), "{said}");

    // No roster: exit 3 with a clear message.
    let none = sb.duty(&["now", "--at", "2027-06-01 12:00"]);
    assert_eq!(none.status.code(), Some(3));
    assert!(text(&none.stderr).contains("no published roster covers 2027-06-01 12:00"));

    // The late shift moved to 15:00 after publishing: `now` answers with
    // the times the officers were told, and says rules.toml disagrees;
    // so does print, whose grid reads the codes with today's rules.
    assert!(!now.contains("Times changed"), "{now}");
    let rules = sb.data.join("rules.toml");
    let late = "code = \"L\"\nname = \"Late\"\nstart = \"14:00\"";
    let text_of_rules = std::fs::read_to_string(&rules).unwrap();
    assert!(text_of_rules.contains(late), "the sample's late shift");
    std::fs::write(
        &rules,
        text_of_rules.replace(late, &late.replace("14:00", "15:00")),
    )
    .unwrap();
    let moved = sb.ok(&["now", "--at", "2026-12-03 14:30"]);
    assert!(
        moved.contains("L Late, 2026-12-03 14:00 to 2026-12-03 22:00: "),
        "{moved}"
    );
    assert!(
        moved.contains("no longer match rules.toml's times")
            && moved.contains(" L on 2026-12-0")
            && moved.contains("22:00 CST, rules.toml now 2026-12-0")
            && moved.contains("15:00 CST to 2026-12-0"),
        "{moved}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&sb.ok(&["now", "--at", "2026-12-03 14:30", "--json"])).unwrap();
    assert!(json["times_changed"].is_string(), "{json}");
    let printed = sb.duty(&["print", "2026-W49", "--format", "csv"]);
    assert!(
        text(&printed.stderr).starts_with("Times changed: "),
        "{}",
        text(&printed.stderr)
    );

    // A shift renamed in rules.toml: the published duties it held cannot
    // be judged, and the history says so instead of failing. The audit
    // log is always readable.
    let rules = sb.data.join("rules.toml");
    let renamed = std::fs::read_to_string(&rules)
        .unwrap()
        .replace("\"TL\"", "\"TX\"");
    std::fs::write(&rules, renamed).unwrap();
    let history = sb.ok(&["history", "--from", "2026-11-30", "--to", "2026-12-06"]);
    assert!(
        history.contains(
            "in force now: cannot be judged with today's files: the database holds duty TL"
        ),
        "{history}"
    );
    assert!(history.contains("publish roster #1"), "{history}");
}

#[test]
fn assign_and_swap_are_recorded_with_operator_and_reason() {
    let sb = Sandbox::new("data");
    sb.plan_and_publish("2026-W49", "2");
    let station = load_dir(&sb.data).unwrap();
    let store = Store::open(&sb.db).unwrap();
    let date = chrono::NaiveDate::from_ymd_opt(2026, 12, 2).unwrap();
    let (day, _) = store.in_force(&station, date, 1).unwrap();
    drop(store);
    let working = (0..day.staff)
        .find(|&s| matches!(day.get(s, 0), dutyroster::model::Duty::Shift(_)))
        .unwrap();
    let id = station.staff[working].id.clone();
    sb.ok(&[
        "assign",
        &id,
        "2026-12-02",
        "off",
        "--reason",
        "sick call",
        "--by",
        "Insp Duty",
        "--force",
    ]);
    let history = sb.ok(&[
        "history",
        "--staff",
        &id,
        "--from",
        "2026-12-01",
        "--to",
        "2026-12-31",
    ]);
    assert!(
        history.contains(&format!("({id}) 2026-12-02:")),
        "{history}"
    );
    assert!(
        history.contains("-> off  by Insp Duty: sick call"),
        "{history}"
    );

    let store = Store::open(&sb.db).unwrap();
    let (day3, _) = store
        .in_force(&station, date.succ_opt().unwrap(), 1)
        .unwrap();
    drop(store);
    let other = (0..day3.staff)
        .find(|&s| {
            s != working
                && station.staff[s].unit == station.staff[working].unit
                && day3.get(s, 0) != day3.get(working, 0)
        })
        .unwrap();
    let other_id = station.staff[other].id.clone();
    sb.ok(&[
        "swap",
        &id,
        &other_id,
        "2026-12-03",
        "--reason",
        "family event",
        "--force",
    ]);
    let history = sb.ok(&["history", "--from", "2026-12-01", "--to", "2026-12-31"]);
    assert!(
        history.contains("swap") && history.contains("family event"),
        "{history}"
    );

    let bad = sb.duty(&["assign", &id, "2027-05-01", "E", "--reason", "x"]);
    assert_eq!(bad.status.code(), Some(1));
    assert!(
        text(&bad.stderr).contains("2027-05-01 is not published"),
        "{}",
        text(&bad.stderr)
    );
    // An id that is nowhere, in staff.toml or the records, is a typo.
    let typo = sb.duty(&["history", "--staff", "PA1"]);
    assert_eq!(typo.status.code(), Some(2));
    assert!(
        text(&typo.stderr).contains("PA1: no officer with this id in staff.toml"),
        "{}",
        text(&typo.stderr)
    );

    // An officer swapped with themselves is a slip of the keyboard: bad
    // input, and nothing recorded.
    let before = sb.ok(&["history", "--from", "2026-12-01", "--to", "2026-12-31"]);
    let twice = sb.duty(&["swap", &id, &id, "2026-12-03", "--reason", "x"]);
    assert_eq!(twice.status.code(), Some(2));
    let said = text(&twice.stderr);
    assert!(said.contains(&format!("({id}) named twice")), "{said}");
    let after = sb.ok(&["history", "--from", "2026-12-01", "--to", "2026-12-31"]);
    assert_eq!(before, after);

    // An absence of months breaks a day or two of the week published: the
    // re-plan suggested spans those days, and runs as written. Patrol runs
    // at its minimum at weekends, so a patrol officer off sick breaks it.
    let patrol: String = sb
        .sql()
        .query_row(
            "SELECT MIN(staff_id) FROM duties WHERE date = '2026-12-05' AND staff_id LIKE 'PA%' AND duty <> 'CHIEF'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let absent = sb.ok(&[
        "absent",
        &patrol,
        "--from",
        "2026-12-05",
        "--to",
        "2027-03-31",
        "--reason",
        "long-term sick",
    ]);
    {
        let (_, command) = absent.split_once("Mend it with: duty ").expect(&absent);
        let (window, _) = command.split_once(" --reason").expect(&absent);
        let args: Vec<&str> = window.split(' ').collect();
        assert_eq!(&args[..2], ["replan", "--from"], "{absent}");
        assert!(
            args[2] >= "2026-12-05" && args[4] <= "2026-12-06",
            "{absent}"
        );
        let mut replan = args.clone();
        replan.extend(["--reason", "long-term sick", "--moves", "200000"]);
        let out = sb.duty(&replan);
        assert!(
            matches!(out.status.code(), Some(0 | 4)),
            "{absent}\n{}",
            text(&out.stderr)
        );
    }
}

#[test]
fn publish_refuses_hard_violations_unless_forced_with_a_reason() {
    let sb = Sandbox::new("data");
    for id in [
        "PA01", "PA02", "PA03", "PA04", "PA07", "PA10", "PA13", "PA15",
    ] {
        sb.add_staff_toml(&format!("\n[[leave]]\nstaff = \"{id}\"\nfrom = 2026-12-03\nto = 2026-12-03\nkind = \"training\"\n"));
    }
    let plan = sb.duty(&[
        "plan", "--week", "2026-W49", "--weeks", "1", "--moves", "300000", "--save",
    ]);
    assert_eq!(plan.status.code(), Some(4));
    let refused = sb.duty(&["publish", "2026-W49"]);
    assert_eq!(refused.status.code(), Some(4));
    // What to do is a whole sentence, not a flag run into the list.
    assert!(
        text(&refused.stderr).contains(
            "; nothing was changed. Fix them, or go ahead anyway with --force (and a --reason saying why). Broken:\n  ["
        ),
        "{}",
        text(&refused.stderr)
    );
    let no_reason = sb.duty(&["publish", "2026-W49", "--force"]);
    assert_eq!(no_reason.status.code(), Some(2), "--force needs --reason");
    sb.ok(&[
        "publish",
        "2026-W49",
        "--force",
        "--reason",
        "firearms course agreed with the chief",
    ]);
    let history = sb.ok(&["history", "--from", "2026-11-01", "--to", "2026-12-31"]);
    assert!(
        history.contains("FORCED: firearms course agreed with the chief"),
        "{history}"
    );
}

/// A week printed as CSV and imported into another station's database is
/// the same roster there: the same duties, verdict and fairness. A sheet
/// with a rule broken is saved as a draft, named NOT legal, and exits 4.
#[test]
fn a_roster_printed_as_csv_imports_into_another_database_unchanged() {
    let kept = Sandbox::new("data");
    kept.plan_and_publish("2026-W49", "1");
    let csv = kept.ok(&["print", "2026-W49", "--format", "csv"]);
    let file = kept.dir.path().join("paper.csv");
    std::fs::write(&file, &csv).unwrap();
    let file = file.to_str().unwrap();

    // Typed into Excel on a Chinese Windows: names in Chinese, saved in
    // GBK. Only the date, staff_id and duty columns are read.
    let chinese = csv.replace("Wang Wei", "王伟");
    let (gbk, _, _) = encoding_rs::GB18030.encode(&chinese);
    let excel = kept.dir.path().join("excel.csv");
    std::fs::write(&excel, &gbk).unwrap();
    let fresh = Sandbox::new("data");
    let imported = fresh.ok(&["import", excel.to_str().unwrap(), "--by", "Sgt Test"]);
    assert!(
        imported.contains("(read as GB18030/GBK, not UTF-8"),
        "{imported}"
    );
    assert!(imported.contains("Hard violations: 0"), "{imported}");
    assert!(
        imported.contains("publish it with: duty publish 2026-W49\n"),
        "{imported}"
    );
    fresh.ok(&["publish", "2026-W49", "--by", "Sgt Test"]);
    let history = fresh.ok(&["history", "--from", "2026-11-30"]);
    assert!(
        history.contains(&format!(
            "by Sgt Test (imported from {} (GB18030)), published",
            excel.display()
        )),
        "{history}"
    );
    assert_eq!(fresh.ok(&["print", "2026-W49", "--format", "csv"]), csv);
    assert_eq!(
        fresh.ok(&["fairness", "--json"]),
        kept.ok(&["fairness", "--json"])
    );
    // Importing what is published is refused: history is changed by
    // assign, swap and replan, with a reason.
    let again = fresh.duty(&["import", file]);
    assert_ne!(again.status.code(), Some(0));
    assert!(
        text(&again.stderr).contains("already published"),
        "{}",
        text(&again.stderr)
    );

    // No station night on Monday: saved, but not legal.
    let short: String = csv
        .lines()
        .filter(|l| !(l.starts_with("2026-11-30,") && l.contains(",station,N,")))
        .map(|l| format!("{l}\n"))
        .collect();
    assert!(
        short.len() < csv.len(),
        "no station night on Monday:\n{csv}"
    );
    let illegal = Sandbox::new("data");
    let sheet = illegal.dir.path().join("short.csv");
    std::fs::write(&sheet, short).unwrap();
    let out = illegal.duty(&["import", sheet.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(4), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("[min_cover]"), "{stdout}");
    assert!(stdout.contains("--force --reason TEXT"), "{stdout}");
    let refused = illegal.duty(&["publish", "2026-W49"]);
    assert_eq!(refused.status.code(), Some(4));
}

/// Paper rosters brought in where seven patrol officers worked three
/// weekends running: the week after cannot cover its weekend (patrol needs
/// 9 of 15, max 3 weekends in 4), and `duty plan` says so, and why, before
/// it searches, instead of leaving a manager with one officer's fourth
/// weekend and no cause.
#[test]
fn a_weekend_used_up_in_published_weeks_is_named_as_the_cause() {
    let sb = Sandbox::new("data");
    let seven = ["PA03", "PA04", "PA05", "PA10", "PA12", "PA13", "PA15"];
    let sheet = |name: &str, weekends: &[&str], ids: &[&str]| {
        let mut csv = String::from("date,staff_id,duty\n");
        for weekend in weekends {
            for id in ids {
                csv.push_str(&format!("{weekend},{id},E\n"));
            }
        }
        let path = sb.dir.path().join(name);
        std::fs::write(&path, csv).unwrap();
        path.to_str().unwrap().to_string()
    };
    let cause = "Sat 2026-11-28 and Sun 2026-11-29: patrol needs 9 officers on its shifts (E 3, L 3, N 3), but only 8 free then have a weekend left under max_weekends. In the weeks before, Hu Bin, Guo Yan, He Ping, Liang Qing, Song Ying, Tang Kai, Qin Hao worked 3 of the 3 weekends before (max 3 per 4 weeks).";
    let warning = format!(
        "Warning: with this roster in force, the weeks after it cannot be covered legally:\n  {cause}"
    );
    let reason = [
        "--force",
        "--reason",
        "paper rosters: weekdays not typed in",
    ];
    let two = sheet(
        "two.csv",
        &["2026-11-07", "2026-11-08", "2026-11-14", "2026-11-15"],
        &seven,
    );
    let first = sb.duty(&["import", &two]);
    assert_eq!(first.status.code(), Some(4), "only weekends: cover broken");
    assert!(
        !text(&first.stdout).contains("Warning"),
        "two weekends leave one"
    );
    sb.ok(&[&["publish", "2026-W45"][..], &reason].concat());
    // The third weekend is the one that leaves the fourth short: said when
    // it is saved, while it can still change.
    let third = sb.duty(&[
        "import",
        &sheet("third.csv", &["2026-11-21", "2026-11-22"], &seven),
    ]);
    assert!(
        text(&third.stdout).contains(&warning),
        "{}",
        text(&third.stdout)
    );
    // Six of them on the third weekend leave nine: no warning, published.
    let six = sheet("six.csv", &["2026-11-21", "2026-11-22"], &seven[..6]);
    assert!(!text(&sb.duty(&["import", &six]).stdout).contains("Warning"));
    let published = sb.ok(&[&["publish", "2026-W47"][..], &reason].concat());
    assert!(!published.contains("Warning"), "{published}");
    // A day-of change that puts the seventh on the third weekend says it.
    let assigned = sb.ok(&[
        "assign",
        "PA15",
        "2026-11-21",
        "E",
        "--reason",
        "cover for a course",
    ]);
    assert!(assigned.contains(&warning), "{assigned}");
    let plan = sb.duty(&[
        "plan",
        "2026-W48",
        "--weeks",
        "1",
        "--moves",
        "20000",
        "--seconds",
        "600",
    ]);
    assert_eq!(plan.status.code(), Some(4));
    let stdout = text(&plan.stdout);
    assert!(
        stdout.starts_with(&format!(
            "These rules cannot be met by any roster:\n  {cause}"
        )),
        "{stdout}"
    );
    let why = stdout.split("\nWhy:\n").nth(1).unwrap_or_default();
    assert!(why.starts_with(&format!("  {cause}")), "{stdout}");
}

#[test]
fn rest_holds_across_the_seam_between_published_and_planned_weeks() {
    let sb = Sandbox::new("data");
    sb.plan_and_publish("2026-W49", "3");
    // Make sure one station officer ends week 1 with a night shift on Sunday.
    sb.ok(&[
        "assign",
        "ST08",
        "2026-12-06",
        "N",
        "--reason",
        "seam test",
        "--force",
    ]);
    let csv_path = sb.dir.path().join("w50.csv");
    sb.ok(&[
        "plan",
        "--week",
        "2026-W50",
        "--weeks",
        "1",
        "--moves",
        "3000000",
        "--out",
        csv_path.to_str().unwrap(),
    ]);
    let csv = std::fs::read_to_string(&csv_path).unwrap();
    let monday: Vec<&str> = csv
        .lines()
        .filter(|l| l.starts_with("2026-12-07,ST08,"))
        .collect();
    for line in &monday {
        let duty = line.split(',').nth(4).unwrap();
        assert!(
            duty == "N",
            "ST08 rested too little after Sunday's night: {line}"
        );
    }
}

#[test]
fn replan_fills_a_sick_call_changing_only_the_cells_it_must() {
    let sb = Sandbox::new("data");
    // A week still to come: a re-plan may widen onto the days after the
    // sick call, as it would on the day (days past are never widened onto).
    sb.plan_and_publish("2099-W10", "4");
    let station = load_dir(&sb.data).unwrap();
    let store = Store::open(&sb.db).unwrap();
    let start = chrono::NaiveDate::from_ymd_opt(2099, 3, 3).unwrap();
    let (days, _) = store.in_force(&station, start, 2).unwrap();
    drop(store);
    // A patrol officer who works both 3 and 4 March on ordinary shifts,
    // and whose two shifts a re-plan can fill (tried on a copy for each in
    // turn: whether a stand-in is free depends on the roster).
    let patrol = station
        .units
        .iter()
        .position(|u| u.code == "patrol")
        .unwrap();
    let sick_call = |id: &str| {
        format!(
            "\n[[leave]]\nstaff = \"{id}\"\nfrom = 2099-03-03\nto = 2099-03-04\nkind = \"sick\"\n"
        )
    };
    let replan = [
        "replan",
        "--from",
        "2099-03-03",
        "--to",
        "2099-03-04",
        "--reason",
        "sick call",
        "--yes",
        "--moves",
        "1000000",
    ];
    let sick = (0..days.staff)
        .filter(|&s| station.staff[s].unit == patrol)
        .filter(|&s| (0..2).all(|d| matches!(days.get(s, d), dutyroster::model::Duty::Shift(_))))
        .find(|&s| {
            let trial = sb.trial_copy();
            trial.add_staff_toml(&sick_call(&station.staff[s].id));
            trial.duty(&replan).status.success()
        })
        .expect("a patrol officer whose two shifts a re-plan fills");
    let id = station.staff[sick].id.clone();
    sb.add_staff_toml(&sick_call(&id));
    let out = sb.ok(&replan);
    let changed: usize = out
        .lines()
        .find(|l| l.contains(" cells change.") || l.contains(" cell change."))
        .and_then(|l| l.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("{out}"));
    assert!(out.contains("Recorded"), "{out}");
    // The sick officer's two shifts go, and each is filled by one other
    // officer; nothing else moves, but for one link of a chain when the
    // stand-in with the skill a shift needs (firearms at night) leaves a
    // duty of their own to be filled. When the published roster leaves no
    // one free on those days, the window widens (and says so) and a
    // stand-in's own duty may move once more to make room. A sick night
    // block widens most: the stand-in who takes both nights must rest after
    // them, so their next two duties go back to the sick officer, now well
    // (2 + 2 + 2 + 2 cells).
    let most = if out.contains("widened to") { 8 } else { 5 };
    assert!(
        (2..=most).contains(&changed),
        "{changed} cells changed:\n{out}"
    );
    let store = Store::open(&sb.db).unwrap();
    let (after, _) = store.in_force(&station, start, 2).unwrap();
    assert!((0..2).all(|d| !after.get(sick, d).is_working()));
    let history = sb.ok(&[
        "history",
        "--staff",
        &id,
        "--from",
        "2099-03-03",
        "--to",
        "2099-03-04",
    ]);
    assert!(
        history.contains("replan") && history.contains("sick call"),
        "{history}"
    );
}

#[test]
fn eight_published_weeks_steer_fairness_through_the_ledger() {
    let sb = Sandbox::new("data");
    sb.clear_leave();
    let weeks = [
        "2026-W49", "2026-W50", "2026-W51", "2026-W52", "2026-W53", "2027-W01", "2027-W02",
        "2027-W03",
    ];
    for (i, week) in weeks.iter().enumerate() {
        sb.plan_draft_with_moves(week, &(i + 1).to_string(), "6000000");
        sb.ok(&["publish", week]);
    }
    let station = load_dir(&sb.data).unwrap();
    let store = Store::open(&sb.db).unwrap();
    let ledger = store.ledger_outside(None, None).unwrap();
    // Chief watches stay within one whatever the seed (the search never
    // lets their unfairness rise). Week-by-week planning holds the 4-week
    // weekend rule across the seams, which costs evenness; weekend days
    // are evened to the end of each 4-week cycle, within 1 on some seeds
    // of the benchmark and 2 on others, so the bound here is loose.
    // Nights and weekend days within 1 for every seed are issue 14's
    // still to win.
    let report = spreads_above(
        &station,
        &ledger,
        &[
            (Category::Nights, 4),
            (Category::WeekendDays, 4),
            (Category::ChiefWatches, 1),
        ],
    );
    assert!(
        report.is_empty(),
        "spread above the limits from the stored ledger:\n{}",
        report.join("\n")
    );
    // The stored ledger counts what the roster in force holds: weekend
    // days, and weekends worked on one day or both (one SQL query reads
    // both from the duties' flags); `duty fairness --json` reports them.
    let (in_force, _) = store
        .in_force(&station, "2026-11-30".parse().unwrap(), 8 * 7)
        .unwrap();
    let mut counted = dutyroster::model::Ledger::default();
    counted.add_roster(&station, &in_force);
    let json: serde_json::Value = serde_json::from_str(&sb.ok(&["fairness", "--json"])).unwrap();
    let mut single_day_weekends = 0;
    for (officer, reported) in station
        .staff
        .iter()
        .zip(json["officers"].as_array().unwrap())
    {
        let id = officer.id.as_str();
        let weekends = ledger.weekends_worked(id);
        let days = ledger.get(id, Category::WeekendDays);
        assert_eq!(weekends, counted.weekends_worked(id), "{id}");
        assert_eq!(days, counted.get(id, Category::WeekendDays), "{id}");
        assert_eq!(reported["id"], id);
        assert_eq!(reported["weekends_worked"], weekends, "{id}");
        assert!(weekends <= days && days <= 2 * weekends, "{id}");
        single_day_weekends += 2 * weekends - days;
    }
    assert!(single_day_weekends > 0, "no weekend worked on one day only");
    let table = sb.ok(&["fairness"]);
    assert!(
        table.contains("nights") && table.contains("PA01") && table.contains("w/ends"),
        "{table}"
    );
}

#[test]
fn an_officer_added_after_weeks_were_published_takes_one_weeks_share() {
    let sb = Sandbox::new("data");
    sb.plan_and_publish("2026-W49", "1");
    sb.plan_and_publish("2026-W50", "2");
    // A constable transferred in: on the roster from 2026-W51 on.
    sb.add_staff_toml(
        "\n[[staff]]\nid = \"PA99\"\nname = \"辛来\"\nunit = \"patrol\"\nrank = \"constable\"\nskills = []\ncontract = \"full_time\"\n",
    );
    sb.plan_draft("2026-W51", "3");
    let nights: Vec<(String, i64)> = sb
        .sql()
        .prepare(
            "SELECT a.staff_id, SUM(a.duty = 'N') FROM assignments a
             JOIN rosters r ON r.id = a.roster_id
             WHERE r.status = 'draft' AND a.staff_id LIKE 'PA%'
             GROUP BY a.staff_id",
        )
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let of = |id: &str| nights.iter().find(|(s, _)| s == id).map_or(0, |n| n.1);
    let most = nights
        .iter()
        .filter(|(s, _)| s != "PA99")
        .map(|n| n.1)
        .max();
    assert!(
        most.is_some_and(|most| of("PA99") <= most + 1),
        "PA99 works {} nights in their first week, colleagues at most {most:?}: \
         counted against two weeks of history they were not there for",
        of("PA99")
    );
    // The report compares them by the time they were there.
    let json: serde_json::Value = serde_json::from_str(&sb.ok(&["fairness", "--json"])).unwrap();
    let present = |id: &str| {
        json["officers"]
            .as_array()
            .unwrap()
            .iter()
            .find(|o| o["id"] == id)
            .map(|o| o["present"].as_f64().unwrap())
    };
    assert_eq!(present("PA01"), Some(1.0));
    assert_eq!(present("PA99"), Some(0.0), "nothing published for PA99 yet");
    // Nor are they short of hours in weeks before they came.
    let pa99 = json["officers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["id"] == "PA99")
        .unwrap();
    assert_eq!(
        (&pa99["weeks_counted"], &pa99["weeks_off_target"]),
        (&0.into(), &0.into()),
        "{pa99}"
    );
    assert!(pa99["hours_off_target_per_week"].is_null(), "{pa99}");
    // The last week, asked on its Sunday, is that ISO week alone: no
    // stray Sunday of the week before to count, or to be absent from.
    let json = sb.ok(&["fairness", "--json", "--weeks", "1", "--on", "2026-12-13"]);
    let last: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(last["weeks"], 1, "{last}");
    assert_eq!(last["from"], "2026-12-07", "{last}");
    let officers = last["officers"].as_array().unwrap();
    let working = officers.iter().filter(|o| o["duties"].as_u64() > Some(0));
    assert!(working.clone().count() > 40, "{last}");
    for o in working {
        assert_eq!(o["present"], 1.0, "worked in 2026-W50: {o}");
    }
    // The first week, asked on its Sunday, is that week alone: the week
    // published after it is not among the last one.
    let json = sb.ok(&["fairness", "--json", "--weeks", "1", "--on", "2026-12-06"]);
    let first: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(
        (&first["weeks"], &first["from"], &first["to"]),
        (&1.into(), &"2026-11-30".into(), &"2026-12-06".into()),
        "{first}"
    );
    let nights = |report: &serde_json::Value| -> u64 {
        let officers = report["officers"].as_array().unwrap();
        officers.iter().map(|o| o["nights"].as_u64().unwrap()).sum()
    };
    let all: serde_json::Value = serde_json::from_str(&sb.ok(&["fairness", "--json"])).unwrap();
    assert_eq!(nights(&first) + nights(&last), nights(&all), "{first}");
}

#[test]
fn fairness_shows_points_shares_hours_and_cross_training_from_the_store() {
    let sb = Sandbox::new("data");
    sb.plan_and_publish("2026-W49", "2");
    // TR01 (traffic) does a day at the station desk: cross-training.
    sb.ok(&[
        "assign",
        "TR01",
        "2026-12-03",
        "D",
        "--reason",
        "desk day",
        "--by",
        "Insp Duty",
        "--force",
    ]);
    let json = sb.ok(&["fairness", "--json", "--on", "2026-12-03"]);
    let report: serde_json::Value = serde_json::from_str(&json).unwrap();
    let points = &report["points"];
    let weight = |key: &str| points[key].as_u64().unwrap();
    assert_eq!(report["weeks"], 1);
    let officers = report["officers"].as_array().unwrap();
    let stored: i64 = sb
        .sql()
        .query_row("SELECT COUNT(*) FROM duties", [], |r| r.get(0))
        .unwrap();
    let mut duties = 0;
    for o in officers {
        let n = |key: &str| o[key].as_u64().unwrap();
        assert_eq!(
            n("points"),
            weight("night") * n("nights")
                + weight("weekend_day") * n("weekend_days")
                + weight("holiday_day") * n("holiday_days")
                + weight("chief_watch") * n("chief_watches"),
            "{o}"
        );
        // Points per FTE present: officers away part of the week (the
        // sample's leave) are set against the days they were there.
        let share = o["fte"].as_f64().unwrap() * o["present"].as_f64().unwrap();
        let per_fte = o["points_per_fte"].as_f64().unwrap();
        assert!((per_fte * share - n("points") as f64).abs() < 1e-6, "{o}");
        let present = o["present"].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&present), "{o}");
        if n("duties") > 0 {
            let share = o["night_share"].as_f64().unwrap();
            assert!((share * n("duties") as f64 - n("nights") as f64).abs() < 1e-6);
        }
        // One week: hours a week are its hours, for those who worked in it.
        if n("duties") > 0 {
            assert_eq!(o["hours_per_week"], o["hours"], "one week: {o}");
        } else {
            assert!(o["hours_per_week"].is_null(), "{o}");
        }
        // Leave only lowers a week's target: a week over the band stays
        // off target, whoever was away.
        let over = o["hours"].as_f64().unwrap()
            - o["target_hours_week"].as_f64().unwrap()
            - o["target_band_hours"].as_f64().unwrap();
        let off = n("weeks_off_target");
        assert!(off <= 1, "one week: {o}");
        if over > 0.0 {
            assert_eq!(off, 1, "over the band: {o}");
        }
        // ±target is measured as the grid measures it, against the
        // leave-scaled target, so a week is off exactly when ±target lies
        // outside the band (an officer who worked no duty has neither).
        match o["hours_off_target_per_week"].as_f64() {
            Some(hours_off) => {
                let band_minutes = o["target_band_hours"].as_f64().unwrap() * 60.0;
                let off_minutes = (hours_off * 60.0).round().abs();
                assert_eq!(off == 1, off_minutes > band_minutes, "{o}");
            }
            None => assert_eq!((n("duties"), off), (0, 0), "{o}"),
        }
        duties += n("duties") as i64;
    }
    assert_eq!(duties, stored, "every duty in force counted once");
    assert_eq!(report["whole_weeks"], 1);
    // He Ping (PA05) is on annual leave from Tuesday: his week's target is
    // one day's share of 40 h, not the 40 h that read him a week short.
    let he_ping = officers.iter().find(|o| o["id"] == "PA05").unwrap();
    let hours = |o: &serde_json::Value, key: &str| o[key].as_f64().unwrap();
    let expected = hours(he_ping, "hours") - 40.0 / 7.0;
    assert!(
        (hours(he_ping, "hours_off_target_per_week") - expected).abs() < 0.01,
        "{he_ping}"
    );
    let ma_jun = officers.iter().find(|o| o["id"] == "PA01").unwrap();
    let off = hours(ma_jun, "hours_off_target_per_week");
    assert!(
        (off - (hours(ma_jun, "hours") - 40.0)).abs() < 1e-9,
        "no leave: {ma_jun}"
    );
    // The editor's fairness screen: the week after counts 2026-W49 as
    // history; 2026-W49 itself, on screen, leaves none outside it.
    let station = load_dir(&sb.data).unwrap();
    let store = Store::open(&sb.db).unwrap();
    let week = |label| Period::parse_iso_week(label, 1).unwrap();
    let next = open_period(&store, &station, week("2026-W50")).unwrap();
    assert_eq!(next.weeks_off_target.weeks, 1);
    for o in officers {
        let s = station.staff_index(o["id"].as_str().unwrap()).unwrap();
        assert_eq!(
            u64::from(next.weeks_off_target.off(s)),
            o["weeks_off_target"].as_u64().unwrap(),
            "{o}"
        );
    }
    let same = open_period(&store, &station, week("2026-W49")).unwrap();
    assert_eq!(same.weeks_off_target.weeks, 0);
    let part_time = officers
        .iter()
        .find(|o| o["contract"] == "part_time")
        .unwrap();
    assert_eq!(part_time["fte"], 0.6);
    // Spreads among peers: the plain spread is the officers' own counts'.
    let spreads = report["spreads"].as_array().unwrap();
    assert!(
        spreads.iter().any(|p| p["group"] == "patrol full_time"),
        "{spreads:?}"
    );
    for p in spreads {
        let counts: Vec<u64> = p["officers"]
            .as_array()
            .unwrap()
            .iter()
            .map(|id| {
                let o = officers.iter().find(|o| o["id"] == *id).unwrap();
                o[p["category"].as_str().unwrap()].as_u64().unwrap()
            })
            .collect();
        assert!(counts.len() >= 2, "{p}");
        let raw = counts.iter().max().unwrap() - counts.iter().min().unwrap();
        assert_eq!(p["raw"], raw, "{p}");
        let spread = p["spread"].as_f64().unwrap();
        assert_eq!(p["within_one"], spread < 1.005, "{p}");
    }
    // Cross-training in the 4 weeks up to 2026-W49, done as published.
    let training = report["cross_training"].as_array().unwrap();
    assert!(!training.is_empty());
    for t in training {
        let worked: i64 = sb
            .sql()
            .query_row(
                "SELECT COUNT(*) FROM duties WHERE staff_id = ?1 AND duty IN ('D', 'TE')",
                [t["id"].as_str().unwrap()],
                |r| r.get(0),
            )
            .unwrap();
        assert!(t["done"].as_i64().unwrap() <= worked, "{t}");
        // The record begins with 2026-W49: the 4-week window is cut there
        // and owes its share (1 of 4 weeks: no whole shift yet).
        assert_eq!(t["from"], "2026-11-30");
        assert_eq!(t["to"], "2026-12-06");
        assert_eq!(
            (t["weeks_on_record"].as_u64(), t["per_weeks"].as_u64()),
            (Some(1), Some(4))
        );
        assert_eq!(t["owed"], 0, "{t}");
        assert_eq!(t["behind"], 0, "{t}");
    }
    // The assigned desk day counts, beside any the plan gave TR01.
    let tr01 = training.iter().find(|t| t["id"] == "TR01").unwrap();
    let desk_days: i64 = sb
        .sql()
        .query_row(
            "SELECT COUNT(*) FROM duties WHERE staff_id = 'TR01' AND duty = 'D'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(desk_days >= 1, "the desk day is stored");
    assert_eq!(tr01["done"], desk_days, "{tr01}");
    assert_eq!(tr01["behind"], 0, "{tr01}");
    let table = sb.ok(&["fairness", "--on", "2026-12-03"]);
    for head in [
        "pts/FTE",
        "±target",
        "wks off",
        "Shares by unit and contract",
        "Spread among peers",
        "Cross-training",
    ] {
        assert!(table.contains(head), "{head} missing:\n{table}");
    }
    // A window before the record begins: nothing owed, nobody behind.
    let before = sb.ok(&["fairness", "--json", "--on", "1900-01-01"]);
    let before: serde_json::Value = serde_json::from_str(&before).unwrap();
    for t in before["cross_training"].as_array().unwrap() {
        assert_eq!(
            (&t["weeks_on_record"], &t["behind"]),
            (&0.into(), &0.into()),
            "{t}"
        );
    }
    // A window with nothing published: every trainee behind by the quota.
    let later = sb.ok(&["fairness", "--json", "--on", "2027-03-01"]);
    let later: serde_json::Value = serde_json::from_str(&later).unwrap();
    for t in later["cross_training"].as_array().unwrap() {
        assert_eq!(t["done"], 0);
        assert_eq!(t["behind"], t["due"]);
    }
}
