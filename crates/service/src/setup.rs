//! `init`: create or migrate the database, and create its first accounts.
//!
//! This is the one place accounts are made without an actor: there is nobody
//! to hold a permit yet. The store's `seed` refuses unless the database has no
//! account at all, so this cannot be used to add a second "first" account.

use secrecy::SecretString;
use serde::Serialize;

use super::{Clock, Conflict, ServiceError, passwords, system_clock};
use epicevents_api::token::random_hex;
use epicevents_domain::history::Kind;
use epicevents_domain::{Collaborator, Department, Email, FullName, Password};
use epicevents_store::audit::{Entry, Outcome};
use epicevents_store::collaborators::{self as rows, NewAccount};
use epicevents_store::roles::Installed;
use epicevents_store::unguarded::{audit, setup};
use epicevents_store::{DatabaseUrl, OpenMode, SchemaState, Store, StoreError, with_login};

/// The trail's name for the first account, made by the installation.
pub(crate) const ACCOUNT: &str = "setup.account";

/// The first account, as typed.
pub struct FirstAccount {
    pub name: String,
    pub email: String,
    pub password: SecretString,
}

/// An account whose fields passed validation and whose password is hashed:
/// made before the database is touched, so bad input changes nothing.
pub struct ValidAccount {
    name: FullName,
    email: Email,
    department: Department,
    password_hash: String,
}

impl FirstAccount {
    pub fn validate(self) -> Result<ValidAccount, ServiceError> {
        let password = Password::new(self.password)?;
        ValidAccount::new(
            self.name.parse()?,
            self.email.parse()?,
            Department::Management,
            &password,
        )
    }
}

impl ValidAccount {
    fn new(
        name: FullName,
        email: Email,
        department: Department,
        password: &Password,
    ) -> Result<Self, ServiceError> {
        Ok(Self {
            name,
            email,
            department,
            password_hash: passwords::hash(password)?,
        })
    }

