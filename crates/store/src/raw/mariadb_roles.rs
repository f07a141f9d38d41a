//! MariaDB's roles for an installation: department roles with the table
//! and column grants of [`crate::privileges::GRANTS`], a `gate` role for what the server does before a request
//! has an actor, and the login account `serve` connects as.
//!
//! Role names, the account name and the database name are identifiers,
//! which MariaDB cannot take as bound values, so the statements are written
//! here: from a prefix checked by [`crate::roles::valid_prefix`] (lower-case
//! letters, digits and `_`), a generated password checked to be
//! alphanumeric, and the database's own name quoted as an identifier. Every
//! token, e-mail and actor id is bound or an integer.

use diesel::connection::SimpleConnection;
use diesel::prelude::*;

use super::DbConnection;
use super::roles::{Acting, Answer, Name, Part};
use crate::StoreError;
use crate::privileges::{GRANTS, Role};

/// The parts of an installation, each a role named `<prefix>_<part>`
/// (`server` is the login account).
const PARTS: [&str; 5] = ["gate", "sales", "support", "management", "import"];

pub(super) fn mysql(conn: &mut DbConnection) -> Result<&mut MysqlConnection, StoreError> {
    match conn {
        DbConnection::Mysql(c) => Ok(c),
        DbConnection::Sqlite(_) | DbConnection::Postgres(_) => Err(StoreError::Migration(
            "MariaDB roles need a MariaDB connection".into(),
        )),
    }
}

/// `name` as a MariaDB identifier: in backquotes, a backquote doubled.
fn ident(name: &str) -> String {
    format!("`{}`", name.replace('`', "``"))
}

fn role(prefix: &str, part: &str) -> String {
    ident(&format!("{prefix}_{part}"))
}

/// The part of a role's name: the server's grants go to the `gate` role
/// it holds between requests (its login account holds every role).
fn part(role: Role) -> &'static str {
    match role {
        Role::Server => "gate",
        other => super::roles::part(other),
    }
}

fn account(prefix: &str) -> String {
    format!("'{prefix}_server'@'%'")
}

/// Whether the server is MariaDB (roles are installed there only: MySQL's
/// role statements differ).
pub fn is_mariadb(conn: &mut DbConnection) -> Result<bool, StoreError> {
    let answer: Answer = diesel::sql_query("SELECT VERSION() LIKE '%MariaDB%' AS answer")
        .get_result(mysql(conn)?)?;
    Ok(answer.answer)
}

/// The connected database's name.
pub fn database_name(conn: &mut DbConnection) -> Result<String, StoreError> {
    let name: Name = diesel::sql_query("SELECT DATABASE() AS name").get_result(mysql(conn)?)?;
    Ok(name.name)
}

/// Whether the connected account may create accounts and roles and grant
/// anything on any table: `CREATE USER` and `SUPER`, both with the grant
/// option, as root has. Less than that gets the script rather than an
/// installation that stops half-way (MariaDB's account statements cannot
/// be rolled back).
pub fn may_create_roles(conn: &mut DbConnection) -> Result<bool, StoreError> {
    let answer: Answer = diesel::sql_query(
        "SELECT COUNT(*) = 2 AS answer FROM information_schema.USER_PRIVILEGES \
         WHERE GRANTEE = CONCAT('''', SUBSTRING_INDEX(CURRENT_USER(), '@', 1), '''@''', \
                                SUBSTRING_INDEX(CURRENT_USER(), '@', -1), '''') \
         AND PRIVILEGE_TYPE IN ('CREATE USER', 'SUPER') AND IS_GRANTABLE = 'YES'",
    )
    .get_result(mysql(conn)?)?;
    Ok(answer.answer)
}

/// The statements that create the installation's roles and login account
/// (when missing) and apply every grant: the account first (an existing
/// one keeps its password), then the rest, each idempotent. MariaDB
/// commits at every one of them, so unlike PostgreSQL this is not one
/// transaction: running it again completes it.
pub struct Plan {
    account: String,
    authentication: String,
    rest: Vec<String>,
}

impl Plan {
    fn create_account(&self, if_missing: bool) -> String {
        let if_missing = if if_missing { "IF NOT EXISTS " } else { "" };
        format!(
            "CREATE USER {if_missing}{} {}",
            self.account, self.authentication
        )
    }
}

