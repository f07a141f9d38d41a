//! Password hashing: argon2id at OWASP's recommended floor.

use std::sync::OnceLock;

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};

use super::ServiceError;
use epicevents_domain::Password;

/// OWASP Password Storage Cheat Sheet: m = 19 MiB, t = 2, p = 1.
pub const MEMORY_KIB: u32 = 19_456;
pub const ITERATIONS: u32 = 2;
pub const PARALLELISM: u32 = 1;

fn hasher() -> Argon2<'static> {
    let params = Params::new(MEMORY_KIB, ITERATIONS, PARALLELISM, None)
        .expect("the constant argon2 parameters are valid");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

pub fn hash(password: &Password) -> Result<String, ServiceError> {
    let salt = SaltString::generate(&mut OsRng);
    hasher()
        .hash_password(password.expose().as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| ServiceError::Internal(format!("password hashing failed: {e}")))
}

/// Checks a candidate against a stored PHC string. The stored string carries
/// its own parameters, so hashes made with stronger settings later still verify.
pub fn verify(stored: &str, candidate: &str) -> bool {
    PasswordHash::new(stored)
        .map(|parsed| {
            hasher()
                .verify_password(candidate.as_bytes(), &parsed)
                .is_ok()
        })
        .unwrap_or(false)
}

/// Spends the same time as a real verification, for unknown accounts, so the
/// response time does not tell which e-mail addresses exist.
pub fn verify_nothing(candidate: &str) {
    static DUMMY: OnceLock<String> = OnceLock::new();
    let stored = DUMMY.get_or_init(|| {
        let salt = SaltString::generate(&mut OsRng);
        hasher()
            .hash_password(b"no account has this password", &salt)
            .map(|h| h.to_string())
            .unwrap_or_default()
    });
    let _ = verify(stored, candidate);
}

#[cfg(test)]
mod tests {
    use secrecy::SecretString;

    use super::*;

    #[test]
    fn hashes_with_argon2id_at_the_owasp_floor_and_verifies() {
        let pw = Password::new(SecretString::from("correct horse".to_owned())).unwrap();
        let stored = hash(&pw).unwrap();
        assert!(
            stored.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
            "{stored}"
        );
        assert!(!stored.contains("correct horse"));
        assert!(verify(&stored, "correct horse"));
        assert!(!verify(&stored, "correct horsf"));
        assert!(!verify("not a phc string", "correct horse"));
    }

    #[test]
    fn two_hashes_of_one_password_differ_by_their_salt() {
        let pw = Password::new(SecretString::from("correct horse".to_owned())).unwrap();
        assert_ne!(hash(&pw).unwrap(), hash(&pw).unwrap());
    }
}
