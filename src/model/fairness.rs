//! Who is compared with whom for fairness, and how. Officers are compared
//! for a category when they share a unit and may take that kind of duty at
//! all; chief watches compare every eligible officer, whatever their unit.
//! They are compared by their load **in proportion to their contract and
//! to the time they were there**: a part-timer on 0.6 of the full-time
//! hours should carry 0.6 of a full-timer's nights, history included, and
//! an officer who joined four weeks into eight, half a full-timer's.
//! Officers on the same contract, there throughout, then differ by at most
//! one.
//!
//! The measure is a weighted sum of squares: each officer's count squared,
//! times their [`share_weights`] (inversely proportional to FTE times
//! [`presence`]). For a fixed total it is smallest when counts are in
//! proportion to FTE and presence, so its excess over
//! [`min_weighted_sum_of_squares`] is the unfairness the solver and the
//! checker both price.

use std::cmp::Reverse;
use std::collections::{BTreeMap, BinaryHeap};

use chrono::NaiveDate;

use super::calendar::week_monday;
use super::ledger::{Category, Ledger};
use super::roster::Roster;
use super::standing::fte;
use super::station::Station;

/// The [`share_weight`] of a full-time officer. Sixty makes the common
/// contracts whole numbers: 0.6 FTE weighs 100, 0.5 weighs 120, 0.75 weighs
/// 80, 0.8 weighs 75.
pub const FULL_TIME_WEIGHT: i64 = 60;

/// The groups of officer indices compared for one category. Officers who
/// cannot take that duty at all are in no group.
pub fn fairness_groups(station: &Station, category: Category) -> Vec<Vec<usize>> {
    let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (s, officer) in station.staff.iter().enumerate() {
        let key = match category {
            Category::Nights => {
                let can_night = station
                    .shifts
                    .iter()
                    .enumerate()
                    .any(|(sh, shift)| shift.night && station.can_work(s, sh));
                if !can_night {
                    continue;
                }
                officer.unit
            }
            Category::WeekendDays | Category::HolidayDays => officer.unit,
            Category::ChiefWatches => {
                if !station.is_chief_eligible(s) {
                    continue;
                }
                usize::MAX
            }
        };
        groups.entry(key).or_default().push(s);
    }
    groups.into_values().collect()
}

/// The officers of each unit: who are compared on the points of the
/// unit's own duties ([`super::Points::unit_total`]), since they share
/// those duties whatever each may take (a traffic officer's weekend day
/// weighs against a colleague's night).
pub fn unit_groups(station: &Station) -> Vec<Vec<usize>> {
    let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (s, officer) in station.staff.iter().enumerate() {
        groups.entry(officer.unit).or_default().push(s);
    }
    groups.into_values().collect()
}

/// The officers of each fairness group split by contract: peers whose
/// counts should differ by at most one. What a fairness report's "spread"
/// is measured over.
pub fn peer_groups(station: &Station, category: Category) -> Vec<Vec<usize>> {
    let mut peers = Vec::new();
    for group in fairness_groups(station, category) {
        let mut by_contract: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for s in group {
            by_contract
                .entry(station.staff[s].contract)
                .or_default()
                .push(s);
        }
        peers.extend(by_contract.into_values());
    }
    peers
}

/// Names a peer group (see [`peer_groups`]) for a reader: its unit, or
/// "chief-eligible" for the watch shared across units, then its contract,
/// such as "patrol full_time", so a report can say where a spread lies.
pub fn peer_group_label(station: &Station, category: Category, group: &[usize]) -> String {
    let Some(&first) = group.first() else {
        return String::new();
    };
    let officer = &station.staff[first];
    let contract = &station.contracts[officer.contract].code;
    match category {
        Category::ChiefWatches => format!("chief-eligible {contract}"),
        _ => format!("{} {contract}", station.units[officer.unit].code),
    }
}

