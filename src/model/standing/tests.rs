//! Shares, points, hours and cross-training progress worked out on small
//! hand-made stations and rosters.

use super::*;
use crate::model::Duty;

#[test]
fn a_week_off_target_costs_its_hours_off_squared() {
    assert_eq!(off_target_cost(0), 0);
    assert_eq!(off_target_cost(60), 1);
    assert_eq!(off_target_cost(-4 * 60), 16);
    // One week 8 h over costs more than two weeks 4 h over each.
    assert_eq!(off_target_cost(8 * 60), 64);
    assert!(off_target_cost(8 * 60) > 2 * off_target_cost(4 * 60));
    // 45 h and 36 h against 40 h no longer cost alike.
    assert_eq!(off_target_cost(5 * 60) - off_target_cost(-4 * 60), 9);
    assert_eq!(off_target_cost(30), 0);
}

use crate::config::{SourceFile, load_sources};
use std::path::Path;

/// Two units; patrol has a full-timer (40 h) and a part-timer (24 h);
/// traffic officers cross-train on the station's early shift once
/// every 2 weeks, beside a station officer.
const RULES: &str = r#"
[station]
name = "Test"
timezone = "Asia/Shanghai"
[[unit]]
code = "station"
name = "Station"
[[unit]]
code = "traffic"
name = "Traffic"
[[skill]]
code = "tutor"
name = "Tutor"
[[rank]]
code = "pc"
name = "PC"
[[rank]]
code = "insp"
name = "Inspector"
[[shift]]
code = "E"
name = "Early"
start = "06:00"
length = "8h"
units = ["station"]
[[shift]]
code = "N"
name = "Night"
start = "22:00"
length = "8h"
night = true
units = ["station", "traffic"]
[[contract]]
code = "full_time"
name = "Full time"
max_hours_week = 48
target_hours_week = 40
max_consecutive_days = 6
max_nights_in_row = 3
max_weekends_per_4_weeks = 3
[[contract]]
code = "part_time"
name = "Part time"
max_hours_week = 30
target_hours_week = 24
max_consecutive_days = 4
max_nights_in_row = 2
max_weekends_per_4_weeks = 2
[chief_watch]
ranks = ["insp"]
start = "09:00"
min_days_between = 3
[[cross_training]]
name = "Traffic at the front desk"
from_unit = "traffic"
to_unit = "station"
shifts = ["E"]
count = 1
per_weeks = 2
[points]
night = 3
chief_watch = 5
"#;

const STAFF: &str = r#"
[[staff]]
id = "S1"
name = "王伟"
unit = "station"
rank = "insp"
contract = "full_time"
[[staff]]
id = "S2"
name = "欧阳建国"
unit = "station"
rank = "pc"
contract = "part_time"
[[staff]]
id = "T1"
name = "李娜"
unit = "traffic"
rank = "pc"
contract = "full_time"
[[leave]]
staff = "T1"
from = 2026-12-07
to = 2026-12-09
kind = "annual"
"#;

fn station() -> Station {
    let rules = SourceFile::new(Path::new("rules.toml"), RULES.to_string());
    let staff = SourceFile::new(Path::new("staff.toml"), STAFF.to_string());
    load_sources(&rules, &staff).unwrap_or_else(|e| panic!("{e:?}"))
}

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

