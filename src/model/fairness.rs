//! Who is compared with whom for fairness. Officers are "equally eligible"
//! for a category when they share a unit and a contract and may take that
//! kind of duty at all; chief watches compare all eligible officers on the
//! same contract, whatever their unit. The spread inside each group should
//! stay within one, history included.

use std::collections::BTreeMap;

use super::ledger::Category;
use super::station::Station;

/// The groups of officer indices compared for one category. Officers who
/// cannot take that duty at all are in no group.
pub fn fairness_groups(station: &Station, category: Category) -> Vec<Vec<usize>> {
    let mut groups: BTreeMap<(usize, usize), Vec<usize>> = BTreeMap::new();
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
                (officer.unit, officer.contract)
            }
            Category::WeekendDays | Category::HolidayDays => (officer.unit, officer.contract),
            Category::ChiefWatches => {
                if !station.is_chief_eligible(s) {
                    continue;
                }
                (usize::MAX, officer.contract)
            }
        };
        groups.entry(key).or_default().push(s);
    }
    groups.into_values().collect()
}

/// The smallest sum of squares `n` whole counts adding up to `total` can
/// have: reached exactly when no two counts differ by more than one. The
/// fairness penalty is the sum of squares above this floor.
pub fn min_sum_of_squares(total: i64, n: i64) -> i64 {
    if n <= 0 {
        return 0;
    }
    let (q, r) = (total.div_euclid(n), total.rem_euclid(n));
    q * q * (n - r) + (q + 1) * (q + 1) * r
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floor_is_reached_only_by_an_even_spread() {
        let ss = |v: &[i64]| v.iter().map(|c| c * c).sum::<i64>();
        assert_eq!(min_sum_of_squares(7, 3), ss(&[3, 2, 2]));
        assert!(ss(&[4, 2, 1]) > min_sum_of_squares(7, 3));
        assert_eq!(min_sum_of_squares(0, 4), 0);
        assert_eq!(min_sum_of_squares(5, 0), 0);
    }
}
