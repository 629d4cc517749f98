//! Who is compared with whom for fairness, and how. Officers are compared
//! for a category when they share a unit and may take that kind of duty at
//! all; chief watches compare every eligible officer, whatever their unit.
//! They are compared by their load **in proportion to their contract**: a
//! part-timer on 0.6 of the full-time hours should carry 0.6 of a
//! full-timer's nights, history included. Officers on the same contract
//! then differ by at most one.
//!
//! The measure is a weighted sum of squares: each officer's count squared,
//! times [`share_weight`] (inversely proportional to their FTE). For a
//! fixed total it is smallest when counts are in proportion to FTE, so its
//! excess over [`min_weighted_sum_of_squares`] is the unfairness the solver
//! and the checker both price.

use std::cmp::Reverse;
use std::collections::{BTreeMap, BinaryHeap};

use super::ledger::Category;
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

/// How much one duty of an officer's weighs in the fairness measure:
/// [`FULL_TIME_WEIGHT`] divided by their FTE, so that a part-timer's count
/// is compared in proportion. An officer with no hours at all weighs as a
/// full-timer (nothing to be in proportion to).
pub fn share_weight(station: &Station, s: usize) -> i64 {
    let fte = fte(station, s);
    if fte <= 0.0 {
        return FULL_TIME_WEIGHT;
    }
    (FULL_TIME_WEIGHT as f64 / fte).round() as i64
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
