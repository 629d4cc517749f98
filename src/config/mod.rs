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
    /// A file that is not one to read: a pipe, a device, too large, not
    /// UTF-8 (bad input, like a wrong value: exit 2).
    #[error("cannot read {}: {why}", path.display())]
    Refused {
        /// The file.
        path: PathBuf,
        /// Why it is not read.
        why: String,
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
        write!(f, "{} found", crate::text::count(self.0.len(), "problem"))
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
    // A station without a watch has nobody to make eligible.
    if let Some(watch) = &raw_rules.chief_watch
        && !(0..station.staff.len()).any(|i| station.is_chief_eligible(i))
    {
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

/// The largest config file read: room for a station of 100 000 officers
/// several times over, and a stop for a file that never ends (a link to
/// `/dev/zero`).
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// Reads a config file, refusing before reading anything that is not a
/// regular file (a FIFO would block forever, a device never end) or is
/// larger than [`MAX_FILE_BYTES`]. Other input files (a benchmark
/// instance) are read the same way.
pub fn read(path: &Path) -> Result<SourceFile, ConfigError> {
    read_as(path, false).map(|(source, _)| source)
}

/// [`read`], taking text that is not UTF-8 as GB18030 (which includes
/// GBK): what Excel on a Chinese Windows saves a CSV in. Returns whether
/// it did, so the caller can say so. A file that is neither is refused.
pub fn read_utf8_or_gb18030(path: &Path) -> Result<(SourceFile, bool), ConfigError> {
    read_as(path, true)
}

/// [`read`], and with `gb18030` [`read_utf8_or_gb18030`]: the text, and
/// whether it was decoded from GB18030.
fn read_as(path: &Path, gb18030: bool) -> Result<(SourceFile, bool), ConfigError> {
    use std::io::Read;
    let io = |source: std::io::Error| ConfigError::Io {
        path: path.to_path_buf(),
        source,
    };
    let refuse = |why: String| ConfigError::Refused {
        path: path.to_path_buf(),
        why,
    };
    let meta = std::fs::metadata(path).map_err(io)?;
    if !meta.is_file() {
        return Err(refuse(
            "not a regular file (a folder, pipe or device)".into(),
        ));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(refuse(format!(
            "{} bytes, more than the {} MiB a station's file may have",
            meta.len(),
            MAX_FILE_BYTES / 1024 / 1024
        )));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    std::fs::File::open(path)
        .map_err(io)?
        .take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(io)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(refuse(format!(
            "grew past {} MiB while being read",
            MAX_FILE_BYTES / 1024 / 1024
        )));
    }
    let (text, decoded) = match (String::from_utf8(bytes), gb18030) {
        (Ok(text), _) => (text, false),
        (Err(e), true) => {
            let bad = e.utf8_error().valid_up_to();
            let text = encoding_rs::GB18030
                .decode_without_bom_handling_and_without_replacement(e.as_bytes())
                .ok_or_else(|| {
                    refuse(format!(
                        "neither UTF-8 (bad byte at offset {bad}) nor GB18030/GBK text; save it as UTF-8"
                    ))
                })?
                .into_owned();
            (text, true)
        }
        (Err(e), false) => {
            return Err(refuse(format!(
                "not UTF-8 text (bad byte at offset {}); save it as UTF-8",
                e.utf8_error().valid_up_to()
            )));
        }
    };
    Ok((SourceFile::new(path, text), decoded))
}

fn parse<T: serde::de::DeserializeOwned>(source: &SourceFile) -> Result<T, ConfigError> {
    toml::from_str(&source.text).map_err(|e| ConfigError::Invalid(vec![source.from_toml_error(&e)]))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Excel on a Chinese Windows saves a CSV in GBK: read as such, and
    /// said; UTF-8 stays UTF-8; bytes that are neither are refused.
    #[test]
    fn a_file_saved_in_gbk_is_read_as_gb18030_and_said_so() {
        let dir = tempfile::tempdir().unwrap();
        let write = |name: &str, bytes: &[u8]| {
            let path = dir.path().join(name);
            std::fs::write(&path, bytes).unwrap();
            path
        };
        let text = "date,staff_id,staff_name,duty\n2026-12-07,ST01,欧阳建国,早\n";
        let (gbk, _, unmappable) = encoding_rs::GB18030.encode(text);
        assert!(!unmappable);
        assert!(std::str::from_utf8(&gbk).is_err(), "GBK is not UTF-8");
        let (source, decoded) = read_utf8_or_gb18030(&write("gbk.csv", &gbk)).unwrap();
        assert_eq!((source.text.as_str(), decoded), (text, true));
        let (source, decoded) = read_utf8_or_gb18030(&write("utf8.csv", text.as_bytes())).unwrap();
        assert_eq!((source.text.as_str(), decoded), (text, false));
        let neither = read_utf8_or_gb18030(&write("bad.csv", b"date\n\xff\xff\xff")).unwrap_err();
        assert!(neither.to_string().contains("neither UTF-8"), "{neither}");
        // Config files stay UTF-8 only.
        assert!(read(&write("gbk.toml", &gbk)).is_err());
    }
}
