//! The station as plain data: who works here, which shifts exist and what the
//! rules demand. It does no I/O and knows nothing of TOML, the solver or the
//! screen, so every other layer can trust it without re-checking it.

pub mod calendar;
pub mod constraint;
pub mod cover;
pub mod eligibility;
pub mod fairness;
pub mod ledger;
pub mod roster;
pub mod rules;
pub mod skills;
pub mod staff;
pub mod standing;
pub mod station;
pub mod time;

pub use calendar::{DayFilter, DayKind, Holiday, Period};
pub use constraint::{Constraint, Weights};
pub use eligibility::{Ineligible, may_take};
pub use ledger::{Category, Ledger};
pub use roster::{DayMinutes, Duty, Roster};
pub use rules::{ChiefWatch, Contract, CoverRule, CrossTraining, Points, ShiftType};
pub use skills::SkillSet;
pub use staff::{Leave, LeaveKind, Request, Staff, Want};
pub use station::{LeaveCalendar, Named, Station};
