//! The command line: clap definitions and dispatch. Each subcommand lives in
//! its own file and only turns library results into text and exit codes.

mod absent;
mod bench;
mod bench_check;
mod bench_fairness;
mod bench_now;
mod bench_tui;
mod changes;
mod check;
mod history;
mod import;
mod init;
mod now;
mod output;
mod plan;
mod print;
mod publish;
mod replan;

use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use chrono::{Datelike, NaiveDate};
use clap::{Args, Parser, Subcommand};

use crate::app::{self, AppError, Store, StoreError, station_today};
use crate::config::{self, ConfigError};
use crate::model::{Period, Station};
use crate::text::{self, ControlFilter};
use crate::tui::commands::Session;

/// Rosters for a police station: shifts, chief officer on duty, cross-training.
#[derive(Debug, Parser)]
#[command(name = "duty", version, about)]
pub struct Cli {
    /// Folder holding rules.toml and staff.toml.
    #[arg(long, global = true, default_value = "data", value_name = "DIR")]
    pub data: PathBuf,

    /// The history database (default: $DUTY_DB, else duty.db in the platform's data folder).
    #[arg(long, global = true, env = "DUTY_DB", value_name = "FILE")]
    pub db: Option<PathBuf>,

    /// Week the TUI opens on (default: next week).
    #[arg(long, value_name = "YYYY-Www")]
    pub week: Option<String>,

    /// Weeks the TUI shows side by side.
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=8))]
    pub weeks: u32,

    /// What to do; without one, the full-screen roster editor opens.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// One job of the tool.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate rules.toml and staff.toml and summarise the station and its capacity.
    Check(PeriodArgs),
    /// Plan a roster for one or more weeks and explain what it breaks.
    Plan(plan::PlanArgs),
    /// Publish the saved draft of a period (an ISO week such as 2026-W49).
    Publish(publish::PublishArgs),
    /// Save a roster kept in a spreadsheet (CSV, as `duty print --format csv` writes it) as a draft: past paper rosters, so fairness counts them.
    Import(import::ImportArgs),
    /// Swap two officers' duties on one published day.
    Swap(changes::SwapArgs),
    /// Put an officer on a duty (a shift code, CHIEF, or off) on one published day.
    Assign(changes::AssignArgs),
    /// Record an absence on the day (a sick call): the officer comes off every published duty then.
    Absent(absent::AbsentArgs),
    /// Re-plan days of a published roster around a sick call, moving as few officers as possible.
    Replan(replan::ReplanArgs),
    /// List published and draft rosters and every change, with who and why.
    History(history::HistoryArgs),
    /// Nights, weekend days, holiday days and chief watches per officer, from history.
    Fairness(history::FairnessArgs),
    /// Who is on duty now (or at --at): the chief officer, each running shift, the next handover.
    Now(now::NowArgs),
    /// Print a roster: text for paper, HTML, CSV, iCalendar or JSON.
    Print(print::PrintArgs),
    /// Measure the solver: time to the first feasible roster and moves per second.
    Bench(bench::BenchArgs),
    /// Measure `duty check` on large synthetic stations (whole-process median per size).
    BenchCheck(bench_check::BenchCheckArgs),
    /// Measure `duty now` on years of synthetic history (whole-process median).
    BenchNow(bench_now::BenchNowArgs),
    /// Measure the roster editor: one frame of a large grid, and start-up to the first frame.
    BenchTui(bench_tui::BenchTuiArgs),
    /// Write the sample station into DIR (refuses to overwrite).
    Init {
        /// Folder to create or fill.
        dir: PathBuf,
    },
}

/// Which weeks a command looks at.
#[derive(Debug, Clone, Args)]
pub struct PeriodArgs {
    /// First ISO week, such as 2026-W49 (default: next week).
    #[arg(long, value_name = "YYYY-Www")]
    pub week: Option<String>,
    /// First ISO week, the same as --week, written as `duty publish` and
    /// `duty print` take it (`duty plan 2026-W50`).
    #[arg(value_name = "YYYY-Www", conflicts_with = "week")]
    pub first_week: Option<String>,
    /// Number of weeks.
    #[arg(long, default_value_t = 4, value_parser = clap::value_parser!(u32).range(1..=52))]
    pub weeks: u32,
}

