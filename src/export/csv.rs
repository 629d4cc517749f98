//! One row per duty, for spreadsheets and other programs: the columns of
//! `duty plan --out`. Times are local ISO 8601 with the UTC offset, so a
//! night across a DST change is unambiguous.

use std::io;

use serde::Serialize;

use crate::model::{Roster, Station};

/// The CSV row; its own type so the file format does not follow the model.
/// The JSON export's duties carry the same fields (and UTC instants).
#[derive(Debug, Serialize)]
pub(super) struct DutyRow<'a> {
    date: String,
    staff_id: &'a str,
    staff_name: &'a str,
    unit: &'a str,
    duty: &'a str,
    start: String,
    end: String,
}

impl<'a> DutyRow<'a> {
    /// The row of one duty: local times with their UTC offset.
    pub(super) fn new(entry: &super::DutyEntry<'a>) -> DutyRow<'a> {
        DutyRow {
            date: entry.date.to_string(),
            staff_id: &entry.officer.id,
            staff_name: &entry.officer.name,
            unit: entry.unit,
            duty: entry.code,
            start: entry.interval.start.to_rfc3339(),
            end: entry.interval.end.to_rfc3339(),
        }
    }
}

/// Writes every duty of the roster (days off are left out), by date then officer.
pub fn write_csv(station: &Station, roster: &Roster, out: impl io::Write) -> csv::Result<()> {
    let mut writer = csv::Writer::from_writer(out);
    for entry in super::duties(station, roster) {
        writer.serialize(DutyRow::new(&entry))?;
    }
    writer.flush()?;
    Ok(())
}
