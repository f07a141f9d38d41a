//! `epicevents event …`: listing, showing, creating, updating, staffing,
//! archiving and restoring events, and importing the support team's sheet.

use std::ffi::OsString;

use clap::{Args, Subcommand};

use super::args::{Export, Paging, maybe_day, maybe_text, maybe_when, text, when};
use super::named;
use super::{CliError, Context, render, stream};
use epicevents_domain::{Department, Span};
use epicevents_service::{EventChanges, EventQuery, NewEvent};

/// How times are typed, for --help.
const WHEN: &str = "2023-06-04 13:00, 2023-06-04T13:00+02:00, \"4 Jun 2023 @ 1PM\", \"12/03/2027 18h30\" or \"12 mars 2027 18h\" (local time unless an offset is given)";

#[derive(Debug, Subcommand)]
pub enum EventCommand {
    /// List events in the order they happen
    List {
        /// Only events you support (support) or sold (sales)
        #[arg(long)]
        mine: bool,
        /// Only archived events
        #[arg(long)]
        archived: bool,
        /// Only events with no support contact yet
        #[arg(long)]
        unassigned: bool,
        /// Only this contract's events (its id, or its client's when the
        /// client has one contract)
        #[arg(long, value_name = "CONTRACT")]
        contract: Option<OsString>,
        /// Only events that are not over yet
        #[arg(long)]
        upcoming: bool,
        /// Only events starting on or after this day (2027-03-12, 12/03/2027,
        /// 12 mars 2027) or time
        #[arg(long, value_name = "DATE")]
        from: Option<OsString>,
        /// Only events starting on or before this day (the whole day), or
        /// before this time
        #[arg(long, value_name = "DATE")]
        to: Option<OsString>,
        /// Only events starting today (your day, in your time zone)
        #[arg(long, conflicts_with_all = ["from", "to", "this_week", "next"])]
        today: bool,
        /// Only events starting this week, Monday to Sunday
        #[arg(long, conflicts_with_all = ["from", "to", "next"])]
        this_week: bool,
        /// Only events starting within this span from now: 7d, 2w
        #[arg(long, value_name = "SPAN", conflicts_with_all = ["from", "to"])]
        next: Option<OsString>,
        /// Only events whose name, place or client (name, company, e-mail,
        /// phone) hold every word of this, in any case and order
        #[arg(long, value_name = "TEXT")]
        search: Option<OsString>,
        /// The other way round: the latest start first
        #[arg(long)]
        reverse: bool,
        #[command(flatten)]
        paging: Paging,
        #[command(flatten)]
        export: Export,
    },
    /// Show one event, with its client's contact details
    Show {
        /// The event: its id, or its name (see `event list`)
        #[arg(value_name = "EVENT")]
        event: OsString,
    },
    /// Create the event of a signed contract of one of your clients (sales)
    Create(CreateArgs),
    /// Change the details of an event you support (support), or correct one
    /// you created while it has no support contact yet (sales)
    Update(UpdateArgs),
    /// Give an event to a support collaborator (management)
    Assign {
        /// The event's id (see `event list`)
        id: i32,
        /// Who will run it, in support: an id, an e-mail or a name (see
        /// `collaborator list --department support`)
        #[arg(long, value_name = "WHO")]
        support: OsString,
    },
    /// Hand a support collaborator's events to another in one go: all of
    /// them, or those given with --event (management)
    Reassign {
        #[command(flatten)]
        handover: super::handover::HandoverArgs,
        /// Only this event of theirs (by id); repeat for several
        #[arg(long = "event", value_name = "ID")]
        only: Vec<i32>,
    },
    /// Take an event from its support contact, leaving it unassigned (management)
    Unassign {
        /// The event's id (see `event list`)
        id: i32,
    },
    /// Take an event out of the lists (management)
    Archive {
        /// The event's id
        id: i32,
    },
    /// Bring an archived event back (management)
    Restore {
        /// The event's id (see `event list --archived`)
        id: i32,
    },
    /// Bring in the support team's spreadsheet: creates the events it has
    /// and the CRM lacks, updates those that changed, all or nothing (management)
    Import(super::import::ImportArgs),
}

#[derive(Debug, Args)]
pub struct CreateArgs {
    /// The signed contract it is for: its id, or its client's id, e-mail
    /// or name when the client has one contract (see `contract list`)
    #[arg(long, value_name = "CONTRACT")]
    contract: OsString,
    /// What the event is, e.g. "John Ouick Wedding"
    #[arg(long)]
    name: OsString,
    #[arg(long, value_name = "WHEN", help = format!("Start: {WHEN}"))]
    start: OsString,
    #[arg(long, value_name = "WHEN", help = format!("End: {WHEN}"))]
    end: OsString,
    /// Where it happens, e.g. "53 Rue du Château, 41120 Candé-sur-Beuvron"
    #[arg(long)]
    location: OsString,
    /// Expected number of people
    #[arg(long, value_name = "N", allow_negative_numbers = true)]
    attendees: OsString,
    /// Anything support should know, e.g. "DJ booked for the after party"
    #[arg(long, value_name = "TEXT")]
    notes: Option<OsString>,
    /// The start is in the past on purpose (an event recorded after it took
    /// place): without it, a past start is refused as a typing slip
    #[arg(long)]
    past: bool,
}

#[derive(Debug, Args)]
pub struct UpdateArgs {
    /// The event's id (see `event list`)
    id: i32,
    #[command(flatten)]
    changes: Changes,
    /// Change it only if it is still at this version (the `version` that
    /// `show` printed): refuses, exit 7, if someone changed it since
    #[arg(long, value_name = "N")]
    if_version: Option<i32>,
    /// A new start in the past is meant (see `event create --past`)
    #[arg(long)]
    past: bool,
}

