//! The TUI's state: the screen (`Mode`), what comes in (`Message`), what
//! the loop must do (`Command`), and `App` itself. `update` (in
//! `update.rs`) turns messages into new state and commands; nothing here
//! does I/O, so every key is unit-tested without a terminal.

use std::time::Duration;

use std::collections::HashSet;

use crate::app::{Context, LeftOut, Opened, Progress, Report, Retimed, Solved};
use crate::model::standing::WeeksOffTarget;
use crate::model::{Duty, Ledger, Period, Roster, Station, may_take};

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
        /// The highlighted one (among those the filter shows).
        selected: usize,
        /// Which violations are listed.
        filter: ViolationFilter,
    },
    /// Fairness charts of one unit.
    Fairness {
        /// The unit shown.
        unit: usize,
        /// First officer line shown.
        scroll: usize,
    },
    /// Who is on duty now.
    Now {
        /// First line shown.
        scroll: usize,
    },
    /// The record of the weeks shown, as `duty history` gives it.
    History {
        /// First line shown.
        scroll: usize,
    },
    /// Key help.
    Help {
        /// First line shown.
        scroll: usize,
    },
    /// Typing a search: the cursor follows the first match as it is typed.
    Search {
        /// What has been typed.
        query: String,
        /// The row the search started from (Esc goes back there).
        origin: usize,
    },
    /// Asking before publishing.
    ConfirmPublish {
        /// Weekends after these weeks that publishing them leaves
        /// uncoverable ([`crate::app::Context::weekends_left_after`]),
        /// shown in the question: this is the last cheap moment to mend it.
        ahead: Vec<crate::app::Finding>,
    },
    /// Asking before recording an officer absent (a sick call).
    ConfirmAbsent {
        /// The officer (index).
        staff: usize,
        /// The day (index into the roster shown).
        day: usize,
    },
    /// Asking whether to stop the running solve and quit.
    ConfirmStop,
    /// A re-plan found (in `App::pending_replan`), its changes shown,
    /// waiting for the reason the audit log records.
    ConfirmReplan {
        /// The reason typed so far.
        reason: String,
    },
    /// A change to a published day, its verdict shown first, waiting for
    /// the reason the audit log records (Enter records, Esc cancels).
    DayOf {
        /// The change.
        change: DayOfChange,
        /// What it newly breaks or mends.
        verdict: DayOfVerdict,
        /// The reason typed so far.
        reason: String,
    },
    /// Asking before leaving unsaved edits: quitting or changing week.
    ConfirmDiscard {
        /// What to do when the answer is yes.
        then: Command,
    },
}

/// Which violations the list shows (`f` in the list steps through them).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ViolationFilter {
    /// Every violation.
    All,
    /// Hard rules only.
    Hard,
    /// Those of the officer under the cursor.
    Officer,
    /// Those on the day under the cursor.
    Day,
}

impl ViolationFilter {
    /// The next filter in turn.
    pub fn next(self) -> ViolationFilter {
        match self {
            ViolationFilter::All => ViolationFilter::Hard,
            ViolationFilter::Hard => ViolationFilter::Officer,
            ViolationFilter::Officer => ViolationFilter::Day,
            ViolationFilter::Day => ViolationFilter::All,
        }
    }
}

/// Which officers the grid shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowFilter {
    /// One unit's officers.
    Unit(usize),
    /// Officers holding one skill.
    Skill(usize),
}

/// Input to `update`.
#[derive(Debug, Clone)]
pub enum Message {
    /// A key action.
    Key(Action),
    /// A character typed into the search.
    Typed(char),
    /// Backspace in the search.
    Erase,
    /// A mouse click on a cell (officer index, day).
    Click(usize, usize),
    /// Scroll by rows.
    Scroll(i32),
    /// How the solve goes, with the best roster so far (over the weeks shown).
    SolverProgress(Progress, Box<Roster>),
    /// The solver finished; its roster covers the weeks shown.
    SolverDone(Box<Solved>),
    /// The solver could not start or stopped on an internal error; the
    /// roster stays as it was.
    SolverFailed(String),
    /// The week was loaded (after a week change).
    Loaded(Box<WeekData>),
    /// Publishing finished: what to say, and the roster's id (the newest
    /// of these weeks now).
    Published(Result<(String, i64), String>),
    /// Saving the draft finished: what to say, and the draft's id.
    Saved(Result<(String, i64), String>),
    /// Recording an absence finished: the hard rules it left broken.
    AbsenceRecorded(Result<Absence, String>),
    /// A re-plan of published days was found (not yet recorded).
    ReplanFound(Result<Box<crate::app::Replanned>, String>),
    /// A re-plan was recorded: what to say and the cells it changed.
    ReplanRecorded(Result<(String, Vec<crate::app::CellChange>), String>),
    /// A day-of change was recorded (what to say), or refused (why).
    DayOfRecorded(DayOfChange, Result<String, String>),
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
    /// Read the record of the weeks shown into `App::history_lines`.
    ShowHistory,
    /// Save the roster as a draft and publish it.
    Publish(Box<Roster>),
    /// Save the roster as a draft, to come back to.
    SaveDraft(Box<Roster>),
    /// Record an officer absent (sick) on a day of the roster shown.
    RecordAbsence(Absence),
    /// Record a change to a published day, with its reason.
    DayOf(DayOfChange, String),
    /// Re-plan a published day (index into the roster shown).
    Replan(usize),
    /// Record the re-plan in `App::pending_replan`, with its reason.
    ApplyReplan(String),
    /// Leave.
    Quit,
}

