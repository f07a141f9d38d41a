//! Who may write, and what they may write: an [`Actor`] is a collaborator
//! whose session the database vouches for, and a [`Permit`] is the policy's
//! yes for one action of that actor, on one record.
//!
//! Only [`authenticate`] builds an actor (from a live session row), and only
//! an actor obtains a permit. Every store function that changes a record on
//! someone's behalf takes `&Permit<TheAction>` and writes to the record the
//! permit names, so code that skipped the check cannot write. The writes that
//! need no permit are in [`crate::unguarded`].

use std::marker::PhantomData;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use epicevents_domain::policy::{self, Act, CollectionAct, Denied, Owned, RecordAct, Target};
use epicevents_domain::{Collaborator, CollaboratorId, Department};

use crate::schema::{ended_sessions, sessions};
use crate::{DbConnection, StoreError, collaborators};

/// A collaborator acting through a live session, as the database says now.
#[derive(Debug, Clone)]
pub struct Actor {
    record: Collaborator,
    session: SessionRow,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = sessions)]
struct SessionRow {
    id: i32,
    collaborator_id: i32,
    expires_at: NaiveDateTime,
    last_used_at: NaiveDateTime,
}

impl Actor {
    pub fn id(&self) -> CollaboratorId {
        self.record.id
    }

    pub fn department(&self) -> Department {
        self.record.department
    }

    /// The actor's own record, as read with the session.
    pub fn record(&self) -> &Collaborator {
        &self.record
    }

    pub fn session_id(&self) -> i32 {
        self.session.id
    }

    pub fn session_expires_at(&self) -> NaiveDateTime {
        self.session.expires_at
    }

    pub fn session_last_used_at(&self) -> NaiveDateTime {
        self.session.last_used_at
    }

    /// Asks the policy for action `A`, on a whole collection.
    pub fn permit<A: CollectionAct>(&self) -> Result<Permit<A>, Denied> {
        policy::decide(self.department(), A::ACTION, Target::Collection)?;
        Ok(Permit {
            subject: (),
            _action: PhantomData,
        })
    }

    /// Asks the policy for action `A` on the record read with id `id` (or on
    /// its absence, which counts as somebody else's record).
    pub fn permit_on<A: RecordAct, R: Owned>(
        &self,
        found: Option<&R>,
        id: i32,
    ) -> Result<Permit<A>, Denied> {
        let relation = policy::relation(self.id(), found);
        policy::decide(self.department(), A::ACTION, Target::Record(relation))?;
        Ok(Permit {
            subject: id,
            _action: PhantomData,
        })
    }
}

/// Proof that an actor passed the check for action `A`: on a collection, or
/// on the one record it names.
///
/// Deliberately neither `Clone` nor `Copy`, and it names its subject, so it
/// cannot be reused on another record.
#[derive(Debug)]
pub struct Permit<A: Act> {
    subject: A::Subject,
    _action: PhantomData<A>,
}

impl<A: RecordAct> Permit<A> {
    /// The record the permit was granted on.
    pub(crate) fn record(&self) -> i32 {
        self.subject
    }
}

/// What a session token hash stands for now.
#[derive(Debug)]
pub enum Verdict {
    Live(Box<Actor>),
    /// The session exists but ended at this time; its row should go.
    Expired,
    /// The session ended before its time: logged out, revoked, its
    /// collaborator deactivated or gone.
    Ended,
    /// No session ever had this token (or its end is long past).
    Unknown,
}

/// Reads the session a token hash names and the collaborator behind it.
/// A read only: deleting an expired session is the caller's choice.
pub fn authenticate(
    conn: &mut DbConnection,
    token_hash: &str,
    now: NaiveDateTime,
) -> Result<Verdict, StoreError> {
    judge(conn, token_hash, now, None)
}

/// As [`authenticate`], and on PostgreSQL acting already, to the end of the
/// transaction, as the department role `roles` names for the actor (sales,
/// support, management): what [`crate::Store::act_as`] does after, in the
/// same statement. Other backends read as `authenticate` does.
pub(crate) fn judge(
    conn: &mut DbConnection,
    token_hash: &str,
    now: NaiveDateTime,
    roles: Option<[&str; 3]>,
) -> Result<Verdict, StoreError> {
    // On PostgreSQL and MariaDB, through the one function that finds a
    // session by its hash: no role may read the hashes themselves.
    let row = |s: crate::raw::roles::FoundSession| SessionRow {
        id: s.id,
        collaborator_id: s.collaborator_id,
        expires_at: s.expires_at,
        last_used_at: s.last_used_at,
    };
    // On PostgreSQL the collaborator comes with the session, in one
    // statement; elsewhere it is read after, once the session is live.
    let (found, known) = match conn {
        DbConnection::Postgres(pg) => match roles {
            Some(roles) => crate::raw::roles::session_and_actor_as(pg, token_hash, roles)?,
            None => crate::raw::roles::session_and_actor(pg, token_hash)?,
        }
        .map_or((None, None), |f| {
            let record = collaborators::Row {
                id: f.session.collaborator_id,
                full_name: f.full_name,
                email: f.email,
                department: f.department,
                created_at: f.created_at,
                updated_at: f.updated_at,
                deactivated_at: f.deactivated_at,
            };
            (Some(row(f.session)), Some(record))
        }),
        DbConnection::Mysql(_) => (
            crate::raw::mariadb_credentials::session(conn, token_hash)?.map(row),
            None,
        ),
        DbConnection::Sqlite(_) => (
            sessions::table
                .filter(sessions::token_hash.eq(token_hash))
                .select(SessionRow::as_select())
                .first(conn)
                .optional()?,
            None,
        ),
    };
    let Some(session) = found else {
        let ended = match conn {
            DbConnection::Sqlite(_) => ended_sessions::table
                .find(token_hash)
                .select(ended_sessions::expires_at)
                .first::<NaiveDateTime>(conn)
                .optional()?,
            _ => crate::raw::ended_session(conn, token_hash)?,
        };
        return Ok(match ended {
            Some(expires_at) if expires_at <= now => Verdict::Expired,
            Some(_) => Verdict::Ended,
            None => Verdict::Unknown,
        });
    };
    if session.expires_at <= now {
        return Ok(Verdict::Expired);
    }
    let record = match known {
        Some(row) => Some(row.into_domain()?),
        None => collaborators::get(conn, CollaboratorId(session.collaborator_id))?,
    };
    let Some(record) = record else {
        return Ok(Verdict::Ended);
    };
    // Deactivating ends an account's sessions; this holds even for one
    // begun in the same instant.
    if record.deactivated_at.is_some() {
        return Ok(Verdict::Ended);
    }
    Ok(Verdict::Live(Box::new(Actor { record, session })))
}
