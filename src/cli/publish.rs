//! `duty publish PERIOD`: make the saved draft of a week the roster in force.

use std::io::Write;

use clap::Args;

use super::{Cli, CliError, open_desk, operator, parse_week};
use crate::app;

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
    let start = parse_week(&args.period, 1)?.start;
    let (station, mut store) = open_desk(cli)?;
    let reason = args.reason.as_deref().filter(|_| args.force);
    let published = app::publish_week(&mut store, &station, start, &operator(&args.by)?, reason)?;
    writeln!(
        out,
        "Published draft #{} ({} to {}), score {}{}.",
        published.draft.id,
        published.draft.start,
        published.draft.end,
        published.report.score,
        published
            .forced
            .map_or(String::new(), |r| format!(", forced: {r}"))
    )?;
    write_ahead(&published.ahead, out)
}

/// Weekends after a roster that it leaves uncoverable, under a heading
/// that says they are not this roster's fault but its consequence.
pub(super) fn write_ahead(ahead: &[app::Finding], out: &mut dyn Write) -> Result<(), CliError> {
    if !ahead.is_empty() {
        writeln!(
            out,
            "Warning: with this roster in force, the weeks after it cannot be covered legally:"
        )?;
        for f in ahead {
            writeln!(out, "  {}", f.message)?;
        }
    }
    Ok(())
}
