//! `duty plan`: solve the coming weeks and show the roster, its score and
//! every remaining violation, explained.

use std::io::Write;
use std::path::PathBuf;
use std::sync::atomic::AtomicBool;
use std::time::Duration;

use clap::Args;

use super::output::OutFile;
use super::{Cli, CliError, PeriodArgs, open_desk, operator, rules_hash, station_today};
use crate::app::{self, AppError, Context, SearchLimits};
use crate::export::{csv::write_csv, grid::write_grid};
use crate::model::Period;

/// Options of `duty plan`.
#[derive(Debug, Clone, Args)]
pub struct PlanArgs {
    #[command(flatten)]
    pub period: PeriodArgs,
    /// Seconds to search at most (default 10; with --moves, no limit but
    /// a day unless given, so the roster does not depend on the machine).
    #[arg(long, value_parser = super::seconds)]
    pub seconds: Option<f64>,
    /// Stop after this many seconds without improvement.
    #[arg(long, default_value_t = 3.0, value_parser = super::seconds)]
    pub unimproved: f64,
    /// Random seed; the same seed and --moves give the same roster.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Stop after this many moves instead of a time (reproducible).
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..=super::MAX_MOVES))]
    pub moves: Option<u64>,
    /// Searches side by side, one per core (a portfolio of seeds sharing
    /// the best roster; with --moves each runs that many, sharing nothing,
    /// so the roster is the same on every machine).
    #[arg(long, default_value_t = 2, value_parser = clap::value_parser!(u16).range(1..=64))]
    pub threads: u16,
    /// Also write one row per duty to this CSV file (checked before the search).
    #[arg(long, value_name = "FILE.csv")]
    pub out: Option<PathBuf>,
    /// Replace the --out file if it exists.
    #[arg(long, requires = "out")]
    pub force: bool,
    /// Save the roster as a draft in the database (publish it with `duty publish`).
    #[arg(long)]
    pub save: bool,
}

/// Solves and prints.
pub fn run(cli: &Cli, args: &PlanArgs, out: &mut dyn Write) -> Result<(), CliError> {
    let out_file = args
        .out
        .as_deref()
        .map(|path| OutFile::prepare(cli, path, args.force))
        .transpose()?;
    let (station, mut store) = open_desk(cli)?;
    let period = args.period.resolve(station_today(&station))?;
    let limits = SearchLimits {
        seed: args.seed,
        time: super::search_time(args.seconds, 10.0, args.moves),
        unimproved: Duration::from_secs_f64(args.unimproved.max(0.0)),
        max_moves: args.moves,
        threads: usize::from(args.threads),
        ..SearchLimits::default()
    };
    let ctx = Context::load(&store, &station, period, true)?;
    if ctx.overlaps_published() {
        return Err(AppError::AlreadyPublished {
            from: period.start,
            to: period.end(),
        }
        .into());
    }
    let findings = ctx.cannot_be_met(&station);
    if !findings.is_empty() {
        writeln!(out, "These rules cannot be met by any roster:")?;
        for f in &findings {
            writeln!(out, "  {}", f.message)?;
        }
        writeln!(out)?;
    }
    if ctx.has_published_neighbours() {
        let runs: Vec<String> = ctx
            .published_runs()
            .iter()
            .map(|(first, last)| format!("{first} to {last}"))
            .collect();
        writeln!(
            out,
            "Planning next to published days ({}), which stay as they are.",
            runs.join(" and ")
        )?;
    }
    let cancel = AtomicBool::new(false);
    let solved = app::solve(&station, &ctx, None, limits, &cancel, &mut |_, _| {})?;
    let roster = ctx.period_part(&solved.roster);
    let report = &solved.report;

    writeln!(
        out,
        "{}: roster for {} to {} ({})",
        station.name,
        period.start,
        period.end(),
        crate::text::count(period.weeks, "week")
    )?;
    write_grid(&station, &roster, out)?;
    writeln!(out)?;
    let p = &solved.progress;
    writeln!(
        out,
        "Score: {} ({} moves, {:.0} moves/s, {:.2} s, first feasible {}, stopped: {:?})",
        report.score,
        p.moves,
        p.moves_per_second,
        p.elapsed.as_secs_f64(),
        p.first_feasible.map_or("never".to_string(), |t| format!(
            "after {:.3} s",
            t.as_secs_f64()
        )),
        solved.stop
    )?;
    let hard: Vec<_> = report.hard().collect();
    let soft: Vec<_> = report
        .violations
        .iter()
        .filter(|v| !v.constraint.is_hard())
        .collect();
    writeln!(out, "Hard violations: {}", hard.len())?;
    for v in &hard {
        writeln!(out, "  [{}] {}", v.constraint, v.message)?;
    }
    if !hard.is_empty() {
        writeln!(out, "Why:")?;
        let mut findings = ctx.weekends_used_up(&station);
        findings.extend(app::after_search(&station, &roster));
        for f in &findings {
            writeln!(out, "  {}", f.message)?;
        }
        if findings.is_empty() {
            // Never an empty "Why:": each rule broken, in words, with the
            // officer and days its message names.
            for v in &hard {
                writeln!(out, "  {}: {}", v.constraint.plain(), v.message)?;
            }
        }
    }
    super::publish::write_ahead(&ctx.weekends_left_after(&station, &roster), out)?;
    writeln!(out, "Soft penalties: {}", soft.len())?;
    for v in &soft {
        writeln!(
            out,
            "  [{}] {} (penalty {})",
            v.constraint, v.message, v.penalty
        )?;
    }
    if let Some(file) = out_file {
        let path = file.path().to_path_buf();
        file.write(|sink| {
            write_csv(&station, &roster, sink)
                .map_err(|e| CliError::Failed(format!("cannot write {}: {e}", path.display())))
        })?;
        writeln!(out, "Wrote {}", path.display())?;
    }
    if args.save {
        let (hash, by) = (rules_hash(cli), operator(&None)?);
        let origin = planned_origin(period, args);
        let save = app::SaveAs {
            rules_hash: &hash,
            saved_by: &by,
            origin: &origin,
            unchanged_since: None,
        };
        let id = app::save_draft(&mut store, &station, &roster, &save)?.id;
        writeln!(
            out,
            "Saved as draft #{id} in {}; publish it with: duty publish {}",
            store.path().display(),
            period.label()
        )?;
    }
    if !report.score.is_feasible() {
        return Err(CliError::Infeasible(hard.len()));
    }
    Ok(())
}

/// How `duty history` says a draft was planned: the command that plans it
/// again. With `--moves` and no `--seconds`, run against the same published
/// weeks, it gives the same roster on any machine; with a time limit it
/// says how long the search had, which depends on the machine.
fn planned_origin(period: Period, args: &PlanArgs) -> String {
    let budget = match (args.moves, args.seconds) {
        (Some(moves), None) => format!("--moves {moves}"),
        (Some(moves), Some(seconds)) => format!("--moves {moves} --seconds {seconds}"),
        (None, seconds) => format!(
            "--seconds {} --unimproved {}",
            seconds.unwrap_or(10.0),
            args.unimproved
        ),
    };
    format!(
        "planned: duty plan {} --weeks {} --seed {} {budget} --threads {}",
        period.label(),
        period.weeks,
        args.seed,
        args.threads
    )
}
