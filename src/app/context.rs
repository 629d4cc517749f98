//! A period in its published surroundings, and the one judgement of a
//! roster. Every rule with a window (rest, days in a row, days off, nights
//! in a row, weekends per 4 weeks, days between chief watches) reaches
//! across the edge of the weeks shown, so a period is judged with the
//! published weeks around it as far as the longest window reaches, pinned.
//! Whatever asks (the editor, `plan`, `publish`, `print`, a day-of change)
//! gets its verdict from [`Context::judge`], so a roster has one verdict.

use chrono::{Days, NaiveDate};

use crate::model::fairness::{presence, presence_around, weekend_cycle};
use crate::model::{Constraint, Ledger, Period, Roster, Station};
use crate::solver::ScoreTerms;
use crate::solver::check::{Report, Violation, check_against};
use crate::solver::diagnose::{Finding, before_search, weekends_spent};
use crate::store::{Store, StoreError};

/// The furthest the context looks either side, in weeks.
const MAX_REACH_WEEKS: u32 = 8;

/// A period with the published weeks on either side that its rules reach.
#[derive(Debug, Clone)]
pub struct Context {
    /// The period asked for.
    pub period: Period,
    /// The period actually held: published weeks before, the period,
    /// published weeks after, and an unsaved look-ahead week when asked
    /// for and nothing is published after.
    pub extended: Period,
    /// Days of `extended` before `period` starts.
    pub lead_days: usize,
    /// Unsaved look-ahead days at the end of `extended`.
    pub lookahead_days: usize,
    /// The roster in force over `extended`: published days pinned, the
    /// rest off.
    pub start: Roster,
    /// Per day of `extended`: already published.
    pub published: Vec<bool>,
    /// Per day of `extended`: the verdict answers for it (a violation
    /// touching it is charged). Planning: the period's unpublished days;
    /// a day-of change: the whole period.
    pub open: Vec<bool>,
    /// Fairness history: everything in force outside `extended`.
    pub ledger: Ledger,
    /// Per officer: the share of the fairness span they were present
    /// ([`presence_around`]), which the solver and the verdict both weigh
    /// fairness by.
    pub presence: Vec<f64>,
    /// The first and last day of the weekend rule's cycle holding the
    /// period's last day ([`weekend_cycle`]), with history loaded: a
    /// verdict on weeks that end mid-cycle says that planning evens
    /// weekend days by its end, and the fairness screen which cycle the
    /// weeks shown are in, so that a manager does not read the cycle's
    /// unevenness so far as a fault.
    pub weekend_cycle: Option<(NaiveDate, NaiveDate)>,
}

/// How many weeks either side the station's rules reach: the longest of
/// the rest window (2 days), runs (the longest limit plus one), the
/// weekend rule (the weeks before a weekend that share its window: 3 for
/// a 4-week window), a reference period's limits (likewise), a
/// cross-training quota's window (likewise: its shifts may lie in the
/// weeks before) and the days between chief watches; at most
/// [`MAX_REACH_WEEKS`].
pub fn reach_weeks(station: &Station) -> u32 {
    let runs = station
        .contracts
        .iter()
        .map(|c| {
            c.max_consecutive_days
                .max(c.min_consecutive_days_off)
                .max(c.max_nights_in_row)
                .max(c.min_consecutive_days)
                + 1
        })
        .max()
        .unwrap_or(0);
    let windows = station
        .contracts
        .iter()
        .map(|c| {
            let limited = c.max_minutes_reference.is_some()
                || c.min_minutes_reference.is_some()
                || c.max_shifts.iter().any(Option::is_some);
            let reference = if limited { c.reference_weeks } else { 1 };
            (c.weekend_window_weeks.max(reference) - 1) * 7
        })
        .max()
        .unwrap_or(21);
    let training = station
        .cross_training
        .iter()
        .map(|t| (t.per_weeks.max(1) - 1) * 7)
        .max()
        .unwrap_or(0);
    let days = [
        2,
        windows,
        runs,
        training,
        station.chief_watch.min_days_between,
    ]
    .into_iter()
    .max()
    .unwrap_or(21);
    days.div_ceil(7).clamp(1, MAX_REACH_WEEKS)
}

