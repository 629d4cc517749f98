//! Key bindings as data: one table that the event loop, the help overlay
//! and the footer all read, so they cannot disagree. Nothing here knows
//! what an action does; `app::App::update` decides that.

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
    /// Show the record of the weeks shown: rosters, changes, absences.
    History,
    /// Previous week.
    PrevWeek,
    /// Next week.
    NextWeek,
    /// Undo the last edit.
    Undo,
    /// Redo.
    Redo,
    /// Save the roster as a draft.
    Save,
    /// Publish (after a confirmation).
    Publish,
    /// Record the officer under the cursor absent (sick) that day.
    Absent,
    /// Quit (asks first when there are unsaved edits).
    Quit,
    /// Show or hide help.
    Help,
    /// Close a screen, cancel a solve.
    Back,
    /// Re-plan the published day under the cursor (after a sick call),
    /// the changes shown before they are recorded.
    Replan,
    /// Load the weeks shown again from the database (asks first with
    /// unsaved edits): after another editor saved them.
    Reload,
    /// Answer yes in a confirmation (any other key answers no).
    Yes,
    /// Find an officer by a piece of their name or id.
    Search,
    /// The next officer the search matches (in a list: the next filter).
    NextMatch,
    /// The previous officer the search matches.
    PrevMatch,
    /// Show only one unit's or skill's officers, in turn, then all.
    Filter,
    /// A page up (grid and every list).
    PageUp,
    /// A page down.
    PageDown,
    /// The first officer, the top of a list.
    Top,
    /// The last officer, the bottom of a list.
    Bottom,
}

/// One key press: a code and its modifiers.
type Key = (KeyCode, KeyModifiers);

const fn plain(c: char) -> Key {
    (KeyCode::Char(c), KeyModifiers::NONE)
}

const fn shifted(c: char) -> Key {
    (KeyCode::Char(c), KeyModifiers::SHIFT)
}

/// An action with the keys that ask for it. The first key is the one the
/// footer shows; bindings that share a footer word are shown together
/// ("hjkl move").
#[derive(Debug, Clone, Copy)]
pub struct Binding {
    /// What the keys ask for.
    pub action: Action,
    /// Every key press that asks for it (terminals differ on SHIFT).
    pub keys: &'static [Key],
    /// What the help overlay says.
    pub help: &'static str,
    /// The footer's word for it, when the footer has room for it.
    pub footer: Option<&'static str>,
}

const fn bind(
    action: Action,
    keys: &'static [Key],
    help: &'static str,
    footer: Option<&'static str>,
) -> Binding {
    Binding {
        action,
        keys,
        help,
        footer,
    }
}

