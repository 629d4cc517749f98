//! The constraint solver: turns a station, a period and a starting roster
//! (whose pinned cells stay) into the best roster it can find in the time
//! given. It compiles the model into a [`problem::Problem`], builds a first
//! roster greedily, improves it by local search with incremental scoring,
//! and explains the result with the independent checker in [`check`].

pub mod check;
pub(crate) mod construct;
pub mod diagnose;
pub(crate) mod problem;
pub(crate) mod row;
pub mod score;
pub(crate) mod search;
pub(crate) mod state;

#[cfg(test)]
mod properties;

use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

pub use check::{Report, Violation};
pub use score::Score;
pub use search::{Progress, SearchLimits, StopReason};

use chrono::NaiveDate;

use crate::model::fairness::presence;
use crate::model::{Ledger, Period, Roster, Station};

/// The roster found and how the search went.
#[derive(Debug, Clone)]
pub struct Solution {
    /// The best roster found.
    pub roster: Roster,
    /// Its score.
    pub score: Score,
    /// Search statistics at the end.
    pub progress: Progress,
    /// Why the search stopped.
    pub stop: StopReason,
}

impl Default for SearchLimits {
    fn default() -> Self {
        SearchLimits {
            seed: 1,
            time: Duration::from_secs(10),
            unimproved: Duration::from_secs(3),
            max_moves: None,
            report_every: Duration::from_millis(100),
            hard_floor: 0,
            threads: 2,
        }
    }
}

/// The best roster the search has found so far, built only when asked:
/// a caller that wants figures alone (the CLI) pays nothing, one that shows
/// the roster taking shape (the TUI) asks for it.
pub struct BestSoFar<'a> {
    problem: &'a problem::Problem,
    start: &'a Roster,
    cells: &'a [problem::Code],
}

impl BestSoFar<'_> {
    /// The best roster so far, pins and all, over the solved period.
    pub fn roster(&self) -> Roster {
        let mut roster = self.start.clone();
        for s in 0..self.problem.n_staff {
            for d in 0..self.problem.n_days {
                roster.set(
                    s,
                    d,
                    self.problem
                        .duty_of(self.cells[s * self.problem.n_days + d]),
                );
            }
        }
        roster
    }
}

/// What the solver calls while it runs: progress, and the best so far.
pub type OnProgress<'a> = dyn FnMut(&Progress, &BestSoFar) + 'a;

/// Solves the period. `start` gives the starting duties and the pinned
/// cells (it must cover exactly the period); `ledger` is fairness history.
pub fn solve(
    station: &Station,
    period: Period,
    start: &Roster,
    ledger: &Ledger,
    limits: &SearchLimits,
    cancel: &AtomicBool,
    on_progress: &mut OnProgress,
) -> Solution {
    solve_against(
        station,
        period,
        start,
        ledger,
        &ScoreTerms::default(),
        limits,
        cancel,
        on_progress,
    )
}

/// The seed of portfolio helper `k`: far from the main seed, and the same
/// on every machine.
fn helper_seed(seed: u64, k: usize) -> u64 {
    seed ^ (0x9E37_79B9_7F4A_7C15_u64.wrapping_mul(k as u64))
}

/// The best of the portfolio's searches (the main one on a tie), with
/// the moves of all of them counted.
fn best_of(
    main: (Vec<problem::Code>, Progress, StopReason),
    helpers: Vec<(Vec<problem::Code>, Progress, StopReason)>,
) -> (Vec<problem::Code>, Progress, StopReason) {
    let moves: u64 = main.1.moves + helpers.iter().map(|h| h.1.moves).sum::<u64>();
    let per_second: f64 =
        main.1.moves_per_second + helpers.iter().map(|h| h.1.moves_per_second).sum::<f64>();
    let first_feasible = std::iter::once(main.1.first_feasible)
        .chain(helpers.iter().map(|h| h.1.first_feasible))
        .flatten()
        .min();
    // Why the whole search stopped is why the main one did: the helpers
    // stop with it.
    let stop = main.2;
    let mut chosen = main;
    for helper in helpers {
        if helper.1.best < chosen.1.best {
            chosen = helper;
        }
    }
    chosen.2 = stop;
    chosen.1.moves = moves;
    chosen.1.moves_per_second = per_second;
    chosen.1.first_feasible = first_feasible;
    chosen
}

