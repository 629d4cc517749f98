//! `duty bench`: how fast the solver is on the station in `--data`. Runs the
//! same plan with several seeds and reports, per run and as medians, the
//! time to the first roster with no hard violation and the moves evaluated
//! per second. Figures are for the machine it runs on; compare medians.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::time::Duration;

use clap::{Args, Subcommand};

use super::output::OutFile;
use super::{Cli, CliError, PeriodArgs, load_station, station_today};
use crate::formats::shift_scheduling::read_instance;
use crate::text::spreadsheet_cell;

use crate::app::{self, Context, SearchLimits};

/// Options of `duty bench`.
#[derive(Debug, Clone, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct BenchArgs {
    /// Another benchmark than the solver's speed.
    #[command(subcommand)]
    pub what: Option<BenchWhat>,
    #[command(flatten)]
    pub period: PeriodArgs,
    /// Number of runs (seeds 1..=N).
    #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u64).range(1..=100))]
    pub runs: u64,
    /// Seconds per run.
    #[arg(long, default_value_t = 5.0, value_parser = super::seconds)]
    pub seconds: f64,
    /// Solve one instance of the public shift scheduling benchmark instead
    /// of the station, printing `objective=N hard=H seconds=T`.
    #[arg(long, value_name = "FILE")]
    pub instance: Option<PathBuf>,
    /// Seed of the run on --instance.
    #[arg(long, default_value_t = 1, requires = "instance")]
    pub seed: u64,
    /// Searches side by side on --instance (one per core).
    #[arg(long, default_value_t = 2, value_parser = clap::value_parser!(u16).range(1..=64))]
    pub threads: u16,
    /// Write the --instance roster as employee,day,shift rows (day from 0).
    #[arg(long, value_name = "ROSTER.csv", requires = "instance")]
    pub out: Option<PathBuf>,
    /// Replace the --out file if it exists.
    #[arg(long, requires = "out")]
    pub force: bool,
}

/// The benchmarks `duty bench` runs besides the solver's speed.
#[derive(Debug, Clone, Subcommand)]
pub enum BenchWhat {
    /// Plan and publish weeks one by one for several seeds and report how
    /// even the history is (spreads, shares by contract, points, hours).
    Fairness(super::bench_fairness::FairnessBenchArgs),
}

/// Runs the benchmark and prints a table and the medians.
pub fn run(cli: &Cli, args: &BenchArgs, out: &mut dyn Write) -> Result<(), CliError> {
    if let Some(BenchWhat::Fairness(fairness)) = &args.what {
        return super::bench_fairness::run(cli, fairness, out);
    }
    if let Some(path) = &args.instance {
        return run_instance(cli, args, path, out);
    }
    let station = load_station(cli)?;
    let period = args.period.resolve(station_today(&station))?;
    writeln!(
        out,
        "{}: {}, {} to {} ({}), {} of {} s",
        station.name,
        crate::text::count(station.staff.len(), "officer"),
        period.start,
        period.end(),
        crate::text::count(period.weeks, "week"),
        crate::text::count(args.runs, "run"),
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

/// Hard violations listed on stderr after the result line.
const HARD_SHOWN: usize = 10;

/// One run on a benchmark instance: the line another program can parse,
/// and the roster as rows another program can score.
fn run_instance(
    cli: &Cli,
    args: &BenchArgs,
    path: &Path,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    let out_file = args
        .out
        .as_deref()
        .map(|path| OutFile::prepare(cli, path, args.force))
        .transpose()?;
    let source = crate::config::read(path)?;
    let instance = read_instance(&source.text)
        .map_err(|e| CliError::Usage(format!("{}:{e}", path.display())))?;
    let limits = SearchLimits {
        seed: args.seed,
        time: Duration::from_secs_f64(args.seconds),
        unimproved: Duration::from_secs_f64(args.seconds),
        threads: usize::from(args.threads),
        ..SearchLimits::default()
    };
    let cancel = AtomicBool::new(false);
    let result = app::bench_instance(&instance, limits, &cancel)?;
    let first = result
        .progress
        .first_feasible
        .map_or("never".to_string(), |t| format!("{:.3}", t.as_secs_f64()));
    writeln!(
        out,
        "objective={} hard={} seconds={:.2} first_feasible={first} moves={}",
        result.objective,
        result.hard.len(),
        result.seconds,
        result.progress.moves
    )?;
    // What makes it illegal, by the benchmark's own evaluator.
    for line in result.hard.iter().take(HARD_SHOWN) {
        super::warn(&format!("hard: {line}"));
    }
    if result.hard.len() > HARD_SHOWN {
        super::warn(&format!(
            "hard: ... and {} more",
            result.hard.len() - HARD_SHOWN
        ));
    }
    if let Some(file) = out_file {
        file.write(|w| {
            writeln!(w, "employee,day,shift")?;
            for (e, days) in result.roster.iter().enumerate() {
                for (d, shift) in days.iter().enumerate() {
                    if let Some(sh) = shift {
                        let id = spreadsheet_cell(&instance.staff[e].id);
                        let code = spreadsheet_cell(&instance.shifts[*sh].id);
                        writeln!(w, "{id},{d},{code}")?;
                    }
                }
            }
            Ok(())
        })?;
    }
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