/// How a command failed, which decides the exit code.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// The station's files are wrong (exit 2).
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// An argument is wrong (exit 2).
    #[error("{0}")]
    Usage(String),
    /// Anything else (exit 1).
    #[error("{0}")]
    Failed(String),
    /// The history database refused or failed (exit 1).
    #[error(transparent)]
    Store(#[from] StoreError),
    /// No published roster covers the moment asked about (exit 3).
    #[error("{0}")]
    NotCovered(String),
    /// The station's staff cannot meet its cover rules in the weeks
    /// checked, whatever the roster (exit 4).
    #[error(
        "cover can never be met: {} listed above; no roster of these weeks can keep the hard rules", crate::text::count(*.0, "shortfall")
    )]
    CannotBeMet(usize),
    /// The roster found still breaks hard rules (exit 4).
    #[error("the roster breaks {}; see the explanation above", crate::text::count(*.0, "hard rule"))]
    Infeasible(usize),
    /// A use case refused or failed (a roster or change that breaks hard
    /// rules: exit 4; a bad argument: exit 2; else 1).
    #[error(transparent)]
    App(AppError),
    /// Writing output failed.
    #[error(transparent)]
    Io(#[from] io::Error),
    /// The roster editor could not run (exit 1).
    #[error(transparent)]
    Tui(#[from] crate::tui::TuiError),
}

impl CliError {
    fn exit_code(&self) -> u8 {
        match self {
            CliError::Config(ConfigError::Invalid(_) | ConfigError::Refused { .. })
            | CliError::Usage(_) => 2,
            CliError::Infeasible(_)
            | CliError::CannotBeMet(_)
            | CliError::App(AppError::BreaksHardRules { .. }) => 4,
            CliError::App(AppError::Invalid(_)) => 2,
            CliError::NotCovered(_) => 3,
            _ => 1,
        }
    }
}

impl From<AppError> for CliError {
    fn from(e: AppError) -> Self {
        match e {
            AppError::Store(e) => CliError::Store(e),
            other => CliError::App(other),
        }
    }
}

/// Parses the command line, runs it and turns the outcome into an exit code.
/// Everything printed, report and error alike, passes through one filter
/// for control characters: a name or reason is shown, never obeyed.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // clap echoes the argument it refuses: filter it like any output.
            let text = e.render().to_string();
            let text = text::for_terminal(&text);
            // A reader gone (`duty --help | head -1`) is not a panic.
            let _ = if e.use_stderr() {
                write!(io::stderr(), "{text}")
            } else {
                write!(io::stdout(), "{text}")
            };
            return ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(2));
        }
    };
    let stdout = io::stdout();
    let mut out = ControlFilter::new(output::ReaderMayLeave::new(stdout.lock()));
    match run(&cli, &mut out).and_then(|()| Ok(out.finish()?)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            let _ = out.finish();
            warn(&e.to_string());
            ExitCode::from(e.exit_code())
        }
    }
}

/// Writes a line to stderr through the control filter. A reader that
/// has gone (`duty check 2>&1 | head -1`) loses the rest of the line;
/// it must not turn the command's exit code into a panic's.
pub(crate) fn warn(line: &str) {
    let _ = writeln!(io::stderr(), "{}", text::for_terminal(line));
}

