//! The writes that need no permit, each for a plain reason:
//!
//! - [`sessions`]: opening a session is what login does before there is an
//!   actor; ending one (logout, revocation) never grants anything.
//! - [`logins`]: counting failed logins happens before anyone is authenticated.
//! - [`audit`]: the trail records refusals too, which by definition had no permit.
//! - [`setup`]: `init` creates the first accounts and the demo records of an
//!   empty database, when nobody exists who could hold a permit.
//!
//! Everything else that changes a record takes the policy's permit (see
//! [`crate::access`]).

/// Server-side sessions. Only a hash of each token is stored, so a copy of
/// the database does not let anyone log in.
pub mod sessions {
    use chrono::NaiveDateTime;
    use diesel::prelude::*;

    use crate::schema::sessions;
    use crate::{DbConnection, StoreError};
    use epicevents_domain::CollaboratorId;

    pub fn insert(
        conn: &mut DbConnection,
        collaborator: CollaboratorId,
        token_hash: &str,
        now: NaiveDateTime,
        expires_at: NaiveDateTime,
    ) -> Result<(), StoreError> {
        diesel::insert_into(sessions::table)
            .values((
                sessions::collaborator_id.eq(collaborator.0),
                sessions::token_hash.eq(token_hash),
                sessions::created_at.eq(now),
                sessions::expires_at.eq(expires_at),
                sessions::last_used_at.eq(now),
            ))
            .execute(conn)?;
        Ok(())
    }

    pub fn touch(conn: &mut DbConnection, id: i32, now: NaiveDateTime) -> Result<(), StoreError> {
        diesel::update(sessions::table.find(id))
            .set(sessions::last_used_at.eq(now))
            .execute(conn)?;
        Ok(())
    }

    /// Revokes one session. Returns whether it existed.
    pub fn revoke(conn: &mut DbConnection, token_hash: &str) -> Result<bool, StoreError> {
        let n = diesel::delete(sessions::table.filter(sessions::token_hash.eq(token_hash)))
            .execute(conn)?;
        Ok(n > 0)
    }

    /// Revokes every session of a collaborator. Returns how many there were.
    pub fn revoke_all(
        conn: &mut DbConnection,
        collaborator: CollaboratorId,
    ) -> Result<usize, StoreError> {
        Ok(
            diesel::delete(sessions::table.filter(sessions::collaborator_id.eq(collaborator.0)))
                .execute(conn)?,
        )
    }

    /// Drops sessions past their expiry, so the table does not grow forever.
    pub fn purge_expired(conn: &mut DbConnection, now: NaiveDateTime) -> Result<usize, StoreError> {
        Ok(diesel::delete(sessions::table.filter(sessions::expires_at.le(now))).execute(conn)?)
    }
}

/// Failed-login counters and the lock they set.
pub mod logins {
    use chrono::NaiveDateTime;
    use diesel::prelude::*;

    use crate::collaborators::Lockout;
    use crate::schema::collaborators::dsl as c;
    use crate::{DbConnection, StoreError};

    /// Counts one failed login and locks the account once the threshold is
    /// reached within the window. Returns whether the account is now locked.
    ///
    /// Each step is a single conditional UPDATE, so concurrent failures are all
    /// counted: the database serialises updates of one row, where a
    /// read-then-write would let parallel guesses overwrite each other's count.
    pub fn record_failure(
        conn: &mut DbConnection,
        id: i32,
        now: NaiveDateTime,
        lockout: Lockout,
    ) -> Result<bool, StoreError> {
        let cutoff = now - lockout.window;
        let restarted = diesel::update(
            c::collaborators.find(id).filter(
                c::first_failed_at
                    .is_null()
                    .or(c::first_failed_at.le(cutoff)),
            ),
        )
        .set((c::failed_logins.eq(1), c::first_failed_at.eq(now)))
        .execute(conn)?;
        if restarted == 0 {
            diesel::update(c::collaborators.find(id))
                .set(c::failed_logins.eq(c::failed_logins + 1))
                .execute(conn)?;
        }
        let locked = diesel::update(
            c::collaborators
                .find(id)
                .filter(c::failed_logins.ge(lockout.threshold)),
        )
        .set((
            c::locked_until.eq(now + lockout.duration),
            c::failed_logins.eq(0),
            c::first_failed_at.eq(None::<NaiveDateTime>),
        ))
        .execute(conn)?;
        Ok(locked > 0)
    }

    /// Forgets past failures and any lock, after a successful login.
    pub fn clear(conn: &mut DbConnection, id: i32) -> Result<(), StoreError> {
        diesel::update(c::collaborators.find(id))
            .set((
                c::failed_logins.eq(0),
                c::first_failed_at.eq(None::<NaiveDateTime>),
                c::locked_until.eq(None::<NaiveDateTime>),
            ))
            .execute(conn)?;
        Ok(())
    }
}

/// Appending to the audit trail.
pub mod audit {
    use diesel::prelude::*;

    use crate::audit::Entry;
    use crate::schema::audit_log;
    use crate::{DbConnection, StoreError};

    pub fn record(conn: &mut DbConnection, entry: &Entry<'_>) -> Result<(), StoreError> {
        diesel::insert_into(audit_log::table)
            .values((
                audit_log::at.eq(entry.at),
                audit_log::actor_id.eq(entry.actor_id),
                audit_log::action.eq(entry.action),
                audit_log::subject.eq(entry.subject.as_deref()),
                audit_log::outcome.eq(entry.outcome.as_str()),
                audit_log::detail.eq(entry.detail.as_deref()),
            ))
            .execute(conn)?;
        Ok(())
    }
}

/// What `init` writes into an empty database.
pub mod setup {
    use chrono::NaiveDateTime;

    use crate::collaborators::{self, NewAccount};
    use crate::events::Details;
    use crate::{DbConnection, StoreError, clients, contracts, events};
    use epicevents_domain::{ClientId, Collaborator, CollaboratorId, ContractId, EventId};

    /// Creates the first accounts. Refuses if any account exists, so it can
    /// never be used to slip a second "first" account in.
    pub fn first_accounts(
        conn: &mut DbConnection,
        accounts: &[NewAccount<'_>],
        now: NaiveDateTime,
    ) -> Result<Vec<Collaborator>, StoreError> {
        if collaborators::count(conn, None)? > 0 {
            return Err(StoreError::AlreadyInitialised);
        }
        accounts
            .iter()
            .map(|a| collaborators::insert_row(conn, a, now))
            .collect()
    }

    /// A demo client (the caller checked that there are none yet).
    pub fn client(
        conn: &mut DbConnection,
        new: &clients::NewClient<'_>,
        last_contact: NaiveDateTime,
    ) -> Result<ClientId, StoreError> {
        let id = clients::insert_row(conn, new)?;
        clients::set_updated_at(conn, id, last_contact)?;
        Ok(id)
    }

    pub fn contract(
        conn: &mut DbConnection,
        new: &contracts::NewContract,
    ) -> Result<ContractId, StoreError> {
        contracts::insert_row(conn, new)
    }

    pub fn event(
        conn: &mut DbConnection,
        contract: ContractId,
        details: &Details<'_>,
        support: Option<CollaboratorId>,
        now: NaiveDateTime,
    ) -> Result<EventId, StoreError> {
        events::insert_row(conn, contract, details, support, now)
    }
}
