//! Finding and moving in the grid and the lists: the search (`/`, `n`,
//! `N`), the unit and skill filter (`F`), pages and ends, and scrolling
//! the overlays. Part of `update`: state in, state out, no I/O.

use super::app::{App, Mode, RowFilter, officer_rows};
use super::keys::Action;
use super::view;

impl App {
    /// Officer rows (indices into `rows`) whose name or id holds `query`,
    /// ignoring case, in grid order.
    pub fn matches(&self, query: &str) -> Vec<usize> {
        let query = query.to_lowercase();
        if query.is_empty() {
            return Vec::new();
        }
        self.rows
            .iter()
            .enumerate()
            .filter(|(_, s)| {
                let officer = &self.station.staff[**s];
                officer.name.to_lowercase().contains(&query)
                    || officer.id.to_lowercase().contains(&query)
            })
            .map(|(row, _)| row)
            .collect()
    }

    /// Moves the cursor to the first match at or after `from` (wrapping),
    /// or before it when `backwards`, and says where it is.
    pub(super) fn jump_to_match(&mut self, query: &str, from: usize, backwards: bool) {
        let found = self.matches(query);
        let pick = if backwards {
            found.iter().rev().find(|&&r| r < from).or(found.last())
        } else {
            found.iter().find(|&&r| r >= from).or(found.first())
        };
        match pick {
            Some(&row) => {
                self.cursor.0 = row;
                let at = found.iter().position(|&r| r == row).unwrap_or(0) + 1;
                let officer = &self.station.staff[self.rows[row]];
                self.status = format!(
                    "\"{query}\": {} {} ({at} of {}; n next, N previous)",
                    officer.id,
                    officer.name,
                    found.len()
                );
            }
            None if query.is_empty() => self.status = "type a name or id".into(),
            None => self.status = format!("no officer shown matches \"{query}\""),
        }
    }

    /// A key while typing a search: Enter keeps the officer found, Esc goes
    /// back to where the search started.
    pub(super) fn on_search_key(&mut self, action: Action, query: String, origin: usize) {
        match action {
            Action::Enter => {
                self.mode = Mode::Grid;
                self.search = (!query.is_empty()).then_some(query);
            }
            Action::Back => {
                self.mode = Mode::Grid;
                self.cursor.0 = origin;
                self.status = "search cancelled".into();
            }
            _ => self.mode = Mode::Search { query, origin },
        }
    }

    /// A character typed into the search (or erased): the cursor follows.
    pub(super) fn on_typed(&mut self, typed: Option<char>) {
        if let Mode::DayOf { reason, .. } | Mode::ConfirmReplan { reason } = &mut self.mode {
            match typed {
                Some(c) => reason.push(c),
                None => {
                    reason.pop();
                }
            }
            return;
        }
        if let Mode::Search { query, origin } = &mut self.mode {
            match typed {
                Some(c) => query.push(c),
                None => {
                    query.pop();
                }
            }
            let (query, origin) = (query.clone(), *origin);
            self.jump_to_match(&query, origin, false);
        }
    }

    /// `n` / `N` in the grid: the next or previous match of the last search.
    pub(super) fn next_match(&mut self, backwards: bool) {
        let Some(query) = self.search.clone() else {
            self.status = "no search yet: / finds an officer".into();
            return;
        };
        let from = if backwards {
            self.cursor.0
        } else {
            self.cursor.0 + 1
        };
        self.jump_to_match(&query, from, backwards);
    }

    /// `F`: everyone, then each unit, then each skill, then everyone again.
    /// The cursor stays on its officer when they are still shown.
    pub(super) fn next_filter(&mut self) {
        let (units, skills) = (self.station.units.len(), self.station.skills.len());
        let next = match self.filter {
            None => Some(RowFilter::Unit(0)),
            Some(RowFilter::Unit(u)) if u + 1 < units => Some(RowFilter::Unit(u + 1)),
            Some(RowFilter::Unit(_)) if skills > 0 => Some(RowFilter::Skill(0)),
            Some(RowFilter::Skill(k)) if k + 1 < skills => Some(RowFilter::Skill(k + 1)),
            _ => None,
        };
        let officer = self.officer();
        let rows = officer_rows(&self.station, next);
        if rows.is_empty() {
            // A skill nobody holds: skip it.
            self.filter = next;
            return self.next_filter();
        }
        self.filter = next;
        self.cursor.0 = rows.iter().position(|&s| s == officer).unwrap_or(0);
        self.rows = rows;
        self.top_line.set(0);
        self.status = match next {
            None => "showing every officer (F filters)".into(),
            Some(RowFilter::Unit(u)) => format!(
                "showing {} only ({} officers; F next filter)",
                self.station.units[u].name,
                self.rows.len()
            ),
            Some(RowFilter::Skill(k)) => format!(
                "showing officers with {} only ({}; F next filter)",
                self.station.skills[k].name,
                self.rows.len()
            ),
        };
    }

    /// PgUp / PgDn / g / G in the grid.
    pub(super) fn move_by_page(&mut self, action: Action) {
        let page = view::grid::body_rows(self).max(1);
        let last = self.rows.len().saturating_sub(1);
        self.cursor.0 = match action {
            Action::PageUp => self.cursor.0.saturating_sub(page),
            Action::PageDown => (self.cursor.0 + page).min(last),
            Action::Top => 0,
            _ => last,
        };
    }
}

/// A list position after a scrolling key: one line, a page, or an end,
/// never past `last`.
pub fn scrolled(at: usize, action: Action, page: usize, last: usize) -> Option<usize> {
    let page = page.max(1);
    let to = match action {
        Action::Up => at.saturating_sub(1),
        Action::Down => at + 1,
        Action::PageUp => at.saturating_sub(page),
        Action::PageDown => at + page,
        Action::Top => 0,
        Action::Bottom => last,
        _ => return None,
    };
    Some(to.min(last))
}
