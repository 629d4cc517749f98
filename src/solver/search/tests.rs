//! The search's own tests: restarts and one roster for a seed; each kind
//! of move scored exactly and undone; the moves aimed at chief watches and
//! weekends.

use super::*;

use crate::formats::shift_scheduling::read_instance;
use crate::formats::station::to_station;
use crate::model::{Category, Leave, LeaveKind, Ledger, Period};
use crate::sample::station_without_leave as sample;
use crate::solver::ScoreTerms;

/// Two weeks, one shift wanted once a day; three officers of 7 shifts
/// each, at most 5 in a row.
fn problem() -> Problem {
    let cover: String = (0..14).map(|d| format!("{d},D,1,100,1\n")).collect();
    let text = format!(
        "SECTION_HORIZON\n14\n\nSECTION_SHIFTS\nD,480,\n\nSECTION_STAFF\n\
         A,D=14,3360,3360,5,1,1,2\nB,D=14,3360,3360,5,1,1,2\nC,D=14,3360,3360,5,1,1,2\n\n\
         SECTION_COVER\n{cover}"
    );
    let (station, period) = to_station(&read_instance(&text).unwrap()).unwrap();
    Problem::new(&station, period, &Ledger::default(), &ScoreTerms::default())
}

#[test]
fn a_run_restarts_once_settled_as_long_as_it_took_to_settle() {
    const R: u64 = RESTART_AFTER;
    let mut run = Run::new(Score::soft(100));
    // Three R moves to its best: idle for less than that, it goes on.
    run.seen(Score::soft(50), 3 * R);
    run.seen(Score::soft(60), 4 * R);
    assert!(!run.stagnant(5 * R));
    assert!(run.stagnant(6 * R));
    assert!(!run.deep_next(), "the first restart is from scratch");
    run.restart(Score::soft(90), 6 * R);
    // A new run settled at once waits the least, R moves.
    assert!(!run.stagnant(7 * R - 1));
    assert!(run.stagnant(7 * R));
    assert!(run.deep_next(), "the next from the best roster");
    run.restart(Score::soft(50), 7 * R);
    assert!(!run.deep_next());
    // A better roster in the run starts its wait again.
    run.seen(Score::soft(40), 7 * R + 10);
    assert!(!run.stagnant(8 * R));
    assert!(run.stagnant(8 * R + 10));
}

#[test]
fn restarts_keep_one_roster_for_a_seed_and_a_move_limit() {
    let p = problem();
    // Settles within a few thousand moves, so restarts come every
    // `RESTART_AFTER` moves.
    let run = |seed| {
        let mut state = State::new(&p, &vec![p.off; p.n_staff * p.n_days]);
        let limits = SearchLimits {
            seed,
            time: Duration::from_secs(600),
            max_moves: Some(3 * RESTART_AFTER),
            ..SearchLimits::default()
        };
        let cancel = AtomicBool::new(false);
        search(
            &mut state,
            &limits,
            Instant::now(),
            &cancel,
            None,
            &mut |_, _| {},
        )
    };
    let (a, b) = (run(9), run(9));
    assert_eq!(a.0, b.0);
    assert_eq!(a.1.best, b.1.best);
    assert_eq!(a.2, StopReason::MoveLimit);
    assert_eq!(State::new(&p, &a.0).score(), a.1.best);
}

#[test]
fn ruined_rows_are_laid_out_again_with_an_exact_score_and_undo() {
    let p = problem();
    // Everyone works the first days: the second week is uncovered.
    let mut cells = vec![p.off; p.n_staff * p.n_days];
    for s in 0..p.n_staff {
        cells[s * p.n_days..s * p.n_days + 5].fill(0);
    }
    let mut state = State::new(&p, &cells);
    let before = state.score();
    let mut rng = fastrand::Rng::with_seed(1);
    let (mut work, mut undo) = (0, Vec::new());
    let delta = ruin_and_rebuild(
        &mut state, &p, &mut rng, 0, 0, p.n_days, &mut work, &mut undo,
    )
    .unwrap();
    assert!(delta < Score::ZERO, "rebuilt rows cover more: {delta:?}");
    assert!(work > 0);
    assert_exact_and_undone(&mut state, before, delta, &undo, &cells);
}

