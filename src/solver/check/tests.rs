//! The checker's own tests: rules judged and explained on rosters of the
//! sample station laid out by hand.

use super::*;

use crate::model::{Leave, LeaveKind, Period};

/// The quota holds over any `per_weeks` weeks in a row: one desk day
/// in the first week covers the windows ending in weeks 1 to 4 and not
/// the one of weeks 2 to 5; a window cut at the roster's first week
/// owes its share.
#[test]
fn the_cross_training_quota_is_owed_in_every_window_of_its_weeks() {
    let station = crate::sample::station_without_leave();
    let period = Period::parse_iso_week("2026-W49", 5).unwrap();
    let mut roster = Roster::new(period.start, period.len_days(), station.staff.len());
    let desk = Duty::Shift(station.shift_index("D").unwrap());
    let (trainee, idle) = (
        station.staff_index("TR05").unwrap(),
        station.staff_index("TR06").unwrap(),
    );
    roster.set(trainee, 2, desk);
    let weight = station.weights.get(Constraint::CrossTrainingQuota);
    let owed = |s: usize| -> Vec<(NaiveDate, i64)> {
        check(&station, &roster, &Ledger::default())
            .violations
            .iter()
            .filter(|v| v.constraint == Constraint::CrossTrainingQuota && v.staff == Some(s))
            .filter(|v| v.message.contains("station desk"))
            .map(|v| (v.days[0], v.penalty))
            .collect()
    };
    let monday = |w: u64| period.start + chrono::Days::new(7 * w);
    assert_eq!(owed(trainee), [(monday(1), weight)]);
    let cut = |weeks: i64| weeks * weight / 4;
    assert_eq!(
        owed(idle),
        [
            (monday(0), cut(1)),
            (monday(0), cut(2)),
            (monday(0), cut(3)),
            (monday(0), weight),
            (monday(1), weight),
        ]
    );
}

#[test]
fn a_weekend_worked_on_one_day_only_is_split_unless_the_other_day_is_away() {
    let mut station = crate::sample::station_without_leave();
    assert!(
        station.weights.get(Constraint::SplitWeekend) > 0,
        "the sample weighs it"
    );
    let period = Period::parse_iso_week("2026-W49", 1).unwrap();
    let mut roster = Roster::new(period.start, 7, station.staff.len());
    let early = Duty::Shift(station.shifts.iter().position(|s| s.code == "E").unwrap());
    let split = |station: &Station, roster: &Roster| {
        check(station, roster, &Ledger::default())
            .violations
            .into_iter()
            .filter(|v| v.constraint == Constraint::SplitWeekend)
            .map(|v| (v.staff, v.days))
            .collect::<Vec<_>>()
    };
    let weekend = vec![roster.date(5), roster.date(6)];
    roster.set(0, 6, early); // Sunday alone
    assert_eq!(split(&station, &roster), vec![(Some(0), weekend.clone())]);
    roster.set(0, 5, early); // the whole weekend
    assert!(split(&station, &roster).is_empty());
    roster.set(0, 5, Duty::Off);
    station.leave.push(Leave {
        staff: 0,
        from: roster.date(5),
        to: roster.date(5),
        kind: LeaveKind::Annual,
    });
    assert!(split(&station, &roster).is_empty(), "Saturday was leave");
}

#[test]
fn a_saturday_night_alone_is_split_and_says_it_runs_into_sunday() {
    let station = crate::sample::station_without_leave();
    let period = Period::parse_iso_week("2026-W49", 1).unwrap();
    let mut roster = Roster::new(period.start, 7, station.staff.len());
    let code = |c: &str| Duty::Shift(station.shifts.iter().position(|s| s.code == c).unwrap());
    let traffic_late = station.staff_index("TR02").unwrap();
    roster.set(0, 5, code("N"));
    roster.set(1, 5, code("E"));
    roster.set(traffic_late, 5, code("TL")); // 15:00 to midnight
    let messages: Vec<String> = check(&station, &roster, &Ledger::default())
        .violations
        .into_iter()
        .filter(|v| v.constraint == Constraint::SplitWeekend)
        .map(|v| v.message)
        .collect();
    let name = |s: usize| &station.staff[s].name;
    assert_eq!(
        messages,
        vec![
            format!(
                "{}: works the weekend of 2026-12-05 on Saturday only (N until 06:00 on Sunday)",
                name(0)
            ),
            format!(
                "{}: works the weekend of 2026-12-05 on Saturday only",
                name(1)
            ),
            format!(
                "{}: works the weekend of 2026-12-05 on Saturday only",
                name(traffic_late)
            ),
        ]
    );
}

