//! Times are stored and computed in UTC. People type and read them in a time
//! zone (the caller chooses which; the CLI uses the machine's, `TZ`), and
//! programs get RFC 3339 with an explicit `Z`.

use chrono::{DateTime, LocalResult, NaiveDateTime, Offset, SecondsFormat, TimeZone};

use super::ValidationError;

mod forms;
use forms::{
    DAY_FORMS, FORMS, LOCAL_FORMS, french, no_such_date, normalised, sheet_hour_with_minutes,
};
pub use forms::{DateOrder, ordered};

/// RFC 3339 with a `Z`, so no reader has to guess the zone.
pub fn to_rfc3339(t: &NaiveDateTime) -> String {
    t.and_utc().to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// `message` with each instant it names as [`to_rfc3339`] writes them
/// (`2027-03-20T08:00:00Z`) rewritten by `shown`: messages are written in
/// UTC, and each interface shows them in its reader's zone.
pub fn instants_in(message: &str, shown: impl Fn(&NaiveDateTime) -> String) -> String {
    const LEN: usize = "2027-03-20T08:00:00Z".len();
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(at) = rest.find(|c: char| c.is_ascii_digit()) {
        let candidate = rest.get(at..at + LEN).filter(|c| {
            c.as_bytes()[10] == b'T' && c.ends_with('Z') && c.is_char_boundary(LEN - 1)
        });
        let parsed = candidate.and_then(|c| DateTime::parse_from_rfc3339(c).ok());
        match parsed {
            Some(instant) => {
                out.push_str(&rest[..at]);
                out.push_str(&shown(&instant.naive_utc()));
                rest = &rest[at + LEN..];
            }
            None => {
                // Past this run of digits: an instant starts a run.
                let end = rest[at..]
                    .find(|c: char| !c.is_ascii_digit())
                    .map_or(rest.len(), |n| at + n);
                out.push_str(&rest[..end]);
                rest = &rest[end..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// For `#[serde(with = "epicevents_domain::time::rfc3339")]`: UTC times as
/// RFC 3339 with a `Z`, and read back from any RFC 3339 form.
pub mod rfc3339 {
    use chrono::{DateTime, NaiveDateTime};
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(t: &NaiveDateTime, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&super::to_rfc3339(t))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDateTime, D::Error> {
        let text = String::deserialize(d)?;
        DateTime::parse_from_rfc3339(&text)
            .map(|t| t.naive_utc())
            .map_err(|e| serde::de::Error::custom(format!("not an RFC 3339 time ({e}): {text}")))
    }
}

/// The same as [`rfc3339`], for optional times.
pub mod rfc3339_option {
    use chrono::NaiveDateTime;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(t: &Option<NaiveDateTime>, s: S) -> Result<S::Ok, S::Error> {
        match t {
            Some(t) => super::rfc3339::serialize(t, s),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveDateTime>, D::Error> {
        #[derive(Deserialize)]
        struct Wrapped(#[serde(with = "super::rfc3339")] NaiveDateTime);
        Ok(Option::<Wrapped>::deserialize(d)?.map(|Wrapped(t)| t))
    }
}

/// A UTC time as people read it in `zone`: `2023-06-04 13:00`.
pub fn in_zone<Tz: TimeZone>(t: &NaiveDateTime, zone: &Tz) -> String
where
    Tz::Offset: std::fmt::Display,
{
    zone.from_utc_datetime(t)
        .format("%Y-%m-%d %H:%M")
        .to_string()
}

/// The same, with the zone's offset: `2023-06-04 13:00 +02:00`.
pub fn in_zone_with_offset<Tz: TimeZone>(t: &NaiveDateTime, zone: &Tz) -> String
where
    Tz::Offset: std::fmt::Display,
{
    zone.from_utc_datetime(t)
        .format("%Y-%m-%d %H:%M %:z")
        .to_string()
}

/// Reads a time as typed and returns it in UTC.
///
/// An explicit offset (`Z`, `+02:00`) is honoured; otherwise the time is read
/// in `zone`. A local time that a clock change skips or repeats is refused
/// rather than guessed: the user adds an offset.
pub fn parse_when<Tz: TimeZone>(
    field: &'static str,
    input: &str,
    zone: &Tz,
) -> Result<NaiveDateTime, ValidationError> {
    let (s, read) = parse_typed(field, input)?;
    let naive = match read {
        Typed::Utc(t) => return Ok(t),
        Typed::Local(naive) => naive,
    };
    match zone.from_local_datetime(&naive) {
        LocalResult::Single(t) => Ok(t.naive_utc()),
        LocalResult::Ambiguous(..) => Err(ValidationError::new(
            field,
            format!(
                "{s} happens twice in your time zone (clocks go back); add the offset, e.g. {}+02:00",
                naive.format("%Y-%m-%dT%H:%M")
            ),
        )),
        LocalResult::None => Err(ValidationError::new(
            field,
            format!("{s} does not exist in your time zone (clocks go forward); pick another time"),
        )),
    }
}

/// How [`parse_when_resolving`] read a local time a clock change touches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClockChange {
    /// The hour happens twice (clocks go back): the first was taken.
    Repeated,
    /// The hour does not exist (clocks go forward): moved forward by the
    /// gap, this many minutes.
    Skipped { minutes: i64 },
}

/// Reads a time as [`parse_when`] does, but resolves a local time that a
/// clock change repeats or skips as RFC 5545 does, for sheets written
/// without offsets: a repeated hour is its first occurrence; a skipped one
/// is read with the offset before the gap, which moves it forward by the
/// gap's length. Says which of these it did.
pub fn parse_when_resolving<Tz: TimeZone>(
    field: &'static str,
    input: &str,
    zone: &Tz,
) -> Result<(NaiveDateTime, Option<ClockChange>), ValidationError> {
    let naive = match parse_typed(field, input)?.1 {
        Typed::Utc(t) => return Ok((t, None)),
        Typed::Local(naive) => naive,
    };
    match zone.from_local_datetime(&naive) {
        LocalResult::Single(t) => Ok((t.naive_utc(), None)),
        LocalResult::Ambiguous(first, second) => Ok((
            first.naive_utc().min(second.naive_utc()),
            Some(ClockChange::Repeated),
        )),
        LocalResult::None => {
            // No zone skips more than a day, nor changes twice in one.
            let before = zone
                .from_local_datetime(&(naive - chrono::Duration::days(1)))
                .earliest()
                .ok_or_else(|| {
                    ValidationError::new(
                        field,
                        format!("{input} cannot be placed in your time zone"),
                    )
                })?;
            let offset =
                chrono::Duration::seconds(i64::from(before.offset().fix().local_minus_utc()));
            let utc = naive - offset;
            let shown = zone.from_utc_datetime(&utc).naive_local();
            Ok((
                utc,
                Some(ClockChange::Skipped {
                    minutes: (shown - naive).num_minutes(),
                }),
            ))
        }
    }
}

/// A time as typed: with its offset (so, in UTC) or local.
enum Typed {
    Utc(NaiveDateTime),
    Local(NaiveDateTime),
}

/// Reads the forms a time may be typed in; answers the text as normalised.
fn parse_typed(field: &'static str, input: &str) -> Result<(String, Typed), ValidationError> {
    let invalid = |rule: String| ValidationError::new(field, rule);
    let s = normalised(input);
    let s = french(&s).unwrap_or_else(|| sheet_hour_with_minutes(&s));
    for form in [
        "%Y-%m-%dT%H:%M%#z",
        "%Y-%m-%d %H:%M%#z",
        "%Y-%m-%dT%H:%M:%S%#z",
        "%Y-%m-%d %H:%M:%S%#z",
    ] {
        if let Ok(t) = DateTime::parse_from_str(&s, form) {
            return Ok((s, Typed::Utc(t.naive_utc())));
        }
    }
    let zoned = s
        .strip_suffix('Z')
        .map(|u| (u, true))
        .unwrap_or((&s, false));
    let naive = LOCAL_FORMS
        .iter()
        .find_map(|form| NaiveDateTime::parse_from_str(zoned.0, form).ok())
        .ok_or_else(|| invalid(no_such_date(&s).unwrap_or_else(|| format!("must be {FORMS}"))))?;
    let read = if zoned.1 {
        Typed::Utc(naive)
    } else {
        Typed::Local(naive)
    };
    Ok((s, read))
}

/// A day typed alone (`2027-03-12`, `12/03/2027`, `12 mars 2027`) as the
/// first moment of that day and of the next, in `zone`, as UTC; a full
/// time as [`parse_when`] reads it, with no end. For filters: `--from` a
/// day starts at its midnight, `--to` a day takes it whole.
pub fn parse_day<Tz: TimeZone>(
    field: &'static str,
    input: &str,
    zone: &Tz,
) -> Result<(NaiveDateTime, Option<NaiveDateTime>), ValidationError> {
    let s = normalised(input);
    let day = DAY_FORMS.iter().find_map(|form| {
        let typed = if form.contains('/') {
            french(&s)?
        } else {
            s.clone()
        };
        chrono::NaiveDate::parse_from_str(&typed, form).ok()
    });
    let Some(day) = day else {
        return parse_when(field, input, zone)
            .map(|t| (t, None))
            .map_err(|e| match e.rule.as_str() {
                r if r.starts_with("must be") => ValidationError::new(
                    field,
                    "must be a day such as 2027-03-12, 12/03/2027 or 12 mars 2027, or a time such as 12/03/2027 18h30",
                ),
                _ => e,
            });
    };
    let start = |d: chrono::NaiveDate| -> Result<NaiveDateTime, ValidationError> {
        day_start(d, zone).ok_or_else(|| {
            ValidationError::new(field, format!("{d} does not start in your time zone"))
        })
    };
    let next = day
        .succ_opt()
        .ok_or_else(|| ValidationError::new(field, "is past the calendar's end"))?;
    Ok((start(day)?, Some(start(next)?)))
}

/// The first moment of `day` in `zone`, as UTC: its midnight, or where a
/// clock change skips midnight, the first moment that exists.
#[allow(clippy::expect_used, reason = "midnight exists on every date")]
pub fn day_start<Tz: TimeZone>(day: chrono::NaiveDate, zone: &Tz) -> Option<NaiveDateTime> {
    let midnight = day.and_hms_opt(0, 0, 0).expect("midnight exists");
    zone.from_local_datetime(&midnight)
        .earliest()
        .or_else(|| {
            zone.from_local_datetime(&(midnight + chrono::Duration::hours(1)))
                .earliest()
        })
        .map(|t| t.naive_utc())
}

#[cfg(test)]
mod tests {

    #[test]
    fn english_dotted_and_dashed_forms_are_read() {
        let at = |s: &str| parse_when("start", s, &Utc).unwrap_or_else(|e| panic!("{s}: {e}"));
        let nine = utc(2027, 3, 20, 9, 0);
        for typed in [
            "March 20, 2027 9:00 AM",
            "Mar 20 2027 9am",
            "March 20 2027 09:00",
            "20 March 2027 9:00 am",
            "20.03.2027 09:00",
            "20-03-2027 9h",
        ] {
            assert_eq!(at(typed), nine, "{typed}");
        }
        assert_eq!(at("Mar 20 2027 9:30pm"), utc(2027, 3, 20, 21, 30));
        assert_eq!(
            at("4 Jun 2023 @ 1 pm"),
            utc(2023, 6, 4, 13, 0),
            "the sheet's form still"
        );
        assert_eq!(at("2027-03-20 09:00"), nine);
        let day = |s: &str| {
            parse_day("from", s, &Utc)
                .unwrap_or_else(|e| panic!("{s}: {e}"))
                .0
        };
        for typed in [
            "20.03.2027",
            "20-03-2027",
            "March 20, 2027",
            "20 Mar 2027",
            "2027-03-20",
        ] {
            assert_eq!(day(typed), utc(2027, 3, 20, 0, 0), "{typed}");
        }
        assert!(parse_when("start", "Mar 32 2027 9am", &Utc).is_err());
    }

    #[test]
    fn a_day_that_reads_either_way_follows_the_order_and_says_how() {
        assert_eq!(
            ordered("03/04/2027 18:30", DateOrder::DayFirst),
            (
                "03/04/2027 18:30".into(),
                Some("read 03/04/2027 as 3 April 2027 (day first)".into())
            )
        );
        assert_eq!(
            ordered("03/04/2027", DateOrder::MonthFirst),
            (
                "04/03/2027".into(),
                Some("read 03/04/2027 as 4 March 2027 (month first)".into())
            )
        );
        assert_eq!(
            ordered("20.03.2027", DateOrder::DayFirst).1,
            None,
            "only one reading"
        );
        assert_eq!(
            ordered("03/20/2027 9am", DateOrder::MonthFirst).0,
            "20/03/2027 9am"
        );
        assert_eq!(
            ordered("04/04/2027", DateOrder::DayFirst).1,
            None,
            "the same either way"
        );
        assert_eq!(
            ordered("2027-03-04", DateOrder::MonthFirst),
            ("2027-03-04".into(), None)
        );
        assert_eq!(
            "month-first".parse::<DateOrder>().unwrap(),
            DateOrder::MonthFirst
        );
    }

    #[test]
    fn instants_in_a_message_are_rewritten_and_nothing_else() {
        let shown = |t: &NaiveDateTime| t.format("[%H:%M]").to_string();
        assert_eq!(
            instants_in(
                "starts at 2027-03-20T08:00:00Z, ends 2027-03-20T10:30:00Z; id 20270320",
                shown
            ),
            "starts at [08:00], ends [10:30]; id 20270320"
        );
        assert_eq!(
            instants_in("2027-13-40T99:00:00Z é 2027", shown),
            "2027-13-40T99:00:00Z é 2027"
        );
        assert_eq!(instants_in("", shown), "");
    }
    use chrono::{FixedOffset, NaiveDate, Utc};

    use super::*;

    fn utc(y: i32, m: u32, d: u32, h: u32, min: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, m, d)
            .unwrap()
            .and_hms_opt(h, min, 0)
            .unwrap()
    }

    #[test]
    fn reads_the_forms_used_in_france() {
        let paris = FixedOffset::east_opt(3600).unwrap();
        let at = |s| parse_when("start", s, &paris).unwrap();
        assert_eq!(at("12/03/2027 18:00"), utc(2027, 3, 12, 17, 0));
        assert_eq!(at("12/03/2027 18h30"), utc(2027, 3, 12, 17, 30));
        assert_eq!(at("12/03/2027 18h"), utc(2027, 3, 12, 17, 0));
        assert_eq!(at("12 mars 2027 18h"), utc(2027, 3, 12, 17, 0));
        assert_eq!(at("3 Févr. 2027 à 9h15"), utc(2027, 2, 3, 8, 15));
        assert_eq!(at("1 août 2027 20:00"), utc(2027, 8, 1, 19, 0));
        for bad in [
            "31/02/2027 18:00",
            "12 brumaire 2027 18h",
            "12/03/2027 25h",
            "12/03/2027 18h 30",
        ] {
            assert!(parse_when("start", bad, &paris).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_day_alone_starts_at_its_midnight_in_the_zone() {
        let paris = FixedOffset::east_opt(3600).unwrap();
        let day = |s| parse_day("from", s, &paris).unwrap();
        let whole = (utc(2027, 3, 11, 23, 0), Some(utc(2027, 3, 12, 23, 0)));
        assert_eq!(day("2027-03-12"), whole);
        assert_eq!(day("12/03/2027"), whole);
        assert_eq!(day("12 mars 2027"), whole);
        assert_eq!(day("12/03/2027 18h"), (utc(2027, 3, 12, 17, 0), None));
        assert!(parse_day("from", "someday", &paris).is_err());
    }

    #[test]
    fn shows_utc_explicitly() {
        let t = utc(2023, 6, 4, 13, 0) + chrono::Duration::microseconds(123_456);
        assert_eq!(to_rfc3339(&t), "2023-06-04T13:00:00Z");
    }

    #[test]
    fn reads_iso_and_the_sheets_form_in_the_given_zone() {
        let paris_summer = FixedOffset::east_opt(2 * 3600).unwrap();
        let want = utc(2023, 6, 4, 11, 0);
        for typed in [
            "2023-06-04 13:00",
            "2023-06-04T13:00",
            "2023-06-04T13:00:00",
            " 4 Jun 2023 @ 1PM ",
            "4 Jun 2023 @ 1 PM",
            "04 June 2023 @ 01:00PM",
            "4 Jun 2023 @ 1pm",
        ] {
            assert_eq!(
                parse_when("start", typed, &paris_summer),
                Ok(want),
                "{typed:?}"
            );
        }
        assert_eq!(
            parse_when("end", "5 Jun 2023 @ 2AM", &paris_summer),
            Ok(utc(2023, 6, 5, 0, 0))
        );
    }

    #[test]
    fn an_explicit_offset_wins_over_the_zone() {
        let zone = FixedOffset::east_opt(-5 * 3600).unwrap();
        for typed in [
            "2023-06-04T13:00+02:00",
            "2023-06-04 13:00+0200",
            "2023-06-04T11:00Z",
        ] {
            assert_eq!(
                parse_when("start", typed, &zone),
                Ok(utc(2023, 6, 4, 11, 0)),
                "{typed}"
            );
        }
    }

    #[test]
    fn an_impossible_date_is_named_as_such() {
        for (typed, date) in [
            ("2027-02-30 10:00", "2027-02-30"),
            ("2023-13-01T10:00", "2023-13-01"),
        ] {
            let err = parse_when("start", typed, &Utc).unwrap_err();
            assert_eq!(
                err.rule,
                format!("has no such date: {date} is not in the calendar")
            );
        }
    }

    #[test]
    fn refuses_garbage_naming_the_field() {
        for typed in ["", "tomorrow", "4 Jun 2023", "13PM"] {
            let err = parse_when("start", typed, &Utc).unwrap_err();
            assert_eq!(err.field, "start");
            assert!(
                err.rule.contains("2023-06-04 13:00"),
                "{typed:?}: {}",
                err.rule
            );
        }
    }

    #[test]
    fn shows_a_time_in_the_zone() {
        let zone = FixedOffset::east_opt(2 * 3600).unwrap();
        assert_eq!(in_zone(&utc(2023, 6, 4, 11, 0), &zone), "2023-06-04 13:00");
        assert_eq!(
            in_zone_with_offset(&utc(2023, 6, 4, 11, 0), &zone),
            "2023-06-04 13:00 +02:00"
        );
    }
}
