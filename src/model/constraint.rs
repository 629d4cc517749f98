//! The catalogue of rules a roster is judged by. Each has a stable name (used
//! in `[weights]`, in violation messages and in storage), says whether it is
//! hard, and carries a default weight the rules file may override.

use std::fmt;

macro_rules! constraints {
    ($( $variant:ident => $name:literal, $hard:literal, $weight:literal, $doc:literal; )*) => {
        /// One named rule of the roster. Hard rules must hold in any published
        /// roster; soft rules are weighed against each other.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Constraint {
            $( #[doc = $doc] $variant, )*
        }

        impl Constraint {
            /// Every constraint, in a fixed order (the index used by [`Weights`]).
            pub const ALL: &'static [Constraint] = &[$(Constraint::$variant),*];

            /// The stable name, as written in `[weights]` and in messages.
            pub fn name(self) -> &'static str {
                match self { $(Constraint::$variant => $name,)* }
            }

            /// True for rules that a published roster must never break.
            pub fn is_hard(self) -> bool {
                match self { $(Constraint::$variant => $hard,)* }
            }

            /// The weight used when `[weights]` does not name the rule.
            pub fn default_weight(self) -> i64 {
                match self { $(Constraint::$variant => $weight,)* }
            }

            /// A one-line description, for `--help` and documentation.
            pub fn describe(self) -> &'static str {
                match self { $(Constraint::$variant => $doc,)* }
            }
        }
    };
}

constraints! {
    MinCover => "min_cover", true, 1, "Minimum head count per shift, day, unit and skill.";
    OneDutyPerDay => "one_duty_per_day", true, 1, "At most one duty per officer per day; the chief watch counts as a duty.";
    Absence => "absence", true, 1, "No duty while on leave, sick, training or at a medical check-up.";
    Eligibility => "eligibility", true, 1, "Only units and skills allowed on a shift may work it.";
    MinRest => "min_rest", true, 1, "Minimum rest hours between the end of one duty and the start of the next.";
    MaxConsecutiveDays => "max_consecutive_days", true, 1, "Maximum working days in a row.";
    MinConsecutiveDaysOff => "min_consecutive_days_off", true, 1, "A stretch of days off is at least this long.";
    MaxNightsInRow => "max_nights_in_row", true, 1, "Maximum night shifts in a row.";
    MaxHoursWeek => "max_hours_week", true, 1, "Maximum contract hours in an ISO week.";
    MaxWeekends => "max_weekends", true, 1, "Maximum working weekends in any window of the contract's weeks (4 by default).";
    Succession => "succession", true, 1, "A shift never followed the next day by one its [[shift]] `not_followed_by` names.";
    MinConsecutiveDays => "min_consecutive_days", true, 1, "Minimum working days in a row (a stretch at the edge of the days judged excepted).";
    MaxShifts => "max_shifts", true, 1, "Maximum shifts of one type in a reference period.";
    MaxHoursReference => "max_hours_reference", true, 1, "Maximum hours worked in a reference period.";
    MinHoursReference => "min_hours_reference", true, 1, "Minimum hours worked in a reference period.";
    ChiefWatch => "chief_watch", true, 1, "Exactly one eligible chief officer on duty each day.";
    ChiefSpacing => "chief_spacing", true, 1, "Minimum days between two chief watches of one officer.";
    Mentor => "mentor", true, 1, "A cross-training officer never works a host shift without a host mentor of their own (one mentor per trainee).";
    PreferredCover => "preferred_cover", false, 10, "Preferred head count per shift, day, unit and skill (times the rule's short_weight).";
    OverCover => "over_cover", false, 1, "Officers above the preferred head count (times the rule's over_weight).";
    Request => "request", false, 5, "Officers' requests for a day or shift on or off (times the request weight).";
    TargetHours => "target_hours", false, 1, "Contract hours per week close to the target (per hour off, squared).";
    OffTargetWeek => "off_target_week", false, 20, "A week further from the contract's target than its target_band_hours (per week).";
    MinHoursWeek => "min_hours_week", false, 3, "At least the contract's minimum hours per week (per hour short).";
    CrossTrainingQuota => "cross_training_quota", false, 20, "Each officer's cross-training shifts per period.";
    FairNights => "fair_nights", false, 20, "Night shifts spread evenly, history included.";
    FairWeekends => "fair_weekends", false, 20, "Weekend days spread evenly, history included.";
    FairHolidays => "fair_holidays", false, 20, "Public-holiday days spread evenly, history included.";
    FairChief => "fair_chief", false, 40, "Chief watches spread evenly, history included.";
    FairPoints => "fair_points", false, 2, "Points of the unit's own duties (nights, weekend days, holidays) spread evenly within a unit, history included.";
    SplitWeekend => "split_weekend", false, 0, "A weekend worked on one day only, when the officer is at work both days (off by default).";
    BirthdayOff => "birthday_off", false, 3, "An officer's birthday off where possible.";
    Stability => "stability", false, 50, "When re-planning a published roster, each cell changed.";
    LookaheadCover => "lookahead_cover", false, 3000, "Minimum cover of the unsaved look-ahead week, per missing officer.";
}

