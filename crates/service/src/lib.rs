//! The use cases. Each one: resolve the actor from the session → ask the
//! policy → validate → write in one transaction → record history.
//!
//! Callers pass raw strings and a session token, and get domain values or a
//! [`ServiceError`] back: the CLI calls this in-process today, and the HTTP
//! server will call exactly the same functions.

mod auth;
mod clients;
mod collaborators;
mod contracts;
mod demo;
mod error;
mod events;
pub(crate) mod passwords;
mod records;
pub mod setup;
mod token;

use std::sync::Arc;

use chrono::{Duration, NaiveDateTime, Timelike, Utc};

pub use auth::{Actor, LoginOutcome, WhoAmI};
pub use clients::{ClientChanges, ClientQuery, NewClient};
pub use collaborators::{NewCollaborator, UpdateCollaborator};
pub use contracts::{ContractChanges, ContractQuery, NewContract};
pub use error::{AuthError, ErrorKind, ServiceError};
pub use events::{EventChanges, EventQuery, NewEvent};
pub use token::SessionToken;

use epicevents_domain::policy::{self, Act, Permit, Target};
use epicevents_store::audit::{self, Outcome};
pub use epicevents_store::page::{Listing, Page};
use epicevents_store::{DatabaseUrl, DbConnection, Store};

/// The current time, UTC. Injected so tests can move time (lockouts, expiry).
pub type Clock = Arc<dyn Fn() -> NaiveDateTime + Send + Sync>;

/// The system clock, to the microsecond both backends store.
pub fn system_clock() -> Clock {
    Arc::new(|| {
        let now = Utc::now().naive_utc();
        now.with_nanosecond(now.nanosecond() / 1_000 * 1_000)
            .unwrap_or(now)
    })
}

#[derive(Debug, Clone)]
pub struct Config {
    /// How long a session lasts from login, whatever its use.
    pub session_ttl: Duration,
    /// Failed logins within `lockout_window` that lock an account…
    pub lockout_threshold: i32,
    pub lockout_window: Duration,
    /// …for this long.
    pub lockout_duration: Duration,
}

impl Config {
    pub(crate) fn lockout(&self) -> epicevents_store::collaborators::Lockout {
        epicevents_store::collaborators::Lockout {
            threshold: self.lockout_threshold,
            window: self.lockout_window,
            duration: self.lockout_duration,
        }
    }
}

impl Default for Config {
    fn default() -> Self {
        Self {
            session_ttl: Duration::hours(8),
            lockout_threshold: 5,
            lockout_window: Duration::minutes(15),
            lockout_duration: Duration::minutes(15),
        }
    }
}

pub struct Services {
    store: Store,
    clock: Clock,
    config: Config,
}

impl Services {
    pub fn new(store: Store, clock: Clock, config: Config) -> Self {
        Self {
            store,
            clock,
            config,
        }
    }

    /// Opens a database that must already be initialised and current.
    pub fn open(url: &DatabaseUrl, config: Config) -> Result<Self, ServiceError> {
        Ok(Self::new(Store::open_current(url)?, system_clock(), config))
    }

    fn now(&self) -> NaiveDateTime {
        (self.clock)()
    }

    /// Checks, without doing anything, that the caller may perform a
    /// collection-level action: lets a client refuse before prompting for
    /// input the caller could not use.
    pub fn ensure<A: Act>(&mut self, token: Option<&SessionToken>) -> Result<(), ServiceError> {
        let actor = self.authenticate(token)?;
        self.authorize::<A>(&actor, Target::Collection, None)
            .map(drop)
    }

    /// Asks the policy; a refusal is logged and written to the audit trail.
    fn authorize<A: Act>(
        &mut self,
        actor: &Actor,
        target: Target,
        subject: Option<i32>,
    ) -> Result<Permit<A>, ServiceError> {
        match policy::authorize::<A>(actor.id(), actor.department(), target, subject) {
            Ok(permit) => Ok(permit),
            Err(denied) => {
                self.audit_refusal(actor, &denied, subject)?;
                Err(denied.into())
            }
        }
    }

    fn audit_refusal(
        &mut self,
        actor: &Actor,
        denied: &policy::Denied,
        subject: Option<i32>,
    ) -> Result<(), ServiceError> {
        tracing::warn!(
            actor = actor.id().0,
            department = %actor.department(),
            action = %denied.action,
            subject,
            "action refused"
        );
        let entry = audit::Entry {
            at: self.now(),
            actor_id: Some(actor.id().0),
            action: denied.action.key(),
            subject: subject.map(|s| s.to_string()),
            outcome: Outcome::Denied,
            detail: Some(denied.to_string()),
        };
        Ok(self.store.write(|c| audit::record(c, &entry))?)
    }

    /// Runs `work` in one write transaction, in which it judges the records
    /// it changes as they are now (see [`records::check`]). A refusal rolls
    /// everything back, then is written to the audit trail.
    fn write_as<T>(
        &mut self,
        actor: &Actor,
        subject: Option<i32>,
        work: impl FnMut(&mut DbConnection) -> Result<T, ServiceError>,
    ) -> Result<T, ServiceError> {
        let outcome = self.store.write(work);
        if let Err(ServiceError::Denied(denied)) = &outcome {
            self.audit_refusal(actor, denied, subject)?;
        }
        outcome
    }
}

/// Writes an `ok` audit entry for a change, inside the change's transaction.
fn record_change(
    conn: &mut DbConnection,
    at: NaiveDateTime,
    actor: &Actor,
    action: policy::Action,
    subject: i32,
    detail: Option<String>,
) -> Result<(), ServiceError> {
    audit::record(
        conn,
        &audit::Entry {
            at,
            actor_id: Some(actor.id().0),
            action: action.key(),
            subject: Some(subject.to_string()),
            outcome: Outcome::Ok,
            detail,
        },
    )?;
    Ok(())
}
