//! Where each officer stands: counts, shares, duty points and hours, by
//! contract. Officers on different contracts are compared in proportion
//! to their contract (full-time equivalents, FTE), so a part-timer is set
//! beside the full-timers of the unit instead of beside nobody; officers
//! of different units who share the chief watch are compared on points.
//! Both the `duty fairness` report and the editor's fairness screen read
//! these numbers, so the two never disagree. Pure arithmetic on the
//! ledger: no I/O.

use chrono::{Days, NaiveDate};

use super::calendar::week_monday;
use super::eligibility::trainee_duty_rule;
use super::fairness::{peer_group_label, peer_groups, presence, share_weights, spread_in_duties};
use super::ledger::{Category, Ledger};
use super::roster::{DayMinutes, Roster};
use super::rules::Contract;
use super::station::{LeaveCalendar, Station};

mod hours;
mod training;

pub use hours::*;
pub use training::*;

/// One officer's load over the span a ledger covers.
#[derive(Debug, Clone, PartialEq)]
pub struct Standing {
    /// The officer (index into `Station::staff`).
    pub staff: usize,
    /// Nights, weekend days, holiday days and chief watches, in
    /// [`Category::ALL`] order.
    pub counts: [u32; 4],
    /// Duties worked of any kind.
    pub duties: u32,
    /// Weekends worked, on one day or both ([`Ledger::weekends_worked`]):
    /// beside weekend days, it shows who spent a weekend for one day of
    /// cover, such as a Saturday night alone.
    pub weekends: u32,
    /// Minutes worked, as contracts count them: each duty's real time,
    /// start to handover ([`Duty::minutes`]), kept by the store with the
    /// duty, so a code the rules no longer know still counts.
    pub minutes: i64,
    /// Duty points (see [`crate::model::Points`]).
    pub points: u32,
    /// The officer's contract as a share of a full-time one.
    pub fte: f64,
    /// The share of the ledger's weeks the officer worked in
    /// ([`crate::model::fairness::presence`]).
    pub present: f64,
}

impl Standing {
    /// Points in proportion to the contract and to the time present: what
    /// officers on different contracts, or who joined late, are compared
    /// on (as the solver compares them).
    pub fn points_per_fte(&self) -> f64 {
        self.per_share(self.points)
    }

    fn per_share(&self, points: u32) -> f64 {
        let share = self.fte * self.present;
        if share > 0.0 {
            f64::from(points) / share
        } else {
            0.0
        }
    }

    /// Points of the unit's own duties (nights, weekend days, holiday
    /// days) in proportion to the contract: the chief watch's points left
    /// out, since the watch is shared across units and compared among the
    /// eligible officers instead (see [`points_vs_unit`]).
    pub fn unit_points_per_fte(&self, points: &super::Points) -> f64 {
        self.per_share(points.unit_total(self.counts))
    }

    /// The share of the officer's duties that were nights, when they
    /// worked any.
    pub fn night_share(&self) -> Option<f64> {
        (self.duties > 0)
            .then(|| f64::from(self.counts[Category::Nights.index()]) / f64::from(self.duties))
    }
}

/// An officer's contract as a share of the station's full-time contract
/// (the largest weekly target hours of any contract): 24 h against 40 h
/// is 0.6. A station whose contracts set no target counts everyone as 1.
pub fn fte(station: &Station, s: usize) -> f64 {
    let full = station
        .contracts
        .iter()
        .map(|c| c.target_hours_week)
        .fold(0.0, f64::max);
    if full <= 0.0 {
        return 1.0;
    }
    station.contracts[station.staff[s].contract].target_hours_week / full
}

/// Every officer's standing, in staff order, from a ledger.
pub fn standings(station: &Station, ledger: &Ledger) -> Vec<Standing> {
    let present = presence(station, ledger, &[]);
    (0..station.staff.len())
        .map(|s| {
            let id = &station.staff[s].id;
            let counts = ledger.counts(id);
            let duties = ledger.worked(id).map(|(_, n)| n).sum();
            Standing {
                staff: s,
                counts,
                duties,
                weekends: ledger.weekends_worked(id),
                minutes: ledger.minutes(id),
                points: station.points.total(counts),
                fte: fte(station, s),
                present: present[s],
            }
        })
        .collect()
}

