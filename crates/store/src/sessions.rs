//! Server-side sessions. Only a hash of each token is stored, so a copy of
//! the database does not let anyone log in.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::sessions;
use super::{DbConnection, StoreError};
use epicevents_domain::CollaboratorId;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = sessions)]
pub struct Session {
    pub id: i32,
    pub collaborator_id: i32,
    pub created_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
    pub last_used_at: NaiveDateTime,
}

pub fn insert(
    conn: &mut DbConnection,
    collaborator: CollaboratorId,
    token_hash: &str,
    now: NaiveDateTime,
    expires_at: NaiveDateTime,
) -> Result<Session, StoreError> {
    let id: i32 = diesel::insert_into(sessions::table)
        .values((
            sessions::collaborator_id.eq(collaborator.0),
            sessions::token_hash.eq(token_hash),
            sessions::created_at.eq(now),
            sessions::expires_at.eq(expires_at),
            sessions::last_used_at.eq(now),
        ))
        .returning(sessions::id)
        .get_result(conn)?;
    Ok(sessions::table
        .find(id)
        .select(Session::as_select())
        .first(conn)?)
}

/// The session a token hash names, expired or not (the caller decides).
pub fn by_token_hash(
    conn: &mut DbConnection,
    token_hash: &str,
) -> Result<Option<Session>, StoreError> {
    Ok(sessions::table
        .filter(sessions::token_hash.eq(token_hash))
        .select(Session::as_select())
        .first(conn)
        .optional()?)
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
