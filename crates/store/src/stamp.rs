//! Times as the store writes and reads them: the SQL type [`UtcTime`] of
//! every time column, and [`At`], a time bound to one.
//!
//! Why not Diesel's `Timestamp`: on MySQL it binds a time as a `TIMESTAMP`
//! parameter, whose range is 1970 to 2038-01-19, and MariaDB turns a time
//! outside it into NULL. `UtcTime` binds as `DATETIME` there and as
//! `Timestamp` on the other two backends.
//!
//! Reading, on SQLite times are text, which Diesel parses by trying a list
//! of chrono format strings: a tenth of a list request went there. What this
//! store writes has one form, `YYYY-MM-DD HH:MM:SS[.ffffff]`, read here by
//! hand; anything else falls back to chrono. PostgreSQL and MySQL send
//! binary times and keep Diesel's reader.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use diesel::deserialize::{self, FromSql, FromSqlRow};
use diesel::expression::AsExpression;
use diesel::mysql::Mysql;
use diesel::pg::Pg;
use diesel::query_builder::QueryId;
use diesel::serialize::{self, Output, ToSql};
use diesel::sql_types::{Datetime, HasSqlType, SqlOrd, SqlType, Text, Timestamp};
use diesel::sqlite::Sqlite;

use crate::raw::MultiBackend;

/// The SQL type of every time column: a UTC time to the microsecond,
/// `TIMESTAMP` on PostgreSQL, `DATETIME(6)` on MySQL, text on SQLite.
#[derive(Debug, Clone, Copy, Default, SqlType, QueryId)]
#[diesel(postgres_type(oid = 1114, array_oid = 1115))]
#[diesel(sqlite_type(name = "Text"))]
#[diesel(mysql_type(name = "DateTime"))]
pub struct UtcTime;

impl SqlOrd for UtcTime {}

impl HasSqlType<UtcTime> for MultiBackend {
    fn metadata(lookup: &mut Self::MetadataLookup) -> Self::TypeMetadata {
        MultiBackend::lookup_sql_type::<UtcTime>(lookup)
    }
}

/// A time bound to a time column: `events::starts_at.eq(At(t))`, and
/// `#[diesel(serialize_as = At)]` on a row's time fields.
///
/// Rust's coherence rules forbid saying "a chrono time is an expression of
/// `UtcTime`" outside chrono or Diesel, hence this wrapper.
#[derive(Debug, Clone, Copy, PartialEq, Eq, AsExpression, FromSqlRow)]
#[diesel(sql_type = UtcTime)]
pub struct At(pub NaiveDateTime);

impl From<NaiveDateTime> for At {
    fn from(t: NaiveDateTime) -> Self {
        At(t)
    }
}

impl ToSql<UtcTime, Sqlite> for At {
    fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, Sqlite>) -> serialize::Result {
        <NaiveDateTime as ToSql<Timestamp, Sqlite>>::to_sql(&self.0, out)
    }
}

impl ToSql<UtcTime, Pg> for At {
    fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, Pg>) -> serialize::Result {
        <NaiveDateTime as ToSql<Timestamp, Pg>>::to_sql(&self.0, out)
    }
}

impl ToSql<UtcTime, Mysql> for At {
    fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, Mysql>) -> serialize::Result {
        <NaiveDateTime as ToSql<Datetime, Mysql>>::to_sql(&self.0, out)
    }
}

impl ToSql<UtcTime, MultiBackend> for At {
    fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, MultiBackend>) -> serialize::Result {
        out.set_value((UtcTime, self));
        Ok(serialize::IsNull::No)
    }
}

impl FromSql<UtcTime, Sqlite> for NaiveDateTime {
    fn from_sql(
        value: <Sqlite as diesel::backend::Backend>::RawValue<'_>,
    ) -> deserialize::Result<Self> {
        let text = <String as FromSql<Text, Sqlite>>::from_sql(value)?;
        match parse(&text) {
            Some(t) => Ok(t),
            None => ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%d %H:%M"]
                .iter()
                .find_map(|f| NaiveDateTime::parse_from_str(&text, f).ok())
                .ok_or_else(|| format!("invalid timestamp {text:?}").into()),
        }
    }
}

impl FromSql<UtcTime, Pg> for NaiveDateTime {
    fn from_sql(
        value: <Pg as diesel::backend::Backend>::RawValue<'_>,
    ) -> deserialize::Result<Self> {
        <NaiveDateTime as FromSql<Timestamp, Pg>>::from_sql(value)
    }
}

impl FromSql<UtcTime, Mysql> for NaiveDateTime {
    fn from_sql(
        value: <Mysql as diesel::backend::Backend>::RawValue<'_>,
    ) -> deserialize::Result<Self> {
        <NaiveDateTime as FromSql<Datetime, Mysql>>::from_sql(value)
    }
}

impl FromSql<UtcTime, MultiBackend> for NaiveDateTime {
    fn from_sql(
        value: <MultiBackend as diesel::backend::Backend>::RawValue<'_>,
    ) -> deserialize::Result<Self> {
        value.from_sql::<NaiveDateTime, UtcTime>()
    }
}

/// Read back as it is bound: a list's cursor is a time read, then compared.
impl FromSql<UtcTime, MultiBackend> for At {
    fn from_sql(
        value: <MultiBackend as diesel::backend::Backend>::RawValue<'_>,
    ) -> deserialize::Result<Self> {
        <NaiveDateTime as FromSql<UtcTime, MultiBackend>>::from_sql(value).map(At)
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
