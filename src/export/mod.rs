//! Renderers of a roster for people and programs. Each writes to
//! `impl io::Write` (or returns text) and does nothing else: no solving, no
//! storage.

pub mod csv;
pub mod fairness;
pub mod grid;
pub mod history;
pub mod html;
pub mod ics;
pub mod json;
pub mod sheet;
pub mod text;

use chrono::NaiveDate;

use crate::model::eligibility::trainee_duty_rule;
use crate::model::time::Interval;
use crate::model::{Roster, Staff, Station};

/// One duty of a roster with what the per-duty exports print about it.
#[derive(Debug, Clone)]
pub struct DutyEntry<'a> {
    /// The local date the duty starts on.
    pub date: NaiveDate,
    /// Who works it.
    pub officer: &'a Staff,
    /// The officer's unit code.
    pub unit: &'a str,
    /// The shift code, or `CHIEF`.
    pub code: &'a str,
    /// When it starts and ends, in the station's zone.
    pub interval: Interval,
    /// Worked as a cross-training trainee: not counted in cover (`D+` on
    /// paper).
    pub cross_training: bool,
}

/// Every duty of the roster (days off left out), by date then officer:
/// the one walk the CSV and JSON exports share.
pub fn duties<'a>(station: &'a Station, roster: &'a Roster) -> impl Iterator<Item = DutyEntry<'a>> {
    (0..roster.days).flat_map(move |d| {
        let date = roster.date(d);
        (0..roster.staff).filter_map(move |s| {
            let duty = roster.get(s, d);
            let officer = &station.staff[s];
            Some(DutyEntry {
                date,
                officer,
                unit: &station.units[officer.unit].code,
                code: duty.code(station),
                interval: duty.interval(station, date)?,
                cross_training: trainee_duty_rule(station, s, duty).is_some(),
            })
        })
    })
}
