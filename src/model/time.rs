//! Turning "the night shift of 24 October" into real instants. Shifts are
//! written as a local start time and a length; the handover happens at the
//! local wall-clock time the length implies, so on a DST change night the
//! officers work one hour more or less. Everything stored is UTC; everything
//! shown is local.

use chrono::{DateTime, Duration, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
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
