//! `rules.toml` -> the station's rules. One small `validate_*` per table; each
//! reports what it finds and leaves the rest to run, so a manager sees every
//! mistake in one go.

use chrono_tz::Tz;

use super::check::{Checker, codes};
use super::raw::{
    RawChiefWatch, RawContract, RawCover, RawCrossTraining, RawHoliday, RawNamed, RawPoints,
    RawRules, RawShift,
};
use crate::model::skills::MAX_SKILLS;
use crate::model::{
    ChiefWatch, Constraint, Contract, CoverRule, CrossTraining, DayFilter, Holiday, Named, Points,
    ShiftType, SkillSet, Station, Weights,
};

/// The most shifts a station may declare: a duty is one byte in the
/// solver, and two codes are taken by a day off and the chief watch.
pub const MAX_SHIFTS: usize = 253;

/// The most cross-training rules: the solver keeps which rules an officer
/// may mentor as bits of a `u32`.
pub const MAX_CROSS_TRAINING: usize = 32;

/// Builds a station with its rules and no staff yet, or `None` when the
/// checker recorded problems.
pub fn validate_rules(check: &mut Checker, raw: &RawRules) -> Option<Station> {
    let timezone = validate_timezone(check, raw);
    let units = validate_named(check, &raw.units, "unit");
    let ranks = validate_named(check, &raw.ranks, "rank");
    let skills = validate_named(check, &raw.skills, "skill");
    if skills.len() > MAX_SKILLS {
        let span = raw.skills[MAX_SKILLS].code.span();
        check.error(span, "code", "[[skill]]", "more than 64 skills", None);
    }
    let shifts = validate_shifts(check, &raw.shifts, &units, &skills);
    if shifts.len() > MAX_SHIFTS {
        let span = raw.shifts[MAX_SHIFTS].code.span();
        let message = format!("more than {MAX_SHIFTS} shifts");
        check.error(span, "code", "[[shift]]", message, None);
    }
    if raw.cross_training.len() > MAX_CROSS_TRAINING {
        let span = raw.cross_training[MAX_CROSS_TRAINING].from_unit.span();
        let message = format!("more than {MAX_CROSS_TRAINING} cross-training rules");
        check.error(span, "from_unit", "[[cross_training]]", message, None);
    }
    let cover = validate_cover(check, &raw.cover, &shifts, &units, &skills);
    let holidays = validate_holidays(check, &raw.holidays);
    let contracts = validate_contracts(check, &raw.contracts, &shifts);
    let chief_watch = match &raw.chief_watch {
        Some(watch) => validate_chief_watch(check, watch.get_ref(), &ranks, &skills),
        None => Some(ChiefWatch::none()),
    };
    let cross_training =
        validate_cross_training(check, &raw.cross_training, &units, &shifts, &skills);
    let weights = validate_weights(check, raw);
    let points = validate_points(check, raw.points.as_ref());
    if !check.diagnostics.is_empty() {
        return None;
    }
    Some(Station {
        name: raw.station.name.to_string(),
        timezone: timezone?,
        units,
        ranks,
        skills,
        shifts,
        cover,
        holidays,
        contracts,
        chief_watch: chief_watch?,
        cross_training,
        weights,
        points,
        staff: Vec::new(),
        leave: Vec::new(),
        requests: Vec::new(),
    })
}

fn validate_timezone(check: &mut Checker, raw: &RawRules) -> Option<Tz> {
    let name = &raw.station.timezone;
    let zone = name.get_ref().parse::<Tz>().ok();
    if zone.is_none() {
        check.error(
            name.span(),
            "timezone",
            "[station]",
            format!("unknown time zone \"{}\"", name.get_ref()),
            Some("use an IANA zone name such as \"Asia/Shanghai\" or \"Europe/London\"".into()),
        );
    }
    zone
}

/// Longest `short` of a unit, rank or skill: what a grid column can hold.
const SHORT_MAX: usize = 4;