impl Context {
    /// Loads `period` with the published weeks next to it: as many
    /// published weeks in a row before and after it as the rules reach.
    /// With `lookahead`, and nothing published right after, one unsaved
    /// week is added for the solver to plan tentatively, so the end of the
    /// period leaves the next one workable.
    pub fn load(
        store: &Store,
        station: &Station,
        period: Period,
        lookahead: bool,
    ) -> Result<Context, StoreError> {
        Context::load_with(store, station, period, lookahead, true)
    }

    /// [`Context::load`] without the fairness history before the published
    /// weeks around `period`: what its hard rules need, since none reaches
    /// further than those weeks and only fairness reads the ledger, at a
    /// fraction of the cost on years of history. Its verdict's hard
    /// violations are [`Context::load`]'s; its soft score is not, so it is
    /// for the question "is this legal?" alone (`duty now`).
    pub fn load_for_hard_rules(
        store: &Store,
        station: &Station,
        period: Period,
    ) -> Result<Context, StoreError> {
        Context::load_with(store, station, period, false, false)
    }

    fn load_with(
        store: &Store,
        station: &Station,
        period: Period,
        lookahead: bool,
        with_history: bool,
    ) -> Result<Context, StoreError> {
        let reach = reach_weeks(station);
        let span = Period {
            start: period.start - Days::new(7 * u64::from(reach)),
            weeks: 2 * reach + period.weeks,
        };
        let (all, published_all) = store.in_force(station, span.start, span.len_days())?;
        let week_published = |w: u32| {
            published_all[7 * w as usize..7 * w as usize + 7]
                .iter()
                .any(|&p| p)
        };
        let lead = (0..reach)
            .take_while(|&k| week_published(reach - 1 - k))
            .count() as u32;
        let after = reach + period.weeks;
        let trail = (0..reach)
            .take_while(|&k| week_published(after + k))
            .count() as u32;
        // Long enough that every window of the rules ending in the period
        // is seen whole, so week-by-week planning cannot paint itself into
        // a corner (three weekends worked, the fourth uncoverable).
        let lookahead_weeks = if trail == 0 && lookahead {
            reach.saturating_sub(period.weeks).max(1)
        } else {
            0
        };
        let extended = Period {
            start: period.start - Days::new(7 * u64::from(lead)),
            weeks: lead + period.weeks + trail + lookahead_weeks,
        };
        let first = 7 * (reach - lead) as usize;
        let mut start = all.window(first, extended.len_days());
        let published = published_all[first..first + extended.len_days()].to_vec();
        start.pin_days(&published);
        let lead_days = 7 * lead as usize;
        let open = (0..extended.len_days())
            .map(|d| d >= lead_days && d < lead_days + period.len_days() && !published[d])
            .collect();
        let ledger = if with_history {
            store.ledger_outside(Some((extended.start, extended.end())), None)?
        } else {
            Ledger::default()
        };
        let kept = extended.len_days() - 7 * lookahead_weeks as usize;
        let presence = presence_around(station, &ledger, &start, &published, kept);
        let weekend_cycle = if with_history {
            // Cycles count from the first week on record; a station's
            // first plan starts the record.
            let anchor = store.record_begins()?.unwrap_or(period.start);
            weekend_cycle(station, anchor, period.end())
        } else {
            None
        };
        Ok(Context {
            period,
            extended,
            lead_days,
            lookahead_days: 7 * lookahead_weeks as usize,
            start,
            published,
            open,
            ledger,
            presence,
            weekend_cycle,
        })
    }

    /// A period with no history around it: nothing published, no fairness
    /// ledger, every day open. For a station planned from scratch, the
    /// benchmarks and programs that use the library without a database.
    pub fn detached(station: &Station, period: Period) -> Context {
        let days = period.len_days();
        Context {
            period,
            extended: period,
            lead_days: 0,
            lookahead_days: 0,
            start: Roster::new(period.start, days, station.staff.len()),
            published: vec![false; days],
            open: vec![true; days],
            ledger: Ledger::default(),
            presence: presence(
                station,
                &Ledger::default(),
                &period.dates().collect::<Vec<_>>(),
            ),
            weekend_cycle: None,
        }
    }

    /// Makes the verdict answer for every day of the period, published or
    /// not: what a change to published days is judged by.
    pub fn answering_for_whole_period(mut self) -> Context {
        let (lead, days) = (self.lead_days, self.period.len_days());
        for (d, open) in self.open.iter_mut().enumerate() {
            *open = d >= lead && d < lead + days;
        }
        self
    }

