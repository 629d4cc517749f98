//! Turning "the night shift of 24 October" into real instants. Shifts are
//! written as a local start time and a length; the handover happens at the
//! local wall-clock time the length implies, so on a DST change night the
//! officers work one hour more or less. Everything stored is UTC; everything
//! shown is local.

use chrono::{
    DateTime, Duration, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, Offset, TimeZone, Utc,
};
use chrono_tz::Tz;

/// A span of real time, local to the station, that a duty occupies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Interval {
    /// When the duty starts.
    pub start: DateTime<Tz>,
    /// When the duty ends (the next duty's rest counts from here).
    pub end: DateTime<Tz>,
}

impl Interval {
    /// The real elapsed time, which differs from the nominal length across a
    /// DST change.
    pub fn duration(&self) -> Duration {
        self.end.signed_duration_since(self.start)
    }

    /// The start as a UTC instant, for storage.
    pub fn start_utc(&self) -> DateTime<Utc> {
        self.start.with_timezone(&Utc)
    }

    /// The end as a UTC instant, for storage.
    pub fn end_utc(&self) -> DateTime<Utc> {
        self.end.with_timezone(&Utc)
    }

    /// True when the instant falls within `[start, end)`.
    pub fn contains(&self, instant: DateTime<Utc>) -> bool {
        self.start_utc() <= instant && instant < self.end_utc()
    }
}

/// Resolves a local wall-clock time to an instant. An ambiguous time (the
/// repeated hour in autumn) takes the earlier instant; a time that does not
/// exist (the skipped hour in spring) moves forward to the first instant after
/// the gap, which is when a duty set for that time can really begin.
pub fn resolve_local(tz: Tz, local: NaiveDateTime) -> DateTime<Tz> {
    match tz.from_local_datetime(&local) {
        LocalResult::Single(instant) => instant,
        LocalResult::Ambiguous(earlier, _) => earlier,
        LocalResult::None => {
            // Gaps are at most a few hours; step forward a minute at a time.
            let mut probe = local;
            for _ in 0..(24 * 60) {
                probe += Duration::minutes(1);
                if let Some(instant) = tz.from_local_datetime(&probe).earliest() {
                    return instant;
                }
            }
            // No real zone has a gap this long; fall back to reading it as UTC.
            Utc.from_utc_datetime(&local).with_timezone(&tz)
        }
    }
}

/// Why a time a person typed names no single instant in the station's zone.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LocalTimeError {
    /// Not written as `YYYY-MM-DD HH:MM`, with or without an offset.
    #[error(
        "write a local time like \"2026-12-03 02:30\", or with its UTC offset like \"2026-10-25 01:30+01:00\""
    )]
    Unreadable,
    /// The clocks skip this time (spring forward).
    #[error(
        "{local} does not exist in {zone}: the clocks go forward from UTC{before} to UTC{after} then, and the first time after the gap is {first}"
    )]
    InGap {
        /// The time as typed.
        local: String,
        /// The zone.
        zone: String,
        /// The offset before the change.
        before: String,
        /// The offset after it.
        after: String,
        /// The first local time that exists after the gap.
        first: String,
    },
    /// The clocks show this time twice (fall back).
    #[error(
        "{local} happens twice in {zone}: at {local}{earlier} and at {local}{later}; add the offset you mean, such as --at \"{local}{earlier}\""
    )]
    Ambiguous {
        /// The time as typed.
        local: String,
        /// The zone.
        zone: String,
        /// The offset of the first.
        earlier: String,
        /// The offset of the second.
        later: String,
    },
    /// An offset the zone does not have at that time.
    #[error("{zone} is never UTC{given} at {local}; it is UTC{actual} then")]
    WrongOffset {
        /// The time as typed.
        local: String,
        /// The zone.
        zone: String,
        /// The offset given.
        given: String,
        /// The offsets it has then.
        actual: String,
    },
}

