//! The use cases. Each one: resolve the actor from the session → ask the
//! policy → validate → write in one transaction → record history.
//!
//! [`Services`] is cheap to clone and shared by every request: each call
//! takes its own connection from the store's pool. Callers pass raw values
//! and a session token, and get domain values or a [`ServiceError`] back.
//! The command line reaches them through [`Crm`], in-process ([`Local`]) or
//! over HTTP; the server calls them directly.

mod api;
mod archive;
mod auth;
mod bookkeeping;
mod clients;
mod collaborators;
mod contracts;
mod demo;
mod error;
mod events;
mod handover;
mod history;
mod import;
mod leaving;
mod local;
mod mailing;
mod notify;
pub(crate) mod passwords;
mod payments;
mod records;
pub mod setup;
mod staffing;

use std::sync::Arc;

use chrono::{Duration, NaiveDateTime, Timelike, Utc};

pub use api::reported;
pub use auth::LOCAL_SOURCE;
pub use epicevents_api::{
    ApiError, CellError, ClientChanges, ClientQuery, CollaboratorQuery, ContractChanges,
    ContractQuery, CreatedClient, CreatedContract, Crm, ErrorKind, EventChanges, EventQuery,
    HandedOver, Handover, ImportOutcome, ImportReport, ImportRequest, ImportedEvent, InboxRequest,
    LoginOutcome, LoginRequest, LoginResponse, LogoutResponse, NewClient, NewCollaborator,
    NewContract, NewEvent, NewPayment, PasswordChange, PasswordChanged, SessionToken, SheetCell,
    SheetEvent, SignOutcome, SupportAssignment, TrailQuery, Unlocked, Unread, UpdateCollaborator,
    Updated, WhoAmI, limits,
};
pub use epicevents_domain::{Listing, Page};
pub use epicevents_store::outbox::Mail;
pub use epicevents_store::{DatabaseUrl, PoolSize, StoreError};
pub use error::{AuthError, Conflict, ServiceError};
pub use local::Local;

use bookkeeping::Chore;
use epicevents_domain::history::{Change, Kind};
use epicevents_domain::policy::{self, CollectionAct, Target};
use epicevents_store::access::{Actor, Permit};
use epicevents_store::audit::{Entry, Outcome};
use epicevents_store::unguarded::audit;
use epicevents_store::{DbConnection, Store};

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

/// The rules a deployment chooses. On a server they are the server's alone.
#[derive(Debug, Clone)]
pub struct Config {
    /// How long a session lasts from login, whatever its use.
    pub session_ttl: Duration,
    /// Password checks one e-mail address gets from one source (an address
    /// on the server, this machine in local mode) within `lockout_window`.
    pub lockout_threshold: i32,
    pub lockout_window: Duration,
    /// Where a phone number typed without its country code is (France by
    /// default; `EPICEVENTS_PHONE_REGION`).
    pub phone_region: epicevents_domain::Region,
    /// Whether notifications are also queued as e-mails (the server has an
    /// SMTP relay, `EPICEVENTS_SMTP_URL`).
    pub mail: bool,
}

impl Config {
    fn lockout(&self) -> epicevents_store::collaborators::Lockout {
        epicevents_store::collaborators::Lockout {
            threshold: self.lockout_threshold,
            window: self.lockout_window,
        }
    }
}

impl Default for Config {
    fn default() -> Self {
        Self {
            session_ttl: Duration::hours(8),
            lockout_threshold: 5,
            lockout_window: Duration::minutes(15),
            phone_region: Default::default(),
            mail: false,
        }
    }
}

#[derive(Clone)]
pub struct Services {
    store: Store,
    clock: Clock,
    config: Arc<Config>,
    bookkeeping: bookkeeping::Bookkeeping,
}

impl Services {
    pub fn new(store: Store, clock: Clock, config: Config) -> Self {
        Self {
            store,
            clock,
            config: Arc::new(config),
            bookkeeping: Default::default(),
        }
    }

    /// What reads leave to write (a session's last use, a refusal's audit
    /// entry) goes to a writer thread of its own from now on: for a server,
    /// whose reads then never write inside a request. Call
    /// [`Self::finish_bookkeeping`] at the end.
    pub fn with_deferred_bookkeeping(mut self) -> Self {
        self.bookkeeping = bookkeeping::Bookkeeping::deferred(self.store.clone());
        self
    }

    /// Waits until what reads left to write so far is written.
    pub fn flush_bookkeeping(&self) {
        self.bookkeeping.flush();
    }

    /// Writes what reads left to write, and stops the writer.
    pub fn finish_bookkeeping(&self) {
        self.bookkeeping.finish();
    }

    /// Opens a database that must already be initialised and current.
    pub fn open(url: &DatabaseUrl, config: Config) -> Result<Self, ServiceError> {
        Self::open_with(url, config, PoolSize::default())
    }

    /// The same, with a pool sized for a server.
    pub fn open_with(
        url: &DatabaseUrl,
        config: Config,
        pool: PoolSize,
    ) -> Result<Self, ServiceError> {
        let store = Store::open_current_with(url, pool)?;
        Ok(Self::new(store, system_clock(), config))
    }