fn validate_named(check: &mut Checker, raw: &[RawNamed], table: &str) -> Vec<Named> {
    check.non_empty(raw, table);
    check.unique(raw.iter().map(|n| &n.code), "code", &format!("[[{table}]]"));
    raw.iter()
        .map(|n| {
            let short = match &n.short {
                Some(short) => {
                    let text = short.get_ref();
                    let length = text.chars().count();
                    if length == 0 || length > SHORT_MAX || text.chars().any(char::is_whitespace) {
                        check.error(
                            short.span(),
                            "short",
                            &format!("[[{table}]] {}", n.code.get_ref()),
                            format!("`{text}` is not a short form: 1 to {SHORT_MAX} characters, no spaces"),
                            Some(format!("such as short = \"{}\"", derived_short(&n.name))),
                        );
                    }
                    text.to_string()
                }
                None => derived_short(&n.name),
            };
            Named {
                code: n.code.get_ref().to_string(),
                name: n.name.to_string(),
                short,
            }
        })
        .collect()
}

/// A short form when the file gives none: the initials of a name of
/// several words ("Chief Inspector" -> "CI"), else its first three letters.
fn derived_short(name: &str) -> String {
    let words: Vec<&str> = name.split_whitespace().collect();
    match words.as_slice() {
        [] => "?".to_string(),
        [word] => word.chars().take(3).collect(),
        _ => words
            .iter()
            .filter_map(|w| w.chars().next())
            .take(SHORT_MAX)
            .collect::<String>()
            .to_uppercase(),
    }
}

fn validate_shifts(
    check: &mut Checker,
    raw: &[RawShift],
    units: &[Named],
    skills: &[Named],
) -> Vec<ShiftType> {
    check.non_empty(raw, "shift");
    check.unique(raw.iter().map(|s| &s.code), "code", "[[shift]]");
    let (unit_codes, skill_codes) = (codes(units), codes(skills));
    let shift_codes: Vec<&str> = raw.iter().map(|s| s.code.get_ref().as_str()).collect();
    let mut shifts = Vec::new();
    for (i, s) in raw.iter().enumerate() {
        let ctx = format!("[[shift]] #{} (\"{}\")", i + 1, s.code.get_ref());
        let not_followed_by = check.resolve_all(
            &shift_codes,
            "shift",
            &s.not_followed_by,
            "not_followed_by",
            &ctx,
        );
        let start = check.time(&s.start, "start", &ctx);
        let length = check.length(&s.length, "length", &ctx);
        let units = check.resolve_all(&unit_codes, "unit", &s.units, "units", &ctx);
        let mut required = SkillSet::default();
        for skill in check.resolve_all(&skill_codes, "skill", &s.skills, "skills", &ctx) {
            required.insert(skill);
        }
        if let (Some(start), Some(length_minutes)) = (start, length) {
            let mut shift = ShiftType {
                code: s.code.get_ref().to_string(),
                name: s.name.to_string(),
                start,
                length_minutes,
                units,
                skills: required,
                night: false,
                not_followed_by,
            };
            shift.night = s.night.unwrap_or_else(|| shift.crosses_midnight());
            shifts.push(shift);
        }
    }
    shifts
}

