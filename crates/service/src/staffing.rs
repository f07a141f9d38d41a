//! Staffing an event: management hands it to a support collaborator, or
//! takes it back; the people concerned are told.

use epicevents_domain::Department;
use epicevents_domain::Event;
use epicevents_domain::history::Changes as _;
use epicevents_domain::policy::{Action, act};
use epicevents_store::events as rows;
use epicevents_store::notifications;
use epicevents_telemetry as telemetry;

use super::notify;
use super::records::{assignee, check, existing, handover, live};
use super::{ServiceError, Services, SessionToken, Updated, record_change};

impl Services {
    /// Hands an event to a support collaborator (management's job).
    pub fn assign_event(
        &self,
        token: Option<&SessionToken>,
        id: i32,
        support: i32,
    ) -> Result<Event, ServiceError> {
        let actor = self.authenticate(token)?;
        let now = self.now();
        let event = self.write_as(&actor, Some(id), |c| -> Result<_, ServiceError> {
            let found = rows::get(c, id)?;
            let permit = check::<act::EventAssign, _>(&actor, found.as_ref(), id)?;
            let before = live(existing(found, id)?, id)?;
            let to = assignee(c, support, Department::Support, "support")?;
            rows::set_support_contact(c, &permit, to.id, now)?;
            let detail = handover(
                "support contact",
                before.support_contact.as_ref(),
                Some(to.id),
            );
            let after = existing(rows::get(c, id)?, id)?;
            let changed = Event::changes(&before, &after);
            record_change(
                c,
                now,
                &actor,
                Action::EventAssign,
                id,
                Some(detail),
                &changed,
            )?;
            // The new support contact and the client's sales rep are told;
            // the one it was taken from, as an unassignment.
            let seller = notifications::seller_of_event(c, id)?;
            notify::about_event(
                c,
                self.telling(now),
                &actor,
                Action::EventAssign,
                &after,
                [Some(to.id), seller],
            )?;
            let was = before
                .support_contact
                .as_ref()
                .map(|s| s.id)
                .filter(|&w| w != to.id);
            notify::about_event(
                c,
                self.telling(now),
                &actor,
                Action::EventUnassign,
                &after,
                [was],
            )?;
            Ok(after)
        })?;
        telemetry::record_change(Action::EventAssign.key(), id);
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
            let detail = handover("support contact", before.support_contact.as_ref(), None);
            rows::clear_support_contact(c, &permit, now)?;
            let after = existing(rows::get(c, id)?, id)?;
            let changed = Event::changes(&before, &after);
            record_change(
                c,
                now,
                &actor,
                Action::EventUnassign,
                id,
                Some(detail),
                &changed,
            )?;
            let was = before.support_contact.as_ref().map(|s| s.id);
            notify::about_event(
                c,
                self.telling(now),
                &actor,
                Action::EventUnassign,
                &after,
                [was],
            )?;
            Ok(Updated {
                record: after,
                changed: true,
            })
        })?;
        if event.changed {
            telemetry::record_change(Action::EventUnassign.key(), id);
        }
        Ok(event)
    }
}
