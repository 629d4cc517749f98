//! The TOML files exactly as written: serde structs that mirror the files,
//! refuse unknown keys and keep spans for later messages. Nothing here is
//! trusted; `validate` turns it into the model.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

/// A string with the place it was written.
pub type Text = Spanned<Plain>;

/// A string a person typed that others will read (an id, a name, a code):
/// refused while still TOML if it is blank or holds a character that
/// steers a terminal or forges a line (TOML escapes such as `\u001b` or
/// `\n` can write them), so the error names the file, line and key.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Plain(String);

impl std::ops::Deref for Plain {
    type Target = String;
    fn deref(&self) -> &String {
        &self.0
    }
}

impl std::fmt::Display for Plain {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// The start of the message a refused [`Plain`] gives, which the
/// diagnostics recognise to give the right hint.
pub const PLAIN_REFUSED: &str = "text that cannot be shown as typed";

impl<'de> Deserialize<'de> for Plain {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        let text = String::deserialize(deserializer)?;
        if let Some((at, c)) = crate::text::find_control(&text) {
            return Err(D::Error::custom(format!(
                "{PLAIN_REFUSED}: a control character ({}) at character {at}",
                crate::text::describe(c)
            )));
        }
        if text.trim().is_empty() {
            return Err(D::Error::custom(format!("{PLAIN_REFUSED}: it is empty")));
        }
        Ok(Plain(text))
    }
}

/// `rules.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRules {
    pub station: RawStation,
    #[serde(default, rename = "unit")]
    pub units: Vec<RawNamed>,
    #[serde(default, rename = "rank")]
    pub ranks: Vec<RawNamed>,
    #[serde(default, rename = "skill")]
    pub skills: Vec<RawNamed>,
    #[serde(default, rename = "shift")]
    pub shifts: Vec<RawShift>,
    #[serde(default)]
    pub cover: Vec<RawCover>,
    #[serde(default, rename = "holiday")]
    pub holidays: Vec<RawHoliday>,
    #[serde(default, rename = "contract")]
    pub contracts: Vec<RawContract>,
    pub chief_watch: Option<Spanned<RawChiefWatch>>,
    #[serde(default)]
    pub cross_training: Vec<RawCrossTraining>,
    #[serde(default)]
    pub weights: BTreeMap<Text, Spanned<i64>>,
    pub points: Option<RawPoints>,
}

/// `[points]`: every key optional, the rest keep their defaults.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPoints {
    pub night: Option<Spanned<i64>>,
    pub weekend_day: Option<Spanned<i64>>,
    pub holiday_day: Option<Spanned<i64>>,
    pub chief_watch: Option<Spanned<i64>>,
}

/// `[station]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawStation {
    pub name: Plain,
    pub timezone: Text,
}

/// `[[unit]]`, `[[rank]]` and `[[skill]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawNamed {
    pub code: Text,
    pub name: Plain,
    pub short: Option<Text>,
}

/// `[[shift]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawShift {
    pub code: Text,
    pub name: Plain,
    pub start: Text,
    pub length: Text,
    #[serde(default)]
    pub units: Vec<Text>,
    #[serde(default)]
    pub skills: Vec<Text>,
    pub night: Option<bool>,
    #[serde(default)]
    pub not_followed_by: Vec<Text>,
}

/// `[[cover]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCover {
    pub shift: Text,
    pub days: Option<Text>,
    pub unit: Option<Text>,
    pub skill: Option<Text>,
    pub min: Spanned<u32>,
    pub preferred: Option<Spanned<u32>>,
    pub short_weight: Option<Spanned<u32>>,
    pub over_weight: Option<Spanned<u32>>,
}

/// A date written as a TOML date (`2026-12-01`) or a string (`"2026-12-01"`).
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum RawDate {
    Native(toml::value::Datetime),
    Text(String),
}

/// `[[holiday]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawHoliday {
    pub name: Plain,
    pub from: Spanned<RawDate>,
    pub to: Option<Spanned<RawDate>>,
}

/// `[[contract]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawContract {
    pub code: Text,
    pub name: Plain,
    pub max_hours_week: Spanned<f64>,
    pub min_hours_week: Option<Spanned<f64>>,
    pub target_hours_week: Option<Spanned<f64>>,
    pub target_band_hours: Option<Spanned<f64>>,
    pub max_consecutive_days: Spanned<u32>,
    pub min_consecutive_days_off: Option<Spanned<u32>>,
    pub max_nights_in_row: u32,
    pub max_weekends_per_4_weeks: Option<Spanned<u32>>,
    pub max_weekends: Option<Spanned<u32>>,
    pub min_rest_hours: Option<Spanned<u32>>,
    pub min_consecutive_days: Option<Spanned<u32>>,
    pub reference_weeks: Option<Spanned<u32>>,
    #[serde(default)]
    pub max_shifts: BTreeMap<Text, u32>,
    pub max_hours_reference: Option<Spanned<f64>>,
    pub min_hours_reference: Option<Spanned<f64>>,
}

/// `[chief_watch]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawChiefWatch {
    pub start: Text,
    pub length: Option<Text>,
    #[serde(default)]
    pub ranks: Vec<Text>,
    #[serde(default)]
    pub skills: Vec<Text>,
    pub min_days_between: u32,
}

/// `[[cross_training]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCrossTraining {
    pub name: Plain,
    pub from_unit: Text,
    pub to_unit: Text,
    pub shifts: Spanned<Vec<Text>>,
    pub count: Spanned<u32>,
    pub per_weeks: Spanned<u32>,
    pub mentor_skill: Option<Text>,
}

/// `staff.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawStaffFile {
    #[serde(default)]
    pub staff: Vec<RawStaff>,
    #[serde(default)]
    pub leave: Vec<RawLeave>,
    #[serde(default)]
    pub request: Vec<RawRequest>,
}

/// `[[staff]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawStaff {
    pub id: Text,
    pub name: Plain,
    pub unit: Text,
    pub rank: Text,
    #[serde(default)]
    pub skills: Vec<Text>,
    pub contract: Text,
    pub birthday: Option<Spanned<RawDate>>,
}

/// `[[leave]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawLeave {
    pub staff: Text,
    pub from: Spanned<RawDate>,
    pub to: Spanned<RawDate>,
    pub kind: Text,
}

/// `[[request]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRequest {
    pub staff: Text,
    pub date: Spanned<RawDate>,
    pub shift: Option<Text>,
    pub want: Text,
    pub weight: Option<Spanned<u32>>,
}
