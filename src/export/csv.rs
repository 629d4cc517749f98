//! One row per duty, for spreadsheets and other programs: the columns of
//! `duty plan --out`. Times are local ISO 8601 with the UTC offset, so a
//! night across a DST change is unambiguous.

use std::borrow::Cow;
use std::io;

use serde::Serialize;

use crate::model::{Roster, Station};
use crate::text::spreadsheet_cell;

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

impl DutyRow<'_> {
    /// The row as a spreadsheet reads it: every text a person typed in
    /// the station's files (ids, names, unit and shift codes) made inert,
    /// so that a name like `=HYPERLINK(...)` stays a name.
    fn for_spreadsheet(&self) -> [Cow<'_, str>; 7] {
        [
            Cow::Borrowed(self.date.as_str()),
            spreadsheet_cell(self.staff_id),
            spreadsheet_cell(self.staff_name),
            spreadsheet_cell(self.unit),
            spreadsheet_cell(self.duty),
            Cow::Borrowed(self.start.as_str()),
            Cow::Borrowed(self.end.as_str()),
        ]
    }
}

/// The CSV header, the field names of [`DutyRow`].
const HEADER: [&str; 7] = [
    "date",
    "staff_id",
    "staff_name",
    "unit",
    "duty",
    "start",
    "end",
];

/// Writes every duty of the roster (days off are left out), by date then officer.
pub fn write_csv(station: &Station, roster: &Roster, out: impl io::Write) -> csv::Result<()> {
    let mut writer = csv::Writer::from_writer(out);
    writer.write_record(HEADER)?;
    for entry in super::duties(station, roster) {
        let row = DutyRow::new(&entry);
        writer.write_record(row.for_spreadsheet().iter().map(|cell| cell.as_bytes()))?;
    }
    writer.flush()?;
    Ok(())
}