/// The first and last day of the weekend rule's cycle holding `day`:
/// cycles as long as the longest `max_weekends` window, counted from the
/// Monday of `anchor`'s week (the first week on record). Who may work a
/// weekend is settled by who worked the weekends before it, so a week
/// planned alone cannot even weekend days by itself: it evens them to
/// the end of its cycle, counting the weeks after it as planned ahead,
/// and at the cycle's end the history is even; a reader of spreads
/// mid-cycle needs to know where it ends. `None` when no window is
/// longer than a week.
pub fn weekend_cycle(
    station: &Station,
    anchor: NaiveDate,
    day: NaiveDate,
) -> Option<(NaiveDate, NaiveDate)> {
    let weeks = station
        .contracts
        .iter()
        .map(|c| c.weekend_window_weeks)
        .max()
        .filter(|&w| w > 1)?;
    let len = 7 * i64::from(weeks);
    let anchor = week_monday(anchor);
    let cycle = (day - anchor).num_days().div_euclid(len);
    let first = anchor.checked_add_signed(chrono::TimeDelta::days(cycle * len))?;
    let last = first.checked_add_signed(chrono::TimeDelta::days(len - 1))?;
    Some((first, last))
}

/// Where `day` (the last day a report counts, or an editor shows) lies
/// in the weekend rule's cycle (`first` to `last`, [`weekend_cycle`]):
/// weekend days are evened at its end, so mid-cycle they may read apart.
/// What `duty fairness` and the editor's fairness screen print under the
/// weekend spreads, short enough for the editor's box.
pub fn weekend_cycle_note((first, last): (NaiveDate, NaiveDate), day: NaiveDate) -> String {
    let weeks = ((last - first).num_days() + 1) / 7;
    let whereabouts = if day == last {
        format!("{day} ends the cycle begun {first}")
    } else {
        format!("{day} is mid-cycle ({first} to {last})")
    };
    format!("weekend days even out at each {weeks}-week cycle's end; {whereabouts}")
}

/// Each officer's share of the weeks fairness is counted over that they
/// were on the roster: the weeks of history in which they worked any duty,
/// then the weeks of `dates` (planned or judged) in which they are not
/// away every day. The span is every week anyone worked, then the weeks of
/// `dates`. An officer who joined last week, or is back from three months'
/// sick leave, is expected to have carried that share of the station's
/// nights and weekends, not a full one: counted against colleagues' whole
/// history they would be handed every night until caught up. Counted in
/// whole weeks, as rosters are planned and published: a day of leave or a
/// medical check-up does not reorder a month of nights. 1.0 for everyone
/// when there is neither history nor a date.
pub fn presence(station: &Station, ledger: &Ledger, dates: &[NaiveDate]) -> Vec<f64> {
    let calendar = station.leave_calendar();
    let mut planned: BTreeMap<NaiveDate, Vec<NaiveDate>> = BTreeMap::new();
    for &date in dates {
        planned.entry(week_monday(date)).or_default().push(date);
    }
    let span = ledger.weeks().len() + planned.len();
    (0..station.staff.len())
        .map(|s| {
            if span == 0 {
                return 1.0;
            }
            let history = ledger.weeks_worked(&station.staff[s].id).count();
            let ahead = planned
                .values()
                .filter(|week| week.iter().any(|&date| !calendar.away(s, date)))
                .count();
            (history + ahead) as f64 / span as f64
        })
        .collect()
}

/// [`presence`] for a period some of whose days are already published
/// (`published`, per day of `held`): a published week counts as present
/// for an officer who worked in it, as history does, and the other days
/// of the first `counted_days` unless away. An officer added to
/// `staff.toml` after those weeks were published is not taken to have
/// been there.
pub fn presence_around(
    station: &Station,
    ledger: &Ledger,
    held: &Roster,
    published: &[bool],
    counted_days: usize,
) -> Vec<f64> {
    let mut known = ledger.clone();
    let mut open = Vec::new();
    for d in 0..counted_days.min(held.days) {
        let date = held.date(d);
        if !published.get(d).copied().unwrap_or(false) {
            open.push(date);
            continue;
        }
        for s in (0..held.staff).filter(|&s| held.get(s, d).is_working()) {
            known.add_week(&station.staff[s].id, week_monday(date));
        }
    }
    presence(station, &known, &open)
}

