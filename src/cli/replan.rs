//! `duty replan`: after a sick call, re-solve a few days of a published
//! roster with everything else pinned, changing as few cells as it can
//! (each changed cell costs the `stability` weight). Shows the diff and
//! records it as changes only with `--yes`.

use clap::Args;
use std::io::Write;
use std::sync::atomic::AtomicBool;

use super::{Cli, CliError, open_desk, operator, parse_date};
use crate::app::{self, SearchLimits};

/// Options of `duty replan`.
#[derive(Debug, Clone, Args)]
pub struct ReplanArgs {
    /// First day to re-plan.
    #[arg(long)]
    pub from: String,
    /// Last day to re-plan.
    #[arg(long)]
    pub to: String,
    /// Why, such as "PA05 sick" (recorded with every change).
    #[arg(long)]
    pub reason: String,
    /// Record the changes (without it, only show them).
    #[arg(long)]
    pub yes: bool,
    /// Seconds to search at most (default 5; with --moves, no limit but a
    /// day unless given, so the roster does not depend on the machine).
    #[arg(long, value_parser = super::seconds)]
    pub seconds: Option<f64>,
    /// Random seed.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Stop after this many moves instead of a time (reproducible).
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..=super::MAX_MOVES))]
    pub moves: Option<u64>,
    /// Who makes the change (default: the OS user).
    #[arg(long)]
    pub by: Option<String>,
}

/// Re-plans the window and shows (and with --yes records) the diff.
pub fn run(cli: &Cli, args: &ReplanArgs, out: &mut dyn Write) -> Result<(), CliError> {
    // Who and why are checked before the search, not after it.
    let by = operator(&args.by)?;
    app::check_reason(&args.reason)?;
    let (station, mut store) = open_desk(cli)?;
    let (from, to) = (
        parse_date("--from", &args.from)?,
        parse_date("--to", &args.to)?,
    );
    let time = super::search_time(args.seconds, 5.0, args.moves);
    let limits = SearchLimits {
        seed: args.seed,
        time,
        unimproved: time / 2,
        max_moves: args.moves,
        ..SearchLimits::default()
    };
    let cancel = AtomicBool::new(false);
    let now = chrono::Utc::now();
    let replanned = app::replan(&store, &station, (from, to), now, &limits, &cancel)?;
    writeln!(out, "Re-plan {from} to {to}: {}", args.reason)?;
    if replanned.widened() {
        writeln!(
            out,
            "Hard rules could not be met inside {from} to {to}; widened to {} to {} (at most {} each side).",
            replanned.window.0,
            replanned.window.1,
            crate::text::count(app::MAX_WIDEN_DAYS, "day")
        )?;
    }
    if let Some(day) = replanned.held_at {
        writeln!(
            out,
            "Days before {day} have passed and stay as published: the re-plan widens only onto {day} and later."
        )?;
    }
    for c in &replanned.changes {
        writeln!(out, "  {} {}", c.date, replanned.describe(&station, c))?;
    }
    let report = &replanned.solved.report;
    writeln!(
        out,
        "{} change. Score of the days re-planned: {}",
        crate::text::count(replanned.changes.len(), "cell"),
        report.score
    )?;
    let hard: Vec<_> = report.hard().collect();
    for v in &hard {
        writeln!(out, "  [{}] {}", v.constraint, v.message)?;
    }
    if !hard.is_empty() {
        writeln!(out, "Not recorded: hard rules still break.")?;
        return Err(CliError::Infeasible(hard.len()));
    }
    super::publish::write_ahead(&replanned.ahead, out)?;
    if args.yes {
        let n = app::apply_replan(&mut store, &station, &replanned, &by, &args.reason)?;
        writeln!(out, "Recorded {}.", crate::text::count(n, "change"))?;
    } else {
        writeln!(out, "Not recorded; run again with --yes to apply.")?;
    }
    Ok(())
}
