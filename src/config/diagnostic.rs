//! Messages that point a duty manager at the exact place to fix: file, line,
//! column, the key, what is wrong and a hint. Nothing here panics on odd
//! input; a span past the end of the file is clamped.

use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};

/// A config file's text, kept so that byte spans can become lines and
/// columns. Where each line starts is found once, so that finding the
/// place of any number of diagnostics stays linear in the file's size.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The path as the user gave it, shown in messages.
    pub path: PathBuf,
    /// The file's contents.
    pub text: String,
    /// Byte offset of the start of every line.
    line_starts: Vec<usize>,
}

/// One problem found in a config file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The file, as the user named it.
    pub file: PathBuf,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// The TOML key at fault.
    pub key: String,
    /// Which table entry, such as `[[staff]] #4`, when it helps.
    pub context: Option<String>,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub hint: Option<String>,
    /// The offending line of the file, for display.
    pub snippet: String,
}

impl SourceFile {
    /// Wraps a file's text for diagnostics.
    pub fn new(path: &Path, text: String) -> Self {
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        SourceFile {
            path: path.to_path_buf(),
            text,
            line_starts,
        }
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_column(&self, offset: usize) -> (usize, usize) {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line_starts.partition_point(|&start| start <= offset);
        let line_start = self.line_starts[line - 1];
        let column = self.text[line_start..offset].chars().count() + 1;
        (line, column)
    }

    /// The text of a 1-based line, without its line break.
    pub fn line_text(&self, line: usize) -> &str {
        let Some(&start) = self.line_starts.get(line.saturating_sub(1)) else {
            return "";
        };
        let end = self
            .line_starts
            .get(line)
            .map_or(self.text.len(), |&next| next);
        self.text[start..end].trim_end_matches(['\n', '\r'])
    }

    /// Builds a diagnostic at a span of this file.
    pub fn diagnostic(
        &self,
        span: Range<usize>,
        key: &str,
        message: impl Into<String>,
        hint: Option<String>,
    ) -> Diagnostic {
        let (line, column) = self.line_column(span.start);
        Diagnostic {
            file: self.path.clone(),
            line,
            column,
            key: key.to_string(),
            context: None,
            message: message.into(),
            hint,
            snippet: self.line_text(line).to_string(),
        }
    }

    /// Turns a TOML syntax or type error into a diagnostic that names the key.
    pub fn from_toml_error(&self, error: &toml::de::Error) -> Diagnostic {
        let span = error.span().unwrap_or(0..0);
        let message = error.message().trim().to_string();
        let (line, _) = self.line_column(span.start);
        let key = quoted_key(&message)
            .or_else(|| key_on_line(self.line_text(line)))
            .unwrap_or_default();
        let hint = if message.starts_with("unknown field") {
            Some("check the spelling; every key is listed in docs/CONFIG.md".to_string())
        } else if message.starts_with("missing field") {
            Some(format!(
                "add `{key} = ...` to this table (see docs/CONFIG.md)"
            ))
        } else if message.starts_with(super::raw::PLAIN_REFUSED) {
            Some(format!(
                "write `{key}` as plain text on one line, with no escapes such as \\n or \\u001b"
            ))
        } else if message.starts_with("invalid type") || message.starts_with("invalid value") {
            Some(format!(
                "`{key}` has the wrong type; docs/CONFIG.md shows an example"
            ))
        } else {
            Some("this is not valid TOML; see https://toml.io for the syntax".to_string())
        };
        self.diagnostic(span, &key, message, hint)
    }
}

/// The first name in backticks in a serde message ("unknown field `x`").
fn quoted_key(message: &str) -> Option<String> {
    let wanted = [
        "unknown field",
        "missing field",
        "duplicate key",
        "duplicate field",
    ];
    if !wanted.iter().any(|w| message.starts_with(w)) {
        return None;
    }
    let start = message.find('`')? + 1;
    let len = message[start..].find('`')?;
    Some(message[start..start + len].to_string())
}

/// The key assigned on a line (`key = value`) or the table a header opens.
fn key_on_line(line: &str) -> Option<String> {
    let trimmed = line.trim();
    if let Some(header) = trimmed.strip_prefix('[') {
        let name = header.trim_start_matches('[');
        let end = name.find(']').unwrap_or(name.len());
        return Some(name[..end].trim().to_string());
    }
    let (key, _) = trimmed.split_once('=')?;
    Some(key.trim().trim_matches('"').to_string())
}

impl Diagnostic {
    /// Adds which table entry the problem is in.
    pub fn in_context(mut self, context: impl Into<String>) -> Self {
        self.context = Some(context.into());
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "error: {}:{}:{}: key `{}`",
            self.file.display(),
            self.line,
            self.column,
            self.key
        )?;
        if let Some(context) = &self.context {
            write!(f, " in {context}")?;
        }
        writeln!(f, ": {}", self.message)?;
        let gutter = self.line.to_string().len();
        writeln!(f, "{:gutter$} |", "")?;
        writeln!(f, "{} | {}", self.line, self.snippet)?;
        writeln!(
            f,
            "{:gutter$} | {}^",
            "",
            " ".repeat(self.column.saturating_sub(1))
        )?;
        if let Some(hint) = &self.hint {
            write!(f, "{:gutter$} = hint: {hint}", "")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(text: &str) -> SourceFile {
        SourceFile::new(Path::new("rules.toml"), text.to_string())
    }

    #[test]
    fn line_and_column_count_characters() {
        let file = source("a = 1\nname = \"Zhāng\"\nx = 2\n");
        assert_eq!(file.line_column(0), (1, 1));
        assert_eq!(file.line_column(6), (2, 1));
        let x = file.text.find('x').unwrap();
        assert_eq!(file.line_column(x), (3, 1));
        assert_eq!(file.line_column(10_000).0, 4);
    }

    #[test]
    fn key_is_found_from_message_or_line() {
        assert_eq!(
            quoted_key("unknown field `nme`, expected one of"),
            Some("nme".into())
        );
        assert_eq!(quoted_key("invalid type: string"), None);
        assert_eq!(key_on_line("  min = \"two\""), Some("min".into()));
        assert_eq!(key_on_line("[[staff]]"), Some("staff".into()));
    }

    #[test]
    fn display_names_file_line_column_key_and_hint() {
        let file = source("[station]\nname = 3\n");
        let d = file
            .diagnostic(17..18, "name", "expected a string", Some("quote it".into()))
            .in_context("[station]");
        let text = d.to_string();
        assert!(
            text.starts_with("error: rules.toml:2:8: key `name` in [station]: expected a string")
        );
        assert!(text.contains("2 | name = 3"));
        assert!(text.contains("hint: quote it"));
    }
}
