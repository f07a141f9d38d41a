//! PostgreSQL's roles for an installation: created and granted by functions
//! the migrations define (`epicevents_create_roles`,
//! `epicevents_apply_privileges`, and `epicevents_grant` for each row of
//! [`crate::privileges::GRANTS`]), which quote every name themselves. Here
//! the prefix, the grants, the password and every token or e-mail are
//! bound values.
//! Two places write text: the superuser's script (from a checked prefix and
//! a generated password, both of characters that need no quoting) and the
//! test helpers (from checked test database names).

use diesel::PgConnection;
use diesel::prelude::*;
use diesel::sql_types::{Array, Bool, Integer, Nullable, Text};

use super::DbConnection;
use super::prepared::prepared;
use crate::StoreError;
use crate::privileges::{GRANTS, Role};
use crate::unguarded::logins::Budgeted;

#[derive(QueryableByName)]
pub(super) struct Answer {
    #[diesel(sql_type = Bool)]
    pub(super) answer: bool,
}

#[derive(QueryableByName)]
pub(super) struct Name {
    #[diesel(sql_type = Text)]
    pub(super) name: String,
}

fn postgres(conn: &mut DbConnection) -> Result<&mut PgConnection, StoreError> {
    match conn {
        DbConnection::Postgres(pg) => Ok(pg),
        DbConnection::Sqlite(_) | DbConnection::Mysql(_) => Err(StoreError::Migration(
            "database roles exist on PostgreSQL only".into(),
        )),
    }
}

/// Whether the installation's roles exist and the connected account may act
/// as their owner: then it can re-apply the grants without creating roles.
pub fn installed(conn: &mut DbConnection, prefix: &str) -> Result<bool, StoreError> {
    let answer: Answer = diesel::sql_query(
        "SELECT count(*) = 2 AND bool_and(pg_has_role(current_user, $1, 'MEMBER')) AS answer \
         FROM pg_roles WHERE rolname IN ($1, $2)",
    )
    .bind::<Text, _>(format!("{prefix}_owner"))
    .bind::<Text, _>(format!("{prefix}_server"))
    .get_result(postgres(conn)?)?;
    Ok(answer.answer)
}

/// The account this connection logged in as.
pub fn current_user(conn: &mut DbConnection) -> Result<String, StoreError> {
    let name: Name =
        diesel::sql_query("SELECT current_user::text AS name").get_result(postgres(conn)?)?;
    Ok(name.name)
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
    diesel::sql_query("SELECT epicevents_create_import_role($1)::text AS name")
        .bind::<Text, _>(prefix)
        .execute(postgres(conn)?)?;
    Ok(answer.answer)
}

/// Gives the schema to the owner role and applies every policy, then every
/// grant of [`crate::privileges::GRANTS`], each as bound values.
pub fn apply_privileges(conn: &mut DbConnection, prefix: &str) -> Result<(), StoreError> {
    let pg = postgres(conn)?;
    diesel::sql_query("SELECT epicevents_apply_privileges($1)::text AS name")
        .bind::<Text, _>(prefix)
        .execute(pg)?;
    for grant in GRANTS {
        diesel::sql_query("SELECT epicevents_grant($1, $2, $3, $4, $5)::text AS name")
            .bind::<Text, _>(prefix)
            .bind::<Text, _>(grant.verb.sql())
            .bind::<Text, _>(grant.table)
            .bind::<Nullable<Array<Text>>, _>(grant.columns)
            .bind::<Array<Text>, _>(parts(grant.to))
            .execute(pg)?;
    }
    Ok(())
}

/// The parts of role names a grant goes to.
fn parts(roles: &[Role]) -> Vec<&'static str> {
    roles.iter().map(|&r| part(r)).collect()
}

pub(super) fn part(role: Role) -> &'static str {
    match role {
        Role::Server => "server",
        Role::Sales => "sales",
        Role::Support => "support",
        Role::Management => "management",
        Role::Import => "import",
    }
}

/// `names` as an SQL array of string literals, for the superuser's script:
/// the table's names are lower-case letters and `_` only (its tests check).
fn literal_array(names: &[&str]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("'{n}'")).collect();
    format!("ARRAY[{}]::text[]", quoted.join(", "))
}

