//! Who may take which duty: the one predicate the checker, the solver's
//! compiler, the editor's picker and day-of changes all ask, so that a
//! duty refused in one place is refused in every place.

use super::roster::Duty;
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
