//! `duty import FILE.csv`: a roster kept in a spreadsheet (the months of
//! paper rosters before `duty`, or a week edited in a spreadsheet) saved
//! as a draft, judged as every draft is; `duty publish` makes it history.

use std::io::Write;
use std::path::PathBuf;

use clap::Args;

use super::{Cli, CliError, load_station, open_store, operator, rules_hash};
use crate::app;
use crate::export::grid::write_grid;
use crate::formats::roster_csv::read_roster_csv;

/// Options of `duty import`.
#[derive(Debug, Clone, Args)]
pub struct ImportArgs {
    /// The CSV: a header naming date, staff_id and duty, then a row per
    /// duty, as `duty print --format csv` writes it.
    #[arg(value_name = "FILE.csv")]
    pub file: PathBuf,
    /// Who saves the draft (default: the OS user).
    #[arg(long)]
    pub by: Option<String>,
}

/// Reads the file, saves it as a draft and prints its verdict; exits 4
/// when the roster breaks hard rules (it is saved, as `duty plan --save`
/// saves one, to be mended or published with a reason).
pub fn run(cli: &Cli, args: &ImportArgs, out: &mut dyn Write) -> Result<(), CliError> {
    let (source, gb18030) = crate::config::read_utf8_or_gb18030(&args.file)?;
    // A file with a fault leaves no trace, not even a new database.
    let station = load_station(cli)?;
    let read = read_roster_csv(&source.text, &station).map_err(|faults| {
        let lines: Vec<String> = faults
            .iter()
            .map(|f| format!("{}:{}: {}", args.file.display(), f.line, f.message))
            .collect();
        CliError::Usage(format!("{}\nnothing was saved", lines.join("\n")))
    })?;
    let (hash, by) = (rules_hash(cli), operator(&args.by)?);
    let mut store = open_store(cli)?;
    let station = app::with_recorded_absences(station, &store)?;
    let origin = format!(
        "imported from {}{}",
        args.file.display(),
        if gb18030 { " (GB18030)" } else { "" }
    );
    let save = app::SaveAs {
        rules_hash: &hash,
        saved_by: &by,
        origin: &origin,
        unchanged_since: None,
    };
    let saved = app::save_draft(&mut store, &station, &read.roster, &save)?;
    let period = read.period;
    writeln!(
        out,
        "{}: {} from {} ({} to {}, {})",
        station.name,
        crate::text::count(read.rows, "row"),
        args.file.display(),
        period.start,
        period.end(),
        crate::text::count(period.weeks, "week")
    )?;
    if gb18030 {
        writeln!(
            out,
            "(read as GB18030/GBK, not UTF-8: the encoding Excel saves Chinese text in)"
        )?;
    }
    write_grid(&station, &read.roster, out)?;
    writeln!(out)?;
    let hard: Vec<_> = saved.report.hard().collect();
    writeln!(out, "Score: {}", saved.report.score)?;
    writeln!(out, "Hard violations: {}", hard.len())?;
    for v in &hard {
        writeln!(out, "  [{}] {}", v.constraint, v.message)?;
    }
    super::publish::write_ahead(&saved.ahead, out)?;
    let publish = if hard.is_empty() {
        format!("duty publish {}", period.label())
    } else {
        format!(
            "duty publish {} --force --reason TEXT, or mend it in the editor (duty --week {} --weeks {})",
            period.label(),
            period.label(),
            period.weeks
        )
    };
    writeln!(
        out,
        "Saved as draft #{} in {}; publish it with: {publish}",
        saved.id,
        store.path().display()
    )?;
    if !saved.report.score.is_feasible() {
        return Err(CliError::Infeasible(hard.len()));
    }
    Ok(())
}
