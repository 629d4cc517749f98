//! `duty`: rosters for a police station. The library holds every rule; the
//! `duty` binary and its terminal UI are thin shells over it.
//!
//! Data flows one way: TOML -> [`config`] -> [`model::Station`] ->
//! [`app`] (which asks the solver and the store) -> a roster with one
//! verdict -> [`export`] and the front ends. Another program uses the same
//! door the binary does: load a station with [`config::load_dir`], then
//! call the use cases in [`app`] (see `examples/solve.rs`).

#![warn(missing_docs)]

pub mod analysis;
pub mod app;
pub mod config;
pub mod export;
pub mod formats;
pub mod model;
pub mod solver;
pub mod store;

pub(crate) mod cli;
pub(crate) mod sample;
pub mod text;
pub(crate) mod tui;

/// Runs the `duty` command line (the binary's `main`) and returns its
/// exit code: 0 success, 1 failure, 2 bad input, 3 nothing published at
/// that moment, 4 hard rules broken.
pub fn main() -> std::process::ExitCode {
    cli::main()
}
