//! `duty bench fairness`: plans and publishes weeks one by one on the
//! station in `--data` (into a throw-away database) for several seeds and
//! reports how even each series left the history: per category the worst
//! spread within a group, the part-timers' night share against the
//! full-timers', points per FTE from the unit's own duties against the
//! unit's mean, and full-time officer-weeks near their target hours. The
//! figures docs/BENCHMARKS.md quotes come from here.

use std::collections::BTreeMap;
use std::io::Write;
use std::time::Duration;

use clap::Args;

use super::{Cli, CliError, PeriodArgs, load_station, station_today};
use crate::app::{self, NearTarget, SearchLimits};

/// Options of `duty bench fairness`.
#[derive(Debug, Clone, Args)]
pub struct FairnessBenchArgs {
    #[command(flatten)]
    pub period: PeriodArgs,
    /// Series to run (seeds 1..=N; week k of a series uses seed + k).
    #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..=100))]
    pub seeds: u64,
    /// Seconds to plan each week.
    #[arg(long, default_value_t = 8.0, value_parser = super::seconds)]
    pub seconds: f64,
    /// Moves per search for each week instead of a time (reproducible).
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..=super::MAX_MOVES))]
    pub moves: Option<u64>,
}

/// Runs the series and prints a line per seed and the worst of all.
pub fn run(cli: &Cli, args: &FairnessBenchArgs, out: &mut dyn Write) -> Result<(), CliError> {
    let station = load_station(cli)?;
    let first = args.period.resolve(station_today(&station))?;
    let weeks = args.period.weeks;
    writeln!(
        out,
        "{}: {} from {} planned and published one by one, {}, {}",
        station.name,
        crate::text::count(weeks, "week"),
        first.label(),
        crate::text::count(args.seeds, "seed"),
        args.moves
            .map_or(format!("{} s a week", args.seconds), |m| {
                format!("{m} moves a search a week")
            })
    )?;
    writeln!(
        out,
        "{:>4} {:>7} {:>8} {:>8} {:>6} {:>10} {:>10} {:>12} {:>11}  illegal weeks",
        "seed",
        "nights",
        "weekend",
        "holiday",
        "chief",
        "night gap",
        "points gap",
        "near target",
        "raw spread"
    )?;
    let mut runs = Vec::new();
    for seed in 1..=args.seeds {
        let limits = SearchLimits {
            seed,
            // --seconds here is the budget without --moves.
            time: super::search_time(None, args.seconds, args.moves),
            unimproved: Duration::from_secs_f64(args.seconds),
            max_moves: args.moves,
            ..SearchLimits::default()
        };
        let run = app::bench_fairness(&station, first, weeks, &limits)?;
        let [n, w, h, c] = run.worst_spread;
        writeln!(
            out,
            "{seed:>4} {n:>7.2} {w:>8.2} {h:>8.2} {c:>6.2} {:>10} {:>10} {:>12} {:>11}  {}",
            points(run.night_share_gap),
            format!("{:.0}%", run.points_gap * 100.0),
            near(run.near_target),
            run.worst_raw_spread.map(|r| r.to_string()).join(" "),
            if run.illegal_weeks.is_empty() {
                "none".to_string()
            } else {
                run.illegal_weeks.join(" ")
            }
        )?;
        runs.push(run);
    }
    let worst = |i: usize| runs.iter().map(|r| r.worst_spread[i]).fold(0.0, f64::max);
    let within_one = |i: usize| {
        runs.iter()
            .filter(|r| app::within_one(r.worst_spread[i]))
            .count()
    };
    writeln!(
        out,
        "worst spread in duties (counts against time present) over all seeds: nights {:.2} ({} of {} seeds within 1), weekend days {:.2} ({}), holiday days {:.2} ({}), chief watches {:.2} ({})",
        worst(0),
        within_one(0),
        runs.len(),
        worst(1),
        within_one(1),
        worst(2),
        within_one(2),
        worst(3),
        within_one(3)
    )?;
    for (i, name) in ["nights", "weekend days", "holiday days", "chief watches"]
        .iter()
        .enumerate()
    {
        if let Some(groups) = uneven_groups(&runs, i) {
            writeln!(out, "  {name} more than 1 apart, seeds per group: {groups}")?;
        }
    }
    let gap = runs
        .iter()
        .filter_map(|r| r.night_share_gap)
        .fold(0.0, f64::max);
    let points_gap = runs.iter().map(|r| r.points_gap).fold(0.0, f64::max);
    let total = runs.iter().fold(NearTarget::default(), |a, r| NearTarget {
        near: a.near + r.near_target.near,
        all: a.all + r.near_target.all,
        run_ends: a.run_ends + r.near_target.run_ends,
        run_ends_off: a.run_ends_off + r.near_target.run_ends_off,
    });
    writeln!(
        out,
        "worst part-time night share gap {:.1} points; worst unit-duty points per FTE from the unit's mean {:.0}%; near target (within each contract's target_band_hours) {} ({} weeks end a run of weekends, {} of them off target); illegal weeks {}",
        gap * 100.0,
        points_gap * 100.0,
        near(total),
        total.run_ends,
        total.run_ends_off,
        runs.iter().map(|r| r.illegal_weeks.len()).sum::<usize>()
    )?;
    Ok(())
}

/// A share gap in percentage points.
fn points(gap: Option<f64>) -> String {
    gap.map_or("-".to_string(), |g| format!("{:.1} pp", g * 100.0))
}

/// Officer-weeks near target, as a share.
fn near(NearTarget { near, all, .. }: NearTarget) -> String {
    if all == 0 {
        return "-".to_string();
    }
    format!("{:.0}% of {all}", f64::from(near) * 100.0 / f64::from(all))
}

/// For category `i`, each group that was more than 1 apart and on how many
/// seeds ("patrol full_time 3, cid full_time 1"); `None` when none was.
fn uneven_groups(runs: &[app::FairnessRun], i: usize) -> Option<String> {
    let mut seeds: BTreeMap<&str, usize> = BTreeMap::new();
    for run in runs {
        for group in &run.uneven_groups[i] {
            *seeds.entry(group).or_default() += 1;
        }
    }
    (!seeds.is_empty()).then(|| {
        seeds
            .iter()
            .map(|(group, n)| format!("{group} {n}"))
            .collect::<Vec<_>>()
            .join(", ")
    })
}
