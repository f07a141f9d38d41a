//! Archiving: a record leaves the default lists whole and comes back
//! unchanged. What leaves with a record is marked `archived_along`, so
//! that restoring it brings back what left with it, and nothing that had
//! been archived on its own before.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{clients, contracts, events};
use super::{At, DbConnection, StoreError};
use crate::access::Permit;
use epicevents_domain::policy::act;

/// Archives a client and, with it, its live unsigned contracts; returns
/// those contracts' ids.
pub fn archive_client(
    conn: &mut DbConnection,
    permit: &Permit<act::ClientArchive>,
    at: NaiveDateTime,
) -> Result<Vec<i32>, StoreError> {
    let client = permit.record();
    let unsigned: Vec<i32> = contracts::table
        .filter(contracts::client_id.eq(client))
        .filter(contracts::archived_at.is_null())
        .filter(contracts::signed.eq(false))
        .select(contracts::id)
        .order(contracts::id)
        .load(conn)?;
    set_contracts(conn, &unsigned, Some(at), true)?;
    set_client(conn, client, Some(at))?;
    Ok(unsigned)
}

/// Restores a client and the contracts archived with it; returns those
/// contracts' ids.
pub fn restore_client(
    conn: &mut DbConnection,
    permit: &Permit<act::ClientRestore>,
) -> Result<Vec<i32>, StoreError> {
    let client = permit.record();
    let with_it: Vec<i32> = contracts::table
        .filter(contracts::client_id.eq(client))
        .filter(contracts::archived_along.eq(true))
        .select(contracts::id)
        .order(contracts::id)
        .load(conn)?;
    set_contracts(conn, &with_it, None, false)?;
    set_client(conn, client, None)?;
    Ok(with_it)
}

/// Archives a contract and, with it, its live events; returns their ids.
pub fn archive_contract(
    conn: &mut DbConnection,
    permit: &Permit<act::ContractArchive>,
    at: NaiveDateTime,
) -> Result<Vec<i32>, StoreError> {
    let contract = permit.record();
    let live: Vec<i32> = events::table
        .filter(events::contract_id.eq(contract))
        .filter(events::archived_at.is_null())
        .select(events::id)
        .order(events::id)
        .load(conn)?;
    set_events(conn, &live, Some(at), true)?;
    set_contracts(conn, &[contract], Some(at), false)?;
    Ok(live)
}

/// Restores a contract and the events archived with it; returns their ids.
pub fn restore_contract(
    conn: &mut DbConnection,
    permit: &Permit<act::ContractRestore>,
) -> Result<Vec<i32>, StoreError> {
    let contract = permit.record();
    let with_it: Vec<i32> = events::table
        .filter(events::contract_id.eq(contract))
        .filter(events::archived_along.eq(true))
        .select(events::id)
        .order(events::id)
        .load(conn)?;
    set_events(conn, &with_it, None, false)?;
    set_contracts(conn, &[contract], None, false)?;
    Ok(with_it)
}

pub fn archive_event(
    conn: &mut DbConnection,
    permit: &Permit<act::EventArchive>,
    at: NaiveDateTime,
) -> Result<(), StoreError> {
    set_events(conn, &[permit.record()], Some(at), false)
}

pub fn restore_event(
    conn: &mut DbConnection,
    permit: &Permit<act::EventRestore>,
) -> Result<(), StoreError> {
    set_events(conn, &[permit.record()], None, false)
}

/// The writes behind the permits above: one more version each.
fn set_client(
    conn: &mut DbConnection,
    id: i32,
    at: Option<NaiveDateTime>,
) -> Result<(), StoreError> {
    diesel::update(clients::table.find(id))
        .set((
            clients::archived_at.eq(at.map(At)),
            clients::version.eq(clients::version + 1),
        ))
        .execute(conn)?;
    Ok(())
}

fn set_contracts(
    conn: &mut DbConnection,
    ids: &[i32],
    at: Option<NaiveDateTime>,
    along: bool,
) -> Result<(), StoreError> {
    if !ids.is_empty() {
        diesel::update(contracts::table.filter(contracts::id.eq_any(ids)))
            .set((
                contracts::archived_at.eq(at.map(At)),
                contracts::archived_along.eq(along),
                contracts::version.eq(contracts::version + 1),
            ))
            .execute(conn)?;
    }
    Ok(())
}

fn set_events(
    conn: &mut DbConnection,
    ids: &[i32],
    at: Option<NaiveDateTime>,
    along: bool,
) -> Result<(), StoreError> {
    if !ids.is_empty() {
        diesel::update(events::table.filter(events::id.eq_any(ids)))
            .set((
                events::archived_at.eq(at.map(At)),
                events::archived_along.eq(along),
                events::version.eq(events::version + 1),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// A client's live signed contracts: what keeps it from being archived.
pub fn signed_contracts(conn: &mut DbConnection, client: i32) -> Result<Vec<i32>, StoreError> {
    Ok(contracts::table
        .filter(contracts::client_id.eq(client))
        .filter(contracts::archived_at.is_null())
        .filter(contracts::signed.eq(true))
        .select(contracts::id)
        .order(contracts::id)
        .load(conn)?)
}

/// Whose live events not over at `now` keep a record from being archived.
#[derive(Debug, Clone, Copy)]
pub enum EventsOf {
    Client(i32),
    Contract(i32),
}

pub fn events_to_come(
    conn: &mut DbConnection,
    of: EventsOf,
    now: NaiveDateTime,
) -> Result<Vec<i32>, StoreError> {
    let query = events::table
        .filter(events::archived_at.is_null())
        .filter(events::ends_at.gt(At(now)))
        .select(events::id)
        .order(events::id)
        .into_boxed();
    let query = match of {
        EventsOf::Contract(id) => query.filter(events::contract_id.eq(id)),
        EventsOf::Client(id) => query.filter(
            events::contract_id.eq_any(
                contracts::table
                    .filter(contracts::client_id.eq(id))
                    .select(contracts::id),
            ),
        ),
    };
    Ok(query.load(conn)?)
}
