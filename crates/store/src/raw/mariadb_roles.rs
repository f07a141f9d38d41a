//! MariaDB's roles for an installation: department roles with table and
//! column grants, a `gate` role for what the server does before a request
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
    let [gate, sales, support, management, import] = PARTS.map(|part| role(prefix, part));
    let departments = format!("{sales}, {support}, {management}");
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
    let on = |table: &str| format!("{db}.{}", ident(table));
    let grants: Vec<(String, String, String)> = vec![
        // Before a request has an actor: the schema check, which roles to
        // act as, sessions (through the functions for their hashes),
        // password-check budgets, and the trail's refusals and failed logins.
        ("SELECT".into(), on("__diesel_schema_migrations"), gate.clone()),
        ("SELECT".into(), on("access_roles"), gate.clone()),
        (
            "SELECT (id, collaborator_id, created_at, expires_at, last_used_at), \
             INSERT (collaborator_id, token_hash, created_at, expires_at, last_used_at), \
             UPDATE (last_used_at), DELETE"
                .into(),
            on("sessions"),
            gate.clone(),
        ),
        ("SELECT, INSERT, UPDATE, DELETE".into(), on("login_attempts"), gate.clone()),
        ("SELECT (expires_at), DELETE".into(), on("ended_sessions"), gate.clone()),
        ("INSERT".into(), on("audit_log"), format!("{gate}, {departments}, {import}")),
        (
            "SELECT (id, full_name, email, department, created_at, updated_at, deactivated_at)"
                .into(),
            on("collaborators"),
            format!("{gate}, {departments}, {import}"),
        ),
        // Everyone reads clients, contracts and events.
        ("SELECT".into(), on("clients"), format!("{departments}, {import}")),
        ("SELECT".into(), on("contracts"), format!("{departments}, {import}")),
        ("SELECT".into(), on("events"), format!("{departments}, {import}")),
        // The trail: management's whole; sales and support read the
        // changes made to clients, contracts and events (which rows, only
        // the application can tell here).
        ("SELECT".into(), on("audit_log"), departments.clone()),
        // Notifications: whoever changes a record writes them; each reads
        // and marks read their own (which rows, only the application can
        // tell here).
        (
            "INSERT (recipient_id, at, actor_id, action, record, subject, about)".into(),
            on("notifications"),
            format!("{departments}, {import}"),
        ),
        ("SELECT, UPDATE (read_at)".into(), on("notifications"), departments.clone()),
        // The e-mail queue: written with a notification, sent by the server.
        (
            "INSERT (recipient, subject, body, queued_at, next_attempt_at)".into(),
            on("outbox"),
            format!("{departments}, {import}"),
        ),
        (
            "SELECT, UPDATE (attempts, next_attempt_at, sent_at, last_error)".into(),
            on("outbox"),
            gate.clone(),
        ),
        // Sales: clients (not the sales contact column once created), their
        // contracts' amounts and signature, events.
        (
            "INSERT (full_name, email, phone, company_name, sales_contact_id, created_at, \
             updated_at, search_text, sort_key), \
             UPDATE (full_name, email, phone, company_name, updated_at, version, search_text, sort_key, \
             archived_at)"
                .into(),
            on("clients"),
            sales.clone(),
        ),
        (
            "UPDATE (total_cents, due_cents, signed, amounts_known, updated_at, version, archived_at, \
             archived_along)"
                .into(),
            on("contracts"),
            sales.clone(),
        ),
        (
            "INSERT (contract_id, name, starts_at, ends_at, support_contact_id, location, \
             attendees, notes, created_at, updated_at, search_text, external_ref)"
                .into(),
            on("events"),
            sales.clone(),
        ),
        // Support: events' details (the sheet's number for them too), not
        // their contract or support contact.
        (
            "UPDATE (name, starts_at, ends_at, location, attendees, notes, updated_at, version, \
             search_text, external_ref)"
                .into(),
            on("events"),
            support.clone(),
        ),
        // Management: contracts; clients' sales contact and events' support
        // contact columns only; accounts.
        (
            "INSERT (client_id, total_cents, due_cents, signed, amounts_known, external_ref, \
             created_at, updated_at), \
             UPDATE (total_cents, due_cents, signed, amounts_known, updated_at, version, \
             archived_at, archived_along)"
                .into(),
            on("contracts"),
            management.clone(),
        ),
        (
            "UPDATE (sales_contact_id, updated_at, version, archived_at)".into(),
            on("clients"),
            management.clone(),
        ),
        (
            "UPDATE (support_contact_id, updated_at, version, archived_at, archived_along)".into(),
            on("events"),
            management.clone(),
        ),
        (
            "INSERT (full_name, email, department, password_hash, created_at, updated_at), \
             UPDATE (full_name, email, department, password_hash, updated_at, deactivated_at), DELETE"
                .into(),
            on("collaborators"),
            management.clone(),
        ),
        // One's own password change (which ends one's other sessions and
        // forgets one's failed checks); unlocking, for management.
        (
            "UPDATE (password_hash, updated_at)".into(),
            on("collaborators"),
            format!("{sales}, {support}"),
        ),
        (
            "SELECT (subject, source, attempts), DELETE".into(),
            on("login_attempts"),
            departments.clone(),
        ),
        ("SELECT (id, collaborator_id), DELETE".into(), on("sessions"), departments.clone()),
        // Management's import creates what no department writes by hand,
        // and hands events over; it changes no event's details.
        (
            "INSERT (full_name, email, phone, company_name, sales_contact_id, created_at, \
             updated_at, search_text, sort_key)"
                .into(),
            on("clients"),
            import.clone(),
        ),
        (
            "INSERT (client_id, total_cents, due_cents, signed, amounts_known, external_ref, \
             created_at, updated_at)"
                .into(),
            on("contracts"),
            import.clone(),
        ),
        (
            "INSERT (contract_id, name, starts_at, ends_at, support_contact_id, location, \
             attendees, notes, created_at, updated_at, search_text, external_ref), \
             UPDATE (support_contact_id, updated_at, version)"
                .into(),
            on("events"),
            import.clone(),
        ),
    ];
    for (privileges, object, grantees) in grants {
        rest.push(format!("GRANT {privileges} ON {object} TO {grantees}"));
    }
    for (function, grantees) in [
        ("epicevents_session_id", gate.clone()),
        ("epicevents_revoke_session", gate.clone()),
        ("epicevents_password_check", gate.clone()),
        ("epicevents_ended_session", gate.clone()),
    ] {
        rest.push(format!(
            "GRANT EXECUTE ON FUNCTION {db}.{} TO {grantees}",
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