/// From here to the end of the transaction, acts as `role` for collaborator
/// `actor`: what the database allows is that role's grants and policies.
/// On MariaDB, until the next [`super::mariadb_roles::leave`].
pub fn assume(conn: &mut DbConnection, role: &str, actor: i32) -> Result<(), StoreError> {
    if let DbConnection::Mysql(_) = conn {
        return super::mariadb_roles::assume(conn, role, actor);
    }
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
#[cfg(feature = "test-support")]
pub fn drop_test_roles(server_url: &str, prefix: &str) -> Result<(), StoreError> {
    if server_url.starts_with("mysql://") {
        return super::mariadb_roles::drop_test_roles(server_url, prefix);
    }
    let prefix = super::test_databases::checked_test_db_name(prefix)?;
    let mut conn = super::test_databases::connect_server(server_url)?;
    for part in [
        "server",
        "sales",
        "support",
        "management",
        "import",
        "owner",
        "admin",
    ] {
        // The name is a checked test database name and a constant.
        diesel::sql_query(format!("DROP ROLE IF EXISTS \"{prefix}_{part}\"")).execute(&mut conn)?;
    }
    Ok(())
}

/// The SQL a superuser runs when the account `init` ran as cannot create
/// roles. The prefix and the password are checked to hold only characters
/// that need no quoting before they are written into it.
pub fn script(
    prefix: &str,
    server_password: Option<&str>,
    administrator: Option<&str>,
) -> Result<String, StoreError> {
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
    // The account `init` ran as, so that it can migrate as the owner next
    // time: named only when its name needs no quoting.
    let administrator = match administrator {
        Some(a) if !a.is_empty() && a.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') => {
            format!("'{a}'")
        }
        _ => "NULL".to_owned(),
    };
    let grants: String = GRANTS
        .iter()
        .map(|g| {
            let columns = g.columns.map_or("NULL".to_owned(), literal_array);
            format!(
                "SELECT epicevents_grant('{prefix}', '{}', '{}', {columns}, {});\n",
                g.verb.sql(),
                g.table,
                literal_array(&parts(g.to)),
            )
        })
        .collect();
    Ok(format!(
        "-- EpicEvents: the database roles of this installation. Run as a PostgreSQL\n\
         -- superuser (or a role with CREATEROLE) on this database, then `epicevents init`\n\
         -- again. The password below is the server's: keep this file private, and\n\
         -- delete it once run.\n\
         BEGIN;\n\
         SELECT epicevents_create_roles('{prefix}', {password}, {administrator});\n\
         SELECT epicevents_create_import_role('{prefix}');\n\
         SELECT epicevents_apply_privileges('{prefix}');\n\
         {grants}\
         COMMIT;\n"
    ))
}

/// A session found by its token's hash (never the hash itself), through the
/// function that is the only way to one on PostgreSQL.
#[derive(QueryableByName)]
pub struct FoundSession {
    #[diesel(sql_type = Integer)]
    pub id: i32,
    #[diesel(sql_type = Integer)]
    pub collaborator_id: i32,
    #[diesel(sql_type = crate::UtcTime)]
    pub expires_at: chrono::NaiveDateTime,
    #[diesel(sql_type = crate::UtcTime)]
    pub last_used_at: chrono::NaiveDateTime,
}

/// The columns that describe a session and its collaborator.
macro_rules! actor_columns {
    () => {
        "SELECT c.id, c.collaborator_id, c.expires_at, c.last_used_at, c.full_name, \
         c.email, c.department, c.created_at, c.updated_at, c.deactivated_at"
    };
}

/// A session and its collaborator, in one statement where reading them one
/// after the other took two round trips (a session always has one: it is
/// deleted with its account).
#[derive(QueryableByName)]
pub struct FoundActor {
    #[diesel(embed)]
    pub session: FoundSession,
    #[diesel(sql_type = Text)]
    pub full_name: String,
    #[diesel(sql_type = Text)]
    pub email: String,
    #[diesel(sql_type = Text)]
    pub department: String,
    #[diesel(sql_type = crate::UtcTime)]
    pub created_at: chrono::NaiveDateTime,
    #[diesel(sql_type = crate::UtcTime)]
    pub updated_at: chrono::NaiveDateTime,
    #[diesel(sql_type = Nullable<crate::UtcTime>)]
    pub deactivated_at: Option<chrono::NaiveDateTime>,
}

pub fn session_and_actor(
    pg: &mut PgConnection,
    token_hash: &str,
) -> Result<Option<FoundActor>, StoreError> {
    const PIECES: &[&str] = &[
        concat!(actor_columns!(), " FROM epicevents_session_actor("),
        ") c",
    ];
    Ok(prepared(PIECES, [token_hash]).get_result(pg).optional()?)
}

/// The same, and from there to the end of the transaction acting as the
/// collaborator's department role (`roles`: sales, support, management),
/// as [`assume`] does: a request's first statement, where it took two.
/// The caller refuses a session found ended; its transaction then ends.
pub fn session_and_actor_as(
    pg: &mut PgConnection,
    token_hash: &str,
    roles: [&str; 3],
) -> Result<Option<FoundActor>, StoreError> {
    const PIECES: &[&str] = &[
        concat!(
            actor_columns!(),
            ", set_config('role', CASE c.department WHEN 'sales' THEN "
        ),
        " WHEN 'support' THEN ",
        " WHEN 'management' THEN ",
        " END, true) || set_config('epicevents.actor_id', c.collaborator_id::text, true) \
         AS acting FROM epicevents_session_actor(",
        ") c",
    ];
    let [sales, support, management] = roles;
    Ok(prepared(PIECES, [sales, support, management, token_hash])
        .get_result(pg)
        .optional()?)
}