#[derive(Debug, Args)]
#[group(required = true, multiple = true)]
pub struct Changes {
    /// New name of the event
    #[arg(long)]
    name: Option<OsString>,
    #[arg(long, value_name = "WHEN", help = format!("Start: {WHEN}"))]
    start: Option<OsString>,
    #[arg(long, value_name = "WHEN", help = format!("End: {WHEN}"))]
    end: Option<OsString>,
    /// New place
    #[arg(long)]
    location: Option<OsString>,
    /// New expected number of people
    #[arg(long, value_name = "N", allow_negative_numbers = true)]
    attendees: Option<OsString>,
    /// Replaces the notes ("" empties them)
    #[arg(long, value_name = "TEXT")]
    notes: Option<OsString>,
}

pub fn run(ctx: &Context, command: EventCommand) -> Result<(), CliError> {
    let mut crm = ctx.crm()?;
    match command {
        EventCommand::Import(args) => super::import::run(ctx, &mut *crm, args),
        EventCommand::List {
            mine,
            archived,
            unassigned,
            contract,
            upcoming,
            from,
            to,
            today,
            this_week,
            next,
            search,
            reverse,
            paging,
            export,
        } => {
            let span = match (today, this_week, next) {
                (true, _, _) => Some(Span::Today),
                (_, true, _) => Some(Span::ThisWeek),
                (_, _, Some(next)) => Some(
                    Span::next("next", &text("next", next)?)
                        .map_err(epicevents_service::ServiceError::Invalid)?,
                ),
                _ => None,
            };
            let (starts_from, starts_before) = match span {
                Some(span) => {
                    let now = chrono::Utc::now().naive_utc();
                    let (from, before) = span.bounds(now, &chrono::Local);
                    (Some(from), Some(before))
                }
                None => (
                    maybe_day("from", from)?.map(|(start, _)| start),
                    maybe_day("to", to)?.map(|(start, end)| end.unwrap_or(start)),
                ),
            };
            let mut query = EventQuery {
                mine,
                archived,
                unassigned,
                contract: contract
                    .map(|c| named::contract(&mut *crm, "contract", c))
                    .transpose()?,
                upcoming,
                starts_from,
                starts_before,
                search: maybe_text("search", search)?,
                reverse,
                ..Default::default()
            };
            stream::print(&ctx.out, &export, &paging, &render::EVENTS, |ask| {
                query.limit = ask.limit;
                query.offset = ask.offset;
                query.after = ask.after;
                Ok(crm.list_events(&query)?)
            })
        }
        EventCommand::Show { event } => {
            let id = named::event(&mut *crm, "event", event)?;
            let e = crm.show_event(id)?;
            ctx.out.data(&e, || render::event(&e))
        }
        EventCommand::Create(args) => {
            let input = NewEvent {
                contract: named::contract(&mut *crm, "contract", args.contract)?,
                name: text("name", args.name)?,
                starts_at: when("start", args.start)?,
                ends_at: when("end", args.end)?,
                location: text("location", args.location)?,
                attendees: text("attendees", args.attendees)?,
                notes: maybe_text("notes", args.notes)?,
                past: args.past,
            };
            let e = crm.create_event(input)?;
            ctx.out.done(&e, || {
                format!(
                    "Created event #{} {}; management will assign its support contact.",
                    e.id, e.name
                )
            })
        }
        EventCommand::Update(args) => {
            let c = args.changes;
            let input = EventChanges {
                name: maybe_text("name", c.name)?,
                starts_at: maybe_when("start", c.start)?,
                ends_at: maybe_when("end", c.end)?,
                location: maybe_text("location", c.location)?,
                attendees: maybe_text("attendees", c.attendees)?,
                notes: maybe_text("notes", c.notes)?,
                if_version: args.if_version,
                past: args.past,
            };
            let e = crm.update_event(args.id, input)?;
            ctx.out.done(&e, || {
                let said = render::updated("event", e.id.0, e.changed);
                format!("{said}\n{}", render::event(&e))
            })
        }
        EventCommand::Assign { id, support } => {
            let support =
                named::collaborator(&mut *crm, "support", support, Some(Department::Support))?;
            let e = crm.assign_event(id, support)?;
            ctx.out.done(&e, || {
                let who = e
                    .support_contact
                    .as_ref()
                    .map_or("nobody".to_owned(), |s| s.name.to_string());
                if e.changed {
                    format!("Event #{} {} is now supported by {who}.", e.id, e.name)
                } else {
                    format!(
                        "Event #{} {} was already supported by {who}; nothing changed.",
                        e.id, e.name
                    )
                }
            })
        }
        EventCommand::Archive { id } | EventCommand::Restore { id } => {
            let archiving = matches!(command, EventCommand::Archive { .. });
            let e = crm.set_event_archived(id, archiving)?;
            ctx.out.done(&e, || {
                render::archived("event", id, e.name.as_str(), archiving, e.changed)
            })
        }
        EventCommand::Reassign { handover, only } => {
            let records = super::handover::Records {
                plural: "events",
                department: Department::Support,
                reassign: |crm, h| crm.reassign_events(h),
            };
            super::handover::run(ctx, &mut *crm, &records, handover, only)
        }
        EventCommand::Unassign { id } => {
            let e = crm.unassign_event(id)?;
            ctx.out.done(&e, || {
                if e.changed {
                    format!("Event #{} {} has no support contact now.", e.id, e.name)
                } else {
                    format!(
                        "Event #{} {} had no support contact; nothing changed.",
                        e.id, e.name
                    )
                }
            })
        }
    }
}
