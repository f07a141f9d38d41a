//! Events: the client's sales rep creates one once its contract is signed;
//! management assigns who supports it; that support collaborator keeps it
//! up to date.

use chrono::NaiveDateTime;
use epicevents_domain::history::Changes as _;
use serde::{Deserialize, Serialize};

use super::notify;
use super::records::{check, existing, fresh, live, page, parsed};
use super::{Conflict, Listing, ServiceError, Services, SessionToken, Updated, record_change};
use epicevents_domain::policy::{Action, Target, act};
use epicevents_domain::{
    Attendees, ContractId, Event, EventName, Location, Notes, ValidationError, check_span,
    search_term,
};
use epicevents_store::events::{self as rows, Details, Filter};
use epicevents_store::{contracts, notifications};
use epicevents_telemetry as telemetry;

/// A new event as typed; times are already read (in the caller's zone) as UTC.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewEvent {
    /// The signed contract the event is for.
    pub contract: i32,
    pub name: String,
    #[serde(with = "epicevents_domain::time::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    pub starts_at: NaiveDateTime,
    #[serde(with = "epicevents_domain::time::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    pub ends_at: NaiveDateTime,
    pub location: String,
    /// How many people are expected, as typed.
    pub attendees: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

/// Changes as typed; `None` keeps the current value.
#[derive(Debug, Clone, Default, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EventChanges {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "epicevents_domain::time::rfc3339_option"
    )]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub starts_at: Option<NaiveDateTime>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "epicevents_domain::time::rfc3339_option"
    )]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub ends_at: Option<NaiveDateTime>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attendees: Option<String>,
    /// Replaces the notes ("" empties them).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    /// Refuse the change unless the record is still at this version (what
    /// `show` said): someone else's change in between is not overwritten.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub if_version: Option<i32>,
}

impl EventChanges {
    fn is_empty(&self) -> bool {
        self.name.is_none()
            && self.starts_at.is_none()
            && self.ends_at.is_none()
            && self.location.is_none()
            && self.attendees.is_none()
            && self.notes.is_none()
    }
}

/// Which events a list shows, and which page of them.
#[derive(Debug, Clone, Default, Serialize, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(default, deny_unknown_fields)]
pub struct EventQuery {
    /// Only events the actor supports, or sold.
    pub mine: bool,
    /// Only archived records, which lists leave out otherwise.
    pub archived: bool,
    /// Only events with no support contact yet.
    pub unassigned: bool,
    /// Only this contract's events.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contract: Option<i32>,
    /// Only events not over yet.
    pub upcoming: bool,
    /// Only events starting at or after this time (RFC 3339).
    #[serde(
        with = "epicevents_domain::time::rfc3339_option",
        skip_serializing_if = "Option::is_none"
    )]
    #[param(value_type = Option<String>)]
    pub starts_from: Option<NaiveDateTime>,
    /// Only events starting before this time (RFC 3339).
    #[serde(
        with = "epicevents_domain::time::rfc3339_option",
        skip_serializing_if = "Option::is_none"
    )]
    #[param(value_type = Option<String>)]
    pub starts_before: Option<NaiveDateTime>,
    /// Only events whose name or location contains this text, in any case.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub search: Option<String>,
    /// Rows per page (1 to 100000; 50 by default).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limit: Option<i64>,
    /// Rows to skip.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub offset: Option<i64>,
    /// Only the rows after the one with this id, in the list's order: a
    /// whole list is read a page at a time by passing each page's last id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after: Option<i32>,
}

impl Services {
    pub fn list_events(
        &self,
        token: Option<&SessionToken>,
        query: &EventQuery,
    ) -> Result<Listing<Event>, ServiceError> {
        self.read_as(token, None, |c, actor| {
            actor.permit::<act::EventList>(Target::Collection, None)?;
            let filter = Filter {
                archived: Some(query.archived),
                involving: query.mine.then(|| actor.id()),
                unassigned_only: query.unassigned,
                contract: query.contract.map(ContractId),
                not_ended_at: query.upcoming.then(|| self.now()),
                starts_from: query.starts_from,
                starts_before: query.starts_before,
                search: query.search.as_deref().map(search_term).transpose()?,
            };
            let page = page(query.limit, query.offset, query.after)?;
            Ok(rows::list(c, &filter, page)?)
        })
    }

    pub fn show_event(&self, token: Option<&SessionToken>, id: i32) -> Result<Event, ServiceError> {
        self.show::<act::EventShow, _>(token, id, rows::get)
    }

