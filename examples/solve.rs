//! Another program using `duty` as a library: load the sample station,
//! solve one week from scratch and print its verdict.
//!
//!     cargo run --release --example solve [DATA_DIR] [YYYY-Www]

use std::sync::atomic::AtomicBool;

use dutyroster::app::{self, Context, SearchLimits};
use dutyroster::config;
use dutyroster::model::Period;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let data = args.next().unwrap_or_else(|| "data".to_string());
    let week = args.next().unwrap_or_else(|| "2026-W49".to_string());
    let station = config::load_dir(std::path::Path::new(&data))?;
    let period = Period::parse_iso_week(&week, 1).ok_or("write the week like 2026-W49")?;
    // No database: nothing published around the week, no fairness history.
    let context = Context::detached(&station, period);
    let limits = SearchLimits {
        seed: 1,
        max_moves: Some(2_000_000),
        ..SearchLimits::default()
    };
    let solved = app::solve(
        &station,
        &context,
        None,
        limits,
        &AtomicBool::new(false),
        &mut |_, _| {},
    )?;
    println!(
        "{}: {} solved in {:.2} s, score {} ({} hard violation(s))",
        station.name,
        period.label(),
        solved.progress.elapsed.as_secs_f64(),
        solved.report.score,
        solved.report.hard().count()
    );
    for v in solved.report.hard() {
        println!("  [{}] {}", v.constraint, v.message);
    }
    Ok(())
}
