use clap::Args;
use secrecy::ExposeSecret;
use serde::Serialize;

use super::prompt::{self, Passwords};
use super::{CliError, Context, output};
use crate::domain::Collaborator;
use crate::service::ServiceError;
use crate::service::setup::{FirstAccount, MigrationReport, Setup};

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
}

#[derive(Serialize)]
struct Report<'a> {
    database: String,
    #[serde(flatten)]
    migrations: &'a MigrationReport,
    created_accounts: Vec<CreatedAccount<'a>>,
}

#[derive(Serialize)]
struct CreatedAccount<'a> {
    #[serde(flatten)]
    collaborator: &'a Collaborator,
    /// Only for demo accounts: generated, shown this once.
    #[serde(skip_serializing_if = "Option::is_none")]
    password: Option<&'a str>,
}

pub fn run(ctx: &Context, args: InitArgs) -> Result<(), CliError> {
    let url = ctx.database_url()?;
    let mut setup = Setup::open(&url)?;
    let migrations = setup.migrate()?;
    let wants_account = args.name.is_some() || args.email.is_some() || args.demo;

    let mut created: Vec<(Collaborator, Option<secrecy::SecretString>)> = Vec::new();
    if setup.has_accounts()? {
        if wants_account {
            return Err(ServiceError::Conflict(
                "the database already has accounts; log in and use `collaborator create`".into(),
            )
            .into());
        }
    } else if args.demo {
        let first = match (&args.name, &args.email) {
            (None, None) => None,
            _ => Some(first_account(&args)?),
        };
        created = setup
            .load_demo(first)?
            .into_iter()
            .map(|d| (d.collaborator, Some(d.password)))
            .collect();
    } else {
        created.push((setup.create_first(first_account(&args)?)?, None));
    }

    let report = Report {
        database: url.to_string(),
        migrations: &migrations,
        created_accounts: created
            .iter()
            .map(|(c, p)| CreatedAccount {
                collaborator: c,
                password: p.as_ref().map(|p| p.expose_secret()),
            })
            .collect(),
    };
    ctx.out.done(&report, || human(&report))
}

fn first_account(args: &InitArgs) -> Result<FirstAccount, CliError> {
    let name = match &args.name {
        Some(n) => n.clone(),
        None => prompt::text("the first account's full name", "--name")?,
    };
    let email = match &args.email {
        Some(e) => e.clone(),
        None => prompt::text("the first account's e-mail", "--email")?,
    };
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
    lines.join("\n")
}
