//! Event rows, read with their client (support's sheet shows who to call)
//! and their support contact's name.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::clients::{Ready, Search};
use super::records::{ClientSummaryRow, ContactRow, contact};
use super::schema::{clients, clients_search, collaborators, contracts, events, events_search};
use super::{DbConnection, StoreError};
use crate::At;
use crate::raw::matches;
use epicevents_domain::event_search_text;
use epicevents_domain::policy::act;
use epicevents_domain::{Listing, Page};

use crate::records::{
    count_up_to, cursor_of, each_way, following, in_blocks, listed, listing, ordered,
    page_and_count, rows_to_read,
};

use crate::access::Permit;
use epicevents_domain::{
    Attendees, CollaboratorId, ContractId, Event, EventId, EventName, Location, Notes,
};

#[derive(Queryable, Selectable)]
#[diesel(table_name = events)]
struct Row {
    id: i32,
    contract_id: i32,
    name: String,
    starts_at: NaiveDateTime,
    ends_at: NaiveDateTime,
    location: String,
    attendees: i32,
    notes: String,
    external_ref: Option<String>,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
    version: i32,
    archived_at: Option<NaiveDateTime>,
}

fn into_domain(
    (r, contract_external_ref, client, support): (
        Row,
        Option<String>,
        ClientSummaryRow,
        ContactRow,
    ),
) -> Event {
    Event {
        id: EventId(r.id),
        contract_id: ContractId(r.contract_id),
        client: client.into(),
        name: EventName::from_trusted(r.name),
        starts_at: r.starts_at,
        ends_at: r.ends_at,
        support_contact: contact(support),
        location: Location::from_trusted(r.location),
        attendees: Attendees::from_trusted(r.attendees),
        notes: Notes::from_trusted(r.notes),
        external_ref: r.external_ref,
        contract_external_ref,
        created_at: r.created_at,
        updated_at: r.updated_at,
        version: r.version,
        archived_at: r.archived_at,
    }
}

/// Which events a list shows.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Only events this collaborator runs (support) or sold (the client's sales contact).
    pub involving: Option<CollaboratorId>,
    /// Only events nobody supports yet.
    pub unassigned_only: bool,
    pub contract: Option<ContractId>,
    /// Only events not over at this time.
    pub not_ended_at: Option<NaiveDateTime>,
    /// Only events starting at or after this time.
    pub starts_from: Option<NaiveDateTime>,
    /// Only events starting before this time.
    pub starts_before: Option<NaiveDateTime>,
    /// Only events whose name or location contains this, in any case and
    /// with or without accents.
    pub search: Option<String>,
    /// Only live records (`Some(false)`, what lists show by default), only
    /// archived ones (`Some(true)`), or both (reading a record by id).
    pub archived: Option<bool>,
    /// The list's order reversed.
    pub reverse: bool,
}

// The contracts and clients a filter looks up, apart from those a list joins.
diesel::alias!(contracts as sold: SoldContracts, clients as buyer: Buyers);

/// Applies a list's filters to a query over events (alone or joined): they
/// read only the events table, so the count needs no join.
macro_rules! filtered {
    ($query:expr, $ready:expr) => {{
        let ready: &Ready<Filter> = $ready;
        let filter = ready.filter;
        let mut query = $query;
        // Each word is found in the event (its name, its place) or in its
        // client (name, company, e-mail, phone): the client's words find
        // its contracts, and their events by the contract index.
        for search in &ready.search {
            match search {
                Search::Trigrams(phrase) => {
                    let in_event = events_search::table
                        .select(events_search::rowid)
                        .filter(matches(events_search::search_text, phrase.clone()));
                    let clients_found = clients_search::table
                        .select(clients_search::rowid)
                        .filter(matches(clients_search::search_text, phrase.clone()));
                    let their_contracts = sold
                        .filter(sold.field(contracts::client_id).eq_any(clients_found))
                        .select(sold.field(contracts::id));
                    query = query.filter(
                        events::id
                            .eq_any(in_event)
                            .or(events::contract_id.eq_any(their_contracts)),
                    );
                }
                Search::Like(pattern) => {
                    let clients_found = buyer
                        .filter(
                            buyer
                                .field(clients::search_text)
                                .like(pattern.clone())
                                .escape('\\'),
                        )
                        .select(buyer.field(clients::id));
                    let their_contracts = sold
                        .filter(sold.field(contracts::client_id).eq_any(clients_found))
                        .select(sold.field(contracts::id));
                    query = query.filter(
                        events::search_text
                            .like(pattern.clone())
                            .escape('\\')
                            .or(events::contract_id.eq_any(their_contracts)),
                    );
                }
            }
        }
        if let Some(who) = filter.involving {
            let sold_by_them = sold
                .inner_join(
                    buyer.on(sold
                        .field(contracts::client_id)
                        .eq(buyer.field(clients::id))),
                )
                .filter(buyer.field(clients::sales_contact_id).eq(who.0))
                .select(sold.field(contracts::id));
            query = query.filter(
                events::support_contact_id
                    .eq(who.0)
                    .or(events::contract_id.eq_any(sold_by_them)),
            );
        }
        if filter.unassigned_only {
            query = query.filter(events::support_contact_id.is_null());
        }
        if let Some(contract) = filter.contract {
            query = query.filter(events::contract_id.eq(contract.0));
        }
        if let Some(at) = filter.not_ended_at {
            // An event lasts a month at most: one not over started within
            // the month, which the start index reads from there on.
            let earliest = at - chrono::Duration::days(epicevents_domain::MAX_EVENT_DAYS);
            query = query.filter(
                events::ends_at
                    .gt(At(at))
                    .and(events::starts_at.ge(At(earliest))),
            );
        }
        if let Some(at) = filter.starts_from {
            query = query.filter(events::starts_at.ge(At(at)));
        }
        if let Some(at) = filter.starts_before {
            query = query.filter(events::starts_at.lt(At(at)));
        }
        query = $crate::clients::live!(query, ready, events::archived_at);
        query
    }};
}