    /// Creates an event for a signed contract of one of the actor's clients.
    pub fn create_event(
        &self,
        token: Option<&SessionToken>,
        input: NewEvent,
    ) -> Result<Event, ServiceError> {
        let actor = self.authenticate(token)?;
        let now = self.now();
        let contract_id = input.contract;
        let event = self.write_as(&actor, Some(contract_id), |c| -> Result<_, ServiceError> {
            let found = contracts::get(c, contract_id)?;
            let permit = check::<act::EventCreate, _>(&actor, found.as_ref(), contract_id)?;
            let contract = live(existing(found, contract_id)?, contract_id)?;
            let name: EventName = input.name.parse()?;
            let location: Location = input.location.parse()?;
            let attendees: Attendees = input.attendees.parse()?;
            let notes: Notes = input.notes.as_deref().unwrap_or("").parse()?;
            check_span(input.starts_at, input.ends_at)?;
            if !contract.signed {
                return Err(Conflict::ContractUnsigned {
                    contract: contract_id,
                }
                .into());
            }
            let details = Details {
                name: &name,
                starts_at: input.starts_at,
                ends_at: input.ends_at,
                location: &location,
                attendees,
                notes: &notes,
            };
            let id = rows::insert(c, &permit, &details, now)?;
            let detail = format!("contract {contract_id}");
            record_change(c, now, &actor, Action::EventCreate, id.0, Some(detail), &[])?;
            let event = existing(rows::get(c, id.0)?, id.0)?;
            // Management finds it a support contact.
            let managers = notifications::managers(c)?.into_iter().map(Some);
            notify::about_event(
                c,
                self.telling(now),
                &actor,
                Action::EventCreate,
                &event,
                managers,
            )?;
            Ok(event)
        })?;
        telemetry::record_change(Action::EventCreate.key(), event.id.0);
        Ok(event)
    }

    /// Changes an event's details: its support contact's job.
    pub fn update_event(
        &self,
        token: Option<&SessionToken>,
        id: i32,
        input: EventChanges,
    ) -> Result<Updated<Event>, ServiceError> {
        let actor = self.authenticate(token)?;
        if input.is_empty() {
            return Err(ValidationError::new(
                "update",
                "give at least one of name, start, end, location, attendees, notes",
            )
            .into());
        }
        let now = self.now();
        let event = self.write_as(&actor, Some(id), |c| -> Result<_, ServiceError> {
            let found = rows::get(c, id)?;
            let permit = check::<act::EventUpdate, _>(&actor, found.as_ref(), id)?;
            let before = live(existing(found, id)?, id)?;
            fresh::<Event>(input.if_version, id, before.version, || {
                use epicevents_domain::time::to_rfc3339;
                format!(
                    "{}, {} to {}, {}, {} attendees",
                    before.name,
                    to_rfc3339(&before.starts_at),
                    to_rfc3339(&before.ends_at),
                    before.location,
                    before.attendees
                )
            })?;
            let was = before.clone();
            let name = parsed::<EventName>(input.name.as_ref())?.unwrap_or(before.name);
            let location = parsed::<Location>(input.location.as_ref())?.unwrap_or(before.location);
            let attendees =
                parsed::<Attendees>(input.attendees.as_ref())?.unwrap_or(before.attendees);
            let notes = parsed::<Notes>(input.notes.as_ref())?.unwrap_or(before.notes);
            let starts_at = input.starts_at.unwrap_or(before.starts_at);
            let ends_at = input.ends_at.unwrap_or(before.ends_at);
            // Blame what was typed, and name the stored value it conflicts with.
            let stored = |t: NaiveDateTime| epicevents_domain::time::to_rfc3339(&t);
            match (input.starts_at, input.ends_at) {
                (Some(_), None) if starts_at >= ends_at => {
                    return Err(ValidationError::new(
                        "start",
                        format!("must be before the event's end, {}", stored(ends_at)),
                    )
                    .into());
                }
                (None, Some(_)) if ends_at <= starts_at => {
                    return Err(ValidationError::new(
                        "end",
                        format!("must be after the event's start, {}", stored(starts_at)),
                    )
                    .into());
                }
                _ => check_span(starts_at, ends_at)?,
            }
            if (&name, starts_at, ends_at, &location, attendees, &notes)
                == (
                    &was.name,
                    was.starts_at,
                    was.ends_at,
                    &was.location,
                    was.attendees,
                    &was.notes,
                )
            {
                return Ok(Updated {
                    record: was,
                    changed: false,
                });
            }
            let details = Details {
                name: &name,
                starts_at,
                ends_at,
                location: &location,
                attendees,
                notes: &notes,
            };
            rows::update(c, &permit, &details, now)?;
            let after = existing(rows::get(c, id)?, id)?;
            let changed = Event::changes(&was, &after);
            record_change(c, now, &actor, Action::EventUpdate, id, None, &changed)?;
            let support = after.support_contact.as_ref().map(|s| s.id);
            notify::about_event(
                c,
                self.telling(now),
                &actor,
                Action::EventUpdate,
                &after,
                [support],
            )?;
            Ok(Updated {
                record: after,
                changed: true,
            })
        })?;
        if event.changed {
            telemetry::record_change(Action::EventUpdate.key(), id);
        }
        Ok(event)
    }
}
