//! MariaDB's way to credentials: through the `SQL SECURITY DEFINER`
//! functions of migration 11, so that no role reads a token hash or a
//! password hash. Every token and e-mail is a bound value.

use diesel::prelude::*;
use diesel::sql_types::{Integer, Text};

use super::DbConnection;
use super::mariadb_roles::mysql;
use super::roles::{Answer, FoundSession};
use crate::StoreError;
use crate::collaborators::Lockout;
use crate::unguarded::logins::Budgeted;

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
struct Checked {
    #[diesel(sql_type = Text)]
    answer: String,
}

/// One budgeted password check, through the one function that gives out a
/// hash (migration 16), which answers "allowed account hash".
pub(super) fn password_check(
    conn: &mut DbConnection,
    subject: &str,
    source: &str,
    now: chrono::NaiveDateTime,
    lockout: Lockout,
) -> Result<Budgeted, StoreError> {
    let found: Checked =
        diesel::sql_query("SELECT epicevents_password_check(?, ?, ?, ?, ?) AS answer")
            .bind::<Text, _>(subject)
            .bind::<Text, _>(source)
            .bind::<crate::UtcTime, _>(crate::At(now))
            .bind::<crate::UtcTime, _>(crate::At(now - lockout.window))
            .bind::<Integer, _>(lockout.threshold)
            .get_result(mysql(conn)?)?;
    let mut parts = found.answer.splitn(3, ' ');
    let (allowed, account, hash) = (parts.next(), parts.next(), parts.next());
    let malformed =
        || StoreError::Migration("epicevents_password_check answered out of form".into());
    let account = match account.ok_or_else(malformed)? {
        "" => None,
        id => Some(id.parse().map_err(|_| malformed())?),
    };
    Ok(Budgeted {
        allowed: allowed == Some("1"),
        account,
        password_hash: hash.filter(|h| !h.is_empty()).map(|h| h.to_owned().into()),
    })
}
