//! `epicevents login`, `logout` and `whoami`: a session, kept in a file of
//! its own (0600), in local mode or with a server.

use clap::Args;

use super::prompt::{self, Passwords};
use super::render::local_with_offset;
use super::{CliError, Context, Target, output};
use epicevents_service::WhoAmI;

#[derive(Debug, Args)]
pub struct LoginArgs {
    /// Your e-mail (prompted if missing)
    #[arg(long)]
    email: Option<String>,
    /// Read the password from standard input instead of prompting
    #[arg(long)]
    password_stdin: bool,
    /// How long the session lasts, in hours [default: 8] (local mode; a server sets its own)
    #[arg(long, env = "EPICEVENTS_SESSION_HOURS", hide_env_values = true, value_parser = clap::value_parser!(u16).range(1..=168))]
    session_hours: Option<u16>,
}

/// Hours a local session lasts unless `--session-hours` says otherwise.
const DEFAULT_SESSION_HOURS: u16 = 8;

pub fn login(ctx: &Context, args: LoginArgs) -> Result<(), CliError> {
    let target = ctx.target()?;
    let mut config = ctx.service_config.clone();
    if let Target::Server(server) = &target
        && args.session_hours.is_some()
    {
        return Err(CliError::Usage(format!(
            "{} sets how long sessions last (`serve --session-hours`); drop --session-hours or EPICEVENTS_SESSION_HOURS",
            server.url
        )));
    }
    let hours = args.session_hours.unwrap_or(DEFAULT_SESSION_HOURS);
    config.session_ttl = chrono::Duration::hours(i64::from(hours));
    let email = match args.email {
        Some(e) => e,
        None => prompt::text("E-mail:", "--email")?,
    };
    let password = Passwords::new(args.password_stdin).read("Password:", false)?;
    let file = ctx.session_file()?;
    // The new session first: a failed login (a typo, a server that is
    // down) leaves the session this machine has as it was.
    let outcome = ctx
        .crm_at(&target, config.clone(), None)?
        .login(&email, &password)?;
    // Then the one it replaces ends for good, where it was opened. Its
    // token is never sent anywhere else. A courtesy only: should it fail,
    // that session expires on its own.
    if let Some(old) = file.load_to_replace()? {
        let opened_at = match file.server()? {
            Some(server) => Some(Target::Server(server)),
            None => matches!(target, Target::Local(_)).then(|| target.clone()),
        };
        if let Some(opened_at) = opened_at
            && let Err(e) = ctx
                .crm_at(&opened_at, config, Some(old))
                .and_then(|mut crm| Ok(crm.logout()?))
        {
            tracing::warn!(error = %e, "could not end the session this login replaces");
        }
    }
    file.save(&outcome.token)?;
    match &target {
        Target::Server(server) => file.remember_server(server)?,
        Target::Local(_) => file.forget_server()?,
    }
    // The same view as `whoami`, so scripts parse one shape.
    let me = WhoAmI {
        collaborator: outcome.collaborator,
        session_expires_at: outcome.expires_at,
    };
    ctx.out.done(&me, || {
        format!(
            "Logged in as {} ({}). The session ends at {}.",
            me.collaborator.name,
            me.collaborator.department,
            local_with_offset(&me.session_expires_at)
        )
    })
}

pub fn logout(ctx: &Context) -> Result<(), CliError> {
    let file = ctx.session_file()?;
    let Some(token) = file.load_to_replace()? else {
        return ctx
            .out
            .data(&serde_json::json!({ "logged_out": false }), || {
                "Not logged in.".into()
            });
    };
    // The local token goes whatever the server says: a user who logs out
    // must not be left holding it.
    let revoked = ctx
        .target()
        .and_then(|target| ctx.crm_at(&target, ctx.service_config.clone(), Some(token)))
        .and_then(|mut crm| Ok(crm.logout()?));
    file.remove()?;
    revoked?;
    ctx.out
        .done(&serde_json::json!({ "logged_out": true }), || {
            "Logged out.".into()
        })
}

pub fn whoami(ctx: &Context) -> Result<(), CliError> {
    let me = ctx.crm()?.whoami()?;
    ctx.out.data(&me, || {
        let mut rows = output::collaborator_rows(&me.collaborator);
        rows.push(("Session ends", local_with_offset(&me.session_expires_at)));
        output::record(&rows)
    })
}
