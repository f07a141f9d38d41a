//! MariaDB's way to credentials: through the `SQL SECURITY DEFINER`
//! functions of migration 11, so that no role reads a token hash or a
//! password hash. Every token and e-mail is a bound value.

use diesel::prelude::*;
use diesel::sql_types::{Integer, Nullable, Text};

use super::DbConnection;
use super::mariadb_roles::mysql;
use super::roles::{Answer, FoundCredentials, FoundSession};
use crate::StoreError;

pub fn session(
    conn: &mut DbConnection,
    token_hash: &str,
) -> Result<Option<FoundSession>, StoreError> {
    // The id is computed once, as a one-row derived table; in a WHERE
    // clause the function would be called for every row.
    Ok(diesel::sql_query(
        "SELECT s.id, s.collaborator_id, s.expires_at, s.last_used_at \
         FROM (SELECT epicevents_session_id(?) AS found) AS f JOIN sessions s ON s.id = f.found",
    )
    .bind::<Text, _>(token_hash)
    .get_result(mysql(conn)?)
    .optional()?)
}

pub fn revoke_session(conn: &mut DbConnection, token_hash: &str) -> Result<bool, StoreError> {
    let answer: Answer = diesel::sql_query("SELECT epicevents_revoke_session(?) AS answer")
        .bind::<Text, _>(token_hash)
        .get_result(mysql(conn)?)?;
    Ok(answer.answer)
}

#[derive(QueryableByName)]
struct MaybeCredentials {
    #[diesel(sql_type = Integer)]
    id: i32,
    #[diesel(sql_type = Text)]
    email: String,
    #[diesel(sql_type = Nullable<Text>)]
    password_hash: Option<String>,
}

fn credentials(found: Option<MaybeCredentials>) -> Option<FoundCredentials> {
    let found = found?;
    Some(FoundCredentials {
        id: found.id,
        email: found.email,
        password_hash: found.password_hash?,
    })
}

pub fn credentials_by_email(
    conn: &mut DbConnection,
    email: &str,
) -> Result<Option<FoundCredentials>, StoreError> {
    let found = diesel::sql_query(
        "SELECT id, email, epicevents_password_hash(id) AS password_hash \
         FROM collaborators WHERE email = ?",
    )
    .bind::<Text, _>(email)
    .get_result(mysql(conn)?)
    .optional()?;
    Ok(credentials(found))
}

pub fn credentials_of(
    conn: &mut DbConnection,
    id: i32,
) -> Result<Option<FoundCredentials>, StoreError> {
    let found = diesel::sql_query(
        "SELECT id, email, epicevents_password_hash(id) AS password_hash \
         FROM collaborators WHERE id = ?",
    )
    .bind::<Integer, _>(id)
    .get_result(mysql(conn)?)
    .optional()?;
    Ok(credentials(found))
}
