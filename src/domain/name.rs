use std::fmt;
use std::str::FromStr;

use serde::{Serialize, Serializer};

use super::ValidationError;

/// A person's full name as typed: trimmed, non-empty, printable, bounded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FullName(String);

const MAX_CHARS: usize = 100;

impl FullName {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Rebuilds a name read back from storage, where it was validated on the way in.
    pub fn from_trusted(s: String) -> Self {
        Self(s)
    }
}

impl FromStr for FullName {
    type Err = ValidationError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        if s.is_empty() {
            return Err(ValidationError::new("name", "must not be empty"));
        }
        if s.chars().count() > MAX_CHARS {
            return Err(ValidationError::new(
                "name",
                format!("must be at most {MAX_CHARS} characters"),
            ));
        }
        // Control characters (NUL, escape sequences, newlines) would corrupt
        // tables and terminals when the name is printed back.
        if s.chars().any(char::is_control) {
            return Err(ValidationError::new(
                "name",
                "must not contain control characters",
            ));
        }
        Ok(Self(s.to_owned()))
    }
}

impl fmt::Display for FullName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Serialize for FullName {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_accents_and_trims() {
        let n: FullName = "  Aliénor Vichum ".parse().unwrap();
        assert_eq!(n.as_str(), "Aliénor Vichum");
    }

    #[test]
    fn refuses_empty_long_and_control_characters() {
        for s in ["", "   ", "Bill\0Boquet", "Bill\nBoquet", "\u{1b}[31mred"] {
            assert_eq!(s.parse::<FullName>().unwrap_err().field, "name", "{s:?}");
        }
        let long = "x".repeat(MAX_CHARS + 1);
        assert!(long.parse::<FullName>().is_err());
        assert!("x".repeat(MAX_CHARS).parse::<FullName>().is_ok());
    }
}
