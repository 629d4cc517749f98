//! The small checks every validator shares: resolving a code to an index,
//! spotting duplicates, and reading times, lengths and dates. Each check
//! records a diagnostic and returns `None` rather than stopping, so one run
//! reports every problem in a file.

use std::collections::HashMap;
use std::ops::Range;

use chrono::{NaiveDate, NaiveTime};
use toml::Spanned;

use super::diagnostic::{Diagnostic, SourceFile};
use super::raw::{RawDate, Text};
use crate::model::Named;

/// The longest a shift or watch may be.
pub const MAX_LENGTH_MINUTES: u32 = 24 * 60;

/// Collects diagnostics for one file.
pub struct Checker<'a> {
    /// The file being checked.
    pub source: &'a SourceFile,
    /// Everything found so far.
    pub diagnostics: Vec<Diagnostic>,
}

impl<'a> Checker<'a> {
    /// Starts checking a file.
    pub fn new(source: &'a SourceFile) -> Self {
        Checker {
            source,
            diagnostics: Vec::new(),
        }
    }

    /// Records a problem at a span.
    pub fn error(
        &mut self,
        span: Range<usize>,
        key: &str,
        context: &str,
        message: impl Into<String>,
        hint: impl Into<Option<String>>,
    ) {
        let diagnostic = self.source.diagnostic(span, key, message, hint.into());
        let diagnostic = if context.is_empty() {
            diagnostic
        } else {
            diagnostic.in_context(context)
        };
        self.diagnostics.push(diagnostic);
    }

    /// Resolves a reference to a unit, rank, skill, contract or shift.
    pub fn resolve(
        &mut self,
        codes: &[&str],
        what: &str,
        reference: &Text,
        key: &str,
        context: &str,
    ) -> Option<usize> {
        let found = codes
            .iter()
            .position(|c| *c == reference.get_ref().as_str());
        if found.is_none() {
            self.error(
                reference.span(),
                key,
                context,
                format!("unknown {what} \"{}\"", reference.get_ref()),
                Some(format!(
                    "the {what} codes defined in rules.toml are: {}",
                    codes.join(", ")
                )),
            );
        }
        found
    }

    /// Resolves a reference to an officer by id through an index of every
    /// id: a station may have many thousands, so neither the lookup nor the
    /// message may list or scan them all.
    pub fn resolve_id(
        &mut self,
        ids: &HashMap<&str, usize>,
        reference: &Text,
        key: &str,
        context: &str,
    ) -> Option<usize> {
        let found = ids.get(reference.get_ref().as_str()).copied();
        if found.is_none() {
            self.error(
                reference.span(),
                key,
                context,
                format!("no officer has the id \"{}\"", reference.get_ref()),
                Some("use an `id` from a [[staff]] table in staff.toml".to_string()),
            );
        }
        found
    }

    /// Resolves a reference that may be absent: `Some(None)` when it is
    /// absent, `None` when it names nothing.
    pub fn resolve_optional(
        &mut self,
        codes: &[&str],
        what: &str,
        reference: Option<&Text>,
        key: &str,
        context: &str,
    ) -> Option<Option<usize>> {
        match reference {
            None => Some(None),
            Some(r) => self.resolve(codes, what, r, key, context).map(Some),
        }
    }

    /// Resolves a list of references, keeping the ones that exist.
    pub fn resolve_all(
        &mut self,
        codes: &[&str],
        what: &str,
        references: &[Text],
        key: &str,
        context: &str,
    ) -> Vec<usize> {
        references
            .iter()
            .filter_map(|r| self.resolve(codes, what, r, key, context))
            .collect()
    }

