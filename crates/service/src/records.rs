//! What the client, contract and event use cases share: judging a record
//! for the actor inside the transaction that changes it, and checking the
//! people a record is handed to.

use super::{Actor, ServiceError, Services, SessionToken};
use epicevents_domain::policy::{self, Act, Permit, Relation, Target};
use epicevents_domain::{
    Client, Collaborator, CollaboratorId, Contact, Contract, Department, Event, ValidationError,
};
use epicevents_store::{DbConnection, StoreError, collaborators};

/// A record the policy judges by who is responsible for it.
pub(super) trait Guarded {
    const WHAT: &'static str;
    /// The collaborator the record is "own" to, if any.
    fn responsible(&self) -> Option<CollaboratorId>;
}

impl Guarded for Client {
    const WHAT: &'static str = "client";
    fn responsible(&self) -> Option<CollaboratorId> {
        self.sales_contact.as_ref().map(|c| c.id)
    }
}

/// A contract is its client's sales contact's.
impl Guarded for Contract {
    const WHAT: &'static str = "contract";
    fn responsible(&self) -> Option<CollaboratorId> {
        self.sales_contact.as_ref().map(|c| c.id)
    }
}

/// An event is its support contact's.
impl Guarded for Event {
    const WHAT: &'static str = "event";
    fn responsible(&self) -> Option<CollaboratorId> {
        self.support_contact.as_ref().map(|c| c.id)
    }
}

/// How a record (or its absence) relates to the actor. A record that does not
/// exist counts as someone else's, so an actor who could not act on others'
/// records is told "denied", not whether the id exists.
pub(super) fn relation<R: Guarded>(actor: &Actor, found: Option<&R>) -> Relation {
    match found.map(Guarded::responsible) {
        Some(Some(who)) if who == actor.id() => Relation::Own,
        Some(None) => Relation::Unassigned,
        _ => Relation::Other,
    }
}

/// Asks the policy about action `A` on the record `found` (read with id `id`).
pub(super) fn check<A: Act, R: Guarded>(
    actor: &Actor,
    found: Option<&R>,
    id: i32,
) -> Result<Permit<A>, ServiceError> {
    let target = Target::Record(relation(actor, found));
    Ok(policy::authorize::<A>(
        actor.id(),
        actor.department(),
        target,
        Some(id),
    )?)
}

/// The record, once the policy has had its say on its absence.
pub(super) fn existing<R: Guarded>(found: Option<R>, id: i32) -> Result<R, ServiceError> {
    found.ok_or(ServiceError::NotFound { what: R::WHAT, id })
}

/// The collaborator a record is handed to, who must work in `department`.
/// `field` names the option that chose them, for the message.
pub(super) fn assignee(
    c: &mut DbConnection,
    id: i32,
    department: Department,
    field: &'static str,
) -> Result<Collaborator, ServiceError> {
    let who = collaborators::get(c, CollaboratorId(id))?.ok_or(ServiceError::NotFound {
        what: "collaborator",
        id,
    })?;
    if who.department != department {
        return Err(ValidationError::new(
            field,
            format!(
                "{} (#{}) is in {}, not {department}; pick someone from `collaborator list --department {department}`",
                who.name, who.id, who.department
            ),
        )
        .into());
    }
    Ok(who)
}

impl Services {
    /// Reads one record for action `A` (a `show`): the policy judges it like
    /// any other record, and a refusal is audited.
    pub(super) fn show<A: Act, R: Guarded>(
        &mut self,
        token: Option<&SessionToken>,
        id: i32,
        load: fn(&mut DbConnection, i32) -> Result<Option<R>, StoreError>,
    ) -> Result<R, ServiceError> {
        let actor = self.authenticate(token)?;
        let found = self.store.read(|c| load(c, id))?;
        let target = Target::Record(relation(&actor, found.as_ref()));
        self.authorize::<A>(&actor, target, Some(id))?;
        existing(found, id)
    }
}

/// "sales contact 2 -> 5": a hand-over, for the audit trail.
pub(super) fn handover(role: &str, from: Option<&Contact>, to: CollaboratorId) -> String {
    let from = from.map_or_else(|| "none".to_owned(), |c| c.id.to_string());
    format!("{role} {from} -> {to}")
}

/// Parses an optional typed value.
pub(super) fn parsed<T: std::str::FromStr<Err = ValidationError>>(
    s: Option<&String>,
) -> Result<Option<T>, ValidationError> {
    s.map(|s| s.parse()).transpose()
}
