//! One row per duty, for spreadsheets and other programs: the columns of
//! `duty plan --out`. Times are local ISO 8601 with the UTC offset, so a
//! night across a DST change is unambiguous.

use std::io;

use serde::Serialize;

use crate::model::{Duty, Roster, Station};

/// The CSV row; its own type so the file format does not follow the model.
#[derive(Debug, Serialize)]
struct DutyRow<'a> {
    date: String,
    staff_id: &'a str,
    staff_name: &'a str,
    unit: &'a str,
    duty: &'a str,
    start: String,
    end: String,
}

/// Writes every duty of the roster (days off are left out), by date then officer.
pub fn write_csv(station: &Station, roster: &Roster, out: impl io::Write) -> csv::Result<()> {
    let mut writer = csv::Writer::from_writer(out);
    for d in 0..roster.days {
        let date = roster.date(d);
        for s in 0..roster.staff {
            let duty = roster.get(s, d);
            let Some(interval) = duty.interval(station, date) else {
                continue;
            };
            let officer = &station.staff[s];
            writer.serialize(DutyRow {
                date: date.to_string(),
                staff_id: &officer.id,
                staff_name: &officer.name,
                unit: &station.units[officer.unit].code,
                duty: if duty == Duty::Chief {
                    "CHIEF"
                } else {
                    duty.code(station)
                },
                start: interval.start.to_rfc3339(),
                end: interval.end.to_rfc3339(),
            })?;
        }
    }
    writer.flush()?;
    Ok(())
}
