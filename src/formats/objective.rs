//! The benchmark's objective and hard constraints, computed straight from
//! the README's definitions (`../shared/bench/shift-scheduling/README.md`)
//! over a plain roster. It shares no code with the solver's incremental
//! score, so that each can catch the other's mistakes.

use super::shift_scheduling::Instance;

/// A roster of an instance: for each employee, for each day, the shift
/// worked (index) or `None` for a day off.
pub type Assignment = Vec<Vec<Option<usize>>>;

/// A roster's score: the objective, and every hard constraint it breaks
/// in words (feasible when there is none).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Evaluation {
    /// Requests not met plus cover under and over, weighted.
    pub objective: u64,
    /// Each hard constraint broken, one line each.
    pub hard: Vec<String>,
}

impl Evaluation {
    /// No hard constraint broken.
    pub fn is_feasible(&self) -> bool {
        self.hard.is_empty()
    }
}

/// Scores `roster` (employees x horizon) against `instance`.
pub fn evaluate(instance: &Instance, roster: &Assignment) -> Evaluation {
    let mut hard = Vec::new();
    for (e, days) in roster.iter().enumerate() {
        hard.extend(employee_violations(instance, e, days));
    }
    Evaluation {
        objective: requests_cost(instance, roster) + cover_cost(instance, roster),
        hard,
    }
}

/// The hard constraints of one employee (constraints 2-9 of the README;
/// one shift a day is the shape of the roster).
fn employee_violations(instance: &Instance, e: usize, days: &[Option<usize>]) -> Vec<String> {
    let person = &instance.staff[e];
    let id = &person.id;
    let mut out = Vec::new();
    for d in 1..days.len() {
        if let (Some(a), Some(b)) = (days[d - 1], days[d])
            && instance.shifts[a].not_followed_by.contains(&b)
        {
            out.push(format!(
                "{id}: shift {} on day {d} may not follow {} on day {}",
                instance.shifts[b].id,
                instance.shifts[a].id,
                d - 1
            ));
        }
    }
    for (s, shift) in instance.shifts.iter().enumerate() {
        let worked = days.iter().filter(|&&x| x == Some(s)).count() as u32;
        if worked > person.max_shifts[s] {
            out.push(format!(
                "{id}: {worked} {} shifts, at most {}",
                shift.id, person.max_shifts[s]
            ));
        }
    }
    let minutes: u32 = days
        .iter()
        .flatten()
        .map(|&s| instance.shifts[s].minutes)
        .sum();
    if minutes > person.max_minutes || minutes < person.min_minutes {
        out.push(format!(
            "{id}: {minutes} minutes, not within {}..{}",
            person.min_minutes, person.max_minutes
        ));
    }
    let last = days.len().saturating_sub(1);
    for (start, len, working) in runs(days) {
        let touches_edge = start == 0 || start + len - 1 == last;
        if working && len as u32 > person.max_consecutive {
            out.push(format!(
                "{id}: {len} days in a row from day {start}, at most {}",
                person.max_consecutive
            ));
        }
        if working && !touches_edge && (len as u32) < person.min_consecutive {
            out.push(format!(
                "{id}: {len} days in a row from day {start}, at least {}",
                person.min_consecutive
            ));
        }
        if !working && !touches_edge && (len as u32) < person.min_days_off {
            out.push(format!(
                "{id}: {len} days off in a row from day {start}, at least {}",
                person.min_days_off
            ));
        }
    }
    let weekends = (0..days.len() / 7)
        .filter(|w| days[7 * w + 5].is_some() || days[7 * w + 6].is_some())
        .count() as u32;
    if weekends > person.max_weekends {
        out.push(format!(
            "{id}: {weekends} weekends worked, at most {}",
            person.max_weekends
        ));
    }
    for &d in &instance.days_off[e] {
        if let Some(s) = days.get(d).copied().flatten() {
            out.push(format!(
                "{id}: works {} on day {d}, a day off",
                instance.shifts[s].id
            ));
        }
    }
    out
}

/// Maximal runs of working days and of days off: (first day, length,
/// working).
fn runs(days: &[Option<usize>]) -> Vec<(usize, usize, bool)> {
    let mut out: Vec<(usize, usize, bool)> = Vec::new();
    for (d, day) in days.iter().enumerate() {
        let working = day.is_some();
        match out.last_mut() {
            Some((_, len, w)) if *w == working => *len += 1,
            _ => out.push((d, 1, working)),
        }
    }
    out
}

fn requests_cost(instance: &Instance, roster: &Assignment) -> u64 {
    let works = |e: usize, d: usize, s: usize| roster[e].get(d).copied().flatten() == Some(s);
    let on: u64 = instance
        .on_requests
        .iter()
        .filter(|r| !works(r.employee, r.day, r.shift))
        .map(|r| u64::from(r.weight))
        .sum();
    let off: u64 = instance
        .off_requests
        .iter()
        .filter(|r| works(r.employee, r.day, r.shift))
        .map(|r| u64::from(r.weight))
        .sum();
    on + off
}

fn cover_cost(instance: &Instance, roster: &Assignment) -> u64 {
    instance
        .cover
        .iter()
        .map(|c| {
            let assigned = roster
                .iter()
                .filter(|days| days.get(c.day).copied().flatten() == Some(c.shift))
                .count() as u64;
            let want = u64::from(c.requirement);
            u64::from(c.under_weight) * want.saturating_sub(assigned)
                + u64::from(c.over_weight) * assigned.saturating_sub(want)
        })
        .sum()
}

/// A roster from `employee,day,shift` rows (what `duty bench --out`
/// writes; a header row is skipped): an unknown id or day is an error
/// naming the row, two shifts on one day a hard violation.
pub fn read_roster(instance: &Instance, csv: &str) -> Result<(Assignment, Vec<String>), String> {
    let mut roster = vec![vec![None; instance.horizon]; instance.staff.len()];
    let mut twice = Vec::new();
    for (i, line) in csv.lines().enumerate() {
        let line = line.trim_end_matches('\r').trim();
        if line.is_empty() || (i == 0 && line.starts_with("employee")) {
            continue;
        }
        let cells: Vec<&str> = line.split(',').map(str::trim).collect();
        let [employee, day, shift] = cells[..] else {
            return Err(format!("row {}: want employee,day,shift", i + 1));
        };
        let e = instance
            .staff
            .iter()
            .position(|p| p.id == employee)
            .ok_or_else(|| format!("row {}: unknown employee {employee}", i + 1))?;
        let d: usize = day
            .parse()
            .ok()
            .filter(|&d| d < instance.horizon)
            .ok_or_else(|| format!("row {}: day {day} is not in the horizon", i + 1))?;
        let s = instance
            .shifts
            .iter()
            .position(|x| x.id == shift)
            .ok_or_else(|| format!("row {}: unknown shift {shift}", i + 1))?;
        if roster[e][d].replace(s).is_some() {
            twice.push(format!("{employee}: two shifts on day {d}"));
        }
    }
    Ok((roster, twice))
}
