//! The TUI's state: the screen (`Mode`), what comes in (`Message`), what
//! the loop must do (`Command`), and `App` itself. `update` (in
//! `update.rs`) turns messages into new state and commands; nothing here
//! does I/O, so every key is unit-tested without a terminal.

use std::time::Duration;

use crate::model::{Duty, Ledger, Period, Roster, Station};
use crate::solver::check::{Report, check, trainee_rule};
use crate::solver::{Progress, Solution};

use super::keys::Action;

/// How long `s` lets the solver run at most; the progress gauge fills
/// against it. It stops earlier when the best stops improving.
pub const SOLVE_TIME: Duration = Duration::from_secs(20);
/// How long `s` waits for an improvement before it stops.
pub const SOLVE_UNIMPROVED: Duration = Duration::from_secs(4);

/// Which screen or overlay has the keyboard.
#[derive(Debug, Clone, PartialEq)]
pub enum Mode {
    /// The week grid.
    Grid,
    /// Choosing a duty for the cell under the cursor.
    Picker {
        /// The duties offered, with what each would break.
        options: Vec<(Duty, String)>,
        /// The highlighted one.
        selected: usize,
    },
    /// The list of violations.
    Violations {
        /// The highlighted one.
        selected: usize,
    },
    /// Fairness charts of one unit.
    Fairness {
        /// The unit shown.
        unit: usize,
    },
    /// Who is on duty now.
    Now,
    /// Key help.
    Help,
    /// Asking before publishing.
    ConfirmPublish,
    /// Asking before leaving unsaved edits: quitting or changing week.
    ConfirmDiscard {
        /// What to do when the answer is yes.
        then: Command,
    },
}

/// Input to `update`.
#[derive(Debug, Clone)]
pub enum Message {
    /// A key action.
    Key(Action),
    /// A mouse click on a cell (officer index, day).
    Click(usize, usize),
    /// Scroll by rows.
    Scroll(i32),
    /// How the solve goes, with the best roster so far (over the weeks shown).
    SolverProgress(Progress, Box<Roster>),
    /// The solver finished.
    SolverDone(Box<Solution>),
    /// The solver could not start or stopped on an internal error; the
    /// roster stays as it was.
    SolverFailed(String),
    /// The week was loaded (after a week change).
    Loaded(Box<WeekData>),
    /// Publishing finished.
    Published(Result<String, String>),
    /// Saving the draft finished.
    Saved(Result<String, String>),
}

/// What the event loop must do.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    /// Solve the week around the pins.
    Solve(Box<Roster>),
    /// Stop the running solve (keep the best).
    CancelSolve,
    /// Load another week.
    LoadWeek(Period),
    /// Save the roster as a draft and publish it.
    Publish(Box<Roster>),
    /// Save the roster as a draft, to come back to.
    SaveDraft(Box<Roster>),
    /// Leave.
    Quit,
}

/// The weeks shown, as loaded from the store.
#[derive(Debug, Clone)]
pub struct WeekData {
    /// The weeks.
    pub period: Period,
    /// Their duties (in force, a draft, or empty), published days pinned.
    pub roster: Roster,
    /// Fairness history outside them.
    pub ledger: Ledger,
    /// Per day: already published, so never edited here.
    pub published: Vec<bool>,
}

impl WeekData {
    /// True when every day shown is published.
    pub fn is_published(&self) -> bool {
        self.published.iter().all(|&p| p)
    }

    /// True when day `d` is published.
    pub fn is_published_on(&self, d: usize) -> bool {
        self.published.get(d).copied().unwrap_or(false)
    }
}

/// The whole TUI state.
#[derive(Debug, Clone)]
pub struct App {
    /// The station.
    pub station: Station,
    /// The week shown.
    pub week: WeekData,
    /// The roster being edited.
    pub roster: Roster,
    /// Its violations and score.
    pub report: Report,
    /// Officer rows in display order (grouped by unit).
    pub rows: Vec<usize>,
    /// Cursor: index into `rows`, and day.
    pub cursor: (usize, usize),
    /// Screen.
    pub mode: Mode,
    /// Edits to undo and redo.
    pub undo: Vec<Roster>,
    /// Undone edits.
    pub redo: Vec<Roster>,
    /// Edits neither saved as a draft nor published.
    pub dirty: bool,
    /// A cell marked for a swap.
    pub swap_mark: Option<(usize, usize)>,
    /// Progress of a running solve.
    pub solving: Option<Progress>,
    /// The best roster of the running solve, drawn instead of `roster`
    /// until the solve ends, so the roster is seen taking shape.
    pub preview: Option<Roster>,
    /// The last thing that happened, for the status line.
    pub status: String,
    /// Who is on duty now (filled by the event loop when `n` is pressed).
    pub now_lines: Vec<String>,
    /// Colours on (off when `NO_COLOR` is set to something).
    pub color: bool,
}

impl App {
    /// A new app showing a loaded week.
    pub fn new(station: Station, week: WeekData) -> App {
        let mut rows: Vec<usize> = (0..station.staff.len()).collect();
        rows.sort_by_key(|&s| (station.staff[s].unit, s));
        let report = check(&station, &week.roster, &week.ledger);
        App {
            roster: week.roster.clone(),
            station,
            week,
            report,
            rows,
            cursor: (0, 0),
            mode: Mode::Grid,
            undo: Vec::new(),
            redo: Vec::new(),
            dirty: false,
            swap_mark: None,
            solving: None,
            preview: None,
            status: String::from("? for help"),
            now_lines: Vec::new(),
            // no-color.org: set and not empty turns colour off.
            color: std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
        }
    }

    /// The roster to draw: the running solve's best so far, else the one
    /// being edited.
    pub fn shown_roster(&self) -> &Roster {
        self.preview.as_ref().unwrap_or(&self.roster)
    }

    /// The officer under the cursor.
    pub fn officer(&self) -> usize {
        self.rows[self.cursor.0]
    }

    /// Checks the roster again after a change.
    pub(super) fn rescore(&mut self) {
        self.report = check(&self.station, &self.roster, &self.week.ledger);
    }

    /// Applies an edit that undo can take back.
    pub(super) fn edit(&mut self, change: impl FnOnce(&mut Roster)) {
        self.undo.push(self.roster.clone());
        self.redo.clear();
        change(&mut self.roster);
        self.dirty = true;
        self.rescore();
    }

    /// The duties the officer may take on a day, with what each would break.
    pub fn picker_options(&self, s: usize, d: usize) -> Vec<(Duty, String)> {
        let mut duties = vec![Duty::Off];
        for sh in 0..self.station.shifts.len() {
            if self.station.can_work(s, sh) || trainee_rule(&self.station, s, sh).is_some() {
                duties.push(Duty::Shift(sh));
            }
        }
        if self.station.is_chief_eligible(s) {
            duties.push(Duty::Chief);
        }
        duties
            .into_iter()
            .map(|duty| {
                let mut trial = self.roster.clone();
                trial.set(s, d, duty);
                let after = check(&self.station, &trial, &self.week.ledger);
                let new_hard: Vec<String> = after
                    .violations
                    .iter()
                    .filter(|v| v.constraint.is_hard() && !self.report.violations.contains(v))
                    .map(|v| v.constraint.name().to_string())
                    .collect();
                let note = if new_hard.is_empty() {
                    format!("ok (score {})", after.score)
                } else {
                    format!("breaks {}", new_hard.join(", "))
                };
                (duty, note)
            })
            .collect()
    }
}
