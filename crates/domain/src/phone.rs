use std::fmt;
use std::str::FromStr;

use serde::{Serialize, Serializer};

use super::ValidationError;

/// A phone number as people write it, international or national:
/// `+678 123 456 78`, `+1 234 567 8901`, `+ 666 12345`, `06 12 34 56 78`.
///
/// Kept as typed (spacing normalised) rather than reformatted: numbering
/// plans differ per country and the product dials nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phone(String);

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
}

impl FromStr for Phone {
    type Err = ValidationError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let invalid = || ValidationError::new("phone", RULE);
        let s = s.trim();
        let (plus, rest) = match s.strip_prefix('+') {
            Some(rest) => (true, rest.trim_start()),
            None => (false, s),
        };
        let allowed = |c: char| c.is_ascii_digit() || matches!(c, ' ' | '.' | '-' | '(' | ')');
        if !rest.chars().all(allowed) || !rest.starts_with(|c: char| c.is_ascii_digit() || c == '(')
        {
            return Err(invalid());
        }
        let digits = rest.chars().filter(char::is_ascii_digit).count();
        if !DIGITS.contains(&digits) {
            return Err(invalid());
        }
        let spaced = rest.split_whitespace().collect::<Vec<_>>().join(" ");
        Ok(Self(if plus { format!("+{spaced}") } else { spaced }))
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
            ("+678 123 456 78", "+678 123 456 78"),
            ("+1 234 567 8901", "+1 234 567 8901"),
            ("+ 666 12345", "+666 12345"),
            ("06 12 34 56 78", "06 12 34 56 78"),
            ("  +33 (0)6-12.34.56.78 ", "+33 (0)6-12.34.56.78"),
        ] {
            assert_eq!(typed.parse::<Phone>().unwrap().as_str(), kept, "{typed:?}");
        }
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
