//! `epicevents contract …`: listing, showing, drawing up, updating,
//! signing, archiving and restoring contracts.

use std::ffi::OsString;

use clap::{Args, Subcommand};

use super::args::{Export, Paging, maybe_date, maybe_text, text};
use super::named;
use super::{CliError, Context, render, stream};
use epicevents_domain::{Contract, Payment};
use epicevents_service::{ContractChanges, ContractQuery, NewContract, NewPayment};

#[derive(Debug, Subcommand)]
pub enum ContractCommand {
    /// List contracts, newest first
    List {
        /// Only contracts of the clients you own
        #[arg(long)]
        mine: bool,
        /// Only archived contracts
        #[arg(long)]
        archived: bool,
        /// Only contracts not signed yet
        #[arg(long)]
        unsigned: bool,
        /// Only contracts with an amount still due
        #[arg(long)]
        unpaid: bool,
        /// Only this client's contracts: its id, e-mail or name
        #[arg(long, value_name = "CLIENT")]
        client: Option<OsString>,
        /// Only contracts of clients whose name, e-mail, phone or company
        /// hold every word of this, in any case and order
        #[arg(long, value_name = "TEXT")]
        search: Option<OsString>,
        /// The other way round: the oldest first
        #[arg(long)]
        reverse: bool,
        #[command(flatten)]
        paging: Paging,
        #[command(flatten)]
        export: Export,
    },
    /// Show one contract
    Show {
        /// The contract: its id, or its client's id, e-mail or name when the
        /// client has one contract (see `contract list`)
        #[arg(value_name = "CONTRACT")]
        contract: OsString,
    },
    /// Draw up a contract for a client (management)
    Create(CreateArgs),
    /// Change a contract's amounts or signature
    Update(UpdateArgs),
    /// Mark a contract signed
    Sign {
        /// The contract's id (see `contract list`)
        id: i32,
    },
    /// Record a payment the client made: what is due follows (its client's
    /// sales rep, management)
    Pay {
        /// The contract's id (see `contract list --unpaid`)
        id: i32,
        /// How much was paid, e.g. 2500, "2 500,00" or 2500€
        #[arg(long, value_name = "AMOUNT", allow_negative_numbers = true)]
        amount: OsString,
        /// The day it was paid, e.g. 2027-03-01 or 01/03/2027 (today if not given)
        #[arg(long, value_name = "DAY")]
        on: Option<OsString>,
    },
    /// Take a contract out of the lists, with its past events (management, or its
    /// client's sales rep while it is unsigned)
    Archive {
        /// The contract's id
        id: i32,
    },
    /// Bring an archived contract back, with the events archived with it (management)
    Restore {
        /// The contract's id (see `contract list --archived`)
        id: i32,
    },
}

#[derive(Debug, Args)]
pub struct CreateArgs {
    /// The client it is for: its id, e-mail or name (see `client list`)
    #[arg(long, value_name = "CLIENT")]
    client: OsString,
    /// Total amount, e.g. 1234.56, 1234,56 or "1 234,56"
    #[arg(long, value_name = "AMOUNT", allow_negative_numbers = true)]
    total: OsString,
    /// Amount still due [default: the total]
    #[arg(long, value_name = "AMOUNT", allow_negative_numbers = true)]
    due: Option<OsString>,
    /// The client has already signed
    #[arg(long)]
    signed: bool,
}

#[derive(Debug, Args)]
pub struct UpdateArgs {
    /// The contract's id (see `contract list`)
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
    /// New total amount, e.g. 1234.56, 1234,56 or "1 234,56"
    #[arg(long, value_name = "AMOUNT", allow_negative_numbers = true)]
    total: Option<OsString>,
    /// New amount still due, e.g. 0 once paid
    #[arg(long, value_name = "AMOUNT", allow_negative_numbers = true)]
    due: Option<OsString>,
    /// The client has signed it
    #[arg(long, conflicts_with = "unsigned")]
    signed: bool,
    /// Take the signature back (only while no event is booked on it)
    #[arg(long)]
    unsigned: bool,
}

