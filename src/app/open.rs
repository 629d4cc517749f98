//! Opening a period to look at: what the editor shows (in force on
//! published days, the newest draft with its pins on the others) and what
//! `print` prints (in force, or the saved draft), each with its verdict.

use chrono::{Days, NaiveDate};

use super::query::{training_in_force, weeks_off_target_outside};
use super::{AppError, Context};
use crate::model::standing::WeeksOffTarget;
use crate::model::{Period, Roster, Station};
use crate::solver::Report;
use crate::store::{DutyTimes, Store};

/// A period opened for the editor.
#[derive(Debug, Clone)]
pub struct Opened {
    /// The period in its published surroundings (with a look-ahead week
    /// for solving when nothing is published after it).
    pub context: Context,
    /// The roster over the period: in force on published days (pinned),
    /// the newest draft of each week with its pins on the others.
    pub roster: Roster,
    /// Its verdict.
    pub report: Report,
    /// The newest roster (draft or published) of the period when it was
    /// opened: saving later is refused if another process wrote since.
    pub stamp: Option<i64>,
    /// What is in force over the cross-training window holding the
    /// period's last day (no days when the station has no cross-training,
    /// or nothing is stored): what the editor lays its roster over to show
    /// each trainee's progress.
    pub training: Roster,
    /// Weeks off target in the published history outside the period: the
    /// editor adds the weeks it shows, as edited.
    pub weeks_off_target: WeeksOffTarget,
    /// Duties in force in the period of officers no longer in staff.toml
    /// (see [`left_out`]).
    pub left_out: Vec<LeftOut>,
    /// Duties in force in the period published with times rules.toml no
    /// longer gives (see [`retimed`]).
    pub retimed: Option<Retimed>,
    /// Rules no roster of the period can meet ([`Context::cannot_be_met`]):
    /// the editor says them on opening, as `duty plan` does before it
    /// searches.
    pub cannot_be_met: Vec<super::Finding>,
}

impl Opened {
    /// A roster opened with no history around it (see
    /// [`Context::detached`]): for benchmarks and tests of the editor.
    pub fn detached(station: &Station, roster: Roster) -> Opened {
        let period = Period {
            start: roster.start,
            weeks: (roster.days / 7) as u32,
        };
        let context = Context::detached(station, period);
        let report = context.verdict(station, &roster);
        let training = Roster::new(period.start, 0, station.staff.len());
        Opened {
            context,
            roster,
            report,
            stamp: None,
            training,
            weeks_off_target: WeeksOffTarget::default(),
            left_out: Vec::new(),
            retimed: None,
            cannot_be_met: Vec::new(),
        }
    }
}

/// Opens `period` for editing.
pub fn open_period(store: &Store, station: &Station, period: Period) -> Result<Opened, AppError> {
    let context = Context::load(store, station, period, true)?;
    let mut roster = context.period_part(&context.start);
    let published = context.published_in_period();
    for week in 0..period.weeks {
        // The draft saved for this week, else the newest one of several
        // weeks that holds it: a week planned as part of a month opens
        // as planned.
        let start = period.start + Days::new(7 * u64::from(week));
        let row = match store.latest_draft(start)? {
            Some(row) => Some(row),
            None => super::publish::newest_draft_holding(store, start)?,
        };
        let Some(row) = row else {
            continue;
        };
        let draft = store.load_roster(station, &row)?;
        for d in 0..draft.days {
            let Some(day) = roster.day_index(draft.date(d)) else {
                continue;
            };
            if !published[day] {
                for s in 0..roster.staff {
                    roster.set(s, day, draft.get(s, d));
                    roster.set_pinned(s, day, draft.is_pinned(s, d));
                }
            }
        }
    }
    // A period all published is judged as `print` judges it: for every
    // day in force, so that a sick call's gap shows in the editor too.
    let context = if context.all_published() {
        context.answering_for_whole_period()
    } else {
        context
    };
    let report = context.verdict(station, &roster);
    let stamp = store
        .latest_between(period.start, period.end())?
        .map(|row| row.id);
    // The record begins with the first week published, or with these
    // weeks when they come first.
    let first = store
        .record_begins()?
        .map_or(period.start, |first| first.min(period.start));
    let training = training_in_force(store, station, period.end(), Some(first))?
        .unwrap_or_else(|| Roster::new(period.start, 0, station.staff.len()));
    let cannot_be_met = context.cannot_be_met(station);
    Ok(Opened {
        stamp,
        context,
        roster,
        report,
        training,
        weeks_off_target: weeks_off_target_outside(store, station, period)?,
        left_out: left_out(store, station, (period.start, period.end()))?,
        retimed: retimed(store, station, (period.start, period.end()))?,
        cannot_be_met,
    })
}

/// The roster in force over a published period, judged whole: what
/// `print` prints of published weeks, and what `duty now` reads the day's
/// broken rules from.
pub(super) fn in_force_judged(context: &Context, station: &Station) -> (Roster, Report) {
    let roster = context.period_part(&context.start);
    let report = context
        .clone()
        .answering_for_whole_period()
        .verdict(station, &roster);
    (roster, report)
}

