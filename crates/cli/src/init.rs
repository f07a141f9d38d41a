//! `epicevents init`: a new database with its first manager, and on
//! PostgreSQL and MariaDB the installation's roles.

use clap::Args;
use secrecy::ExposeSecret;
use serde::Serialize;

use super::prompt::{self, Passwords, valid};
use super::{CliError, Context, output};
use epicevents_domain::Collaborator;
use epicevents_domain::{Email, FullName};
use epicevents_service::setup::{self, CreatedAccount, FirstAccount, MigrationReport, Setup};
use epicevents_service::{ApiError, Conflict, DatabaseUrl, ErrorKind, ServiceError};

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Full name of the first management account
    #[arg(long)]
    name: Option<String>,
    /// E-mail of the first management account
    #[arg(long)]
    email: Option<String>,
    /// Read the first account's password from standard input
    #[arg(long)]
    password_stdin: bool,
    /// Also load the brief's sample data, with generated passwords printed once
    #[arg(long)]
    demo: bool,
    /// Start a new, empty database where one that this machine created has
    /// gone (deleted or moved)
    #[arg(long)]
    new: bool,
    /// PostgreSQL and MariaDB: the prefix of this installation's role names
    /// (default: the database's name)
    #[arg(long, value_name = "PREFIX")]
    role_prefix: Option<String>,
    /// PostgreSQL: the server's login role authenticates by certificate or
    /// peer (pg_hba.conf); MariaDB: by its local socket (unix_socket). No
    /// password is set or shown
    #[arg(long)]
    no_server_password: bool,
}

#[derive(Serialize)]
struct Report<'a> {
    database: String,
    #[serde(flatten)]
    migrations: &'a MigrationReport,
    created_accounts: Vec<ShownAccount<'a>>,
    /// PostgreSQL and MariaDB: the URL `serve` connects with, when its login
    /// role was created now (its password is shown this once).
    #[serde(skip_serializing_if = "Option::is_none")]
    server_database_url: Option<String>,
    /// PostgreSQL and MariaDB: the script a superuser must run to create
    /// the roles, when this account could not.
    #[serde(skip_serializing_if = "Option::is_none")]
    roles_script: Option<String>,
    /// Which administrator's tool the script is for.
    #[serde(skip)]
    on_mariadb: bool,
}

#[derive(Serialize)]
struct ShownAccount<'a> {
    #[serde(flatten)]
    collaborator: &'a Collaborator,
    /// Only for demo accounts: generated, shown this once.
    #[serde(skip_serializing_if = "Option::is_none")]
    password: Option<&'a str>,
}

pub fn run(ctx: &Context, args: InitArgs) -> Result<(), CliError> {
    let url = ctx.database_only("init")?;
    let known = ctx.session_file()?;
    let vanished = match &url {
        DatabaseUrl::Sqlite(path) if !path.exists() && known.knew_database(path)? => Some(path),
        _ => None,
    };
    if let (Some(path), false) = (vanished, args.new) {
        return Err(ApiError::new(
            ErrorKind::Conflict,
            "database_gone",
            format!(
                "this machine created a database at {} and it is gone (deleted or moved); to start a new, empty one there, run `epicevents init --new`",
                path.display()
            ),
        )
        .into());
    }
    let typed_account = args.name.is_some() || args.email.is_some();
    // Everything is checked before the database is created or migrated, so
    // a refusal or a bad answer leaves it as it was.
    let first = if setup::has_accounts(&url)? {
        if typed_account || args.demo {
            return Err(ServiceError::from(Conflict::AlreadyInitialised).into());
        }
        None
    } else if args.demo && !typed_account {
        None
    } else {
        Some(first_account(&args)?.validate()?)
    };

    let setup = Setup::open(&url)?;
    let migrations = setup.migrate()?;
    if let DatabaseUrl::Sqlite(path) = &url {
        known.remember_database(path)?;
    }
    let created = match (args.demo, first) {
        (true, first) => setup.load_demo(first)?,
        (false, Some(first)) => vec![CreatedAccount {
            collaborator: setup.create_first(first)?,
            generated_password: None,
        }],
        (false, None) => Vec::new(),
    };

    let roles = setup.install_roles(&url, args.role_prefix.as_deref(), !args.no_server_password)?;
    let roles_script = roles
        .superuser_script
        .as_deref()
        .map(write_script)
        .transpose()?;
    let server_database_url = roles
        .server_database_url
        .as_ref()
        .map(|u| u.expose_secret().to_owned());

    let report = Report {
        database: url.to_string(),
        migrations: &migrations,
        created_accounts: created
            .iter()
            .map(|a| ShownAccount {
                collaborator: &a.collaborator,
                password: a.generated_password.as_ref().map(|p| p.expose_secret()),
            })
            .collect(),
        server_database_url,
        roles_script,
        on_mariadb: matches!(url, DatabaseUrl::Mysql(_)),
    };
    // A password shown once is a result, which `--quiet` does not hide.
    if report.server_database_url.is_some() || report.roles_script.is_some() {
        ctx.out.data(&report, || human(&report))
    } else {
        ctx.out.done(&report, || human(&report))
    }
}