pub fn plan(
    prefix: &str,
    database: &str,
    server_password: Option<&str>,
) -> Result<Plan, StoreError> {
    if !crate::roles::valid_prefix(prefix) {
        return Err(StoreError::BadRolePrefix(prefix.to_owned()));
    }
    let authentication = match server_password {
        Some(p) if !p.is_empty() && p.chars().all(|c| c.is_ascii_alphanumeric()) => {
            format!("IDENTIFIED BY '{p}'")
        }
        Some(_) => {
            return Err(StoreError::Migration(
                "a generated password must be alphanumeric".into(),
            ));
        }
        // Without a password, only the operating-system account of the
        // same name logs in, over the server's local socket.
        None => "IDENTIFIED VIA unix_socket".to_owned(),
    };
    let db = ident(database);
    let gate = role(prefix, "gate");
    let user = account(prefix);
    let mut rest: Vec<String> = PARTS
        .iter()
        .map(|part| format!("CREATE ROLE IF NOT EXISTS {}", role(prefix, part)))
        .collect();
    for part in PARTS {
        let r = role(prefix, part);
        rest.push(format!("GRANT {r} TO {user}"));
        // What an earlier version of these grants gave is taken back first.
        rest.push(format!("REVOKE ALL PRIVILEGES, GRANT OPTION FROM {r}"));
    }
    rest.push(format!("SET DEFAULT ROLE {gate} FOR {user}"));
    for grant in GRANTS {
        let columns = grant.columns.map_or(String::new(), |columns| {
            let names: Vec<String> = columns.iter().map(|c| ident(c)).collect();
            format!(" ({})", names.join(", "))
        });
        let grantees: Vec<String> = grant.to.iter().map(|&r| role(prefix, part(r))).collect();
        rest.push(format!(
            "GRANT {}{columns} ON {db}.{} TO {}",
            grant.verb.sql(),
            ident(grant.table),
            grantees.join(", ")
        ));
    }
    // The server's ways to a session by its token's hash, and to a hash.
    for function in [
        "epicevents_session_id",
        "epicevents_revoke_session",
        "epicevents_password_check",
        "epicevents_ended_session",
    ] {
        rest.push(format!(
            "GRANT EXECUTE ON FUNCTION {db}.{} TO {gate}",
            ident(function)
        ));
    }
    rest.push("DELETE FROM access_roles".into());
    let mut parts: Vec<String> = PARTS
        .iter()
        .map(|part| format!("('{part}', '{prefix}_{part}')"))
        .collect();
    parts.push(format!("('server', '{prefix}_server')"));
    rest.push(format!(
        "INSERT INTO access_roles (part, role_name) VALUES {}",
        parts.join(", ")
    ));
    Ok(Plan {
        account: user,
        authentication,
        rest,
    })
}

/// Runs the plan. True when the login account was created now (and so
/// given the password).
pub fn install(conn: &mut DbConnection, plan: &Plan) -> Result<bool, StoreError> {
    let c = mysql(conn)?;
    let created = match c.batch_execute(&plan.create_account(false)) {
        Ok(()) => true,
        // ER_CANNOT_USER: the account exists; its password stays.
        Err(diesel::result::Error::DatabaseError(_, info))
            if info.message().contains("Operation CREATE USER failed") =>
        {
            false
        }
        Err(e) => return Err(e.into()),
    };
    for statement in &plan.rest {
        c.batch_execute(statement)?;
    }
    Ok(created)
}

/// The plan as a script for an administrator who can create accounts.
pub fn script(plan: &Plan) -> String {
    let mut script = String::from(
        "-- EpicEvents: the database roles of this installation. Run as a MariaDB\n\
         -- account that can create users and grant (root, say) on this database,\n\
         -- then `epicevents init` again. The password below is the server's: keep\n\
         -- this file private, and delete it once run.\n",
    );
    // An existing account keeps its password, so the script can run again.
    for statement in std::iter::once(&plan.create_account(true)).chain(&plan.rest) {
        script.push_str(statement);
        script.push_str(";\n");
    }
    script
}