#[test]
fn each_cross_training_officer_needs_a_mentor_of_their_own() {
    let station = crate::sample::station_without_leave();
    let period = Period::parse_iso_week("2026-W49", 1).unwrap();
    let mut roster = Roster::new(period.start, 7, station.staff.len());
    let day = Duty::Shift(station.shifts.iter().position(|s| s.code == "D").unwrap());
    let tutor = station
        .skills
        .iter()
        .position(|k| k.code == "tutor")
        .unwrap();
    let unit = |code: &str| station.units.iter().position(|u| u.code == code).unwrap();
    let tutors: Vec<usize> = (0..station.staff.len())
        .filter(|&s| station.staff[s].unit == unit("station"))
        .filter(|&s| station.staff[s].skills.contains(tutor))
        .collect();
    let trainees: Vec<usize> = (0..station.staff.len())
        .filter(|&s| station.staff[s].unit == unit("traffic"))
        .take(2)
        .collect();
    for &s in &trainees {
        roster.set(s, 1, day);
    }
    roster.set(tutors[0], 1, day);
    let unpaired = |roster: &Roster| {
        check(&station, roster, &Ledger::default())
            .violations
            .into_iter()
            .filter(|v| v.constraint == Constraint::Mentor)
            .map(|v| v.staff)
            .collect::<Vec<_>>()
    };
    // Two trainees beside one tutor: the second is unpaired, and the
    // message names both, whichever was put there last.
    assert_eq!(unpaired(&roster), vec![Some(trainees[1])]);
    let message = check(&station, &roster, &Ledger::default())
        .violations
        .into_iter()
        .find(|v| v.constraint == Constraint::Mentor)
        .unwrap()
        .message;
    let names = format!(
        "(2 trainees: {}, {}; 1 mentor)",
        station.staff[trainees[0]].name, station.staff[trainees[1]].name
    );
    assert!(message.ends_with(&names), "{message}");
    roster.set(tutors[1], 1, day);
    assert!(unpaired(&roster).is_empty());
}

#[test]
fn the_weekly_maximum_counts_the_hour_the_clocks_give_back() {
    let mut station = crate::sample::station_without_leave();
    let period = Period::parse_iso_week("2026-W43", 1).unwrap();
    let mut roster = Roster::new(period.start, 7, station.staff.len());
    let shift =
        |code: &str| Duty::Shift(station.shifts.iter().position(|s| s.code == code).unwrap());
    let officer = station.staff.iter().position(|o| o.id == "ST04").unwrap();
    // Five earlies (40 h) and the Saturday night, 24-25 October 2026:
    // 48 h on the clock in Shanghai, 49 h in London, where the clocks
    // go back that night.
    for d in 0..5 {
        roster.set(officer, d, shift("E"));
    }
    roster.set(officer, 5, shift("N"));
    let over = |station: &Station| {
        check(station, &roster, &Ledger::default())
            .violations
            .into_iter()
            .filter(|v| v.constraint == Constraint::MaxHoursWeek && v.staff == Some(officer))
            .map(|v| v.message)
            .collect::<Vec<_>>()
    };
    assert!(over(&station).is_empty(), "{:?}", over(&station));
    station.timezone = chrono_tz::Europe::London;
    let messages = over(&station);
    assert_eq!(messages.len(), 1, "{messages:?}");
    assert!(messages[0].contains("49.0 h"), "{messages:?}");
}

#[test]
fn a_week_is_off_target_only_outside_the_contracts_band() {
    let mut station = crate::sample::station_without_leave();
    let period = Period::parse_iso_week("2026-W49", 1).unwrap();
    let mut roster = Roster::new(period.start, 7, station.staff.len());
    let shift =
        |code: &str| Duty::Shift(station.shifts.iter().position(|s| s.code == code).unwrap());
    let (early, day) = (shift("E"), shift("D"));
    let station_officer = |id: &str| station.staff.iter().position(|o| o.id == id).unwrap();
    let (short, near) = (station_officer("ST04"), station_officer("ST05"));
    // ST04: four earlies, 32 h, 8 h under a 40 h target; ST05: four
    // days of 9 h, 36 h, within 4 h.
    for d in 0..4 {
        roster.set(short, d, early);
        roster.set(near, d, day);
    }
    let off_target = |station: &Station| {
        check(station, &roster, &Ledger::default())
            .violations
            .into_iter()
            .filter(|v| v.constraint == Constraint::OffTargetWeek)
            .filter_map(|v| v.staff.filter(|&s| s == short || s == near))
            .collect::<Vec<_>>()
    };
    assert_eq!(off_target(&station), vec![short]);
    // A band of 3 h leaves the 36-hour week outside too.
    for c in &mut station.contracts {
        c.target_band_hours = 3.0;
    }
    assert_eq!(off_target(&station), vec![short, near]);
}

