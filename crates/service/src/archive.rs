//! Archiving and restoring clients, contracts and events: the record leaves
//! the default lists (and comes back) whole, in one transaction with what
//! goes with it, each on the trail.

use chrono::NaiveDateTime;

use epicevents_domain::history::{Change, Changes, Shown};
use epicevents_domain::policy::{Action, RecordAct, act};
use epicevents_domain::{Client, Contract, Department, Event};
use epicevents_store::access::{Actor, Permit};
use epicevents_store::archive::{self, EventsOf};
use epicevents_store::{DbConnection, StoreError, clients, contracts, events};
use epicevents_telemetry as telemetry;

use super::error::ids;
use super::notify::{Notice, notify};
use super::records::{Archivable, check, existing};
use super::{Conflict, ServiceError, Services, SessionToken, Updated, record_change};

type Get<R> = fn(&mut DbConnection, i32) -> Result<Option<R>, StoreError>;

impl Services {
    /// The skeleton every archive and restore shares: judge, skip a record
    /// already in the state asked for, do `work`, record each change.
    /// `work` returns the ids of the records that went with this one, which
    /// the trail shows as `along`, that kind's own action.
    fn set_archived<A: RecordAct, R: Archivable + Changes>(
        &self,
        token: Option<&SessionToken>,
        id: i32,
        get: Get<R>,
        along: Option<Action>,
        work: impl Fn(
            &mut DbConnection,
            &Actor,
            &Permit<A>,
            &R,
            NaiveDateTime,
        ) -> Result<Vec<i32>, ServiceError>,
    ) -> Result<Updated<R>, ServiceError> {
        let archiving = matches!(
            A::ACTION,
            Action::ClientArchive | Action::ContractArchive | Action::EventArchive
        );
        let actor = self.authenticate(token)?;
        let now = self.now();
        let done = self.write_as(&actor, Some(id), |c| -> Result<_, ServiceError> {
            let found = get(c, id)?;
            let permit = check::<A, R>(&actor, found.as_ref(), id)?;
            let before = existing(found, id)?;
            if before.archived_at().is_some() == archiving {
                return Ok(Updated {
                    record: before,
                    changed: false,
                });
            }
            let others = work(c, &actor, &permit, &before, now)?;
            let after = existing(get(c, id)?, id)?;
            let along = along.filter(|_| !others.is_empty());
            let detail = along.map(|a| format!("with {}(s) {}", a.noun(), ids(&others)));
            let changed = R::changes(&before, &after);
            record_change(c, now, &actor, A::ACTION, id, detail, &changed)?;
            let about = after.about();
            let notice = Notice {
                action: A::ACTION,
                record: R::KIND,
                subject: id,
                about: &about,
            };
            notify(c, self.telling(now), &actor, &notice, [after.responsible()])?;
            let flag = [Change {
                field: "archived".into(),
                old: Shown::Flag(!archiving),
                new: Shown::Flag(archiving),
            }];
            for (action, &other) in along
                .iter()
                .flat_map(|&a| others.iter().map(move |o| (a, o)))
            {
                let with = Some(format!("with {} {id}", R::WHAT));
                record_change(c, now, &actor, action, other, with, &flag)?;
            }
            Ok(Updated {
                record: after,
                changed: true,
            })
        })?;
        if done.changed {
            telemetry::record_change(A::ACTION.key(), id);
        }
        Ok(done)
    }

    /// Archives a client with its unsigned contracts. Refused while it has
    /// a signed contract or an event to come, and for sales, a signed contract
    /// at all.
    pub fn archive_client(
        &self,
        token: Option<&SessionToken>,
        id: i32,
    ) -> Result<Updated<Client>, ServiceError> {
        self.set_archived::<act::ClientArchive, _>(
            token,
            id,
            clients::get,
            Some(Action::ContractArchive),
            |c, _, permit, _, now| {
                let signed = archive::signed_contracts(c, id)?;
                if !signed.is_empty() {
                    return Err(Conflict::SignedContracts {
                        client: id,
                        contracts: signed,
                    }
                    .into());
                }
                to_come("client", id, c, EventsOf::Client(id), now)?;
                Ok(archive::archive_client(c, permit, now)?)
            },
        )
    }

