//! The database's own wall: an installation's roles, and the grants (and,
//! on PostgreSQL, the row-level security) that refuse what the policy
//! refuses even when the application does not (see the migrations
//! `database_roles` and, for MariaDB, `mariadb_roles`).

use crate::access::{self, Actor, Permit};
use crate::raw::roles::Acting;
use crate::raw::{DbConnection, mariadb_roles, roles};
use crate::{Store, StoreError};
use epicevents_domain::Department;
use epicevents_domain::policy::act;

/// What `init` did about roles.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Installed {
    /// SQLite has no roles: the file's mode is its only protection.
    NoRoles,
    /// The roles exist and every grant and policy is in place.
    Done {
        /// The login role `serve` connects as.
        server_role: String,
        /// Whether that role was created now (and so given the password).
        created_server_role: bool,
    },
    /// The account `init` ran as cannot create roles: a superuser must run
    /// this script, then `init` again.
    NeedsSuperuser { script: String },
}

/// Whether `prefix` can name an installation's roles: a lower-case SQL
/// identifier short enough for the longest role name.
pub fn valid_prefix(prefix: &str) -> bool {
    let mut chars = prefix.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_lowercase() || c == '_')
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && prefix.len() <= 41
}

/// The prefix an installation gets by default: its database's name, made a
/// lower-case identifier.
pub fn default_prefix(database: &str) -> String {
    let mut prefix: String = database
        .to_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .take(41)
        .collect();
    if !prefix.starts_with(|c: char| c.is_ascii_lowercase() || c == '_') {
        prefix.insert(0, '_');
        prefix.truncate(41);
    }
    prefix
}

impl Store {
    /// A request's session check, and the role it acts as, in one: what
    /// [`access::authenticate`] then [`Store::act_as`] do, in one statement
    /// on PostgreSQL (where the two took three round trips).
    pub fn authenticate_acting(
        &self,
        conn: &mut DbConnection,
        token_hash: &str,
        now: chrono::NaiveDateTime,
    ) -> Result<access::Verdict, StoreError> {
        if let DbConnection::Postgres(_) = conn {
            let roles = self.acting(conn)?.map(|a| {
                [
                    a.roles[0].as_str(),
                    a.roles[1].as_str(),
                    a.roles[2].as_str(),
                ]
            });
            return access::judge(conn, token_hash, now, roles);
        }
        let verdict = access::authenticate(conn, token_hash, now)?;
        if let access::Verdict::Live(actor) = &verdict {
            self.act_as(conn, actor)?;
        }
        Ok(verdict)
    }

    /// From here to the end of the transaction on `conn`, the database
    /// judges what it runs as the actor's department role, for the actor:
    /// the second wall behind the policy. Only when this store is connected
    /// as its installation's login role (which holds no privilege of its
    /// own); an administrator's connection, and SQLite, act as they are.
    pub fn act_as(&self, conn: &mut DbConnection, actor: &Actor) -> Result<(), StoreError> {
        self.assume(conn, actor, |[sales, support, management, _]| {
            match actor.department() {
                Department::Sales => sales,
                Department::Support => support,
                Department::Management => management,
            }
        })
    }

    /// As [`Store::act_as`], but as the import role, whose policies let
    /// through only a manager's writes (an import, which `permit` shows
    /// the policy allowed).
    pub fn act_as_importer(
        &self,
        conn: &mut DbConnection,
        actor: &Actor,
        _permit: &Permit<act::EventImportCreate>,
    ) -> Result<(), StoreError> {
        self.assume(conn, actor, |[.., import]| import)
    }

    fn assume(
        &self,
        conn: &mut DbConnection,
        actor: &Actor,
        pick: impl FnOnce(&[String; 4]) -> &String,
    ) -> Result<(), StoreError> {
        match self.acting(conn)? {
            Some(acting) => roles::assume(conn, pick(&acting.roles), actor.id().0),
            None => Ok(()),
        }
    }

