//! `init`: create or migrate the database, and create its first accounts.
//!
//! This is the one place accounts are made without an actor: there is nobody
//! to hold a permit yet. The store's `seed` refuses unless the database has no
//! account at all, so this cannot be used to add a second "first" account.

use secrecy::SecretString;
use serde::Serialize;

use super::{Clock, ServiceError, passwords, system_clock, token::to_hex};
use crate::domain::{Collaborator, Department, Email, FullName, Password};
use crate::store::audit::{self, Outcome};
use crate::store::collaborators::{self as rows, NewAccount};
use crate::store::{DatabaseUrl, OpenMode, SchemaState, Store, StoreError};

/// The first account, as typed.
pub struct FirstAccount {
    pub name: String,
    pub email: String,
    pub password: SecretString,
}

#[derive(Debug, Clone, Serialize)]
pub struct MigrationReport {
    pub backend: &'static str,
    /// The database had no schema before.
    pub created: bool,
    pub applied: Vec<String>,
}

/// A demo account and its generated password, shown once.
#[derive(Debug)]
pub struct DemoAccount {
    pub collaborator: Collaborator,
    pub password: SecretString,
}

pub struct Setup {
    store: Store,
    clock: Clock,
}

/// The brief's staff. Management is not named in the brief.
const DEMO_MANAGER: (&str, &str) = ("Demo Manager", "manager@epicevents.demo");
const DEMO_STAFF: [(&str, &str, Department); 3] = [
    (
        "Bill Boquet",
        "bill.boquet@epicevents.demo",
        Department::Sales,
    ),
    (
        "Kate Hastroff",
        "kate.hastroff@epicevents.demo",
        Department::Support,
    ),
    (
        "Aliénor Vichum",
        "alienor.vichum@epicevents.demo",
        Department::Support,
    ),
];

impl Setup {
    /// Opens the database, creating an SQLite file if there is none.
    pub fn open(url: &DatabaseUrl) -> Result<Self, ServiceError> {
        Ok(Self {
            store: Store::open(url, OpenMode::Create)?,
            clock: system_clock(),
        })
    }

    pub fn with_clock(mut self, clock: Clock) -> Self {
        self.clock = clock;
        self
    }

    pub fn migrate(&mut self) -> Result<MigrationReport, ServiceError> {
        let state = self.store.schema_state()?;
        if state == SchemaState::Ahead {
            return Err(StoreError::SchemaNewer.into());
        }
        let applied = self.store.migrate()?;
        Ok(MigrationReport {
            backend: self.store.backend_name(),
            created: state == SchemaState::Empty,
            applied,
        })
    }

    pub fn has_accounts(&mut self) -> Result<bool, ServiceError> {
        Ok(self.store.read(|c| rows::count(c, None))? > 0)
    }

    /// Creates the first management account.
    pub fn create_first(&mut self, first: FirstAccount) -> Result<Collaborator, ServiceError> {
        let name: FullName = first.name.parse()?;
        let email: Email = first.email.parse()?;
        let hash = passwords::hash(&Password::new(first.password)?)?;
        let account = NewAccount {
            name: &name,
            email: &email,
            department: Department::Management,
            password_hash: &hash,
        };
        let mut created = self.seed(&[account])?;
        Ok(created.remove(0))
    }

    /// Creates the first management account (from `first`, or a demo one) and
    /// the brief's staff, each with a freshly generated password.
    pub fn load_demo(
        &mut self,
        first: Option<FirstAccount>,
    ) -> Result<Vec<DemoAccount>, ServiceError> {
        let mut typed = Vec::new();
        let manager = match first {
            Some(f) => {
                let name: FullName = f.name.parse()?;
                let email: Email = f.email.parse()?;
                (
                    name,
                    email,
                    Department::Management,
                    Password::new(f.password)?,
                )
            }
            None => demo_identity(DEMO_MANAGER.0, DEMO_MANAGER.1, Department::Management)?,
        };
        typed.push(manager);
        for (name, email, department) in DEMO_STAFF {
            typed.push(demo_identity(name, email, department)?);
        }
        let hashes = typed
            .iter()
            .map(|(_, _, _, p)| passwords::hash(p))
            .collect::<Result<Vec<_>, _>>()?;
        let accounts: Vec<_> = typed
            .iter()
            .zip(&hashes)
            .map(|((name, email, department, _), hash)| NewAccount {
                name,
                email,
                department: *department,
                password_hash: hash,
            })
            .collect();
        let created = self.seed(&accounts)?;
        Ok(created
            .into_iter()
            .zip(typed)
            .map(|(collaborator, (_, _, _, password))| DemoAccount {
                collaborator,
                password: SecretString::from(password.expose().to_owned()),
            })
            .collect())
    }

    fn seed(&mut self, accounts: &[NewAccount<'_>]) -> Result<Vec<Collaborator>, ServiceError> {
        let now = (self.clock)();
        self.store.write(|c| -> Result<_, ServiceError> {
            let created = rows::seed(c, accounts, now).map_err(|e| match e {
                StoreError::AlreadyInitialised => ServiceError::Conflict(
                    "the database already has accounts; log in and use `collaborator create`"
                        .into(),
                ),
                other => other.into(),
            })?;
            for who in &created {
                audit::record(
                    c,
                    &audit::Entry {
                        at: now,
                        actor_id: None,
                        action: "setup.account",
                        subject: Some(who.id.to_string()),
                        outcome: Outcome::Ok,
                        detail: Some(format!("department={}", who.department)),
                    },
                )?;
            }
            Ok(created)
        })
    }
}

fn demo_identity(
    name: &str,
    email: &str,
    department: Department,
) -> Result<(FullName, Email, Department, Password), ServiceError> {
    Ok((
        name.parse()?,
        email.parse()?,
        department,
        Password::new(generated_password())?,
    ))
}

/// 96 random bits: a demo password nobody can guess, printed once.
fn generated_password() -> SecretString {
    let mut bytes = [0u8; 12];
    getrandom::fill(&mut bytes).expect("the operating system's random source failed");
    SecretString::from(to_hex(&bytes))
}