/// The filtered rows with what a record needs: its columns, its client, and
/// its support contact's name.
macro_rules! selected {
    ($filter:expr) => {
        filtered!(
            events::table
                .inner_join(contracts::table.inner_join(clients::table))
                .left_join(
                    collaborators::table
                        .on(events::support_contact_id.eq(collaborators::id.nullable())),
                )
                .into_boxed(),
            $filter
        )
        .select((
            Row::as_select(),
            contracts::external_ref,
            ClientSummaryRow::as_select(),
            (collaborators::id, collaborators::full_name).nullable(),
        ))
    };
}

/// A page of the list, in the order the events happen.
macro_rules! page_of {
    ($filter:expr, $page:expr, $after:expr, $direction:ident) => {
        $crate::raw::bounded(
            ordered!(
                following!(
                    selected!($filter),
                    $after,
                    events::starts_at,
                    events::id,
                    $direction
                ),
                $filter,
                events::starts_at,
                events::id,
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
        filtered!(events::table.into_boxed(), $filter).select(events::id)
    };
}

/// In the order they happen.
pub fn list(
    conn: &mut DbConnection,
    filter: &Filter,
    page: Page,
) -> Result<Listing<Event>, StoreError> {
    let after = cursor_of!(conn, events::table, events::starts_at, At, page.after)?;
    let ready = Ready::new(conn, filter, filter.search.as_deref());
    listed!(
        conn,
        page,
        each_way!(filter.reverse, asc, desc, page_of!(&ready, page, &after)),
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
    let after = cursor_of!(conn, events::table, events::starts_at, At, after)?;
    let ready = Ready::new(conn, filter, filter.search.as_deref());
    crate::records::plans(
        conn,
        each_way!(
            filter.reverse,
            asc,
            desc,
            page_of!(&ready, Page::default(), &after)
        ),
        counted!(&ready),
    )
}

/// How many live events start in each of `spans` (from, before): each an
/// indexed range count, exact however many rows it holds.
pub fn starting_in(
    conn: &mut DbConnection,
    spans: &[(NaiveDateTime, NaiveDateTime)],
) -> Result<Vec<i64>, StoreError> {
    spans
        .iter()
        .map(|&(from, before)| {
            events::table
                .filter(events::starts_at.ge(At(from)))
                .filter(events::starts_at.lt(At(before)))
                .filter(events::archived_at.is_null())
                .count()
                .get_result(conn)
                .map_err(StoreError::from)
        })
        .collect()
}

pub fn get(conn: &mut DbConnection, id: i32) -> Result<Option<Event>, StoreError> {
    let everything = Filter::default();
    Ok(selected!(&Ready::unsearched(&everything))
        .filter(events::id.eq(id))
        .first(conn)
        .optional()?
        .map(into_domain))
}

/// The events with these sheet numbers, and those with these ids, read a
/// block at a time (an import's whole sheet, in a few statements).
pub fn with_refs_or_ids(
    conn: &mut DbConnection,
    refs: &[String],
    ids: &[i32],
) -> Result<Vec<Event>, StoreError> {
    let everything = Filter::default();
    let ready = Ready::unsearched(&everything);
    let mut found = in_blocks(refs, |block| {
        selected!(&ready)
            .filter(events::external_ref.eq_any(block))
            .load(conn)
    })?;
    found.extend(in_blocks(ids, |block| {
        selected!(&ready)
            .filter(events::id.eq_any(block))
            .load(conn)
    })?);
    Ok(found.into_iter().map(into_domain).collect())
}

/// An event's details, validated; the span is checked (end after start).
pub struct Details<'a> {
    pub name: &'a EventName,
    pub starts_at: NaiveDateTime,
    pub ends_at: NaiveDateTime,
    pub location: &'a Location,
    pub attendees: Attendees,
    pub notes: &'a Notes,
}

/// The columns an event's details set, their search text with them.
#[derive(AsChangeset)]
#[diesel(table_name = events)]
pub(crate) struct DetailRow<'a> {
    name: &'a str,
    #[diesel(serialize_as = At)]
    starts_at: NaiveDateTime,
    #[diesel(serialize_as = At)]
    ends_at: NaiveDateTime,
    location: &'a str,
    attendees: i32,
    notes: &'a str,
    search_text: String,
}

impl<'a> DetailRow<'a> {
    pub(crate) fn of(details: &'a Details<'a>) -> Self {
        Self {
            name: details.name.as_str(),
            starts_at: details.starts_at,
            ends_at: details.ends_at,
            location: details.location.as_str(),
            attendees: details.attendees.get(),
            notes: details.notes.as_str(),
            search_text: search_text(details),
        }
    }
}

#[derive(Insertable)]
#[diesel(table_name = events)]
struct InsertRow<'a> {
    contract_id: i32,
    name: &'a str,
    #[diesel(serialize_as = At)]
    starts_at: NaiveDateTime,
    #[diesel(serialize_as = At)]
    ends_at: NaiveDateTime,
    support_contact_id: Option<i32>,
    location: &'a str,
    attendees: i32,
    notes: &'a str,
    #[diesel(serialize_as = At)]
    created_at: NaiveDateTime,
    #[diesel(serialize_as = At)]
    updated_at: NaiveDateTime,
    search_text: String,
    external_ref: Option<&'a str>,
}

