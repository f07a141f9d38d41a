//! Free-text fields typed by users: trimmed, bounded, and free of the control
//! characters that would corrupt tables, terminals or PostgreSQL (NUL).

use std::fmt;
use std::str::FromStr;

use serde::{Serialize, Serializer};

use super::ValidationError;

/// Characters that reorder the text around them on screen: "Trojan Source"
/// material (a name that reads differently from what it is).
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

/// Characters that take no room on screen: a name made of them only would
/// look empty.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}' | '\u{034F}' | '\u{115F}' | '\u{1160}' | '\u{180E}' | '\u{200B}'..='\u{200D}'
            | '\u{2060}'..='\u{2064}' | '\u{3164}' | '\u{FEFF}' | '\u{FFA0}'
    )
}

fn is_visible(c: char) -> bool {
    !c.is_whitespace() && !c.is_control() && !is_invisible(c) && !is_bidi_control(c)
}

/// Checks one text value against its field's rules; returns it trimmed.
fn clean(
    field: &'static str,
    s: &str,
    max_chars: usize,
    multiline: bool,
    may_be_empty: bool,
) -> Result<String, ValidationError> {
    let s = s.trim();
    if s.is_empty() && !may_be_empty {
        return Err(ValidationError::new(field, "must not be empty"));
    }
    if s.chars().count() > max_chars {
        return Err(ValidationError::new(
            field,
            format!("must be at most {max_chars} characters"),
        ));
    }
    if s.chars().any(is_bidi_control) {
        return Err(ValidationError::new(
            field,
            "must not contain bidirectional control characters (U+202A–U+202E, U+2066–U+2069…)",
        ));
    }
    if !s.is_empty() && !s.chars().any(is_visible) {
        return Err(ValidationError::new(
            field,
            "must contain a visible character",
        ));
    }
    let allowed = |c: char| !c.is_control() || (multiline && (c == '\n' || c == '\t'));
    if !s.chars().all(allowed) {
        let rule = if multiline {
            "must not contain control characters other than new lines and tabs"
        } else {
            "must not contain control characters (including new lines)"
        };
        return Err(ValidationError::new(field, rule));
    }
    Ok(s.to_owned())
}

macro_rules! text_type {
    ($(#[$doc:meta])* $name:ident, $field:literal, max = $max:literal, multiline = $ml:literal, empty = $empty:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub struct $name(String);

        impl $name {
            pub const FIELD: &'static str = $field;
            pub const MAX_CHARS: usize = $max;

            pub fn as_str(&self) -> &str {
                &self.0
            }

            /// Rebuilds a value read back from storage, validated on the way in.
            pub fn from_trusted(s: String) -> Self {
                Self(s)
            }
        }

        impl FromStr for $name {
            type Err = ValidationError;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                clean($field, s, $max, $ml, $empty).map(Self)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(&self.0)
            }
        }

        crate::wire::string_value!($name, stringify!($name), Some($max));
    };
}

text_type!(
    /// A person's full name.
    FullName, "name", max = 100, multiline = false, empty = false
);
text_type!(
    /// The client's company.
    CompanyName, "company", max = 200, multiline = false, empty = false
);
text_type!(
    /// An event's title, such as "John Ouick Wedding".
    EventName, "name", max = 200, multiline = false, empty = false
);
text_type!(
    /// Where an event happens: an address or a venue.
    Location, "location", max = 300, multiline = false, empty = false
);
text_type!(
    /// Support's free notes on an event; may be empty, may span lines.
    Notes, "notes", max = 5000, multiline = true, empty = true
);

/// A text filter (`--search`): bounded like a field, never empty.
pub fn search_term(s: &str) -> Result<String, ValidationError> {
    clean("search", s, 100, false, false)
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
        let long = "x".repeat(FullName::MAX_CHARS + 1);
        assert!(long.parse::<FullName>().is_err());
        assert!("x".repeat(FullName::MAX_CHARS).parse::<FullName>().is_ok());
    }

    #[test]
    fn refuses_reordering_and_invisible_only_text() {
        for s in ["Bill\u{202E}euqoB", "\u{2066}Ada\u{2069}", "Ada\u{200F}"] {
            let err = s.parse::<FullName>().unwrap_err();
            assert!(err.rule.contains("bidirectional"), "{s:?}: {}", err.rule);
            assert!(s.parse::<Notes>().is_err() && s.parse::<CompanyName>().is_err());
        }
        for s in ["\u{200B}", "\u{00AD}\u{200B}", " \u{FEFF} "] {
            let err = s.parse::<FullName>().unwrap_err();
            assert_eq!(err.rule, "must contain a visible character", "{s:?}");
        }
        // Invisible characters inside visible text are legitimate (soft
        // hyphens, emoji joined by ZWJ).
        assert!("Ann\u{00AD}Marie".parse::<FullName>().is_ok());
        assert!("Team 👩\u{200D}💻".parse::<CompanyName>().is_ok());
    }

    #[test]
    fn notes_may_be_empty_and_span_lines_but_hold_no_nul() {
        assert_eq!("".parse::<Notes>().unwrap().as_str(), "");
        let two = "Wedding at 3PM.\n\tDJ after.".parse::<Notes>().unwrap();
        assert_eq!(two.as_str(), "Wedding at 3PM.\n\tDJ after.");
        let err = "a\0b".parse::<Notes>().unwrap_err();
        assert_eq!(err.field, "notes");
        assert!(err.rule.contains("control"), "{}", err.rule);
    }

    #[test]
    fn each_type_names_its_field() {
        assert_eq!("".parse::<CompanyName>().unwrap_err().field, "company");
        assert_eq!("".parse::<Location>().unwrap_err().field, "location");
        assert_eq!("x\ny".parse::<EventName>().unwrap_err().field, "name");
        assert_eq!(search_term(" ").unwrap_err().field, "search");
    }
}
