//! Logging in and out, and turning a session token into an [`Actor`].

use chrono::{Duration, NaiveDateTime};
use epicevents_api::{LoginOutcome, WhoAmI};
use secrecy::{ExposeSecret, SecretString};

use super::{AuthError, ServiceError, Services, SessionToken, passwords};
use epicevents_domain::CollaboratorId;
use epicevents_domain::policy::{Action, act};
use epicevents_store::DbConnection;
use epicevents_store::access::{self, Actor, Verdict};
use epicevents_store::audit::{Entry, Outcome};
use epicevents_store::collaborators as rows;
use epicevents_store::unguarded::{audit, logins, sessions};
use epicevents_telemetry as telemetry;

/// How stale a session's "last used" time may get before a read refreshes
/// it (after the read, in a transaction of its own). Refreshing on every
/// call would make every read a write, and writers collide.
const TOUCH_EVERY: Duration = Duration::minutes(1);

/// Where password checks come from, for their budget: local mode is one
/// source; the server passes the client's address.
pub const LOCAL_SOURCE: &str = "local";

/// What a budgeted password check found.
pub(crate) enum Check {
    Right,
    Wrong,
    /// The budget was spent: no check was made (but the time of one was).
    Spent,
}

impl Services {
    /// Checks credentials and opens a session.
    ///
    /// An unknown e-mail, a wrong password and a spent budget of checks
    /// answer alike, do the same work (one budget write, one argon2 run, one
    /// audit write) and so take the same time.
    pub fn login(
        &self,
        email: &str,
        password: &SecretString,
        source: &str,
    ) -> Result<LoginOutcome, ServiceError> {
        let now = self.now();
        let subject = logins::subject(email);
        // The address's budget is spent, and only then its hash read, in
        // one step of the database's; a malformed address reads no account,
        // and costs the same.
        let (check, account) = self.check_password(&subject, source, password)?;
        // Checked after the password, so that a deactivated account costs
        // and answers as a wrong password does.
        let active = match (account, &check) {
            (Some(id), Check::Right) => self
                .store
                .read(|conn| rows::get(conn, CollaboratorId(id)))?
                .is_some_and(|who| who.deactivated_at.is_none()),
            _ => false,
        };
        let (Some(account), Check::Right, true) = (account, &check, active) else {
            let detail = match (account, &check) {
                (None, _) => "unknown account",
                (Some(_), Check::Spent) => "too many failures; not checked",
                (Some(_), Check::Right) => "account deactivated",
                (Some(_), Check::Wrong) => "wrong password",
            };
            tracing::warn!(collaborator = account, detail, "login failed");
            self.store.write(|c| {
                session_audit(
                    c,
                    LOGIN,
                    now,
                    account,
                    Some(&subject),
                    Outcome::Failed,
                    Some(detail),
                )
            })?;
            return Err(match check {
                Check::Spent => self.locked_out(),
                Check::Right | Check::Wrong => AuthError::BadCredentials,
            }
            .into());
        };

        let token = SessionToken::generate();
        let expires_at = now + self.config.session_ttl;
        let id = CollaboratorId(account);
        let collaborator = self.store.write(|c| -> Result<_, ServiceError> {
            logins::release(c, &subject, source)?;
            sessions::purge_expired(c, now)?;
            sessions::insert(c, id, &token.hash(), now, expires_at)?;
            session_audit(
                c,
                LOGIN,
                now,
                Some(account),
                Some(&subject),
                Outcome::Ok,
                None,
            )?;
            rows::get(c, id)?.ok_or(ServiceError::Auth(AuthError::BadCredentials))
        })?;
        tracing::info!(collaborator = id.0, "login succeeded");
        telemetry::set_actor(collaborator.id, collaborator.department);
        Ok(LoginOutcome {
            token,
            collaborator,
            expires_at,
        })
    }

    /// Takes a check from the budget of `subject` at `source` and reads the
    /// hash of the account `subject` names, in one write (before the slow
    /// hash), then checks `candidate` against it. Without a hash to check
    /// (no such account, or no budget), a dummy hash is checked so that
    /// every path costs the same. Also answers the account's id.
    pub(crate) fn check_password(
        &self,
        subject: &str,
        source: &str,
        candidate: &SecretString,
    ) -> Result<(Check, Option<i32>), ServiceError> {
        let now = self.now();
        let lockout = self.config.lockout();
        let found = self
            .store
            .write(|c| logins::spend_and_read(c, subject, source, now, lockout))?;
        let candidate = candidate.expose_secret();
        let check = match &found.password_hash {
            Some(stored) if found.allowed => {
                if passwords::verify(stored.expose_secret(), candidate) {
                    Check::Right
                } else {
                    Check::Wrong
                }
            }
            _ => {
                passwords::verify_nothing(candidate);
                if found.allowed {
                    Check::Wrong
                } else {
                    Check::Spent
                }
            }
        };
        Ok((check, found.account))
    }

