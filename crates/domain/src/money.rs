//! Amounts of money: exact integer cents, never floats.

use std::fmt;

use serde::{Serialize, Serializer};

use super::ValidationError;

/// A non-negative amount in cents. The currency is the company's one; the
/// product never converts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Money(i64);

/// 999 999 999.99: far above any event budget, far below i64 overflow.
const MAX_CENTS: i64 = 99_999_999_999;

const FORMS: &str = "an amount such as 1234.56, 1234,56 or 1 234,56";

impl Money {
    pub const ZERO: Money = Money(0);

    pub fn from_cents(cents: i64) -> Result<Self, ValidationError> {
        if !(0..=MAX_CENTS).contains(&cents) {
            return Err(ValidationError::new(
                "amount",
                "must be between 0 and 999 999 999.99",
            ));
        }
        Ok(Self(cents))
    }

    /// Rebuilds an amount read back from storage, where CHECKs guard it.
    pub fn from_trusted(cents: i64) -> Self {
        Self(cents)
    }

    pub fn cents(self) -> i64 {
        self.0
    }

    /// Parses what people type: `1234.56`, `1234,56`, `1 234,56`, `1234`.
    /// Spaces (including the non-breaking ones spreadsheets paste) group
    /// thousands; `.` or `,` separates at most two decimals.
    pub fn parse(field: &'static str, s: &str) -> Result<Self, ValidationError> {
        let invalid = |rule: &str| ValidationError::new(field, rule);
        let compact: String = s
            .trim()
            .chars()
            .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}'))
            .collect();
        if compact.starts_with('-') {
            return Err(invalid("must not be negative"));
        }
        let (units, decimals) = match compact.find(['.', ',']) {
            Some(i) => (&compact[..i], &compact[i + 1..]),
            None => (compact.as_str(), ""),
        };
        let digits = |t: &str| t.chars().all(|c| c.is_ascii_digit());
        if !units.is_empty() && digits(units) && digits(decimals) && decimals.len() > 2 {
            return Err(invalid("must have at most two decimals (whole cents)"));
        }
        if units.is_empty() || !digits(units) || !digits(decimals) {
            return Err(invalid(&format!("must be {FORMS}")));
        }
        if compact.contains(['.', ',']) && decimals.is_empty() {
            return Err(invalid(&format!("must be {FORMS}")));
        }
        let too_big = || invalid("must be at most 999 999 999.99");
        // Parsing the units as u64 on a huge string would overflow: bound first.
        if units.trim_start_matches('0').len() > 9 {
            return Err(too_big());
        }
        let units: i64 = units.parse().map_err(|_| too_big())?;
        let cents: i64 = match decimals.len() {
            0 => 0,
            1 => decimals.parse::<i64>().map_err(|_| too_big())? * 10,
            _ => decimals.parse().map_err(|_| too_big())?,
        };
        Self::from_cents(units * 100 + cents).map_err(|_| too_big())
    }
}

/// `1 234.56`: grouped for reading, and a form [`Money::parse`] reads back.
impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let units = (self.0 / 100).to_string();
        let mut grouped = String::new();
        for (i, c) in units.chars().enumerate() {
            if i > 0 && (units.len() - i).is_multiple_of(3) {
                grouped.push(' ');
            }
            grouped.push(c);
        }
        write!(f, "{grouped}.{:02}", self.0 % 100)
    }
}

/// Programs get integer cents: exact, and no decimal separator to argue about.
impl Serialize for Money {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_i64(self.0)
    }
}

impl<'de> serde::Deserialize<'de> for Money {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        let cents = i64::deserialize(d)?;
        Money::from_cents(cents).map_err(|e| D::Error::custom(e.to_string()))
    }
}

#[cfg(feature = "openapi")]
impl utoipa::PartialSchema for Money {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        crate::wire::integer_schema("An amount in cents", 0, MAX_CENTS)
    }
}

#[cfg(feature = "openapi")]
impl utoipa::ToSchema for Money {}

#[cfg(test)]
mod tests {
    use super::*;

    fn cents(s: &str) -> i64 {
        Money::parse("total", s)
            .unwrap_or_else(|e| panic!("{s:?}: {e}"))
            .cents()
    }

    #[test]
    fn reads_the_forms_people_type() {
        assert_eq!(cents("1234.56"), 123_456);
        assert_eq!(cents("1234,56"), 123_456);
        assert_eq!(cents("1 234,56"), 123_456);
        assert_eq!(cents("1\u{a0}234,5"), 123_450);
        assert_eq!(cents(" 1234 "), 123_400);
        assert_eq!(cents("0"), 0);
        assert_eq!(cents("0.05"), 5);
        assert_eq!(cents("999 999 999.99"), MAX_CENTS);
    }

    #[test]
    fn refuses_everything_else_naming_the_field() {
        for s in [
            "", "abc", "1.2.3", "1,234.56", "12e3", ".5", "5.", "1_000", "NaN", "0x10", "+5", "١٢٣",
        ] {
            let err = Money::parse("total", s).unwrap_err();
            assert_eq!(err.field, "total", "{s:?}");
            assert!(err.rule.contains("1234.56"), "{s:?}: {}", err.rule);
        }
        for s in ["1234.567", "12,345"] {
            let err = Money::parse("total", s).unwrap_err();
            assert_eq!(
                err.rule, "must have at most two decimals (whole cents)",
                "{s:?}"
            );
        }
        assert!(
            Money::parse("due", "-1")
                .unwrap_err()
                .rule
                .contains("negative")
        );
        for s in ["1 000 000 000", "99999999999999999999999999"] {
            let err = Money::parse("total", s).unwrap_err();
            assert!(err.rule.contains("at most"), "{s:?}: {}", err.rule);
        }
    }

    #[test]
    fn prints_grouped_and_reads_back() {
        for c in [0, 5, 100, 123_456, 100_000_000, MAX_CENTS] {
            let shown = Money::from_cents(c).unwrap().to_string();
            assert_eq!(cents(&shown), c, "{shown}");
        }
        assert_eq!(
            Money::from_cents(123_456_789).unwrap().to_string(),
            "1 234 567.89"
        );
        assert_eq!(Money::from_cents(5).unwrap().to_string(), "0.05");
    }
}
