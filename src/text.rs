//! Text a person typed, made safe for the reader it goes to. A name or a
//! reason is data: a character that a terminal, a spreadsheet or a calendar
//! would obey as a command must never reach it raw. Config and the CLI
//! refuse such characters at the door ([`find_control`]); everything that
//! leaves the program passes through one filter ([`ControlFilter`]) in case
//! an older database still holds them.

use std::borrow::Cow;
use std::io::{self, Write};

/// Characters that steer a reader rather than show as text: the C0 and C1
/// controls and DEL (escape sequences, carriage returns, bells), Unicode's
/// line and paragraph separators, and the bidirectional overrides and
/// isolates that make a line display in a different order than it reads.
pub fn is_steering(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{2028}' | '\u{2029}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// The first steering character in `text` and its position in characters
/// (1-based), for a message that says where it is.
pub fn find_control(text: &str) -> Option<(usize, char)> {
    text.chars()
        .enumerate()
        .find(|(_, c)| is_steering(*c))
        .map(|(i, c)| (i + 1, c))
}

/// How a steering character is named in a message (`U+001B`).
pub fn describe(c: char) -> String {
    format!("U+{:04X}", u32::from(c))
}

/// `text` with every steering character removed: for one field of an
/// export whose format has no way to carry it (an iCalendar name, a CSV
/// cell).
pub fn without_controls(text: &str) -> Cow<'_, str> {
    if text.chars().any(is_steering) {
        Cow::Owned(text.chars().filter(|c| !is_steering(*c)).collect())
    } else {
        Cow::Borrowed(text)
    }
}

/// A line of text for a terminal: steering characters shown as U+FFFD so
/// that the reader sees something was there, line breaks included.
pub fn for_terminal(text: &str) -> Cow<'_, str> {
    if text.chars().any(|c| c != '\n' && is_steering(c)) {
        Cow::Owned(
            text.chars()
                .map(|c| {
                    if c != '\n' && is_steering(c) {
                        '\u{FFFD}'
                    } else {
                        c
                    }
                })
                .collect(),
        )
    } else {
        Cow::Borrowed(text)
    }
}

/// A spreadsheet cell that cannot run as a formula: a value starting with
/// `=`, `+`, `-`, `@`, a tab or a carriage return is prefixed with an
/// apostrophe, as OWASP advises for CSV injection. Only text a person
/// typed goes through this; numbers and times the program wrote do not.
pub fn spreadsheet_cell(text: &str) -> Cow<'_, str> {
    let text = without_controls(text);
    match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => Cow::Owned(format!("'{text}")),
        _ => text,
    }
}

/// One word of a command line the reader may paste into a shell (a
/// reason in "Mend it with: duty replan ... --reason ..."): quoted so that
/// `$`, backquotes and quotes stay text and the pasted command runs as
/// shown, never a command hidden in what someone typed.
pub fn shell_word(text: &str) -> String {
    // Steering characters (NUL among them, the one shlex refuses) go.
    let text = without_controls(text);
    match shlex::try_quote(&text) {
        Ok(word) => word.into_owned(),
        Err(_) => format!("'{}'", text.replace('\'', r"'\''")),
    }
}

/// How many terminal cells `text` takes: a CJK character takes two, a
/// combining mark none. Every column of every table is measured this way,
/// so that 欧阳建国 lines up with Wang Wei.
pub fn width(text: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(text)
}

