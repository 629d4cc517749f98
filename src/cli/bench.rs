//! `duty bench`: how fast the solver is on the station in `--data`. Runs the
//! same plan with several seeds and reports, per run and as medians, the
//! time to the first roster with no hard violation and the moves evaluated
//! per second. Figures are for the machine it runs on; compare medians.

use std::io::Write;
use std::sync::atomic::AtomicBool;
use std::time::Duration;

use clap::Args;

use super::{Cli, CliError, PeriodArgs, load_station, station_today};

use crate::app::{self, Context, SearchLimits};

/// Options of `duty bench`.
#[derive(Debug, Clone, Args)]
pub struct BenchArgs {
    #[command(flatten)]
    pub period: PeriodArgs,
    /// Number of runs (seeds 1..=N).
    #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u64).range(1..=100))]
    pub runs: u64,
    /// Seconds per run.
    #[arg(long, default_value_t = 5.0, value_parser = super::seconds)]
    pub seconds: f64,
}

/// Runs the benchmark and prints a table and the medians.
pub fn run(cli: &Cli, args: &BenchArgs, out: &mut dyn Write) -> Result<(), CliError> {
    let station = load_station(cli)?;
    let period = args.period.resolve(station_today(&station))?;
    writeln!(
        out,
        "{}: {} officers, {} to {} ({} week(s)), {} run(s) of {} s",
        station.name,
        station.staff.len(),
        period.start,
        period.end(),
        period.weeks,
        args.runs,
        args.seconds
    )?;
    writeln!(
        out,
        "{:>4} {:>16} {:>14} {:>14} {:>12}",
        "seed", "first feasible", "moves/s", "moves", "final score"
    )?;
    let (mut feasible, mut speeds) = (Vec::new(), Vec::new());
    for seed in 1..=args.runs {
        let limits = SearchLimits {
            seed,
            time: Duration::from_secs_f64(args.seconds),
            unimproved: Duration::from_secs_f64(args.seconds),
            ..SearchLimits::default()
        };
        let cancel = AtomicBool::new(false);
        let ctx = Context::detached(&station, period);
        let solution = app::solve(&station, &ctx, None, limits, &cancel, &mut |_, _| {})?;
        let p = solution.progress;
        let first = p.first_feasible.map(|t| t.as_secs_f64());
        writeln!(
            out,
            "{seed:>4} {:>16} {:>14.0} {:>14} {:>12}",
            first.map_or("never".to_string(), |t| format!("{t:.3} s")),
            p.moves_per_second,
            p.moves,
            format!(
                "{}/{}",
                solution.report.score.hard, solution.report.score.soft
            )
        )?;
        feasible.push(first.unwrap_or(f64::INFINITY));
        speeds.push(p.moves_per_second);
    }
    let found = feasible.iter().filter(|t| t.is_finite()).count();
    let median_first = median(&mut feasible);
    writeln!(
        out,
        "median time to first feasible: {} ({found} of {} runs feasible)",
        if median_first.is_finite() {
            format!("{median_first:.3} s")
        } else {
            "never".to_string()
        },
        args.runs
    )?;
    writeln!(out, "median moves per second: {:.0}", median(&mut speeds))?;
    Ok(())
}

pub(super) fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    let n = values.len();
    if n % 2 == 1 {
        values[n / 2]
    } else {
        (values[n / 2 - 1] + values[n / 2]) / 2.0
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn median_of_odd_and_even() {
        assert_eq!(super::median(&mut [3.0, 1.0, 2.0]), 2.0);
        assert_eq!(super::median(&mut [4.0, 1.0, 2.0, 3.0]), 2.5);
        assert_eq!(super::median(&mut [1.0, f64::INFINITY, 2.0]), 2.0);
    }
}
