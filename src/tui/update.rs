//! `update`: the one place a message changes the app. Keys go by mode
//! (grid, picker, lists, questions); solver, load, save and publish results
//! arrive as messages too. Returns the commands the loop must carry out and
//! does no I/O itself.

use super::app::{App, Command, DayOfChange, Message, Mode, ViolationFilter};
use super::keys::Action;
use super::navigate::scrolled;
use crate::app::Progress;
use crate::model::Period;

/// The key to press after a refusal because another process wrote the
/// weeks meanwhile.
fn reload_hint(why: &str) -> &'static str {
    if why.contains("since you opened these weeks") {
        "; R reloads (your edits here are dropped)"
    } else {
        ""
    }
}

/// What the grid says when a pin touches a published day.
const PUBLISHED_DAY: &str =
    "published day: Enter or x changes it (recorded with a reason); duty replan re-plans days";

impl App {
    /// Handles one message.
    pub fn update(&mut self, message: Message) -> Vec<Command> {
        match message {
            Message::Key(action) => self.on_key(action),
            Message::Typed(c) => {
                self.on_typed(Some(c));
                Vec::new()
            }
            Message::Erase => {
                self.on_typed(None);
                Vec::new()
            }
            Message::Click(row, day) => {
                if row < self.rows.len() && day < self.roster.days {
                    self.cursor = (row, day);
                    self.mode = Mode::Grid;
                }
                Vec::new()
            }
            Message::Scroll(by) => {
                let row =
                    (self.cursor.0 as i64 + i64::from(by)).clamp(0, self.rows.len() as i64 - 1);
                self.cursor.0 = row as usize;
                Vec::new()
            }
            Message::SolverProgress(progress, best) => {
                self.solving = Some(progress);
                self.preview = Some(*best);
                Vec::new()
            }
            Message::SolverDone(solved) => {
                self.solving = None;
                self.preview = None;
                let progress = solved.progress;
                if solved.kept_start {
                    self.status = format!(
                        "kept your roster ({}): the search found nothing better ({:.1} M moves in {:.1} s)",
                        self.report.score,
                        progress.moves as f64 / 1e6,
                        progress.elapsed.as_secs_f64(),
                    );
                    return Vec::new();
                }
                self.undo.push(self.roster.clone());
                self.redo.clear();
                self.roster = solved.roster;
                self.dirty = true;
                self.rescore();
                self.status = format!(
                    "solved: {} ({:.1} M moves in {:.1} s, {})",
                    self.report.score,
                    progress.moves as f64 / 1e6,
                    progress.elapsed.as_secs_f64(),
                    solved.stop
                );
                Vec::new()
            }
            Message::SolverFailed(why) => {
                self.solving = None;
                self.preview = None;
                self.status = format!("the solver failed: {why}");
                Vec::new()
            }
            Message::Loaded(week) => {
                self.roster = week.roster.clone();
                self.week = *week;
                self.undo.clear();
                self.redo.clear();
                self.dirty = false;
                self.cursor.1 = self.cursor.1.min(self.roster.days - 1);
                self.rescore();
                self.status = self
                    .week
                    .opening_status(&format!("week {}", self.week.period.label()));
                Vec::new()
            }
            Message::Published(result) => {
                match result {
                    Ok((text, id)) => {
                        self.dirty = false;
                        self.week.stamp = Some(id);
                        self.week.published.fill(true);
                        for s in 0..self.roster.staff {
                            for d in 0..self.roster.days {
                                self.roster.set_pinned(s, d, true);
                            }
                        }
                        self.status = text;
                    }
                    Err(text) => {
                        self.status = format!("not published: {text}{}", reload_hint(&text))
                    }
                }
                Vec::new()
            }
            Message::ReplanFound(found) => {
                match found {
                    Ok(replanned) if replanned.solved.report.hard().count() > 0 => {
                        let passed = replanned
                            .held_at
                            .map(|day| format!(" (days before {day} have passed)"))
                            .unwrap_or_default();
                        self.status = format!(
                            "no re-plan of {} to {} keeps the hard rules{passed}; nothing changed",
                            replanned.window.0, replanned.window.1
                        );
                    }
                    Ok(replanned) if replanned.changes.is_empty() => {
                        self.status = "the re-plan changes nothing".into();
                    }
                    Ok(replanned) => {
                        self.pending_replan = Some(replanned);
                        self.mode = Mode::ConfirmReplan {
                            reason: String::new(),
                        };
                    }
                    Err(why) => self.status = format!("not re-planned: {why}"),
                }
                Vec::new()
            }
            Message::ReplanRecorded(result) => {
                match result {
                    Ok((text, changes)) => {
                        for c in changes {
                            if let Some(d) = self.roster.day_index(c.date) {
                                self.roster.set(c.staff, d, c.duty);
                                self.week.roster.set(c.staff, d, c.duty);
                            }
                            if let Some(e) = self.week.context.day_of(c.date) {
                                self.week.context.start.set(c.staff, e, c.duty);
                            }
                        }
                        self.rescore();
                        self.status = text;
                    }
                    Err(why) => self.status = format!("re-plan not recorded: {why}"),
                }
                self.pending_replan = None;
                Vec::new()
            }
            Message::DayOfRecorded(change, result) => {
                match result {
                    Ok(text) => {
                        change.apply(&mut self.roster);
                        change.apply(&mut self.week.roster);
                        let cells = match change {
                            DayOfChange::Assign { staff, day, .. } => vec![(staff, day)],
                            DayOfChange::Swap { a, b, day } => vec![(a, day), (b, day)],
                        };
                        // The published surroundings hold the change too,
                        // so every later verdict judges what is in force.
                        for (s, d) in cells {
                            if let Some(e) = self.week.context.day_of(self.roster.date(d)) {
                                let duty = self.roster.get(s, d);
                                self.week.context.start.set(s, e, duty);
                            }
                        }
                        self.rescore();
                        self.status = text;
                    }
                    Err(why) => self.status = format!("not recorded: {why}"),
                }
                Vec::new()
            }
            Message::AbsenceRecorded(result) => {
                self.absence_recorded(result);
                Vec::new()
            }
            Message::Saved(result) => {
                match result {
                    Ok((text, id)) => {
                        self.dirty = false;
                        self.week.stamp = Some(id);
                        self.status = text;
                    }
                    Err(text) => self.status = format!("not saved: {text}{}", reload_hint(&text)),
                }
                Vec::new()
            }
        }
    }