    /// What a spent budget of password checks says: how long it lasts.
    pub(crate) fn locked_out(&self) -> AuthError {
        AuthError::LockedOut {
            minutes: self.config.lockout().window.num_minutes().max(1),
        }
    }

    /// Resolves a token to the collaborator behind it, as the database says
    /// now: department changes and revocations take effect immediately.
    pub(crate) fn authenticate(&self, token: Option<&SessionToken>) -> Result<Actor, ServiceError> {
        let token = token.ok_or(AuthError::NoSession)?;
        let now = self.now();
        let hash = token.hash();
        let verdict = self.store.read(|c| access::authenticate(c, &hash, now))?;
        self.settle(verdict, now)
    }

    /// Authenticates and reads in one read transaction: one connection, one
    /// consistent view. What has to be written (a stale last use, a
    /// refusal's audit entry, for `subject`) is written after.
    #[allow(
        clippy::expect_used,
        reason = "a live verdict always comes with the read's outcome"
    )]
    pub(crate) fn read_as<T>(
        &self,
        token: Option<&SessionToken>,
        subject: Option<i32>,
        mut read: impl FnMut(&mut DbConnection, &Actor) -> Result<T, ServiceError>,
    ) -> Result<T, ServiceError> {
        let token = token.ok_or(AuthError::NoSession)?;
        let now = self.now();
        let hash = token.hash();
        let (verdict, outcome) = self.store.read(|c| -> Result<_, ServiceError> {
            let verdict = self.store.authenticate_acting(c, &hash, now)?;
            let outcome = match &verdict {
                Verdict::Live(actor) => Some(read(c, actor)),
                _ => None,
            };
            Ok((verdict, outcome))
        })?;
        let actor = self.settle(verdict, now)?;
        match outcome.expect("a live session was read") {
            Err(ServiceError::Denied(denied)) => {
                self.audit_refusal(&actor, &denied, subject)?;
                Err(denied.into())
            }
            other => other,
        }
    }

    /// Acts on what a session check found. A read only, but for the
    /// session's last-use time, now and then.
    fn settle(&self, verdict: Verdict, now: NaiveDateTime) -> Result<Actor, ServiceError> {
        let actor = match verdict {
            Verdict::Live(actor) => *actor,
            Verdict::Ended => return Err(AuthError::Revoked.into()),
            Verdict::Unknown => return Err(AuthError::NoSession.into()),
            // Left in place, so that it keeps saying why (the next login
            // purges expired sessions), and so that a read stays a read.
            Verdict::Expired => return Err(AuthError::Expired.into()),
        };
        if now - actor.session_last_used_at() >= TOUCH_EVERY {
            let id = actor.session_id();
            // Bookkeeping, not the caller's request: a busy or read-only
            // database must not turn a read into a failure.
            let touch = crate::Chore::Touch {
                session: id,
                at: now,
            };
            if let Err(e) = self.bookkeeping.write(&self.store, touch) {
                tracing::warn!(error = %e, "could not record the session's last use");
            }
        }
        telemetry::set_actor(actor.id(), actor.department());
        Ok(actor)
    }

    pub fn whoami(&self, token: Option<&SessionToken>) -> Result<WhoAmI, ServiceError> {
        self.read_as(token, None, |_, actor| {
            actor.permit::<act::SessionWhoami>()?;
            // Authentication just read both rows.
            Ok(WhoAmI {
                collaborator: actor.record().clone(),
                session_expires_at: actor.session_expires_at(),
            })
        })
    }

    /// Ends the session. Returns false when there was no live session to end.
    pub fn logout(&self, token: &SessionToken) -> Result<bool, ServiceError> {
        let actor = match self.authenticate(Some(token)) {
            Ok(actor) => actor,
            Err(ServiceError::Auth(_)) => return Ok(false),
            Err(e) => return Err(e),
        };
        self.authorize::<act::SessionLogout>(&actor)?;
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

pub(crate) const LOGIN: &str = "session.login";

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
        &Entry {
            at,
            actor_id: actor,
            action,
            subject: subject.map(str::to_owned),
            outcome,
            detail: detail.map(str::to_owned),
            changes: None,
            record: None,
        },
    )?;
    Ok(())
}