/// A change to a published day made from the editor, as `duty assign` and
/// `duty swap` make it: recorded in the audit log with a reason.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DayOfChange {
    /// Put an officer on a duty (or off).
    Assign {
        /// The officer (index).
        staff: usize,
        /// The day (index into the roster shown).
        day: usize,
        /// The new duty.
        duty: Duty,
    },
    /// Swap two officers' duties on one day.
    Swap {
        /// One officer.
        a: usize,
        /// The other.
        b: usize,
        /// The day.
        day: usize,
    },
}

impl DayOfChange {
    /// The cells after the change, on the roster given.
    pub fn apply(self, roster: &mut Roster) {
        match self {
            DayOfChange::Assign { staff, day, duty } => roster.set(staff, day, duty),
            DayOfChange::Swap { a, b, day } => {
                let (da, db) = (roster.get(a, day), roster.get(b, day));
                roster.set(a, day, db);
                roster.set(b, day, da);
            }
        }
    }
}

/// What a day-of change would do to the hard rules, judged as `duty
/// assign` judges it: a change that newly breaks one is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DayOfVerdict {
    /// The rules newly broken, in plain words.
    pub broken: Vec<&'static str>,
    /// How many hard violations it mends.
    pub mended: usize,
    /// The first weekend after the published weeks it newly leaves
    /// uncoverable (see [`crate::app::ChangePreview::ahead`]).
    pub leaves_short: Option<chrono::NaiveDate>,
}

impl DayOfVerdict {
    /// It newly breaks a hard rule, so it is not recorded.
    pub fn refused(&self) -> bool {
        !self.broken.is_empty()
    }
}

impl std::fmt::Display for DayOfVerdict {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (self.refused(), self.mended) {
            (true, _) => write!(f, "breaks: {} (refused)", self.broken.join(", ")),
            (false, 0) => f.write_str("breaks no hard rule"),
            (false, n) => write!(f, "mends {}", crate::text::count(n, "hard rule")),
        }?;
        match self.leaves_short {
            Some(date) if !self.refused() => write!(f, "{}", short_weekend(date)),
            _ => Ok(()),
        }
    }
}

/// What a day-of change's verdict adds when it spends a weekend that a
/// unit needs after the published weeks.
fn short_weekend(date: chrono::NaiveDate) -> String {
    format!("; but leaves the weekend of {date} short (duty plan says why)")
}

/// An absence recorded from the editor: a sick call for one day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Absence {
    /// The officer (index).
    pub staff: usize,
    /// The day (index into the roster shown).
    pub day: usize,
    /// Hard rules the absence leaves broken (known once recorded).
    pub broken: usize,
}

/// The weeks shown, as loaded from the store.
#[derive(Debug, Clone)]
pub struct WeekData {
    /// The weeks.
    pub period: Period,
    /// Their duties (in force, a draft, or empty), published days pinned.
    pub roster: Roster,
    /// Fairness history outside them (for the fairness screen).
    pub ledger: Ledger,
    /// Per day: already published, so never edited here.
    pub published: Vec<bool>,
    /// In force over the cross-training window of the last week shown
    /// (see [`crate::app::Opened::training`]).
    pub training: Roster,
    /// Weeks off target in the published history outside them (see
    /// [`crate::app::Opened::weeks_off_target`]).
    pub weeks_off_target: WeeksOffTarget,
    /// The weeks in their published surroundings: what every verdict of
    /// the edited roster is judged in.
    pub context: Context,
    /// The newest roster of these weeks in the database when they were
    /// opened (or last saved here): saving is refused if another process
    /// wrote since.
    pub stamp: Option<i64>,
    /// Published duties of officers no longer in staff.toml, left out of
    /// the grid and its verdict (see [`crate::app::left_out`]).
    pub left_out: Vec<LeftOut>,
    /// Published duties whose times rules.toml no longer gives (see
    /// [`crate::app::retimed`]).
    pub retimed: Option<Retimed>,
    /// Rules no roster of these weeks can meet (see
    /// [`crate::app::Opened::cannot_be_met`]).
    pub cannot_be_met: Vec<crate::app::Finding>,
}