fn validate_cover(
    check: &mut Checker,
    raw: &[RawCover],
    shifts: &[ShiftType],
    units: &[Named],
    skills: &[Named],
) -> Vec<CoverRule> {
    let shift_codes: Vec<&str> = shifts.iter().map(|s| s.code.as_str()).collect();
    let (unit_codes, skill_codes) = (codes(units), codes(skills));
    let mut rules = Vec::new();
    for (i, c) in raw.iter().enumerate() {
        let ctx = format!("[[cover]] #{}", i + 1);
        let shift = check.resolve(&shift_codes, "shift", &c.shift, "shift", &ctx);
        let unit = check.resolve_optional(&unit_codes, "unit", c.unit.as_ref(), "unit", &ctx);
        let skill = check.resolve_optional(&skill_codes, "skill", c.skill.as_ref(), "skill", &ctx);
        let days = match &c.days {
            None => Some(DayFilter::All),
            Some(text) => {
                let parsed = DayFilter::parse(text.get_ref());
                if parsed.is_none() {
                    check.error(
                        text.span(),
                        "days",
                        &ctx,
                        format!("\"{}\" is not a kind of day", text.get_ref()),
                        Some(format!("use one of: {}", DayFilter::NAMES)),
                    );
                }
                parsed
            }
        };
        let min = *c.min.get_ref();
        let preferred = c.preferred.as_ref().map_or(min, |p| *p.get_ref());
        if let Some(weight) = c
            .short_weight
            .as_ref()
            .filter(|w| !(1..=MAX_HEAD_WEIGHT).contains(w.get_ref()))
        {
            let message = if *weight.get_ref() == 0 {
                "a short_weight of 0 would make the preferred head count meaningless".to_string()
            } else {
                format!(
                    "a short_weight of {} is more than {MAX_HEAD_WEIGHT}",
                    weight.get_ref()
                )
            };
            check.error(
                weight.span(),
                "short_weight",
                &ctx,
                message,
                Some(format!(
                    "use 1 to {MAX_HEAD_WEIGHT}, or leave `preferred` out"
                )),
            );
        }
        if let Some(weight) = c
            .over_weight
            .as_ref()
            .filter(|w| *w.get_ref() > MAX_HEAD_WEIGHT)
        {
            check.error(
                weight.span(),
                "over_weight",
                &ctx,
                format!(
                    "an over_weight of {} is more than {MAX_HEAD_WEIGHT}",
                    weight.get_ref()
                ),
                Some(format!("use 0 to {MAX_HEAD_WEIGHT}")),
            );
        }
        if preferred < min {
            let span = c.preferred.as_ref().map_or(c.min.span(), |p| p.span());
            check.error(
                span,
                "preferred",
                &ctx,
                format!("preferred {preferred} is below the minimum {min}"),
                Some("preferred cover is at least the minimum".to_string()),
            );
        }
        if let (Some(shift), Some(unit), Some(skill), Some(days)) = (shift, unit, skill, days) {
            let same = |r: &&(usize, CoverRule)| {
                (r.1.shift, r.1.unit, r.1.skill, r.1.days) == (shift, unit, skill, days)
            };
            if let Some((first, _)) = rules.iter().find(same) {
                check.error(
                    c.shift.span(),
                    "shift",
                    &ctx,
                    format!(
                        "a second cover rule for shift \"{}\" with the same unit, skill and days as [[cover]] #{}",
                        c.shift.get_ref(),
                        first + 1
                    ),
                    Some("keep one rule for each shift, unit, skill and kind of day; merge the two".to_string()),
                );
                continue;
            }
            rules.push((
                i,
                CoverRule {
                    shift,
                    days,
                    unit,
                    skill,
                    min,
                    preferred,
                    short_weight: c.short_weight.as_ref().map_or(1, |w| *w.get_ref()),
                    over_weight: c.over_weight.as_ref().map_or(0, |w| *w.get_ref()),
                },
            ));
        }
    }
    rules.into_iter().map(|(_, rule)| rule).collect()
}

fn validate_holidays(check: &mut Checker, raw: &[RawHoliday]) -> Vec<Holiday> {
    let mut holidays = Vec::new();
    for (i, h) in raw.iter().enumerate() {
        let ctx = format!("[[holiday]] #{} (\"{}\")", i + 1, h.name);
        let from = check.date(&h.from, "from", &ctx);
        let to = match &h.to {
            Some(to) => check.date(to, "to", &ctx),
            None => from,
        };
        if let (Some(from), Some(to)) = (from, to) {
            if to < from {
                let span = h.to.as_ref().map_or(h.from.span(), |t| t.span());
                check.error(
                    span,
                    "to",
                    &ctx,
                    format!("the holiday ends ({to}) before it starts ({from})"),
                    Some("`to` is the last day of the holiday, on or after `from`".to_string()),
                );
                continue;
            }
            holidays.push(Holiday {
                name: h.name.to_string(),
                from,
                to,
            });
        }
    }
    holidays
}

/// A number of hours as a message shows it: as written for sensible
/// values, in exponent form for huge ones (a TOML `1e300` is not shown
/// as 301 digits).
fn shown(hours: f64) -> String {
    if hours.abs() < 1e6 {
        format!("{hours}")
    } else {
        format!("{hours:e}")
    }
}

