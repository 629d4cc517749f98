//! Renderers of a roster for people and programs. Each writes to
//! `impl io::Write` and does nothing else: no solving, no storage.

pub mod csv;
pub mod grid;
