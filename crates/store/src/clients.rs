//! Client rows. Writes take the policy's permit and touch only its record.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::records::{ContactRow, contact, contains_pattern};
use super::schema::{clients, clients_search, collaborators};
use super::{DbConnection, StoreError};
use crate::At;
use crate::raw::matches;
use epicevents_domain::policy::act;
use epicevents_domain::{Listing, Page};

use crate::records::{
    count_up_to, cursor_of, each_way, following, listed, listing, ordered, page_and_count,
    rows_to_read,
};

use crate::access::Permit;
use epicevents_domain::{
    Client, ClientId, CollaboratorId, CompanyName, Email, FullName, Phone, client_search_text,
    fold, search_words,
};

#[derive(Queryable, Selectable)]
#[diesel(table_name = clients)]
struct Row {
    id: i32,
    full_name: String,
    email: String,
    phone: String,
    company_name: String,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
    version: i32,
    archived_at: Option<NaiveDateTime>,
}

fn into_domain((r, sales): (Row, ContactRow)) -> Client {
    Client {
        id: ClientId(r.id),
        name: FullName::from_trusted(r.full_name),
        email: Email::from_trusted(r.email),
        phone: Phone::from_trusted(r.phone),
        company: CompanyName::from_trusted(r.company_name),
        sales_contact: contact(sales),
        created_at: r.created_at,
        updated_at: r.updated_at,
        version: r.version,
        archived_at: r.archived_at,
    }
}

/// Which clients a list shows.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Only the clients of this sales contact.
    pub sales_contact: Option<CollaboratorId>,
    /// Only clients whose name, e-mail, phone or company contains this, in any case.
    pub search: Option<String>,
    /// Only live records (`Some(false)`, what lists show by default), only
    /// archived ones (`Some(true)`), or both (reading a record by id).
    pub archived: Option<bool>,
    /// The list's order reversed.
    pub reverse: bool,
}

/// How a search finds its clients on the connection's backend.
pub(crate) enum Search {
    /// SQLite's trigram index, when the term is long enough to have trigrams.
    Trigrams(String),
    /// `LIKE` on the folded text: served by pg_trgm's index on PostgreSQL,
    /// a scan on SQLite for one- and two-character terms.
    Like(String),
}

impl Search {
    /// One search per word of `term`, each of which must find the row.
    pub(crate) fn words(conn: &DbConnection, term: &str) -> Vec<Self> {
        search_words(term)
            .iter()
            .map(|word| Search::new(conn, word))
            .collect()
    }

    fn new(conn: &DbConnection, folded: &str) -> Self {
        match conn {
            DbConnection::Sqlite(_) if folded.chars().count() >= 3 => {
                // One FTS5 phrase: the trigram tokenizer matches it as a
                // substring; quotes inside are doubled, so nothing in the
                // term is read as query syntax.
                Search::Trigrams(format!("\"{}\"", folded.replace('"', "\"\"")))
            }
            _ => Search::Like(contains_pattern(folded)),
        }
    }
}

/// A list's filter with its search made ready for the connection's
/// backend (clients, contracts and events search through the same two
/// paths).
pub(crate) struct Ready<'f, F> {
    pub(crate) filter: &'f F,
    /// A search's words: each must find the row.
    pub(crate) search: Vec<Search>,
    /// MySQL, searching: the page is sorted after a scan (see `ordered!`).
    pub(crate) scan_order: bool,
}

impl<'f, F> Ready<'f, F> {
    pub(crate) fn new(conn: &DbConnection, filter: &'f F, term: Option<&str>) -> Self {
        Self {
            filter,
            search: term.map_or_else(Vec::new, |term| Search::words(conn, term)),
            scan_order: term.is_some() && matches!(conn, DbConnection::Mysql(_)),
        }
    }

    /// A filter with no search, as reading one record by id uses.
    pub(crate) fn unsearched(filter: &'f F) -> Self {
        Self {
            filter,
            search: Vec::new(),
            scan_order: false,
        }
    }
}

