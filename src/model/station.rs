//! The whole station: the root of the model that config builds and every
//! later stage reads.

use chrono::NaiveDate;
use chrono_tz::Tz;

use super::calendar::{DayKind, Holiday, is_weekend};
use super::constraint::Weights;
use super::rules::{ChiefWatch, Contract, CoverRule, CrossTraining, Points, ShiftType};
use super::staff::{Leave, Request, Staff};

/// A unit, rank or skill: something with a short code and a display name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Named {
    /// Code used in the TOML files.
    pub code: String,
    /// Name shown to people.
    pub name: String,
    /// At most four characters, where the grid has no room for the name
    /// (a rank beside an officer, a skill as a marker).
    pub short: String,
}

/// A police station's staff and rules, validated and cross-referenced.
#[derive(Debug, Clone)]
pub struct Station {
    /// The station's name, printed on rosters.
    pub name: String,
    /// The station's time zone; all shown times are local to it.
    pub timezone: Tz,
    /// Units such as station, patrol, traffic.
    pub units: Vec<Named>,
    /// Ranks, most junior first.
    pub ranks: Vec<Named>,
    /// Skills officers hold and shifts require.
    pub skills: Vec<Named>,
    /// Shift types.
    pub shifts: Vec<ShiftType>,
    /// Cover demand.
    pub cover: Vec<CoverRule>,
    /// Public holidays.
    pub holidays: Vec<Holiday>,
    /// Contracts.
    pub contracts: Vec<Contract>,
    /// The chief officer on duty watch.
    pub chief_watch: ChiefWatch,
    /// Cross-training rules.
    pub cross_training: Vec<CrossTraining>,
    /// Constraint weights after overrides.
    pub weights: Weights,
    /// Duty points, for comparing loads of different mixes.
    pub points: Points,
    /// Officers.
    pub staff: Vec<Staff>,
    /// Leave and other absences.
    pub leave: Vec<Leave>,
    /// Requests for days or shifts on or off.
    pub requests: Vec<Request>,
}

impl Station {
    /// The public holiday on a date, if any.
    pub fn holiday_on(&self, date: NaiveDate) -> Option<&Holiday> {
        self.holidays.iter().find(|h| h.contains(date))
    }

    /// What sort of day a date is; a holiday wins over a weekend.
    pub fn day_kind(&self, date: NaiveDate) -> DayKind {
        if self.holiday_on(date).is_some() {
            DayKind::Holiday
        } else if is_weekend(date) {
            DayKind::Weekend
        } else {
            DayKind::Weekday
        }
    }

    /// The leave an officer is on that day, if any.
    pub fn leave_on(&self, staff: usize, date: NaiveDate) -> Option<&Leave> {
        self.leave
            .iter()
            .find(|l| l.staff == staff && l.covers(date))
    }