#[test]
fn a_tail_swap_trades_the_rest_of_two_rows_with_an_exact_score_and_undo() {
    let p = problem();
    // A works days 0-4, B days 5-9, C days 10-13: one a day.
    let mut cells = vec![p.off; p.n_staff * p.n_days];
    for (s, days) in [(0, 0..5), (1, 5..10), (2, 10..14)] {
        for d in days {
            cells[s * p.n_days + d] = 0;
        }
    }
    let mut state = State::new(&p, &cells);
    let before = state.score();
    let mut undo = Vec::new();
    let delta = swap_block(&mut state, &p, 0, 1, 3, p.n_days - 3, &mut undo).unwrap();
    for d in 0..p.n_days {
        let (a, b) = (state.get(0, d), state.get(1, d));
        if d < 3 {
            assert_eq!((a, b), (cells[d], cells[p.n_days + d]), "day {d} kept");
        } else {
            assert_eq!((a, b), (cells[p.n_days + d], cells[d]), "day {d} traded");
        }
        let on_duty = (0..p.n_staff).filter(|&s| state.get(s, d) == 0).count();
        assert_eq!(on_duty, 1, "day {d} keeps its cover");
    }
    assert_exact_and_undone(&mut state, before, delta, &undo, &cells);
}

#[test]
fn evening_out_takes_nights_off_the_officer_ahead_for_a_better_roster() {
    // The weekend weights the move was written against (the sample's
    // before session 33): at 5000 for weekend days, a row laid out again
    // that moves a weekend day costs more than the night it evens, so
    // the draws this test tries find no better roster.
    let mut station = sample();
    station
        .weights
        .set(crate::model::Constraint::FairWeekends, 200);
    station
        .weights
        .set(crate::model::Constraint::SplitWeekend, 300);
    let period = Period::parse_iso_week("2026-W49", 1).unwrap();
    let night = station.shifts.iter().position(|s| s.code == "N").unwrap() as Code;
    // A legal week, searched with no history.
    let fresh = Problem::new(&station, period, &Ledger::default(), &ScoreTerms::default());
    let mut state = State::new(&fresh, &vec![fresh.off; fresh.n_staff * fresh.n_days]);
    let cells = searched(&mut state, 1, 1_500_000);
    let nights = |state: &State, s: usize| {
        (0..fresh.n_days)
            .filter(|&d| state.get(s, d) == night)
            .count()
    };
    // The station full-timer with most nights that week turns out to
    // be four nights ahead of their peers from history.
    let state = State::new(&fresh, &cells);
    let station_full_time = |s: usize| {
        let o = &station.staff[s];
        station.units[o.unit].code == "station" && station.contracts[o.contract].code == "full_time"
    };
    let ahead = (0..station.staff.len())
        .filter(|&s| station_full_time(s))
        .max_by_key(|&s| nights(&state, s))
        .unwrap();
    let had = nights(&state, ahead);
    assert!(
        had > 0 && state.score().hard == 0,
        "a legal week with nights"
    );
    let mut ledger = Ledger::default();
    ledger.add(&station.staff[ahead].id, Category::Nights, 4);
    let p = Problem::new(&station, period, &ledger, &ScoreTerms::default());
    let mut state = State::new(&p, &cells);
    let before = state.score();
    let (delta, undo) = first_seed_where(
        &mut state,
        |state, rng, undo| even_out(state, &p, rng, &mut 0, undo),
        |state| nights(state, ahead) < had && state.score() < before,
    )
    .expect("some draw takes a night off them, for a better roster");
    let rows: std::collections::BTreeSet<usize> = undo.iter().map(|c| c.0).collect();
    assert!(rows.len() <= 2, "two rows laid out again: {rows:?}");
    assert!(rows.contains(&ahead));
    assert_exact_and_undone(&mut state, before, delta, &undo, &cells);
}

/// A cell changed and its duty before: (officer, day, duty).
type Cell = (usize, usize, Code);

/// Asserts that a move's delta is the exact change of score and that
/// its undo record restores `cells`: what every move owes the search.
fn assert_exact_and_undone(
    state: &mut State,
    before: Score,
    delta: Score,
    undo: &[Cell],
    cells: &[Code],
) {
    assert_eq!(before + delta, state.score());
    assert_eq!(
        State::new(state.problem(), state.cells()).score(),
        state.score()
    );
    for &(s, d, old) in undo.iter().rev() {
        state.change(s, d, old);
    }
    assert_eq!(state.score(), before);
    assert_eq!(state.cells(), cells);
}