    /// The roles requests act as, read once: none unless this store is
    /// connected as its installation's login role.
    pub(crate) fn acting(&self, conn: &mut DbConnection) -> Result<Option<&Acting>, StoreError> {
        if let Some(known) = self.roles.get() {
            return Ok(known.as_ref());
        }
        let found = match conn {
            DbConnection::Postgres(_) => roles::acting_roles(conn)?,
            DbConnection::Mysql(_) => mariadb_roles::acting_roles(conn)?,
            DbConnection::Sqlite(_) => None,
        };
        Ok(self.roles.get_or_init(|| found).as_ref())
    }

    /// Creates the installation's missing roles and applies every grant and
    /// policy, in one transaction; idempotent. `prefix` defaults to the
    /// database's name; `server_password` is set on the login role only
    /// when this creates it.
    pub fn install_roles(
        &self,
        prefix: Option<&str>,
        server_password: Option<&str>,
    ) -> Result<Installed, StoreError> {
        let mut conn = self.conn()?;
        let conn: &mut DbConnection = &mut conn;
        match conn {
            DbConnection::Postgres(_) => {}
            DbConnection::Mysql(_) => return install_mariadb_roles(conn, prefix, server_password),
            DbConnection::Sqlite(_) => return Ok(Installed::NoRoles),
        }
        let prefix = match prefix {
            Some(p) => p.to_owned(),
            None => default_prefix(&roles::database_name(conn)?),
        };
        if !valid_prefix(&prefix) {
            return Err(StoreError::BadRolePrefix(prefix));
        }
        let creates = roles::may_create_roles(conn)?;
        if !creates && !roles::installed(conn, &prefix)? {
            let administrator = roles::current_user(conn)?;
            return Ok(Installed::NeedsSuperuser {
                script: roles::script(&prefix, server_password, Some(&administrator))?,
            });
        }
        let created =
            crate::raw::write_transaction(conn, &mut false, |c| -> Result<bool, StoreError> {
                let created = creates && roles::create(c, &prefix, server_password)?;
                roles::apply_privileges(c, &prefix)?;
                Ok(created)
            })?;
        Ok(Installed::Done {
            server_role: format!("{prefix}_server"),
            created_server_role: created,
        })
    }
}

/// MariaDB's roles (MySQL's role statements differ: it gets none). Its
/// account statements commit one by one, so each is idempotent instead.
fn install_mariadb_roles(
    conn: &mut DbConnection,
    prefix: Option<&str>,
    server_password: Option<&str>,
) -> Result<Installed, StoreError> {
    if !mariadb_roles::is_mariadb(conn)? {
        return Ok(Installed::NoRoles);
    }
    let database = mariadb_roles::database_name(conn)?;
    let prefix = match prefix {
        Some(p) => p.to_owned(),
        None => default_prefix(&database),
    };
    let plan = mariadb_roles::plan(&prefix, &database, server_password)?;
    if !mariadb_roles::may_create_roles(conn)? {
        return Ok(Installed::NeedsSuperuser {
            script: mariadb_roles::script(&plan),
        });
    }
    let created = mariadb_roles::install(conn, &plan)?;
    Ok(Installed::Done {
        server_role: format!("{prefix}_server"),
        created_server_role: created,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_database_name_becomes_a_role_prefix() {
        assert_eq!(default_prefix("epicevents"), "epicevents");
        assert_eq!(default_prefix("Epic-Events 2"), "epic_events_2");
        assert_eq!(default_prefix("2026crm"), "_2026crm");
        assert!(valid_prefix(&default_prefix(&"x".repeat(80))));
        for bad in [
            "",
            "Crm",
            "crm-x",
            "crm\"; DROP ROLE x; --",
            &"a".repeat(42),
        ] {
            assert!(!valid_prefix(bad), "{bad}");
        }
    }
}