fn validate_contracts(
    check: &mut Checker,
    raw: &[RawContract],
    shifts: &[ShiftType],
) -> Vec<Contract> {
    let shift_codes: Vec<&str> = shifts.iter().map(|s| s.code.as_str()).collect();
    check.non_empty(raw, "contract");
    check.unique(raw.iter().map(|c| &c.code), "code", "[[contract]]");
    let mut contracts = Vec::new();
    for (i, c) in raw.iter().enumerate() {
        let ctx = format!("[[contract]] #{} (\"{}\")", i + 1, c.code.get_ref());
        let max = *c.max_hours_week.get_ref();
        if !(max > 0.0 && max <= 168.0) {
            check.error(
                c.max_hours_week.span(),
                "max_hours_week",
                &ctx,
                format!("{} is not a number of hours in a week", shown(max)),
                Some("use a number above 0 and at most 168".to_string()),
            );
        }
        let min = c.min_hours_week.as_ref().map_or(0.0, |m| *m.get_ref());
        let target = c.target_hours_week.as_ref().map_or(max, |t| *t.get_ref());
        if min > target || target > max {
            let (span, key) = match (&c.target_hours_week, &c.min_hours_week) {
                (Some(t), _) => (t.span(), "target_hours_week"),
                (None, Some(m)) => (m.span(), "min_hours_week"),
                (None, None) => (c.max_hours_week.span(), "max_hours_week"),
            };
            check.error(
                span,
                key,
                &ctx,
                format!(
                    "hours must satisfy min ({}) <= target ({}) <= max ({})",
                    shown(min),
                    shown(target),
                    shown(max)
                ),
                None,
            );
        }
        let target_band = c.target_band_hours.as_ref().map_or(4.0, |b| *b.get_ref());
        if !(0.0..=168.0).contains(&target_band) {
            let span = c.target_band_hours.as_ref().map_or(0..0, |b| b.span());
            check.error(
                span,
                "target_band_hours",
                &ctx,
                format!("{} is not a number of hours in a week", shown(target_band)),
                Some("use 0 to 168 hours (4 means target ± 4 h)".to_string()),
            );
        }
        if *c.max_consecutive_days.get_ref() == 0 {
            check.error(
                c.max_consecutive_days.span(),
                "max_consecutive_days",
                &ctx,
                "an officer must be allowed to work at least one day in a row",
                Some("use 1 or more".to_string()),
            );
        }
        let reference_weeks = c.reference_weeks.as_ref().map_or(4, |w| *w.get_ref());
        if !(1..=MAX_REFERENCE_WEEKS).contains(&reference_weeks) {
            let span = c.reference_weeks.as_ref().map_or(0..0, |w| w.span());
            check.error(
                span,
                "reference_weeks",
                &ctx,
                format!("a reference period of {reference_weeks} weeks"),
                Some(format!("use 1 to {MAX_REFERENCE_WEEKS} weeks")),
            );
        }
        let (max_weekends, weekend_window_weeks) =
            validate_weekends(check, c, &ctx, reference_weeks);
        let mut max_shifts = vec![None; shifts.len()];
        for (code, max) in &c.max_shifts {
            if let Some(sh) = check.resolve(&shift_codes, "shift", code, "max_shifts", &ctx) {
                max_shifts[sh] = Some(*max);
            }
        }
        let mut reference_minutes = |raw: &Option<toml::Spanned<f64>>, key: &str| {
            let hours = *raw.as_ref()?.get_ref();
            let most = 168.0 * f64::from(reference_weeks);
            if !(0.0..=most).contains(&hours) {
                let span = raw.as_ref().map_or(0..0, |h| h.span());
                let hint = format!(
                    "use 0 to {most} hours for {}",
                    crate::text::count(reference_weeks, "week")
                );
                check.error(
                    span,
                    key,
                    &ctx,
                    format!("{} hours", shown(hours)),
                    Some(hint),
                );
                return None;
            }
            Some((hours * 60.0).round() as i64)
        };
        let max_minutes_reference =
            reference_minutes(&c.max_hours_reference, "max_hours_reference");
        let min_minutes_reference =
            reference_minutes(&c.min_hours_reference, "min_hours_reference");
        let rest = c.min_rest_hours.as_ref().map_or(11, |r| *r.get_ref());
        if rest > 48 {
            let span = c.min_rest_hours.as_ref().map_or(0..0, |r| r.span());
            let hint = Some("most rules require 11 hours".to_string());
            check.error(
                span,
                "min_rest_hours",
                &ctx,
                "more than 48 hours of rest",
                hint,
            );
        }
        let min_consecutive_days = c.min_consecutive_days.as_ref().map_or(1, |d| *d.get_ref());
        if let Some(days) = c
            .min_consecutive_days
            .as_ref()
            .filter(|d| *d.get_ref() > *c.max_consecutive_days.get_ref())
        {
            check.error(
                days.span(),
                "min_consecutive_days",
                &ctx,
                format!(
                    "stretches of at least {} working days, but at most {} in a row",
                    days.get_ref(),
                    c.max_consecutive_days.get_ref()
                ),
                Some("use at most max_consecutive_days".to_string()),
            );
        }
        if let Some(days) = c
            .min_consecutive_days_off
            .as_ref()
            .filter(|d| *d.get_ref() > MAX_DAYS_OFF_IN_A_ROW)
        {
            check.error(
                days.span(),
                "min_consecutive_days_off",
                &ctx,
                format!(
                    "stretches of at least {} days off: more than four weeks",
                    days.get_ref()
                ),
                Some(format!("use 1 to {MAX_DAYS_OFF_IN_A_ROW} days")),
            );
        }
        contracts.push(Contract {
            code: c.code.get_ref().to_string(),
            name: c.name.to_string(),
            max_hours_week: max,
            min_hours_week: min,
            target_hours_week: target,
            target_band_hours: target_band,
            max_consecutive_days: *c.max_consecutive_days.get_ref(),
            min_consecutive_days_off: c
                .min_consecutive_days_off
                .as_ref()
                .map_or(1, |d| *d.get_ref())
                .max(1),
            max_nights_in_row: c.max_nights_in_row,
            max_weekends,
            weekend_window_weeks,
            min_rest_hours: rest,
            min_consecutive_days,
            reference_weeks,
            max_shifts,
            max_minutes_reference,
            min_minutes_reference,
        });
    }
    contracts
}