#[test]
fn weeks_off_target_show_the_swing_an_average_hides() {
    let station = station();
    let mut roster = Roster::new(day("2026-11-30"), 14, station.staff.len());
    let shift =
        |code: &str| Duty::Shift(station.shifts.iter().position(|s| s.code == code).unwrap());
    let work = |roster: &mut Roster, s: usize, days: &[usize], duty: Duty| {
        for &d in days {
            roster.set(s, d, duty);
        }
    };
    // S1 (40 h): 48 h, then 32 h: on target on average, off both weeks.
    work(&mut roster, 0, &[0, 1, 2, 3, 4, 5], shift("E"));
    work(&mut roster, 0, &[7, 8, 9, 10], shift("E"));
    // S2 (24 h): 24 h, then 16 h.
    work(&mut roster, 1, &[0, 1, 2], shift("E"));
    work(&mut roster, 1, &[7, 8], shift("E"));
    // T1 (40 h): 32 h, then 24 h in a week with three days of leave
    // (target 22.9 h): near it.
    work(&mut roster, 2, &[0, 1, 2, 3], shift("N"));
    work(&mut roster, 2, &[10, 11, 12], shift("N"));
    let off = WeeksOffTarget::of(&station, &roster);
    assert_eq!(off.per_officer, vec![2, 1, 1]);
    // On average S1 is on target; T1 is 8 h short, then 1.1 h over the
    // leave-scaled target: 3.4 h a week short, not the 12 h a week
    // that 28 h a week against 40 reads.
    assert_eq!(off.hours_off_per_week(0), Some(0.0));
    assert_eq!(off.minutes_off[2], -8 * 60 + (24 * 60 - 40 * 60 * 4 / 7));
    let t1 = off.hours_off_per_week(2).unwrap();
    assert!((t1 + 3.43).abs() < 0.01, "{t1}");
    // History and the weeks on screen add up; nothing counted adds nothing.
    assert_eq!(off.plus(&off).label(0), "4/4");
    assert_eq!(off.plus(&off).hours_off_per_week(2), Some(t1));
    // Published history counts the weeks an officer worked in: S2
    // transferred in for the second week was not 24 h short the first.
    work(&mut roster, 1, &[0, 1, 2], Duty::Off);
    let planned = WeeksOffTarget::of(&station, &roster);
    assert_eq!(
        (planned.label(1), planned.hours_off_per_week(1)),
        ("2/2".into(), Some(-16.0))
    );
    let history = WeeksOffTarget::of_worked(&station, &roster);
    assert_eq!(
        (history.label(1), history.hours_off_per_week(1)),
        ("1/1".into(), Some(-8.0))
    );
    // Hours a week on the same base: 16 h in the one week counted.
    assert_eq!(history.hours_per_week(1), Some(16.0));
    assert_eq!(planned.hours_per_week(1), Some(8.0));
    assert_eq!(history.hours_per_week(0), Some(40.0), "48 h, then 32 h");
    assert_eq!(history.label(0), "2/2", "worked both weeks");
    assert_eq!(WeeksOffTarget::default().plus(&off), off);
}

#[test]
fn points_follow_the_rules_and_count_every_category_a_duty_is_in() {
    let station = station();
    assert_eq!(station.points.night, 3);
    assert_eq!(station.points.weekend_day, 1, "a default kept");
    assert_eq!(station.points.chief_watch, 5);
    let mut roster = Roster::new(day("2026-12-05"), 2, 3);
    let night = Duty::Shift(1);
    roster.set(0, 0, Duty::Chief); // Saturday: chief watch and a weekend day
    roster.set(1, 0, night); // Saturday night: a night and a weekend day
    roster.set(1, 1, night);
    let mut ledger = Ledger::default();
    ledger.add_roster(&station, &roster);
    let all = standings(&station, &ledger);
    assert_eq!(all[0].points, 5 + 1);
    assert_eq!(all[1].points, (3 + 1) * 2);
    assert_eq!(all[1].duties, 2);
    assert_eq!(all[1].minutes, 2 * 8 * 60);
    assert_eq!(all[2].points, 0);
}

#[test]
fn a_saturday_night_alone_is_one_weekend_day_and_a_whole_weekend() {
    let station = station();
    let night = Duty::Shift(1);
    // Two weekends: officer 0 works a Saturday night alone each time,
    // officer 1 the first weekend whole, officer 2 nothing.
    let mut roster = Roster::new(day("2026-11-30"), 14, 3);
    roster.set(0, 5, night);
    roster.set(0, 12, night);
    roster.set(1, 5, Duty::Chief);
    roster.set(1, 6, night);
    roster.set(2, 2, night); // a Wednesday: no weekend
    let mut ledger = Ledger::default();
    ledger.add_roster(&station, &roster);
    let all = standings(&station, &ledger);
    let weekend_days = |s: usize| all[s].counts[Category::WeekendDays.index()];
    assert_eq!((weekend_days(0), all[0].weekends), (2, 2));
    assert_eq!((weekend_days(1), all[1].weekends), (2, 1));
    assert_eq!((weekend_days(2), all[2].weekends), (0, 0));
}