/// The one instant a typed local time names in the station's zone
/// (`duty now --at`): a time the clocks skip is refused, naming the gap;
/// a time they show twice needs its offset (`2026-10-25 01:30+01:00`).
/// Unlike [`resolve_local`], which places a duty, a question about a
/// moment is never silently moved.
pub fn exact_local(tz: Tz, text: &str) -> Result<DateTime<Tz>, LocalTimeError> {
    let text = iso_as_typed(text.trim());
    let text = text.as_str();
    let with_offset = ["%Y-%m-%d %H:%M%:z", "%Y-%m-%d %H:%M:%S%:z"]
        .iter()
        .find_map(|format| DateTime::parse_from_str(text, format).ok());
    if let Some(with_offset) = with_offset {
        let local = with_offset.naive_local();
        let candidates: Vec<DateTime<Tz>> = match tz.from_local_datetime(&local) {
            LocalResult::Single(one) => vec![one],
            LocalResult::Ambiguous(earlier, later) => vec![earlier, later],
            LocalResult::None => Vec::new(),
        };
        return candidates
            .iter()
            .find(|c| c.offset().fix() == *with_offset.offset())
            .copied()
            .ok_or_else(|| LocalTimeError::WrongOffset {
                local: local.format("%Y-%m-%d %H:%M").to_string(),
                zone: tz.name().to_string(),
                given: with_offset.offset().to_string(),
                actual: candidates
                    .iter()
                    .map(|c| c.offset().fix().to_string())
                    .collect::<Vec<_>>()
                    .join(" or "),
            });
    }
    let local = ["%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]
        .iter()
        .find_map(|format| NaiveDateTime::parse_from_str(text, format).ok())
        .ok_or(LocalTimeError::Unreadable)?;
    let shown = local.format("%Y-%m-%d %H:%M").to_string();
    match tz.from_local_datetime(&local) {
        LocalResult::Single(instant) => Ok(instant),
        LocalResult::Ambiguous(earlier, later) => Err(LocalTimeError::Ambiguous {
            local: shown,
            zone: tz.name().to_string(),
            earlier: earlier.offset().fix().to_string(),
            later: later.offset().fix().to_string(),
        }),
        LocalResult::None => {
            let after = resolve_local(tz, local);
            let before = tz.offset_from_utc_datetime(&(after.naive_utc() - Duration::seconds(1)));
            Err(LocalTimeError::InGap {
                local: shown,
                zone: tz.name().to_string(),
                before: before.fix().to_string(),
                after: after.offset().fix().to_string(),
                first: after.format("%H:%M").to_string(),
            })
        }
    }
}

/// ISO 8601 as other programs write it (`date -Iseconds`:
/// `2026-12-03T02:30:00+08:00`, or `Z` for UTC) in the form people type,
/// a space for the `T` and `+00:00` for the `Z`; seconds stay. The offset
/// still only picks between the times the station's clocks show.
fn iso_as_typed(text: &str) -> String {
    let spaced = match text.as_bytes().get(10) {
        // An ASCII byte at 10 makes 10 and 11 character boundaries.
        Some(b'T' | b't') => format!("{} {}", &text[..10], &text[11..]),
        _ => text.to_string(),
    };
    match spaced.strip_suffix(['Z', 'z']) {
        Some(utc) => format!("{utc}+00:00"),
        None => spaced,
    }
}

/// The real interval of a duty that starts at `start` local time on `date` and
/// ends `length_minutes` later on the wall clock (possibly the next day).
pub fn duty_interval(tz: Tz, date: NaiveDate, start: NaiveTime, length_minutes: u32) -> Interval {
    let local_start = date.and_time(start);
    let local_end = local_start + Duration::minutes(i64::from(length_minutes));
    Interval {
        start: resolve_local(tz, local_start),
        end: resolve_local(tz, local_end),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_typed_time_names_one_instant_or_is_refused() {
        use super::{LocalTimeError, exact_local};
        let london = chrono_tz::Europe::London;
        let gap = exact_local(london, "2026-03-29 01:30").unwrap_err();
        assert!(matches!(gap, LocalTimeError::InGap { .. }), "{gap:?}");
        let message = gap.to_string();
        assert!(
            message.contains("+00:00") && message.contains("+01:00") && message.contains("02:00"),
            "{message}"
        );
        let twice = exact_local(london, "2026-10-25 01:30")
            .unwrap_err()
            .to_string();
        assert!(
            twice.contains("01:30+01:00") && twice.contains("01:30+00:00"),
            "{twice}"
        );
        let first = exact_local(london, "2026-10-25 01:30+01:00").unwrap();
        let second = exact_local(london, "2026-10-25 01:30+00:00").unwrap();
        assert_eq!((second - first).num_minutes(), 60);
        assert!(matches!(
            exact_local(london, "2026-10-25 01:30+05:00"),
            Err(LocalTimeError::WrongOffset { .. })
        ));
        assert!(exact_local(london, "2026-12-03 02:30").is_ok());
        // As other programs write it: ISO 8601 with a T, seconds, Z.
        let shanghai = chrono_tz::Asia::Shanghai;
        let typed = exact_local(shanghai, "2026-12-03 02:30").unwrap();
        assert_eq!(exact_local(shanghai, "2026-12-03T02:30"), Ok(typed));
        assert_eq!(
            exact_local(shanghai, "2026-12-03T02:30:00+08:00"),
            Ok(typed)
        );
        // Z is the offset +00:00, held to the same rule as any offset.
        assert_eq!(
            exact_local(london, "2026-12-03T02:30:00Z"),
            exact_local(london, "2026-12-03 02:30")
        );
        assert!(matches!(
            exact_local(shanghai, "2026-12-02T18:30:00Z"),
            Err(LocalTimeError::WrongOffset { .. })
        ));
        assert_eq!(
            exact_local(shanghai, "2026-12-03T02:30:15").map(|t| t - typed),
            Ok(Duration::seconds(15))
        );
        assert_eq!(
            exact_local(shanghai, "王伟T02:30"),
            Err(LocalTimeError::Unreadable)
        );
        assert_eq!(
            exact_local(london, "tomorrow"),
            Err(LocalTimeError::Unreadable)
        );
    }

    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn night() -> (NaiveTime, u32) {
        (NaiveTime::from_hms_opt(22, 0, 0).unwrap(), 9 * 60)
    }

    #[test]
    fn london_night_shift_on_spring_forward_is_one_hour_shorter() {
        // 2026-03-29 01:00 GMT clocks go forward to 02:00 BST.
        let (start, len) = night();
        let shift = duty_interval(chrono_tz::Europe::London, date(2026, 3, 28), start, len);
        assert_eq!(shift.start.to_rfc3339(), "2026-03-28T22:00:00+00:00");
        assert_eq!(shift.end.to_rfc3339(), "2026-03-29T07:00:00+01:00");
        assert_eq!(shift.start_utc().to_rfc3339(), "2026-03-28T22:00:00+00:00");
        assert_eq!(shift.end_utc().to_rfc3339(), "2026-03-29T06:00:00+00:00");
        assert_eq!(shift.duration(), Duration::hours(8));
    }

    #[test]
    fn london_night_shift_on_fall_back_is_one_hour_longer() {
        // 2026-10-25 02:00 BST clocks go back to 01:00 GMT.
        let (start, len) = night();
        let shift = duty_interval(chrono_tz::Europe::London, date(2026, 10, 24), start, len);
        assert_eq!(shift.start.to_rfc3339(), "2026-10-24T22:00:00+01:00");
        assert_eq!(shift.end.to_rfc3339(), "2026-10-25T07:00:00+00:00");
        assert_eq!(shift.start_utc().to_rfc3339(), "2026-10-24T21:00:00+00:00");
        assert_eq!(shift.end_utc().to_rfc3339(), "2026-10-25T07:00:00+00:00");
        assert_eq!(shift.duration(), Duration::hours(10));
    }

    #[test]
    fn ordinary_night_in_shanghai_crosses_midnight() {
        let (start, len) = night();
        let shift = duty_interval(chrono_tz::Asia::Shanghai, date(2026, 12, 3), start, len);
        assert_eq!(shift.start.to_rfc3339(), "2026-12-03T22:00:00+08:00");
        assert_eq!(shift.end.to_rfc3339(), "2026-12-04T07:00:00+08:00");
        assert_eq!(shift.start_utc().to_rfc3339(), "2026-12-03T14:00:00+00:00");
        assert_eq!(shift.duration(), Duration::hours(9));
    }

    #[test]
    fn start_inside_the_spring_gap_moves_to_the_gap_end() {
        let start = NaiveTime::from_hms_opt(1, 30, 0).unwrap();
        let shift = duty_interval(chrono_tz::Europe::London, date(2026, 3, 29), start, 60);
        assert_eq!(shift.start.to_rfc3339(), "2026-03-29T02:00:00+01:00");
        assert_eq!(shift.end.to_rfc3339(), "2026-03-29T02:30:00+01:00");
    }

    #[test]
    fn ambiguous_hour_takes_the_earlier_instant() {
        let local = date(2026, 10, 25).and_hms_opt(1, 30, 0).unwrap();
        let instant = resolve_local(chrono_tz::Europe::London, local);
        assert_eq!(instant.to_rfc3339(), "2026-10-25T01:30:00+01:00");
    }
}
