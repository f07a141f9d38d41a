//! `epicevents collaborator …`: management's accounts (create, update,
//! delete or deactivate, reactivate, unlock) and everyone's own password.

use std::ffi::OsString;

use clap::{Args, Subcommand};

use super::args::{DepartmentName, Export, Paging};
use super::named;
use super::prompt::{self, Passwords, valid};
use super::{CliError, Context, output, render, stream};
use epicevents_domain::policy::Action;
use epicevents_domain::{Department, Email, FullName};
use epicevents_service::{CollaboratorQuery, NewCollaborator, PasswordChange, UpdateCollaborator};

#[derive(Debug, Subcommand)]
pub enum CollaboratorCommand {
    /// List collaborators
    List {
        /// Only this department (sales/commercial, support, management/gestion)
        #[arg(long, value_parser = DepartmentName)]
        department: Option<String>,
        #[command(flatten)]
        paging: Paging,
        #[command(flatten)]
        export: Export,
    },
    /// Show one collaborator
    Show {
        /// The collaborator: an id, an e-mail or a name (see `collaborator list`)
        #[arg(value_name = "WHO")]
        who: OsString,
    },
    /// Create an account (the password is prompted, or read with --password-stdin)
    Create(CreateArgs),
    /// Change a collaborator's name, e-mail or department
    Update(UpdateArgs),
    /// Set a password: your own (current one required) or, for management, anyone's
    SetPassword {
        /// The collaborator's id (see `collaborator list`)
        id: i32,
        /// Read from standard input: for your own, the current password then the new one, one per line
        #[arg(long)]
        password_stdin: bool,
    },
    /// Let someone whose logins were refused after too many failures try again at once, from anywhere
    Unlock {
        /// The collaborator's id (see `collaborator list`)
        id: i32,
    },
    /// Delete an account that is no longer responsible for any client or event (one whose
    /// changes are on the trail is deactivated instead: it cannot log in, its name stays)
    Delete {
        /// The collaborator's id (see `collaborator list`)
        id: i32,
        /// Do not ask for confirmation
        #[arg(long)]
        yes: bool,
    },
    /// Let a deactivated collaborator log in again
    Reactivate {
        /// The collaborator's id (see `collaborator list`)
        id: i32,
    },
}

#[derive(Debug, Args)]
pub struct CreateArgs {
    /// Full name, e.g. "Bill Boquet"
    #[arg(long)]
    name: String,
    /// Work e-mail, used to log in, e.g. bill@epicevents.fr
    #[arg(long)]
    email: String,
    /// sales (commercial), support, or management (gestion)
    #[arg(long, value_parser = DepartmentName)]
    department: String,
    /// Read the password from standard input instead of prompting
    #[arg(long)]
    password_stdin: bool,
}

#[derive(Debug, Args)]
pub struct UpdateArgs {
    /// The collaborator's id (see `collaborator list`)
    id: i32,
    #[command(flatten)]
    changes: Changes,
}

/// At least one change is required: clap refuses an empty update as misuse.
#[derive(Debug, Args)]
#[group(required = true, multiple = true)]
pub struct Changes {
    /// New full name
    #[arg(long)]
    name: Option<String>,
    /// New work e-mail (the login changes with it)
    #[arg(long)]
    email: Option<String>,
    /// sales (commercial), support, or management (gestion)
    #[arg(long, value_parser = DepartmentName)]
    department: Option<String>,
}