    /// Every officer's leave, indexed once: for loops over every officer
    /// and day, where [`Station::leave_on`] would scan all leave each time.
    pub fn leave_calendar(&self) -> LeaveCalendar<'_> {
        let mut by_staff = vec![Vec::new(); self.staff.len()];
        for leave in &self.leave {
            if let Some(list) = by_staff.get_mut(leave.staff) {
                list.push(leave);
            }
        }
        LeaveCalendar { by_staff }
    }

    /// True when the officer may keep the chief watch.
    pub fn is_chief_eligible(&self, staff: usize) -> bool {
        let s = &self.staff[staff];
        self.chief_watch.is_eligible(s.rank, s.skills)
    }

    /// The cover rules in force on a date: for each shift, unit and skill the
    /// most specific matching rule wins.
    pub fn cover_on(&self, date: NaiveDate) -> Vec<&CoverRule> {
        self.cover_indices_on(date)
            .into_iter()
            .map(|i| &self.cover[i])
            .collect()
    }

    /// Like [`Station::cover_on`], as indices into `cover`: what the solver
    /// compiles, without searching the list for each rule.
    pub fn cover_indices_on(&self, date: NaiveDate) -> Vec<usize> {
        let kind = self.day_kind(date);
        let mut chosen: Vec<usize> = Vec::new();
        for (r, rule) in self.cover.iter().enumerate() {
            if !rule.days.matches(kind, date) {
                continue;
            }
            let same_target = |&c: &usize| {
                let c = &self.cover[c];
                c.shift == rule.shift && c.unit == rule.unit && c.skill == rule.skill
            };
            match chosen.iter().position(same_target) {
                Some(i) if self.cover[chosen[i]].days.specificity() < rule.days.specificity() => {
                    chosen[i] = r
                }
                Some(_) => {}
                None => chosen.push(r),
            }
        }
        chosen
    }

    /// Cross-training rules under which officers of `unit` may work `shift`
    /// as trainees.
    pub fn training_for(&self, unit: usize, shift: usize) -> Option<&CrossTraining> {
        self.cross_training
            .iter()
            .find(|t| t.from_unit == unit && t.shifts.contains(&shift))
    }

    /// True when the officer may work the shift as regular staff: the shift
    /// allows the officer's unit and the officer holds its required skills.
    pub fn can_work(&self, staff: usize, shift: usize) -> bool {
        let (s, t) = (&self.staff[staff], &self.shifts[shift]);
        t.allows_unit(s.unit) && s.skills.covers(t.skills)
    }

    /// True when the officer counts towards a cover rule (regular staff of
    /// the right unit and skill; trainees never count).
    pub fn counts_for(&self, staff: usize, rule: &CoverRule) -> bool {
        let s = &self.staff[staff];
        self.can_work(staff, rule.shift)
            && rule.unit.is_none_or(|u| u == s.unit)
            && rule.skill.is_none_or(|k| s.skills.contains(k))
    }

    /// True when the officer's contract rules the shift out altogether: a
    /// night under `max_nights_in_row = 0`, or a shift whose `max_shifts`
    /// is 0. Such an officer can never count for its cover, which the
    /// capacity check must know before it promises the cover can be met.
    pub fn contract_forbids(&self, staff: usize, shift: usize) -> bool {
        let contract = &self.contracts[self.staff[staff].contract];
        (self.shifts[shift].night && contract.max_nights_in_row == 0)
            || contract.max_of_shift(shift) == Some(0)
    }

    /// Looks an officer up by id.
    pub fn staff_index(&self, id: &str) -> Option<usize> {
        self.staff.iter().position(|s| s.id == id)
    }

    /// Every officer's index by id: for callers that look up many ids (a
    /// year of history, a spreadsheet of duties), where
    /// [`Station::staff_index`] would walk the staff list for each.
    pub fn staff_by_id(&self) -> std::collections::HashMap<&str, usize> {
        self.staff
            .iter()
            .enumerate()
            .map(|(s, officer)| (officer.id.as_str(), s))
            .collect()
    }

    /// Looks a shift up by code.
    pub fn shift_index(&self, code: &str) -> Option<usize> {
        self.shifts.iter().position(|s| s.code == code)
    }
}

/// Leave indexed by officer (see [`Station::leave_calendar`]).
pub struct LeaveCalendar<'a> {
    by_staff: Vec<Vec<&'a Leave>>,
}

impl LeaveCalendar<'_> {
    /// The leave officer `staff` is on at `date`, if any.
    pub fn on(&self, staff: usize, date: NaiveDate) -> Option<&Leave> {
        self.by_staff
            .get(staff)?
            .iter()
            .copied()
            .find(|l| l.covers(date))
    }

    /// True when officer `staff` is away from the station at `date`
    /// ([`crate::model::LeaveKind::is_time_away`]): what shrinks the week's
    /// target hours, excuses a short break and makes a weekend not whole.
    pub fn away(&self, staff: usize, date: NaiveDate) -> bool {
        self.on(staff, date).is_some_and(|l| l.kind.is_time_away())
    }
}