    fn on_key(&mut self, action: Action) -> Vec<Command> {
        // What the status said was about the last action: it goes now
        // (quitting changes nothing, so the last word stays with it).
        if action != Action::Quit {
            self.status.clear();
        }
        if self.mode == Mode::ConfirmStop {
            self.mode = Mode::Grid;
            if action == Action::Yes {
                return vec![Command::CancelSolve, Command::Quit];
            }
            self.status = "still solving".into();
            return Vec::new();
        }
        if self.solving.is_some() {
            return match action {
                Action::Back => {
                    self.status = "cancelling; keeping the best so far".into();
                    vec![Command::CancelSolve]
                }
                Action::Quit => {
                    self.mode = Mode::ConfirmStop;
                    Vec::new()
                }
                _ => Vec::new(),
            };
        }
        match self.mode.clone() {
            Mode::Grid => self.on_grid_key(action),
            Mode::Search { query, origin } => {
                self.on_search_key(action, query, origin);
                Vec::new()
            }
            Mode::ConfirmStop => Vec::new(),
            Mode::ConfirmReplan { reason } => match action {
                Action::Enter if crate::app::check_reason(&reason).is_ok() => {
                    self.mode = Mode::Grid;
                    self.status = "recording the re-plan...".into();
                    vec![Command::ApplyReplan(reason)]
                }
                Action::Enter => {
                    self.status = "type why (it goes in the audit log), then Enter".into();
                    Vec::new()
                }
                Action::Back => {
                    self.mode = Mode::Grid;
                    self.pending_replan = None;
                    self.status = "re-plan dropped; nothing changed".into();
                    Vec::new()
                }
                _ => Vec::new(),
            },
            Mode::DayOf {
                change,
                verdict,
                reason,
            } => match action {
                Action::Enter if verdict.refused() => {
                    self.mode = Mode::Grid;
                    self.status = format!("not recorded: it {verdict}");
                    Vec::new()
                }
                Action::Enter if crate::app::check_reason(&reason).is_ok() => {
                    self.mode = Mode::Grid;
                    self.status = "recording the change...".into();
                    vec![Command::DayOf(change, reason)]
                }
                Action::Enter => {
                    self.status = "type why (it goes in the audit log), then Enter".into();
                    Vec::new()
                }
                Action::Back => {
                    self.mode = Mode::Grid;
                    self.status = "nothing changed".into();
                    Vec::new()
                }
                _ => Vec::new(),
            },
            Mode::Picker { options, selected } => {
                match action {
                    Action::Up => {
                        self.mode = Mode::Picker {
                            selected: selected.saturating_sub(1),
                            options,
                        }
                    }
                    Action::Down => {
                        let selected = (selected + 1).min(options.len() - 1);
                        self.mode = Mode::Picker { options, selected }
                    }
                    Action::Enter if self.week.is_published_on(self.cursor.1) => {
                        let change = DayOfChange::Assign {
                            staff: self.officer(),
                            day: self.cursor.1,
                            duty: options[selected].0,
                        };
                        self.ask_day_of(change);
                    }
                    Action::Enter => {
                        let duty = options[selected].0;
                        let (s, d) = (self.officer(), self.cursor.1);
                        self.edit(|r| {
                            r.set(s, d, duty);
                            r.set_pinned(s, d, true);
                        });
                        self.status = format!(
                            "{} set to {} and pinned",
                            self.station.staff[s].name,
                            duty.code(&self.station)
                        );
                        self.mode = Mode::Grid;
                    }
                    Action::Back | Action::Quit => self.mode = Mode::Grid,
                    _ => {}
                }
                Vec::new()
            }
            Mode::Violations { selected, filter } => {
                let shown: Vec<_> = self.violations_shown(filter).into_iter().cloned().collect();
                let (page, _) = super::view::list_window(self);
                if let Some(to) = scrolled(selected, action, page, shown.len().saturating_sub(1)) {
                    self.mode = Mode::Violations {
                        selected: to,
                        filter,
                    };
                    return Vec::new();
                }
                match action {
                    Action::Enter => {
                        if let Some(v) = shown.get(selected) {
                            if let Some(d) =
                                v.days.first().and_then(|&date| self.roster.day_index(date))
                            {
                                self.cursor.1 = d;
                            }
                            if let Some(row) =
                                v.staff.and_then(|s| self.rows.iter().position(|&r| r == s))
                            {
                                self.cursor.0 = row;
                            }
                        }
                        self.mode = Mode::Grid;
                    }
                    Action::Filter => {
                        self.mode = Mode::Violations {
                            selected: 0,
                            filter: filter.next(),
                        }
                    }
                    Action::Back | Action::Violations | Action::Quit => self.mode = Mode::Grid,
                    _ => {}
                }
                Vec::new()
            }
            Mode::Fairness { unit, scroll } => {
                let units = self.station.units.len();
                let (page, last) = super::view::list_window(self);
                if let Some(to) = scrolled(scroll, action, page, last) {
                    self.mode = Mode::Fairness { unit, scroll: to };
                    return Vec::new();
                }
                match action {
                    Action::Left => {
                        self.mode = Mode::Fairness {
                            unit: (unit + units - 1) % units,
                            scroll: 0,
                        }
                    }
                    Action::Right => {
                        self.mode = Mode::Fairness {
                            unit: (unit + 1) % units,
                            scroll: 0,
                        }
                    }
                    Action::Back | Action::Quit | Action::Fairness => self.mode = Mode::Grid,
                    _ => {}
                }
                Vec::new()
            }
            Mode::Now { scroll } | Mode::History { scroll } | Mode::Help { scroll } => {
                let (page, last) = super::view::list_window(self);
                if let Some(to) = scrolled(scroll, action, page, last) {
                    self.mode = match self.mode {
                        Mode::Now { .. } => Mode::Now { scroll: to },
                        Mode::History { .. } => Mode::History { scroll: to },
                        _ => Mode::Help { scroll: to },
                    };
                } else if matches!(
                    action,
                    Action::Back | Action::Quit | Action::Help | Action::Now | Action::History
                ) {
                    self.mode = Mode::Grid;
                }
                Vec::new()
            }
            Mode::ConfirmPublish { .. } => {
                self.mode = Mode::Grid;
                if action == Action::Yes {
                    self.status = "publishing...".into();
                    return vec![Command::Publish(Box::new(self.roster.clone()))];
                }
                self.status = "not published".into();
                Vec::new()
            }
            Mode::ConfirmAbsent { staff, day } => {
                self.mode = Mode::Grid;
                if action == Action::Yes {
                    self.status = "recording the absence...".into();
                    return vec![Command::RecordAbsence(super::app::Absence {
                        staff,
                        day,
                        broken: 0,
                    })];
                }
                self.status = "absence not recorded".into();
                Vec::new()
            }
            Mode::ConfirmDiscard { then } => {
                self.mode = Mode::Grid;
                if action == Action::Yes {
                    return vec![then];
                }
                Vec::new()
            }
        }
    }

