//! The fairness terms: each group's unfairness as the solver prices it,
//! history included, and the cross-training quota per window.

use super::*;

pub(super) fn check_fairness(j: &mut Judge, ledger: &Ledger, terms: &ScoreTerms) {
    let (station, roster) = (j.station, j.roster);
    let counted_days = roster.days.min(j.lookahead_from);
    // History and the days judged (not the look-ahead) counted together,
    // as publishing would add them.
    let mut counted = ledger.clone();
    counted.add_roster(station, &roster.window(0, counted_days));
    // Weekend days planned ahead to the end of the weekend rule's cycle.
    let weekend_days = terms.weekend_counted_days(roster.days);
    for d in counted_days..weekend_days {
        for s in 0..roster.staff {
            if Category::WeekendDays.counts(station, roster.date(d), roster.get(s, d)) {
                counted.add(&station.staff[s].id, Category::WeekendDays, 1);
            }
        }
    }
    let counts: Vec<[u32; 4]> = (0..roster.staff)
        .map(|s| counted.counts(&station.staff[s].id))
        .collect();
    let dates: Vec<NaiveDate> = (0..roster.days).map(|d| roster.date(d)).collect();
    let presence = terms.presence(station, ledger, &dates);
    let shares = Shares {
        weights: share_weights(station, &presence),
        presence,
    };
    let constraints = [
        Constraint::FairNights,
        Constraint::FairWeekends,
        Constraint::FairHolidays,
        Constraint::FairChief,
    ];
    for category in Category::ALL {
        for group in fairness_groups(station, category) {
            let values: Vec<i64> = group
                .iter()
                .map(|&s| i64::from(counts[s][category.index()]))
                .collect();
            let who = match category {
                Category::ChiefWatches => "chief-eligible".to_string(),
                _ => station.units[station.staff[group[0]].unit].code.clone(),
            };
            let mut what = category.name().replace('_', " ");
            if category == Category::WeekendDays && weekend_days > counted_days {
                what = format!(
                    "{what} to {} (the weekend rule's cycle, the weeks after as planned ahead)",
                    roster.date(weekend_days - 1)
                );
            }
            let c = constraints[category.index()];
            let what = format!("{what} uneven among {who}");
            shares.judge(j, c, &group, &values, &what);
        }
    }
    for group in unit_groups(station) {
        let values: Vec<i64> = group
            .iter()
            .map(|&s| i64::from(station.points.unit_total(counts[s])))
            .collect();
        let who = &station.units[station.staff[group[0]].unit].code;
        let what = format!("duty points (nights, weekend and holiday days) uneven among {who}");
        shares.judge(j, Constraint::FairPoints, &group, &values, &what);
    }
}

/// What each officer's counts are compared in proportion to: their
/// contract and their time on the roster.
pub(super) struct Shares {
    /// [`share_weights`], per officer.
    weights: Vec<i64>,
    /// [`presence`], per officer.
    presence: Vec<f64>,
}

impl Shares {
    /// Prices how far one group's `values` (history included) are from an
    /// even spread in proportion to contract and time present, naming who
    /// carries most and least.
    fn judge(&self, j: &mut Judge, c: Constraint, group: &[usize], values: &[i64], what: &str) {
        let (station, roster) = (j.station, j.roster);
        let total: i64 = values.iter().sum();
        let weights: Vec<i64> = group.iter().map(|&s| self.weights[s]).collect();
        let floor = min_weighted_sum_of_squares(&weights, total as usize)[total as usize];
        let cost = unfairness_cost(
            weighted_sum_of_squares(&weights, values),
            floor,
            station.weights.get(c),
        );
        if cost <= 0 {
            return;
        }
        // Load in proportion to contract and presence: count times weight.
        let load: Vec<i64> = values.iter().zip(&weights).map(|(v, w)| v * w).collect();
        let (lo, hi) = (
            load.iter().min().copied().unwrap_or(0),
            load.iter().max().copied().unwrap_or(0),
        );
        let named = |wanted: i64| -> String {
            (0..group.len())
                .filter(|&i| load[i] == wanted)
                .map(|i| {
                    let s = group[i];
                    let mut notes = Vec::new();
                    let share = fte(station, s);
                    if share < 1.0 {
                        notes.push(format!("{share:.2} FTE"));
                    }
                    let present = self.presence[s];
                    if present < 0.995 {
                        notes.push(format!("present {:.0}%", present * 100.0));
                    }
                    if notes.is_empty() {
                        format!("{} for {}", values[i], j.name(s))
                    } else {
                        format!("{} for {} ({})", values[i], j.name(s), notes.join(", "))
                    }
                })
                .collect::<Vec<_>>()
                .join(", ")
        };
        let msg = format!(
            "{what} officers ({}) from {} to {}, in proportion to contract and time present, history included: {}; {}",
            group.len(),
            roster.start,
            roster.date(roster.days - 1),
            named(hi),
            named(lo)
        );
        j.add_priced(c, None, vec![roster.start], cost, msg);
    }
}

/// Each trainee's cross-training shifts over every window of the rule's
/// `per_weeks` weeks ending in a week the roster counts (the look-ahead
/// left out), cut at the roster's first week ([`quota_window`]). Dated by
/// the window's days, so a window wholly on published weeks is history,
/// not this plan's.
pub(super) fn check_quota(j: &mut Judge) {
    let (station, roster) = (j.station, j.roster);
    let counted_weeks = roster.days.min(j.lookahead_from) / 7;
    let weight = station.weights.get(Constraint::CrossTrainingQuota);
    for s in 0..roster.staff {
        for (r, rule) in station.cross_training.iter().enumerate() {
            if rule.from_unit != station.staff[s].unit {
                continue;
            }
            let done_in_week: Vec<i64> = (0..counted_weeks)
                .map(|w| {
                    (w * 7..w * 7 + 7)
                        .filter(|&d| trainee_duty_rule(station, s, roster.get(s, d)) == Some(r))
                        .count() as i64
                })
                .collect();
            for w in 0..counted_weeks {
                let (first, weeks) = quota_window(rule.per_weeks, w);
                let done: i64 = done_in_week[first..=w].iter().sum();
                let cost = quota_shortfall_cost(rule.count, rule.per_weeks, weeks, done, weight);
                let (from, to) = (roster.date(first * 7), roster.date(w * 7 + 6));
                let msg = if weeks < rule.per_weeks as usize {
                    format!(
                        "{}: {done} cross-training shifts from {from} to {to}, {} due per {} weeks and the roster holds {weeks} of them ({})",
                        j.name(s),
                        rule.count,
                        rule.per_weeks,
                        rule.name
                    )
                } else {
                    format!(
                        "{}: {done} of {} cross-training shifts from {from} to {to} ({})",
                        j.name(s),
                        rule.count,
                        rule.name
                    )
                };
                let days = (first * 7..w * 7 + 7).map(|d| roster.date(d)).collect();
                j.add_priced(Constraint::CrossTrainingQuota, Some(s), days, cost, msg);
            }
        }
    }
}
