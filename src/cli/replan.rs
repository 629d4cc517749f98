//! `duty replan`: after a sick call, re-solve a few days of a published
//! roster with everything else pinned, changing as few cells as it can
//! (each changed cell costs the `stability` weight). Shows the diff and
//! records it as changes only with `--yes`.

use std::io::Write;
use std::sync::atomic::AtomicBool;
use std::time::Duration;

use chrono::Days;
use clap::Args;

use super::{Cli, CliError, load_station, open_store, operator, parse_date};
use crate::model::Period;
use crate::planning::{plan_context, solve_in_context};
use crate::solver::SearchLimits;
use crate::store::{CellChange, StoreError};

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
    /// Seconds to search at most.
    #[arg(long, default_value_t = 5.0)]
    pub seconds: f64,
    /// Random seed.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Stop after this many moves instead of a time (reproducible).
    #[arg(long)]
    pub moves: Option<u64>,
    /// Who makes the change (default: the OS user).
    #[arg(long)]
    pub by: Option<String>,
}

/// Re-plans the window and shows (and with --yes records) the diff.
pub fn run(cli: &Cli, args: &ReplanArgs, out: &mut dyn Write) -> Result<(), CliError> {
    let station = load_station(cli)?;
    let (from, to) = (
        parse_date("--from", &args.from)?,
        parse_date("--to", &args.to)?,
    );
    if to < from || (to - from).num_days() > 27 {
        return Err(CliError::Usage(
            "--from .. --to must be 1 to 28 days, in order".into(),
        ));
    }
    let mut store = open_store(cli)?;
    let mut day = from;
    while day <= to {
        if store.published_on(day)?.is_none() {
            return Err(StoreError::Refused(format!(
                "{day} is not published; replan only changes published rosters"
            ))
            .into());
        }
        day = day + Days::new(1);
    }
    let first = Period::starting_week_of(from, 1).start;
    let weeks = ((to - first).num_days() / 7 + 1) as u32;
    let mut ctx = plan_context(
        &store,
        &station,
        Period {
            start: first,
            weeks,
        },
        false,
    )?;
    let baseline = ctx.start.clone();
    let mut start = baseline.clone();
    let window: Vec<usize> = (0..start.days)
        .filter(|&d| (from..=to).contains(&baseline.date(d)))
        .collect();
    for &d in &window {
        ctx.published[d] = false;
        for s in 0..start.staff {
            start.set_pinned(s, d, false);
        }
    }
    let limits = SearchLimits {
        seed: args.seed,
        time: Duration::from_secs_f64(args.seconds.max(0.1)),
        unimproved: Duration::from_secs_f64(args.seconds.max(0.1) / 2.0),
        max_moves: args.moves,
        ..SearchLimits::default()
    };
    ctx.start = start;
    let cancel = AtomicBool::new(false);
    let (solution, report) = solve_in_context(
        &station,
        &ctx,
        Some(&baseline),
        limits,
        &cancel,
        &mut |_, _| {},
    );
    let mut changes = Vec::new();
    writeln!(out, "Re-plan {from} to {to}: {}", args.reason)?;
    for &d in &window {
        for s in 0..baseline.staff {
            let (was, now) = (baseline.get(s, d), solution.roster.get(s, d));
            if was != now {
                let officer = &station.staff[s];
                writeln!(
                    out,
                    "  {} {} ({}): {} -> {}",
                    baseline.date(d),
                    officer.name,
                    officer.id,
                    was.code(&station),
                    now.code(&station)
                )?;
                changes.push(CellChange {
                    staff: s,
                    date: baseline.date(d),
                    duty: now,
                });
            }
        }
    }
    writeln!(
        out,
        "{} cell(s) change. Score of the days re-planned: {}",
        changes.len(),
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
    if args.yes {
        let n = store.apply_changes(
            &station,
            &changes,
            &operator(&args.by),
            &args.reason,
            "replan",
        )?;
        writeln!(out, "Recorded {n} change(s).")?;
    } else {
        writeln!(out, "Not recorded; run again with --yes to apply.")?;
    }
    Ok(())
}