    /// How many connections the database pool opens at most.
    pub fn pool_size(&self) -> u32 {
        self.store.pool_size()
    }

    /// The database pool's connections now, for the server's metrics.
    pub fn pool_state(&self) -> epicevents_store::PoolState {
        self.store.pool_state()
    }

    /// Whether the database answers and its schema is the expected one.
    pub fn ready(&self) -> Result<(), ServiceError> {
        Ok(self.store.ensure_current()?)
    }

    fn now(&self) -> NaiveDateTime {
        (self.clock)()
    }

    /// Checks, without doing anything, that the caller may perform a
    /// collection-level action: lets a client refuse before prompting for
    /// input the caller could not use.
    pub fn ensure(
        &self,
        token: Option<&SessionToken>,
        action: policy::Action,
    ) -> Result<(), ServiceError> {
        let actor = self.authenticate(token)?;
        if action.on_record() {
            return Err(epicevents_domain::ValidationError::new(
                "action",
                "must be an action on a whole collection, such as collaborator.create",
            )
            .into());
        }
        match policy::decide(actor.department(), action, Target::Collection) {
            Ok(()) => Ok(()),
            Err(denied) => {
                self.audit_refusal(&actor, &denied, None)?;
                Err(denied.into())
            }
        }
    }

    /// Asks the policy for an action on a whole collection; a refusal is
    /// logged and written to the audit trail.
    fn authorize<A: CollectionAct>(&self, actor: &Actor) -> Result<Permit<A>, ServiceError> {
        match actor.permit::<A>() {
            Ok(permit) => Ok(permit),
            Err(denied) => {
                self.audit_refusal(actor, &denied, None)?;
                Err(denied.into())
            }
        }
    }

    fn audit_refusal(
        &self,
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
        let entry = Entry {
            at: self.now(),
            actor_id: Some(actor.id().0),
            action: denied.action.key(),
            subject: subject.map(|s| s.to_string()),
            outcome: Outcome::Denied,
            detail: Some(denied.to_string()),
            changes: None,
            record: None,
        };
        Ok(self.bookkeeping.write(&self.store, Chore::Audit(entry))?)
    }

    /// Records that a permitted action failed for a reason worth auditing
    /// (a wrong current password).
    fn audit_failure(
        &self,
        actor: &Actor,
        action: policy::Action,
        subject: i32,
        detail: &str,
    ) -> Result<(), ServiceError> {
        let entry = Entry {
            at: self.now(),
            actor_id: Some(actor.id().0),
            action: action.key(),
            subject: Some(subject.to_string()),
            outcome: Outcome::Failed,
            detail: Some(detail.to_owned()),
            changes: None,
            record: None,
        };
        Ok(self.store.write(|c| audit::record(c, &entry))?)
    }

    /// Runs `work` in one write transaction, in which it judges the records
    /// it changes as they are now (see [`Actor::permit_on`]). A refusal rolls
    /// everything back, then is written to the audit trail.
    fn write_as<T>(
        &self,
        actor: &Actor,
        subject: Option<i32>,
        work: impl FnMut(&mut DbConnection) -> Result<T, ServiceError>,
    ) -> Result<T, ServiceError> {
        self.audited(actor, subject, self.write_acting(actor, work))
    }

    /// `outcome`, its refusal (if it is one) written to the audit trail.
    fn audited<T>(
        &self,
        actor: &Actor,
        subject: Option<i32>,
        outcome: Result<T, ServiceError>,
    ) -> Result<T, ServiceError> {
        if let Err(ServiceError::Denied(denied)) = &outcome {
            self.audit_refusal(actor, denied, subject)?;
        }
        outcome
    }
}

impl Services {
    /// Runs `work` in one write transaction in which the database, too,
    /// judges each statement as the actor (see `Store::act_as`).
    fn write_acting<T>(
        &self,
        actor: &Actor,
        mut work: impl FnMut(&mut DbConnection) -> Result<T, ServiceError>,
    ) -> Result<T, ServiceError> {
        self.store.write(|c| {
            self.store.act_as(c, actor)?;
            work(c)
        })
    }
}

/// Writes an `ok` audit entry for a change, inside the change's
/// transaction, with the fields it changed (none for a creation).
#[allow(clippy::expect_used, reason = "the changes are plain strings")]
fn record_change(
    conn: &mut DbConnection,
    at: NaiveDateTime,
    actor: &Actor,
    action: policy::Action,
    subject: i32,
    detail: Option<String>,
    changes: &[Change],
) -> Result<(), ServiceError> {
    let changes = (!changes.is_empty()).then(|| {
        serde_json::to_string(changes).expect("changes are plain data and always serialise")
    });
    audit::record(
        conn,
        &Entry {
            at,
            actor_id: Some(actor.id().0),
            action: action.key(),
            subject: Some(subject.to_string()),
            outcome: Outcome::Ok,
            detail,
            changes,
            record: Kind::parse(action.noun()),
        },
    )?;
    Ok(())
}
