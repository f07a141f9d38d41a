//! Passwords as the policy accepts them, never shown.

use std::fmt;

use secrecy::{ExposeSecret, SecretString};

use super::ValidationError;

/// A new password that passed the policy: 8 to 128 characters, not a common one.
///
/// NIST SP 800-63B: length and a deny-list, no composition rules. The secret is
/// never printed: `Debug` shows a placeholder.
pub struct Password(SecretString);

pub const MIN_CHARS: usize = 8;
pub const MAX_CHARS: usize = 128;

const COMMON: &str = include_str!("../data/common-passwords.txt");

impl Password {
    pub fn new(candidate: SecretString) -> Result<Self, ValidationError> {
        let text = candidate.expose_secret();
        let chars = text.chars().count();
        if chars < MIN_CHARS {
            return Err(ValidationError::new(
                "password",
                format!("must be at least {MIN_CHARS} characters"),
            ));
        }
        if chars > MAX_CHARS {
            return Err(ValidationError::new(
                "password",
                format!("must be at most {MAX_CHARS} characters"),
            ));
        }
        if is_common(text) {
            return Err(ValidationError::new(
                "password",
                "is one of the most common passwords; choose another",
            ));
        }
        Ok(Self(candidate))
    }

    pub fn expose(&self) -> &str {
        self.0.expose_secret()
    }
}

fn is_common(candidate: &str) -> bool {
    let lowered = candidate.to_lowercase();
    COMMON
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .any(|common| common.to_lowercase() == lowered)
}

impl fmt::Debug for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Password([redacted])")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pw(s: &str) -> Result<Password, ValidationError> {
        Password::new(SecretString::from(s.to_owned()))
    }

    #[test]
    fn length_bounds_are_inclusive_and_count_characters_not_bytes() {
        assert!(pw("abcdefg").is_err());
        assert!(pw("correct8").is_ok());
        assert!(
            pw(&"é".repeat(8)).is_ok(),
            "8 two-byte characters are 8 characters"
        );
        assert!(pw(&"x9".repeat(64)).is_ok());
        let err = pw(&"x9".repeat(64).replace("x9x9", "x9x9y")).unwrap_err();
        assert!(err.rule.contains("128"), "{err}");
    }

    #[test]
    fn no_composition_rules() {
        assert!(pw("all lower case words").is_ok());
    }

    #[test]
    fn common_passwords_are_refused_whatever_their_case() {
        for s in [
            "password",
            "PASSWORD1",
            "12345678",
            "Azertyuiop",
            "epicevents",
        ] {
            let err = pw(s).unwrap_err();
            assert_eq!(err.field, "password");
            assert!(err.rule.contains("common"), "{s}: {err}");
        }
    }

    #[test]
    fn the_list_is_not_empty_and_ignores_its_comments() {
        assert!(is_common("qwertyuiop"));
        assert!(!is_common(
            "# The most common passwords of eight characters or more, drawn from public"
        ));
    }

    #[test]
    fn debug_never_shows_the_secret() {
        let p = pw("a very secret phrase").unwrap();
        assert!(!format!("{p:?}").contains("secret phrase"));
    }
}
