//! Handing one collaborator's records to another in one go (management):
//! a leaving sales rep's clients, whose contracts follow them, or a support
//! collaborator's events. Each record is judged by its own row of the
//! policy, as a single hand-over is, gets its own trail entry, and the
//! people concerned are told; all in one transaction, or nothing.

use chrono::NaiveDateTime;
use epicevents_api::{HandedOver, Handover};
use epicevents_domain::policy::{self, Action, Relation, Target, act};
use epicevents_domain::{Collaborator, CollaboratorId, Contact, Department, ValidationError};
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
        let records = Records {
            action: Action::ClientReassign,
            what: "client",
            department: Department::Sales,
            held: |r| r.clients,
        };
        self.hand_over(token, request, &records, |c, actor, id, to, now| {
            let found = clients::get(c, id)?;
            let permit = check::<act::ClientReassign, _>(actor, found.as_ref(), id)?;
            let before = existing(found, id)?;
            self.hand_client(c, now, actor, &permit, &before, to)
                .map(drop)
        })
    }

    /// Hands `from`'s events (all, or those `only` names) to `to`, in
    /// support; past and archived ones too, so that the account can go.
    pub fn reassign_events(
        &self,
        token: Option<&SessionToken>,
        request: &Handover,
    ) -> Result<HandedOver, ServiceError> {
        let records = Records {
            action: Action::EventAssign,
            what: "event",
            department: Department::Support,
            held: |r| r.events,
        };
        self.hand_over(token, request, &records, |c, actor, id, to, now| {
            let found = events::get(c, id)?;
            let permit = check::<act::EventAssign, _>(actor, found.as_ref(), id)?;
            let before = existing(found, id)?;
            events::set_support_contact(c, &permit, to, now)?;
            self.handed_over(c, now, actor, &before, Some(to)).map(drop)
        })
    }

    /// One transaction: the records chosen, `to` checked to be in the
    /// records' department, then each record moved by `move_one`.
    fn hand_over(
        &self,
        token: Option<&SessionToken>,
        request: &Handover,
        records: &Records,
        mut move_one: impl FnMut(
            &mut DbConnection,
            &Actor,
            i32,
            CollaboratorId,
            NaiveDateTime,
        ) -> Result<(), ServiceError>,
    ) -> Result<HandedOver, ServiceError> {
        let actor = self.authenticate(token)?;
        let now = self.now();
        let handed = self.write_as(&actor, None, |c| -> Result<_, ServiceError> {
            let (from, ids) = chosen(c, &actor, records, request)?;
            let to = assignee(c, request.to, records.department, "to")?;
            for &id in &ids {
                move_one(c, &actor, id, to.id, now)?;
            }
            Ok(HandedOver {
                moved: ids,
                from: contact(from),
                to: contact(to),
            })
        })?;
        for &id in &handed.moved {
            telemetry::record_change(records.action.key(), id);
        }
        Ok(handed)
    }
}

/// What a hand-over moves: the action that moves one record, its noun, the
/// department of whoever holds such records, and which they hold.
struct Records {
    action: Action,
    what: &'static str,
    department: Department,
    held: fn(collaborators::Responsibilities) -> Vec<i32>,
}

/// The records to move: `from`'s, or those of `request.only`, each checked
/// to be `from`'s. Refused first as a hand-over of `from`'s records would
/// be, so that someone who may not hand over learns nothing of whether
/// there was anything to move.
fn chosen(
    c: &mut DbConnection,
    actor: &Actor,
    records: &Records,
    request: &Handover,
) -> Result<(Collaborator, Vec<i32>), ServiceError> {
    let relation = if request.from == actor.id().0 {
        Relation::Own
    } else {
        Relation::Other
    };
    policy::decide(actor.department(), records.action, Target::Record(relation))?;
    let from = giver(c, request.from)?;
    if request.to == request.from {
        return Err(
            ValidationError::new("to", format!("is {}, who hands them over", from.name)).into(),
        );
    }
    let held = (records.held)(collaborators::responsibilities(c, from.id)?);
    for &id in &request.only {
        if !held.contains(&id) {
            let rule = format!("{} {id} is not {}'s", records.what, from.name);
            return Err(ValidationError::new(records.what, rule)
                .with_code("not_theirs")
                .into());
        }
    }
    let ids = if request.only.is_empty() {
        held
    } else {
        let mut only = request.only.clone();
        only.sort_unstable();
        only.dedup();
        only
    };
    Ok((from, ids))
}

fn contact(who: Collaborator) -> Contact {
    Contact {
        id: who.id,
        name: who.name,
    }
}

fn giver(c: &mut DbConnection, id: i32) -> Result<Collaborator, ServiceError> {
    collaborators::get(c, CollaboratorId(id))?.ok_or(ServiceError::NotFound {
        what: "collaborator",
        id,
    })
}