fn search_text(details: &Details<'_>) -> String {
    event_search_text(details.name.as_str(), details.location.as_str())
}

/// Computes the search text of every event that has none (after the
/// migration that added the column).
pub(crate) fn refresh_search(conn: &mut DbConnection) -> Result<(), StoreError> {
    let rows: Vec<(i32, String, String)> = events::table
        .filter(events::search_text.eq(""))
        .select((events::id, events::name, events::location))
        .load(conn)?;
    for (id, name, location) in rows {
        diesel::update(events::table.find(id))
            .set(events::search_text.eq(event_search_text(&name, &location)))
            .execute(conn)?;
    }
    Ok(())
}

pub(crate) fn insert_row(
    conn: &mut DbConnection,
    contract: ContractId,
    details: &Details<'_>,
    support: Option<CollaboratorId>,
    external_ref: Option<&str>,
    now: NaiveDateTime,
) -> Result<EventId, StoreError> {
    diesel::insert_into(events::table)
        .values(InsertRow {
            contract_id: contract.0,
            name: details.name.as_str(),
            starts_at: details.starts_at,
            ends_at: details.ends_at,
            support_contact_id: support.map(|s| s.0),
            location: details.location.as_str(),
            attendees: details.attendees.get(),
            notes: details.notes.as_str(),
            created_at: now,
            updated_at: now,
            search_text: search_text(details),
            external_ref,
        })
        .execute(conn)?;
    Ok(EventId(crate::raw::last_insert_id(conn)?))
}

/// Creates an event for the contract the permit was granted on.
pub fn insert(
    conn: &mut DbConnection,
    permit: &Permit<act::EventCreate>,
    details: &Details<'_>,
    now: NaiveDateTime,
) -> Result<EventId, StoreError> {
    let contract = ContractId(permit.record());
    insert_row(conn, contract, details, None, None, now)
}

/// Writes the event's details, whole (the service merged the changes).
pub fn update(
    conn: &mut DbConnection,
    permit: &Permit<act::EventUpdate>,
    details: &Details<'_>,
    now: NaiveDateTime,
) -> Result<(), StoreError> {
    diesel::update(events::table.find(permit.record()))
        .set((
            DetailRow::of(details),
            events::updated_at.eq(At(now)),
            events::version.eq(events::version + 1),
        ))
        .execute(conn)?;
    Ok(())
}

/// A sales rep's correction of an event's details, written only while it
/// has no support contact: whether it was.
pub fn correct(
    conn: &mut DbConnection,
    permit: &Permit<act::EventAmend>,
    details: &Details<'_>,
    now: NaiveDateTime,
) -> Result<bool, StoreError> {
    let written = diesel::update(
        events::table
            .find(permit.record())
            .filter(events::support_contact_id.is_null()),
    )
    .set((
        DetailRow::of(details),
        events::updated_at.eq(At(now)),
        events::version.eq(events::version + 1),
    ))
    .execute(conn)?;
    Ok(written == 1)
}

/// Leaves the event without a support contact.
pub fn clear_support_contact(
    conn: &mut DbConnection,
    permit: &Permit<act::EventUnassign>,
    now: NaiveDateTime,
) -> Result<(), StoreError> {
    write_support_contact(conn, permit.record(), None, now)
}

pub fn set_support_contact(
    conn: &mut DbConnection,
    permit: &Permit<act::EventAssign>,
    to: CollaboratorId,
    now: NaiveDateTime,
) -> Result<(), StoreError> {
    write_support_contact(conn, permit.record(), Some(to.0), now)
}

/// The one write of an event's support contact, for the two permits that
/// allow it: one more version.
fn write_support_contact(
    conn: &mut DbConnection,
    event: i32,
    to: Option<i32>,
    now: NaiveDateTime,
) -> Result<(), StoreError> {
    diesel::update(events::table.find(event))
        .set((
            events::support_contact_id.eq(to),
            events::updated_at.eq(At(now)),
            events::version.eq(events::version + 1),
        ))
        .execute(conn)?;
    Ok(())
}