    /// An absence is in the database: the officer is on leave that day for
    /// every verdict from now on, and off in the roster shown (on a
    /// published day the store took the duty off already).
    fn absence_recorded(&mut self, result: Result<super::app::Absence, String>) {
        let absence = match result {
            Ok(absence) => absence,
            Err(why) => {
                self.status = format!("absence not recorded: {why}");
                return;
            }
        };
        let (s, d) = (absence.staff, absence.day);
        let date = self.roster.date(d);
        self.station.leave.push(crate::model::Leave {
            staff: s,
            from: date,
            to: date,
            kind: crate::model::LeaveKind::Sick,
        });
        let published = self.week.is_published_on(d);
        if let Some(e) = self.week.context.day_of(date) {
            self.week.context.start.set(s, e, crate::model::Duty::Off);
        }
        self.roster.set(s, d, crate::model::Duty::Off);
        self.week.roster.set(s, d, crate::model::Duty::Off);
        self.dirty |= !published;
        let before: Vec<_> = self.report.hard().cloned().collect();
        self.rescore();
        // On a draft day the store broke nothing (nothing there is in
        // force); the draft shown did break, and says so.
        let broken = if published {
            absence.broken
        } else {
            self.report.hard().filter(|v| !before.contains(v)).count()
        };
        let name = &self.station.staff[s].name;
        self.status = if broken == 0 {
            format!("{name} recorded absent (sick) on {date}; nothing else breaks")
        } else if published {
            format!(
                "{name} recorded absent (sick) on {date}; {} now broken: duty replan --from {date} --to {date}",
                crate::text::count(broken, "hard rule")
            )
        } else {
            format!(
                "{name} recorded absent (sick) on {date}; {} now broken in this draft: s re-solves",
                crate::text::count(broken, "hard rule")
            )
        };
    }

