//! The fairness benchmark: plan and publish weeks one by one, as a duty
//! manager does, into a throw-away database, then measure how even the
//! published history is: the worst spread of each category within the
//! groups compared, the part-timers' night share against the full-timers'
//! of their unit, points per FTE against the unit's mean, and how many
//! full-time officer-weeks without leave sit within their contract's band
//! of the target (`target_band_hours`, 4 h on the sample).
//! Fairness is judged over months, so it is measured over many weeks and
//! seeds, never asserted from one.

use std::sync::atomic::AtomicBool;

use chrono::Days;

use super::{AppError, Context, SaveAs, SearchLimits, publish_week, save_draft, solve};
use crate::model::standing::{
    Standing, night_share_gap, peer_spreads, points_vs_unit, standings, week_is_off_target,
};
use crate::model::{Category, Period, Roster, Station};
use crate::store::Store;

/// What one series of weeks gave.
#[derive(Debug, Clone, PartialEq)]
pub struct FairnessRun {
    /// The seed of the first week (week `k` is planned with seed + k).
    pub seed: u64,
    /// Weeks whose best roster broke a hard rule (published all the same,
    /// so the series goes on; named here).
    pub illegal_weeks: Vec<String>,
    /// Per category ([`Category::ALL`] order): the largest spread within
    /// one group of peers as the fairness measure sees it, counts set
    /// against time present ([`spread_in_duties`]): what "within 1" is
    /// judged by.
    pub worst_spread: [f64; 4],
    /// Per category: the largest plain difference of counts between two
    /// peers, weeks away and all (an officer away a whole week is not
    /// asked to make it up, so it is larger).
    pub worst_raw_spread: [u32; 4],
    /// Per category: the groups (see [`peer_group_label`]) whose spread
    /// in duties is more than one, so a reader sees which unit holds a
    /// figure back.
    pub uneven_groups: [Vec<String>; 4],
    /// The largest gap, in share of duties, between the part-timers' and
    /// the full-timers' night share within a unit (`None`: no unit has
    /// both).
    pub night_share_gap: Option<f64>,
    /// The largest distance of an officer's points per FTE from the unit's
    /// own duties from the unit's mean, as a fraction of the mean (see
    /// [`points_vs_unit`]).
    pub points_gap: f64,
    /// Full-time officer-weeks without leave near the target.
    pub near_target: NearTarget,
}

/// Full-time officer-weeks without leave against the target hours.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct NearTarget {
    /// Weeks within the contract's band of the target.
    pub near: u32,
    /// All such weeks.
    pub all: u32,
    /// Weeks that follow a Saturday worked and end in a free weekend: the
    /// end of a run of weekends, where days off in pairs and a limit on
    /// days in a row leave few days to work (the sample: four, 32 h).
    /// What bounds the share near target, counted so anyone can see it.
    pub run_ends: u32,
    /// Of those, the weeks off target.
    pub run_ends_off: u32,
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
        origin: "planned by duty bench fairness",
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
    let ledger = store.ledger_outside(None, None)?;
    let (published, _) = store.in_force(station, first.start, 7 * weeks as usize)?;
    let all = standings(station, &ledger);
    let Spreads {
        worst_spread,
        worst_raw_spread,
        uneven_groups,
    } = spreads(station, &all);
    Ok(FairnessRun {
        seed: limits.seed,
        illegal_weeks,
        worst_spread,
        worst_raw_spread,
        uneven_groups,
        night_share_gap: night_share_gap(station, &all),
        points_gap: points_vs_unit(station, &all)
            .into_iter()
            .flatten()
            .map(f64::abs)
            .fold(0.0, f64::max),
        near_target: near_target(station, &published),
    })
}

/// Per category, the worst spreads over the groups of peers and the
/// groups more than one apart.
struct Spreads {
    worst_spread: [f64; 4],
    worst_raw_spread: [u32; 4],
    uneven_groups: [Vec<String>; 4],
}