#[test]
fn part_timers_are_compared_in_proportion_to_their_contract() {
    let station = station();
    assert_eq!(fte(&station, 0), 1.0);
    assert_eq!(fte(&station, 1), 0.6);
    // Over 5 weeks: the full-timer 10 nights of 25 duties, the
    // part-timer 6 nights of 15 (the same share, in proportion).
    let mut ledger = Ledger::default();
    ledger.add("S1", Category::Nights, 10);
    ledger.add_worked("S1", "N", 10);
    ledger.add_worked("S1", "E", 15);
    ledger.add("S2", Category::Nights, 6);
    ledger.add_worked("S2", "N", 6);
    ledger.add_worked("S2", "E", 9);
    let all = standings(&station, &ledger);
    assert_eq!(all[0].night_share(), Some(0.4));
    assert_eq!(all[1].night_share(), Some(0.4));
    assert_eq!(all[0].points_per_fte(), 30.0);
    assert!((all[1].points_per_fte() - 30.0).abs() < 1e-9);
    let vs = points_vs_unit(&station, &all);
    assert!(vs[0].unwrap().abs() < 1e-9 && vs[1].unwrap().abs() < 1e-9);
    assert_eq!(vs[2], None, "traffic has no points yet");
    // One more night for the part-timer: above the unit in proportion.
    ledger.add("S2", Category::Nights, 1);
    let vs = points_vs_unit(&station, &standings(&station, &ledger));
    assert!(vs[1].unwrap() > 0.0 && vs[0].unwrap() < 0.0, "{vs:?}");
    let groups = group_shares(&station, &standings(&station, &ledger));
    let part = groups.iter().find(|g| g.contract == 1).unwrap();
    assert_eq!((part.unit, part.officers), (0, 1));
}

#[test]
fn a_chief_officer_is_compared_with_the_unit_on_the_units_own_duties() {
    let station = station();
    // S1 (the inspector) and S2 carry the same nights in proportion;
    // S1 also keeps 4 chief watches.
    let mut ledger = Ledger::default();
    ledger.add("S1", Category::Nights, 10);
    ledger.add("S1", Category::ChiefWatches, 4);
    ledger.add("S2", Category::Nights, 6);
    let all = standings(&station, &ledger);
    assert_eq!(all[0].points, 10 * 3 + 4 * 5, "the watches count in points");
    assert_eq!(all[0].unit_points_per_fte(&station.points), 30.0);
    let vs = points_vs_unit(&station, &all);
    assert!(
        vs[0].unwrap().abs() < 1e-9 && vs[1].unwrap().abs() < 1e-9,
        "{vs:?}"
    );
    // A night more for S1 sets them above the unit.
    ledger.add("S1", Category::Nights, 1);
    let vs = points_vs_unit(&station, &standings(&station, &ledger));
    assert!(vs[0].unwrap() > 0.0 && vs[1].unwrap() < 0.0, "{vs:?}");
}

#[test]
fn hours_off_target_count_whole_weeks_and_shrink_the_target_with_leave() {
    let station = station();
    // Two weeks from Monday 2026-11-30; T1 is away Mon-Wed of the second.
    let mut roster = Roster::new(day("2026-11-30"), 15, 3);
    for d in [0, 1, 2, 3, 4, 7, 8, 14] {
        roster.set(0, d, Duty::Shift(0)); // S1: 5 + 2 days of 8 h (day 14 outside)
    }
    for d in [10, 11, 12] {
        roster.set(2, d, Duty::Shift(1)); // T1: 3 nights in the week of leave
    }
    let off_target = |s| {
        let day_minutes = DayMinutes::of(&station, &roster);
        minutes_off_target(
            &station,
            &station.leave_calendar(),
            &day_minutes,
            &roster,
            s,
        )
    };
    assert_eq!(off_target(0), (40 + 16 - 80) * 60);
    // T1: no hours the first week (-40 h); 24 h against 40 x 4/7 the second.
    let second_week = (40.0_f64 * 60.0 * 4.0 / 7.0).round() as i64;
    assert_eq!(off_target(2), -40 * 60 + 24 * 60 - second_week);
    assert_eq!(off_target(1), -48 * 60, "24 h a week, none worked");
}

#[test]
fn cross_training_progress_counts_the_current_window_only() {
    let station = station();
    // Thursday 2026-12-10: the window is the ISO weeks 2026-W49 and W50.
    let today = day("2026-12-10");
    assert_eq!(
        training_span(&station, today),
        Some((day("2026-11-30"), day("2026-12-13")))
    );
    let mut roster = Roster::new(day("2026-11-23"), 21, 3);
    roster.set(2, 3, Duty::Shift(0)); // 2026-11-26, the window before
    let behind = training_progress(&station, &roster, today);
    assert_eq!(behind.len(), 1, "one trainee, one rule");
    assert_eq!((behind[0].staff, behind[0].done, behind[0].due), (2, 0, 1));
    assert_eq!(behind[0].behind(), 1);
    roster.set(2, 12, Duty::Shift(0)); // 2026-12-05, in the window
    roster.set(2, 13, Duty::Shift(1)); // a night: not cross-training
    let done = training_progress(&station, &roster, today);
    assert_eq!((done[0].done, done[0].behind()), (1, 0));
}

