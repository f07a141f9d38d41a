//! Handing one collaborator's records to another in one go (management):
//! a leaving sales rep's clients, whose contracts follow them, or a support
//! collaborator's events. Each record is judged by its own row of the
//! policy, as a single hand-over is, gets its own trail entry, and the
//! people concerned are told; all in one transaction, or nothing.

use epicevents_api::{HandedOver, Handover};
use epicevents_domain::policy::{self, Action, Relation, Target, act};
use epicevents_domain::{Collaborator, CollaboratorId, Department, ValidationError};
use epicevents_store::access::Actor;
use epicevents_store::{DbConnection, clients, collaborators, events};
use epicevents_telemetry as telemetry;

use super::records::{assignee, check, existing};
use super::{ServiceError, Services, SessionToken};

impl Services {
    /// Hands `from`'s clients (all, or those `only` names) to `to`, in
    /// sales. Archived clients go too: nothing stays with someone leaving.
    pub fn reassign_clients(
        &self,
        token: Option<&SessionToken>,
        request: &Handover,
    ) -> Result<HandedOver, ServiceError> {
        let actor = self.authenticate(token)?;
        let now = self.now();
        let moved = self.write_as(&actor, None, |c| -> Result<_, ServiceError> {
            let ids = chosen(c, &actor, Action::ClientReassign, request, "client", |r| {
                r.clients
            })?;
            let to = assignee(c, request.to, Department::Sales, "to")?;
            for &id in &ids {
                let found = clients::get(c, id)?;
                let permit = check::<act::ClientReassign, _>(&actor, found.as_ref(), id)?;
                let before = existing(found, id)?;
                self.hand_client(c, now, &actor, &permit, &before, to.id)?;
            }
            Ok(ids)
        })?;
        for &id in &moved {
            telemetry::record_change(Action::ClientReassign.key(), id);
        }
        Ok(HandedOver { moved })
    }

    /// Hands `from`'s events (all, or those `only` names) to `to`, in
    /// support; past and archived ones too, so that the account can go.
    pub fn reassign_events(
        &self,
        token: Option<&SessionToken>,
        request: &Handover,
    ) -> Result<HandedOver, ServiceError> {
        let actor = self.authenticate(token)?;
        let now = self.now();
        let moved = self.write_as(&actor, None, |c| -> Result<_, ServiceError> {
            let ids = chosen(c, &actor, Action::EventAssign, request, "event", |r| {
                r.events
            })?;
            let to = assignee(c, request.to, Department::Support, "to")?;
            for &id in &ids {
                let found = events::get(c, id)?;
                let permit = check::<act::EventAssign, _>(&actor, found.as_ref(), id)?;
                let before = existing(found, id)?;
                events::set_support_contact(c, &permit, to.id, now)?;
                self.handed_over(c, now, &actor, &before, Some(to.id))?;
            }
            Ok(ids)
        })?;
        for &id in &moved {
            telemetry::record_change(Action::EventAssign.key(), id);
        }
        Ok(HandedOver { moved })
    }
}

/// The records to move: `from`'s, or those of `request.only`, each checked
/// to be `from`'s. Refused first as a hand-over of `from`'s records would
/// be, so that someone who may not hand over learns nothing of whether
/// there was anything to move.
fn chosen(
    c: &mut DbConnection,
    actor: &Actor,
    action: Action,
    request: &Handover,
    what: &'static str,
    held: impl FnOnce(collaborators::Responsibilities) -> Vec<i32>,
) -> Result<Vec<i32>, ServiceError> {
    let relation = if request.from == actor.id().0 {
        Relation::Own
    } else {
        Relation::Other
    };
    policy::decide(actor.department(), action, Target::Record(relation))?;
    let from = giver(c, request.from)?;
    if request.to == request.from {
        return Err(
            ValidationError::new("to", format!("is {}, who hands them over", from.name)).into(),
        );
    }
    let held = held(collaborators::responsibilities(c, from.id)?);
    for &id in &request.only {
        if !held.contains(&id) {
            let rule = format!("{what} {id} is not {}'s", from.name);
            return Err(ValidationError::new(what, rule)
                .with_code("not_theirs")
                .into());
        }
    }
    Ok(if request.only.is_empty() {
        held
    } else {
        let mut only = request.only.clone();
        only.sort_unstable();
        only.dedup();
        only
    })
}

fn giver(c: &mut DbConnection, id: i32) -> Result<Collaborator, ServiceError> {
    collaborators::get(c, CollaboratorId(id))?.ok_or(ServiceError::NotFound {
        what: "collaborator",
        id,
    })
}
