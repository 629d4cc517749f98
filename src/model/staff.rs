//! Officers and what they have asked for or cannot do: leave and requests.

use chrono::NaiveDate;

use super::skills::SkillSet;

/// One officer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Staff {
    /// Stable id, such as a warrant number; referenced by leave, requests and storage.
    pub id: String,
    /// Name as shown on the roster.
    pub name: String,
    /// Unit (index into `Station::units`).
    pub unit: usize,
    /// Rank (index into `Station::ranks`, junior first).
    pub rank: usize,
    /// Skills held.
    pub skills: SkillSet,
    /// Contract (index into `Station::contracts`).
    pub contract: usize,
    /// Birthday, for the soft "birthday off" rule.
    pub birthday: Option<NaiveDate>,
}

/// Why an officer is away.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LeaveKind {
    /// Annual leave.
    Annual,
    /// Sick leave.
    Sick,
    /// Away on a training course.
    Training,
    /// Medical check-up.
    Medical,
    /// A fixed day off: not time away, so it neither shortens the week's
    /// target hours nor excuses a short break.
    DayOff,
}

impl LeaveKind {
    /// The spellings accepted in `staff.toml`, for hints.
    pub const NAMES: &'static str = "annual, sick, training, medical, day_off";

    /// Parses a kind as written in `staff.toml`.
    pub fn parse(text: &str) -> Option<Self> {
        Some(match text {
            "annual" => LeaveKind::Annual,
            "sick" => LeaveKind::Sick,
            "training" => LeaveKind::Training,
            "medical" => LeaveKind::Medical,
            "day_off" => LeaveKind::DayOff,
            _ => return None,
        })
    }

    /// The spelling used in files and messages.
    pub fn as_str(self) -> &'static str {
        match self {
            LeaveKind::Annual => "annual",
            LeaveKind::Sick => "sick",
            LeaveKind::Training => "training",
            LeaveKind::Medical => "medical",
            LeaveKind::DayOff => "day_off",
        }
    }

    /// True for time away from the station (leave, sickness, a course):
    /// the week's target hours shrink with it and a break holding it is
    /// not held to the minimum days off. A fixed day off is not.
    pub fn is_time_away(self) -> bool {
        self != LeaveKind::DayOff
    }
}

/// A stretch of days an officer cannot work (both ends included).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Leave {
    /// The officer (index into `Station::staff`).
    pub staff: usize,
    /// First day away.
    pub from: NaiveDate,
    /// Last day away.
    pub to: NaiveDate,
    /// Why.
    pub kind: LeaveKind,
}

impl Leave {
    /// True when the date falls within the leave.
    pub fn covers(&self, date: NaiveDate) -> bool {
        self.from <= date && date <= self.to
    }
}

/// Whether a request asks to work or to be off.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Want {
    /// Wants to work (that shift, or any shift that day).
    On,
    /// Wants to be off (that shift, or the whole day).
    Off,
}

/// An officer's wish for one day, honoured where the rules allow.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    /// The officer (index).
    pub staff: usize,
    /// The day.
    pub date: NaiveDate,
    /// One shift (index), or the whole day when `None`.
    pub shift: Option<usize>,
    /// On or off.
    pub want: Want,
    /// How much it matters, 1 (nice to have) to 10 (important).
    pub weight: u32,
}