fn spreads(station: &Station, all: &[Standing]) -> Spreads {
    let peers = peer_spreads(station, all);
    let in_category = |c: Category| peers.iter().filter(move |p| p.category == c);
    Spreads {
        worst_spread: Category::ALL
            .map(|c| in_category(c).map(|p| p.in_duties).fold(0.0, f64::max)),
        worst_raw_spread: Category::ALL.map(|c| in_category(c).map(|p| p.raw).max().unwrap_or(0)),
        uneven_groups: Category::ALL.map(|c| {
            in_category(c)
                .filter(|p| !p.within_one())
                .map(|p| p.label.clone())
                .collect()
        }),
    }
}

/// Full-time officer-weeks without leave on `roster` against their
/// target (see [`NearTarget`]).
fn near_target(station: &Station, roster: &Roster) -> NearTarget {
    let calendar = station.leave_calendar();
    let day_minutes = crate::model::DayMinutes::of(station, roster);
    let works = |s: usize, d: usize| roster.get(s, d) != crate::model::Duty::Off;
    let mut count = NearTarget::default();
    for s in (0..roster.staff).filter(|&s| crate::model::standing::fte(station, s) >= 1.0) {
        for w in 0..roster.days / 7 {
            if (w * 7..w * 7 + 7).any(|d| calendar.on(s, roster.date(d)).is_some()) {
                continue;
            }
            let near = !week_is_off_target(station, &calendar, &day_minutes, roster, s, w);
            count.all += 1;
            count.near += u32::from(near);
            // Days 5 and 6 of a week are its Saturday and Sunday.
            let run_end =
                w > 0 && works(s, w * 7 - 2) && !works(s, w * 7 + 5) && !works(s, w * 7 + 6);
            count.run_ends += u32::from(run_end);
            count.run_ends_off += u32::from(run_end && !near);
        }
    }
    count
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::model::{Duty, Ledger};
    use crate::sample::station_without_leave as sample;

    /// `weeks` from 2026-W49 on the sample station, each officer listed
    /// on an early shift (8 h) on the days given, from 0.
    fn earlies(station: &Station, weeks: u32, rows: &[(usize, &[usize])]) -> Roster {
        let first = Period::parse_iso_week("2026-W49", weeks).unwrap();
        let mut roster = Roster::new(first.start, first.len_days(), station.staff.len());
        let early = Duty::Shift(station.shifts.iter().position(|s| s.code == "E").unwrap());
        for &(s, days) in rows {
            for &d in days {
                roster.set(s, d, early);
            }
        }
        roster
    }

    #[test]
    fn near_target_counts_full_time_weeks_within_four_hours() {
        let station = sample();
        // 40 h: on target; 32 h: 8 h short.
        let roster = earlies(&station, 1, &[(0, &[0, 1, 2, 3, 4]), (1, &[0, 1, 2, 3])]);
        let full_time = (0..station.staff.len())
            .filter(|&s| crate::model::standing::fte(&station, s) >= 1.0)
            .count() as u32;
        let count = near_target(&station, &roster);
        assert_eq!((count.near, count.all), (1, full_time));
        // One week: no weekend before it, so no run of weekends ends.
        assert_eq!(count.run_ends, 0);
    }

    #[test]
    fn a_week_after_a_saturday_worked_into_a_free_weekend_ends_a_run() {
        let station = sample();
        // Officer 0 works the first weekend, then Monday to Thursday, and
        // not the second weekend: a run ends, 32 h. Officer 1 works the
        // first Sunday only: no run ends.
        let roster = earlies(
            &station,
            2,
            &[(0, &[5, 6, 7, 8, 9, 10]), (1, &[6, 7, 8, 9, 10, 11])],
        );
        let count = near_target(&station, &roster);
        assert_eq!((count.run_ends, count.run_ends_off), (1, 1));
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