    /// Opens published days of `extended` (indices) to the solver again, as
    /// a re-plan does: unpinned, no longer counted as published, and the
    /// only days the verdict answers for.
    pub fn reopen(&mut self, days: &[usize]) {
        self.open.fill(false);
        for &d in days {
            self.published[d] = false;
            self.open[d] = true;
            for s in 0..self.start.staff {
                self.start.set_pinned(s, d, false);
            }
        }
    }

    /// Day index in `extended` of a date, if held.
    pub fn day_of(&self, date: NaiveDate) -> Option<usize> {
        self.start.day_index(date)
    }

    /// The range of `extended` day indices that are the period.
    pub fn period_days(&self) -> std::ops::Range<usize> {
        self.lead_days..self.lead_days + self.period.len_days()
    }

    /// The published days held around the period, as runs of dates (first,
    /// last): what a planner is told stays as it is, rather than the whole
    /// span held, look-ahead included.
    pub fn published_runs(&self) -> Vec<(NaiveDate, NaiveDate)> {
        let mut runs: Vec<(NaiveDate, NaiveDate)> = Vec::new();
        for d in (0..self.published.len()).filter(|&d| self.published[d]) {
            let date = self.start.date(d);
            match runs.last_mut() {
                Some((_, last)) if last.succ_opt() == Some(date) => *last = date,
                _ => runs.push((date, date)),
            }
        }
        runs
    }

    /// True when published weeks lie next to the period in this context.
    pub fn has_published_neighbours(&self) -> bool {
        self.published.iter().any(|&p| p) && !self.overlaps_published() || self.lead_days > 0
    }

    /// True when some day of the period is already published.
    pub fn overlaps_published(&self) -> bool {
        self.published[self.period_days()].iter().any(|&p| p)
    }

    /// True when every day of the period is published.
    pub fn all_published(&self) -> bool {
        self.published[self.period_days()].iter().all(|&p| p)
    }

    /// Per day of the period: published.
    pub fn published_in_period(&self) -> Vec<bool> {
        self.published[self.period_days()].to_vec()
    }

    /// Index in `extended` of the first day after the weekend rule's
    /// cycle holding the period, when planning with a look-ahead: weekend
    /// days planned ahead up to it count toward the solver's fairness.
    pub fn weekend_cycle_end(&self) -> Option<usize> {
        let (_, last) = self.weekend_cycle.filter(|_| self.lookahead_days > 0)?;
        let end = usize::try_from((last - self.extended.start).num_days() + 1).ok()?;
        Some(end.min(self.extended.len_days()))
    }

    /// The extra objective terms the solver works with in this context.
    pub fn terms<'a>(&'a self, baseline: Option<&'a Roster>) -> ScoreTerms<'a> {
        ScoreTerms {
            baseline,
            lookahead_from: (self.lookahead_days > 0)
                .then(|| self.lead_days + self.period.len_days()),
            presence: Some(&self.presence),
            weekend_fair_until: self.weekend_cycle_end(),
        }
    }

    /// The days of the period cut out of a roster over `extended`.
    pub fn period_part(&self, roster: &Roster) -> Roster {
        roster.window(self.lead_days, self.period.len_days())
    }

    /// A roster over `extended`: what is in force, with a roster over the
    /// period (a draft, the editor's) laid on its unpublished days, pins
    /// and all. Published days always come from the store.
    pub fn splice(&self, period_roster: &Roster) -> Roster {
        let mut out = self.start.clone();
        for d in 0..period_roster.days.min(self.period.len_days()) {
            let e = self.lead_days + d;
            if self.published[e] {
                continue;
            }
            for s in 0..out.staff {
                out.set(s, e, period_roster.get(s, d));
                out.set_pinned(s, e, period_roster.is_pinned(s, d));
            }
        }
        out
    }

    /// Weekend days of the period that the published weeks before left
    /// short ([`weekends_spent`]): fixed days only, so no roster of the
    /// period changes the answer.
    pub fn weekends_used_up(&self, station: &Station) -> Vec<Finding> {
        weekends_spent(station, &self.start, &self.published, self.period_days())
    }