    /// Does `then` at once, or asks first when edits would be lost.
    fn leave(&mut self, then: Command) -> Vec<Command> {
        if self.dirty {
            self.mode = Mode::ConfirmDiscard { then };
            Vec::new()
        } else {
            vec![then]
        }
    }

    fn on_grid_key(&mut self, action: Action) -> Vec<Command> {
        let (row, day) = self.cursor;
        match action {
            Action::Up => self.cursor.0 = row.saturating_sub(1),
            Action::Down => self.cursor.0 = (row + 1).min(self.rows.len() - 1),
            Action::Left => self.cursor.1 = day.saturating_sub(1),
            Action::Right => self.cursor.1 = (day + 1).min(self.roster.days - 1),
            Action::Enter => {
                // On a published day the choice becomes a day-of change,
                // recorded with a reason, as `duty assign` records it.
                let options = self.picker_options(self.officer(), day);
                let current = self.roster.get(self.officer(), day);
                let selected = options.iter().position(|(d, _)| *d == current).unwrap_or(0);
                self.mode = Mode::Picker { options, selected };
            }
            Action::Swap => match self.swap_mark.take() {
                None => {
                    self.swap_mark = Some((self.officer(), day));
                    self.status = "marked; move to the other cell and press x".into();
                }
                // `x` again on the marked cell takes the mark back: a cell
                // swapped with itself changes nothing and is no change to
                // record.
                Some(mark) if mark == (self.officer(), day) => {
                    self.status = "unmarked".into();
                }
                Some((s1, d1))
                    if self.week.is_published_on(d1) || self.week.is_published_on(day) =>
                {
                    let s2 = self.officer();
                    if d1 != day
                        || !self.week.is_published_on(d1)
                        || !self.week.is_published_on(day)
                    {
                        self.status = "on published days, swap two officers on the same day".into();
                    } else {
                        self.ask_day_of(DayOfChange::Swap { a: s1, b: s2, day });
                    }
                }
                Some((s1, d1)) => {
                    let s2 = self.officer();
                    if self.roster.is_pinned(s1, d1) || self.roster.is_pinned(s2, day) {
                        self.status = "a pinned cell cannot be swapped; unpin it first".into();
                    } else {
                        let (a, b) = (self.roster.get(s1, d1), self.roster.get(s2, day));
                        self.edit(|r| {
                            r.set(s1, d1, b);
                            r.set(s2, day, a);
                        });
                        self.status = format!(
                            "swapped {} and {}",
                            self.station.staff[s1].name, self.station.staff[s2].name
                        );
                    }
                }
            },
            Action::Pin if self.week.is_published_on(day) => {
                self.status = PUBLISHED_DAY.into();
            }
            Action::Pin => {
                let s = self.officer();
                let pinned = !self.roster.is_pinned(s, day);
                self.edit(|r| r.set_pinned(s, day, pinned));
                self.status = if pinned {
                    "pinned".into()
                } else {
                    "unpinned".into()
                };
            }
            Action::Solve if self.week.is_published() => {
                self.status = "every day shown is published: nothing to solve (change it with duty assign, swap or replan)".into();
            }
            Action::Solve => {
                self.solving = Some(Progress {
                    best: self.report.score,
                    moves: 0,
                    elapsed: std::time::Duration::ZERO,
                    moves_per_second: 0.0,
                    first_feasible: None,
                });
                self.status = "solving; Esc cancels and keeps the best".into();
                return vec![Command::Solve(Box::new(self.roster.clone()))];
            }
            Action::Violations => {
                self.mode = Mode::Violations {
                    selected: 0,
                    filter: ViolationFilter::All,
                }
            }
            Action::Fairness => {
                self.mode = Mode::Fairness {
                    unit: self.station.staff[self.officer()].unit,
                    scroll: 0,
                }
            }
            Action::Now => self.mode = Mode::Now { scroll: 0 },
            Action::History => {
                self.mode = Mode::History { scroll: 0 };
                return vec![Command::ShowHistory];
            }
            Action::Help => self.mode = Mode::Help { scroll: 0 },
            Action::Search => {
                self.mode = Mode::Search {
                    query: String::new(),
                    origin: row,
                };
                self.status = "find: type a name or id".into();
            }
            Action::NextMatch => self.next_match(false),
            Action::PrevMatch => self.next_match(true),
            Action::Filter => self.next_filter(),
            Action::PageUp | Action::PageDown | Action::Top | Action::Bottom => {
                self.move_by_page(action)
            }
            Action::Replan if !self.week.is_published_on(day) => {
                self.status = "r re-plans published days; s solves a draft".into();
            }
            Action::Replan => {
                self.status = format!("re-planning {}...", self.roster.date(day));
                return vec![Command::Replan(day)];
            }
            Action::Reload => {
                let period = self.week.period;
                return self.leave(Command::LoadWeek(period));
            }
            Action::PrevWeek | Action::NextWeek => {
                let step = if action == Action::NextWeek { 7 } else { -7 };
                let start = self.week.period.start + chrono::Duration::days(step);
                // The years every command accepts: beyond them, dates
                // stored as text no longer sort (+10000 before 1900).
                if !Period::YEARS.contains(&chrono::Datelike::year(&start)) {
                    self.status = format!(
                        "weeks start in the years {} to {}, as every command takes them",
                        Period::YEARS.start(),
                        Period::YEARS.end()
                    );
                    return Vec::new();
                }
                let weeks = self.week.period.weeks;
                return self.leave(Command::LoadWeek(Period { start, weeks }));
            }
            Action::Save => {
                if self.week.is_published() {
                    self.status = "already published".into();
                } else {
                    self.status = "saving...".into();
                    return vec![Command::SaveDraft(Box::new(self.roster.clone()))];
                }
            }
            Action::Undo => match self.undo.pop() {
                Some(previous) => {
                    let what = self.describe_change(&previous);
                    self.redo
                        .push(std::mem::replace(&mut self.roster, previous));
                    self.rescore();
                    self.status = format!("undone: {what}");
                }
                None => self.status = "nothing to undo".into(),
            },
            Action::Redo => match self.redo.pop() {
                Some(next) => {
                    let what = self.describe_change(&next);
                    self.undo.push(std::mem::replace(&mut self.roster, next));
                    self.rescore();
                    self.status = format!("redone: {what}");
                }
                None => self.status = "nothing to redo".into(),
            },
            Action::Publish => {
                if self.week.is_published() {
                    self.status = "already published".into();
                } else if self.week.published.iter().any(|&p| p) {
                    self.status = "part of these weeks is published; open the unpublished weeks alone ([ or ]) to publish them".into();
                } else if self.report.hard().count() > 0 {
                    // The verdict `duty publish` would give, before asking
                    // a question whose yes could only be refused.
                    self.status = format!(
                        "not published: {} broken (v lists them, s re-solves); an exception is published only with duty publish --force --reason",
                        crate::text::count(self.report.hard().count(), "hard rule")
                    );
                } else {
                    let ahead = self
                        .week
                        .context
                        .weekends_left_after(&self.station, &self.roster);
                    self.mode = Mode::ConfirmPublish { ahead };
                }
            }
            Action::Absent => {
                self.mode = Mode::ConfirmAbsent {
                    staff: self.officer(),
                    day,
                };
            }
            Action::Quit => return self.leave(Command::Quit),
            Action::Back => {
                if self.swap_mark.take().is_some() {
                    self.status = "swap cancelled".into();
                }
            }
            Action::Yes => {}
        }
        Vec::new()
    }

    /// Shows a day-of change with its verdict and asks for the reason.
    fn ask_day_of(&mut self, change: DayOfChange) {
        let verdict = self.day_of_verdict(change);
        self.mode = Mode::DayOf {
            change,
            verdict,
            reason: String::new(),
        };
    }

    /// What going from the roster shown to `other` changes, in words: the
    /// first cell changed and how many in all.
    fn describe_change(&self, other: &crate::model::Roster) -> String {
        let mut changed = (0..self.roster.staff)
            .flat_map(|s| (0..self.roster.days).map(move |d| (s, d)))
            .filter(|&(s, d)| {
                self.roster.get(s, d) != other.get(s, d)
                    || self.roster.is_pinned(s, d) != other.is_pinned(s, d)
            });
        let Some((s, d)) = changed.next() else {
            return "no cell changes".into();
        };
        let more = changed.count();
        let officer = &self.station.staff[s];
        let first = format!(
            "{} {} {} {} -> {}",
            officer.id,
            officer.name,
            self.roster.date(d).format("%a %d"),
            self.roster.get(s, d).code(&self.station),
            other.get(s, d).code(&self.station)
        );
        match more {
            0 => first,
            n => format!("{first} and {} more", crate::text::count(n, "cell")),
        }
    }
}