/// Extra terms of the objective beyond the station's rules.
#[derive(Debug, Clone, Copy, Default)]
pub struct ScoreTerms<'a> {
    /// Re-planning: every cell changed from this roster costs `stability`.
    pub baseline: Option<&'a Roster>,
    /// Days from this index on are an unsaved look-ahead: their minimum
    /// cover and chief watch cost only soft `lookahead_cover`, so the last
    /// days of the period leave the next period workable.
    pub lookahead_from: Option<usize>,
    /// Each officer's share of the span fairness is counted over that they
    /// were present ([`crate::model::fairness::presence`]), when the
    /// caller knows more than the ledger and the dates say: which days of
    /// the period are published and who worked them
    /// ([`crate::model::fairness::presence_around`]). Without it, every
    /// week of the period counts unless the officer is away all of it.
    pub presence: Option<&'a [f64]>,
    /// Weekend days on look-ahead days before this index count toward
    /// fairness as planned: a week planned alone evens weekend days to
    /// the end of the weekend rule's cycle
    /// ([`crate::model::fairness::weekend_cycle`]).
    pub weekend_fair_until: Option<usize>,
}

impl ScoreTerms<'_> {
    /// The days of a roster of `days` whose weekend days count toward
    /// fairness: those before the look-ahead, and those of the look-ahead
    /// before [`ScoreTerms::weekend_fair_until`]. Other categories count
    /// only the days before the look-ahead.
    pub fn weekend_counted_days(&self, days: usize) -> usize {
        let kept = days.min(self.lookahead_from.unwrap_or(usize::MAX));
        self.weekend_fair_until
            .map_or(kept, |until| until.clamp(kept, days))
    }

    /// Each officer's presence over the fairness span for a period of
    /// `dates`: the caller's, or counted from the ledger and the period's
    /// weeks before the look-ahead. The one source the solver's fairness
    /// weights and the checker's share.
    pub fn presence(&self, station: &Station, ledger: &Ledger, dates: &[NaiveDate]) -> Vec<f64> {
        match self.presence {
            Some(known) => known.to_vec(),
            None => {
                let counted = dates.len().min(self.lookahead_from.unwrap_or(usize::MAX));
                presence(station, ledger, &dates[..counted])
            }
        }
    }
}