    /// Rules no roster of the period can meet, whatever the search: cover
    /// the staff on duty cannot give ([`before_search`]) and weekends the
    /// published weeks used up. What `duty plan` says before it searches
    /// and the editor says on opening the weeks.
    pub fn cannot_be_met(&self, station: &Station) -> Vec<Finding> {
        let mut findings = before_search(station, self.period);
        findings.extend(self.weekends_used_up(station));
        findings
    }

    /// Weekends after the period that `period_roster`, once published,
    /// leaves its units unable to cover under `max_weekends` (see
    /// [`crate::solver::diagnose::weekends_spent`]): the roster is legal,
    /// but the week after cannot be, and publishing is the last moment to
    /// change that cheaply. Empty when weeks after the period are already
    /// published: the verdict judges those.
    pub fn weekends_left_after(&self, station: &Station, period_roster: &Roster) -> Vec<Finding> {
        self.weekends_after(station, &self.splice(period_roster))
    }

    /// The weekends after the period that `after` leaves uncoverable and
    /// `before` did not (both over `extended`): what a day-of change or a
    /// re-plan newly causes, not what it found.
    pub fn weekends_newly_after(
        &self,
        station: &Station,
        before: &Roster,
        after: &Roster,
    ) -> Vec<Finding> {
        let already = self.weekends_after(station, before);
        self.weekends_after(station, after)
            .into_iter()
            .filter(|f| !already.contains(f))
            .collect()
    }

    /// [`Context::weekends_left_after`] of a roster over `extended` as it
    /// will be in force (a day-of change laid on published days).
    pub fn weekends_after(&self, station: &Station, in_force: &Roster) -> Vec<Finding> {
        let end = self.lead_days + self.period.len_days();
        if self.published.get(end).copied().unwrap_or(false) {
            return Vec::new();
        }
        let reach = station
            .contracts
            .iter()
            .map(|c| c.weekend_window_weeks.saturating_sub(1) as usize)
            .max()
            .unwrap_or(0);
        if reach == 0 {
            return Vec::new();
        }
        let mut roster = Roster::new(in_force.start, end + 7 * reach, in_force.staff);
        for d in 0..end {
            for s in 0..roster.staff {
                roster.set(s, d, in_force.get(s, d));
            }
        }
        let fixed = vec![true; end];
        weekends_spent(station, &roster, &fixed, end..roster.days)
    }

    /// The verdict of a roster over the period, in this context.
    pub fn verdict(&self, station: &Station, period_roster: &Roster) -> Report {
        self.judge(station, &self.splice(period_roster), None)
    }

    /// The one judgement: a roster over `extended` (the look-ahead week,
    /// tentative, left out) judged by the independent checker, keeping
    /// what this context answers for: violations touching an open day,
    /// those on other days that the starting roster does not have (the
    /// open days made them), and the period-wide rules (fairness, quotas,
    /// re-plan stability).
    pub fn judge(&self, station: &Station, roster: &Roster, baseline: Option<&Roster>) -> Report {
        let kept = self.extended.len_days() - self.lookahead_days;
        let held = roster.window(0, kept);
        let baseline_held = baseline.map(|b| b.window(0, kept));
        let terms = ScoreTerms {
            baseline: baseline_held.as_ref(),
            lookahead_from: None,
            presence: Some(&self.presence),
            weekend_fair_until: None,
        };
        let full = check_against(station, &held, &self.ledger, &terms);
        let open_day = |date: NaiveDate| held.day_index(date).is_some_and(|d| self.open[d]);
        // What the starting roster already broke on days this context does
        // not answer for; judged only when a violation lies wholly on such
        // days, which is rare.
        let mut settled: Option<Vec<Violation>> = None;
        let mut violations = Vec::new();
        for v in full.violations {
            if is_period_wide(v.constraint) || v.days.iter().any(|&d| open_day(d)) {
                violations.push(self.noted_mid_cycle(v, held.date(kept - 1)));
                continue;
            }
            // Wholly on pinned days, yet made by the open ones when the
            // starting roster does not break it so: a duty put on the last
            // open day that leaves a lone published day off, or the week's
            // hours over (named by its Monday, published) from a shift added
            // on Thursday. Charged, or a re-plan would call it legal.
            let before = settled.get_or_insert_with(|| {
                check_against(station, &self.start.window(0, kept), &self.ledger, &terms).violations
            });
            if !before.contains(&v) {
                violations.push(v);
            }
        }
        Report::from_violations(violations)
    }