impl Constraint {
    /// The rule in a duty manager's words, for the editor's picker and
    /// lists, where a code such as `min_consecutive_days_off` says little.
    pub fn plain(self) -> &'static str {
        match self {
            Constraint::MinCover => "too few on a shift",
            Constraint::OneDutyPerDay => "two duties in one day",
            Constraint::Absence => "on duty while away",
            Constraint::Eligibility => "not allowed on this shift",
            Constraint::MinRest => "too little rest between duties",
            Constraint::MaxConsecutiveDays => "too many days in a row",
            Constraint::MinConsecutiveDaysOff => "days off too short a break",
            Constraint::MaxNightsInRow => "too many nights in a row",
            Constraint::MaxHoursWeek => "too many hours in the week",
            Constraint::MaxWeekends => "too many weekends worked",
            Constraint::Succession => "a shift that may not follow the last",
            Constraint::MinConsecutiveDays => "too short a stretch of work",
            Constraint::MaxShifts => "too many of one shift",
            Constraint::MaxHoursReference => "too many hours in the reference period",
            Constraint::MinHoursReference => "too few hours in the reference period",
            Constraint::ChiefWatch => "no single chief officer that day",
            Constraint::ChiefSpacing => "chief watches too close together",
            Constraint::Mentor => "trainee without a mentor of their own",
            Constraint::PreferredCover => "below the preferred head count",
            Constraint::OverCover => "more on a shift than wanted",
            Constraint::Request => "against an officer's request",
            Constraint::TargetHours => "hours away from the target",
            Constraint::OffTargetWeek => "a week outside the target band",
            Constraint::MinHoursWeek => "below the minimum hours",
            Constraint::CrossTrainingQuota => "cross-training behind",
            Constraint::FairNights => "nights uneven",
            Constraint::FairWeekends => "weekends uneven",
            Constraint::FairHolidays => "holidays uneven",
            Constraint::FairChief => "chief watches uneven",
            Constraint::FairPoints => "duty points uneven",
            Constraint::SplitWeekend => "one day of a weekend",
            Constraint::BirthdayOff => "works on their birthday",
            Constraint::Stability => "changes a published duty",
            Constraint::LookaheadCover => "next week left short",
        }
    }

    /// Looks a constraint up by its stable name.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|c| c.name() == name)
    }

    /// Position in [`Constraint::ALL`], used to index weight tables.
    pub fn index(self) -> usize {
        self as usize
    }

    /// All names, comma separated, for hints.
    pub fn names() -> String {
        Self::ALL
            .iter()
            .map(|c| c.name())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

impl fmt::Display for Constraint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The weight of every constraint, after the rules file's overrides.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Weights(Vec<i64>);

impl Default for Weights {
    fn default() -> Self {
        Weights(Constraint::ALL.iter().map(|c| c.default_weight()).collect())
    }
}

impl Weights {
    /// The weight of one constraint.
    pub fn get(&self, constraint: Constraint) -> i64 {
        self.0[constraint.index()]
    }

    /// Overrides one constraint's weight.
    pub fn set(&mut self, constraint: Constraint, weight: i64) {
        self.0[constraint.index()] = weight;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_round_trip() {
        for c in Constraint::ALL {
            assert_eq!(Constraint::from_name(c.name()), Some(*c));
            assert_eq!(Constraint::ALL[c.index()], *c);
        }
        let mut names: Vec<_> = Constraint::ALL.iter().map(|c| c.name()).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), Constraint::ALL.len());
    }

    #[test]
    fn weights_override() {
        let mut w = Weights::default();
        assert_eq!(w.get(Constraint::FairNights), 20);
        w.set(Constraint::FairNights, 40);
        assert_eq!(w.get(Constraint::FairNights), 40);
    }
}