/// Runs one parsed command, writing its report to `out`.
pub fn run(cli: &Cli, out: &mut dyn Write) -> Result<(), CliError> {
    let Some(command) = &cli.command else {
        return open_tui(cli);
    };
    match command {
        Command::Check(period) => check::run(cli, period, out),
        Command::Plan(args) => plan::run(cli, args, out),
        Command::Bench(args) => bench::run(cli, args, out),
        Command::Print(args) => print::run(cli, args, out),
        Command::BenchNow(args) => bench_now::run(args, out),
        Command::BenchCheck(args) => bench_check::run(args, out),
        Command::BenchTui(args) => bench_tui::run(args, out),
        Command::Publish(args) => publish::run(cli, args, out),
        Command::Import(args) => import::run(cli, args, out),
        Command::Swap(args) => changes::swap(cli, args, out),
        Command::Assign(args) => changes::assign(cli, args, out),
        Command::Absent(args) => absent::run(cli, args, out),
        Command::Replan(args) => replan::run(cli, args, out),
        Command::History(args) => history::history(cli, args, out),
        Command::Fairness(args) => history::fairness(cli, args, out),
        Command::Now(args) => now::run(cli, args, out),
        Command::Init { dir } => init::run(dir, out),
    }
}

/// Opens the full-screen editor on a week.
fn open_tui(cli: &Cli) -> Result<(), CliError> {
    let station = load_station(cli)?;
    let args = PeriodArgs {
        week: cli.week.clone(),
        first_week: None,
        weeks: cli.weeks,
    };
    let period = args.resolve(station_today(&station))?;
    let store = open_store(cli)?;
    let station = app::with_recorded_absences(station, &store)?;
    let session = Session {
        operator: operator(&None)?,
        rules_hash: rules_hash(cli),
        ..Default::default()
    };
    Ok(crate::tui::run(station, store, period, session)?)
}

/// Loads the station from the `--data` folder.
fn load_station(cli: &Cli) -> Result<Station, CliError> {
    Ok(config::load_dir(&cli.data)?)
}

/// The history database named by `--db`, `DUTY_DB` or the platform default.
fn db_path(cli: &Cli) -> Result<PathBuf, CliError> {
    match &cli.db {
        Some(path) => Ok(path.clone()),
        None => directories::ProjectDirs::from("", "", "duty")
            .map(|dirs| dirs.data_dir().join("duty.db"))
            .ok_or_else(|| {
                CliError::Failed("no home folder to keep the database in; pass --db FILE".into())
            }),
    }
}

/// Opens the history database for a command that writes. The platform's
/// default folder is made on first use; a folder named with `--db` must
/// exist (a mistyped path is an error, not a new empty database).
fn open_store(cli: &Cli) -> Result<Store, CliError> {
    let path = db_path(cli)?;
    Ok(match cli.db {
        Some(_) => Store::open(&path)?,
        None => Store::open_creating_folder(&path)?,
    })
}

/// The station and the database opened for reading only: for the commands
/// anyone may run (`now`, `history`, `print`, `fairness`), which work on a
/// file they cannot write.
fn open_reader(cli: &Cli) -> Result<(Station, Store), CliError> {
    reader_for(cli, load_station(cli)?)
}

/// [`open_reader`] for a station already loaded (to check arguments that
/// need it before the database is touched).
fn reader_for(cli: &Cli, station: Station) -> Result<(Station, Store), CliError> {
    let store = Store::open_read_only(&db_path(cli)?)?;
    let station = app::with_recorded_absences(station, &store)?;
    Ok((station, store))
}

/// The station and the database, with the absences recorded in the
/// database added to the station's leave: what every command that reads
/// or writes rosters starts from.
fn open_desk(cli: &Cli) -> Result<(Station, Store), CliError> {
    let station = load_station(cli)?;
    let store = open_store(cli)?;
    let station = app::with_recorded_absences(station, &store)?;
    Ok((station, store))
}

/// Parses an ISO week argument.
fn parse_week(text: &str, weeks: u32) -> Result<Period, CliError> {
    Period::parse_iso_week(text, weeks)
        .ok_or_else(|| CliError::Usage(format!("{text}: not an ISO week; write it like 2026-W49")))
}

