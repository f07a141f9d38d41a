//! PostgreSQL's roles for an installation: created and granted by functions
//! the migrations define (`epicevents_create_roles`,
//! `epicevents_apply_privileges`), which quote every name themselves. Here
//! the prefix and the password are bound values, never SQL text.

use diesel::PgConnection;
use diesel::prelude::*;
use diesel::sql_types::{Bool, Integer, Nullable, Text};

use super::DbConnection;
use crate::StoreError;

#[derive(QueryableByName)]
struct Answer {
    #[diesel(sql_type = Bool)]
    answer: bool,
}

#[derive(QueryableByName)]
struct Name {
    #[diesel(sql_type = Text)]
    name: String,
}

fn postgres(conn: &mut DbConnection) -> Result<&mut PgConnection, StoreError> {
    match conn {
        DbConnection::Postgres(pg) => Ok(pg),
        DbConnection::Sqlite(_) => Err(StoreError::Migration(
            "database roles exist on PostgreSQL only".into(),
        )),
    }
}

/// Whether the connected account may create roles (a superuser, or a role
/// with CREATEROLE).
pub fn may_create_roles(conn: &mut DbConnection) -> Result<bool, StoreError> {
    let answer: Answer = diesel::sql_query(
        "SELECT rolsuper OR rolcreaterole AS answer FROM pg_roles WHERE rolname = current_user",
    )
    .get_result(postgres(conn)?)?;
    Ok(answer.answer)
}

/// The name of the connected database.
pub fn database_name(conn: &mut DbConnection) -> Result<String, StoreError> {
    let name: Name =
        diesel::sql_query("SELECT current_database() AS name").get_result(postgres(conn)?)?;
    Ok(name.name)
}

/// Creates the roles that `prefix` names and that do not exist yet; the
/// server's login role gets `server_password` (none: the administrator
/// chose certificate or peer authentication). True when the login role was
/// created now.
pub fn create(
    conn: &mut DbConnection,
    prefix: &str,
    server_password: Option<&str>,
) -> Result<bool, StoreError> {
    let answer: Answer = diesel::sql_query("SELECT epicevents_create_roles($1, $2) AS answer")
        .bind::<Text, _>(prefix)
        .bind::<Nullable<Text>, _>(server_password)
        .get_result(postgres(conn)?)?;
    Ok(answer.answer)
}

/// Gives the schema to the owner role and applies every grant and policy.
pub fn apply_privileges(conn: &mut DbConnection, prefix: &str) -> Result<(), StoreError> {
    diesel::sql_query("SELECT epicevents_apply_privileges($1)::text AS name")
        .bind::<Text, _>(prefix)
        .execute(postgres(conn)?)?;
    Ok(())
}

/// From here to the end of the transaction, acts as `role` for collaborator
/// `actor`: what the database allows is that role's grants and policies.
pub fn assume(conn: &mut DbConnection, role: &str, actor: i32) -> Result<(), StoreError> {
    diesel::sql_query(
        "SELECT set_config('role', $1, true) || set_config('epicevents.actor_id', $2::text, true) AS name",
    )
    .bind::<Text, _>(role)
    .bind::<Integer, _>(actor)
    .execute(postgres(conn)?)?;
    Ok(())
}

/// Drops the roles of a test installation (after its database is gone,
/// when they own and are granted nothing any more).
pub fn drop_test_roles(server_url: &str, prefix: &str) -> Result<(), StoreError> {
    let prefix = super::checked_test_db_name(prefix)?;
    let mut conn = super::connect_server(server_url)?;
    for part in ["server", "sales", "support", "management", "owner"] {
        // The name is a checked test database name and a constant.
        diesel::sql_query(format!("DROP ROLE IF EXISTS \"{prefix}_{part}\"")).execute(&mut conn)?;
    }
    Ok(())
}

/// The SQL a superuser runs when the account `init` ran as cannot create
/// roles. The prefix and the password are checked to hold only characters
/// that need no quoting before they are written into it.
pub fn script(prefix: &str, server_password: Option<&str>) -> Result<String, StoreError> {
    if !crate::roles::valid_prefix(prefix) {
        return Err(StoreError::BadRolePrefix(prefix.to_owned()));
    }
    let password = match server_password {
        Some(p) if p.chars().all(|c| c.is_ascii_alphanumeric()) => format!("'{p}'"),
        Some(_) => {
            return Err(StoreError::Migration(
                "a generated password must be alphanumeric".into(),
            ));
        }
        None => "NULL".to_owned(),
    };
    Ok(format!(
        "-- EpicEvents: the database roles of this installation. Run as a PostgreSQL\n\
         -- superuser (or a role with CREATEROLE) on this database, then `epicevents init`\n\
         -- again. The password below is the server's: keep this file private, and\n\
         -- delete it once run.\n\
         BEGIN;\n\
         SELECT epicevents_create_roles('{prefix}', {password});\n\
         SELECT epicevents_apply_privileges('{prefix}');\n\
         COMMIT;\n"
    ))
}
