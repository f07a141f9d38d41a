//! What an import of the support team's sheet reads and writes. Every write
//! takes the import's one permit (management's `EventImport`): an import
//! writes what no department types by hand (clients for a sales rep,
//! events with their support contact), so its writes are its own.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::access::Permit;
use crate::clients::{self, NewClient};
use crate::contracts::{self, NewContract};
use crate::events::{self, DetailRow, Details};
use crate::schema::events as event_rows;
use crate::{At, DbConnection, StoreError};
use epicevents_domain::policy::act::EventImport;
use epicevents_domain::{
    Client, ClientId, CollaboratorId, ContractId, EventId, Listing, Page, fold,
};

pub type ImportPermit = Permit<EventImport>;

/// The clients whose name or company is `name`, in any case and with or
/// without accents: found through the client search, then compared whole.
pub fn clients_named(conn: &mut DbConnection, name: &str) -> Result<Vec<Client>, StoreError> {
    let wanted = fold(name);
    let filter = clients::Filter {
        search: Some(name.to_owned()),
        ..clients::Filter::default()
    };
    let page = Page {
        limit: 1_000,
        offset: 0,
        after: None,
    };
    let Listing { items, .. } = clients::list(conn, &filter, page)?;
    Ok(items
        .into_iter()
        .filter(|c| fold(c.name.as_str()) == wanted || fold(c.company.as_str()) == wanted)
        .collect())
}

pub fn create_client(
    conn: &mut DbConnection,
    _permit: &ImportPermit,
    new: &NewClient<'_>,
) -> Result<ClientId, StoreError> {
    clients::insert_row(conn, new)
}

pub fn create_contract(
    conn: &mut DbConnection,
    _permit: &ImportPermit,
    new: &NewContract,
) -> Result<ContractId, StoreError> {
    contracts::insert_row(conn, new)
}

pub fn create_event(
    conn: &mut DbConnection,
    _permit: &ImportPermit,
    new: &ImportedEvent<'_>,
    now: NaiveDateTime,
) -> Result<EventId, StoreError> {
    events::insert_row(
        conn,
        new.contract,
        &new.details,
        new.support,
        Some(new.external_ref),
        now,
    )
}

/// After many rows: statistics that describe the tables with them.
pub fn refresh_statistics(
    conn: &mut DbConnection,
    _permit: &ImportPermit,
) -> Result<(), StoreError> {
    crate::raw::refresh_statistics(conn)
}

/// An event as a sheet gives it, validated.
pub struct ImportedEvent<'a> {
    pub contract: ContractId,
    pub details: Details<'a>,
    pub support: Option<CollaboratorId>,
    pub external_ref: &'a str,
}

/// Writes what the sheet says of event `id`, whole; one more version.
pub fn update_event(
    conn: &mut DbConnection,
    _permit: &ImportPermit,
    id: EventId,
    new: &ImportedEvent<'_>,
    now: NaiveDateTime,
) -> Result<(), StoreError> {
    diesel::update(event_rows::table.find(id.0))
        .set((
            DetailRow::of(&new.details),
            event_rows::support_contact_id.eq(new.support.map(|s| s.0)),
            event_rows::external_ref.eq(new.external_ref),
            event_rows::updated_at.eq(At(now)),
            event_rows::version.eq(event_rows::version + 1),
        ))
        .execute(conn)?;
    Ok(())
}
