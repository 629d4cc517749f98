//! Who made a change and why, as typed: checked before anything is
//! written. The audit log is read by people who must be able to trust
//! it, so a reason must say something, and neither may carry a
//! character that would steer a terminal or forge a second line.

use super::AppError;
use crate::text::{describe, find_control};

/// The longest operator name kept.
const MAX_OPERATOR_CHARS: usize = 100;
/// The longest reason kept.
const MAX_REASON_CHARS: usize = 1000;

/// Refuses an operator name that is blank, too long or holds a control
/// character.
pub fn check_operator(operator: &str) -> Result<(), AppError> {
    check_words("the operator (--by)", operator, MAX_OPERATOR_CHARS)
}

/// Refuses a reason that says nothing (blank, or no letter or digit), is
/// too long or holds a control character (a line break would print as a
/// second, forged line of the audit log).
pub fn check_reason(reason: &str) -> Result<(), AppError> {
    check_words("the reason (--reason)", reason, MAX_REASON_CHARS)?;
    if !reason.chars().any(char::is_alphanumeric) {
        return Err(AppError::Invalid(format!(
            "the reason (--reason) \"{reason}\" says nothing; write why, in words"
        )));
    }
    Ok(())
}

fn check_words(what: &str, text: &str, max_chars: usize) -> Result<(), AppError> {
    if let Some((at, c)) = find_control(text) {
        return Err(AppError::Invalid(format!(
            "{what} holds a control character ({}) at character {at}; type it on one line, in plain text",
            describe(c)
        )));
    }
    if text.trim().is_empty() {
        return Err(AppError::Invalid(format!(
            "{what} is empty; it is recorded, so say it"
        )));
    }
    if text.chars().count() > max_chars {
        return Err(AppError::Invalid(format!(
            "{what} is longer than {max_chars} characters"
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reason_must_say_something_on_one_line() {
        assert!(check_reason("王伟 sick, called at 06:10").is_ok());
        for bad in [
            "",
            "   ",
            "...",
            "sick\n2026-12-03 by superintendent: fake",
            "x\u{1b}[2J",
        ] {
            assert!(check_reason(bad).is_err(), "{bad:?} accepted");
        }
        let message = check_reason("a\nb").unwrap_err().to_string();
        assert!(
            message.contains("U+000A") && message.contains("character 2"),
            "{message}"
        );
    }

    #[test]
    fn an_operator_is_a_plain_name() {
        assert!(check_operator("欧阳建国").is_ok());
        assert!(check_operator(" ").is_err());
        assert!(check_operator("sup\u{7}").is_err());
        assert!(check_operator(&"x".repeat(101)).is_err());
    }
}
