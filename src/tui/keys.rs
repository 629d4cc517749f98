//! Key bindings as data: one table that `update`, the help overlay and the
//! footer all read, so they cannot disagree.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// Everything a key can ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Move the cursor up one officer.
    Up,
    /// Move the cursor down one officer.
    Down,
    /// Move the cursor one day left.
    Left,
    /// Move the cursor one day right.
    Right,
    /// Open the duty picker on the cell (or choose in a list).
    Enter,
    /// Mark a cell to swap, then swap with the second cell marked.
    Swap,
    /// Pin or unpin the cell.
    Pin,
    /// Solve around the pins.
    Solve,
    /// Show the violations list.
    Violations,
    /// Show the fairness charts.
    Fairness,
    /// Show who is on duty now.
    Now,
    /// Previous week.
    PrevWeek,
    /// Next week.
    NextWeek,
    /// Undo the last edit.
    Undo,
    /// Redo.
    Redo,
    /// Publish (after a confirmation).
    Publish,
    /// Quit (asks first when there are unsaved edits).
    Quit,
    /// Show or hide help.
    Help,
    /// Close a screen, cancel a solve.
    Back,
    /// Answer yes in a confirmation.
    Yes,
    /// Answer no in a confirmation.
    No,
}

/// (key, modifiers, action, label for help and footer).
pub const KEYMAP: &[(KeyCode, KeyModifiers, Action, &str)] = &[
    (KeyCode::Up, KeyModifiers::NONE, Action::Up, "up"),
    (KeyCode::Char('k'), KeyModifiers::NONE, Action::Up, "up"),
    (KeyCode::Down, KeyModifiers::NONE, Action::Down, "down"),
    (KeyCode::Char('j'), KeyModifiers::NONE, Action::Down, "down"),
    (
        KeyCode::Left,
        KeyModifiers::NONE,
        Action::Left,
        "previous day",
    ),
    (
        KeyCode::Char('h'),
        KeyModifiers::NONE,
        Action::Left,
        "previous day",
    ),
    (
        KeyCode::Right,
        KeyModifiers::NONE,
        Action::Right,
        "next day",
    ),
    (
        KeyCode::Char('l'),
        KeyModifiers::NONE,
        Action::Right,
        "next day",
    ),
    (
        KeyCode::Enter,
        KeyModifiers::NONE,
        Action::Enter,
        "pick a duty / jump",
    ),
    (
        KeyCode::Char('x'),
        KeyModifiers::NONE,
        Action::Swap,
        "swap two cells",
    ),
    (
        KeyCode::Char(' '),
        KeyModifiers::NONE,
        Action::Pin,
        "pin / unpin",
    ),
    (
        KeyCode::Char('s'),
        KeyModifiers::NONE,
        Action::Solve,
        "solve around pins",
    ),
    (
        KeyCode::Char('v'),
        KeyModifiers::NONE,
        Action::Violations,
        "violations",
    ),
    (
        KeyCode::Char('f'),
        KeyModifiers::NONE,
        Action::Fairness,
        "fairness",
    ),
    (
        KeyCode::Char('n'),
        KeyModifiers::NONE,
        Action::Now,
        "on duty now",
    ),
    (
        KeyCode::Char('['),
        KeyModifiers::NONE,
        Action::PrevWeek,
        "previous week",
    ),
    (
        KeyCode::Char(']'),
        KeyModifiers::NONE,
        Action::NextWeek,
        "next week",
    ),
    (KeyCode::Char('u'), KeyModifiers::NONE, Action::Undo, "undo"),
    (
        KeyCode::Char('r'),
        KeyModifiers::CONTROL,
        Action::Redo,
        "redo",
    ),
    (
        KeyCode::Char('P'),
        KeyModifiers::SHIFT,
        Action::Publish,
        "publish",
    ),
    (
        KeyCode::Char('P'),
        KeyModifiers::NONE,
        Action::Publish,
        "publish",
    ),
    (KeyCode::Char('q'), KeyModifiers::NONE, Action::Quit, "quit"),
    (KeyCode::Char('?'), KeyModifiers::NONE, Action::Help, "help"),
    (
        KeyCode::Char('?'),
        KeyModifiers::SHIFT,
        Action::Help,
        "help",
    ),
    (
        KeyCode::Esc,
        KeyModifiers::NONE,
        Action::Back,
        "back / cancel",
    ),
    (KeyCode::Char('y'), KeyModifiers::NONE, Action::Yes, "yes"),
    (KeyCode::Char('N'), KeyModifiers::SHIFT, Action::No, "no"),
];

/// The action a key press asks for, if any.
pub fn action_for(key: KeyEvent) -> Option<Action> {
    KEYMAP
        .iter()
        .find(|(code, mods, _, _)| *code == key.code && *mods == key.modifiers)
        .map(|(_, _, action, _)| *action)
}

/// A key's name for help and footer.
pub fn key_name(code: KeyCode, mods: KeyModifiers) -> String {
    let base = match code {
        KeyCode::Up => "↑".to_string(),
        KeyCode::Down => "↓".to_string(),
        KeyCode::Left => "←".to_string(),
        KeyCode::Right => "→".to_string(),
        KeyCode::Enter => "Enter".to_string(),
        KeyCode::Esc => "Esc".to_string(),
        KeyCode::Char(' ') => "space".to_string(),
        KeyCode::Char(c) => c.to_string(),
        other => format!("{other:?}"),
    };
    if mods.contains(KeyModifiers::CONTROL) {
        format!("Ctrl-{base}")
    } else {
        base
    }
}

/// One line per action for the help overlay: keys joined, then the label.
pub fn help_lines() -> Vec<(String, &'static str)> {
    let mut lines: Vec<(String, &'static str)> = Vec::new();
    for (code, mods, action, label) in KEYMAP {
        if matches!(action, Action::Yes | Action::No) {
            continue;
        }
        let name = key_name(*code, *mods);
        match lines.iter_mut().find(|(_, l)| l == label) {
            Some((keys, _)) if !keys.split('/').any(|k| k == name) => {
                keys.push('/');
                keys.push_str(&name);
            }
            Some(_) => {}
            None => lines.push((name, label)),
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vim_and_arrow_keys_agree_and_help_lists_both() {
        let k = KeyEvent::new(KeyCode::Char('k'), KeyModifiers::NONE);
        let up = KeyEvent::new(KeyCode::Up, KeyModifiers::NONE);
        assert_eq!(action_for(k), action_for(up));
        let help = help_lines();
        assert!(
            help.iter()
                .any(|(keys, label)| keys == "↑/k" && *label == "up")
        );
        assert!(help.iter().any(|(keys, _)| keys == "Ctrl-r"));
    }
}