impl WeekData {
    /// The weeks as the application layer opened them.
    pub fn from_opened(station: &Station, opened: Opened) -> WeekData {
        WeekData {
            period: opened.context.period,
            ledger: opened.context.ledger_outside_period(station),
            published: opened.context.published_in_period(),
            roster: opened.roster,
            context: opened.context,
            stamp: opened.stamp,
            training: opened.training,
            weeks_off_target: opened.weeks_off_target,
            left_out: opened.left_out,
            retimed: opened.retimed,
            cannot_be_met: opened.cannot_be_met,
        }
    }
}

impl WeekData {
    /// True when every day shown is published.
    pub fn is_published(&self) -> bool {
        self.published.iter().all(|&p| p)
    }

    /// What the status line says on opening these weeks: `plain`, unless
    /// published duties of officers no longer in staff.toml are left out,
    /// or published duties no longer match rules.toml's times: each
    /// explains a verdict that reads other than when published. A rule no
    /// roster of these weeks can meet comes first: no edit will make
    /// them legal, and the manager should know before trying.
    pub fn opening_status(&self, plain: &str) -> String {
        // Where to read it whole comes first: the line is cut at the
        // screen's edge.
        let cannot = self.cannot_be_met.first().map(|f| {
            format!(
                "no roster can be legal (duty plan {} says why): {}",
                self.period.label(),
                f.message
            )
        });
        let notes: Vec<String> = cannot
            .into_iter()
            .chain(self.left_out.iter().map(LeftOut::describe))
            .chain(self.retimed.iter().map(Retimed::describe))
            .collect();
        if notes.is_empty() {
            plain.to_string()
        } else {
            notes.join("; ")
        }
    }

    /// True when day `d` is published.
    pub fn is_published_on(&self, d: usize) -> bool {
        self.published.get(d).copied().unwrap_or(false)
    }
}

/// The officers the grid shows, grouped by unit: all, or those of one
/// unit or skill.
pub fn officer_rows(station: &Station, filter: Option<RowFilter>) -> Vec<usize> {
    let mut rows: Vec<usize> = (0..station.staff.len())
        .filter(|&s| match filter {
            None => true,
            Some(RowFilter::Unit(u)) => station.staff[s].unit == u,
            Some(RowFilter::Skill(k)) => station.staff[s].skills.contains(k),
        })
        .collect();
    rows.sort_by_key(|&s| (station.staff[s].unit, s));
    rows
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
    /// Who is on duty now (filled by the event loop when `o` is pressed).
    pub now_lines: Vec<String>,
    /// The record of the weeks shown (filled by the event loop when `H`
    /// is pressed, [`Command::ShowHistory`]).
    pub history_lines: Vec<String>,
    /// Colours on (off when `NO_COLOR` is set to something).
    pub color: bool,
    /// The last search, for `n` and `N`.
    pub search: Option<String>,
    /// Which officers the grid shows (all when none).
    pub filter: Option<RowFilter>,
    /// The terminal's size, as last drawn: pages and lists scroll by it.
    pub screen: (u16, u16),
    /// First body line of the grid shown: kept between frames so that the
    /// view moves only when the cursor would leave it.
    pub top_line: std::cell::Cell<usize>,
    /// Who is at the keyboard, shown in the header and recorded.
    pub operator: String,
    /// A re-plan found and shown, waiting to be confirmed.
    pub pending_replan: Option<Box<crate::app::Replanned>>,
}

