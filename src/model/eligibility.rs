//! Who may take which duty: the one predicate the checker, the solver's
//! compiler, the editor's picker and day-of changes all ask, so that a
//! duty refused in one place is refused in every place.

use super::roster::Duty;
use super::staff::Want;
use super::station::Station;

/// Why an officer may not take a duty, in words a duty manager reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ineligible {
    /// The shift belongs to other units, and no cross-training rule lets
    /// the officer's unit work it.
    Unit,
    /// The officer lacks a skill the shift requires.
    Skills,
    /// Neither rank nor skills qualify the officer for the chief watch.
    Chief,
}

impl Ineligible {
    /// A sentence for messages.
    pub fn explain(self) -> &'static str {
        match self {
            Ineligible::Unit => "the shift is not open to their unit, nor to it for cross-training",
            Ineligible::Skills => "they lack a skill the shift requires",
            Ineligible::Chief => "their rank and skills do not qualify them for the chief watch",
        }
    }
}

/// The cross-training rule (index into `Station::cross_training`) under
/// which officer `s` works `shift` as a trainee, if they would be one:
/// not regular staff of the shift, holding its skills, and from a unit a
/// rule sends to it.
pub fn trainee_rule(station: &Station, s: usize, shift: usize) -> Option<usize> {
    let officer = &station.staff[s];
    if station.can_work(s, shift) || !officer.skills.covers(station.shifts[shift].skills) {
        return None;
    }
    station
        .cross_training
        .iter()
        .position(|t| t.from_unit == officer.unit && t.shifts.contains(&shift))
}

/// [`trainee_rule`] for a duty of the roster: the rule under which
/// officer `s` works `duty` as a trainee, if it is a shift they would be
/// one on. The one test every view that marks a trainee's duty (`D+`,
/// `duty now`, the exports) asks.
pub fn trainee_duty_rule(station: &Station, s: usize, duty: Duty) -> Option<usize> {
    match duty {
        Duty::Shift(shift) => trainee_rule(station, s, shift),
        Duty::Chief | Duty::Off => None,
    }
}

/// Officers who can take no duty at all: no shift admits their unit and
/// skills, none as a cross-training trainee, and not the chief watch.
/// Every plan leaves them at 0 hours, short of their contract; more often
/// a unit or skill forgotten in rules.toml than a choice, so `duty check`
/// names them before anyone plans.
pub fn officers_without_duties(station: &Station) -> Vec<usize> {
    (0..station.staff.len())
        .filter(|&s| {
            !station.is_chief_eligible(s)
                && (0..station.shifts.len())
                    .all(|t| !station.can_work(s, t) && trainee_rule(station, s, t).is_none())
        })
        .collect()
}

/// Requests no roster can grant, with why: to work on a day of leave, or
/// both on and off the same day. The solver only pays their weight in
/// every plan, so `duty check` names them for the manager to mend.
pub fn requests_never_granted(station: &Station) -> Vec<(usize, &'static str)> {
    let mut found = Vec::new();
    for (i, r) in station.requests.iter().enumerate() {
        if r.want == Want::On && station.leave_on(r.staff, r.date).is_some() {
            found.push((i, "asks to work on a day of leave"));
        } else if station.requests[..i].iter().any(|earlier| {
            // "On" and "off" clash when the "off" is the whole day or the
            // very shift asked for: "work, but not the night" does not.
            let (on, off) = match (earlier.want, r.want) {
                (Want::On, Want::Off) => (earlier, r),
                (Want::Off, Want::On) => (r, earlier),
                _ => return false,
            };
            earlier.staff == r.staff
                && earlier.date == r.date
                && (off.shift.is_none() || off.shift == on.shift)
        }) {
            found.push((i, "contradicts an earlier request of the same day"));
        }
    }
    found
}

/// True when the officer with `staff_id` works the duty coded `duty` as
/// a cross-training trainee: said wherever a duty is listed by code (the
/// grid's `TE+`, `duty now`), since a trainee does not count in cover.
pub fn is_trainee_on(station: &Station, staff_id: &str, duty: &str) -> bool {
    match (station.staff_index(staff_id), station.shift_index(duty)) {
        (Some(s), Some(shift)) => trainee_duty_rule(station, s, Duty::Shift(shift)).is_some(),
        _ => false,
    }
}

/// May officer `s` take `duty` at all (leave and rest aside)? A shift as
/// regular staff or as a cross-training trainee; the chief watch when
/// rank or skills qualify; off always.
pub fn may_take(station: &Station, s: usize, duty: Duty) -> Result<(), Ineligible> {
    match duty {
        Duty::Off => Ok(()),
        Duty::Shift(sh) if station.can_work(s, sh) || trainee_rule(station, s, sh).is_some() => {
            Ok(())
        }
        Duty::Shift(sh) if !station.staff[s].skills.covers(station.shifts[sh].skills) => {
            Err(Ineligible::Skills)
        }
        Duty::Shift(_) => Err(Ineligible::Unit),
        Duty::Chief if station.is_chief_eligible(s) => Ok(()),
        Duty::Chief => Err(Ineligible::Chief),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Named;

    #[test]
    fn requests_on_leave_or_against_each_other_are_never_granted() {
        use crate::model::{Leave, LeaveKind, Request};
        let mut station = crate::sample::station_without_leave();
        station.requests.clear();
        let s = station.staff_index("PA03").unwrap();
        let night = station.shift_index("N").unwrap();
        let early = station.shift_index("E").unwrap();
        let day = |d| chrono::NaiveDate::from_ymd_opt(2026, 12, d).unwrap();
        let request = |d, shift, want| Request {
            staff: s,
            date: day(d),
            shift,
            want,
            weight: 5,
        };
        station.leave.push(Leave {
            staff: s,
            from: day(1),
            to: day(2),
            kind: LeaveKind::Annual,
        });
        station.requests = vec![
            request(1, None, Want::On),         // 0: on leave
            request(2, None, Want::Off),        // 1: off on leave: fine
            request(3, None, Want::On),         // 2: fine
            request(3, Some(night), Want::Off), // 3: not the night: fine
            request(4, Some(early), Want::On),  // 4: fine
            request(4, None, Want::Off),        // 5: clashes with 4
            request(5, Some(early), Want::Off), // 6: fine
            request(5, Some(early), Want::On),  // 7: clashes with 6
        ];
        let found: Vec<usize> = requests_never_granted(&station)
            .into_iter()
            .map(|(i, _)| i)
            .collect();
        assert_eq!(found, vec![0, 5, 7]);
    }

    #[test]
    fn an_officer_of_a_unit_no_shift_admits_has_no_duties_unless_chief_eligible() {
        let mut station = crate::sample::station_without_leave();
        assert!(officers_without_duties(&station).is_empty(), "the sample");
        station.units.push(Named {
            code: "dogs".into(),
            name: "Dog section".into(),
            short: "DOG".into(),
        });
        let dogs = station.units.len() - 1;
        let constable = station.staff_index("PA05").unwrap();
        let inspector = station.staff_index("PA01").unwrap();
        for s in [constable, inspector] {
            station.staff[s].unit = dogs;
        }
        // The inspector may still keep the chief watch.
        assert!(station.is_chief_eligible(inspector));
        assert_eq!(officers_without_duties(&station), vec![constable]);
    }
}
