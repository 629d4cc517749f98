//! The rules over days in a row: rest between duties, days worked and
//! off in a row, nights in a row, successions, hours per week and per
//! reference period, weekends (split, and at most so many in a window).

use super::*;

pub(super) fn check_rest(j: &mut Judge) {
    let (station, roster) = (j.station, j.roster);
    for s in 0..roster.staff {
        let min_rest = i64::from(j.contract(s).min_rest_hours) * 60;
        for d1 in 0..roster.days {
            let first = roster.get(s, d1);
            let Some(a) = first.interval(station, roster.date(d1)) else {
                continue;
            };
            for d2 in d1 + 1..(d1 + 3).min(roster.days) {
                let second = roster.get(s, d2);
                let Some(b) = second.interval(station, roster.date(d2)) else {
                    continue;
                };
                let rest = b.start.signed_duration_since(a.end).num_minutes();
                if rest < min_rest {
                    let msg = format!(
                        "{}: {} on {} ends {}, {} on {} starts {}: {}h{:02} rest, minimum {} h",
                        j.name(s),
                        j.code(first),
                        roster.date(d1),
                        a.end.format("%a %H:%M"),
                        j.code(second),
                        roster.date(d2),
                        b.start.format("%a %H:%M"),
                        rest.div_euclid(60),
                        rest.rem_euclid(60),
                        min_rest / 60
                    );
                    j.add(
                        Constraint::MinRest,
                        Some(s),
                        vec![roster.date(d1), roster.date(d2)],
                        1,
                        msg,
                    );
                }
            }
        }
    }
}

pub(super) fn check_runs(j: &mut Judge) {
    let (station, roster) = (j.station, j.roster);
    let calendar = station.leave_calendar();
    for s in 0..roster.staff {
        let c = j.contract(s).clone();
        let working: Vec<bool> = (0..roster.days)
            .map(|d| roster.get(s, d).is_working())
            .collect();
        let nights: Vec<bool> = (0..roster.days)
            .map(|d| roster.get(s, d).is_night(station))
            .collect();
        for (start, len) in runs(&working, true) {
            let over = len as i64 - i64::from(c.max_consecutive_days);
            let days: Vec<NaiveDate> = (start..start + len).map(|d| roster.date(d)).collect();
            let msg = format!(
                "{}: {len} working days in a row from {}, max {} ({})",
                j.name(s),
                days[0],
                c.max_consecutive_days,
                c.code
            );
            j.add(Constraint::MaxConsecutiveDays, Some(s), days, over, msg);
        }
        for (start, len) in runs(&nights, true) {
            let over = len as i64 - i64::from(c.max_nights_in_row);
            let days: Vec<NaiveDate> = (start..start + len).map(|d| roster.date(d)).collect();
            let msg = format!(
                "{}: {len} nights in a row from {}, max {} ({})",
                j.name(s),
                days[0],
                c.max_nights_in_row,
                c.code
            );
            j.add(Constraint::MaxNightsInRow, Some(s), days, over, msg);
        }
        for (start, len) in runs(&working, false) {
            // A break that holds leave or a sick day was not the roster's
            // choice: its length is not held against anyone.
            let has_leave = (start..start + len).any(|d| calendar.away(s, roster.date(d)));
            if start == 0 || start + len == roster.days || has_leave {
                continue;
            }
            let short = i64::from(c.min_consecutive_days_off) - len as i64;
            let days: Vec<NaiveDate> = (start..start + len).map(|d| roster.date(d)).collect();
            let msg = format!(
                "{}: only {} off from {}, minimum {} ({})",
                j.name(s),
                crate::text::count(len, "day"),
                days[0],
                c.min_consecutive_days_off,
                c.code
            );
            j.add(Constraint::MinConsecutiveDaysOff, Some(s), days, short, msg);
        }
        for (start, len) in runs(&working, true) {
            if start == 0 || start + len == roster.days {
                continue;
            }
            let short = i64::from(c.min_consecutive_days) - len as i64;
            let days: Vec<NaiveDate> = (start..start + len).map(|d| roster.date(d)).collect();
            let msg = format!(
                "{}: only {} in a row from {}, minimum {} ({})",
                j.name(s),
                crate::text::count(len, "working day"),
                days[0],
                c.min_consecutive_days,
                c.code
            );
            j.add(Constraint::MinConsecutiveDays, Some(s), days, short, msg);
        }
    }
}

