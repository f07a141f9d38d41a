//! Spans of days asked for by name (`--today`, `--this-week`, `--next 7d`
//! on the command line; the same links on the events page): the UTC
//! bounds of the events that start in them, the days being the reader's,
//! in their zone.

use chrono::{Datelike, Duration, NaiveDateTime, TimeZone};

use crate::ValidationError;
use crate::time::day_start;

/// A span of days by name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Span {
    /// From this day's midnight to the next.
    Today,
    /// From this week's Monday to the next Monday.
    ThisWeek,
    /// From now, for this long.
    Next(Duration),
}

/// The longest `--next` span: a year.
const MOST_DAYS: i64 = 366;

impl Span {
    /// `7d`, `2w` or `7` (days), for `--next`.
    pub fn next(field: &'static str, typed: &str) -> Result<Span, ValidationError> {
        let typed = typed.trim().to_lowercase();
        let (number, days_each) = match typed.strip_suffix(['d', 'j']) {
            Some(n) => (n, 1),
            None => match typed.strip_suffix(['w', 's']) {
                Some(n) => (n, 7),
                None => (typed.as_str(), 1),
            },
        };
        let refused = || {
            ValidationError::new(
                field,
                format!(
                    "must be a number of days or weeks, such as 7d or 2w, up to {MOST_DAYS} days"
                ),
            )
        };
        let n: i64 = number.trim().parse().map_err(|_| refused())?;
        let days = n
            .checked_mul(days_each)
            .filter(|d| (1..=MOST_DAYS).contains(d));
        days.map(|d| Span::Next(Duration::days(d)))
            .ok_or_else(refused)
    }

    /// The events starting at or after the first bound and before the
    /// second, `now` being UTC and the days those of `zone`.
    pub fn bounds<Z: TimeZone>(
        self,
        now: NaiveDateTime,
        zone: &Z,
    ) -> (NaiveDateTime, NaiveDateTime) {
        let today = zone.from_utc_datetime(&now).date_naive();
        let days = |first: chrono::NaiveDate, count: i64| {
            let after = first + Duration::days(count);
            // Every date has a first moment in every zone; the fallbacks
            // are never reached.
            (
                day_start(first, zone).unwrap_or(now),
                day_start(after, zone).unwrap_or(now + Duration::days(count)),
            )
        };
        match self {
            Span::Today => days(today, 1),
            Span::ThisWeek => {
                let monday =
                    today - Duration::days(i64::from(today.weekday().num_days_from_monday()));
                days(monday, 7)
            }
            Span::Next(length) => (now, now + length),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn at(y: i32, m: u32, d: u32, h: u32, min: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, m, d)
            .and_then(|d| d.and_hms_opt(h, min, 0))
            .unwrap()
    }

    #[test]
    fn today_and_this_week_are_the_readers_days() {
        // 23:30 UTC on Sunday 21 March 2027 is already Monday the 22nd in
        // Paris (UTC+1).
        let paris = chrono::FixedOffset::east_opt(3600).unwrap();
        let now = at(2027, 3, 21, 23, 30);
        assert_eq!(
            Span::Today.bounds(now, &paris),
            (at(2027, 3, 21, 23, 0), at(2027, 3, 22, 23, 0))
        );
        assert_eq!(
            Span::ThisWeek.bounds(now, &paris),
            (at(2027, 3, 21, 23, 0), at(2027, 3, 28, 23, 0))
        );
        assert_eq!(
            Span::ThisWeek.bounds(now, &chrono::Utc),
            (at(2027, 3, 15, 0, 0), at(2027, 3, 22, 0, 0))
        );
        assert_eq!(
            Span::next("next", "7d").unwrap().bounds(now, &paris),
            (now, at(2027, 3, 28, 23, 30))
        );
    }

    #[test]
    fn a_span_is_days_or_weeks_up_to_a_year() {
        assert_eq!(
            Span::next("next", "7d").unwrap(),
            Span::Next(Duration::days(7))
        );
        assert_eq!(
            Span::next("next", " 2W ").unwrap(),
            Span::Next(Duration::days(14))
        );
        assert_eq!(
            Span::next("next", "10").unwrap(),
            Span::Next(Duration::days(10))
        );
        assert_eq!(
            Span::next("next", "3j").unwrap(),
            Span::Next(Duration::days(3))
        );
        for wrong in ["", "0d", "-1d", "7h", "400d", "99999999999999w", "a week"] {
            let e = Span::next("next", wrong).unwrap_err();
            assert_eq!(e.field, "next", "{wrong}");
        }
    }
}
