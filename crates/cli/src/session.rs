use clap::Args;

use super::prompt::{self, Passwords};
use super::{CliError, Context, output};
use epicevents_domain::time::to_rfc3339;
use epicevents_service::WhoAmI;

#[derive(Debug, Args)]
pub struct LoginArgs {
    /// Your e-mail (prompted if missing)
    #[arg(long)]
    email: Option<String>,
    /// Read the password from standard input instead of prompting
    #[arg(long)]
    password_stdin: bool,
    /// How long the session lasts, in hours
    #[arg(long, env = "EPICEVENTS_SESSION_HOURS", default_value_t = 8, value_parser = clap::value_parser!(u16).range(1..=168))]
    session_hours: u16,
}

pub fn login(ctx: &Context, args: LoginArgs) -> Result<(), CliError> {
    let email = match args.email {
        Some(e) => e,
        None => prompt::text("E-mail:", "--email")?,
    };
    let password = Passwords::new(args.password_stdin).read("Password:", false)?;
    let mut config = ctx.service_config.clone();
    config.session_ttl = chrono::Duration::hours(i64::from(args.session_hours));
    let mut crm = ctx.crm_with(config)?;
    let file = ctx.session_file()?;
    // A new login replaces the session this machine had: end that one for good.
    crm.logout()?;
    let outcome = crm.login(&email, &password)?;
    file.save(&outcome.token)?;
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
            to_rfc3339(&me.session_expires_at)
        )
    })
}

pub fn logout(ctx: &Context) -> Result<(), CliError> {
    let file = ctx.session_file()?;
    if file.load()?.is_none() {
        return ctx
            .out
            .data(&serde_json::json!({ "logged_out": false }), || {
                "Not logged in.".into()
            });
    }
    // The local token goes whatever the server says: a user who logs out
    // must not be left holding it.
    let revoked = ctx.crm().and_then(|mut crm| Ok(crm.logout()?));
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
        rows.push(("Session ends", to_rfc3339(&me.session_expires_at)));
        output::record(&rows)
    })
}