/// How far apart a group of peers are, in duties, as the fairness measure
/// sees them: the largest `(c_i - 1/2) u_i - (c_j + 1/2) u_j`, over
/// [`FULL_TIME_WEIGHT`], plus one, where `c` are the counts and `u` the
/// [`share_weights`]. With everyone present throughout and on one contract
/// it is the plain difference between the most and the fewest; in
/// general it is at most one exactly when no duty handed from one officer
/// to another would leave the group more even (the floor the solver
/// works toward), so an officer who was away a third of the time and
/// worked a third fewer nights is even with the rest, and one caught up
/// after leave is not. What `duty bench fairness` judges "within 1" by.
pub fn spread_in_duties(counts: &[u32], weights: &[i64]) -> f64 {
    if counts.len() < 2 {
        return 0.0;
    }
    let at = |i: usize, half: f64| (f64::from(counts[i]) + half) * weights[i] as f64;
    let most = (0..counts.len())
        .map(|i| at(i, -0.5))
        .fold(f64::NEG_INFINITY, f64::max);
    let least = (0..counts.len())
        .map(|i| at(i, 0.5))
        .fold(f64::INFINITY, f64::min);
    ((most - least) / FULL_TIME_WEIGHT as f64 + 1.0).max(0.0)
}

/// The least presence a weight is computed from: one day in a hundred.
const MIN_PRESENCE: f64 = 0.01;

/// How much one duty of each officer's weighs in the fairness measure:
/// [`FULL_TIME_WEIGHT`] divided by their FTE and by their [`presence`], so
/// that a part-timer's count, or a newcomer's, is compared in proportion.
/// An officer with no hours at all weighs as a full-timer (nothing to be
/// in proportion to).
pub fn share_weights(station: &Station, presence: &[f64]) -> Vec<i64> {
    presence
        .iter()
        .enumerate()
        .map(|(s, &present)| {
            let fte = fte(station, s);
            if fte <= 0.0 {
                return FULL_TIME_WEIGHT;
            }
            // An officer never there cannot be given a duty; the floor
            // keeps their weight finite all the same.
            (FULL_TIME_WEIGHT as f64 / (fte * present.max(MIN_PRESENCE))).round() as i64
        })
        .collect()
}

/// The weighted sum of squares of counts, the measure whose excess is
/// unfair.
pub fn weighted_sum_of_squares(weights: &[i64], counts: &[i64]) -> i64 {
    weights.iter().zip(counts).map(|(w, c)| w * c * c).sum()
}

/// For every total from 0 to `max_total`, the smallest weighted sum of
/// squares whole counts adding up to that total can have: reached exactly
/// when the counts are as near to proportional to FTE as whole numbers
/// allow (with equal weights: no two differ by more than one). Built by
/// handing each next duty to whoever it costs least, which is optimal for a
/// sum of convex terms.
pub fn min_weighted_sum_of_squares(weights: &[i64], max_total: usize) -> Vec<i64> {
    let mut floor = Vec::with_capacity(max_total + 1);
    floor.push(0);
    if weights.is_empty() {
        floor.resize(max_total + 1, 0);
        return floor;
    }
    // (marginal cost of the next duty, officer, their count so far)
    let mut next: BinaryHeap<Reverse<(i64, usize, i64)>> = weights
        .iter()
        .enumerate()
        .map(|(i, &w)| Reverse((w, i, 0)))
        .collect();
    let mut sum = 0;
    while floor.len() <= max_total {
        let Reverse((cost, i, count)) = next.pop().expect("weights are not empty");
        sum += cost;
        floor.push(sum);
        let count = count + 1;
        next.push(Reverse((weights[i] * (2 * count + 1), i, count)));
    }
    floor
}

