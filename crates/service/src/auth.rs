//! Logging in and out, and turning a session token into an [`Actor`].

use chrono::NaiveDateTime;
use secrecy::{ExposeSecret, SecretString};
use serde::Serialize;

use super::{AuthError, ServiceError, Services, SessionToken, passwords};
use epicevents_domain::policy::{Action, Target, act};
use epicevents_domain::{Collaborator, CollaboratorId, Department, Email};
use epicevents_store::audit::{self, Outcome};
use epicevents_store::collaborators as rows;
use epicevents_store::{DbConnection, StoreError, sessions};
use epicevents_telemetry as telemetry;

/// Who is acting, read from the database on every call. Only
/// [`Services::authenticate`] makes one, so holding one proves a live session.
#[derive(Debug, Clone)]
pub struct Actor {
    record: Collaborator,
    session_expires_at: NaiveDateTime,
}

impl Actor {
    pub fn id(&self) -> CollaboratorId {
        self.record.id
    }

    pub fn department(&self) -> Department {
        self.record.department
    }
}

#[derive(Debug)]
pub struct LoginOutcome {
    pub token: SessionToken,
    pub collaborator: Collaborator,
    pub expires_at: NaiveDateTime,
}

#[derive(Debug, Clone, Serialize)]
pub struct WhoAmI {
    #[serde(flatten)]
    pub collaborator: Collaborator,
    #[serde(serialize_with = "epicevents_domain::time::serialize")]
    pub session_expires_at: NaiveDateTime,
}

impl Services {
    /// Checks credentials and opens a session.
    ///
    /// Unknown e-mail and wrong password fail alike. Five failures on one
    /// account within the window lock that account (only that one) for the
    /// lockout duration.
    pub fn login(
        &mut self,
        email: &str,
        password: &SecretString,
    ) -> Result<LoginOutcome, ServiceError> {
        let now = self.now();
        // A malformed address cannot be an account: same answer as unknown.
        let email = email.parse::<Email>().ok();
        let creds = match &email {
            Some(e) => self.store.read(|c| rows::credentials_by_email(c, e))?,
            None => None,
        };
        let subject = email.as_ref().map(Email::as_str);
        let Some(creds) = creds else {
            passwords::verify_nothing(password.expose_secret());
            self.audit_login(None, subject, Outcome::Failed, "unknown account")?;
            return Err(AuthError::BadCredentials.into());
        };
        if let Some(until) = creds.locked_until.filter(|until| *until > now) {
            self.audit_login(Some(creds.id), subject, Outcome::Denied, "account locked")?;
            // Rounded up: "0 more minutes" would read as unlocked.
            let minutes = ((until - now).num_seconds() + 59) / 60;
            return Err(AuthError::Locked { minutes }.into());
        }
        // Verified outside the write transaction: argon2 is slow on purpose,
        // and SQLite's write lock should not wait for it.
        if !passwords::verify(&creds.password_hash, password.expose_secret()) {
            let lockout = self.config.lockout();
            self.store.write(|c| -> Result<_, ServiceError> {
                let locked = rows::record_failed_login(c, creds.id, now, lockout)?;
                let detail = if locked {
                    "wrong password; account locked"
                } else {
                    "wrong password"
                };
                tracing::warn!(collaborator = creds.id, detail, "login failed");
                session_audit(
                    c,
                    LOGIN,
                    now,
                    Some(creds.id),
                    subject,
                    Outcome::Failed,
                    Some(detail),
                )
            })?;
            return Err(AuthError::BadCredentials.into());
        }

        let token = SessionToken::generate();
        let expires_at = now + self.config.session_ttl;
        let id = CollaboratorId(creds.id);
        let collaborator = self.store.write(|c| -> Result<_, ServiceError> {
            rows::clear_failed_logins(c, creds.id)?;
            sessions::purge_expired(c, now)?;
            sessions::insert(c, id, &token.hash(), now, expires_at)?;
            session_audit(c, LOGIN, now, Some(creds.id), subject, Outcome::Ok, None)?;
            rows::get(c, id)?.ok_or(ServiceError::Auth(AuthError::BadCredentials))
        })?;
        tracing::info!(collaborator = id.0, "login succeeded");
        Ok(LoginOutcome {
            token,
            collaborator,
            expires_at,
        })
    }