/// Writes the superuser's script beside the command, readable by its owner
/// only (it holds the server's password). Returns its path.
fn write_script(script: &str) -> Result<String, CliError> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let path = "epicevents-roles.sql";
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(path)
        .and_then(|mut f| f.write_all(script.as_bytes()).map(|()| f))
        .map_err(|e| CliError::Local(format!("cannot write {path}: {e}")))?;
    file.flush()
        .map_err(|e| CliError::Local(format!("cannot write {path}: {e}")))?;
    Ok(path.to_owned())
}

fn first_account(args: &InitArgs) -> Result<FirstAccount, CliError> {
    let name = match &args.name {
        Some(n) => n.clone(),
        None => prompt::text("Full name of the first management account:", "--name")?,
    };
    let email = match &args.email {
        Some(e) => e.clone(),
        None => prompt::text("E-mail of the first management account:", "--email")?,
    };
    // Typos are reported before the password is asked for, not after.
    valid::<FullName>(&name)?;
    valid::<Email>(&email)?;
    let password =
        Passwords::new(args.password_stdin).read("Password for the first account:", true)?;
    Ok(FirstAccount {
        name,
        email,
        password,
    })
}

fn human(report: &Report<'_>) -> String {
    let m = report.migrations;
    let mut lines = vec![match (m.created, m.applied.len()) {
        (true, n) => format!(
            "Created the database at {} ({} migration(s) applied).",
            report.database, n
        ),
        (false, 0) => format!("The database at {} is up to date.", report.database),
        (false, n) => format!(
            "Migrated the database at {}: {} migration(s) applied.",
            report.database, n
        ),
    }];
    let demo = report.created_accounts.iter().any(|a| a.password.is_some());
    if demo {
        let mut t = output::table(&["ID", "Name", "Department", "E-mail", "Password"]);
        for a in &report.created_accounts {
            t.add_row(vec![
                a.collaborator.id.to_string(),
                a.collaborator.name.to_string(),
                a.collaborator.department.to_string(),
                a.collaborator.email.to_string(),
                a.password.unwrap_or("(as typed)").to_owned(),
            ]);
        }
        lines.push("Demo accounts (these passwords are shown only now):".into());
        lines.push(t.to_string());
    } else {
        for a in &report.created_accounts {
            lines.push(format!(
                "Created the first management account: #{} {} <{}>. Log in with `epicevents login`.",
                a.collaborator.id, a.collaborator.name, a.collaborator.email
            ));
        }
    }
    if let Some(url) = &report.server_database_url {
        lines.push(
            "Created the database roles; the server connects with this URL (its password is shown only now):"
                .into(),
        );
        lines.push(format!("server database URL: {url}"));
    }
    if let Some(script) = &report.roles_script {
        lines.push(format!(
            "This account cannot create database roles: {}, then `epicevents init` again.",
            if report.on_mariadb {
                format!("a MariaDB account that can create users (root) must run {script} (mariadb DATABASE < {script})")
            } else {
                format!("a PostgreSQL superuser must run {script} (psql -v ON_ERROR_STOP=1 -d DATABASE_URL -f {script})")
            }
        ));
    }
    lines.join("\n")
}