/// What `print` prints for a period: what is in force when it is all
/// published, else the newest draft saved for it; with its verdict, so a
/// roster that breaks hard rules says so on paper.
pub fn print_period(
    store: &Store,
    station: &Station,
    period: Period,
) -> Result<(Roster, Report), AppError> {
    let context = Context::load(store, station, period, false)?;
    if context.all_published() {
        return Ok(in_force_judged(&context, station));
    }
    if context.overlaps_published() {
        return Err(AppError::PartlyPublished {
            from: period.start,
            to: period.end(),
        });
    }
    let Some(draft) = store.latest_draft(period.start)? else {
        return Err(super::publish::no_draft_on(store, period.start)?);
    };
    let saved = store.load_roster(station, &draft)?;
    if saved.days < period.len_days() {
        return Err(AppError::Invalid(format!(
            "the draft saved for {} covers {}, fewer than the {} asked for",
            period.start,
            crate::text::count(saved.days, "day"),
            period.len_days()
        )));
    }
    let roster = saved.window(0, period.len_days());
    let report = context.verdict(station, &roster);
    Ok((roster, report))
}

/// Published duties whose times rules.toml no longer gives: a shift's
/// start or length, the chief watch or the time zone changed after they
/// were published. Officers were told the published times and `duty now`
/// answers with them, while the grid, the print and the verdict read the
/// codes with today's rules: every view of such days says so.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Retimed {
    /// How many duties in the span.
    pub count: usize,
    /// The first of them, by date then officer id.
    pub first: DutyTimes,
    /// Its published start and end, on the station's clock.
    pub published: String,
    /// The start and end rules.toml gives it now.
    pub rules: String,
}

impl Retimed {
    /// One line for a reader: how many, the first, and what it means.
    pub fn describe(&self) -> String {
        let first = &self.first;
        format!(
            "{} published dut{} no longer match rules.toml's times (a shift, the chief watch or the time zone changed since publishing), first {} {} on {}: published {}, rules.toml now {}; `duty now` answers with the published times, the roster and its verdict with rules.toml's",
            self.count,
            if self.count == 1 { "y" } else { "ies" },
            first.staff_id,
            first.duty,
            first.date,
            self.published,
            self.rules,
        )
    }
}

/// The duties in force from `from` to `to` whose published instants differ
/// from those rules.toml gives their code and date now (see [`Retimed`]).
pub fn retimed(
    store: &Store,
    station: &Station,
    (from, to): (NaiveDate, NaiveDate),
) -> Result<Option<Retimed>, AppError> {
    let local = |unix: i64| {
        chrono::DateTime::from_timestamp(unix, 0).map_or(String::new(), |t| {
            t.with_timezone(&station.timezone)
                .format("%Y-%m-%d %H:%M %Z")
                .to_string()
        })
    };
    let mut found: Option<Retimed> = None;
    for duty in store.duty_times(from, to)? {
        let Some(rules) = crate::model::Duty::from_code(station, &duty.duty)
            .and_then(|d| d.interval(station, duty.date))
        else {
            continue;
        };
        let rules = (rules.start_utc().timestamp(), rules.end_utc().timestamp());
        if rules == (duty.start_utc, duty.end_utc) {
            continue;
        }
        match &mut found {
            Some(retimed) => retimed.count += 1,
            None => {
                found = Some(Retimed {
                    count: 1,
                    published: format!("{} to {}", local(duty.start_utc), local(duty.end_utc)),
                    rules: format!("{} to {}", local(rules.0), local(rules.1)),
                    first: duty,
                });
            }
        }
    }
    Ok(found)
}

/// Published duties of one officer no longer in staff.toml, within a span.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeftOut {
    /// The id the duties were published under.
    pub staff_id: String,
    /// Each duty: its date and code.
    pub duties: Vec<(NaiveDate, String)>,
}

/// The duties in force from `from` to `to` held by officers no longer in
/// staff.toml. The roster and its verdict leave them out (the cover they
/// gave counts as lost), so a week published legal can read NOT LEGAL
/// once an officer is taken out of the file: every view that shows such a
/// verdict says whose duties are missing, instead of leaving the manager
/// to wonder why.
pub fn left_out(
    store: &Store,
    station: &Station,
    (from, to): (NaiveDate, NaiveDate),
) -> Result<Vec<LeftOut>, AppError> {
    let mut found: Vec<LeftOut> = Vec::new();
    for (staff_id, date, code) in store.duties_of_unknown_staff(station, from, to)? {
        match found.last_mut() {
            Some(last) if last.staff_id == staff_id => last.duties.push((date, code)),
            _ => found.push(LeftOut {
                staff_id,
                duties: vec![(date, code)],
            }),
        }
    }
    Ok(found)
}

impl LeftOut {
    /// One line for a reader: whose duties, which, and what to do.
    pub fn describe(&self) -> String {
        let duties: Vec<String> = self
            .duties
            .iter()
            .map(|(date, code)| format!("{date} {code}"))
            .collect();
        format!(
            "{} is not in staff.toml: {} published dut{} ({}) left out of this roster and its verdict; keep an officer in staff.toml while their duties are in force",
            self.staff_id,
            self.duties.len(),
            if self.duties.len() == 1 { "y" } else { "ies" },
            duties.join(", ")
        )
    }
}
