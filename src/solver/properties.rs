//! Properties of the solver on random small stations: the incremental score
//! always equals the independent checker's, and pinned cells never move.

use std::path::Path;
use std::sync::atomic::AtomicBool;

use crate::config::{SourceFile, load_sources};
use crate::model::{Category, Duty, Ledger, Period, Roster, Station};
use crate::solver::check::{check, check_against};
use crate::solver::problem::{Code, Problem};
use crate::solver::state::State;
use crate::solver::{ScoreTerms, SearchLimits, solve};
use proptest::prelude::*;

const RULES: &str = include_str!("../../tests/fixtures/minimal/rules.toml");

#[derive(Debug, Clone)]
struct Officer {
    traffic: bool,
    inspector: bool,
    tutor: bool,
    part_time: bool,
}

#[derive(Debug, Clone)]
struct Spec {
    officers: Vec<Officer>,
    leave: Vec<(usize, u32, u32)>,
    requests: Vec<(usize, u32, Option<usize>, bool, u32)>,
    weeks: u32,
    min_days_between: u32,
    history: Vec<(usize, usize, u32)>,
    /// The benchmark's rules too: successions, short stretches of work,
    /// reference-period limits, surplus cover, fixed days off.
    rich: bool,
    /// No chief watch at all.
    no_chief: bool,
    /// The first week: 0 an ordinary one, 1 the week London's clocks go
    /// back (a night of 9 hours, a watch of 25), 2 the week they go
    /// forward (7 and 23).
    first_week: usize,
}

/// The first weeks [`Spec::first_week`] chooses from.
const FIRST_WEEKS: [&str; 3] = ["2026-W49", "2026-W43", "2027-W12"];

fn officer() -> impl Strategy<Value = Officer> {
    (any::<bool>(), any::<bool>(), any::<bool>(), any::<bool>()).prop_map(
        |(traffic, inspector, tutor, part_time)| Officer {
            traffic,
            inspector,
            tutor,
            part_time,
        },
    )
}

fn spec() -> impl Strategy<Value = Spec> {
    (
        prop::collection::vec(officer(), 2..8),
        prop::collection::vec((0usize..8, 0u32..14, 0u32..4), 0..4),
        prop::collection::vec(
            (
                0usize..8,
                0u32..14,
                prop::option::of(0usize..3),
                any::<bool>(),
                1u32..10,
            ),
            0..4,
        ),
        1u32..3,
        0u32..5,
        prop::collection::vec((0usize..8, 0usize..4, 0u32..6), 0..6),
        any::<bool>(),
        any::<bool>(),
        0usize..FIRST_WEEKS.len(),
    )
        .prop_map(
            |(
                officers,
                leave,
                requests,
                weeks,
                min_days_between,
                history,
                rich,
                no_chief,
                first_week,
            )| Spec {
                officers,
                leave,
                requests,
                weeks,
                min_days_between,
                history,
                rich,
                no_chief,
                first_week,
            },
        )
}

