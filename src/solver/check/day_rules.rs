//! The rules of each day on its own: the duty each cell may hold (leave,
//! skills, requests), cover per shift, one chief officer on duty, and a
//! tutor beside each cross-training officer.

use super::*;

pub(super) fn check_cells(j: &mut Judge) {
    let (station, roster) = (j.station, j.roster);
    let calendar = station.leave_calendar();
    for s in 0..roster.staff {
        for d in 0..roster.days {
            let (date, duty) = (roster.date(d), roster.get(s, d));
            if may_take(station, s, duty).is_err() {
                let msg = format!(
                    "{}: {} on {date}, not allowed for their unit, rank or skills",
                    j.name(s),
                    j.code(duty)
                );
                j.add(Constraint::Eligibility, Some(s), vec![date], 1, msg);
            }
            if let Some(leave) = calendar.on(s, date).filter(|_| duty.is_working()) {
                let msg = format!(
                    "{}: {} on {date} while on {} leave",
                    j.name(s),
                    j.code(duty),
                    leave.kind.as_str()
                );
                j.add(Constraint::Absence, Some(s), vec![date], 1, msg);
            }
            if duty.is_working() && is_birthday(station, s, date) {
                let msg = format!(
                    "{}: works ({}) on their birthday, {date}",
                    j.name(s),
                    j.code(duty)
                );
                j.add(Constraint::BirthdayOff, Some(s), vec![date], 1, msg);
            }
        }
    }
    for request in &station.requests {
        let Some(d) = roster.day_index(request.date) else {
            continue;
        };
        let duty = roster.get(request.staff, d);
        let matches = match request.shift {
            Some(sh) => duty == Duty::Shift(sh),
            None => duty.is_working(),
        };
        let broken = matches == (request.want == Want::Off);
        if broken {
            let what = request.shift.map_or("the day".to_string(), |sh| {
                format!("shift {}", station.shifts[sh].code)
            });
            let want = if request.want == Want::Off {
                "off"
            } else {
                "on"
            };
            let msg = format!(
                "{}: asked for {what} {want} on {} (weight {}), rostered {}",
                j.name(request.staff),
                request.date,
                request.weight,
                j.code(duty)
            );
            j.add(
                Constraint::Request,
                Some(request.staff),
                vec![request.date],
                i64::from(request.weight),
                msg,
            );
        }
    }
}

pub(super) fn check_cover(j: &mut Judge) {
    let (station, roster) = (j.station, j.roster);
    for d in 0..roster.days {
        let date = roster.date(d);
        for rule in station.cover_on(date) {
            let count = (0..roster.staff)
                .filter(|&s| {
                    roster.get(s, d) == Duty::Shift(rule.shift) && station.counts_for(s, rule)
                })
                .count() as i64;
            let mut who = String::new();
            if let Some(u) = rule.unit {
                who.push_str(&format!(" {}", station.units[u].code));
            }
            who.push(' ');
            who.push_str(crate::text::officers(count));
            if let Some(k) = rule.skill {
                who.push_str(&format!(" with {}", station.skills[k].code));
            }
            let shift = &station.shifts[rule.shift].code;
            let short = i64::from(rule.min) - count;
            if d >= j.lookahead_from {
                let msg = format!(
                    "{date} {} (look-ahead): shift {shift} has {count}{who}, minimum {}",
                    date.format("%a"),
                    rule.min
                );
                j.add(Constraint::LookaheadCover, None, vec![date], short, msg);
                continue;
            }
            let msg = format!(
                "{date} {}: shift {shift} has {count}{who}, minimum {}",
                date.format("%a"),
                rule.min
            );
            j.add(Constraint::MinCover, None, vec![date], short, msg);
            let short = i64::from(rule.preferred) - count;
            let msg = format!(
                "{date} {}: shift {shift} has {count}{who}, preferred {}",
                date.format("%a"),
                rule.preferred
            );
            let units = short.max(0) * i64::from(rule.short_weight);
            j.add(Constraint::PreferredCover, None, vec![date], units, msg);
            let over = (count - i64::from(rule.preferred)).max(0) * i64::from(rule.over_weight);
            let msg = format!(
                "{date} {}: shift {shift} has {count}{who}, wanted {}",
                date.format("%a"),
                rule.preferred
            );
            j.add(Constraint::OverCover, None, vec![date], over, msg);
        }
    }
}

