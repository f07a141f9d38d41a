//! Events: the client's sales rep creates one once its contract is signed;
//! management assigns who supports it; that support collaborator keeps it
//! up to date.

use chrono::NaiveDateTime;
use epicevents_api::{EventChanges, EventQuery, NewEvent};
use epicevents_domain::history::Changes as _;

use super::notify;
use super::records::{check, existing, fresh, live, page, parsed};
use super::{Conflict, Listing, ServiceError, Services, SessionToken, Updated, record_change};
use epicevents_domain::policy::{Action, act};
use epicevents_domain::{
    Attendees, ContractId, Event, EventName, Location, Notes, ValidationError, check_span,
    search_term,
};
use epicevents_store::events::{self as rows, Details, Filter};
use epicevents_store::{contracts, notifications};
use epicevents_telemetry as telemetry;

impl Services {
    pub fn list_events(
        &self,
        token: Option<&SessionToken>,
        query: &EventQuery,
    ) -> Result<Listing<Event>, ServiceError> {
        self.read_as(token, None, |c, actor| {
            actor.permit::<act::EventList>()?;
            let filter = Filter {
                archived: Some(query.archived),
                involving: query.mine.then(|| actor.id()),
                unassigned_only: query.unassigned,
                contract: query.contract.map(ContractId),
                not_ended_at: query.upcoming.then(|| self.now()),
                starts_from: query.starts_from,
                starts_before: query.starts_before,
                search: query.search.as_deref().map(search_term).transpose()?,
                reverse: query.reverse,
            };
            let page = page(query.limit, query.offset, query.after)?;
            Ok(rows::list(c, &filter, page)?)
        })
    }

    /// How many live events start in each of `spans` (from, before): a
    /// reading of the event list, which everyone may read.
    pub fn events_starting_in(
        &self,
        token: Option<&SessionToken>,
        spans: &[(NaiveDateTime, NaiveDateTime)],
    ) -> Result<Vec<i64>, ServiceError> {
        self.read_as(token, None, |c, actor| {
            actor.permit::<act::EventList>()?;
            Ok(rows::starting_in(c, spans)?)
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