    /// Reports every code that appears twice in one table.
    pub fn unique<'t>(
        &mut self,
        codes: impl IntoIterator<Item = &'t Text>,
        key: &str,
        table: &str,
    ) {
        let mut seen: HashMap<&str, usize> = HashMap::new();
        for code in codes {
            let (first_line, _) = self.source.line_column(code.span().start);
            if let Some(line) = seen.insert(code.get_ref(), first_line) {
                self.error(
                    code.span(),
                    key,
                    table,
                    format!("duplicate {key} \"{}\"", code.get_ref()),
                    Some(format!(
                        "it is already used on line {line}; each {key} must be unique"
                    )),
                );
            }
        }
    }

    /// Reads a local time written `HH:MM`.
    pub fn time(&mut self, raw: &Text, key: &str, context: &str) -> Option<NaiveTime> {
        let parsed = NaiveTime::parse_from_str(raw.get_ref(), "%H:%M").ok();
        if parsed.is_none() {
            self.error(
                raw.span(),
                key,
                context,
                format!("\"{}\" is not a time of day", raw.get_ref()),
                Some("write a 24-hour local time such as \"07:00\" or \"22:30\"".to_string()),
            );
        }
        parsed
    }

    /// Reads a length such as `8h`, `8h30m` or `45m`, at most 24 hours.
    pub fn length(&mut self, raw: &Text, key: &str, context: &str) -> Option<u32> {
        let hint = "write hours and minutes such as \"8h\", \"8h30m\" or \"24h\"".to_string();
        match parse_length(raw.get_ref()) {
            None => {
                let message = format!("\"{}\" is not a length", raw.get_ref());
                self.error(raw.span(), key, context, message, Some(hint));
                None
            }
            Some(0) => {
                self.error(
                    raw.span(),
                    key,
                    context,
                    "a length must be more than zero",
                    Some(hint),
                );
                None
            }
            Some(minutes) if minutes > MAX_LENGTH_MINUTES => {
                self.error(
                    raw.span(),
                    key,
                    context,
                    format!("\"{}\" is longer than 24 h", raw.get_ref()),
                    Some("split it into two shifts of at most 24 h".to_string()),
                );
                None
            }
            Some(minutes) => Some(minutes),
        }
    }

    /// Reads a calendar date.
    pub fn date(&mut self, raw: &Spanned<RawDate>, key: &str, context: &str) -> Option<NaiveDate> {
        let text = match raw.get_ref() {
            RawDate::Native(datetime) => datetime.to_string(),
            RawDate::Text(text) => text.clone(),
        };
        let parsed = NaiveDate::parse_from_str(&text, "%Y-%m-%d").ok();
        if parsed.is_none() {
            self.error(
                raw.span(),
                key,
                context,
                format!("\"{text}\" is not a calendar date"),
                Some("write a date such as 2026-12-01 (year-month-day)".to_string()),
            );
        }
        parsed
    }

    /// Requires a table to have at least one entry.
    pub fn non_empty<T>(&mut self, list: &[T], table: &str) {
        if list.is_empty() {
            self.error(
                0..0,
                table,
                "",
                format!("no [[{table}]] is defined"),
                Some(format!(
                    "add at least one [[{table}]] table (see docs/CONFIG.md)"
                )),
            );
        }
    }
}

/// Parses `8h`, `8h30m`, `45m` into minutes.
pub fn parse_length(text: &str) -> Option<u32> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    let (hours, rest) = match text.split_once('h') {
        Some((h, rest)) => (h.parse::<u32>().ok()?, rest),
        None => (0, text),
    };
    let minutes = match rest {
        "" => 0,
        m => {
            let m = m.strip_suffix('m')?.parse::<u32>().ok()?;
            if m >= 60 && hours > 0 {
                return None;
            }
            m
        }
    };
    hours.checked_mul(60)?.checked_add(minutes)
}

/// The codes of a list of named things, for resolving references.
pub fn codes(named: &[Named]) -> Vec<&str> {
    named.iter().map(|n| n.code.as_str()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lengths() {
        assert_eq!(parse_length("8h"), Some(480));
        assert_eq!(parse_length("8h30m"), Some(510));
        assert_eq!(parse_length("45m"), Some(45));
        assert_eq!(parse_length("24h"), Some(1440));
        assert_eq!(parse_length("8"), None);
        assert_eq!(parse_length("8h75m"), None);
        assert_eq!(parse_length("h"), None);
        assert_eq!(parse_length(""), None);
    }
}
