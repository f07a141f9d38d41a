//! `client reassign` and `event reassign`: one person's records handed to
//! another in one go, by management, in one transaction.

use std::ffi::OsString;

use clap::Args;

use super::named;
use super::{CliError, Context};
use epicevents_domain::Department;
use epicevents_service::{Crm, HandedOver, Handover};

/// Whose records go to whom. `ONLY` is the noun's own option (`--client`,
/// `--event`), filled by the command that flattens this.
#[derive(Debug, Args)]
pub struct HandoverArgs {
    /// Whose they are now: an id, an e-mail or a name
    #[arg(long, value_name = "WHO")]
    from: OsString,
    /// Who takes them, in the same department: an id, an e-mail or a name
    #[arg(long, value_name = "WHO")]
    to: OsString,
}

/// What is handed over: `clients` of sales, or `events` of support.
pub struct Records {
    pub plural: &'static str,
    pub department: Department,
    pub reassign: fn(&mut dyn Crm, Handover) -> Result<HandedOver, epicevents_service::ApiError>,
}

pub fn run(
    ctx: &Context,
    crm: &mut dyn Crm,
    records: &Records,
    args: HandoverArgs,
    only: Vec<i32>,
) -> Result<(), CliError> {
    let department = Some(records.department);
    let from = named::collaborator(crm, "from", args.from, department)?;
    let to = named::collaborator(crm, "to", args.to, department)?;
    let handed = (records.reassign)(crm, Handover { from, to, only })?;
    let (from, to) = (&handed.from, &handed.to);
    ctx.out.done(&handed, || match handed.moved.as_slice() {
        [] => format!(
            "{} had no {} to hand over; nothing changed.",
            from.name, records.plural
        ),
        ids => {
            let ids: Vec<String> = ids.iter().map(i32::to_string).collect();
            format!(
                "Handed {} {} from {} to {}: {}. Both were notified.",
                ids.len(),
                records.plural,
                from.name,
                to.name,
                ids.join(", ")
            )
        }
    })
}