/// The longest least stretch of days off a contract may ask for: four
/// weeks; any more and every officer would be off for most of a roster.
const MAX_DAYS_OFF_IN_A_ROW: u32 = 28;

/// The longest reference period, and the longest cross-training window:
/// a year.
const MAX_REFERENCE_WEEKS: u32 = 53;

/// The weekend limit and its window: `max_weekends_per_4_weeks`, or
/// `max_weekends` per reference period; exactly one of them.
fn validate_weekends(
    check: &mut Checker,
    c: &RawContract,
    ctx: &str,
    reference_weeks: u32,
) -> (u32, u32) {
    match (&c.max_weekends_per_4_weeks, &c.max_weekends) {
        (Some(per4), None) => {
            if *per4.get_ref() > 4 {
                check.error(
                    per4.span(),
                    "max_weekends_per_4_weeks",
                    ctx,
                    "there are only 4 weekends in 4 weeks",
                    Some("use a number from 0 to 4".to_string()),
                );
            }
            (*per4.get_ref(), 4)
        }
        (None, Some(max)) => (*max.get_ref(), reference_weeks),
        (Some(_), Some(max)) => {
            check.error(
                max.span(),
                "max_weekends",
                ctx,
                "both max_weekends and max_weekends_per_4_weeks are given",
                Some("keep one: max_weekends counts per reference_weeks".to_string()),
            );
            (0, 4)
        }
        (None, None) => {
            check.error(
                c.code.span(),
                "max_weekends_per_4_weeks",
                ctx,
                "no limit on weekends worked",
                Some(
                    "add max_weekends_per_4_weeks = 2 (or max_weekends with reference_weeks)"
                        .to_string(),
                ),
            );
            (0, 4)
        }
    }
}

