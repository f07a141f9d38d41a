//! Password hashing: argon2id at OWASP's recommended floor.

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};

use super::ServiceError;
use epicevents_domain::Password;

/// OWASP Password Storage Cheat Sheet: m = 19 MiB, t = 2, p = 1.
pub const MEMORY_KIB: u32 = 19_456;
pub const ITERATIONS: u32 = 2;
pub const PARALLELISM: u32 = 1;

#[allow(clippy::expect_used, reason = "constant argon2 parameters")]
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

/// A hash of a password no account has, made once with the parameters above.
/// A constant, so a process pays one argon2 run for an unknown account, as
/// for a known one (building it on first use cost a second run).
const DUMMY: &str = "$argon2id$v=19$m=19456,t=2,p=1$CnTRBcLICCT8xKLaSON/rQ$JAuFRH7TzkMwOXezTAR/nnoUnh85ZCtVao/WDCcFDZM";

/// Spends the same time as a real verification, for unknown accounts and
/// spent budgets, so the response time does not tell which e-mail addresses
/// exist.
pub fn verify_nothing(candidate: &str) {
    let _ = verify(DUMMY, candidate);
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
    fn the_dummy_hash_costs_what_a_real_one_does() {
        let pw = Password::new(SecretString::from("any password".to_owned())).unwrap();
        let real = hash(&pw).unwrap();
        let params = |phc: &str| phc.split('$').nth(3).unwrap().to_owned();
        // Same algorithm, version and cost: changing the constants above
        // without making a new dummy would make unknown e-mails faster.
        assert_eq!(
            &DUMMY[..DUMMY.find(",t").unwrap()],
            &real[..real.find(",t").unwrap()]
        );
        assert_eq!(params(DUMMY), params(&real));
        assert!(PasswordHash::new(DUMMY).is_ok());
        assert!(verify(DUMMY, "no account has this password"));
    }

    #[test]
    fn two_hashes_of_one_password_differ_by_their_salt() {
        let pw = Password::new(SecretString::from("correct horse".to_owned())).unwrap();
        assert_ne!(hash(&pw).unwrap(), hash(&pw).unwrap());
    }
}
