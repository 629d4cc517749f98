//! The sample station shipped in `data/`, compiled in so that `duty init`
//! works from an installed binary with no source tree beside it.

/// The sample `rules.toml`.
pub const RULES_TOML: &str = include_str!("../data/rules.toml");
/// The sample `staff.toml`.
pub const STAFF_TOML: &str = include_str!("../data/staff.toml");

/// The sample station as loaded, so that unit tests across the crate try
/// their rules on the station a user first meets, not a toy.
#[cfg(test)]
pub fn station() -> crate::model::Station {
    use crate::config::{SourceFile, load_sources};
    use std::path::Path;
    let rules = SourceFile::new(Path::new("rules.toml"), RULES_TOML.to_string());
    let staff = SourceFile::new(Path::new("staff.toml"), STAFF_TOML.to_string());
    load_sources(&rules, &staff).unwrap_or_else(|e| panic!("{e}"))
}

/// The sample station with nobody on leave: the tests that count duties
/// over weeks want every officer available.
#[cfg(test)]
pub fn station_without_leave() -> crate::model::Station {
    let mut station = station();
    station.leave.clear();
    station
}

#[cfg(test)]
mod tests {
    #[test]
    fn sample_station_loads_and_meets_the_brief() {
        let station = super::station();
        assert!(station.staff.len() >= 40);
        assert!(station.units.len() >= 4);
        let eligible = (0..station.staff.len())
            .filter(|&s| station.is_chief_eligible(s))
            .count();
        assert!(eligible >= 6, "{eligible} chief-eligible officers");
        assert!(station.shifts.len() >= 4);
        assert!(
            station
                .shifts
                .iter()
                .any(|s| s.night && s.crosses_midnight())
        );
        assert!(station.holidays.iter().any(|h| h.to > h.from));
        assert_eq!(station.timezone, chrono_tz::Asia::Shanghai);
        let directions: Vec<_> = station
            .cross_training
            .iter()
            .map(|t| {
                (
                    station.units[t.from_unit].code.as_str(),
                    station.units[t.to_unit].code.as_str(),
                )
            })
            .collect();
        assert!(directions.contains(&("traffic", "station")));
        assert!(directions.contains(&("station", "traffic")));
        assert!(!station.leave.is_empty() && !station.requests.is_empty());
    }
}
