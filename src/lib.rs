//! `duty`: rosters for a police station. The library holds every rule; the
//! `duty` binary and its terminal UI are thin shells over it.
//!
//! Data flows one way: TOML -> [`config`] -> [`model::Station`] -> analysis
//! and solving -> output. Nothing downstream reaches back upstream.

pub mod analysis;
pub mod cli;
pub mod config;
pub mod export;
pub mod model;
pub mod planning;
pub mod sample;
pub mod solver;
pub mod store;
pub mod tui;