/// Who is making a change: `--by`, else `$DUTY_OPERATOR`, else the login
/// name. A name given on purpose is checked (refused with a clear message
/// if it is blank or holds a control character); a login name that would
/// not pass is recorded as "unknown".
fn operator(by: &Option<String>) -> Result<String, CliError> {
    if let Some(name) = by {
        app::check_operator(name)?;
        return Ok(name.clone());
    }
    if let Ok(name) = std::env::var("DUTY_OPERATOR") {
        app::check_operator(&name).map_err(|e| CliError::Usage(format!("$DUTY_OPERATOR: {e}")))?;
        return Ok(name);
    }
    Ok(["USER", "USERNAME"]
        .iter()
        .filter_map(|var| std::env::var(var).ok())
        .find(|name| app::check_operator(name).is_ok())
        .unwrap_or_else(|| "unknown".to_string()))
}

/// A fingerprint of the station's files, stored with each roster so that a
/// later reader can tell the rules changed since (FNV-1a, 64 bits).
fn rules_hash(cli: &Cli) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for name in [config::RULES_FILE, config::STAFF_FILE] {
        for byte in std::fs::read(cli.data.join(name)).unwrap_or_default() {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("{hash:016x}")
}

/// A search limit in seconds (`--seconds`, `--unimproved`): a positive,
/// finite number up to a day, refused by clap before any work.
fn seconds(text: &str) -> Result<f64, String> {
    let value: f64 = text
        .trim()
        .parse()
        .map_err(|_| format!("{text}: not a number of seconds"))?;
    if value.is_finite() && value > 0.0 && value <= MAX_SECONDS {
        Ok(value)
    } else {
        Err(format!(
            "{text}: give a number of seconds above 0 and at most 86400 (a day)"
        ))
    }
}

/// How long a search may run. A move limit is asked for to get the same
/// roster on every run and machine, so the clock must not cut it short on
/// a slow or busy machine: with `--moves` and no `--seconds` only the
/// one-day cap of `--seconds` holds.
fn search_time(seconds: Option<f64>, default: f64, moves: Option<u64>) -> Duration {
    let seconds = match (seconds, moves) {
        (Some(s), _) => s,
        (None, Some(_)) => MAX_SECONDS,
        (None, None) => default,
    };
    Duration::from_secs_f64(seconds)
}

/// The longest search `--seconds` accepts: a day.
const MAX_SECONDS: f64 = 86_400.0;

/// The most moves a search may be asked for (`--moves`): hours of work at
/// any speed, and far from overflowing a counter.
const MAX_MOVES: u64 = 1_000_000_000_000;

/// Parses a date argument.
fn parse_date(flag: &str, text: &str) -> Result<NaiveDate, CliError> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .ok()
        .filter(|d| Period::YEARS.contains(&d.year()))
        .ok_or_else(|| {
            CliError::Usage(format!(
                "{flag} {text}: not a date from {} to {}; write it like 2026-12-03",
                Period::YEARS.start(),
                Period::YEARS.end()
            ))
        })
}

impl PeriodArgs {
    /// The period asked for; without `--week`, the week after `today`.
    fn resolve(&self, today: NaiveDate) -> Result<Period, CliError> {
        match (&self.week, &self.first_week) {
            (Some(text), _) | (None, Some(text)) => parse_week(text, self.weeks).map_err(|_| {
                let flag = if self.week.is_some() { "--week " } else { "" };
                CliError::Usage(format!(
                    "{flag}{text}: not an ISO week; write it like 2026-W49"
                ))
            }),
            (None, None) => Ok(Period::starting_week_of(
                today + chrono::Days::new(7),
                self.weeks,
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_move_limit_is_not_cut_short_by_the_default_clock() {
        let day = Duration::from_secs_f64(MAX_SECONDS);
        assert_eq!(search_time(None, 10.0, Some(1000)), day);
        assert_eq!(search_time(None, 10.0, None), Duration::from_secs(10));
        assert_eq!(
            search_time(Some(2.5), 10.0, Some(1000)),
            Duration::from_secs_f64(2.5),
            "a limit the user gave holds"
        );
    }
}