    /// Restores a client and the contracts archived with it.
    pub fn restore_client(
        &self,
        token: Option<&SessionToken>,
        id: i32,
    ) -> Result<Updated<Client>, ServiceError> {
        self.set_archived::<act::ClientRestore, _>(
            token,
            id,
            clients::get,
            Some(Action::ContractRestore),
            |c, _, permit, _, _| Ok(archive::restore_client(c, permit)?),
        )
    }

    /// Archives a contract with its (past) events. Sales archive only
    /// unsigned ones; nobody archives one with an event to come.
    pub fn archive_contract(
        &self,
        token: Option<&SessionToken>,
        id: i32,
    ) -> Result<Updated<Contract>, ServiceError> {
        self.set_archived::<act::ContractArchive, _>(
            token,
            id,
            contracts::get,
            Some(Action::EventArchive),
            |c, actor, permit, contract, now| {
                if contract.signed && actor.department() != Department::Management {
                    return Err(Conflict::ContractSigned { contract: id }.into());
                }
                to_come("contract", id, c, EventsOf::Contract(id), now)?;
                Ok(archive::archive_contract(c, permit, now)?)
            },
        )
    }

    /// Restores a contract and the events archived with it, once its client
    /// is live.
    pub fn restore_contract(
        &self,
        token: Option<&SessionToken>,
        id: i32,
    ) -> Result<Updated<Contract>, ServiceError> {
        self.set_archived::<act::ContractRestore, _>(
            token,
            id,
            contracts::get,
            Some(Action::EventRestore),
            |c, _, permit, contract, _| {
                let client = contract.client.id.0;
                if existing(clients::get(c, client)?, client)?
                    .archived_at
                    .is_some()
                {
                    return Err(parent_archived("contract", id, "client", client));
                }
                Ok(archive::restore_contract(c, permit)?)
            },
        )
    }

    pub fn archive_event(
        &self,
        token: Option<&SessionToken>,
        id: i32,
    ) -> Result<Updated<Event>, ServiceError> {
        self.set_archived::<act::EventArchive, _>(
            token,
            id,
            events::get,
            None,
            |c, _, permit, _, now| {
                archive::archive_event(c, permit, now)?;
                Ok(Vec::new())
            },
        )
    }

    /// Restores an event, once its contract is live.
    pub fn restore_event(
        &self,
        token: Option<&SessionToken>,
        id: i32,
    ) -> Result<Updated<Event>, ServiceError> {
        self.set_archived::<act::EventRestore, _>(
            token,
            id,
            events::get,
            None,
            |c, _, permit, event, _| {
                let contract = event.contract_id.0;
                if existing(contracts::get(c, contract)?, contract)?
                    .archived_at
                    .is_some()
                {
                    return Err(parent_archived("event", id, "contract", contract));
                }
                archive::restore_event(c, permit)?;
                Ok(Vec::new())
            },
        )
    }
}

/// Refuses to archive a record with events not over yet.
fn to_come(
    what: &'static str,
    id: i32,
    c: &mut DbConnection,
    of: EventsOf,
    now: NaiveDateTime,
) -> Result<(), ServiceError> {
    let events = archive::events_to_come(c, of, now)?;
    if events.is_empty() {
        Ok(())
    } else {
        Err(Conflict::EventsToCome { what, id, events }.into())
    }
}

fn parent_archived(
    what: &'static str,
    id: i32,
    parent: &'static str,
    parent_id: i32,
) -> ServiceError {
    Conflict::ParentArchived {
        what,
        id,
        parent,
        parent_id,
    }
    .into()
}
