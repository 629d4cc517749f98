//! The roster as one self-contained web page for printing: no scripts, no
//! network, print CSS for A4 landscape with one week per page, the header
//! repeated on every page, and shortfalls marked by a dashed border and "!"
//! so they show in black and white. Rendered by an askama template.

use askama::Template;

use super::sheet::{LegendEntry, WeekSheet, legend, weeks};
use crate::model::{Roster, Station};
use crate::solver::Report;

#[derive(Template)]
#[template(path = "roster.html")]
struct RosterPage<'a> {
    station: &'a str,
    timezone: String,
    first: String,
    last: String,
    weeks: Vec<WeekSheet>,
    legend: Vec<LegendEntry>,
}

/// Renders the page.
pub fn render_html(
    station: &Station,
    roster: &Roster,
    report: &Report,
    only: Option<usize>,
) -> Result<String, askama::Error> {
    RosterPage {
        station: &station.name,
        timezone: station.timezone.to_string(),
        first: roster.start.to_string(),
        last: roster.date(roster.days - 1).to_string(),
        weeks: weeks(station, roster, report, only),
        legend: legend(station),
    }
    .render()
}
