//! `duty absent`: record an absence on the day (a sick call). The officer
//! comes off every published duty in it, and every later plan, re-plan,
//! print and "who is on now" treats them as away. The gaps it leaves are
//! listed, with the re-plan that mends them.

use std::io::Write;

use clap::Args;

use super::changes::{officer, report};
use super::{Cli, CliError, open_desk, operator, parse_date};
use crate::app::{self, ChangeRequest};
use crate::model::{Leave, LeaveKind};

/// Options of `duty absent`.
#[derive(Debug, Clone, Args)]
pub struct AbsentArgs {
    /// The officer's id.
    pub staff: String,
    /// First day away, such as 2026-12-03.
    #[arg(long)]
    pub from: String,
    /// Last day away (default: the first).
    #[arg(long)]
    pub to: Option<String>,
    /// Why away: sick, annual, training or medical.
    #[arg(long, default_value = "sick")]
    pub kind: String,
    /// What happened, such as "phoned in sick" (recorded in the audit log).
    #[arg(long)]
    pub reason: String,
    /// Who records it (default: the OS user).
    #[arg(long)]
    pub by: Option<String>,
}

/// Records the absence and says what it leaves uncovered.
pub fn run(cli: &Cli, args: &AbsentArgs, out: &mut dyn Write) -> Result<(), CliError> {
    let (station, mut store) = open_desk(cli)?;
    let staff = officer(&station, &args.staff)?;
    let from = parse_date("--from", &args.from)?;
    let to = match &args.to {
        Some(text) => parse_date("--to", text)?,
        None => from,
    };
    let kind = LeaveKind::parse(&args.kind).ok_or_else(|| {
        CliError::Usage(format!(
            "--kind {}: not a kind of absence; use one of {}",
            args.kind,
            LeaveKind::NAMES
        ))
    })?;
    let by = operator(&args.by)?;
    let request = ChangeRequest {
        operator: &by,
        reason: &args.reason,
        force: true,
    };
    let leave = Leave {
        staff,
        from,
        to,
        kind,
    };
    let changed = app::record_absence(&mut store, &station, leave.clone(), &request)?;
    writeln!(
        out,
        "{} ({}) recorded absent ({}) from {from} to {to}.",
        station.staff[staff].name,
        station.staff[staff].id,
        kind.as_str()
    )?;
    if changed.judged.broken.is_empty() {
        report(&station, &changed, out)?;
    } else {
        let mut changed = changed;
        let broken = std::mem::take(&mut changed.judged.broken);
        report(&station, &changed, out)?;
        writeln!(out, "Now broken ({}):", broken.len())?;
        for v in &broken {
            writeln!(out, "  [{}] {}", v.constraint, v.message)?;
        }
        if let Some((first, last)) = app::mend_window(&broken) {
            writeln!(
                out,
                "Mend it with: duty replan --from {first} --to {last} --reason {}",
                crate::text::shell_word(&args.reason)
            )?;
        }
    }
    for draft in app::drafts_on_leave(&store, &station, &leave)? {
        let days: Vec<String> = draft.days.iter().map(ToString::to_string).collect();
        let weeks = ((draft.end - draft.start).num_days() + 1) / 7;
        writeln!(
            out,
            "Draft #{} ({} to {}) has {} on duty on {}: publish refuses it; plan it again with duty plan --week {} --weeks {weeks} --save",
            draft.id,
            draft.start,
            draft.end,
            station.staff[staff].name,
            days.join(", "),
            crate::model::calendar::iso_week_label(draft.start),
        )?;
    }
    Ok(())
}