    fn as_new(&self) -> NewAccount<'_> {
        NewAccount {
            name: &self.name,
            email: &self.email,
            department: self.department,
            password_hash: &self.password_hash,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct MigrationReport {
    pub backend: &'static str,
    /// The database had no schema before.
    pub created: bool,
    pub applied: Vec<String>,
}

/// An account made by `init`, with its generated password when it has one
/// (demo accounts; never an account whose password was typed).
#[derive(Debug)]
pub struct CreatedAccount {
    pub collaborator: Collaborator,
    pub generated_password: Option<SecretString>,
}

/// What `init` did about the database's roles (PostgreSQL).
#[derive(Default)]
pub struct RolesReport {
    /// The URL `serve` connects with, when its login role was created now:
    /// its password is shown this once.
    pub server_database_url: Option<SecretString>,
    /// The SQL a superuser must run, when `init`'s account cannot create
    /// roles (it holds the password too).
    pub superuser_script: Option<String>,
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

/// Whether the database at `url` already has accounts, without creating or
/// changing anything (a missing SQLite file has none).
pub fn has_accounts(url: &DatabaseUrl) -> Result<bool, ServiceError> {
    let store = match Store::open(url, OpenMode::MustExist) {
        Err(StoreError::Missing(_)) => return Ok(false),
        other => other?,
    };
    match store.schema_state()? {
        SchemaState::Empty => Ok(false),
        SchemaState::Ahead => Err(StoreError::SchemaNewer.into()),
        SchemaState::Current | SchemaState::Behind(_) => {
            Ok(store.read(|c| rows::count(c, None))? > 0)
        }
    }
}

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

    pub fn migrate(&self) -> Result<MigrationReport, ServiceError> {
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

    /// PostgreSQL: creates the installation's roles and applies the
    /// database's grants and policies. The server's login role gets a
    /// generated password unless `with_password` is false (certificate or
    /// peer authentication). `admin_url` is the URL `init` was given: the
    /// server's URL is the same with the login role in it.
    pub fn install_roles(
        &self,
        admin_url: &DatabaseUrl,
        prefix: Option<&str>,
        with_password: bool,
    ) -> Result<RolesReport, ServiceError> {
        let password = with_password.then(|| random_hex(24));
        let mut report = RolesReport::default();
        match self.store.install_roles(prefix, password.as_deref())? {
            Installed::Done {
                server_role,
                created_server_role: true,
            } => {
                if let DatabaseUrl::Postgres(admin) | DatabaseUrl::Mysql(admin) = admin_url {
                    let url = with_login(admin, &server_role, password.as_deref());
                    report.server_database_url = Some(SecretString::from(url));
                }
            }
            Installed::NeedsSuperuser { script } => report.superuser_script = Some(script),
            Installed::Done { .. } | Installed::NoRoles => {}
        }
        Ok(report)
    }

    pub fn has_accounts(&self) -> Result<bool, ServiceError> {
        Ok(self.store.read(|c| rows::count(c, None))? > 0)
    }

    /// Creates the first management account.
    pub fn create_first(&self, first: ValidAccount) -> Result<Collaborator, ServiceError> {
        let mut created = self.seed(&[first.as_new()], false)?;
        Ok(created.remove(0))
    }

    /// Creates the first management account (`first`, or a demo one), the
    /// brief's staff, each demo account with a freshly generated password,
    /// and the brief's clients, contracts and events.
    pub fn load_demo(
        &self,
        first: Option<ValidAccount>,
    ) -> Result<Vec<CreatedAccount>, ServiceError> {
        let mut accounts = Vec::new();
        let mut generated = Vec::new();
        let manager = match first {
            Some(account) => {
                generated.push(None);
                account
            }
            None => demo_account(
                DEMO_MANAGER.0,
                DEMO_MANAGER.1,
                Department::Management,
                &mut generated,
            )?,
        };
        accounts.push(manager);
        for (name, email, department) in DEMO_STAFF {
            accounts.push(demo_account(name, email, department, &mut generated)?);
        }
        let new: Vec<_> = accounts.iter().map(ValidAccount::as_new).collect();
        let created = self.seed(&new, true)?;
        Ok(created
            .into_iter()
            .zip(generated)
            .map(|(collaborator, generated_password)| CreatedAccount {
                collaborator,
                generated_password,
            })
            .collect())
    }

    /// Creates the accounts and, for the demo, the brief's records: all or nothing.
    fn seed(
        &self,
        accounts: &[NewAccount<'_>],
        demo_records: bool,
    ) -> Result<Vec<Collaborator>, ServiceError> {
        let now = (self.clock)();
        self.store.write(|c| -> Result<_, ServiceError> {
            let created = setup::first_accounts(c, accounts, now).map_err(|e| match e {
                StoreError::AlreadyInitialised => Conflict::AlreadyInitialised.into(),
                other => ServiceError::from(other),
            })?;
            for who in &created {
                audit::record(
                    c,
                    &Entry {
                        at: now,
                        actor_id: None,
                        action: ACCOUNT,
                        subject: Some(who.id.to_string()),
                        outcome: Outcome::Ok,
                        detail: Some(format!("department={}", who.department)),
                        changes: None,
                        record: Some(Kind::Collaborator),
                    },
                )?;
            }
            if demo_records {
                super::demo::load(c, &created, now)?;
            }
            Ok(created)
        })
    }
}

/// A demo account with a generated password, which is also kept in
/// `generated` to be shown once.
fn demo_account(
    name: &str,
    email: &str,
    department: Department,
    generated: &mut Vec<Option<SecretString>>,
) -> Result<ValidAccount, ServiceError> {
    let password = generated_password();
    let account = ValidAccount::new(
        name.parse()?,
        email.parse()?,
        department,
        &Password::new(password.clone())?,
    )?;
    generated.push(Some(password));
    Ok(account)
}

/// 96 random bits: a demo password nobody can guess, printed once.
fn generated_password() -> SecretString {
    SecretString::from(random_hex(12))
}
