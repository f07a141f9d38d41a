//! What the client, contract and event use cases share: judging a record
//! for the actor inside the transaction that changes it, and checking the
//! people a record is handed to.

use super::{Conflict, ServiceError, Services, SessionToken};
use epicevents_domain::history::Kind;
use epicevents_domain::policy::{self, Owned, RecordAct};
use epicevents_domain::{
    Client, Collaborator, CollaboratorId, Contact, Contract, DEFAULT_LIMIT, Department, Event,
    Page, ValidationError,
};
use epicevents_store::access::{Actor, Permit};
use epicevents_store::{DbConnection, StoreError, collaborators};

/// Asks the policy about action `A` on the record `found` (read with id
/// `id`), as the transaction sees it now. An id that does not exist is "not
/// found" to whoever may read such records; to anyone else, a refusal, so
/// that it does not tell which ids exist.
pub(super) fn check<A: RecordAct, R: Owned>(
    actor: &Actor,
    found: Option<&R>,
    id: i32,
) -> Result<Permit<A>, ServiceError> {
    if found.is_none() && policy::may_read::<R>(actor.department()) {
        return Err(ServiceError::NotFound { what: R::WHAT, id });
    }
    Ok(actor.permit_on::<A, R>(found, id)?)
}

/// Refuses a change made from a version of the record that is no longer
/// current. `now` says what the record holds now, for the message.
pub(super) fn fresh<R: Owned>(
    if_version: Option<i32>,
    id: i32,
    current: i32,
    now: impl FnOnce() -> String,
) -> Result<(), ServiceError> {
    match if_version {
        Some(expected) if expected != current => Err(Conflict::Stale {
            what: R::WHAT,
            id,
            expected,
            current,
            now: now(),
        }
        .into()),
        _ => Ok(()),
    }
}

/// The record, once the policy has had its say on its absence.
pub(super) fn existing<R: Owned>(found: Option<R>, id: i32) -> Result<R, ServiceError> {
    found.ok_or(ServiceError::NotFound { what: R::WHAT, id })
}

/// A record that can be archived: out of the lists, and read-only until
/// restored.
pub(super) trait Archivable: Owned {
    const KIND: Kind;
    fn archived_at(&self) -> Option<chrono::NaiveDateTime>;
    /// How a notification names it.
    fn about(&self) -> String;
}

impl Archivable for Client {
    const KIND: Kind = Kind::Client;
    fn archived_at(&self) -> Option<chrono::NaiveDateTime> {
        self.archived_at
    }
    fn about(&self) -> String {
        format!("{} ({})", self.name, self.company)
    }
}

impl Archivable for Contract {
    const KIND: Kind = Kind::Contract;
    fn archived_at(&self) -> Option<chrono::NaiveDateTime> {
        self.archived_at
    }
    fn about(&self) -> String {
        format!("for {} ({})", self.client.name, self.client.company)
    }
}

impl Archivable for Event {
    const KIND: Kind = Kind::Event;
    fn archived_at(&self) -> Option<chrono::NaiveDateTime> {
        self.archived_at
    }
    fn about(&self) -> String {
        self.name.to_string()
    }
}

/// The record, if it is live: an archived record changes only by being
/// restored.
pub(super) fn live<R: Archivable>(record: R, id: i32) -> Result<R, ServiceError> {
    match record.archived_at() {
        Some(_) => Err(Conflict::Archived { what: R::WHAT, id }.into()),
        None => Ok(record),
    }
}

/// The collaborator a record is handed to, who must work in `department`.
/// `field` names the input that chose them, for the message.
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
    if who.deactivated_at.is_some() {
        return Err(ValidationError::new(
            field,
            format!("{} (#{}) has left (deactivated)", who.name, who.id),
        )
        .with_code("deactivated")
        .into());
    }
    if who.department != department {
        return Err(ValidationError::new(
            field,
            format!(
                "{} (#{}) is in {}, not {department}",
                who.name, who.id, who.department
            ),
        )
        .with_code("wrong_department")
        .into());
    }
    Ok(who)
}

impl Services {
    /// Reads one record for action `A` (a `show`): the policy judges it like
    /// any other record, and a refusal is audited.
    pub(super) fn show<A: RecordAct, R: Owned>(
        &self,
        token: Option<&SessionToken>,
        id: i32,
        load: fn(&mut DbConnection, i32) -> Result<Option<R>, StoreError>,
    ) -> Result<R, ServiceError> {
        self.read_as(token, Some(id), |c, actor| {
            readable::<A, R>(c, actor, id, load)
        })
    }
}

/// Record `id`, read with `load`, once the policy allows action `A` on it
/// (see [`check`]), for a read that needs no permit afterwards.
pub(super) fn readable<A: RecordAct, R: Owned>(
    c: &mut DbConnection,
    actor: &Actor,
    id: i32,
    load: impl FnOnce(&mut DbConnection, i32) -> Result<Option<R>, StoreError>,
) -> Result<R, ServiceError> {
    let found = load(c, id)?;
    check::<A, R>(actor, found.as_ref(), id)?;
    existing(found, id)
}

/// "sales contact 2 -> 5", "support contact 3 -> none": a hand-over, for
/// the audit trail.
pub(super) fn handover(role: &str, from: Option<&Contact>, to: Option<CollaboratorId>) -> String {
    let id = |c: Option<CollaboratorId>| c.map_or_else(|| "none".to_owned(), |c| c.to_string());
    format!("{role} {} -> {}", id(from.map(|c| c.id)), id(to))
}

/// Parses an optional typed value.
pub(super) fn parsed<T: std::str::FromStr<Err = ValidationError>>(
    s: Option<&String>,
) -> Result<Option<T>, ValidationError> {
    s.map(|s| s.parse()).transpose()
}

/// The most rows one page may hold: enough for any screen, small enough to
/// bound one request's work. A whole list is read a page at a time with
/// `after`.
pub const MAX_LIMIT: i64 = 100_000;

/// The page a list asks for: `limit` rows (50 by default) from `offset`,
/// or after the row whose id is `after`.
pub(super) fn page(
    limit: Option<i64>,
    offset: Option<i64>,
    after: Option<i32>,
) -> Result<Page, ValidationError> {
    let offset = offset.unwrap_or(0);
    if offset < 0 {
        return Err(ValidationError::new("offset", "must be 0 or more"));
    }
    if after.is_some() && offset != 0 {
        return Err(ValidationError::new(
            "after",
            "cannot be combined with an offset",
        ));
    }
    let limit = limit.unwrap_or(DEFAULT_LIMIT);
    if !(1..=MAX_LIMIT).contains(&limit) {
        return Err(ValidationError::new(
            "limit",
            format!("must be between 1 and {MAX_LIMIT}"),
        ));
    }
    Ok(Page {
        limit,
        offset,
        after,
    })
}