pub(super) fn check_successions(j: &mut Judge) {
    let (station, roster) = (j.station, j.roster);
    for s in 0..roster.staff {
        for d in 1..roster.days {
            let (Duty::Shift(a), Duty::Shift(b)) = (roster.get(s, d - 1), roster.get(s, d)) else {
                continue;
            };
            if station.shifts[a].not_followed_by.contains(&b) {
                let (x, y) = (roster.date(d - 1), roster.date(d));
                let msg = format!(
                    "{}: {} on {x} then {} on {y}, which may not follow it",
                    j.name(s),
                    station.shifts[a].code,
                    station.shifts[b].code
                );
                j.add(Constraint::Succession, Some(s), vec![x, y], 1, msg);
            }
        }
    }
}

/// Sliding windows of `len` weeks over `weeks` weeks, as (first, end)
/// week ranges; one window over them all when there are fewer.
pub(super) fn week_windows(weeks: usize, len: usize) -> Vec<(usize, usize)> {
    if weeks >= len {
        (0..=weeks - len).map(|k| (k, k + len)).collect()
    } else {
        vec![(0, weeks)]
    }
}

pub(super) fn check_reference(j: &mut Judge) {
    let (station, roster) = (j.station, j.roster);
    let weeks = roster.days / 7;
    let ceil_hours = |m: i64| (m.max(0) + 59) / 60;
    for s in 0..roster.staff {
        let c = j.contract(s).clone();
        let len = c.reference_weeks as usize;
        for (a, b) in week_windows(weeks, len) {
            let days: Vec<usize> = (a * 7..b * 7).collect();
            let (first, last) = (roster.date(a * 7), roster.date(b * 7 - 1));
            let minutes: i64 = days
                .iter()
                .map(|&d| i64::from(j.day_minutes.worked(roster, s, d)))
                .sum();
            let hours = minutes as f64 / 60.0;
            if let Some(max) = c.max_minutes_reference {
                let msg = format!(
                    "{}: {hours:.1} h from {first} to {last}, max {:.1} h ({})",
                    j.name(s),
                    max as f64 / 60.0,
                    c.code
                );
                let over = ceil_hours(minutes - max);
                j.add(
                    Constraint::MaxHoursReference,
                    Some(s),
                    vec![first],
                    over,
                    msg,
                );
            }
            if let Some(min) = c.min_minutes_reference {
                // Fewer weeks judged than the reference: the minimum in
                // proportion.
                let min = min * (b - a) as i64 / len as i64;
                let msg = format!(
                    "{}: {hours:.1} h from {first} to {last}, minimum {:.1} h ({})",
                    j.name(s),
                    min as f64 / 60.0,
                    c.code
                );
                let short = ceil_hours(min - minutes);
                j.add(
                    Constraint::MinHoursReference,
                    Some(s),
                    vec![first],
                    short,
                    msg,
                );
            }
            for (sh, shift) in station.shifts.iter().enumerate() {
                let Some(max) = c.max_of_shift(sh) else {
                    continue;
                };
                let count = days
                    .iter()
                    .filter(|&&d| roster.get(s, d) == Duty::Shift(sh))
                    .count() as i64;
                let msg = format!(
                    "{}: {count} {} shifts from {first} to {last}, max {max} ({})",
                    j.name(s),
                    shift.code,
                    c.code
                );
                let over = count - i64::from(max);
                j.add(Constraint::MaxShifts, Some(s), vec![first], over, msg);
            }
        }
    }
}

/// Maximal runs of `value` in `flags`, as (start, length).
pub(super) fn runs(flags: &[bool], value: bool) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut d = 0;
    while d < flags.len() {
        if flags[d] == value {
            let start = d;
            while d < flags.len() && flags[d] == value {
                d += 1;
            }
            out.push((start, d - start));
        } else {
            d += 1;
        }
    }
    out
}

