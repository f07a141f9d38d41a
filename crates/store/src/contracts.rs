//! Contract rows. A contract's sales contact is its client's: read through
//! the client, never stored twice.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::clients::{Ready, Search};
use super::records::{ClientSummaryRow, ContactRow, contact};
use super::schema::{clients, clients_search, collaborators, contracts, events};
use super::{DbConnection, StoreError};
use crate::At;
use crate::raw::matches;
use epicevents_domain::policy::act;
use epicevents_domain::{Listing, Page};

use crate::records::{
    count_up_to, cursor_of, each_way, following, in_blocks, listed, listing, ordered,
    page_and_count, rows_to_read,
};

use crate::access::Permit;
use epicevents_domain::{ClientId, CollaboratorId, Contract, ContractId, Money};

#[derive(Queryable, Selectable)]
#[diesel(table_name = contracts)]
struct Row {
    id: i32,
    total_cents: i64,
    due_cents: i64,
    signed: bool,
    external_ref: Option<String>,
    amounts_known: bool,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
    version: i32,
    archived_at: Option<NaiveDateTime>,
}

fn into_domain((r, client, sales): (Row, ClientSummaryRow, ContactRow)) -> Contract {
    Contract {
        id: ContractId(r.id),
        client: client.into(),
        sales_contact: contact(sales),
        total: Money::from_trusted(r.total_cents),
        due: Money::from_trusted(r.due_cents),
        amounts_known: r.amounts_known,
        external_ref: r.external_ref,
        signed: r.signed,
        created_at: r.created_at,
        updated_at: r.updated_at,
        version: r.version,
        archived_at: r.archived_at,
    }
}

/// Which contracts a list shows.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Only contracts of clients this sales contact owns.
    pub sales_contact: Option<CollaboratorId>,
    pub unsigned_only: bool,
    /// Only contracts with something still to pay.
    pub unpaid_only: bool,
    pub client: Option<ClientId>,
    /// Only contracts of clients whose name, e-mail, phone or company
    /// contains this, in any case and with or without accents.
    pub search: Option<String>,
    /// Only live records (`Some(false)`, what lists show by default), only
    /// archived ones (`Some(true)`), or both (reading a record by id).
    pub archived: Option<bool>,
    /// The list's order reversed.
    pub reverse: bool,
}

// The clients a filter looks up, apart from the clients a list joins.
diesel::alias!(clients as owned: OwnedClients);

/// Applies a list's filters to a query over contracts (alone or joined):
/// they read only the contracts table, so the count needs no join.
macro_rules! filtered {
    ($query:expr, $ready:expr) => {{
        let ready: &Ready<Filter> = $ready;
        let filter = ready.filter;
        let mut query = $query;
        // The client search's own index finds the clients, a word at a
        // time; their contracts come from the (client, created) index.
        for search in &ready.search {
            match search {
                Search::Trigrams(phrase) => {
                    let matching = clients_search::table
                        .select(clients_search::rowid)
                        .filter(matches(clients_search::search_text, phrase.clone()));
                    query = query.filter(contracts::client_id.eq_any(matching));
                }
                Search::Like(pattern) => {
                    let matching = owned
                        .filter(
                            owned
                                .field(clients::search_text)
                                .like(pattern.clone())
                                .escape('\\'),
                        )
                        .select(owned.field(clients::id));
                    query = query.filter(contracts::client_id.eq_any(matching));
                }
            }
        }
        if let Some(who) = filter.sales_contact {
            let their_clients = owned
                .filter(owned.field(clients::sales_contact_id).eq(who.0))
                .select(owned.field(clients::id));
            query = query.filter(contracts::client_id.eq_any(their_clients));
        }
        if filter.unsigned_only {
            query = query.filter(contracts::signed.eq(false));
        }
        if filter.unpaid_only {
            query = query.filter(contracts::due_cents.gt(crate::raw::zero()));
        }
        if let Some(client) = filter.client {
            query = query.filter(contracts::client_id.eq(client.0));
        }
        query = $crate::clients::live!(query, ready, contracts::archived_at);
        query
    }};
}

/// The filtered rows with what a record needs: its columns, its client, and
/// the client's sales contact's name.
macro_rules! selected {
    ($filter:expr) => {
        filtered!(
            contracts::table
                .inner_join(clients::table)
                .left_join(
                    collaborators::table
                        .on(clients::sales_contact_id.eq(collaborators::id.nullable())),
                )
                .into_boxed(),
            $filter
        )
        .select((
            Row::as_select(),
            ClientSummaryRow::as_select(),
            (collaborators::id, collaborators::full_name).nullable(),
        ))
    };
}

/// A page of the list, in its order: newest first.
macro_rules! page_of {
    ($filter:expr, $page:expr, $after:expr, $direction:ident) => {
        $crate::raw::bounded(
            ordered!(
                following!(
                    selected!($filter),
                    $after,
                    contracts::created_at,
                    contracts::id,
                    $direction
                ),
                $filter,
                contracts::created_at,
                contracts::id,
                $direction
            ),
            rows_to_read($page),
            $page.offset,
        )
    };
}

/// The ids the footer counts.
macro_rules! counted {
    ($filter:expr) => {
        filtered!(contracts::table.into_boxed(), $filter).select(contracts::id)
    };
}

/// What each sales rep's clients still owe, most first.
pub fn owed_by_sales_contact(
    conn: &mut DbConnection,
) -> Result<Vec<epicevents_domain::Owed>, StoreError> {
    Ok(crate::raw::figures::owed_by_sales_contact(conn)?
        .into_iter()
        .map(|row| epicevents_domain::Owed {
            sales_contact: row.sales_contact.zip(row.name).map(|(id, name)| {
                epicevents_domain::Contact {
                    id: CollaboratorId(id),
                    name: epicevents_domain::FullName::from_trusted(name),
                }
            }),
            contracts: row.contracts,
            due_cents: row.due_cents,
        })
        .collect())
}