/// The roles to act as, when this connection is the installation's login
/// account; none for anyone else (an administrator, or no roles).
pub fn acting_roles(conn: &mut DbConnection) -> Result<Option<Acting>, StoreError> {
    let parts: Vec<Part> = diesel::sql_query(
        "SELECT part, role_name, role_name = SUBSTRING_INDEX(CURRENT_USER(), '@', 1) AS connected \
         FROM access_roles",
    )
    .load(mysql(conn)?)?;
    Ok(super::roles::acting(&parts, Some("gate")))
}

/// From here on, the connection acts as `role` for collaborator `actor`,
/// until [`leave`]: MariaDB has no role for one transaction only.
pub fn assume(conn: &mut DbConnection, role: &str, actor: i32) -> Result<(), StoreError> {
    mysql(conn)?.batch_execute(&format!(
        "SET ROLE {}; SET @epicevents_actor = {actor}",
        ident(role)
    ))?;
    Ok(())
}

/// Back to the role the server holds between requests, for nobody.
pub fn leave(conn: &mut DbConnection, gate: &str) -> Result<(), StoreError> {
    mysql(conn)?.batch_execute(&format!(
        "SET ROLE {}; SET @epicevents_actor = NULL",
        ident(gate)
    ))?;
    Ok(())
}

/// A test installation's administrator that cannot create accounts: all
/// privileges on the test database `name` only, no password.
#[cfg(feature = "test-support")]
pub fn create_test_admin(server_url: &str, name: &str) -> Result<String, StoreError> {
    let name = super::test_databases::checked_test_db_name(name)?;
    let mut conn = super::test_databases::connect_mysql_server(server_url)?;
    // A checked test database name and constants.
    conn.batch_execute(&format!("CREATE USER '{name}_admin'@'%'"))?;
    conn.batch_execute(&format!(
        "GRANT ALL PRIVILEGES ON `{name}`.* TO '{name}_admin'@'%'"
    ))?;
    Ok(format!("{name}_admin"))
}

/// Runs a script `init` wrote for an administrator, as the test server's
/// root, on the test database `url`.
#[cfg(feature = "test-support")]
pub fn run_test_script(url: &str, script: &str) -> Result<(), StoreError> {
    super::test_databases::connect_mysql_server(url)?.batch_execute(script)?;
    Ok(())
}

/// Drops the roles and the login account of a test installation (and its
/// administrator, if one was made).
#[cfg(feature = "test-support")]
pub fn drop_test_roles(server_url: &str, prefix: &str) -> Result<(), StoreError> {
    let prefix = super::test_databases::checked_test_db_name(prefix)?;
    let mut conn = super::test_databases::connect_mysql_server(server_url)?;
    // A checked test database name and constants.
    conn.batch_execute(&format!("DROP USER IF EXISTS {}", account(prefix)))?;
    conn.batch_execute(&format!("DROP USER IF EXISTS '{prefix}_admin'@'%'"))?;
    for part in PARTS {
        conn.batch_execute(&format!("DROP ROLE IF EXISTS {}", role(prefix, part)))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_are_quoted_and_checked_before_they_are_written() {
        assert_eq!(ident("crm"), "`crm`");
        assert_eq!(ident("a`b"), "`a``b`");
        for bad in ["Crm", "crm`; DROP DATABASE x; --", "crm x", ""] {
            assert!(plan(bad, "crm", Some("abc123")).is_err(), "{bad}");
        }
        assert!(plan("crm", "crm", Some("not 'alphanumeric'")).is_err());
    }

    #[test]
    fn the_login_account_gets_the_password_or_the_local_socket() {
        let with = plan("crm", "my`db", Some("abc123")).unwrap();
        assert_eq!(
            with.create_account(false),
            "CREATE USER 'crm_server'@'%' IDENTIFIED BY 'abc123'"
        );
        let without = plan("crm", "my`db", None).unwrap();
        assert_eq!(
            without.create_account(true),
            "CREATE USER IF NOT EXISTS 'crm_server'@'%' IDENTIFIED VIA unix_socket"
        );
        // The database's name is quoted wherever it is written.
        assert!(
            with.rest
                .iter()
                .filter(|s| s.starts_with("GRANT") && s.contains(" ON "))
                .all(|s| s.contains(" `my``db`.")),
            "{:#?}",
            with.rest
        );
        assert!(
            with.rest
                .contains(&"SET DEFAULT ROLE `crm_gate` FOR 'crm_server'@'%'".to_owned())
        );
    }
}