/// Every binding, in the order help and footer list them.
pub const BINDINGS: &[Binding] = &[
    bind(
        Action::Left,
        &[plain('h'), (KeyCode::Left, KeyModifiers::NONE)],
        "previous day",
        Some("move"),
    ),
    bind(
        Action::Down,
        &[plain('j'), (KeyCode::Down, KeyModifiers::NONE)],
        "next officer",
        Some("move"),
    ),
    bind(
        Action::Up,
        &[plain('k'), (KeyCode::Up, KeyModifiers::NONE)],
        "previous officer",
        Some("move"),
    ),
    bind(
        Action::Right,
        &[plain('l'), (KeyCode::Right, KeyModifiers::NONE)],
        "next day",
        Some("move"),
    ),
    bind(
        Action::Enter,
        &[(KeyCode::Enter, KeyModifiers::NONE)],
        "pick a duty / choose / jump to the cell",
        Some("pick"),
    ),
    bind(Action::Swap, &[plain('x')], "swap two cells", Some("swap")),
    bind(
        Action::Pin,
        &[plain(' ')],
        "pin / unpin the cell",
        Some("pin"),
    ),
    bind(
        Action::Solve,
        &[plain('s')],
        "solve around the pins",
        Some("solve"),
    ),
    bind(
        Action::Violations,
        &[plain('v')],
        "violations",
        Some("violations"),
    ),
    bind(
        Action::Fairness,
        &[plain('f')],
        "fairness charts",
        Some("fairness"),
    ),
    bind(
        Action::Search,
        &[plain('/')],
        "find an officer by name or id (Enter keeps, Esc returns)",
        Some("find"),
    ),
    bind(
        Action::NextMatch,
        &[plain('n')],
        "next match of the search",
        Some("next"),
    ),
    bind(
        Action::PrevMatch,
        &[shifted('N'), plain('N')],
        "previous match of the search",
        Some("next"),
    ),
    bind(
        Action::Filter,
        &[shifted('F'), plain('F')],
        "show one unit or skill, in turn, then all",
        Some("filter"),
    ),
    bind(
        Action::PageUp,
        &[(KeyCode::PageUp, KeyModifiers::NONE)],
        "page up",
        Some("page"),
    ),
    bind(
        Action::PageDown,
        &[(KeyCode::PageDown, KeyModifiers::NONE)],
        "page down",
        Some("page"),
    ),
    bind(
        Action::Top,
        &[plain('g'), (KeyCode::Home, KeyModifiers::NONE)],
        "first officer / top of a list",
        Some("ends"),
    ),
    bind(
        Action::Bottom,
        &[shifted('G'), plain('G'), (KeyCode::End, KeyModifiers::NONE)],
        "last officer / bottom of a list",
        Some("ends"),
    ),
    bind(Action::Now, &[plain('o')], "on duty now", Some("now")),
    bind(
        Action::History,
        &[shifted('H'), plain('H')],
        "history of these weeks: rosters (how each was made, its verdict now), changes, absences",
        None,
    ),
    bind(
        Action::PrevWeek,
        &[plain('[')],
        "previous week",
        Some("week"),
    ),
    bind(Action::NextWeek, &[plain(']')], "next week", Some("week")),
    bind(Action::Undo, &[plain('u')], "undo", Some("undo")),
    bind(
        Action::Redo,
        &[(KeyCode::Char('r'), KeyModifiers::CONTROL)],
        "redo",
        None,
    ),
    bind(Action::Save, &[plain('w')], "save as a draft", Some("save")),
    bind(
        Action::Reload,
        &[shifted('R'), plain('R')],
        "reload these weeks from the database",
        None,
    ),
    bind(
        Action::Publish,
        &[shifted('P'), plain('P')],
        "publish (asks first)",
        Some("publish"),
    ),
    bind(
        Action::Replan,
        &[plain('r')],
        "re-plan the published day under the cursor (diff shown first)",
        None,
    ),
    bind(
        Action::Absent,
        &[plain('a')],
        "record the officer absent (sick) that day (asks first)",
        None,
    ),
    bind(
        Action::Help,
        &[plain('?'), shifted('?')],
        "this help",
        Some("help"),
    ),
    bind(
        Action::Quit,
        &[plain('q'), (KeyCode::Char('c'), KeyModifiers::CONTROL)],
        "quit (asks first with unsaved edits)",
        Some("quit"),
    ),
    bind(
        Action::Back,
        &[(KeyCode::Esc, KeyModifiers::NONE)],
        "close / cancel the solve, keeping the best",
        None,
    ),
    bind(Action::Yes, &[plain('y'), shifted('Y')], "yes", None),
];

/// The action a key press asks for, if any.
pub fn action_for(key: KeyEvent) -> Option<Action> {
    BINDINGS
        .iter()
        .find(|b| b.keys.contains(&(key.code, key.modifiers)))
        .map(|b| b.action)
}