/// One unit's officers on one contract, taken together.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupShare {
    /// The unit (index).
    pub unit: usize,
    /// The contract (index).
    pub contract: usize,
    /// How many officers.
    pub officers: usize,
    /// Nights as a share of all the group's duties, when it worked any.
    pub night_share: Option<f64>,
    /// Mean points per FTE.
    pub points_per_fte: f64,
}

/// Per unit and contract, the night share and the points per FTE: where a
/// part-timer carrying more than their share of nights shows.
pub fn group_shares(station: &Station, standings: &[Standing]) -> Vec<GroupShare> {
    let mut groups = Vec::new();
    for unit in 0..station.units.len() {
        for contract in 0..station.contracts.len() {
            let members: Vec<&Standing> = standings
                .iter()
                .filter(|o| {
                    let officer = &station.staff[o.staff];
                    officer.unit == unit && officer.contract == contract
                })
                .collect();
            if members.is_empty() {
                continue;
            }
            let nights: u32 = members
                .iter()
                .map(|o| o.counts[Category::Nights.index()])
                .sum();
            let duties: u32 = members.iter().map(|o| o.duties).sum();
            groups.push(GroupShare {
                unit,
                contract,
                officers: members.len(),
                night_share: (duties > 0).then(|| f64::from(nights) / f64::from(duties)),
                points_per_fte: mean(members.iter().map(|o| o.points_per_fte())),
            });
        }
    }
    groups
}

/// Within each unit with officers on more than one contract: the largest
/// gap between a contract's night share and the unit's largest contract's.
pub fn night_share_gap(station: &Station, all: &[Standing]) -> Option<f64> {
    let groups = group_shares(station, all);
    let full_time = |unit: usize| {
        groups
            .iter()
            .filter(|g| g.unit == unit)
            .max_by(|a, b| {
                let hours = |g: &GroupShare| station.contracts[g.contract].target_hours_week;
                hours(a).total_cmp(&hours(b))
            })
            .and_then(|g| g.night_share.map(|share| (g.contract, share)))
    };
    groups
        .iter()
        .filter_map(|g| {
            let (contract, full) = full_time(g.unit)?;
            (g.contract != contract).then_some((g.night_share? - full).abs())
        })
        .reduce(f64::max)
}

/// Each officer's points per FTE from the unit's own duties against the
/// mean of their unit, as a fraction (0.12: 12% above); `None` when the
/// unit has no points yet. Chief watches are left out: every eligible
/// officer of whatever unit shares them (evenly, `fair_chief`), so counting
/// them here would set a unit's one chief officer far above the unit
/// whatever the roster (a traffic inspector's 7 watches in 8 weeks are
/// twice the unit's mean points on their own) and hide what the unit's
/// duties look like. A chief officer's unit duties are compared with
/// their unit's like anyone's.
pub fn points_vs_unit(station: &Station, standings: &[Standing]) -> Vec<Option<f64>> {
    let per_fte = |o: &Standing| o.unit_points_per_fte(&station.points);
    let unit_mean = |unit: usize| {
        mean(
            standings
                .iter()
                .filter(|o| station.staff[o.staff].unit == unit)
                .map(per_fte),
        )
    };
    let means: Vec<f64> = (0..station.units.len()).map(unit_mean).collect();
    standings
        .iter()
        .map(|o| {
            let m = means[station.staff[o.staff].unit];
            // Nobody is above or below the unit before they were there.
            (m > 0.0 && o.present > 0.0).then(|| per_fte(o) / m - 1.0)
        })
        .collect()
}

