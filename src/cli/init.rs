//! `duty init DIR`: a new station folder from the sample, never overwriting.

use std::fs::{self, OpenOptions};
use std::io::Write;
use std::path::Path;

use super::CliError;
use crate::config::{RULES_FILE, STAFF_FILE};
use crate::sample::{RULES_TOML, STAFF_TOML};

/// Writes the sample files, refusing if either already exists.
pub fn run(dir: &Path, out: &mut dyn Write) -> Result<(), CliError> {
    let files = [(RULES_FILE, RULES_TOML), (STAFF_FILE, STAFF_TOML)];
    for (name, _) in files {
        let path = dir.join(name);
        if path.exists() {
            return Err(CliError::Failed(format!(
                "{} already exists; not overwriting it (choose an empty folder)",
                path.display()
            )));
        }
    }
    fs::create_dir_all(dir)
        .map_err(|e| CliError::Failed(format!("cannot create {}: {e}", dir.display())))?;
    for (name, text) in files {
        let path = dir.join(name);
        let mut file = OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .map_err(|e| CliError::Failed(format!("cannot create {}: {e}", path.display())))?;
        file.write_all(text.as_bytes())
            .map_err(|e| CliError::Failed(format!("cannot write {}: {e}", path.display())))?;
    }
    writeln!(out, "Wrote the sample station to {}.", dir.display())?;
    writeln!(
        out,
        "Next: duty check --data {}",
        crate::text::shell_word(&dir.to_string_lossy())
    )?;
    Ok(())
}
