//! Times are stored and computed in UTC, and shown with an explicit zone.

use chrono::{NaiveDateTime, SecondsFormat};
use serde::Serializer;

/// RFC 3339 with a `Z`, so no reader has to guess the zone.
pub fn to_rfc3339(t: &NaiveDateTime) -> String {
    t.and_utc().to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// For `#[serde(serialize_with = "crate::domain::time::serialize")]`.
pub fn serialize<S: Serializer>(t: &NaiveDateTime, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&to_rfc3339(t))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shows_utc_explicitly() {
        let t = chrono::NaiveDate::from_ymd_opt(2023, 6, 4)
            .unwrap()
            .and_hms_micro_opt(13, 0, 0, 123_456)
            .unwrap();
        assert_eq!(to_rfc3339(&t), "2023-06-04T13:00:00Z");
    }
}
