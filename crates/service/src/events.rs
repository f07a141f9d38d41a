//! Events: the client's sales rep creates one once its contract is signed;
//! management assigns who supports it; that support collaborator keeps it
//! up to date.

use chrono::NaiveDateTime;
use epicevents_api::{EventChanges, EventQuery, NewEvent};
use epicevents_domain::history::Changes as _;

use super::notify;
use super::records::{check, existing, fresh, live, page, parsed};
use super::{Conflict, Listing, ServiceError, Services, SessionToken, Updated, record_change};
use epicevents_domain::policy::{self, Action, RecordAct, act};
use epicevents_domain::{
    Attendees, ContractId, Event, EventName, Location, Notes, ValidationError, check_span,
    search_term,
};
use epicevents_store::access::{Actor, Permit};
use epicevents_store::events::{self as rows, Details, Filter};
use epicevents_store::{DbConnection, contracts, notifications};
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
            not_past(input.starts_at, now, input.past)?;
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

    /// Changes an event's details, by the way the actor's department may
    /// ([`policy::event_editing`]): support updates the events it runs;
    /// sales correct the ones they created until support is assigned.
    pub fn update_event(
        &self,
        token: Option<&SessionToken>,
        id: i32,
        input: EventChanges,
    ) -> Result<Updated<Event>, ServiceError> {
        let actor = self.authenticate(token)?;
        match policy::event_editing(actor.department()) {
            Action::EventAmend => self.change_event::<act::EventAmend>(&actor, id, input),
            _ => self.change_event::<act::EventUpdate>(&actor, id, input),
        }
    }

    /// Support's update of an event it runs, whoever asks.
    pub fn update_supported_event(
        &self,
        token: Option<&SessionToken>,
        id: i32,
        input: EventChanges,
    ) -> Result<Updated<Event>, ServiceError> {
        let actor = self.authenticate(token)?;
        self.change_event::<act::EventUpdate>(&actor, id, input)
    }

    /// A sales rep's correction of an event they created, whoever asks.
    pub fn correct_event(
        &self,
        token: Option<&SessionToken>,
        id: i32,
        input: EventChanges,
    ) -> Result<Updated<Event>, ServiceError> {
        let actor = self.authenticate(token)?;
        self.change_event::<act::EventAmend>(&actor, id, input)
    }

    /// The refusal a change of `event`'s details by the actor would meet
    /// now, without writing or recording it; `None` when it would go
    /// through. For pages that offer an edit only to whom may make it.
    pub fn event_change_refusal(
        &self,
        token: Option<&SessionToken>,
        event: &Event,
    ) -> Result<Option<ServiceError>, ServiceError> {
        let id = event.id.0;
        self.read_as(token, None, |c, actor| {
            let checked = match policy::event_editing(actor.department()) {
                Action::EventAmend => act::EventAmend::check(c, actor, Some(event), id).map(drop),
                _ => act::EventUpdate::check(c, actor, Some(event), id).map(drop),
            };
            let outcome = checked.and_then(|()| live(event.clone(), id).map(drop));
            match outcome {
                Ok(()) => Ok(None),
                Err(refused @ (ServiceError::Denied(_) | ServiceError::Conflict(_))) => {
                    Ok(Some(refused))
                }
                Err(other) => Err(other),
            }
        })
    }

    fn change_event<A: EventEditing>(
        &self,
        actor: &Actor,
        id: i32,
        input: EventChanges,
    ) -> Result<Updated<Event>, ServiceError> {
        if input.is_empty() {
            return Err(ValidationError::new(
                "update",
                "give at least one of name, start, end, location, attendees, notes",
            )
            .into());
        }
        let now = self.now();
        let event = self.write_as(actor, Some(id), |c| -> Result<_, ServiceError> {
            let found = rows::get(c, id)?;
            let permit = A::check(c, actor, found.as_ref(), id)?;
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
            // Only a start that moves: an event under way keeps its own.
            if let Some(start) = input.starts_at.filter(|&s| s != before.starts_at) {
                not_past(start, now, input.past)?;
            }
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
            A::write(c, &permit, &was, &details, now)?;
            let after = existing(rows::get(c, id)?, id)?;
            let changed = Event::changes(&was, &after);
            record_change(c, now, actor, A::ACTION, id, None, &changed)?;
            // Whoever runs it hears of it; a correction before anyone does,
            // management, who staffs it.
            let told: Vec<_> = match after.support_contact.as_ref() {
                Some(s) => vec![Some(s.id)],
                None if A::ACTION == Action::EventAmend => {
                    notifications::managers(c)?.into_iter().map(Some).collect()
                }
                None => Vec::new(),
            };
            notify::about_event(c, self.telling(now), actor, A::ACTION, &after, told)?;
            Ok(Updated {
                record: after,
                changed: true,
            })
        })?;
        if event.changed {
            telemetry::record_change(A::ACTION.key(), id);
        }
        Ok(event)
    }
}