pub fn run(ctx: &Context, command: ContractCommand) -> Result<(), CliError> {
    let mut crm = ctx.crm()?;
    match command {
        ContractCommand::List {
            mine,
            archived,
            unsigned,
            unpaid,
            client,
            search,
            reverse,
            paging,
            export,
        } => {
            let mut query = ContractQuery {
                mine,
                archived,
                unsigned,
                unpaid,
                client: client
                    .map(|c| named::client(&mut *crm, "client", c))
                    .transpose()?,
                search: maybe_text("search", search)?,
                reverse,
                ..Default::default()
            };
            stream::print(&ctx.out, &export, &paging, &render::CONTRACTS, |ask| {
                query.limit = ask.limit;
                query.offset = ask.offset;
                query.after = ask.after;
                Ok(crm.list_contracts(&query)?)
            })
        }
        ContractCommand::Show { contract } => {
            let id = named::contract(&mut *crm, "contract", contract)?;
            let contract = crm.show_contract(id)?;
            let shown = Shown {
                payments: crm.payments(id)?,
                contract,
            };
            ctx.out.data(&shown, || {
                let record = render::contract(&shown.contract);
                format!("{record}\n{}", render::payments(&shown.payments))
            })
        }
        ContractCommand::Pay { id, amount, on } => {
            let payment = NewPayment {
                amount: text("amount", amount)?,
                on: maybe_date("on", on)?,
            };
            let c = crm.pay_contract(id, payment)?;
            ctx.out.done(&c, || {
                format!(
                    "Recorded the payment on contract #{}; still due: {}.",
                    c.id, c.due
                )
            })
        }
        ContractCommand::Create(args) => {
            let input = NewContract {
                client: named::client(&mut *crm, "client", args.client)?,
                total: text("total", args.total)?,
                due: maybe_text("due", args.due)?,
                signed: args.signed,
            };
            let c = crm.create_contract(input)?;
            ctx.out.done(&c, || {
                format!(
                    "Created contract #{} for {} ({}): total {}, due {}, {}.",
                    c.id,
                    c.client.name,
                    c.client.company,
                    c.total,
                    c.due,
                    if c.signed { "signed" } else { "not signed yet" }
                )
            })
        }
        ContractCommand::Update(args) => {
            let Changes {
                total,
                due,
                signed,
                unsigned,
            } = args.changes;
            let input = ContractChanges {
                total: maybe_text("total", total)?,
                due: maybe_text("due", due)?,
                signed: match (signed, unsigned) {
                    (true, _) => Some(true),
                    (_, true) => Some(false),
                    _ => None,
                },
                if_version: args.if_version,
            };
            let c = crm.update_contract(args.id, input)?;
            ctx.out.done(&c, || {
                let said = render::updated("contract", c.id.0, c.changed);
                format!("{said}\n{}", render::contract(&c))
            })
        }
        ContractCommand::Archive { id } | ContractCommand::Restore { id } => {
            let archiving = matches!(command, ContractCommand::Archive { .. });
            let c = crm.set_contract_archived(id, archiving)?;
            let name = format!("for {} ({})", c.client.name, c.client.company);
            ctx.out.done(&c, || {
                render::archived("contract", id, &name, archiving, c.changed)
            })
        }
        ContractCommand::Sign { id } => {
            let outcome = crm.sign_contract(id)?;
            let c = &outcome.contract;
            ctx.out.done(c, || {
                if outcome.signed_now {
                    format!(
                        "Contract #{} is signed: {} can create its event (`event create --contract {}`).",
                        c.id,
                        c.sales_contact
                            .as_ref()
                            .map_or("its sales contact".to_owned(), |s| s.name.to_string()),
                        c.id
                    )
                } else {
                    format!("Contract #{} was already signed; nothing changed.", c.id)
                }
            })
        }
    }
}

/// A contract as `show` gives it: its record, and its payments.
#[derive(serde::Serialize)]
struct Shown {
    #[serde(flatten)]
    contract: Contract,
    payments: Vec<Payment>,
}
