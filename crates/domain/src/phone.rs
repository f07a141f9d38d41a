//! Phone numbers, read in any usual form and kept in one.

use std::fmt;
use std::str::FromStr;

use serde::{Serialize, Serializer};

use super::ValidationError;

/// A phone number, stored in one normalised form: the international
/// format of its numbering plan (`+33 6 12 34 56 78`), whatever way it was
/// typed (`06 12 34 56 78`, `+33 (0)6-12.34.56.78`), so that one number is
/// one value. A number typed without its country code is read in the
/// configured default region (France unless configured otherwise).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phone(String);

/// The country a number typed without `+` belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Region(phonenumber::country::Id);

impl Default for Region {
    fn default() -> Self {
        Self(phonenumber::country::Id::FR)
    }
}

impl FromStr for Region {
    type Err = ValidationError;

    /// An ISO 3166 country code: FR, BE, CH, GB…
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        s.trim()
            .to_ascii_uppercase()
            .parse()
            .map(Self)
            .map_err(|_| {
                ValidationError::new(
                    "phone_region",
                    "must be a country code such as FR, BE or CH",
                )
            })
    }
}

/// E.164 allows at most 15 digits; fewer than 4 is no phone number anywhere.
const DIGITS: std::ops::RangeInclusive<usize> = 4..=15;

const RULE: &str = "must be a phone number such as +33 6 12 34 56 78: \
    digits with spaces, dots, dashes or parentheses, an optional leading +, 4 to 15 digits";

impl Phone {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn from_trusted(s: String) -> Self {
        Self(s)
    }

    /// Reads a number as typed, in `region` when it has no country code.
    pub fn parse_in(s: &str, region: Region) -> Result<Self, ValidationError> {
        let invalid = || ValidationError::new("phone", RULE);
        let s = s.trim();
        let rest = s.strip_prefix('+').map_or(s, str::trim_start);
        let allowed = |c: char| c.is_ascii_digit() || matches!(c, ' ' | '.' | '-' | '(' | ')');
        if !rest.chars().all(allowed) || !rest.starts_with(|c: char| c.is_ascii_digit() || c == '(')
        {
            return Err(invalid());
        }
        if !DIGITS.contains(&rest.chars().filter(char::is_ascii_digit).count()) {
            return Err(invalid());
        }
        let code = match s.strip_prefix('+') {
            Some(_) => {
                let digits: String = rest.chars().filter(char::is_ascii_digit).collect();
                Some(crate::phone_plan::calling_code(&digits).ok_or_else(invalid)?)
            }
            None => None,
        };
        let database = crate::phone_plan::database(region.0, code).ok_or_else(invalid)?;
        let number = phonenumber::parse_with(database, Some(region.0), s).map_err(|_| invalid())?;
        let formatted = crate::phone_plan::international(database, &number).ok_or_else(invalid)?;
        Ok(Self(formatted))
    }
}

impl FromStr for Phone {
    type Err = ValidationError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse_in(s, Region::default())
    }
}

impl fmt::Display for Phone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Serialize for Phone {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

crate::wire::string_value!(
    Phone,
    "A phone number: an optional +, then 4 to 15 digits",
    Some(32)
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_the_briefs_forms() {
        for (typed, kept) in [
            ("+678 123 456 78", "+678 12345678"),
            ("+1 234 567 8901", "+1 234-567-8901"),
            ("06 12 34 56 78", "+33 6 12 34 56 78"),
            ("  +33 (0)6-12.34.56.78 ", "+33 6 12 34 56 78"),
            ("+33 6 12 34 56 78", "+33 6 12 34 56 78"),
            ("+44 20 7946 0958", "+44 20 7946 0958"),
        ] {
            assert_eq!(typed.parse::<Phone>().unwrap().as_str(), kept, "{typed:?}");
        }
    }

    #[test]
    fn a_number_without_its_country_code_is_read_in_the_configured_region() {
        let be: Region = "be".parse().unwrap();
        assert_eq!(
            Phone::parse_in("02 123 45 67", be).unwrap().as_str(),
            "+32 2 123 45 67"
        );
        assert_eq!(
            Phone::parse_in("+33 6 12 34 56 78", be).unwrap().as_str(),
            "+33 6 12 34 56 78"
        );
        assert!("Atlantis".parse::<Region>().is_err());
    }

    /// Reading a number never builds `phonenumber`'s database of every
    /// territory (60-80 ms a process): only the plans it needs.
    #[test]
    fn reading_numbers_builds_only_the_plans_they_need() {
        for (typed, region) in [
            ("06 12 34 56 78", "FR"),
            ("+44 20 7946 0958", "FR"),
            ("02 123 45 67", "BE"),
            ("+1 234 567 8901", "CH"),
        ] {
            Phone::parse_in(typed, region.parse().unwrap()).unwrap();
        }
        assert!(once_cell::sync::Lazy::get(&phonenumber::metadata::DATABASE).is_none());
    }

    #[test]
    fn refuses_letters_and_garbage() {
        for s in [
            "",
            "+",
            "call me",
            "0612345678x",
            "12",
            "+1 234 567 8901 2345 6",
            "++33 6 12",
            "06 12; DROP TABLE",
            "-06 12 34",
            "06\n12 34 56",
        ] {
            let err = s.parse::<Phone>().unwrap_err();
            assert_eq!(err.field, "phone", "{s:?}");
        }
    }
}