    /// A weekend fairness violation on days that end before the weekend
    /// rule's cycle does, saying when planning evens them: mid-cycle, some
    /// have worked this cycle's weekends and others are yet to.
    fn noted_mid_cycle(&self, mut v: Violation, last_judged: NaiveDate) -> Violation {
        if let Some((_, last)) = self.weekend_cycle.filter(|&(_, last)| last_judged < last)
            && v.constraint == Constraint::FairWeekends
        {
            v.message.push_str(&format!(
                "; mid-cycle: planning evens weekend days over the weekend rule's cycle, which ends on {last}"
            ));
        }
        v
    }

    /// The hard penalty lying wholly in pinned published days of the
    /// starting roster, as the solver counts it: no move can remove it, so
    /// the search takes it as its floor (`SearchLimits::hard_floor`).
    pub fn pinned_hard_floor(&self, station: &Station, baseline: Option<&Roster>) -> i64 {
        let report = check_against(station, &self.start, &self.ledger, &self.terms(baseline));
        let pinned = |date: NaiveDate| self.day_of(date).is_some_and(|d| self.published[d]);
        report
            .violations
            .iter()
            .filter(|v| v.constraint.is_hard() && v.days.iter().all(|&d| pinned(d)))
            .map(|v| v.penalty)
            .sum()
    }

    /// Fairness history outside the period alone: the ledger plus the
    /// published weeks this context holds around the period. What the
    /// editor's fairness screen adds the shown weeks to.
    pub fn ledger_outside_period(&self, station: &Station) -> Ledger {
        let mut ledger = self.ledger.clone();
        let kept = self.extended.len_days() - self.lookahead_days;
        let outside = (0..kept).filter(|d| !self.period_days().contains(d));
        ledger.add_days(station, &self.start, outside);
        ledger
    }
}

/// Rules judged over the whole period rather than on days.
fn is_period_wide(c: Constraint) -> bool {
    matches!(
        c,
        Constraint::FairNights
            | Constraint::FairWeekends
            | Constraint::FairHolidays
            | Constraint::FairChief
            | Constraint::FairPoints
            | Constraint::Stability
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::model::Duty;
    use crate::sample::station_without_leave as sample;

    #[test]
    fn a_break_made_too_short_by_an_open_day_is_charged_though_it_lies_on_pinned_days() {
        let station = sample();
        let period = Period::parse_iso_week("2026-W49", 1).unwrap();
        let mut ctx = Context::detached(&station, period);
        // Only Thursday is open; the officer works Mon-Wed and the weekend,
        // Thursday and Friday off: a two-day break.
        ctx.open = (0..7).map(|d| d == 3).collect();
        let early = Duty::Shift(station.shifts.iter().position(|s| s.code == "E").unwrap());
        for d in [0, 1, 2, 5, 6] {
            ctx.start.set(0, d, early);
        }
        let short_break = |report: &Report| {
            report
                .violations
                .iter()
                .any(|v| v.constraint == Constraint::MinConsecutiveDaysOff && v.staff == Some(0))
        };
        assert!(!short_break(&ctx.verdict(&station, &ctx.start)));
        // A duty on Thursday leaves Friday, not open, a lone day off.
        let mut roster = ctx.start.clone();
        roster.set(0, 3, early);
        let report = ctx.verdict(&station, &roster);
        assert!(short_break(&report), "{:?}", report.violations);
        assert!(
            report
                .hard()
                .any(|v| v.constraint == Constraint::MinConsecutiveDaysOff)
        );
    }

    #[test]
    fn published_days_are_named_as_runs_of_dates() {
        let station = sample();
        let period = Period::parse_iso_week("2026-W49", 1).unwrap();
        let mut ctx = Context::detached(&station, period);
        assert!(ctx.published_runs().is_empty());
        ctx.published = (0..7).map(|d| d < 2 || d == 6).collect();
        let date = |d: &str| d.parse::<NaiveDate>().unwrap();
        assert_eq!(
            ctx.published_runs(),
            vec![
                (date("2026-11-30"), date("2026-12-01")),
                (date("2026-12-06"), date("2026-12-06"))
            ]
        );
    }
}
