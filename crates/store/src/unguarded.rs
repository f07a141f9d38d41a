//! The writes that need no permit, each for a plain reason:
//!
//! - [`sessions`]: opening a session is what login does before there is an
//!   actor; ending one (logout, revocation) never grants anything.
//! - [`logins`]: counting password checks happens before anyone is
//!   authenticated (management's unlock goes through a permit first).
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
    use crate::{At, DbConnection, StoreError};
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
                sessions::created_at.eq(At(now)),
                sessions::expires_at.eq(At(expires_at)),
                sessions::last_used_at.eq(At(now)),
            ))
            .execute(conn)?;
        Ok(())
    }

    pub fn touch(conn: &mut DbConnection, id: i32, now: NaiveDateTime) -> Result<(), StoreError> {
        diesel::update(sessions::table.find(id))
            .set(sessions::last_used_at.eq(At(now)))
            .execute(conn)?;
        Ok(())
    }

    /// Revokes one session. Returns whether it existed.
    pub fn revoke(conn: &mut DbConnection, token_hash: &str) -> Result<bool, StoreError> {
        // PostgreSQL and MariaDB: no role may name a session by its hash
        // but this function.
        match conn {
            DbConnection::Postgres(pg) => return crate::raw::roles::revoke_session(pg, token_hash),
            DbConnection::Mysql(_) => {
                return crate::raw::mariadb_credentials::revoke_session(conn, token_hash);
            }
            DbConnection::Sqlite(_) => {}
        }
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

    /// Revokes every session of a collaborator but `keep` (the one they
    /// changed their password from). Returns how many there were.
    pub fn revoke_all_but(
        conn: &mut DbConnection,
        collaborator: CollaboratorId,
        keep: i32,
    ) -> Result<usize, StoreError> {
        Ok(diesel::delete(
            sessions::table
                .filter(sessions::collaborator_id.eq(collaborator.0))
                .filter(sessions::id.ne(keep)),
        )
        .execute(conn)?)
    }

    /// Drops sessions past their expiry, and the traces of ended ones, so
    /// that neither table grows forever.
    pub fn purge_expired(conn: &mut DbConnection, now: NaiveDateTime) -> Result<usize, StoreError> {
        use crate::schema::ended_sessions as ended;
        // The traces first: an expired session purged now leaves one, which
        // says "expired" to its holder until the next purge.
        diesel::delete(ended::table.filter(ended::expires_at.le(At(now)))).execute(conn)?;
        Ok(
            diesel::delete(sessions::table.filter(sessions::expires_at.le(At(now))))
                .execute(conn)?,
        )
    }
}

/// Password-check budgets: how many checks an e-mail address has had from
/// one source within the current window.
pub mod logins {
    use chrono::NaiveDateTime;
    use diesel::prelude::*;

    use secrecy::SecretString;

    use crate::collaborators::Lockout;
    use crate::schema::{collaborators, login_attempts as la};
    use crate::{At, DbConnection, StoreError};

    /// The key a budget is kept under: the e-mail address as typed, trimmed
    /// and lower-cased (what `Email` would make of it), cut to an address's
    /// maximum length so that a flood of long strings stays small. Known or
    /// not, every address gets one, so an unknown one behaves like a real one.
    pub fn subject(typed_email: &str) -> String {
        typed_email
            .trim()
            .to_lowercase()
            .chars()
            .take(254)
            .collect()
    }

    /// Takes one password check from the budget of `subject` at `source`,
    /// before the check is made. Returns false when the budget is spent.
    ///
    /// Run inside a write transaction, the read and the write are one atomic
    /// step (SQLite's write lock; PostgreSQL's SERIALIZABLE retries), so no
    /// number of parallel attempts gets more checks than the budget.
    pub fn reserve(
        conn: &mut DbConnection,
        subject: &str,
        source: &str,
        now: NaiveDateTime,
        lockout: Lockout,
    ) -> Result<bool, StoreError> {
        let cutoff = now - lockout.window;
        // Old windows are forgotten, so the table holds one window's worth.
        diesel::delete(la::table.filter(la::window_start.le(At(cutoff)))).execute(conn)?;
        let key = la::table.find((subject, source));
        let spent: Option<i32> = key.select(la::attempts).first(conn).optional()?;
        match spent {
            None => {
                diesel::insert_into(la::table)
                    .values((
                        la::subject.eq(subject),
                        la::source.eq(source),
                        la::attempts.eq(1),
                        la::window_start.eq(At(now)),
                    ))
                    .execute(conn)?;
                Ok(true)
            }
            Some(n) if n < lockout.threshold => {
                diesel::update(key)
                    .set(la::attempts.eq(la::attempts + 1))
                    .execute(conn)?;
                Ok(true)
            }
            Some(_) => Ok(false),
        }
    }