fn validate_chief_watch(
    check: &mut Checker,
    raw: &RawChiefWatch,
    ranks: &[Named],
    skills: &[Named],
) -> Option<ChiefWatch> {
    let ctx = "[chief_watch]";
    let start = check.time(&raw.start, "start", ctx);
    let length = match &raw.length {
        Some(length) => check.length(length, "length", ctx),
        None => Some(24 * 60),
    };
    let ranks = check.resolve_all(&codes(ranks), "rank", &raw.ranks, "ranks", ctx);
    let mut eligible_skills = SkillSet::default();
    for skill in check.resolve_all(&codes(skills), "skill", &raw.skills, "skills", ctx) {
        eligible_skills.insert(skill);
    }
    Some(ChiefWatch {
        required: true,
        start: start?,
        length_minutes: length?,
        ranks,
        skills: eligible_skills,
        min_days_between: raw.min_days_between,
    })
}

fn validate_cross_training(
    check: &mut Checker,
    raw: &[RawCrossTraining],
    units: &[Named],
    shifts: &[ShiftType],
    skills: &[Named],
) -> Vec<CrossTraining> {
    let unit_codes = codes(units);
    let shift_codes: Vec<&str> = shifts.iter().map(|s| s.code.as_str()).collect();
    let mut rules = Vec::new();
    for (i, t) in raw.iter().enumerate() {
        let ctx = format!("[[cross_training]] #{} (\"{}\")", i + 1, t.name);
        let from = check.resolve(&unit_codes, "unit", &t.from_unit, "from_unit", &ctx);
        let to = check.resolve(&unit_codes, "unit", &t.to_unit, "to_unit", &ctx);
        if from.is_some() && from == to {
            check.error(
                t.to_unit.span(),
                "to_unit",
                &ctx,
                "cross-training must go to a different unit",
                None,
            );
        }
        if t.shifts.get_ref().is_empty() {
            check.error(
                t.shifts.span(),
                "shifts",
                &ctx,
                "no host shifts are listed",
                Some("list the host unit's shifts trainees work, such as [\"D\"]".to_string()),
            );
        }
        let shift_list =
            check.resolve_all(&shift_codes, "shift", t.shifts.get_ref(), "shifts", &ctx);
        if let (Some(from_unit), Some(to_unit)) = (from, to) {
            host_shifts_only(check, t, &ctx, (from_unit, to_unit), &shift_list, shifts);
        }
        // A quota's window is counted in dates around the day asked about:
        // a window of years is no quota, and one of billions of weeks runs
        // off the calendar.
        let per_weeks = *t.per_weeks.get_ref();
        if !(1..=MAX_REFERENCE_WEEKS).contains(&per_weeks) {
            let hint = Some(format!("use 1 to {MAX_REFERENCE_WEEKS} weeks"));
            check.error(
                t.per_weeks.span(),
                "per_weeks",
                &ctx,
                format!("a cross-training window of {per_weeks} weeks"),
                hint,
            );
        }
        // A trainee works one shift a day at most: a quota above the days
        // of its window can never be met, and the plan would pay for it in
        // every roster without a word.
        let count = *t.count.get_ref();
        if (1..=MAX_REFERENCE_WEEKS).contains(&per_weeks) && count > per_weeks * 7 {
            check.error(
                t.count.span(),
                "count",
                &ctx,
                format!(
                    "{count} cross-training shifts in {}: a trainee works one \
                     shift a day, {} at most",
                    crate::text::count(per_weeks, "week"),
                    per_weeks * 7
                ),
                Some("count is shifts per officer in each window of per_weeks".to_string()),
            );
        }
        let mentor_skill = check.resolve_optional(
            &codes(skills),
            "skill",
            t.mentor_skill.as_ref(),
            "mentor_skill",
            &ctx,
        );
        if let (Some(from_unit), Some(to_unit), Some(mentor_skill)) = (from, to, mentor_skill) {
            rules.push(CrossTraining {
                name: t.name.to_string(),
                from_unit,
                to_unit,
                shifts: shift_list,
                count,
                per_weeks: per_weeks.clamp(1, MAX_REFERENCE_WEEKS),
                mentor_skill,
            });
        }
    }
    rules
}

