//! Session tokens and the other random secrets the CRM makes.

use std::fmt;

use secrecy::{ExposeSecret, SecretString};
use sha2::{Digest, Sha256};

/// An opaque session token: 256 random bits, hex-encoded. The client keeps it;
/// the database keeps only its SHA-256.
///
/// A fast hash is right here (unlike passwords): the token is random and
/// long, so there is nothing to brute-force.
pub struct SessionToken(SecretString);

const BYTES: usize = 32;

impl SessionToken {
    pub fn generate() -> Self {
        Self(SecretString::from(random_hex(BYTES)))
    }

    /// Wraps a token read back from the session file or a request header.
    pub fn from_secret(token: SecretString) -> Self {
        Self(token)
    }

    pub fn expose(&self) -> &str {
        self.0.expose_secret()
    }

    /// The form stored in the database.
    pub fn hash(&self) -> String {
        to_hex(&Sha256::digest(self.expose().trim().as_bytes()))
    }
}

/// `n` random bytes, hex-encoded: a token, or a generated password.
#[allow(
    clippy::expect_used,
    reason = "without randomness no secret can be made: stopping is right"
)]
pub fn random_hex(n: usize) -> String {
    let mut bytes = vec![0u8; n];
    getrandom::fill(&mut bytes).expect("the operating system's random source failed");
    to_hex(&bytes)
}

fn to_hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

impl fmt::Debug for SessionToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SessionToken([redacted])")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_256_random_bits_and_never_repeat() {
        let a = SessionToken::generate();
        let b = SessionToken::generate();
        assert_eq!(a.expose().len(), 2 * BYTES);
        assert!(a.expose().bytes().all(|c| c.is_ascii_hexdigit()));
        assert_ne!(a.expose(), b.expose());
    }

    #[test]
    fn the_stored_hash_is_not_the_token_and_is_stable() {
        let t = SessionToken::generate();
        assert_ne!(t.hash(), t.expose());
        assert_eq!(
            t.hash(),
            SessionToken::from_secret(t.expose().to_owned().into()).hash()
        );
        assert_eq!(t.hash().len(), 64);
    }

    #[test]
    fn debug_hides_the_token() {
        let t = SessionToken::generate();
        assert!(!format!("{t:?}").contains(t.expose()));
    }
}