/// Like [`solve`], with extra terms (re-plan stability, look-ahead).
#[allow(clippy::too_many_arguments)]
pub fn solve_against(
    station: &Station,
    period: Period,
    start: &Roster,
    ledger: &Ledger,
    terms: &ScoreTerms,
    limits: &SearchLimits,
    cancel: &AtomicBool,
    on_progress: &mut OnProgress,
) -> Solution {
    let started = Instant::now();
    let mut problem = problem::Problem::new(station, period, ledger, terms);
    let cells = problem.load(start);
    let problem = &problem;
    let threads = limits.threads.max(1);
    let stop_helpers = AtomicBool::new(false);
    // Searches share their best only when run on time: on a move count
    // the result must not depend on which thread ran faster.
    let shared = search::Shared::default();
    let shared = (threads > 1 && limits.max_moves.is_none()).then_some(&shared);
    let (best, progress, stop) = std::thread::scope(|scope| {
        // A portfolio: each helper searches from the same start with its
        // own seed on its own core; the best roster of all wins.
        let helpers: Vec<_> = (1..threads)
            .map(|k| {
                let helper = SearchLimits {
                    seed: helper_seed(limits.seed, k),
                    ..limits.clone()
                };
                let (cells, stop) = (&cells, &stop_helpers);
                scope.spawn(move || {
                    let mut state = state::State::new(problem, cells);
                    // Every other helper starts from the cover alone: the
                    // first rosters differ in kind, not only in seed.
                    let fill = k % 2 == 0;
                    construct::construct(&mut state, started + helper.time, fill);
                    search::search(&mut state, &helper, started, stop, shared, &mut |_, _| {})
                })
            })
            .collect();
        let mut state = state::State::new(problem, &cells);
        construct::construct(&mut state, started + limits.time, true);
        let main = search::search(
            &mut state,
            limits,
            started,
            cancel,
            shared,
            &mut |progress, cells| {
                on_progress(
                    progress,
                    &BestSoFar {
                        problem,
                        start,
                        cells,
                    },
                )
            },
        );
        // With a move limit each helper runs to its own limit, so the
        // result does not depend on timing; else they stop with the main
        // search.
        if limits.max_moves.is_none() || cancel.load(std::sync::atomic::Ordering::Relaxed) {
            stop_helpers.store(true, std::sync::atomic::Ordering::Relaxed);
        }
        let outcomes: Vec<_> = helpers.into_iter().filter_map(|h| h.join().ok()).collect();
        best_of(main, outcomes)
    });
    Solution {
        roster: BestSoFar {
            problem,
            start,
            cells: &best,
        }
        .roster(),
        score: progress.best,
        progress,
        stop,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::sample::station as sample;

    fn limits(seed: u64, moves: u64) -> SearchLimits {
        SearchLimits {
            seed,
            max_moves: Some(moves),
            ..SearchLimits::default()
        }
    }

    /// Solves `period` from an empty roster, nothing cancelled, no progress
    /// reported: how these tests run the solver.
    fn solve_from_empty(
        station: &Station,
        period: Period,
        ledger: &Ledger,
        limits: &SearchLimits,
    ) -> Solution {
        let start = Roster::new(period.start, period.len_days(), station.staff.len());
        let cancel = AtomicBool::new(false);
        solve(
            station,
            period,
            &start,
            ledger,
            limits,
            &cancel,
            &mut |_, _| {},
        )
    }

    #[test]
    fn a_portfolio_is_reproducible_and_never_worse_than_its_main_search() {
        let station = sample();
        let period = Period::parse_iso_week("2026-W49", 1).unwrap();
        let run = |threads: usize| {
            let limits = SearchLimits {
                threads,
                ..limits(3, 40_000)
            };
            solve_from_empty(&station, period, &Ledger::default(), &limits)
        };
        let (one, two, again) = (run(1), run(2), run(2));
        assert!(two.score <= one.score, "{} > {}", two.score, one.score);
        assert_eq!(
            two.roster, again.roster,
            "the same seed and moves, the same roster"
        );
        assert_eq!(
            two.progress.moves,
            2 * one.progress.moves,
            "both searches ran to the limit"
        );
    }

    #[test]
    fn a_newcomer_is_not_handed_the_nights_history_owes() {
        let station = sample();
        let period = Period::parse_iso_week("2027-W09", 1).unwrap();
        let patrol = |s: &usize| station.units[station.staff[*s].unit].code == "patrol";
        let full_time =
            |s: &usize| station.contracts[station.staff[*s].contract].code == "full_time";
        let officers: Vec<usize> = (0..station.staff.len())
            .filter(patrol)
            .filter(full_time)
            .collect();
        let newcomer = officers[6];
        // Eight weeks of history, two nights a week, for all but one.
        let mut ledger = Ledger::default();
        for s in (0..station.staff.len()).filter(|&s| s != newcomer) {
            let id = &station.staff[s].id;
            for week in 0..8 {
                ledger.add_week(id, period.start - chrono::Days::new(7 * (week + 1)));
            }
            if patrol(&s) {
                ledger.add(id, crate::model::Category::Nights, 16);
            }
        }
        let solution = solve_from_empty(&station, period, &ledger, &limits(5, 300_000));
        let nights = |s: usize| {
            (0..7)
                .filter(|&d| solution.roster.get(s, d).is_night(&station))
                .count()
        };
        let most = officers
            .iter()
            .filter(|&&s| s != newcomer)
            .map(|&s| nights(s))
            .max();
        assert!(
            Some(nights(newcomer)) <= most.map(|n| n + 1),
            "the newcomer works {} nights, colleagues at most {most:?}: a week on the roster owes a week's share",
            nights(newcomer)
        );
        assert!(solution.score.hard == 0);
    }

    #[test]
    fn solver_score_matches_the_independent_checker() {
        let station = sample();
        let period = Period::parse_iso_week("2026-W49", 2).unwrap();
        let mut ledger = Ledger::default();
        ledger.add(&station.staff[3].id, crate::model::Category::Nights, 4);
        let solution = solve_from_empty(&station, period, &ledger, &limits(7, 200_000));
        let report = check::check(&station, &solution.roster, &ledger);
        assert_eq!(report.score, solution.score);
    }

    #[test]
    fn same_seed_same_roster() {
        let station = sample();
        let period = Period::parse_iso_week("2026-W49", 1).unwrap();
        let run =
            |seed| solve_from_empty(&station, period, &Ledger::default(), &limits(seed, 100_000));
        let (a, b, c) = (run(3), run(3), run(4));
        assert_eq!(a.roster, b.roster);
        assert_eq!(a.score, b.score);
        assert_ne!(a.roster, c.roster);
    }
}