/// A key's name for help and footer.
pub fn key_name((code, mods): Key) -> String {
    let base = match code {
        KeyCode::Up => "↑".to_string(),
        KeyCode::Down => "↓".to_string(),
        KeyCode::Left => "←".to_string(),
        KeyCode::Right => "→".to_string(),
        KeyCode::Enter => "Enter".to_string(),
        KeyCode::Esc => "Esc".to_string(),
        KeyCode::PageUp => "PgUp".to_string(),
        KeyCode::PageDown => "PgDn".to_string(),
        KeyCode::Home => "Home".to_string(),
        KeyCode::End => "End".to_string(),
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

/// One line per binding for the help overlay: its keys joined, then what
/// it does. Yes and no are left out: the confirmations say them.
pub fn help_lines() -> Vec<(String, String)> {
    let mut lines: Vec<(String, String, Option<&str>)> = Vec::new();
    for b in BINDINGS.iter().filter(|b| b.action != Action::Yes) {
        let mut names: Vec<String> = Vec::new();
        for &key in b.keys {
            let name = key_name(key);
            if !names.contains(&name) {
                names.push(name);
            }
        }
        let keys = names.join("/");
        // Neighbours that share a footer word share a line when it fits
        // ("[ ]  previous week / next week"), so help fits 80x24.
        match lines.last_mut() {
            Some((k, help, footer))
                if b.footer.is_some()
                    && *footer == b.footer
                    && help.len() + b.help.len() + 3 <= HELP_MERGE_WIDTH
                    && !k.contains(' ') =>
            {
                k.push(' ');
                k.push_str(&keys);
                help.push_str(" / ");
                help.push_str(b.help);
            }
            _ => lines.push((keys, b.help.to_string(), b.footer)),
        }
    }
    lines.into_iter().map(|(k, h, _)| (k, h)).collect()
}

/// The widest help text two merged bindings may have.
const HELP_MERGE_WIDTH: usize = 50;

/// The footer's hints, such as `hjkl move`, `[] week`, `space pin`: the
/// first key of each binding with a footer word, grouped by that word.
pub fn footer_hints() -> Vec<String> {
    let mut groups: Vec<(&str, Vec<String>)> = Vec::new();
    for binding in BINDINGS {
        let (Some(word), Some(&key)) = (binding.footer, binding.keys.first()) else {
            continue;
        };
        let name = key_name(key);
        match groups.iter_mut().find(|(w, _)| *w == word) {
            Some((_, names)) => names.push(name),
            None => groups.push((word, vec![name])),
        }
    }
    groups
        .into_iter()
        .map(|(word, names)| {
            let single = names.iter().all(|n| n.chars().count() == 1);
            format!("{} {word}", names.join(if single { "" } else { "/" }))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vim_and_arrow_keys_agree_and_help_lists_both() {
        let k = KeyEvent::new(KeyCode::Char('k'), KeyModifiers::NONE);
        let up = KeyEvent::new(KeyCode::Up, KeyModifiers::NONE);
        assert_eq!(action_for(k), Some(Action::Up));
        assert_eq!(action_for(up), Some(Action::Up));
        let help = help_lines();
        assert!(
            help.iter()
                .any(|(keys, label)| keys == "k/↑ l/→" && label == "previous officer / next day")
        );
        assert!(help.iter().any(|(keys, _)| keys == "Ctrl-r"));
        assert!(help.iter().any(|(keys, _)| keys == "P"), "{help:?}");
    }

    #[test]
    fn footer_groups_keys_by_word_from_the_table() {
        let hints = footer_hints();
        assert_eq!(hints[0], "hjkl move");
        assert!(hints.contains(&"[] week".to_string()), "{hints:?}");
        assert!(hints.contains(&"space pin".to_string()));
        assert!(hints.contains(&"Enter pick".to_string()));
        assert!(!hints.iter().any(|h| h.contains("redo")));
    }

    #[test]
    fn no_key_asks_for_two_actions_and_ctrl_c_quits() {
        let mut seen: Vec<Key> = Vec::new();
        for binding in BINDINGS {
            for key in binding.keys {
                assert!(!seen.contains(key), "{key:?} bound twice");
                seen.push(*key);
            }
        }
        assert_eq!(
            action_for(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL)),
            Some(Action::Quit)
        );
    }
}
