//! TOML -> model. Files are read in two stages, as `raw` serde structs that
//! mirror the files and then validated into [`crate::model::Station`]; the
//! model never sees TOML. Every problem becomes a [`Diagnostic`] naming file,
//! line, column and key.

pub mod check;
pub mod diagnostic;
pub(crate) mod raw;
pub mod rules;
pub mod staff;

use std::fmt;
use std::path::{Path, PathBuf};

pub use diagnostic::{Diagnostic, SourceFile};

use crate::model::Station;
use check::Checker;
use raw::{RawRules, RawStaffFile};

/// The rules file's name inside a data folder.
pub const RULES_FILE: &str = "rules.toml";
/// The staff file's name inside a data folder.
pub const STAFF_FILE: &str = "staff.toml";

/// Why a station could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// A file could not be read at all.
    #[error("cannot read {}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// What the OS said.
        source: std::io::Error,
    },
    /// The files were read but are wrong.
    #[error("{}", Problems(.0))]
    Invalid(Vec<Diagnostic>),
}

struct Problems<'a>(&'a [Diagnostic]);

impl fmt::Display for Problems<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            writeln!(f, "{d}")?;
        }
        write!(f, "{} problem(s) found", self.0.len())
    }
}

/// Reads `rules.toml` and `staff.toml` from a data folder.
pub fn load_dir(dir: &Path) -> Result<Station, ConfigError> {
    let rules = read(&dir.join(RULES_FILE))?;
    let staff = read(&dir.join(STAFF_FILE))?;
    load_sources(&rules, &staff)
}

/// Validates the two files' contents; the paths are only for messages.
pub fn load_sources(rules: &SourceFile, staff: &SourceFile) -> Result<Station, ConfigError> {
    let raw_rules: RawRules = parse(rules)?;
    let raw_staff: RawStaffFile = parse(staff)?;

    let mut rules_check = Checker::new(rules);
    let station = rules::validate_rules(&mut rules_check, &raw_rules);
    let Some(mut station) = station else {
        return Err(ConfigError::Invalid(rules_check.diagnostics));
    };
    let mut staff_check = Checker::new(staff);
    staff::validate_staff(&mut staff_check, &raw_staff, &mut station);
    if !staff_check.diagnostics.is_empty() {
        return Err(ConfigError::Invalid(staff_check.diagnostics));
    }
    if !station
        .staff
        .iter()
        .enumerate()
        .any(|(i, _)| station.is_chief_eligible(i))
    {
        let watch = &raw_rules.chief_watch;
        let span = watch
            .get_ref()
            .ranks
            .first()
            .map_or(watch.span(), |r| r.span());
        rules_check.error(
            span,
            "ranks",
            "[chief_watch]",
            "no officer in staff.toml is eligible for the chief watch",
            Some("list a rank or skill that at least one officer holds".to_string()),
        );
        return Err(ConfigError::Invalid(rules_check.diagnostics));
    }
    Ok(station)
}

fn read(path: &Path) -> Result<SourceFile, ConfigError> {
    let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    Ok(SourceFile::new(path, text))
}

fn parse<T: serde::de::DeserializeOwned>(source: &SourceFile) -> Result<T, ConfigError> {
    toml::from_str(&source.text).map_err(|e| ConfigError::Invalid(vec![source.from_toml_error(&e)]))
}