fn mean(values: impl Iterator<Item = f64>) -> f64 {
    let (sum, n) = values.fold((0.0, 0u32), |(s, n), v| (s + v, n + 1));
    if n == 0 { 0.0 } else { sum / f64::from(n) }
}

/// How far apart one group of peers are in one category, in duties as the
/// fairness measure sees them (counts set against the weeks each was
/// there, [`spread_in_duties`]): what the solver evens, what `duty bench
/// fairness` judges "within 1" by, and what `duty fairness` shows the
/// manager, from one definition.
#[derive(Debug, Clone, PartialEq)]
pub struct PeerSpread {
    /// The category counted.
    pub category: Category,
    /// The peers (staff indices): one unit and contract, or the
    /// chief-eligible of one contract ([`peer_groups`]).
    pub officers: Vec<usize>,
    /// The group named for a reader, such as "patrol full_time".
    pub label: String,
    /// The spread in duties.
    pub in_duties: f64,
    /// The plain difference between the most and the fewest.
    pub raw: u32,
}

impl PeerSpread {
    /// True when the group is as even as whole duties allow ([`within_one`]).
    pub fn within_one(&self) -> bool {
        within_one(self.in_duties)
    }
}

/// True when a spread in duties is at most one duty, to the hundredth a
/// report prints (what a reader checks it by): no duty handed from one
/// peer to another would leave the group more even.
pub fn within_one(spread: f64) -> bool {
    spread < 1.005
}

/// Every group of two or more peers in every category, in
/// [`Category::ALL`] order, with its spread over `all` (one standing per
/// officer, in staff order).
pub fn peer_spreads(station: &Station, all: &[Standing]) -> Vec<PeerSpread> {
    let presence: Vec<f64> = all.iter().map(|o| o.present).collect();
    let weights = share_weights(station, &presence);
    let mut out = Vec::new();
    for category in Category::ALL {
        for officers in peer_groups(station, category) {
            if officers.len() < 2 {
                continue;
            }
            let counts: Vec<u32> = officers
                .iter()
                .map(|&s| all[s].counts[category.index()])
                .collect();
            let group_weights: Vec<i64> = officers.iter().map(|&s| weights[s]).collect();
            let most = counts.iter().max().copied().unwrap_or(0);
            let fewest = counts.iter().min().copied().unwrap_or(0);
            out.push(PeerSpread {
                category,
                label: peer_group_label(station, category, &officers),
                in_duties: spread_in_duties(&counts, &group_weights),
                raw: most - fewest,
                officers,
            });
        }
    }
    out
}

/// Where every officer stands over a span of published history: what `duty
/// fairness` prints (text and JSON), built by `app::fairness_report`.
#[derive(Debug, Clone)]
pub struct FairnessReport {
    /// First and last day with a duty in the span, if any.
    pub span: Option<(NaiveDate, NaiveDate)>,
    /// Whole weeks the span covers (what hours per week divide by).
    pub weeks: u32,
    /// Per officer, in staff order.
    pub standings: Vec<Standing>,
    /// Per officer: points per FTE against the unit's mean.
    pub vs_unit: Vec<Option<f64>>,
    /// Whole ISO weeks inside the span (Monday to Sunday) and, per
    /// officer, those outside the contract's target band.
    pub weeks_off_target: WeeksOffTarget,
    /// Per unit and contract: night share and points per FTE.
    pub groups: Vec<GroupShare>,
    /// Per trainee and rule: cross-training in the current window.
    pub training: Vec<TrainingProgress>,
    /// Per category and group of peers: how far apart they are, as the
    /// solver and the fairness benchmark measure it.
    pub spreads: Vec<PeerSpread>,
    /// The first and last day of the weekend rule's cycle holding the
    /// last day counted ([`crate::model::fairness::weekend_cycle`]):
    /// weekend days are evened at a cycle's end, so mid-cycle they may
    /// read more than one apart.
    pub weekend_cycle: Option<(NaiveDate, NaiveDate)>,
}

#[cfg(test)]
mod tests;