/// Keeps live records, or archived ones, as `ready`'s filter asks (both
/// when it does not say: reading a record by its id). A search on MySQL
/// scans (see `ordered!`): there the live condition is an expression no
/// index serves, or MariaDB reads every live row through the `archived_at`
/// index, one lookup each, which is slower than the scan.
macro_rules! live {
    ($query:expr, $ready:expr, $column:expr) => {
        match $ready.filter.archived {
            Some(false) if $ready.scan_order => $query.filter(
                diesel::dsl::case_when(
                    $column.is_null(),
                    diesel::IntoSql::into_sql::<diesel::sql_types::Bool>(true),
                )
                .otherwise(diesel::IntoSql::into_sql::<diesel::sql_types::Bool>(false)),
            ),
            Some(false) => $query.filter($column.is_null()),
            Some(true) => $query.filter($column.is_not_null()),
            None => $query,
        }
    };
}
pub(crate) use live;

/// Applies a list's filters to a query over clients (alone or joined): they
/// read only the clients table, so the count needs no join.
macro_rules! filtered {
    ($query:expr, $ready:expr) => {{
        let ready: &Ready<Filter> = $ready;
        let mut query = $query;
        if let Some(who) = ready.filter.sales_contact {
            query = query.filter(clients::sales_contact_id.eq(who.0));
        }
        query = $crate::clients::live!(query, ready, clients::archived_at);
        for search in &ready.search {
            match search {
                Search::Trigrams(phrase) => {
                    let matching = clients_search::table
                        .select(clients_search::rowid)
                        .filter(matches(clients_search::search_text, phrase.clone()));
                    query = query.filter(clients::id.eq_any(matching));
                }
                Search::Like(pattern) => {
                    query = query.filter(clients::search_text.like(pattern.clone()).escape('\\'));
                }
            }
        }
        query
    }};
}

/// The filtered rows with what a record needs: its columns, and its sales
/// contact's name.
macro_rules! selected {
    ($ready:expr) => {
        filtered!(
            clients::table
                .left_join(
                    collaborators::table
                        .on(clients::sales_contact_id.eq(collaborators::id.nullable())),
                )
                .into_boxed(),
            $ready
        )
        .select((
            Row::as_select(),
            (collaborators::id, collaborators::full_name).nullable(),
        ))
    };
}

/// A page of the list, in its order: by folded name.
macro_rules! page_of {
    ($ready:expr, $page:expr, $after:expr, $direction:ident) => {
        $crate::raw::bounded(
            ordered!(
                following!(
                    selected!($ready),
                    $after,
                    clients::sort_key,
                    clients::id,
                    $direction
                ),
                $ready,
                clients::sort_key,
                clients::id,
                $direction
            ),
            rows_to_read($page),
            $page.offset,
        )
    };
}

/// The ids the footer counts.
macro_rules! counted {
    ($ready:expr) => {
        filtered!(clients::table.into_boxed(), $ready).select(clients::id)
    };
}

pub fn list(
    conn: &mut DbConnection,
    filter: &Filter,
    page: Page,
) -> Result<Listing<Client>, StoreError> {
    let after = cursor_of!(conn, clients::table, clients::sort_key, String, page.after)?;
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
    let after = cursor_of!(conn, clients::table, clients::sort_key, String, after)?;
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

pub fn get(conn: &mut DbConnection, id: i32) -> Result<Option<Client>, StoreError> {
    let everything = Filter::default();
    Ok(selected!(&Ready::unsearched(&everything))
        .filter(clients::id.eq(id))
        .first(conn)
        .optional()?
        .map(into_domain))
}

/// The clients with these e-mails (as stored: already normalised), read a
/// block at a time.
pub fn with_emails(conn: &mut DbConnection, emails: &[String]) -> Result<Vec<Client>, StoreError> {
    let everything = Filter::default();
    let ready = Ready::unsearched(&everything);
    let found = crate::records::in_blocks(emails, |block| {
        selected!(&ready)
            .filter(clients::email.eq_any(block))
            .load(conn)
    })?;
    Ok(found.into_iter().map(into_domain).collect())
}

/// A new client, already validated.
pub struct NewClient<'a> {
    pub name: &'a FullName,
    pub email: &'a Email,
    pub phone: &'a Phone,
    pub company: &'a CompanyName,
    pub sales_contact: CollaboratorId,
    pub created_at: NaiveDateTime,
}

#[derive(Insertable)]
#[diesel(table_name = clients)]
struct InsertRow<'a> {
    full_name: &'a str,
    email: &'a str,
    phone: &'a str,
    company_name: &'a str,
    sales_contact_id: Option<i32>,
    #[diesel(serialize_as = At)]
    created_at: NaiveDateTime,
    #[diesel(serialize_as = At)]
    updated_at: NaiveDateTime,
    search_text: &'a str,
    sort_key: &'a str,
}

