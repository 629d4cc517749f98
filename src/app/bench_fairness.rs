//! The fairness benchmark: plan and publish weeks one by one, as a duty
//! manager does, into a throw-away database, then measure how even the
//! published history is: the worst spread of each category within the
//! groups compared, the part-timers' night share against the full-timers'
//! of their unit, points per FTE against the unit's mean, and how many
//! full-time officer-weeks without leave sit within 4 hours of the target.
//! Fairness is judged over months, so it is measured over many weeks and
//! seeds, never asserted from one.

use std::sync::atomic::AtomicBool;

use chrono::Days;

use super::{AppError, Context, SaveAs, SearchLimits, publish_week, save_draft, solve};
use crate::model::fairness::peer_groups;
use crate::model::standing::{night_share_gap, points_vs_unit, standings, week_off_target};
use crate::model::{Category, Period, Roster, Station};
use crate::store::Store;

/// Hours either side of the weekly target counted as near it.
const NEAR_TARGET_MINUTES: i64 = 4 * 60;

/// What one series of weeks gave.
#[derive(Debug, Clone, PartialEq)]
pub struct FairnessRun {
    /// The seed of the first week (week `k` is planned with seed + k).
    pub seed: u64,
    /// Weeks whose best roster broke a hard rule (published all the same,
    /// so the series goes on; named here).
    pub illegal_weeks: Vec<String>,
    /// Per category ([`Category::ALL`] order): the largest difference
    /// between two officers of one group.
    pub worst_spread: [u32; 4],
    /// The largest gap, in share of duties, between the part-timers' and
    /// the full-timers' night share within a unit (`None`: no unit has
    /// both).
    pub night_share_gap: Option<f64>,
    /// The largest distance of an officer's points per FTE from the unit's
    /// own duties from the unit's mean, as a fraction of the mean (see
    /// [`points_vs_unit`]).
    pub points_gap: f64,
    /// Full-time officer-weeks without leave within 4 h of the target,
    /// and how many there were.
    pub near_target: (u32, u32),
}

/// Plans and publishes `weeks` weeks from `first`, one at a time, each
/// within `limits` (week `k` with seed `limits.seed + k`), into a fresh
/// database in a temporary folder, and measures the history it leaves.
pub fn bench_fairness(
    station: &Station,
    first: Period,
    weeks: u32,
    limits: &SearchLimits,
) -> Result<FairnessRun, AppError> {
    let dir = tempfile::tempdir()
        .map_err(|e| AppError::Invalid(format!("cannot make a temporary folder: {e}")))?;
    let mut store = Store::open(&dir.path().join("bench.db"))?;
    let save = SaveAs {
        rules_hash: "bench",
        saved_by: "duty bench fairness",
        unchanged_since: None,
    };
    let mut illegal_weeks = Vec::new();
    for k in 0..weeks {
        let period = Period::starting_week_of(first.start + Days::new(7 * u64::from(k)), 1);
        let ctx = Context::load(&store, station, period, true)?;
        let week_limits = SearchLimits {
            seed: limits.seed + u64::from(k),
            ..limits.clone()
        };
        let solved = solve(
            station,
            &ctx,
            None,
            week_limits,
            &AtomicBool::new(false),
            &mut |_, _| {},
        )?;
        let roster = ctx.period_part(&solved.roster);
        save_draft(&mut store, station, &roster, &save)?;
        let legal = solved.report.score.is_feasible();
        if !legal {
            illegal_weeks.push(period.label());
        }
        let forced = (!legal).then_some("fairness benchmark: the series goes on");
        publish_week(&mut store, station, period.start, save.saved_by, forced)?;
    }
    let ledger = store.ledger_outside(chrono::NaiveDate::MAX, chrono::NaiveDate::MAX, None)?;
    let (published, _) = store.in_force(station, first.start, 7 * weeks as usize)?;
    let all = standings(station, &ledger);
    let worst_spread = Category::ALL.map(|category| {
        peer_groups(station, category)
            .iter()
            .map(|group| {
                let counts = group.iter().map(|&s| all[s].counts[category.index()]);
                counts.clone().max().unwrap_or(0) - counts.min().unwrap_or(0)
            })
            .max()
            .unwrap_or(0)
    });
    Ok(FairnessRun {
        seed: limits.seed,
        illegal_weeks,
        worst_spread,
        night_share_gap: night_share_gap(station, &all),
        points_gap: points_vs_unit(station, &all)
            .into_iter()
            .flatten()
            .map(f64::abs)
            .fold(0.0, f64::max),
        near_target: near_target(station, &published),
    })
}

/// Full-time officer-weeks without leave on `roster`, and how many of them
/// are within `NEAR_TARGET_MINUTES` of the week's target.
fn near_target(station: &Station, roster: &Roster) -> (u32, u32) {
    let calendar = station.leave_calendar();
    let (mut near, mut all) = (0, 0);
    for s in (0..roster.staff).filter(|&s| crate::model::standing::fte(station, s) >= 1.0) {
        for w in 0..roster.days / 7 {
            if (w * 7..w * 7 + 7).any(|d| calendar.on(s, roster.date(d)).is_some()) {
                continue;
            }
            all += 1;
            let off = week_off_target(station, &calendar, roster, s, w);
            near += u32::from(off.abs() <= NEAR_TARGET_MINUTES);
        }
    }
    (near, all)
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::model::{Duty, Ledger};
    use crate::sample::station_without_leave as sample;

    #[test]
    fn near_target_counts_full_time_weeks_within_four_hours() {
        let station = sample();
        let first = Period::parse_iso_week("2026-W49", 1).unwrap();
        let mut roster = Roster::new(first.start, 7, station.staff.len());
        let early = Duty::Shift(station.shifts.iter().position(|s| s.code == "E").unwrap());
        for d in 0..5 {
            roster.set(0, d, early); // 40 h: on target
        }
        for d in 0..4 {
            roster.set(1, d, early); // 32 h: 8 h short
        }
        let full_time = (0..station.staff.len())
            .filter(|&s| crate::model::standing::fte(&station, s) >= 1.0)
            .count() as u32;
        assert_eq!(near_target(&station, &roster), (1, full_time));
    }

    #[test]
    fn the_night_share_gap_sets_part_timers_beside_full_timers_of_their_unit() {
        let station = sample();
        let part = (0..station.staff.len())
            .find(|&s| crate::model::standing::fte(&station, s) < 1.0)
            .unwrap();
        let unit = station.staff[part].unit;
        let mut ledger = Ledger::default();
        for (s, officer) in station.staff.iter().enumerate() {
            // Full-timers: 2 nights of 10 duties; the part-timer 3 of 6.
            let (nights, duties) = if s == part { (3, 6) } else { (2, 10) };
            if officer.unit == unit {
                ledger.add(&officer.id, Category::Nights, nights);
                ledger.add_worked(&officer.id, "N", nights);
                ledger.add_worked(&officer.id, "E", duties - nights);
            }
        }
        let gap = night_share_gap(&station, &standings(&station, &ledger)).unwrap();
        assert!((gap - (0.5 - 0.2)).abs() < 1e-9, "{gap}");
    }
}