/// `text` made exactly `cells` wide: padded with spaces, or cut with an
/// ellipsis (`…`) when it does not fit, never splitting a wide character
/// (a space fills the cell it would have half-used).
pub fn fit(text: &str, cells: usize) -> String {
    let have = width(text);
    if have <= cells {
        let mut out = String::with_capacity(text.len() + cells - have);
        out.push_str(text);
        out.extend(std::iter::repeat_n(' ', cells - have));
        return out;
    }
    if cells == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + w > cells - 1 {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push('…');
    used += 1;
    out.extend(std::iter::repeat_n(' ', cells - used));
    out
}

/// `text` padded with spaces to at least `cells` wide, never cut: what
/// `{:<6}` does for ASCII, measured in cells, so that a code such as 夜
/// (two cells) lines up with CHIEF.
pub fn pad_to(text: &str, cells: usize) -> String {
    let have = width(text);
    format!("{text}{}", " ".repeat(cells.saturating_sub(have)))
}

/// A table column `cells` wide whose last cell stays blank, so that
/// neighbouring columns never touch: [`fit`] to one cell less, then a space.
pub fn column(text: &str, cells: usize) -> String {
    if cells == 0 {
        return String::new();
    }
    let mut out = fit(text, cells - 1);
    out.push(' ');
    out
}

/// `text` right-aligned in `cells` (cut like [`fit`] when too wide).
pub fn fit_right(text: &str, cells: usize) -> String {
    let have = width(text);
    if have >= cells {
        return fit(text, cells);
    }
    format!("{}{text}", " ".repeat(cells - have))
}

/// A count and its noun as a reader says them: "1 hard rule", "3 hard
/// rules", never "1 hard rule(s)". The nouns this program counts all take
/// a plain "s".
pub fn count<N: std::fmt::Display + PartialEq + From<u8>>(n: N, noun: &str) -> String {
    let plural = if n == N::from(1) { "" } else { "s" };
    format!("{n} {noun}{plural}")
}

/// "officer" or "officers" for a count: a message read by a duty manager
/// says "1 patrol officer", not "1 patrol officers" or "officer(s)".
pub fn officers<N: PartialEq + From<u8>>(n: N) -> &'static str {
    if n == N::from(1) {
        "officer"
    } else {
        "officers"
    }
}

/// A writer that lets no steering character through: every byte the CLI
/// prints, to a terminal or a file, goes through it. Line feeds, tabs and
/// form feeds (the text print's page breaks) pass; a carriage return
/// passes only as part of CRLF (iCalendar lines);
/// every other steering character becomes U+FFFD. Bytes that are not
/// UTF-8 become U+FFFD too (a raw 0x9B is a CSI to some terminals). A
/// character split across two writes is held until it is whole.
pub struct ControlFilter<W: Write> {
    inner: W,
    pending: Vec<u8>,
}

impl<W: Write> ControlFilter<W> {
    /// Wraps a writer.
    pub fn new(inner: W) -> Self {
        ControlFilter {
            inner,
            pending: Vec::new(),
        }
    }

    /// Writes out whatever is held back (an unfinished character becomes
    /// U+FFFD) and flushes: the end of the output.
    pub fn finish(&mut self) -> io::Result<()> {
        self.drain(true)?;
        self.inner.flush()
    }

    /// Filters and writes the pending bytes; unless `all`, keeps back an
    /// unfinished UTF-8 sequence and a trailing carriage return.
    fn drain(&mut self, all: bool) -> io::Result<()> {
        let keep = if all { 0 } else { held_back(&self.pending) };
        let cut = self.pending.len() - keep;
        if cut == 0 {
            return Ok(());
        }
        let text = String::from_utf8_lossy(&self.pending[..cut]);
        let mut out = String::with_capacity(text.len());
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '\n' | '\t' | '\x0c' => out.push(c),
                '\r' if chars.peek() == Some(&'\n') => out.push(c),
                c if is_steering(c) => out.push('\u{FFFD}'),
                c => out.push(c),
            }
        }
        self.inner.write_all(out.as_bytes())?;
        self.pending.drain(..cut);
        Ok(())
    }
}

/// How many bytes at the end of `bytes` must wait for the next write: an
/// unfinished UTF-8 sequence, or a carriage return whose line feed may
/// follow.
fn held_back(bytes: &[u8]) -> usize {
    if bytes.last() == Some(&b'\r') {
        return 1;
    }
    let tail = bytes.len().saturating_sub(3);
    for start in (tail..bytes.len()).rev() {
        let b = bytes[start];
        let width = match b {
            0xC0..=0xDF => 2,
            0xE0..=0xEF => 3,
            0xF0..=0xF7 => 4,
            0x80..=0xBF => continue,
            _ => return 0,
        };
        let have = bytes.len() - start;
        return if have < width { have } else { 0 };
    }
    0
}

impl<W: Write> Write for ControlFilter<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.pending.extend_from_slice(buf);
        self.drain(false)?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.drain(false)?;
        self.inner.flush()
    }
}

