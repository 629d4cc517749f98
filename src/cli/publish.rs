//! `duty publish PERIOD`: make the saved draft of a week the roster in force.

use std::io::Write;

use clap::Args;

use super::{Cli, CliError, load_station, open_store, operator};
use crate::model::Period;
use crate::planning::{judge, plan_context};
use crate::store::StoreError;

/// Options of `duty publish`.
#[derive(Debug, Clone, Args)]
pub struct PublishArgs {
    /// The ISO week the draft starts on, such as 2026-W49.
    pub period: String,
    /// Publish even though hard rules are broken (needs --reason, which is recorded).
    #[arg(long, requires = "reason")]
    pub force: bool,
    /// Why the roster is published with hard violations.
    #[arg(long)]
    pub reason: Option<String>,
    /// Who publishes (default: the OS user).
    #[arg(long)]
    pub by: Option<String>,
}

/// Publishes, refusing while hard violations remain unless forced.
pub fn run(cli: &Cli, args: &PublishArgs, out: &mut dyn Write) -> Result<(), CliError> {
    let station = load_station(cli)?;
    let start = Period::parse_iso_week(&args.period, 1)
        .ok_or_else(|| {
            CliError::Usage(format!(
                "{}: not an ISO week; write it like 2026-W49",
                args.period
            ))
        })?
        .start;
    let mut store = open_store(cli)?;
    let draft = store.latest_draft(start)?.ok_or_else(|| {
        StoreError::Refused(format!(
            "no saved draft starts on {start} ({}); make one with: duty plan --week {} --save",
            args.period, args.period
        ))
    })?;
    let weeks = ((draft.end - draft.start).num_days() as u32 + 1) / 7;
    let ctx = plan_context(&store, &station, Period { start, weeks }, false)?;
    let mut extended = ctx.start.clone();
    let roster = store.load_roster(&station, &draft)?;
    for s in 0..roster.staff {
        for d in 0..roster.days {
            extended.set(s, ctx.lead_days + d, roster.get(s, d));
        }
    }
    let report = judge(&station, &ctx, &extended, None);
    let hard: Vec<_> = report.hard().collect();
    if !hard.is_empty() && !args.force {
        let mut message = format!(
            "draft #{} breaks {} hard rule(s) with today's rules; not published. Fix them, or publish anyway with --force --reason TEXT:",
            draft.id,
            hard.len()
        );
        for v in hard.iter().take(10) {
            message.push_str(&format!("\n  [{}] {}", v.constraint, v.message));
        }
        return Err(StoreError::Refused(message).into());
    }
    let reason = if hard.is_empty() {
        None
    } else {
        args.reason.as_deref()
    };
    store.publish(&station, &draft, &operator(&args.by), reason)?;
    writeln!(
        out,
        "Published draft #{} ({} to {}), score {}{}.",
        draft.id,
        draft.start,
        draft.end,
        report.score,
        reason.map_or(String::new(), |r| format!(", forced: {r}"))
    )?;
    Ok(())
}