/// What a group's unfairness costs: the excess of its weighted sum of
/// squares over the floor, times the constraint's `weight`, scaled back to
/// a full-timer's duties squared (rounded only after weighing, so that a
/// part-timer's small excess still counts).
pub fn unfairness_cost(sum_of_squares: i64, floor: i64, weight: i64) -> i64 {
    ((sum_of_squares - floor) * weight * 2 + FULL_TIME_WEIGHT) / (2 * FULL_TIME_WEIGHT)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Duty;

    #[test]
    fn with_equal_weights_the_floor_is_reached_only_by_an_even_spread() {
        let w = [FULL_TIME_WEIGHT; 3];
        let floor = min_weighted_sum_of_squares(&w, 7);
        let ss = |v: &[i64]| weighted_sum_of_squares(&w, v);
        assert_eq!(floor[7], ss(&[3, 2, 2]));
        assert_eq!(unfairness_cost(ss(&[3, 2, 2]), floor[7], 1), 0);
        assert!(ss(&[4, 2, 1]) > floor[7]);
        // One duty moved from the even spread costs what it did as counts:
        // 4² + 2² + 1² - (3² + 2² + 2²) = 4.
        assert_eq!(unfairness_cost(ss(&[4, 2, 1]), floor[7], 1), 4);
        assert_eq!(floor[0], 0);
        assert_eq!(min_weighted_sum_of_squares(&[], 5), vec![0; 6]);
    }

    fn date(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn dates(from: &str, days: u64) -> Vec<NaiveDate> {
        date(from).iter_days().take(days as usize).collect()
    }

    #[test]
    fn weekend_cycles_are_the_weekend_window_long_and_count_from_the_first_week_on_record() {
        let mut station = crate::sample::station();
        // The first day after the cycle, as the planner counts to it.
        let end = |anchor: &str, last: &str| {
            weekend_cycle(&station, date(anchor), date(last)).map(|(_, l)| l + chrono::Days::new(1))
        };
        // The sample's window is 4 weeks: the record begins on Monday
        // 2026-11-30, so cycles end before 2026-12-28 and 2027-01-25.
        assert_eq!(end("2026-11-30", "2026-12-06"), Some(date("2026-12-28")));
        assert_eq!(end("2026-11-30", "2026-12-27"), Some(date("2026-12-28")));
        assert_eq!(end("2026-11-30", "2026-12-28"), Some(date("2027-01-25")));
        // A record begun mid-week counts from that week's Monday.
        assert_eq!(end("2026-12-02", "2027-01-24"), Some(date("2027-01-25")));
        // A week planned before the record begins belongs to the cycle
        // that ends where the record's first cycle starts.
        assert_eq!(end("2026-11-30", "2026-11-29"), Some(date("2026-11-30")));
        // Both ends of the cycle, for a reader of spreads mid-cycle.
        assert_eq!(
            weekend_cycle(&station, date("2026-11-30"), date("2027-01-10")),
            Some((date("2026-12-28"), date("2027-01-24")))
        );
        // What a reader is told, at the cycle's end and before it.
        let cycle = (date("2026-11-30"), date("2026-12-27"));
        assert_eq!(
            weekend_cycle_note(cycle, date("2026-12-27")),
            "weekend days even out at each 4-week cycle's end; 2026-12-27 ends the cycle begun 2026-11-30"
        );
        assert_eq!(
            weekend_cycle_note(cycle, date("2026-12-06")),
            "weekend days even out at each 4-week cycle's end; 2026-12-06 is mid-cycle (2026-11-30 to 2026-12-27)"
        );
        // No window longer than a week: no cycle to even over.
        for contract in &mut station.contracts {
            contract.weekend_window_weeks = 1;
        }
        assert_eq!(
            weekend_cycle(&station, date("2026-11-30"), date("2026-12-06")),
            None
        );
    }

    #[test]
    fn a_newcomer_is_present_from_their_first_week_and_a_week_away_is_not_counted() {
        let station = crate::sample::station();
        let id = |s: usize| station.staff[s].id.clone();
        let newcomer = 7;
        // Four weeks of history (February 2027, no leave) for all but one.
        let mut ledger = Ledger::default();
        for s in (0..station.staff.len()).filter(|&s| s != newcomer) {
            for week in 0..4 {
                ledger.add_week(&id(s), date("2027-02-01") + chrono::Days::new(7 * week));
            }
        }
        let present = presence(&station, &ledger, &dates("2027-03-01", 7));
        assert_eq!(present[newcomer], 1.0 / 5.0);
        assert!(
            present
                .iter()
                .enumerate()
                .all(|(s, &p)| s == newcomer || p == 1.0)
        );
        let weights = share_weights(&station, &present);
        assert_eq!(weights[0], FULL_TIME_WEIGHT);
        assert_eq!(weights[newcomer], 5 * FULL_TIME_WEIGHT);

        // Weeks planned count unless away all week: Ye Qin (CI06) is on
        // leave from 28 December to 6 January, all of 2026-W53.
        let ye_qin = station.staff_index("CI06").unwrap();
        let he_ping = station.staff_index("PA05").unwrap();
        let present = presence(&station, &Ledger::default(), &dates("2026-12-21", 21));
        assert_eq!(present[ye_qin], 2.0 / 3.0, "away all of 2026-W53");
        assert_eq!(present[he_ping], 1.0, "leave ended on 11 December");
        let present = presence(&station, &Ledger::default(), &dates("2026-11-30", 7));
        assert_eq!(present[he_ping], 1.0, "at work on 30 November");
        assert_eq!(present[0], 1.0);
        let part_timer = station.staff_index("PA14").unwrap();
        assert_eq!(
            share_weights(&station, &present)[part_timer],
            100,
            "0.6 FTE"
        );
    }

    #[test]
    fn a_spread_in_duties_sets_counts_against_time_present() {
        let full = FULL_TIME_WEIGHT;
        // Everyone there throughout: the plain spread.
        assert_eq!(spread_in_duties(&[7, 8, 6], &[full; 3]), 2.0);
        assert_eq!(spread_in_duties(&[7, 8, 8], &[full; 3]), 1.0);
        // Away a fifth of the time (weight 75) with a fifth fewer nights:
        // even; caught up after leave: a night could move to a colleague.
        let away = 75;
        assert!(spread_in_duties(&[8, 10, 10], &[away, full, full]) <= 1.0);
        assert!(spread_in_duties(&[10, 10, 10], &[away, full, full]) > 1.0);
        // The measure's own floor, greedily built, is always within one.
        let weights = [away, full, full, 100];
        let floor = min_weighted_sum_of_squares(&weights, 31);
        for (total, &least) in floor.iter().enumerate() {
            let mut counts = [0u32; 4];
            let mut sum = 0;
            while sum < total {
                let next = (0..4)
                    .min_by_key(|&i| weights[i] * (2 * i64::from(counts[i]) + 1))
                    .unwrap();
                counts[next] += 1;
                sum += 1;
            }
            let c: Vec<i64> = counts.iter().map(|&c| i64::from(c)).collect();
            assert_eq!(weighted_sum_of_squares(&weights, &c), least);
            assert!(spread_in_duties(&counts, &weights) <= 1.0, "{counts:?}");
        }
        assert_eq!(spread_in_duties(&[], &[]), 0.0);
        assert_eq!(spread_in_duties(&[4], &[full]), 0.0);
    }

    #[test]
    fn a_published_week_counts_as_present_only_for_who_worked_it() {
        let station = crate::sample::station();
        let newcomer = 7;
        let mut held = Roster::new(date("2027-03-01"), 21, station.staff.len());
        for s in (0..station.staff.len()).filter(|&s| s != newcomer) {
            held.set(s, 0, Duty::Shift(0));
        }
        // Week one published, week two planned, week three a look-ahead.
        let published: Vec<bool> = (0..21).map(|d| d < 7).collect();
        let present = presence_around(&station, &Ledger::default(), &held, &published, 14);
        assert_eq!(present[newcomer], 0.5);
        assert_eq!(present[0], 1.0);
    }

    #[test]
    fn a_part_timer_is_even_at_a_share_in_proportion_to_their_contract() {
        // Two full-timers and one on 0.6 FTE (weight 100): 13 nights are
        // even at 5, 5 and 3; giving the part-timer a full-timer's 4 or 5
        // is unfair.
        let w = [FULL_TIME_WEIGHT, FULL_TIME_WEIGHT, 100];
        let floor = min_weighted_sum_of_squares(&w, 13);
        let ss = |v: &[i64]| weighted_sum_of_squares(&w, v);
        assert_eq!(floor[13], ss(&[5, 5, 3]));
        let cost = |v: &[i64]| unfairness_cost(ss(v), floor[13], 1);
        assert_eq!(cost(&[5, 5, 3]), 0);
        assert_eq!(cost(&[5, 4, 4]), 3);
        assert_eq!(cost(&[4, 4, 5]), 9);
    }
}