impl<W: Write> Drop for ControlFilter<W> {
    fn drop(&mut self) {
        let _ = self.drain(true);
        let _ = self.inner.flush();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_count_takes_its_noun_in_the_singular_only_for_one() {
        assert_eq!(count(1_usize, "hard rule"), "1 hard rule");
        assert_eq!(count(0_i64, "hard rule"), "0 hard rules");
        assert_eq!(count(3_u32, "change"), "3 changes");
        assert_eq!((officers(1_u32), officers(2_u32)), ("officer", "officers"));
    }

    #[test]
    fn padding_counts_cells_and_never_cuts() {
        assert_eq!(pad_to("夜", 6), "夜    ");
        assert_eq!(pad_to("CHIEF", 6), "CHIEF ");
        assert_eq!(width(&pad_to("夜", 6)), width(&pad_to("CHIEF", 6)));
        assert_eq!(pad_to("LONGCODE", 6), "LONGCODE");
    }

    #[test]
    fn a_shell_word_reads_back_as_the_text_typed() {
        for typed in [
            "phoned in sick",
            "发烧 <b>fever</b>",
            r#"said "ill" $HOME `reboot` $(rm -rf ~) \ 'x' ; | & > <"#,
            "",
            "欧阳建国's shift",
        ] {
            let word = shell_word(typed);
            assert_eq!(shlex::split(&word), Some(vec![typed.to_string()]), "{word}");
        }
        assert_eq!(
            shlex::split(&shell_word("a\u{1b}[31mred\0")),
            Some(vec!["a[31mred".to_string()])
        );
    }

    fn filtered(pieces: &[&[u8]]) -> String {
        let mut out = Vec::new();
        let mut filter = ControlFilter::new(&mut out);
        for piece in pieces {
            filter.write_all(piece).unwrap();
        }
        filter.finish().unwrap();
        drop(filter);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn escape_sequences_bells_and_lone_returns_do_not_pass() {
        let out = filtered(&[b"Wang\x1b]0;owned\x07 Wei\rfake\n"]);
        assert_eq!(out, "Wang\u{FFFD}]0;owned\u{FFFD} Wei\u{FFFD}fake\n");
    }

    #[test]
    fn crlf_passes_even_when_split_across_writes() {
        assert_eq!(
            filtered(&[b"BEGIN:VEVENT\r", b"\nEND"]),
            "BEGIN:VEVENT\r\nEND"
        );
        assert_eq!(filtered(&[b"a\r", b"b"]), "a\u{FFFD}b");
        assert_eq!(filtered(&[b"a\r"]), "a\u{FFFD}");
    }

    #[test]
    fn a_character_split_across_writes_is_kept_whole() {
        let name = "欧阳建国".as_bytes();
        assert_eq!(filtered(&[&name[..4], &name[4..]]), "欧阳建国");
        // U+009B (CSI) split across writes still does not pass.
        assert_eq!(filtered(&[b"x\xc2", b"\x9b2J"]), "x\u{FFFD}2J");
    }

    #[test]
    fn bidi_overrides_and_invalid_bytes_do_not_pass() {
        assert_eq!(filtered(&["a\u{202E}b".as_bytes()]), "a\u{FFFD}b");
        assert_eq!(filtered(&[b"a\x9bb"]), "a\u{FFFD}b");
    }

    #[test]
    fn formulas_are_neutralised_and_plain_names_kept() {
        assert_eq!(spreadsheet_cell("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(spreadsheet_cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(spreadsheet_cell("王伟"), "王伟");
        assert_eq!(spreadsheet_cell("Wang-Wei"), "Wang-Wei");
    }

    #[test]
    fn text_is_measured_and_cut_in_display_cells() {
        assert_eq!(width("欧阳建国"), 8);
        assert_eq!(fit("欧阳建国", 10), "欧阳建国  ");
        assert_eq!(fit("欧阳建国", 6), "欧阳… ");
        assert_eq!(width(&fit("欧阳建国", 6)), 6);
        assert_eq!(fit("Wang Wei", 6), "Wang …");
        assert_eq!(fit_right("7", 3), "  7");
        assert_eq!(fit("abc", 0), "");
    }

    #[test]
    fn controls_are_found_with_their_place() {
        assert_eq!(find_control("ab\u{1b}c"), Some((3, '\u{1b}')));
        assert_eq!(find_control("欧阳建国"), None);
        assert_eq!(describe('\u{1b}'), "U+001B");
    }
}
