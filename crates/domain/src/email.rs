//! E-mail addresses, checked and normalised.

use std::fmt;
use std::str::FromStr;

use serde::{Serialize, Serializer};

use super::ValidationError;

/// A syntactically valid e-mail address, normalised to lower case.
///
/// Lower-casing makes uniqueness case-insensitive on every backend with a plain
/// unique index, instead of relying on each database's collation rules.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Email(String);

const MAX_LEN: usize = 254;

impl Email {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Rebuilds an address read back from storage, where it was validated on the way in.
    pub fn from_trusted(s: String) -> Self {
        Self(s)
    }
}

impl FromStr for Email {
    type Err = ValidationError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        if s.is_empty() {
            return Err(ValidationError::new("email", "must not be empty"));
        }
        if s.chars().count() > MAX_LEN {
            return Err(ValidationError::new(
                "email",
                format!("must be at most {MAX_LEN} characters"),
            ));
        }
        // The crate accepts quoted local parts and IP-literal domains; nobody at
        // Epic Events needs those, and they make addresses hard to read back.
        let options = email_address::Options::default()
            .without_display_text()
            .without_domain_literal();
        let parsed = email_address::EmailAddress::parse_with_options(s, options)
            .map_err(|_| ValidationError::new("email", "must look like name@example.com"))?;
        if !parsed.domain().contains('.') {
            return Err(ValidationError::new(
                "email",
                "must have a domain with a dot, like name@example.com",
            ));
        }
        Ok(Self(s.to_lowercase()))
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Serialize for Email {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

crate::wire::string_value!(Email, "An e-mail address, lower-cased", Some(254));

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_case_and_whitespace() {
        let e: Email = "  Bill.Boquet@Epic-Events.COM ".parse().unwrap();
        assert_eq!(e.as_str(), "bill.boquet@epic-events.com");
    }

    #[test]
    fn accepts_the_briefs_addresses() {
        for s in [
            "kevin@startup.io",
            "john.ouick@gmail.com",
            "jacky@loubouzin.grd",
        ] {
            assert!(s.parse::<Email>().is_ok(), "{s}");
        }
    }

    #[test]
    fn refuses_garbage_naming_the_field() {
        for s in [
            "",
            "kevin",
            "kevin@",
            "@startup.io",
            "kevin@localhost",
            "a b@c.io",
            "kevin@[127.0.0.1]",
            "Kevin <kevin@startup.io>",
            "' OR 1=1 --@x.io",
        ] {
            let err = s.parse::<Email>().unwrap_err();
            assert_eq!(err.field, "email", "{s}");
        }
    }

    #[test]
    fn refuses_overlong_addresses() {
        let s = format!("{}@example.com", "a".repeat(250));
        assert!(s.parse::<Email>().unwrap_err().rule.contains("254"));
    }
}
