//! What an import of the support team's sheet reads and writes. What it
//! creates takes management's import-only permit (`EventImportCreate`):
//! clients for a sales rep and events with their support contact are
//! what no department types by hand. What it changes takes the permit a
//! single command would: support's on an event they run, management's
//! to hand an event over.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::access::Permit;
use crate::clients::{self, NewClient};
use crate::contracts::{self, NewContract};
use crate::events::{self, DetailRow, Details};
use crate::schema::events as event_rows;
use crate::{At, DbConnection, StoreError};
use epicevents_domain::policy::act::{EventImportCreate, EventUpdate};
use epicevents_domain::{
    Client, ClientId, CollaboratorId, ContractId, EventId, Listing, Page, fold,
};

/// Management's right to create the sheet's new records.
pub type ImportPermit = Permit<EventImportCreate>;

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

/// Writes what the sheet says of the details of an event the importer
/// runs, and the sheet's number for it: one more version.
pub fn update_event(
    conn: &mut DbConnection,
    permit: &Permit<EventUpdate>,
    details: &Details<'_>,
    external_ref: &str,
    now: NaiveDateTime,
) -> Result<(), StoreError> {
    let external_ref = Some(external_ref).filter(|r| !r.is_empty());
    diesel::update(event_rows::table.find(permit.record()))
        .set((
            DetailRow::of(details),
            event_rows::external_ref.eq(external_ref),
            event_rows::updated_at.eq(At(now)),
            event_rows::version.eq(event_rows::version + 1),
        ))
        .execute(conn)?;
    Ok(())
}