#[test]
fn duty_points_are_even_when_a_holiday_is_repaid_in_weekend_days() {
    let station = crate::sample::station_without_leave();
    let period = Period::parse_iso_week("2026-W49", 1).unwrap();
    let roster = Roster::new(period.start, 7, station.staff.len());
    let traffic: Vec<usize> = (0..station.staff.len())
        .filter(|&s| station.staff[s].id.starts_with("TR"))
        .collect();
    let points = |ledger: &Ledger| {
        check(&station, &roster, ledger)
            .violations
            .into_iter()
            .filter(|v| v.constraint == Constraint::FairPoints)
            .map(|v| v.message)
            .collect::<Vec<_>>()
    };
    // Every traffic officer has 6 points: TR02 from two holidays, the
    // rest from six weekend days. Counts differ, points do not.
    let mut ledger = Ledger::default();
    for &s in &traffic {
        let id = &station.staff[s].id;
        if id == "TR02" {
            ledger.add(id, Category::HolidayDays, 2);
        } else {
            ledger.add(id, Category::WeekendDays, 6);
        }
    }
    let traffic_points: Vec<String> = points(&ledger)
        .into_iter()
        .filter(|m| m.contains(" traffic "))
        .collect();
    assert!(traffic_points.is_empty(), "{traffic_points:?}");
    // One holiday less is three points behind the unit.
    let mut behind = Ledger::default();
    for &s in &traffic {
        let id = &station.staff[s].id;
        let holidays = if id == "TR02" { 1 } else { 0 };
        behind.add(id, Category::HolidayDays, holidays);
        if id != "TR02" {
            behind.add(id, Category::WeekendDays, 6);
        }
    }
    let messages = points(&behind);
    let traffic = messages
        .iter()
        .find(|m| m.contains(" traffic "))
        .expect("traffic points uneven");
    assert!(traffic.ends_with("; 3 for Deng Yu"), "{traffic}");
}

#[test]
fn every_violation_names_its_officer_days_and_rule() {
    let station = crate::sample::station();
    let period = Period::parse_iso_week("2026-W49", 2).unwrap();
    let mut roster = Roster::new(period.start, period.len_days(), station.staff.len());
    // A deliberately bad roster: everyone on duty every day, cycling
    // through every duty, so that every kind of rule breaks somewhere.
    let n_duties = station.shifts.len() + 1;
    let mut rng = fastrand::Rng::with_seed(5);
    for s in 0..roster.staff {
        for d in 0..roster.days {
            let code = rng.usize(0..n_duties + 1);
            let duty = match code {
                c if c < station.shifts.len() => Duty::Shift(c),
                c if c == station.shifts.len() => Duty::Chief,
                _ => Duty::Off,
            };
            roster.set(s, d, duty);
        }
    }
    let report = check(&station, &roster, &Ledger::default());
    let kinds: std::collections::BTreeSet<_> =
        report.violations.iter().map(|v| v.constraint).collect();
    assert!(kinds.len() >= 15, "only {kinds:?}");
    for v in &report.violations {
        assert!(!v.days.is_empty(), "{v:?}");
        assert!(
            v.message.contains(&v.days[0].to_string()),
            "no day in {v:?}"
        );
        if let Some(s) = v.staff {
            assert!(
                v.message.contains(&station.staff[s].name),
                "no officer in {v:?}"
            );
        }
        assert!(v.penalty > 0);
    }
}

/// A week planned with a look-ahead counts the weekend days planned
/// ahead to the end of the weekend rule's cycle, and nothing else ahead:
/// two officers on the same count are told apart by next weekend.
#[test]
fn weekend_days_planned_ahead_count_to_the_end_of_the_cycle_and_nothing_else_does() {
    let station = crate::sample::station_without_leave();
    let period = Period::parse_iso_week("2026-W49", 2).unwrap();
    let mut roster = Roster::new(period.start, 14, station.staff.len());
    let staff = |id: &str| station.staff.iter().position(|o| o.id == id).unwrap();
    let shift =
        |code: &str| Duty::Shift(station.shifts.iter().position(|t| t.code == code).unwrap());
    // The look-ahead week's Saturday and Sunday: traffic late shifts, and
    // station nights (two days each, where one alone is as even as a
    // single day among many can be).
    for day in [12, 13] {
        roster.set(staff("TR01"), day, shift("TL"));
        roster.set(staff("ST01"), day, shift("N"));
    }
    let fairness = |until: Option<usize>| {
        let terms = ScoreTerms {
            lookahead_from: Some(7),
            weekend_fair_until: until,
            ..ScoreTerms::default()
        };
        check_against(&station, &roster, &Ledger::default(), &terms)
            .violations
            .into_iter()
            .filter(|v| {
                [
                    Constraint::FairNights,
                    Constraint::FairWeekends,
                    Constraint::FairPoints,
                ]
                .contains(&v.constraint)
            })
            .map(|v| v.message)
            .collect::<Vec<_>>()
    };
    assert!(fairness(None).is_empty(), "{:?}", fairness(None));
    let counted = fairness(Some(14));
    let weekends: Vec<&String> = counted
        .iter()
        .filter(|m| m.starts_with("weekend days to 2026-12-13 (the weekend rule's cycle"))
        .collect();
    assert_eq!(weekends.len(), 2, "{counted:?}");
    assert!(
        weekends
            .iter()
            .any(|m| m.contains("among traffic") && m.contains("2 for Feng Bo"))
    );
    assert!(
        weekends
            .iter()
            .any(|m| m.contains("among station") && m.contains("2 for Wang Wei"))
    );
    // The night ahead earns no night: nights are counted on kept days only.
    assert!(
        !counted.iter().any(|m| m.starts_with("nights")),
        "{counted:?}"
    );
    // A cycle that ends where the look-ahead begins counts nothing ahead.
    assert!(fairness(Some(7)).is_empty());
}
