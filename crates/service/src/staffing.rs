//! Staffing an event: management hands it to a support collaborator, or
//! takes it back; the people concerned are told.

use chrono::NaiveDateTime;

use epicevents_domain::history::Changes as _;
use epicevents_domain::policy::{Action, act};
use epicevents_domain::{CollaboratorId, Department, Event};
use epicevents_store::access::Actor;
use epicevents_store::events as rows;
use epicevents_store::{DbConnection, notifications};
use epicevents_telemetry as telemetry;

use super::notify;
use super::records::{assignee, check, existing, handover, live};
use super::{ServiceError, Services, SessionToken, Updated, record_change};

impl Services {
    /// Hands an event to a support collaborator (management's job). Handing
    /// it to the one it already has changes nothing: no new version, no
    /// trail entry, nobody told again (`changed`: false).
    pub fn assign_event(
        &self,
        token: Option<&SessionToken>,
        id: i32,
        support: i32,
    ) -> Result<Updated<Event>, ServiceError> {
        let actor = self.authenticate(token)?;
        let now = self.now();
        let event = self.write_as(&actor, Some(id), |c| -> Result<_, ServiceError> {
            let found = rows::get(c, id)?;
            let permit = check::<act::EventAssign, _>(&actor, found.as_ref(), id)?;
            let before = live(existing(found, id)?, id)?;
            let to = assignee(c, support, Department::Support, "support")?;
            if before.support_contact.as_ref().map(|s| s.id) == Some(to.id) {
                return Ok(Updated {
                    record: before,
                    changed: false,
                });
            }
            rows::set_support_contact(c, &permit, to.id, now)?;
            Ok(Updated {
                record: self.handed_over(c, now, &actor, &before, Some(to.id))?,
                changed: true,
            })
        })?;
        if event.changed {
            telemetry::record_change(Action::EventAssign.key(), id);
        }
        Ok(event)
    }

    /// Takes an event from its support contact (management's job). An
    /// event that has none is left as it is, and nothing is recorded.
    pub fn unassign_event(
        &self,
        token: Option<&SessionToken>,
        id: i32,
    ) -> Result<Updated<Event>, ServiceError> {
        let actor = self.authenticate(token)?;
        let now = self.now();
        let event = self.write_as(&actor, Some(id), |c| -> Result<_, ServiceError> {
            let found = rows::get(c, id)?;
            let permit = check::<act::EventUnassign, _>(&actor, found.as_ref(), id)?;
            let before = live(existing(found, id)?, id)?;
            if before.support_contact.is_none() {
                return Ok(Updated {
                    record: before,
                    changed: false,
                });
            }
            rows::clear_support_contact(c, &permit, now)?;
            Ok(Updated {
                record: self.handed_over(c, now, &actor, &before, None)?,
                changed: true,
            })
        })?;
        if event.changed {
            telemetry::record_change(Action::EventUnassign.key(), id);
        }
        Ok(event)
    }

    /// After an event's support contact was written (`to`, or nobody): the
    /// trail's entry, and the people told. The new support contact and the
    /// client's sales rep learn of an assignment; whoever had the event, of
    /// its being taken from them.
    pub(crate) fn handed_over(
        &self,
        c: &mut DbConnection,
        now: NaiveDateTime,
        actor: &Actor,
        before: &Event,
        to: Option<CollaboratorId>,
    ) -> Result<Event, ServiceError> {
        let id = before.id.0;
        let action = match to {
            Some(_) => Action::EventAssign,
            None => Action::EventUnassign,
        };
        let detail = handover("support contact", before.support_contact.as_ref(), to);
        let after = existing(rows::get(c, id)?, id)?;
        let changed = Event::changes(before, &after);
        record_change(c, now, actor, action, id, Some(detail), &changed)?;
        let told = self.telling(now);
        if to.is_some() {
            let seller = notifications::seller_of_event(c, id)?;
            notify::about_event(c, told, actor, action, &after, [to, seller])?;
        }
        let was = before.support_contact.as_ref().map(|s| s.id);
        let was = was.filter(|&w| Some(w) != to);
        notify::about_event(c, told, actor, Action::EventUnassign, &after, [was])?;
        Ok(after)
    }
}
