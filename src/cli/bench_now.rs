//! `duty bench-now`: how fast "who is on duty now?" answers on a long
//! history. Builds a synthetic station of N officers with Y years of daily
//! published duties in a fresh database, then times whole `duty now`
//! processes (start-up, loading the station, the query, the output) and
//! reports the median.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use chrono::{Days, NaiveDate};
use clap::Args;

use super::CliError;
use crate::app::{self, Store};
use crate::config::{self, RULES_FILE, STAFF_FILE};
use crate::model::{Duty, Roster, Station};
use crate::sample::RULES_TOML;

/// Options of `duty bench-now`.
#[derive(Debug, Clone, Args)]
pub struct BenchNowArgs {
    /// Years of daily history.
    #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u32).range(1..=30))]
    pub years: u32,
    /// Officers.
    #[arg(long, default_value_t = 100, value_parser = clap::value_parser!(u32).range(10..=1000))]
    pub officers: u32,
    /// Timed runs of `duty now`.
    #[arg(long, default_value_t = 21, value_parser = clap::value_parser!(u32).range(1..=1000))]
    pub runs: u32,
    /// Folder for the synthetic station and database (default: a new temporary folder).
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

/// Builds the history (unless already there) and times `duty now`.
pub fn run(args: &BenchNowArgs, out: &mut dyn Write) -> Result<(), CliError> {
    let dir = args.dir.clone().unwrap_or_else(|| {
        std::env::temp_dir().join(format!("duty-bench-now-{}y-{}", args.years, args.officers))
    });
    std::fs::create_dir_all(&dir)
        .map_err(|e| CliError::Failed(format!("{}: {e}", dir.display())))?;
    let db = dir.join("history.db");
    write_station(&dir, args.officers)?;
    let station = config::load_dir(&dir)?;
    let first = NaiveDate::from_ymd_opt(2017, 1, 2).expect("a Monday");
    let days = (args.years as usize * 365) / 7 * 7;
    if !db.exists() {
        let started = Instant::now();
        build_history(&db, &station, first, days)?;
        writeln!(
            out,
            "built {} days x {} officers in {:.1} s",
            days,
            args.officers,
            started.elapsed().as_secs_f64()
        )?;
    }
    let at = first + Days::new(days as u64 - 100);
    let at = format!("{at} 02:30");
    let exe = std::env::current_exe().map_err(|e| CliError::Failed(e.to_string()))?;
    let times = time_runs(args.runs, || {
        let status = Command::new(&exe)
            .args(["now", "--at", &at, "--data"])
            .arg(&dir)
            .arg("--db")
            .arg(&db)
            .stdout(std::process::Stdio::null())
            .status()
            .map_err(|e| CliError::Failed(e.to_string()))?;
        if status.success() {
            Ok(())
        } else {
            Err(CliError::Failed(format!("duty now failed: {status}")))
        }
    })?;
    let times: Vec<f64> = times.iter().map(|t| t * 1000.0).collect();
    let median = times[times.len() / 2];
    writeln!(
        out,
        "duty now on {} years x {} officers ({} duties): median {median:.1} ms whole process over {} runs (min {:.1}, max {:.1})",
        args.years,
        args.officers,
        days * args.officers as usize * 5 / 7,
        args.runs,
        times[0],
        times[times.len() - 1]
    )?;
    Ok(())
}

/// Wall-clock seconds of `runs` runs of `run`, sorted (the median is in
/// the middle): the whole-process benchmarks' one timing loop.
pub(super) fn time_runs(
    runs: u32,
    mut run: impl FnMut() -> Result<(), CliError>,
) -> Result<Vec<f64>, CliError> {
    let mut times = Vec::with_capacity(runs as usize);
    for _ in 0..runs {
        let started = Instant::now();
        run()?;
        times.push(started.elapsed().as_secs_f64());
    }
    times.sort_by(f64::total_cmp);
    Ok(times)
}

pub(super) fn write_station(dir: &Path, officers: u32) -> Result<(), CliError> {
    let units = ["station", "patrol", "traffic", "cid"];
    let mut staff = String::new();
    for i in 0..officers {
        let rank = if i % 10 == 0 {
            "inspector"
        } else {
            "constable"
        };
        staff.push_str(&format!(
            "[[staff]]\nid = \"B{i:04}\"\nname = \"Officer {i}\"\nunit = \"{}\"\nrank = \"{rank}\"\nskills = [\"custody\", \"firearms\", \"detective\", \"pursuit\"]\ncontract = \"full_time\"\n\n",
            units[i as usize % 4]
        ));
    }
    let write = |name: &str, text: &str| {
        std::fs::write(dir.join(name), text)
            .map_err(|e| CliError::Failed(format!("{}: {e}", dir.join(name).display())))
    };
    write(RULES_FILE, RULES_TOML)?;
    write(STAFF_FILE, &staff)
}

/// Every officer works five days in seven on a shift of their unit; one
/// inspector keeps the chief watch each day.
pub(super) fn build_history(
    db: &Path,
    station: &Station,
    first: NaiveDate,
    days: usize,
) -> Result<(), CliError> {
    let mut roster = Roster::new(first, days, station.staff.len());
    let inspectors: Vec<usize> = (0..station.staff.len())
        .filter(|&s| station.is_chief_eligible(s))
        .collect();
    for s in 0..station.staff.len() {
        let shifts: Vec<usize> = (0..station.shifts.len())
            .filter(|&sh| station.can_work(s, sh))
            .collect();
        for d in 0..days {
            if (s + d) % 7 < 5 && !shifts.is_empty() {
                roster.set(s, d, Duty::Shift(shifts[(s / 4 + d / 7) % shifts.len()]));
            }
        }
    }
    for d in 0..days {
        roster.set(inspectors[d % inspectors.len()], d, Duty::Chief);
    }
    let mut store = Store::open(db)?;
    let save = app::SaveAs {
        rules_hash: "synthetic",
        saved_by: "bench",
        origin: "synthetic history of duty bench-now",
        unchanged_since: None,
    };
    app::save_draft(&mut store, station, &roster, &save)?;
    // Synthetic history makes no claim to legality: forced, with the reason.
    app::publish_week(
        &mut store,
        station,
        first,
        "bench",
        Some("synthetic history"),
    )?;
    Ok(())
}