/// A trainee works a shift of the host unit that their own unit does not
/// work: a shift the host does not work has no mentor to pair them with,
/// and one their own unit works makes them regular staff on it, never a
/// trainee, so the quota could never be met.
fn host_shifts_only(
    check: &mut Checker,
    t: &RawCrossTraining,
    ctx: &str,
    (from_unit, to_unit): (usize, usize),
    shift_list: &[usize],
    shifts: &[ShiftType],
) {
    for &sh in shift_list {
        let shift = &shifts[sh];
        let problem = if !shift.allows_unit(to_unit) {
            format!(
                "shift {} is not worked by the host unit {}",
                shift.code,
                t.to_unit.get_ref()
            )
        } else if shift.allows_unit(from_unit) {
            format!(
                "unit {} already works shift {}: its officers are regular staff there, never trainees",
                t.from_unit.get_ref(),
                shift.code
            )
        } else {
            continue;
        };
        let hint = format!(
            "list shifts whose `units` name {} and not {}",
            t.to_unit.get_ref(),
            t.from_unit.get_ref()
        );
        check.error(t.shifts.span(), "shifts", ctx, problem, Some(hint));
    }
}

/// The most one officer short of a cover rule's `preferred` (or above
/// it) may count, in officers: times the heaviest weight, still far from
/// overflowing the score.
const MAX_HEAD_WEIGHT: u32 = 1000;

/// The heaviest a soft rule may weigh: far above any sensible weight (the
/// sample's heaviest is 30 000), low enough that a fairness penalty over
/// years of history, times its weight, cannot overflow the score.
const MAX_WEIGHT: i64 = 1_000_000;

fn validate_weights(check: &mut Checker, raw: &RawRules) -> Weights {
    let mut weights = Weights::default();
    for (name, weight) in &raw.weights {
        match Constraint::from_name(name.get_ref()) {
            Some(constraint) if (0..=MAX_WEIGHT).contains(weight.get_ref()) => {
                weights.set(constraint, *weight.get_ref())
            }
            Some(_) => check.error(
                weight.span(),
                name.get_ref(),
                "[weights]",
                format!("a weight must be a whole number from 0 to {MAX_WEIGHT}"),
                Some("use 0 to switch a soft rule off".to_string()),
            ),
            None => check.error(
                name.span(),
                name.get_ref(),
                "[weights]",
                format!("unknown constraint \"{}\"", name.get_ref()),
                Some(format!("constraints are: {}", Constraint::names())),
            ),
        }
    }
    weights
}

/// The most points one duty may earn: far above any sensible weight, low
/// enough that no sum over years of history overflows.
const MAX_POINTS: i64 = 100;

fn validate_points(check: &mut Checker, raw: Option<&RawPoints>) -> Points {
    let mut points = Points::default();
    let Some(raw) = raw else {
        return points;
    };
    for (key, value, slot) in [
        ("night", &raw.night, &mut points.night),
        ("weekend_day", &raw.weekend_day, &mut points.weekend_day),
        ("holiday_day", &raw.holiday_day, &mut points.holiday_day),
        ("chief_watch", &raw.chief_watch, &mut points.chief_watch),
    ] {
        let Some(value) = value else { continue };
        match u32::try_from(*value.get_ref()) {
            Ok(n) if i64::from(n) <= MAX_POINTS => *slot = n,
            _ => check.error(
                value.span(),
                key,
                "[points]",
                format!("points must be a whole number from 0 to {MAX_POINTS}"),
                Some("0 leaves this kind of duty out of the points".to_string()),
            ),
        }
    }
    points
}

#[cfg(test)]
mod tests {
    use super::{derived_short, shown};

    #[test]
    fn hours_in_messages_are_as_written_or_in_exponent_form() {
        assert_eq!(shown(48.5), "48.5");
        assert_eq!(shown(40.0), "40");
        assert_eq!(shown(1e300), "1e300");
        assert_eq!(shown(f64::INFINITY), "inf");
    }

    #[test]
    fn short_forms_derive_from_the_name() {
        assert_eq!(derived_short("Chief Inspector"), "CI");
        assert_eq!(derived_short("Authorised firearms officer"), "AFO");
        assert_eq!(derived_short("Sergeant"), "Ser");
        assert_eq!(derived_short("  "), "?");
    }
}
