//! `duty bench-check`: how `duty check` grows with the size of a station.
//! Writes synthetic stations of the sizes asked for (every tenth officer
//! on leave, every twentieth with a request) and times whole `duty check`
//! processes, so that a step that is quadratic in the number of officers
//! shows as a time per thousand officers that grows with the size.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};

use clap::Args;

use super::CliError;
use super::bench_now::{time_runs, write_station};
use crate::config::STAFF_FILE;

/// Options of `duty bench-check`.
#[derive(Debug, Clone, Args)]
pub struct BenchCheckArgs {
    /// Station sizes, in officers.
    #[arg(long, value_delimiter = ',', default_values_t = [10_000, 40_000, 100_000], value_parser = clap::value_parser!(u32).range(10..=200_000))]
    pub officers: Vec<u32>,
    /// Timed runs of `duty check` per size.
    #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u32).range(1..=100))]
    pub runs: u32,
    /// Folder for the synthetic stations (default: a new temporary folder).
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

/// Writes each station and times `duty check` on it.
pub fn run(args: &BenchCheckArgs, out: &mut dyn Write) -> Result<(), CliError> {
    let root = args
        .dir
        .clone()
        .unwrap_or_else(|| std::env::temp_dir().join("duty-bench-check"));
    let exe = std::env::current_exe().map_err(|e| CliError::Failed(e.to_string()))?;
    for &officers in &args.officers {
        let dir = root.join(officers.to_string());
        std::fs::create_dir_all(&dir)
            .map_err(|e| CliError::Failed(format!("{}: {e}", dir.display())))?;
        write_station(&dir, officers)?;
        append_leave_and_requests(&dir, officers)?;
        let times = time_runs(args.runs, || {
            let status = Command::new(&exe)
                .args(["check", "--week", "2026-W49", "--data"])
                .arg(&dir)
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
                .map_err(|e| CliError::Failed(e.to_string()))?;
            // 0: valid; 4: valid, with shortfalls reported.
            if matches!(status.code(), Some(0 | 4)) {
                Ok(())
            } else {
                Err(CliError::Failed(format!(
                    "duty check failed on {}: {status}",
                    dir.display()
                )))
            }
        })?;
        let median = times[times.len() / 2];
        writeln!(
            out,
            "duty check, {officers} officers: median {median:.2} s whole process over {} runs ({:.1} ms per 1000 officers; min {:.2}, max {:.2})",
            args.runs,
            median * 1000.0 / (f64::from(officers) / 1000.0),
            times[0],
            times[times.len() - 1]
        )?;
    }
    Ok(())
}

/// Leave for every tenth officer and a request from every twentieth: the
/// tables whose references to officers must be found by index.
fn append_leave_and_requests(dir: &std::path::Path, officers: u32) -> Result<(), CliError> {
    let path = dir.join(STAFF_FILE);
    let mut staff = std::fs::read_to_string(&path)
        .map_err(|e| CliError::Failed(format!("{}: {e}", path.display())))?;
    for i in (0..officers).step_by(10) {
        staff.push_str(&format!(
            "[[leave]]\nstaff = \"B{i:04}\"\nfrom = 2026-12-01\nto = 2026-12-03\nkind = \"annual\"\n\n"
        ));
    }
    for i in (5..officers).step_by(20) {
        staff.push_str(&format!(
            "[[request]]\nstaff = \"B{i:04}\"\ndate = 2026-12-05\nwant = \"off\"\n\n"
        ));
    }
    std::fs::write(&path, staff).map_err(|e| CliError::Failed(format!("{}: {e}", path.display())))
}