/// A start in the past is refused, unless meant: a date typed a year or a
/// month off is the likelier story.
fn not_past(start: NaiveDateTime, now: NaiveDateTime, meant: bool) -> Result<(), ValidationError> {
    if start < now && !meant {
        return Err(
            ValidationError::new("start", "must not be in the past").with_code("in_the_past")
        );
    }
    Ok(())
}

/// The two ways an event's details change: each checks its own row of the
/// policy and writes through its own permit.
trait EventEditing: RecordAct + Sized {
    fn check(
        c: &mut DbConnection,
        actor: &Actor,
        found: Option<&Event>,
        id: i32,
    ) -> Result<Permit<Self>, ServiceError>;

    fn write(
        c: &mut DbConnection,
        permit: &Permit<Self>,
        was: &Event,
        details: &Details<'_>,
        now: NaiveDateTime,
    ) -> Result<(), ServiceError>;
}

impl EventEditing for act::EventUpdate {
    fn check(
        _: &mut DbConnection,
        actor: &Actor,
        found: Option<&Event>,
        id: i32,
    ) -> Result<Permit<Self>, ServiceError> {
        check::<Self, _>(actor, found, id)
    }

    fn write(
        c: &mut DbConnection,
        permit: &Permit<Self>,
        _: &Event,
        details: &Details<'_>,
        now: NaiveDateTime,
    ) -> Result<(), ServiceError> {
        Ok(rows::update(c, permit, details, now)?)
    }
}

/// Judged on the event's contract, as creating one is: the sales rep of
/// its client corrects it; then only while nobody runs it.
impl EventEditing for act::EventAmend {
    fn check(
        c: &mut DbConnection,
        actor: &Actor,
        found: Option<&Event>,
        id: i32,
    ) -> Result<Permit<Self>, ServiceError> {
        let Some(event) = found else {
            return check::<Self, Event>(actor, None, id);
        };
        let contract = contracts::get(c, event.contract_id.0)?;
        let permit = actor.permit_on::<Self, _>(contract.as_ref(), id)?;
        supported_yet(event)?;
        Ok(permit)
    }

    fn write(
        c: &mut DbConnection,
        permit: &Permit<Self>,
        was: &Event,
        details: &Details<'_>,
        now: NaiveDateTime,
    ) -> Result<(), ServiceError> {
        if rows::correct(c, permit, details, now)? {
            Ok(())
        } else {
            // Assigned between the read and the write.
            let now = existing(rows::get(c, was.id.0)?, was.id.0)?;
            supported_yet(&now)
        }
    }
}

/// Refuses a sales rep's correction once support runs the event.
fn supported_yet(event: &Event) -> Result<(), ServiceError> {
    match &event.support_contact {
        Some(support) => Err(Conflict::EventSupported {
            event: event.id.0,
            support: support.name.to_string(),
        }
        .into()),
        None => Ok(()),
    }
}