    fn audit_login(
        &mut self,
        actor: Option<i32>,
        subject: Option<&str>,
        outcome: Outcome,
        detail: &str,
    ) -> Result<(), ServiceError> {
        tracing::warn!(
            collaborator = actor,
            outcome = outcome.as_str(),
            detail,
            "login failed"
        );
        let now = self.now();
        self.store
            .write(|c| session_audit(c, LOGIN, now, actor, subject, outcome, Some(detail)))
    }

    /// Resolves a token to the collaborator behind it, as the database says
    /// now: department changes and revocations take effect immediately.
    pub fn authenticate(&mut self, token: Option<&SessionToken>) -> Result<Actor, ServiceError> {
        let token = token.ok_or(AuthError::NoSession)?;
        let now = self.now();
        let hash = token.hash();
        // The inner result is the verdict; the outer one, storage. Splitting
        // them lets the deletion of an expired session commit while the
        // caller is still refused.
        let verdict = self
            .store
            .write(|c| -> Result<Result<Actor, AuthError>, StoreError> {
                let Some(session) = sessions::by_token_hash(c, &hash)? else {
                    return Ok(Err(AuthError::Revoked));
                };
                if session.expires_at <= now {
                    sessions::revoke(c, &hash)?;
                    return Ok(Err(AuthError::Expired));
                }
                let Some(who) = rows::get(c, CollaboratorId(session.collaborator_id))? else {
                    return Ok(Err(AuthError::Revoked));
                };
                sessions::touch(c, session.id, now)?;
                Ok(Ok(Actor {
                    record: who,
                    session_expires_at: session.expires_at,
                }))
            })?;
        let actor = verdict?;
        telemetry::set_actor(actor.id(), actor.department());
        Ok(actor)
    }

    pub fn whoami(&mut self, token: Option<&SessionToken>) -> Result<WhoAmI, ServiceError> {
        let actor = self.authenticate(token)?;
        self.authorize::<act::SessionWhoami>(&actor, Target::Collection, None)?;
        // `authenticate` just read both rows, in the same transaction.
        Ok(WhoAmI {
            collaborator: actor.record,
            session_expires_at: actor.session_expires_at,
        })
    }

    /// Ends the session. Returns false when there was no live session to end.
    pub fn logout(&mut self, token: &SessionToken) -> Result<bool, ServiceError> {
        let actor = match self.authenticate(Some(token)) {
            Ok(actor) => actor,
            Err(ServiceError::Auth(_)) => return Ok(false),
            Err(e) => return Err(e),
        };
        self.authorize::<act::SessionLogout>(&actor, Target::Collection, None)?;
        let now = self.now();
        let hash = token.hash();
        self.store.write(|c| -> Result<_, ServiceError> {
            sessions::revoke(c, &hash)?;
            session_audit(
                c,
                Action::SessionLogout.key(),
                now,
                Some(actor.id().0),
                None,
                Outcome::Ok,
                None,
            )?;
            Ok(true)
        })
    }
}

const LOGIN: &str = "session.login";

fn session_audit(
    c: &mut DbConnection,
    action: &str,
    at: NaiveDateTime,
    actor: Option<i32>,
    subject: Option<&str>,
    outcome: Outcome,
    detail: Option<&str>,
) -> Result<(), ServiceError> {
    audit::record(
        c,
        &audit::Entry {
            at,
            actor_id: actor,
            action,
            subject: subject.map(str::to_owned),
            outcome,
            detail: detail.map(str::to_owned),
        },
    )?;
    Ok(())
}