    /// What a budgeted password check found: whether the budget allowed
    /// the check, the account the address names (if any), and its hash,
    /// read only when the check is allowed.
    pub struct Budgeted {
        pub allowed: bool,
        pub account: Option<i32>,
        pub password_hash: Option<SecretString>,
    }

    /// Takes one check from the budget of `subject` at `source` and, in the
    /// same transaction, reads the hash of the account `subject` names (a
    /// lower-cased address) when the check is allowed. The only way to a
    /// password hash: on PostgreSQL and MariaDB both steps are one function
    /// of the database's, which gives out one hash per check.
    pub fn spend_and_read(
        conn: &mut DbConnection,
        subject: &str,
        source: &str,
        now: NaiveDateTime,
        lockout: Lockout,
    ) -> Result<Budgeted, StoreError> {
        if !matches!(conn, DbConnection::Sqlite(_)) {
            return crate::raw::password_check(conn, subject, source, now, lockout);
        }
        let allowed = reserve(conn, subject, source, now, lockout)?;
        let found: Option<(i32, String)> = collaborators::table
            .filter(collaborators::email.eq(subject))
            .select((collaborators::id, collaborators::password_hash))
            .first(conn)
            .optional()?;
        Ok(Budgeted {
            allowed,
            account: found.as_ref().map(|(id, _)| *id),
            password_hash: found
                .filter(|_| allowed)
                .map(|(_, hash)| SecretString::from(hash)),
        })
    }

    /// Gives back the check a correct password used: typing one's password
    /// right costs nothing, but forgives none of the window's failures (a
    /// success among parallel guesses must not hand the guessers new checks).
    pub fn release(conn: &mut DbConnection, subject: &str, source: &str) -> Result<(), StoreError> {
        diesel::update(la::table.find((subject, source)).filter(la::attempts.gt(0)))
            .set(la::attempts.eq(la::attempts - 1))
            .execute(conn)?;
        Ok(())
    }

    /// Forgets every failure counted against `subject`, from everywhere.
    /// Returns whether there were any.
    pub fn forget(conn: &mut DbConnection, subject: &str) -> Result<bool, StoreError> {
        Ok(diesel::delete(la::table.filter(la::subject.eq(subject))).execute(conn)? > 0)
    }
}

/// Appending to the audit trail.
pub mod audit {
    use diesel::prelude::*;

    use crate::audit::Entry;
    use crate::schema::audit_log;
    use crate::{At, DbConnection, StoreError};

    pub fn record(conn: &mut DbConnection, entry: &Entry<'_>) -> Result<(), StoreError> {
        record_all(conn, std::slice::from_ref(entry))
    }

    /// Many entries (an import's), a few statements instead of one each.
    pub fn record_all(conn: &mut DbConnection, entries: &[Entry<'_>]) -> Result<(), StoreError> {
        for block in entries.chunks(crate::records::BLOCK) {
            let rows: Vec<_> = block
                .iter()
                .map(|entry| {
                    (
                        audit_log::at.eq(At(entry.at)),
                        audit_log::actor_id.eq(entry.actor_id),
                        audit_log::action.eq(entry.action),
                        audit_log::subject.eq(entry.subject.as_deref()),
                        audit_log::outcome.eq(entry.outcome.as_str()),
                        audit_log::detail.eq(entry.detail.as_deref()),
                        audit_log::changes.eq(entry.changes.as_deref()),
                        audit_log::record
                            .eq(entry.record.map(epicevents_domain::history::Kind::as_str)),
                    )
                })
                .collect();
            let insert = diesel::insert_into(audit_log::table).values(rows);
            per_backend!(conn, c => insert.execute(c))?;
        }
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
        external_ref: Option<&str>,
        now: NaiveDateTime,
    ) -> Result<EventId, StoreError> {
        events::insert_row(conn, contract, details, support, external_ref, now)
    }
}