impl App {
    /// A new app showing a loaded week.
    pub fn new(station: Station, week: WeekData) -> App {
        let rows = officer_rows(&station, None);
        let report = week.context.verdict(&station, &week.roster);
        let status = week.opening_status("? for help");
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
            status,
            now_lines: Vec::new(),
            history_lines: Vec::new(),
            // no-color.org: set and not empty turns colour off.
            color: std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
            search: None,
            filter: None,
            screen: (80, 24),
            top_line: std::cell::Cell::new(0),
            operator: String::new(),
            pending_replan: None,
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

    /// Judges the roster again after a change, in its context: the same
    /// verdict `duty publish`, `plan` and `print` give.
    pub fn rescore(&mut self) {
        self.report = self.week.context.verdict(&self.station, &self.roster);
    }

    /// The violations a filter of the list keeps, in the report's order.
    pub fn violations_shown(&self, filter: ViolationFilter) -> Vec<&crate::app::Violation> {
        let (s, d) = (self.officer(), self.cursor.1);
        let date = self.roster.date(d);
        self.report
            .violations
            .iter()
            .filter(|v| match filter {
                ViolationFilter::All => true,
                ViolationFilter::Hard => v.constraint.is_hard(),
                ViolationFilter::Officer => v.staff == Some(s),
                ViolationFilter::Day => v.days.contains(&date),
            })
            .collect()
    }

    /// What a change to published days would newly break or mend, in plain
    /// words, judged in context as `duty assign` judges it.
    pub fn day_of_verdict(&self, change: DayOfChange) -> DayOfVerdict {
        let cells = match change {
            DayOfChange::Assign { staff, day, duty } => vec![(staff, day, duty)],
            DayOfChange::Swap { a, b, day } => vec![
                (a, day, self.roster.get(b, day)),
                (b, day, self.roster.get(a, day)),
            ],
        };
        let changes: Vec<crate::app::CellChange> = cells
            .into_iter()
            .map(|(staff, day, duty)| crate::app::CellChange {
                staff,
                date: self.roster.date(day),
                duty,
            })
            .collect();
        let preview =
            crate::app::preview_change(&self.station, &self.week.context, &self.roster, &changes);
        let mut broken: Vec<&'static str> = preview
            .broken
            .iter()
            .map(|v| v.constraint.plain())
            .collect();
        broken.sort_unstable();
        broken.dedup();
        DayOfVerdict {
            broken,
            mended: preview.mended,
            leaves_short: preview.ahead.first().map(|f| f.date),
        }
    }

    /// Applies an edit that undo can take back.
    pub(super) fn edit(&mut self, change: impl FnOnce(&mut Roster)) {
        self.undo.push(self.roster.clone());
        self.redo.clear();
        change(&mut self.roster);
        self.dirty = true;
        self.rescore();
    }

    /// The duties the officer may take on a day, each with what it would
    /// do in plain words: the hard rules it newly breaks or mends, and the
    /// change of the soft score.
    pub fn picker_options(&self, s: usize, d: usize) -> Vec<(Duty, String)> {
        let mut duties = vec![Duty::Off];
        duties.extend((0..self.station.shifts.len()).map(Duty::Shift));
        duties.push(Duty::Chief);
        let key = |v: &crate::app::Violation| (v.constraint, v.staff, v.days.clone());
        let known: HashSet<_> = self.report.hard().map(key).collect();
        let current = self.roster.get(s, d);
        let published = self.week.is_published_on(d);
        duties
            .into_iter()
            .filter(|&duty| may_take(&self.station, s, duty).is_ok())
            .map(|duty| {
                if published && duty != current {
                    // Judged as `duty assign` will judge it.
                    let verdict = self.day_of_verdict(DayOfChange::Assign {
                        staff: s,
                        day: d,
                        duty,
                    });
                    let note = match (verdict.refused(), verdict.mended) {
                        (true, _) => format!("breaks: {}", verdict.broken.join(", ")),
                        (false, 0) => format!(
                            "ok, breaks no hard rule{}",
                            verdict.leaves_short.map(short_weekend).unwrap_or_default()
                        ),
                        (false, _) => verdict.to_string(),
                    };
                    return (duty, note);
                }
                let mut trial = self.roster.clone();
                trial.set(s, d, duty);
                let after = self.week.context.verdict(&self.station, &trial);
                let still: HashSet<_> = after.hard().map(key).collect();
                let words = |rules: &mut Vec<&'static str>| {
                    rules.sort_unstable();
                    rules.dedup();
                    rules.join(", ")
                };
                let mut broken: Vec<&str> = after
                    .hard()
                    .filter(|v| !known.contains(&key(v)))
                    .map(|v| v.constraint.plain())
                    .collect();
                let mut mended: Vec<&str> = self
                    .report
                    .hard()
                    .filter(|v| !still.contains(&key(v)))
                    .map(|v| v.constraint.plain())
                    .collect();
                let soft = after.score.soft - self.report.score.soft;
                let soft = match soft {
                    0 => "soft score unchanged".to_string(),
                    n => format!("soft {n:+}"),
                };
                let note = if duty == current {
                    format!("as now ({})", self.report.score)
                } else if !broken.is_empty() {
                    format!("breaks: {}", words(&mut broken))
                } else if !mended.is_empty() {
                    format!("mends: {}; {soft}", words(&mut mended))
                } else {
                    format!("ok, {soft}")
                };
                (duty, note)
            })
            .collect()
    }
}