pub(super) fn check_weeks(j: &mut Judge) {
    let (station, roster) = (j.station, j.roster);
    let calendar = station.leave_calendar();
    let ceil_hours = |m: i64| (m.max(0) + 59) / 60;
    for s in 0..roster.staff {
        let c = j.contract(s).clone();
        for week in 0..roster.days / 7 {
            let days: Vec<usize> = (week * 7..week * 7 + 7).collect();
            let minutes: i64 = days
                .iter()
                .map(|&d| i64::from(j.day_minutes.worked(roster, s, d)))
                .sum();
            let dates = || days.iter().map(|&d| roster.date(d));
            let target = week_target_minutes(station, &calendar, s, dates());
            let min = week_share_minutes(c.min_hours_week, &calendar, s, dates());
            let max = (c.max_hours_week * 60.0).round() as i64;
            let monday = roster.date(week * 7);
            let label = format!(
                "{} (week of {monday})",
                crate::model::calendar::iso_week_label(monday)
            );
            let hours = minutes as f64 / 60.0;
            j.add(
                Constraint::MaxHoursWeek,
                Some(s),
                vec![monday],
                ceil_hours(minutes - max),
                format!(
                    "{}: {hours:.1} h in {label}, max {} h ({})",
                    j.name(s),
                    c.max_hours_week,
                    c.code
                ),
            );
            j.add(
                Constraint::TargetHours,
                Some(s),
                vec![monday],
                off_target_cost(minutes - target),
                format!(
                    "{}: {hours:.1} h in {label}, target {:.1} h",
                    j.name(s),
                    target as f64 / 60.0
                ),
            );
            j.add(
                Constraint::OffTargetWeek,
                Some(s),
                vec![monday],
                i64::from(outside_target_band(&c, minutes - target)),
                format!(
                    "{}: {hours:.1} h in {label}, more than {} h from the target {:.1} h",
                    j.name(s),
                    c.target_band_hours,
                    target as f64 / 60.0
                ),
            );
            j.add(
                Constraint::MinHoursWeek,
                Some(s),
                vec![monday],
                ceil_hours(min - minutes),
                format!(
                    "{}: {hours:.1} h in {label}, minimum {:.1} h",
                    j.name(s),
                    min as f64 / 60.0
                ),
            );
        }
    }
}

/// For a weekend worked on Saturday only, the Sunday hours that
/// Saturday's duty still holds (" (N until 06:00 on Sunday)"): a Saturday
/// night alone is a split weekend by the days duties start on, and the
/// message must not read as if the officer had Sunday free.
pub(super) fn into_sunday(station: &Station, saturday_duty: Duty, saturday: NaiveDate) -> String {
    let Some(interval) = saturday_duty.interval(station, saturday) else {
        return String::new();
    };
    let end = interval.end.naive_local();
    if end.date() > saturday && end.time() > chrono::NaiveTime::MIN {
        let what = match saturday_duty {
            Duty::Chief => "chief watch",
            duty => duty.code(station),
        };
        format!(" ({what} until {} on Sunday)", end.format("%H:%M"))
    } else {
        String::new()
    }
}

pub(super) fn check_weekends(j: &mut Judge) {
    let roster = j.roster;
    let weeks = roster.days / 7;
    let calendar = j.station.leave_calendar();
    for s in 0..roster.staff {
        for w in 0..weeks {
            let (sat, sun) = (w * 7 + 5, w * 7 + 6);
            let away = |d: usize| calendar.away(s, roster.date(d));
            let (a, b) = (roster.get(s, sat), roster.get(s, sun));
            if a.is_working() != b.is_working() && !away(sat) && !away(sun) {
                let day = if a.is_working() { "Saturday" } else { "Sunday" };
                let msg = format!(
                    "{}: works the weekend of {} on {day} only{}",
                    j.name(s),
                    roster.date(sat),
                    into_sunday(j.station, a, roster.date(sat)),
                );
                let days = vec![roster.date(sat), roster.date(sun)];
                j.add(Constraint::SplitWeekend, Some(s), days, 1, msg);
            }
        }
        let contract = j.contract(s);
        let max = i64::from(contract.max_weekends);
        let window = contract.weekend_window_weeks;
        let windows = week_windows(weeks, window as usize);
        let worked: Vec<bool> = (0..weeks)
            .map(|w| roster.get(s, w * 7 + 5).is_working() || roster.get(s, w * 7 + 6).is_working())
            .collect();
        for &(a, b) in &windows {
            let count = worked[a..b].iter().filter(|&&x| x).count() as i64;
            if count <= max {
                continue;
            }
            // The weekend days worked, so that the violation touches the
            // weeks that made it, wherever the window starts.
            let days: Vec<NaiveDate> = (a..b)
                .filter(|&w| worked[w])
                .map(|w| {
                    let sat = w * 7 + 5;
                    roster.date(if roster.get(s, sat).is_working() {
                        sat
                    } else {
                        sat + 1
                    })
                })
                .collect();
            let listed: Vec<String> = days.iter().map(|d| d.to_string()).collect();
            let msg = format!(
                "{}: works {count} weekends in the {} weeks from {} ({}), max {max} per {window} weeks",
                j.name(s),
                b - a,
                roster.date(a * 7),
                listed.join(", ")
            );
            j.add(Constraint::MaxWeekends, Some(s), days, count - max, msg);
        }
    }
}
