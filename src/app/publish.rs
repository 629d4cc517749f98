//! Saving a draft and publishing it: one way for the CLI and the editor.
//! Both judge the roster in its context at the moment of writing, against
//! what the database holds then, so a stale editor or a neighbouring week
//! published meanwhile cannot slip an illegal roster through.

use chrono::NaiveDate;

use super::{AppError, Context};
use crate::model::calendar::iso_week_label;
use crate::model::{Period, Roster, Station};
use crate::solver::Report;
use crate::store::{RosterRow, SaveAs, Store};

/// A saved draft.
#[derive(Debug, Clone)]
pub struct Saved {
    /// Its id in the database.
    pub id: i64,
    /// Its verdict when saved (stored with it).
    pub report: Report,
    /// Weekends after it that it would leave uncoverable once published
    /// ([`Context::weekends_left_after`]).
    pub ahead: Vec<super::Finding>,
}

/// A published roster.
#[derive(Debug, Clone)]
pub struct Published {
    /// The draft that is now in force.
    pub draft: RosterRow,
    /// Its verdict when published.
    pub report: Report,
    /// Published although it breaks hard rules, with this reason.
    pub forced: Option<String>,
    /// Weekends after it that it leaves uncoverable
    /// ([`Context::weekends_left_after`]): said now, while a swap in the
    /// weeks just published can still free one.
    pub ahead: Vec<super::Finding>,
}

/// The weeks a roster over whole weeks spans.
fn period_of(roster: &Roster) -> Period {
    Period {
        start: roster.start,
        weeks: (roster.days / 7).max(1) as u32,
    }
}

/// Saves a roster over whole weeks (pins kept) as a draft, with its
/// verdict. Refuses a period of which any day is published, and, for an
/// editor (`save.unchanged_since`), weeks another process saved or
/// published since it opened them.
pub fn save_draft(
    store: &mut Store,
    station: &Station,
    roster: &Roster,
    save: &SaveAs,
) -> Result<Saved, AppError> {
    super::check_operator(save.saved_by)?;
    let ctx = Context::load(store, station, period_of(roster), false)?;
    refuse_published(&ctx)?;
    let report = ctx.verdict(station, roster);
    let id = store.save_draft(
        station,
        roster,
        (report.score.hard, report.score.soft),
        save,
    )?;
    let ahead = ctx.weekends_left_after(station, roster);
    Ok(Saved { id, report, ahead })
}

fn refuse_published(ctx: &Context) -> Result<(), AppError> {
    let (from, to) = (ctx.period.start, ctx.period.end());
    if ctx.all_published() {
        Err(AppError::AlreadyPublished { from, to })
    } else if ctx.overlaps_published() {
        Err(AppError::PartlyPublished { from, to })
    } else {
        Ok(())
    }
}

/// Publishes the newest draft starting on `start`.
pub fn publish_week(
    store: &mut Store,
    station: &Station,
    start: NaiveDate,
    operator: &str,
    force_reason: Option<&str>,
) -> Result<Published, AppError> {
    let Some(draft) = store.latest_draft(start)? else {
        // Publishing a week twice is a slip worth naming as such: "make a
        // draft" would send the manager to a plan that refuses too.
        if let Some(published) = store.published_on(start)? {
            return Err(AppError::AlreadyPublished {
                from: published.start,
                to: published.end,
            });
        }
        return Err(no_draft_on(store, start)?);
    };
    publish_draft(store, station, draft, operator, force_reason)
}

/// The newest draft holding `day`, whatever week it starts in.
pub(super) fn newest_draft_holding(
    store: &Store,
    day: NaiveDate,
) -> Result<Option<RosterRow>, AppError> {
    newest_draft_between(store, day, day)
}

