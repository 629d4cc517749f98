//! `duty bench-tui`: how fast the roster editor draws and starts. Builds a
//! synthetic station (N officers, a year of published history) in a
//! temporary folder, then times (1) drawing one frame of a W-week grid,
//! the cursor moving between frames so every frame differs, and (2) the
//! start-up path of `duty` up to its first frame: reading the station's
//! files, opening the database, loading the weeks and the fairness
//! history, building the app and drawing. Reports medians.

use std::io::Write;
use std::path::PathBuf;
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

use chrono::{Days, NaiveDate};
use clap::Args;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use super::CliError;
use super::bench::median;
use super::bench_now::{build_history, write_station};
use crate::app::{self, Context, Opened, SearchLimits, Store};
use crate::config;
use crate::model::Period;
use crate::tui::app::{App, Message, WeekData};
use crate::tui::keys::Action;
use crate::tui::{start, view};

/// Options of `duty bench-tui`.
#[derive(Debug, Clone, Args)]
pub struct BenchTuiArgs {
    /// Officers in the synthetic station.
    #[arg(long, default_value_t = 60, value_parser = clap::value_parser!(u32).range(10..=1000))]
    pub officers: u32,
    /// Weeks in the grid.
    #[arg(long, default_value_t = 4, value_parser = clap::value_parser!(u32).range(1..=8))]
    pub weeks: u32,
    /// Frames drawn per screen size.
    #[arg(long, default_value_t = 501, value_parser = clap::value_parser!(u32).range(1..=100_000))]
    pub frames: u32,
    /// Start-ups timed.
    #[arg(long, default_value_t = 21, value_parser = clap::value_parser!(u32).range(1..=1000))]
    pub runs: u32,
    /// Folder for the synthetic station and database (default: a new temporary folder).
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

/// Builds the station and times frames and start-ups.
pub fn run(args: &BenchTuiArgs, out: &mut dyn Write) -> Result<(), CliError> {
    match &args.dir {
        Some(dir) => measure(args, dir.clone(), out),
        None => {
            let dir = std::env::temp_dir().join(format!("duty-bench-tui-{}", std::process::id()));
            let result = measure(args, dir.clone(), out);
            let _ = std::fs::remove_dir_all(&dir);
            result
        }
    }
}

fn measure(args: &BenchTuiArgs, dir: PathBuf, out: &mut dyn Write) -> Result<(), CliError> {
    std::fs::create_dir_all(&dir)
        .map_err(|e| CliError::Failed(format!("{}: {e}", dir.display())))?;
    write_station(&dir, args.officers)?;
    let station = config::load_dir(&dir)?;
    let history_start = NaiveDate::from_ymd_opt(2025, 12, 1).expect("a Monday");
    let history_days = 52 * 7;
    let db = dir.join("history.db");
    if !db.exists() {
        build_history(&db, &station, history_start, history_days)?;
    }
    let period = Period {
        start: history_start + Days::new(history_days as u64),
        weeks: args.weeks,
    };

    // A solved roster to draw: what a manager looks at after `s`.
    let limits = SearchLimits {
        max_moves: Some(200_000),
        ..SearchLimits::default()
    };
    let context = Context::detached(&station, period);
    let solved = app::solve(
        &station,
        &context,
        None,
        limits,
        &AtomicBool::new(false),
        &mut |_, _| {},
    )?;
    let opened = Opened::detached(&station, solved.roster);
    let week = WeekData::from_opened(&station, opened);
    let app = App::new(station, week);
    writeln!(
        out,
        "duty bench-tui: {} officers, {}-week grid ({} days), {} frames per size",
        args.officers,
        args.weeks,
        period.len_days(),
        args.frames
    )?;
    for (width, height) in [(80, 24), (160, 48), (240, 64)] {
        let mut times = frame_times(app.clone(), width, height, args.frames)?;
        let p95 = percentile(&mut times, 0.95);
        writeln!(
            out,
            "  frame {width}x{height}: median {:.3} ms, p95 {p95:.3} ms",
            median(&mut times)
        )?;
    }

    let mut startups = Vec::new();
    for _ in 0..args.runs {
        let started = Instant::now();
        let station = config::load_dir(&dir)?;
        let store = Store::open(&db)?;
        let app = start(station, &store, period)?;
        draw(&app, &mut terminal(160, 48)?)?;
        startups.push(ms(started.elapsed()));
    }
    writeln!(
        out,
        "  start-up to first frame (files, database, {} weeks + a year of history, app, 160x48 frame): median {:.1} ms over {} runs",
        args.weeks,
        median(&mut startups),
        args.runs
    )?;
    writeln!(
        out,
        "  (in process: the process start itself is measured by `duty bench-now`)"
    )?;
    Ok(())
}

/// Times `frames` draws, the cursor stepping across and down the grid
/// between them.
fn frame_times(mut app: App, width: u16, height: u16, frames: u32) -> Result<Vec<f64>, CliError> {
    let mut terminal = terminal(width, height)?;
    let mut times = Vec::with_capacity(frames as usize);
    for i in 0..frames {
        let step = if i % 2 == 0 {
            Action::Right
        } else {
            Action::Down
        };
        app.update(Message::Key(step));
        if app.cursor.1 + 1 == app.roster.days {
            app.cursor.1 = 0;
        }
        if app.cursor.0 + 1 == app.rows.len() {
            app.cursor.0 = 0;
        }
        let started = Instant::now();
        draw(&app, &mut terminal)?;
        times.push(ms(started.elapsed()));
    }
    Ok(times)
}

fn terminal(width: u16, height: u16) -> Result<Terminal<TestBackend>, CliError> {
    Terminal::new(TestBackend::new(width, height)).map_err(|e| CliError::Failed(e.to_string()))
}

fn draw(app: &App, terminal: &mut Terminal<TestBackend>) -> Result<(), CliError> {
    terminal
        .draw(|frame| view::draw(app, frame))
        .map(|_| ())
        .map_err(|e| CliError::Failed(e.to_string()))
}

fn ms(elapsed: Duration) -> f64 {
    elapsed.as_secs_f64() * 1000.0
}

/// The value below which `share` of the values fall (nearest rank).
fn percentile(values: &mut [f64], share: f64) -> f64 {
    values.sort_by(f64::total_cmp);
    let rank = ((values.len() as f64 * share).ceil() as usize).clamp(1, values.len());
    values[rank - 1]
}

#[cfg(test)]
mod tests {
    #[test]
    fn percentile_by_nearest_rank() {
        let mut values: Vec<f64> = (1..=20).map(f64::from).collect();
        assert_eq!(super::percentile(&mut values, 0.95), 19.0);
        assert_eq!(super::percentile(&mut [5.0], 0.95), 5.0);
    }
}