/// The first of 2000 seeds whose move leaves a state where `wanted`
/// holds, with its delta and undo record; other seeds' moves are undone.
/// Moves are random: a test asks what some draw does, not the first.
fn first_seed_where<'p>(
    state: &mut State<'p>,
    mut make: impl FnMut(&mut State<'p>, &mut fastrand::Rng, &mut Vec<Cell>) -> Option<Score>,
    wanted: impl Fn(&State<'p>) -> bool,
) -> Option<(Score, Vec<Cell>)> {
    (0..2000).find_map(|seed| {
        let mut undo = Vec::new();
        let mut rng = fastrand::Rng::with_seed(seed);
        let delta = make(state, &mut rng, &mut undo);
        if wanted(state) {
            return delta.map(|delta| (delta, undo));
        }
        for &(s, d, old) in undo.iter().rev() {
            state.change(s, d, old);
        }
        None
    })
}

/// Asserts that every day has exactly one chief officer on watch.
fn assert_one_chief_a_day(state: &State) {
    for d in 0..state.problem().n_days {
        assert_eq!(state.chief_count(d), 1, "day {d} keeps one chief");
    }
}

/// The best cells of a search of `moves` moves from `state`.
fn searched(state: &mut State, seed: u64, moves: u64) -> Vec<Code> {
    let limits = SearchLimits {
        seed,
        time: Duration::from_secs(600),
        max_moves: Some(moves),
        ..SearchLimits::default()
    };
    let cancel = AtomicBool::new(false);
    search(
        state,
        &limits,
        Instant::now(),
        &cancel,
        None,
        &mut |_, _| {},
    )
    .0
}

#[test]
fn chief_watches_even_at_the_start_stay_even_through_repair() {
    let station = sample();
    let period = Period::parse_iso_week("2026-W49", 1).unwrap();
    let p = Problem::new(&station, period, &Ledger::default(), &ScoreTerms::default());
    // The eligible take the watches in turn, and nothing else is
    // rostered: repair has every cover rule to fill around them.
    let eligible = &p.chief_eligible;
    let mut cells = vec![p.off; p.n_staff * p.n_days];
    for d in 0..p.n_days {
        cells[eligible[d % eligible.len()] * p.n_days + d] = p.chief;
    }
    for seed in 1..=4 {
        let mut state = State::new(&p, &cells);
        assert_eq!(state.chief_fairness().unfairness, 0);
        let best = State::new(&p, &searched(&mut state, seed, 100_000));
        assert_eq!(best.chief_fairness().unfairness, 0, "seed {seed}");
        assert!(best.score().hard < State::new(&p, &cells).score().hard);
    }
}

#[test]
fn a_day_whose_chief_is_off_sick_gets_a_watch_though_only_those_ahead_can_take_it() {
    let mut station = sample();
    let period = Period::parse_iso_week("2026-W49", 1).unwrap();
    let eligible = Problem::new(&station, period, &Ledger::default(), &ScoreTerms::default())
        .chief_eligible
        .clone();
    // The first eligible held Monday's watch and is off sick all week;
    // the last, the only other one without a watch this week, is on
    // leave. Whoever takes Monday is one watch ahead of the others.
    for s in [eligible[0], eligible[eligible.len() - 1]] {
        station.leave.push(Leave {
            staff: s,
            from: period.start,
            to: period.end(),
            kind: LeaveKind::Sick,
        });
    }
    let p = Problem::new(&station, period, &Ledger::default(), &ScoreTerms::default());
    let mut cells = vec![p.off; p.n_staff * p.n_days];
    for d in 1..p.n_days {
        cells[eligible[d % eligible.len()] * p.n_days + d] = p.chief;
    }
    let mut state = State::new(&p, &cells);
    // Two million moves: from a roster of nothing but watches, repair
    // with tail swaps reaches a legal week between one and two million.
    let best = State::new(&p, &searched(&mut state, 1, 2_000_000));
    assert_one_chief_a_day(&best);
}

#[test]
fn a_watch_given_to_an_officer_hands_their_watch_too_close_to_it_on() {
    let station = sample();
    let period = Period::parse_iso_week("2026-W49", 2).unwrap();
    let terms = ScoreTerms {
        lookahead_from: Some(7),
        ..ScoreTerms::default()
    };
    let p = Problem::new(&station, period, &Ledger::default(), &terms);
    // The eligible take the watches in turn; the first of them holds
    // days 0 and 8 (8 eligible), and is to take the watch the fewest
    // days before 8 that the rule between watches forbids (not so
    // close that rest alone clears it).
    let eligible = &p.chief_eligible;
    assert!(eligible.len() >= 4 && p.min_days_between_chief >= 3);
    let mut cells = vec![p.off; p.n_staff * p.n_days];
    for d in 0..p.n_days {
        cells[eligible[d % eligible.len()] * p.n_days + d] = p.chief;
    }
    let first = eligible[0];
    let too_close = (8..p.n_days)
        .find(|&e| cells[first * p.n_days + e] == p.chief)
        .unwrap();
    let day = too_close - (p.min_days_between_chief as usize - 1);
    let mut state = State::new(&p, &cells);
    let before = state.score();
    let (delta, undo) = first_seed_where(
        &mut state,
        |state, rng, undo| chief_move(state, &p, rng, day, undo),
        |state| state.get(first, day) == p.chief,
    )
    .expect("some seed gives the watch to the first eligible officer");
    assert_ne!(state.get(first, too_close), p.chief, "the close watch left");
    assert_one_chief_a_day(&state);
    assert_exact_and_undone(&mut state, before, delta, &undo, &cells);
}

#[test]
fn a_watch_taken_by_one_who_can_relays_their_own_watch_to_one_behind() {
    let station = sample();
    let period = Period::parse_iso_week("2026-W49", 1).unwrap();
    let p0 = Problem::new(&station, period, &Ledger::default(), &ScoreTerms::default());
    let eligible = p0.chief_eligible.clone();
    assert!(eligible.len() >= 8 && p0.min_days_between_chief <= 4);
    // Seven watches a week among eight: the last of them has none this
    // week and is one behind in history; the first, who has day 0, is
    // one ahead. The fifth holds day 4, far enough from day 0 to hold
    // both, and is to take day 0.
    let (ahead, relay, behind) = (eligible[0], eligible[4], eligible[7]);
    let mut ledger = Ledger::default();
    for &s in &eligible {
        let watches = if s == ahead {
            7
        } else if s == behind {
            5
        } else {
            6
        };
        ledger.add(&station.staff[s].id, Category::ChiefWatches, watches);
    }
    let p = Problem::new(&station, period, &ledger, &ScoreTerms::default());
    let mut cells = vec![p.off; p.n_staff * p.n_days];
    for d in 0..p.n_days {
        cells[eligible[d] * p.n_days + d] = p.chief;
    }
    let mut state = State::new(&p, &cells);
    let before = state.score();
    let (delta, undo) = first_seed_where(
        &mut state,
        |state, rng, undo| chief_move(state, &p, rng, 0, undo),
        |state| state.get(relay, 0) == p.chief && state.get(relay, 4) != p.chief,
    )
    .expect("some seed gives day 0 to the fifth and relays their day 4");
    assert_eq!(
        state.get(behind, 4),
        p.chief,
        "day 4 relayed to the one behind"
    );
    assert_ne!(state.get(ahead, 0), p.chief, "the one ahead gave up day 0");
    assert_one_chief_a_day(&state);
    assert!(delta < Score::ZERO, "the watches are evener: {delta:?}");
    assert_exact_and_undone(&mut state, before, delta, &undo, &cells);
}

#[test]
fn a_short_weekend_takes_an_officer_whose_other_weekend_is_handed_on() {
    let station = sample();
    let period = Period::parse_iso_week("2026-W49", 2).unwrap();
    let p = Problem::new(&station, period, &Ledger::default(), &ScoreTerms::default());
    // Nobody works but one constable on the first Saturday: the second
    // weekend is short, and only that constable has a weekend to move.
    let worker = station.staff.iter().position(|o| o.id == "PA05").unwrap();
    let saturday = (0..7).find(|&d| p.weekend[d]).unwrap();
    let early = p.reqs_of[saturday * p.n_shifts..(saturday + 1) * p.n_shifts]
        .iter()
        .position(|qs| {
            qs.iter()
                .any(|&q| p.rule_members[p.reqs[q].rule].contains(&worker))
        })
        .unwrap() as Code;
    let mut cells = vec![p.off; p.n_staff * p.n_days];
    cells[worker * p.n_days + saturday] = early;
    let mut state = State::new(&p, &cells);
    let before = state.score();
    let (delta, undo) = (0..2000)
        .find_map(|seed| {
            let mut undo = Vec::new();
            let mut rng = fastrand::Rng::with_seed(seed);
            move_weekend(&mut state, &p, &mut rng, &mut undo).map(|delta| (delta, undo))
        })
        .expect("some seed moves the weekend");
    assert!(
        !weekend_worked(&state, &p, worker, 0),
        "the first weekend freed"
    );
    assert!(
        weekend_worked(&state, &p, worker, 1),
        "the short weekend filled"
    );
    assert!(
        (0..p.n_staff).any(|s| s != worker && state.get(s, saturday) == early),
        "the freed shift handed to a stand-in"
    );
    assert_exact_and_undone(&mut state, before, delta, &undo, &cells);
}