pub(crate) fn insert_row(
    conn: &mut DbConnection,
    new: &NewClient<'_>,
) -> Result<ClientId, StoreError> {
    let (search_text, sort_key) = keys(
        new.name.as_str(),
        new.email.as_str(),
        new.company.as_str(),
        new.phone.as_str(),
    );
    diesel::insert_into(clients::table)
        .values(InsertRow {
            search_text: &search_text,
            sort_key: &sort_key,
            full_name: new.name.as_str(),
            email: new.email.as_str(),
            phone: new.phone.as_str(),
            company_name: new.company.as_str(),
            sales_contact_id: Some(new.sales_contact.0),
            created_at: new.created_at,
            updated_at: new.created_at,
        })
        .execute(conn)?;
    Ok(ClientId(crate::raw::last_insert_id(conn)?))
}

/// A client's folded search text and sort key (see [`epicevents_domain::fold`]).
fn keys(name: &str, email: &str, company: &str, phone: &str) -> (String, String) {
    (client_search_text(name, email, company, phone), fold(name))
}

/// Recomputes the keys of one client (`Some`) or of every client whose keys
/// are missing (`None`, after the migration that added them).
pub(crate) fn refresh_keys(conn: &mut DbConnection, id: Option<i32>) -> Result<(), StoreError> {
    let mut query = clients::table
        .select((
            clients::id,
            clients::full_name,
            clients::email,
            clients::company_name,
            clients::phone,
        ))
        .into_boxed();
    query = match id {
        Some(id) => query.filter(clients::id.eq(id)),
        None => query.filter(clients::sort_key.eq("")),
    };
    let rows: Vec<(i32, String, String, String, String)> = query.load(conn)?;
    for (id, name, email, company, phone) in rows {
        let (search_text, sort_key) = keys(&name, &email, &company, &phone);
        diesel::update(clients::table.find(id))
            .set((
                clients::search_text.eq(search_text),
                clients::sort_key.eq(sort_key),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// The first client (by id) with this e-mail, if any: its id and name.
pub fn with_email(
    conn: &mut DbConnection,
    email: &Email,
) -> Result<Option<(i32, String)>, StoreError> {
    Ok(clients::table
        .filter(clients::email.eq(email.as_str()))
        .select((clients::id, clients::full_name))
        .order(clients::id)
        .first(conn)
        .optional()?)
}

pub fn insert(
    conn: &mut DbConnection,
    _permit: &Permit<act::ClientCreate>,
    new: &NewClient<'_>,
) -> Result<ClientId, StoreError> {
    insert_row(conn, new)
}

/// Field changes; `None` leaves a field as it is.
#[derive(AsChangeset)]
#[diesel(table_name = clients)]
pub struct Changes<'a> {
    pub full_name: Option<&'a str>,
    pub email: Option<&'a str>,
    pub phone: Option<&'a str>,
    pub company_name: Option<&'a str>,
    pub updated_at: At,
}

pub fn update(
    conn: &mut DbConnection,
    permit: &Permit<act::ClientUpdate>,
    changes: &Changes<'_>,
) -> Result<(), StoreError> {
    diesel::update(clients::table.find(permit.record()))
        .set((changes, clients::version.eq(clients::version + 1)))
        .execute(conn)?;
    refresh_keys(conn, Some(permit.record()))?;
    Ok(())
}

pub fn set_sales_contact(
    conn: &mut DbConnection,
    permit: &Permit<act::ClientReassign>,
    to: CollaboratorId,
    now: NaiveDateTime,
) -> Result<(), StoreError> {
    diesel::update(clients::table.find(permit.record()))
        .set((
            clients::sales_contact_id.eq(to.0),
            clients::updated_at.eq(At(now)),
            clients::version.eq(clients::version + 1),
        ))
        .execute(conn)?;
    Ok(())
}

/// Sets when the client was last updated or contacted (demo data only).
pub(crate) fn set_updated_at(
    conn: &mut DbConnection,
    id: ClientId,
    at: NaiveDateTime,
) -> Result<(), StoreError> {
    diesel::update(clients::table.find(id.0))
        .set(clients::updated_at.eq(At(at)))
        .execute(conn)?;
    Ok(())
}

pub fn count(conn: &mut DbConnection) -> Result<i64, StoreError> {
    Ok(clients::table.count().get_result(conn)?)
}
