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

const FORMS: &str = "an amount such as 1234.56, 1234,56, 1 234,56, 1.234,56 or 2500 €";

/// `compact` (an amount without spaces) with the marks that group its
/// thousands taken out, keeping the one that separates its decimals; or
/// `None` where grouping marks are not in groups of three.
fn ungrouped(compact: &str) -> Option<String> {
    let dots = compact.matches('.').count();
    let commas = compact.matches(',').count();
    let (grouping, decimal) = match (dots, commas) {
        (0, 0) | (1, 0) | (0, 1) => return Some(compact.to_owned()),
        (_, 0) => ('.', None),
        (0, _) => (',', None),
        _ => match compact.rfind(['.', ',']).map(|i| &compact[i..i + 1]) {
            Some(".") => (',', Some('.')),
            _ => ('.', Some(',')),
        },
    };
    let (whole, decimals) = match decimal {
        Some(mark) => compact.rsplit_once(mark)?,
        None => (compact, ""),
    };
    if decimal.is_some_and(|mark| whole.contains(mark)) {
        return None;
    }
    let groups: Vec<&str> = whole.split(grouping).collect();
    let first = groups.first()?;
    let grouped = (1..=3).contains(&first.len()) && groups[1..].iter().all(|g| g.len() == 3);
    grouped.then(|| match decimal {
        Some(_) => format!("{}.{decimals}", groups.concat()),
        None => groups.concat(),
    })
}

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

    /// Parses what people type: `1234.56`, `1234,56`, `1 234,56`, `1234`,
    /// `1.234,56`, `1,234.56`, `2500€`, `2 500 €`, `EUR 2500`. Spaces
    /// (including the non-breaking ones spreadsheets paste) group
    /// thousands; with both `.` and `,`, the last separates the decimals
    /// and the other groups thousands; one of them alone, once, separates
    /// at most two decimals, and more than once groups thousands.
    pub fn parse(field: &'static str, s: &str) -> Result<Self, ValidationError> {
        let invalid = |rule: &str| ValidationError::new(field, rule);
        let compact: String = s
            .trim()
            .chars()
            .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}'))
            .collect();
        // The company's one currency, written before or after.
        let upper = compact.to_uppercase();
        let compact = upper
            .strip_suffix('€')
            .or_else(|| upper.strip_prefix('€'))
            .or_else(|| upper.strip_suffix("EUR"))
            .or_else(|| upper.strip_prefix("EUR"))
            .unwrap_or(&upper)
            .to_owned();
        if compact.starts_with('-') {
            return Err(invalid("must not be negative"));
        }
        let compact = ungrouped(&compact).ok_or_else(|| invalid(&format!("must be {FORMS}")))?;
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
        // Grouped with dots or commas, and the currency written.
        assert_eq!(cents("1.234,56"), 123_456);
        assert_eq!(cents("1,234.56"), 123_456);
        assert_eq!(cents("1,234,567"), 123_456_700);
        assert_eq!(cents("1.234.567,8"), 123_456_780);
        assert_eq!(cents("2500€"), 250_000);
        assert_eq!(cents("2 500 €"), 250_000);
        assert_eq!(cents("€2,500.50"), 250_050);
        assert_eq!(cents("EUR 12 500,00"), 1_250_000);
        assert_eq!(cents("12500 eur"), 1_250_000);
    }

    #[test]
    fn refuses_everything_else_naming_the_field() {
        for s in [
            "",
            "abc",
            "1.2.3",
            "1,23.45",
            "1.234,5.6",
            "12,34,567",
            "€",
            "$5",
            "12e3",
            ".5",
            "5.",
            "1_000",
            "NaN",
            "0x10",
            "+5",
            "١٢٣",
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
