//! `epicevents client …`: listing, showing, creating, updating, archiving
//! and restoring clients.

use std::ffi::OsString;

use clap::{Args, Subcommand};

use super::args::{Export, Paging, maybe_text, text};
use super::named;
use super::{CliError, Context, render, stream};
use epicevents_domain::Department;
use epicevents_service::{ClientChanges, ClientQuery, NewClient};

#[derive(Debug, Subcommand)]
pub enum ClientCommand {
    /// List clients, by name
    List {
        /// Only the clients you own
        #[arg(long)]
        mine: bool,
        /// Only archived clients
        #[arg(long)]
        archived: bool,
        /// Only clients whose name, e-mail, phone or company hold every word of this (any case, any order)
        #[arg(long, value_name = "TEXT")]
        search: Option<OsString>,
        /// The other way round: by name from Z to A
        #[arg(long)]
        reverse: bool,
        #[command(flatten)]
        paging: Paging,
        #[command(flatten)]
        export: Export,
    },
    /// Show one client
    Show {
        /// The client: its id, e-mail or name (see `client list`)
        #[arg(value_name = "CLIENT")]
        client: OsString,
    },
    /// Create a client you will own (sales)
    Create(CreateArgs),
    /// Change a client's details (its sales rep), or hand it to another sales rep (management)
    Update(UpdateArgs),
    /// Hand a sales rep's clients, with their contracts, to another sales rep
    /// in one go: all of them, or those given with --client (management)
    Reassign {
        #[command(flatten)]
        handover: super::handover::HandoverArgs,
        /// Only this client of theirs (by id); repeat for several
        #[arg(long = "client", value_name = "ID")]
        only: Vec<i32>,
    },
    /// Take a client out of the lists, with its unsigned contracts (management, or its
    /// sales rep while none is signed)
    Archive {
        /// The client's id
        id: i32,
    },
    /// Bring an archived client back, with the contracts archived with it (management)
    Restore {
        /// The client's id (see `client list --archived`)
        id: i32,
    },
}

#[derive(Debug, Args)]
pub struct CreateArgs {
    /// Full name of the person at the client
    #[arg(long)]
    name: OsString,
    /// Their e-mail, e.g. kevin@startup.io
    #[arg(long)]
    email: OsString,
    /// Phone number, e.g. +33 6 12 34 56 78
    #[arg(long)]
    phone: OsString,
    /// Company name
    #[arg(long)]
    company: OsString,
    /// Create it even if a client already has this e-mail
    #[arg(long)]
    allow_duplicate: bool,
}

#[derive(Debug, Args)]
pub struct UpdateArgs {
    /// The client's id (see `client list`)
    id: i32,
    #[command(flatten)]
    changes: Changes,
    /// Change it only if it is still at this version (the `version` that
    /// `show` printed): refuses, exit 7, if someone changed it since
    #[arg(long, value_name = "N")]
    if_version: Option<i32>,
}

#[derive(Debug, Args)]
#[group(required = true, multiple = true)]
pub struct Changes {
    /// New full name of the person at the client
    #[arg(long)]
    name: Option<OsString>,
    /// New e-mail, e.g. kevin@startup.io
    #[arg(long)]
    email: Option<OsString>,
    /// New phone number, e.g. +33 6 12 34 56 78
    #[arg(long)]
    phone: Option<OsString>,
    /// New company name
    #[arg(long)]
    company: Option<OsString>,
    /// Hand the client to another sales collaborator (management): an id,
    /// an e-mail or a name
    #[arg(long, value_name = "WHO")]
    sales_contact: Option<OsString>,
}

pub fn run(ctx: &Context, command: ClientCommand) -> Result<(), CliError> {
    let mut crm = ctx.crm()?;
    match command {
        ClientCommand::List {
            mine,
            archived,
            search,
            reverse,
            paging,
            export,
        } => {
            let mut query = ClientQuery {
                mine,
                archived,
                search: maybe_text("search", search)?,
                reverse,
                ..Default::default()
            };
            stream::print(&ctx.out, &export, &paging, &render::CLIENTS, |ask| {
                query.limit = ask.limit;
                query.offset = ask.offset;
                query.after = ask.after;
                Ok(crm.list_clients(&query)?)
            })
        }
        ClientCommand::Show { client } => {
            let id = named::client(&mut *crm, "client", client)?;
            let c = crm.show_client(id)?;
            ctx.out.data(&c, || render::client(&c))
        }
        ClientCommand::Create(args) => {
            let input = NewClient {
                name: text("name", args.name)?,
                email: text("email", args.email)?,
                phone: text("phone", args.phone)?,
                company: text("company", args.company)?,
                allow_duplicate: args.allow_duplicate,
            };
            let c = crm.create_client(input)?;
            ctx.out.done(&c, || {
                format!("Created client #{} {} ({}).", c.id, c.name, c.company)
            })
        }
        ClientCommand::Archive { id } | ClientCommand::Restore { id } => {
            let archiving = matches!(command, ClientCommand::Archive { .. });
            let c = crm.set_client_archived(id, archiving)?;
            let name = format!("{} ({})", c.name, c.company);
            ctx.out.done(&c, || {
                render::archived("client", id, &name, archiving, c.changed)
            })
        }
        ClientCommand::Reassign { handover, only } => {
            let records = super::handover::Records {
                plural: "clients",
                department: Department::Sales,
                reassign: |crm, h| crm.reassign_clients(h),
            };
            super::handover::run(ctx, &mut *crm, &records, handover, only)
        }
        ClientCommand::Update(args) => {
            let Changes {
                name,
                email,
                phone,
                company,
                sales_contact,
            } = args.changes;
            let input = ClientChanges {
                name: maybe_text("name", name)?,
                email: maybe_text("email", email)?,
                phone: maybe_text("phone", phone)?,
                company: maybe_text("company", company)?,
                sales_contact: sales_contact
                    .map(|who| {
                        named::collaborator(
                            &mut *crm,
                            "sales_contact",
                            who,
                            Some(Department::Sales),
                        )
                    })
                    .transpose()?,
                if_version: args.if_version,
            };
            let c = crm.update_client(args.id, input)?;
            ctx.out.done(&c, || {
                let said = render::updated("client", c.id.0, c.changed);
                format!("{said}\n{}", render::client(&c))
            })
        }
    }
}