pub(super) fn check_chief(j: &mut Judge) {
    let (station, roster) = (j.station, j.roster);
    let k = i64::from(station.chief_watch.min_days_between);
    for d in 0..roster.days {
        let date = roster.date(d);
        let chiefs: Vec<usize> = (0..roster.staff)
            .filter(|&s| roster.get(s, d) == Duty::Chief)
            .collect();
        if station.chief_watch.required && chiefs.len() != 1 {
            let names: Vec<&str> = chiefs.iter().map(|&s| j.name(s)).collect();
            let msg = if chiefs.is_empty() {
                format!("{date}: no chief officer on duty")
            } else {
                format!(
                    "{date}: {} chief officers on duty ({})",
                    chiefs.len(),
                    names.join(", ")
                )
            };
            let rule = if d >= j.lookahead_from {
                Constraint::LookaheadCover
            } else {
                Constraint::ChiefWatch
            };
            j.add(rule, None, vec![date], (chiefs.len() as i64 - 1).abs(), msg);
        }
    }
    for s in 0..roster.staff {
        let watches: Vec<usize> = (0..roster.days)
            .filter(|&d| roster.get(s, d) == Duty::Chief)
            .collect();
        for (a, &d1) in watches.iter().enumerate() {
            for &d2 in &watches[a + 1..] {
                if (d2 - d1) as i64 >= k {
                    break;
                }
                let (x, y) = (roster.date(d1), roster.date(d2));
                let msg = format!(
                    "{}: chief watches on {x} and {y}, {} days apart, minimum {k}",
                    j.name(s),
                    d2 - d1
                );
                j.add(Constraint::ChiefSpacing, Some(s), vec![x, y], 1, msg);
            }
        }
    }
}

pub(super) fn check_mentors(j: &mut Judge) {
    let (station, roster) = (j.station, j.roster);
    for d in 0..roster.days {
        for (r, rule) in station.cross_training.iter().enumerate() {
            for &sh in &rule.shifts {
                let on_shift = |s: &usize| roster.get(*s, d) == Duty::Shift(sh);
                let trainees: Vec<usize> = (0..roster.staff)
                    .filter(on_shift)
                    .filter(|&s| trainee_rule(station, s, sh) == Some(r))
                    .collect();
                let mentors = (0..roster.staff)
                    .filter(on_shift)
                    .filter(|&s| {
                        let o = &station.staff[s];
                        o.unit == rule.to_unit
                            && station.can_work(s, sh)
                            && rule.mentor_skill.is_none_or(|k| o.skills.contains(k))
                    })
                    .count();
                // Each trainee is paired with a mentor of their own: those
                // past the mentors on the shift are unpaired.
                let unpaired = unpaired_trainees(trainees.len() as i64, mentors as i64) as usize;
                let date = roster.date(d);
                if unpaired == 0 {
                    continue;
                }
                // Which trainee goes unpaired is arbitrary: name them all,
                // so the one just assigned is not missing from the message.
                let names = trainees
                    .iter()
                    .map(|&t| j.name(t))
                    .collect::<Vec<_>>()
                    .join(", ");
                for &s in &trainees[trainees.len() - unpaired..] {
                    let msg = format!(
                        "{}: cross-training on {} shift {} on {date} with no {} mentor of their own ({}: {}; {})",
                        j.name(s),
                        station.units[rule.to_unit].code,
                        station.shifts[sh].code,
                        rule.mentor_skill
                            .map_or("host".to_string(), |k| station.skills[k].code.clone()),
                        crate::text::count(trainees.len(), "trainee"),
                        names,
                        crate::text::count(mentors, "mentor")
                    );
                    j.add(Constraint::Mentor, Some(s), vec![date], 1, msg);
                }
            }
        }
    }
}