pub fn revoke_session(pg: &mut PgConnection, token_hash: &str) -> Result<bool, StoreError> {
    let answer: Answer = diesel::sql_query("SELECT epicevents_revoke_session($1) AS answer")
        .bind::<Text, _>(token_hash)
        .get_result(pg)?;
    Ok(answer.answer)
}

#[derive(QueryableByName)]
struct Checked {
    #[diesel(sql_type = Bool)]
    allowed: bool,
    #[diesel(sql_type = Nullable<Integer>)]
    id: Option<i32>,
    #[diesel(sql_type = Nullable<Text>)]
    password_hash: Option<String>,
}

/// One budgeted password check, through the one function that gives out a
/// hash (migration 16).
pub(super) fn password_check(
    pg: &mut PgConnection,
    subject: &str,
    source: &str,
    now: chrono::NaiveDateTime,
    lockout: crate::collaborators::Lockout,
) -> Result<Budgeted, StoreError> {
    let found: Checked = diesel::sql_query(
        "SELECT allowed, id, password_hash FROM epicevents_password_check($1, $2, $3, $4, $5)",
    )
    .bind::<Text, _>(subject)
    .bind::<Text, _>(source)
    .bind::<crate::UtcTime, _>(crate::At(now))
    .bind::<crate::UtcTime, _>(crate::At(now - lockout.window))
    .bind::<Integer, _>(lockout.threshold)
    .get_result(pg)?;
    Ok(Budgeted {
        allowed: found.allowed,
        account: found.id,
        password_hash: found.password_hash.map(Into::into),
    })
}

/// The roles a request acts as: `[sales, support, management, import]`.
#[derive(Debug, Clone)]
pub struct Acting {
    pub roles: [String; 4],
    /// MariaDB: the role to go back to after a request (its roles last
    /// until changed); PostgreSQL's end with the transaction.
    pub between_requests: Option<String>,
}

/// One row of `access_roles`, and whether it names the connected account.
#[derive(QueryableByName)]
pub(super) struct Part {
    #[diesel(sql_type = Text)]
    part: String,
    #[diesel(sql_type = Text)]
    role_name: String,
    #[diesel(sql_type = Bool)]
    connected: bool,
}

/// The roles to act as, when this connection is the installation's login
/// role; none when it is anyone else (an administrator, or an installation
/// without roles).
pub fn acting_roles(conn: &mut DbConnection) -> Result<Option<Acting>, StoreError> {
    let parts: Vec<Part> = diesel::sql_query(
        "SELECT part, role_name, role_name = current_user AS connected FROM access_roles",
    )
    .load(postgres(conn)?)?;
    Ok(acting(&parts, None))
}

/// The roles `parts` name, when one of them is the connected login role;
/// `between` names the part to go back to between requests (MariaDB).
pub(super) fn acting(parts: &[Part], between: Option<&str>) -> Option<Acting> {
    if !parts.iter().any(|p| p.part == "server" && p.connected) {
        return None;
    }
    let name = |part: &str| {
        parts
            .iter()
            .find(|p| p.part == part)
            .map(|p| p.role_name.clone())
    };
    let between_requests = match between {
        Some(part) => Some(name(part)?),
        None => None,
    };
    Some(Acting {
        roles: [
            name("sales")?,
            name("support")?,
            name("management")?,
            name("import")?,
        ],
        between_requests,
    })
}

/// A test installation's administrator that cannot create roles: owns the
/// test database `name`, logs in without a password (the test server trusts
/// loopback).
#[cfg(feature = "test-support")]
pub fn create_test_admin(server_url: &str, name: &str) -> Result<String, StoreError> {
    if server_url.starts_with("mysql://") {
        return super::mariadb_roles::create_test_admin(server_url, name);
    }
    let name = super::test_databases::checked_test_db_name(name)?;
    let mut conn = super::test_databases::connect_server(server_url)?;
    // A checked test database name and constants.
    diesel::sql_query(format!("CREATE ROLE \"{name}_admin\" LOGIN")).execute(&mut conn)?;
    diesel::sql_query(format!(
        "ALTER DATABASE \"{name}\" OWNER TO \"{name}_admin\""
    ))
    .execute(&mut conn)?;
    Ok(format!("{name}_admin"))
}

/// Runs a script `init` wrote for a superuser, as the test server's
/// superuser, on the test database `url`.
#[cfg(feature = "test-support")]
pub fn run_test_script(url: &str, script: &str) -> Result<(), StoreError> {
    if url.starts_with("mysql://") {
        return super::mariadb_roles::run_test_script(url, script);
    }
    let mut conn = PgConnection::establish(url).map_err(|e| StoreError::Connect {
        url: crate::redact_userinfo(url),
        reason: e.to_string(),
    })?;
    diesel::connection::SimpleConnection::batch_execute(&mut conn, script)?;
    Ok(())
}