/// The spread a report shows is the one the solver evens: counts set
/// against the time each peer was there, groups of one left out.
#[test]
fn peer_spreads_set_counts_against_the_time_each_was_there() {
    let station = crate::sample::station_without_leave();
    let pa03 = station.staff_index("PA03").unwrap();
    let standing = |s: usize, nights: u32, present: f64| Standing {
        staff: s,
        counts: [nights, 0, 0, 0],
        duties: nights,
        weekends: 0,
        minutes: 0,
        points: 0,
        fte: fte(&station, s),
        present,
    };
    let mut all: Vec<Standing> = (0..station.staff.len())
        .map(|s| standing(s, 4, 1.0))
        .collect();
    let patrol_nights = |all: &[Standing]| {
        peer_spreads(&station, all)
            .into_iter()
            .find(|p| p.category == Category::Nights && p.officers.contains(&pa03))
            .unwrap()
    };
    let even = patrol_nights(&all);
    assert_eq!(even.label, "patrol full_time");
    assert_eq!(
        (even.raw, even.in_duties, even.within_one()),
        (0, 0.0, true)
    );
    all[pa03] = standing(pa03, 6, 1.0);
    let two_more = patrol_nights(&all);
    assert_eq!((two_more.raw, two_more.within_one()), (2, false));
    assert!((two_more.in_duties - 2.0).abs() < 1e-9);
    // There half the time, two nights: even with four of the others.
    all[pa03] = standing(pa03, 2, 0.5);
    let away = patrol_nights(&all);
    assert_eq!((away.raw, away.within_one()), (2, true), "{away:?}");
    // The patrol's one part-timer has no peer to be apart from.
    let spreads = peer_spreads(&station, &all);
    assert!(spreads.iter().all(|p| p.officers.len() >= 2));
    assert!(!spreads.iter().any(|p| p.label == "patrol part_time"));
}

/// A station that began its record inside the window owes the
/// window's share, as the solver prices it: its first week does not
/// call every trainee behind, and a whole window does.
#[test]
fn a_window_the_record_begins_inside_owes_its_share() {
    let station = station();
    let today = day("2026-12-10");
    // The record begins with 2026-W50: one of the rule's two weeks.
    let first_week = Roster::new(day("2026-12-07"), 7, 3);
    let cut = &training_progress(&station, &first_week, today)[0];
    assert_eq!((cut.from, cut.to), (day("2026-12-07"), day("2026-12-13")));
    assert!(cut.cut());
    assert_eq!((cut.weeks, cut.per_weeks, cut.due), (1, 2, 1));
    assert_eq!((cut.owed(), cut.behind()), (0, 0));
    // Both weeks on record: the whole quota is owed.
    let whole = Roster::new(day("2026-11-30"), 14, 3);
    let whole = &training_progress(&station, &whole, today)[0];
    assert!(!whole.cut());
    assert_eq!(
        (whole.from, whole.owed(), whole.behind()),
        (day("2026-11-30"), 1, 1)
    );
    // Nothing on record: nothing owed.
    let none = &training_progress(&station, &Roster::new(today, 0, 3), today)[0];
    assert_eq!((none.weeks, none.owed()), (0, 0));
}

#[test]
fn an_edit_counts_towards_cross_training_before_it_is_saved() {
    let station = station();
    let today = day("2026-12-10");
    // In force over the window W49-W50: one cross-training shift of
    // the trainee's, on a day the edited week then clears.
    let (from, to) = training_span(&station, today).unwrap();
    let mut in_force = Roster::new(from, (to - from).num_days() as usize + 1, 3);
    in_force.set(2, 8, Duty::Shift(0)); // 2026-12-08
    let shown = Roster::new(day("2026-12-07"), 7, 3); // W50, all off
    let cleared = training_progress_edited(&station, &in_force, &shown, today);
    assert_eq!(cleared[0].done, 0, "the edit takes the shift away");
    let mut moved = shown.clone();
    moved.set(2, 3, Duty::Shift(0)); // 2026-12-10 instead
    let counted = training_progress_edited(&station, &in_force, &moved, today);
    assert_eq!(counted[0].done, 1);
    // Nothing in force (an editor on a roster of its own): the edited
    // days alone count.
    let empty = Roster::new(from, 0, 3);
    let alone = training_progress_edited(&station, &empty, &moved, today);
    assert_eq!(alone[0].done, 1);
}
