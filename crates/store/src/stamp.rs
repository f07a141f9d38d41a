//! Timestamps read back from the database. On SQLite they are text, which
//! Diesel parses by trying a list of chrono format strings: a tenth of a
//! list request went there. What this store writes has one form,
//! `YYYY-MM-DD HH:MM:SS[.ffffff]`, read here by hand; anything else falls back
//! to chrono. PostgreSQL and MySQL send binary timestamps and keep Diesel's
//! reader.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use diesel::deserialize::{self, FromSql, FromSqlRow};
use diesel::mysql::Mysql;
use diesel::pg::Pg;
use diesel::sql_types::{Text, Timestamp};
use diesel::sqlite::Sqlite;

use crate::raw::MultiBackend;

/// A stored time, UTC. Row structs read a timestamp column as this, then
/// keep the `NaiveDateTime` inside.
#[derive(Debug, Clone, Copy, PartialEq, Eq, FromSqlRow)]
pub(crate) struct Stamp(pub NaiveDateTime);

impl From<Stamp> for NaiveDateTime {
    fn from(s: Stamp) -> Self {
        s.0
    }
}

impl FromSql<Timestamp, Sqlite> for Stamp {
    fn from_sql(
        value: <Sqlite as diesel::backend::Backend>::RawValue<'_>,
    ) -> deserialize::Result<Self> {
        let text = <String as FromSql<Text, Sqlite>>::from_sql(value)?;
        match parse(&text) {
            Some(t) => Ok(Stamp(t)),
            None => ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%d %H:%M"]
                .iter()
                .find_map(|f| NaiveDateTime::parse_from_str(&text, f).ok())
                .map(Stamp)
                .ok_or_else(|| format!("invalid timestamp {text:?}").into()),
        }
    }
}

impl FromSql<Timestamp, Pg> for Stamp {
    fn from_sql(
        value: <Pg as diesel::backend::Backend>::RawValue<'_>,
    ) -> deserialize::Result<Self> {
        <NaiveDateTime as FromSql<Timestamp, Pg>>::from_sql(value).map(Stamp)
    }
}

impl FromSql<Timestamp, Mysql> for Stamp {
    fn from_sql(
        value: <Mysql as diesel::backend::Backend>::RawValue<'_>,
    ) -> deserialize::Result<Self> {
        <NaiveDateTime as FromSql<Timestamp, Mysql>>::from_sql(value).map(Stamp)
    }
}

impl FromSql<Timestamp, MultiBackend> for Stamp {
    fn from_sql(
        value: <MultiBackend as diesel::backend::Backend>::RawValue<'_>,
    ) -> deserialize::Result<Self> {
        value.from_sql::<Stamp, Timestamp>()
    }
}

/// `YYYY-MM-DD HH:MM:SS` with an optional fraction of up to nine digits.
fn parse(text: &str) -> Option<NaiveDateTime> {
    let b = text.as_bytes();
    if b.len() < 19
        || b[4] != b'-'
        || b[7] != b'-'
        || b[10] != b' '
        || b[13] != b':'
        || b[16] != b':'
    {
        return None;
    }
    let num = |range: std::ops::Range<usize>| -> Option<u32> {
        b[range].iter().try_fold(0u32, |n, &d| {
            d.is_ascii_digit().then(|| n * 10 + u32::from(d - b'0'))
        })
    };
    let nanos = match &b[19..] {
        [] => 0,
        [b'.', digits @ ..] if (1..=9).contains(&digits.len()) => {
            let n = num(20..b.len())?;
            n * 10u32.pow(9 - digits.len() as u32)
        }
        _ => return None,
    };
    let date = NaiveDate::from_ymd_opt(num(0..4)? as i32, num(5..7)?, num(8..10)?)?;
    let time = NaiveTime::from_hms_nano_opt(num(11..13)?, num(14..16)?, num(17..19)?, nanos)?;
    Some(date.and_time(time))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chrono(text: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S%.f").unwrap()
    }

    #[test]
    fn reads_what_the_store_writes_as_chrono_does() {
        for text in [
            "2026-01-01 09:00:00",
            "2023-06-04 13:00:00.5",
            "2026-11-30 15:56:02.884067",
            "1999-12-31 23:59:59.123456789",
        ] {
            assert_eq!(parse(text), Some(chrono(text)), "{text}");
        }
    }

    #[test]
    fn leaves_other_forms_to_chrono() {
        for text in [
            "2026-01-01T09:00:00",
            "2026-01-01 09:00",
            "2026-13-01 09:00:00",
            "2026-01-01 09:00:00.",
            "2026-01-01 09:00:00.1234567890",
            "2026-01-01 09:00:0x",
            "",
        ] {
            assert_eq!(parse(text), None, "{text}");
        }
    }
}
