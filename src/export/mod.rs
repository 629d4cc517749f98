//! Renderers of a roster for people and programs. Each writes to
//! `impl io::Write` (or returns text) and does nothing else: no solving, no
//! storage.

pub mod csv;
pub mod grid;
pub mod html;
pub mod ics;
pub mod json;
pub mod sheet;
pub mod text;