/// Newest first: the contracts being negotiated are the ones people look for.
pub fn list(
    conn: &mut DbConnection,
    filter: &Filter,
    page: Page,
) -> Result<Listing<Contract>, StoreError> {
    let after = cursor_of!(
        conn,
        contracts::table,
        contracts::created_at,
        At,
        page.after
    )?;
    let ready = Ready::new(conn, filter, filter.search.as_deref());
    listed!(
        conn,
        page,
        each_way!(filter.reverse, desc, asc, page_of!(&ready, page, &after)),
        counted!(&ready),
        into_domain
    )
}

/// How the database would read the first page of a list (or the page after
/// row `after`) and count it.
#[cfg(feature = "test-support")]
pub(crate) fn plans(
    conn: &mut DbConnection,
    filter: &Filter,
    after: Option<i32>,
) -> Result<[Vec<String>; 2], StoreError> {
    let after = cursor_of!(conn, contracts::table, contracts::created_at, At, after)?;
    let ready = Ready::new(conn, filter, filter.search.as_deref());
    crate::records::plans(
        conn,
        each_way!(
            filter.reverse,
            desc,
            asc,
            page_of!(&ready, Page::default(), &after)
        ),
        counted!(&ready),
    )
}

pub fn get(conn: &mut DbConnection, id: i32) -> Result<Option<Contract>, StoreError> {
    let everything = Filter::default();
    Ok(selected!(&Ready::unsearched(&everything))
        .filter(contracts::id.eq(id))
        .first(conn)
        .optional()?
        .map(into_domain))
}

/// The contracts with these sheet numbers, and those with these ids, read
/// a block at a time.
pub fn with_refs_or_ids(
    conn: &mut DbConnection,
    refs: &[String],
    ids: &[i32],
) -> Result<Vec<Contract>, StoreError> {
    let everything = Filter::default();
    let ready = Ready::unsearched(&everything);
    let mut found = in_blocks(refs, |block| {
        selected!(&ready)
            .filter(contracts::external_ref.eq_any(block))
            .load(conn)
    })?;
    found.extend(in_blocks(ids, |block| {
        selected!(&ready)
            .filter(contracts::id.eq_any(block))
            .load(conn)
    })?);
    Ok(found.into_iter().map(into_domain).collect())
}

/// A new contract, already validated (due ≤ total).
pub struct NewContract {
    pub client: ClientId,
    pub total: Money,
    pub due: Money,
    pub signed: bool,
    pub created_at: NaiveDateTime,
    /// False for a contract whose amounts nobody gave (an import's).
    pub amounts_known: bool,
    /// The support team's own number for it, from an imported sheet.
    pub external_ref: Option<String>,
}

#[derive(Insertable)]
#[diesel(table_name = contracts)]
struct InsertRow<'a> {
    client_id: i32,
    total_cents: i64,
    due_cents: i64,
    signed: bool,
    #[diesel(serialize_as = At)]
    created_at: NaiveDateTime,
    #[diesel(serialize_as = At)]
    updated_at: NaiveDateTime,
    amounts_known: bool,
    external_ref: Option<&'a str>,
}

pub(crate) fn insert_row(
    conn: &mut DbConnection,
    new: &NewContract,
) -> Result<ContractId, StoreError> {
    diesel::insert_into(contracts::table)
        .values(InsertRow {
            client_id: new.client.0,
            total_cents: new.total.cents(),
            due_cents: new.due.cents(),
            signed: new.signed,
            created_at: new.created_at,
            updated_at: new.created_at,
            amounts_known: new.amounts_known,
            external_ref: new.external_ref.as_deref(),
        })
        .execute(conn)?;
    Ok(ContractId(crate::raw::last_insert_id(conn)?))
}

pub fn insert(
    conn: &mut DbConnection,
    _permit: &Permit<act::ContractCreate>,
    new: &NewContract,
) -> Result<ContractId, StoreError> {
    insert_row(conn, new)
}

/// The contract's new state, whole: the service has combined the changes
/// with the current row and checked the result.
pub struct Terms {
    pub total: Money,
    pub due: Money,
    pub signed: bool,
    /// Whether the amounts are now known: once given, they stay known.
    pub amounts_known: bool,
    pub updated_at: NaiveDateTime,
}

pub fn update(
    conn: &mut DbConnection,
    permit: &Permit<act::ContractUpdate>,
    terms: &Terms,
) -> Result<(), StoreError> {
    diesel::update(contracts::table.find(permit.record()))
        .set((
            contracts::total_cents.eq(terms.total.cents()),
            contracts::due_cents.eq(terms.due.cents()),
            contracts::signed.eq(terms.signed),
            contracts::amounts_known.eq(terms.amounts_known),
            contracts::updated_at.eq(At(terms.updated_at)),
            contracts::version.eq(contracts::version + 1),
        ))
        .execute(conn)?;
    Ok(())
}

pub fn sign(
    conn: &mut DbConnection,
    permit: &Permit<act::ContractSign>,
    now: NaiveDateTime,
) -> Result<(), StoreError> {
    diesel::update(contracts::table.find(permit.record()))
        .set((
            contracts::signed.eq(true),
            contracts::updated_at.eq(At(now)),
            contracts::version.eq(contracts::version + 1),
        ))
        .execute(conn)?;
    Ok(())
}

/// The events a contract pays for, by id.
pub fn event_ids(conn: &mut DbConnection, id: ContractId) -> Result<Vec<i32>, StoreError> {
    Ok(events::table
        .filter(events::contract_id.eq(id.0))
        .select(events::id)
        .order(events::id)
        .load(conn)?)
}