/// The newest draft holding any day from `from` to `to`.
fn newest_draft_between(
    store: &Store,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Option<RosterRow>, AppError> {
    Ok(store
        .rosters(from, to)?
        .into_iter()
        .filter(|r| r.status == "draft")
        .max_by_key(|r| r.id))
}

/// Why no draft starts on `start`: none was saved, or the newest draft
/// holding that day starts earlier (a plan of several weeks), in which
/// case the message names the week that opens it.
pub(super) fn no_draft_on(store: &Store, start: NaiveDate) -> Result<AppError, AppError> {
    Ok(match newest_draft_holding(store, start)? {
        Some(draft) => AppError::InsideDraft {
            start,
            week: iso_week_label(start),
            id: draft.id,
            from: draft.start,
            to: draft.end,
            first: iso_week_label(draft.start),
            weeks: draft.weeks(),
        },
        None => AppError::NoDraft {
            start,
            week: iso_week_label(start),
        },
    })
}

/// Publishes a draft after judging it in its context now. Refuses while
/// hard rules break, unless a reason to force it is given (recorded).
pub fn publish_draft(
    store: &mut Store,
    station: &Station,
    draft: RosterRow,
    operator: &str,
    force_reason: Option<&str>,
) -> Result<Published, AppError> {
    super::check_operator(operator)?;
    if let Some(reason) = force_reason {
        super::check_reason(reason)?;
    }
    refuse_superseded(store, &draft)?;
    let roster = store.load_roster(station, &draft)?;
    let ctx = Context::load(store, station, period_of(&roster), false)?;
    refuse_published(&ctx)?;
    let report = ctx.verdict(station, &roster);
    let hard: Vec<_> = report.hard().cloned().collect();
    let forced = match force_reason {
        _ if hard.is_empty() => None,
        Some(reason) => Some(reason.to_string()),
        None => {
            return Err(AppError::BreaksHardRules {
                subject: format!("draft #{}", draft.id),
                violations: hard,
            });
        }
    };
    store.publish(station, &draft, operator, forced.as_deref())?;
    let ahead = ctx.weekends_left_after(station, &roster);
    Ok(Published {
        draft,
        report,
        forced,
        ahead,
    })
}

/// Refuses a draft of which a newer draft plans some days: a week saved
/// on its own after a plan of several weeks is the manager's latest word
/// on it, and publishing the older plan would discard it without a word.
fn refuse_superseded(store: &Store, draft: &RosterRow) -> Result<(), AppError> {
    let newer = newest_draft_between(store, draft.start, draft.end)?.filter(|r| r.id > draft.id);
    match newer {
        Some(newer) => Err(AppError::NewerDraftInside {
            id: draft.id,
            from: draft.start,
            to: draft.end,
            newer: newer.id,
            newer_from: newer.start,
            newer_to: newer.end,
            first: iso_week_label(draft.start),
            weeks: draft.weeks(),
        }),
        None => Ok(()),
    }
}

/// What the editor's status line adds when a roster leaves the weekends
/// after it uncoverable: the first such weekend, and where the reasons are.
pub fn ahead_note(ahead: &[super::Finding]) -> String {
    match ahead.first() {
        None => String::new(),
        Some(first) => format!(
            "; WARNING: with it in force, the weekend of {} cannot be covered legally (duty plan {} says why)",
            first.date,
            iso_week_label(first.date)
        ),
    }
}

/// Saves a roster as a draft and publishes that draft, as the editor's
/// publish does: refused (and nothing published) while hard rules break.
pub fn save_and_publish(
    store: &mut Store,
    station: &Station,
    roster: &Roster,
    save: &SaveAs,
) -> Result<Published, AppError> {
    let ctx = Context::load(store, station, period_of(roster), false)?;
    refuse_published(&ctx)?;
    let hard: Vec<_> = ctx.verdict(station, roster).hard().cloned().collect();
    if !hard.is_empty() {
        return Err(AppError::BreaksHardRules {
            subject: "this roster".into(),
            violations: hard,
        });
    }
    let saved = save_draft(store, station, roster, save)?;
    let draft = store
        .latest_draft(roster.start)?
        .filter(|r| r.id == saved.id)
        .ok_or_else(|| {
            AppError::Invalid(
                "another draft of this week was saved meanwhile; not published".into(),
            )
        })?;
    publish_draft(store, station, draft, save.saved_by, None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_editor_is_told_of_a_weekend_left_uncoverable_and_where_to_look() {
        assert_eq!(ahead_note(&[]), "");
        let saturday = NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
        let finding = super::super::Finding {
            date: saturday,
            message: "Sat 2026-11-28 and Sun 2026-11-29: patrol needs 9 officers".into(),
        };
        assert_eq!(
            ahead_note(&[finding]),
            "; WARNING: with it in force, the weekend of 2026-11-28 cannot be covered legally (duty plan 2026-W48 says why)"
        );
    }
}