/// A station from the minimal fixture's rules plus the random staff.
fn build(spec: &Spec) -> (Station, Period, Ledger) {
    // Contracts with targets, so that fairness compares a part-timer (0.4
    // FTE) in proportion.
    let rules = RULES
        .replace("max_hours_week = 48\n", "max_hours_week = 48\ntarget_hours_week = 40\n")
        .replace("min_days_between = 2", &format!("min_days_between = {}", spec.min_days_between))
        .replace(
            "[chief_watch]",
            "[[contract]]\ncode = \"pt\"\nname = \"Part time\"\nmax_hours_week = 20\nmin_hours_week = 8\ntarget_hours_week = 16\nmax_consecutive_days = 3\nmin_consecutive_days_off = 2\nmax_nights_in_row = 1\nmax_weekends_per_4_weeks = 1\n\n[chief_watch]",
        );
    let rules = if spec.rich {
        rules
            .replace(
                "max_weekends_per_4_weeks = 1\n",
                "max_weekends = 1\nmin_consecutive_days = 2\nreference_weeks = 2\nmax_shifts = { N = 2 }\nmax_hours_reference = 30\nmin_hours_reference = 12\n",
            )
            .replace("units = [\"station\"]\n\n[[shift]]\ncode = \"N\"", "units = [\"station\"]\nnot_followed_by = [\"N\"]\n\n[[shift]]\ncode = \"N\"")
            .replace("preferred = 2\n", "preferred = 2\nshort_weight = 3\nover_weight = 2\n")
            // Quota windows of two weeks: the first cut at the roster's start
            // (owing half of three), the next whole.
            .replace("count = 1\nper_weeks = 4", "count = 3\nper_weeks = 2")
    } else {
        rules
    };
    let rules = if spec.no_chief {
        let at = rules.find("[chief_watch]").unwrap();
        let end = at + rules[at..].find("\n\n").unwrap();
        format!("{}{}", &rules[..at], &rules[end..])
    } else {
        rules
    };
    // Weekends worked on one day only are priced (off by default), and duty
    // points weigh more than their default.
    let rules = format!("{rules}\n[weights]\nsplit_weekend = 7\nfair_points = 7\n");
    assert!(
        !spec.rich
            || [
                "not_followed_by",
                "over_weight",
                "max_shifts",
                "per_weeks = 2"
            ]
            .iter()
            .all(|k| rules.contains(k))
    );
    assert_eq!(spec.no_chief, !rules.contains("[chief_watch]"));
    let period = Period::parse_iso_week(FIRST_WEEKS[spec.first_week], spec.weeks).unwrap();
    let n = spec.officers.len();
    let mut staff = String::new();
    for (i, o) in spec.officers.iter().enumerate() {
        staff.push_str(&format!(
            "[[staff]]\nid = \"S{i}\"\nname = \"Officer {i}\"\nunit = \"{}\"\nrank = \"{}\"\nskills = [{}]\ncontract = \"{}\"\nbirthday = 1990-12-0{}\n\n",
            if o.traffic { "traffic" } else { "station" },
            if o.inspector || i == 0 { "insp" } else { "pc" },
            if o.tutor { "\"tutor\"" } else { "" },
            if o.part_time { "pt" } else { "ft" },
            1 + i % 9,
        ));
    }
    for &(s, from, len) in &spec.leave {
        let from = period.start + chrono::Days::new(u64::from(from));
        let to = from + chrono::Days::new(u64::from(len));
        staff.push_str(&format!(
            "[[leave]]\nstaff = \"S{}\"\nfrom = {from}\nto = {to}\nkind = \"{}\"\n\n",
            s % n,
            if spec.rich && len % 2 == 0 {
                "day_off"
            } else {
                "sick"
            }
        ));
    }
    let shifts = ["E", "N", "T"];
    for &(s, day, shift, on, weight) in &spec.requests {
        let date = period.start + chrono::Days::new(u64::from(day));
        staff.push_str(&format!(
            "[[request]]\nstaff = \"S{}\"\ndate = {date}\n",
            s % n
        ));
        // Only a shift of the officer's own unit: config refuses the rest.
        let traffic = spec.officers[s % n].traffic;
        if let Some(sh) = shift.filter(|&sh| (sh == 2) == traffic) {
            staff.push_str(&format!("shift = \"{}\"\n", shifts[sh]));
        }
        staff.push_str(&format!(
            "want = \"{}\"\nweight = {weight}\n\n",
            if on { "on" } else { "off" }
        ));
    }
    let station = load_sources(
        &SourceFile::new(Path::new("rules.toml"), rules),
        &SourceFile::new(Path::new("staff.toml"), staff),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let mut ledger = Ledger::default();
    for &(s, c, count) in &spec.history {
        ledger.add(&format!("S{}", s % n), Category::ALL[c], count);
    }
    (station, period, ledger)
}

fn roster_of(problem: &Problem, period: Period, cells: &[u8]) -> Roster {
    let mut roster = Roster::new(period.start, period.len_days(), problem.n_staff);
    for s in 0..problem.n_staff {
        for d in 0..problem.n_days {
            roster.set(s, d, problem.duty_of(cells[s * problem.n_days + d]));
        }
    }
    roster
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn incremental_score_equals_full_after_every_move(
        spec in spec(),
        moves in prop::collection::vec((0usize..8, 0usize..14, 0u8..5), 1..120),
        with_baseline in any::<bool>(),
        lookahead in prop::option::of(0usize..14),
        weekend_fair_until in prop::option::of(0usize..15),
    ) {
        let (station, period, ledger) = build(&spec);
        // A baseline to re-plan against: the first moves' duties.
        let baseline = with_baseline.then(|| {
            let mut b = Roster::new(period.start, period.len_days(), station.staff.len());
            for &(s, d, code) in moves.iter().take(10) {
                let (s, d) = (s % b.staff, d % b.days);
                b.set(s, d, if usize::from(code) < station.shifts.len() { Duty::Shift(usize::from(code)) } else { Duty::Chief });
            }
            b
        });
        let terms = ScoreTerms { baseline: baseline.as_ref(), lookahead_from: lookahead.map(|d| d % period.len_days()), presence: None, weekend_fair_until };
        let problem = Problem::new(&station, period, &ledger, &terms);
        let empty = vec![problem.off; problem.n_staff * problem.n_days];
        let mut state = State::new(&problem, &empty);
        let full = check_against(&station, &roster_of(&problem, period, state.cells()), &ledger, &terms);
        prop_assert_eq!(state.score(), full.score);
        for (s, d, code) in moves {
            let (s, d) = (s % problem.n_staff, d % problem.n_days);
            let code = code % problem.n_duties as u8;
            let before = state.score();
            let delta = state.change(s, d, code);
            prop_assert_eq!(before + delta, state.score());
            let full = check_against(&station, &roster_of(&problem, period, state.cells()), &ledger, &terms);
            prop_assert_eq!(state.score(), full.score, "after putting {} in ({}, {})", code, s, d);
        }
        // Rebuilding from the final cells gives the same score as the moves did.
        let rebuilt = State::new(&problem, state.cells());
        prop_assert_eq!(rebuilt.score(), state.score());
    }

    #[test]
    fn pinned_cells_never_move(
        spec in spec(),
        pins in prop::collection::vec((0usize..8, 0usize..14, 0u8..5), 1..10),
        seed in 0u64..1000,
    ) {
        let (station, period, ledger) = build(&spec);
        let mut start = Roster::new(period.start, period.len_days(), station.staff.len());
        for (s, d, code) in pins {
            let (s, d) = (s % start.staff, d % start.days);
            let duty = match usize::from(code) {
                c if c < station.shifts.len() => Duty::Shift(c),
                c if c == station.shifts.len() => Duty::Chief,
                _ => Duty::Off,
            };
            start.set(s, d, duty);
            start.set_pinned(s, d, true);
        }
        let limits = SearchLimits { seed, max_moves: Some(5_000), ..SearchLimits::default() };
        let solution = solve(&station, period, &start, &ledger, &limits, &AtomicBool::new(false), &mut |_, _| {});
        for s in 0..start.staff {
            for d in 0..start.days {
                if start.is_pinned(s, d) {
                    prop_assert_eq!(solution.roster.get(s, d), start.get(s, d));
                    prop_assert!(solution.roster.is_pinned(s, d));
                }
            }
        }
        prop_assert_eq!(check(&station, &solution.roster, &ledger).score, solution.score);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// Re-planning a stretch of one officer's row keeps the running score
    /// equal to the full check, leaves pinned cells alone, and is undone
    /// exactly by its record.
    #[test]
    fn a_replanned_row_scores_exactly_and_undoes(
        spec in spec(),
        cells in prop::collection::vec(0u8..5, 8 * 14),
        pins in prop::collection::vec((0usize..14, any::<bool>()), 0..6),
        officer in 0usize..8,
        window in (0usize..14, 1usize..15),
    ) {
        let (station, period, ledger) = build(&spec);
        let terms = ScoreTerms::default();
        let mut problem = Problem::new(&station, period, &ledger, &terms);
        let s = officer % problem.n_staff;
        for &(d, pinned) in &pins {
            problem.pinned[s * problem.n_days + d % problem.n_days] = pinned;
        }
        let start: Vec<Code> = (0..problem.n_staff * problem.n_days)
            .map(|i| cells[i % cells.len()] % problem.n_duties as u8)
            .collect();
        let mut state = State::new(&problem, &start);
        let before = state.score();
        let a = window.0 % problem.n_days;
        let b = (a + window.1).min(problem.n_days);
        let (mut work, mut undo) = (0, Vec::new());
        if let Some(delta) = super::row::replan(&mut state, s, a, b, &mut work, &mut undo) {
            prop_assert_eq!(before + delta, state.score());
        }
        let full = check_against(&station, &roster_of(&problem, period, state.cells()), &ledger, &terms);
        prop_assert_eq!(state.score(), full.score);
        for d in 0..problem.n_days {
            let i = s * problem.n_days + d;
            if problem.pinned[i] || d < a || d >= b {
                prop_assert_eq!(state.cells()[i], start[i]);
            }
        }
        for &(s2, d2, old) in undo.iter().rev() {
            state.change(s2, d2, old);
        }
        prop_assert_eq!(state.score(), before);
        prop_assert_eq!(state.cells(), &start[..]);
    }
}