pub fn run(ctx: &Context, command: CollaboratorCommand) -> Result<(), CliError> {
    let mut crm = ctx.crm()?;
    match command {
        CollaboratorCommand::List {
            department,
            paging,
            export,
        } => {
            let mut query = CollaboratorQuery {
                department,
                ..Default::default()
            };
            stream::print(&ctx.out, &export, &paging, &render::COLLABORATORS, |ask| {
                query.limit = ask.limit;
                query.offset = ask.offset;
                query.after = ask.after;
                Ok(crm.list_collaborators(&query)?)
            })
        }
        CollaboratorCommand::Show { who } => {
            let id = named::collaborator(&mut *crm, "collaborator", who, None)?;
            let c = crm.show_collaborator(id)?;
            ctx.out.data(&c, || output::collaborator(&c))
        }
        CollaboratorCommand::Create(args) => {
            // Refuse before asking for a password the user could not use.
            crm.ensure(Action::CollaboratorCreate)?;
            valid::<FullName>(&args.name)?;
            valid::<Email>(&args.email)?;
            valid::<Department>(&args.department)?;
            let password =
                Passwords::new(args.password_stdin).read("Password for the new account:", true)?;
            let input = NewCollaborator {
                name: args.name,
                email: args.email,
                department: args.department,
                password,
            };
            let c = crm.create_collaborator(input)?;
            ctx.out.done(&c, || {
                format!(
                    "Created collaborator #{} {} ({}).",
                    c.id, c.name, c.department
                )
            })
        }
        CollaboratorCommand::Update(args) => {
            let Changes {
                name,
                email,
                department,
            } = args.changes;
            let input = UpdateCollaborator {
                name,
                email,
                department,
            };
            let c = crm.update_collaborator(args.id, input)?;
            ctx.out.done(&c, || {
                format!(
                    "Updated collaborator #{}.\n{}",
                    c.id,
                    output::collaborator(&c)
                )
            })
        }
        CollaboratorCommand::SetPassword { id, password_stdin } => {
            let me = crm.whoami()?;
            let passwords = Passwords::new(password_stdin);
            let own = me.collaborator.id.0 == id;
            let current_password = if own {
                Some(passwords.read("Current password:", false)?)
            } else {
                None
            };
            let new_password = passwords.read("New password:", true)?;
            crm.set_password(
                id,
                PasswordChange {
                    current_password,
                    new_password,
                },
            )?;
            let note = if own {
                "Password changed. This session goes on; your other sessions have ended."
            } else {
                "Password set. Every session of that collaborator has ended."
            };
            ctx.out.done(
                &serde_json::json!({ "id": id, "sessions_revoked": true, "this_session_kept": own }),
                || note.into(),
            )
        }
        CollaboratorCommand::Unlock { id } => {
            let u = crm.unlock_collaborator(id)?;
            let c = &u.collaborator;
            ctx.out.done(&u, || {
                if u.had_failures {
                    format!(
                        "Unlocked collaborator #{} {}: they may log in again.",
                        c.id, c.name
                    )
                } else {
                    format!(
                        "Collaborator #{} {} had no failed logins; nothing to unlock.",
                        c.id, c.name
                    )
                }
            })
        }
        CollaboratorCommand::Delete { id, yes } => {
            if !yes {
                prompt::require_terminal("confirm the deletion; pass --yes")?;
                // Every refusal before the question, not after the answer.
                let target = crm.delete_collaborator(id, true)?;
                let verb = match target.deactivated_at {
                    Some(_) => "Deactivate (their changes are on the trail)",
                    None => "Delete",
                };
                if !prompt::confirm(&format!(
                    "{verb} collaborator #{} {} <{}>?",
                    target.id, target.name, target.email
                ))? {
                    return Err(CliError::Usage("deletion cancelled".into()));
                }
            }
            let c = crm.delete_collaborator(id, false)?;
            ctx.out.done(&c, || match c.deactivated_at {
                Some(_) => format!(
                    "Deactivated collaborator #{} {}: their changes are on the trail, so the \
                     account stays, unable to log in (`collaborator reactivate {}` undoes it).",
                    c.id, c.name, c.id
                ),
                None => format!("Deleted collaborator #{} {}.", c.id, c.name),
            })
        }
        CollaboratorCommand::Reactivate { id } => {
            let c = crm.reactivate_collaborator(id)?;
            ctx.out.done(&c, || match c.changed {
                true => format!(
                    "Reactivated collaborator #{} {}: they may log in again.",
                    c.id, c.name
                ),
                false => format!(
                    "Collaborator #{} {} is active; nothing changed.",
                    c.id, c.name
                ),
            })
        }
    }
}
