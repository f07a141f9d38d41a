//! The lists of clients, contracts and events (and the collaborators',
//! in `people`): the CLI's filters kept in the address (bookmarks and the
//! back button work), each list's order either way, pages by keyset, the
//! exports of the same rows; with script, filters and pages swap the list
//! in place (htmx), the address following.

use std::ops::Not;

use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use epicevents_api::{ClientQuery, ContractQuery, EventQuery, SessionToken};
use epicevents_domain::policy::Action;
use epicevents_domain::{Client, Contract, Event, Listing, Span};
use epicevents_service::{ServiceError, Services};

use super::calendar::midnight;
use super::{Chrome, PAGE, export, load, render};
use crate::session::Visit;
use crate::{Host, Web, Zone};

/// A list's filters, as the address carries them.
pub trait Filters: Serialize + Clone + Send + 'static {
    /// An empty search is none; a page is 1 to 100 rows; pages go by
    /// keyset (`after`), never by offset; days are read in `zone`.
    fn tidy(&mut self, zone: Zone);
    fn set_after(&mut self, after: Option<i32>);
    /// Rows from after `after`, `limit` of them (an export's block).
    fn set_block(&mut self, limit: Option<i64>, after: Option<i32>);
    /// Whether the list runs the other way round; `None` for a list whose
    /// order is fixed.
    fn reversed(&self) -> Option<bool> {
        None
    }
    fn set_reversed(&mut self, _reverse: bool) {}
    /// Whether the list's own order runs from the smallest key up.
    const ASCENDING: bool = true;
}

macro_rules! filters {
    ($($query:ty, ascending: $ascending:literal, |$me:ident, $zone:ident| $more:block;)+) => {$(
        impl Filters for $query {
            fn tidy(&mut self, $zone: Zone) {
                self.search = self.search.take().filter(|s| !s.trim().is_empty());
                self.limit = Some(self.limit.unwrap_or(PAGE).clamp(1, 100));
                let $me = self;
                $more
            }
            fn set_after(&mut self, after: Option<i32>) {
                self.after = after;
            }
            fn set_block(&mut self, limit: Option<i64>, after: Option<i32>) {
                self.limit = limit;
                self.after = after;
            }
            fn reversed(&self) -> Option<bool> {
                Some(self.reverse)
            }
            fn set_reversed(&mut self, reverse: bool) {
                self.reverse = reverse;
            }
            const ASCENDING: bool = $ascending;
        }
    )+};
}
filters! {
    ClientQuery, ascending: true, |query, _zone| {
        query.offset = None;
    };
    ContractQuery, ascending: false, |query, _zone| {
        query.offset = None;
    };
    EventFilters, ascending: true, |query, zone| {
        let from = day(&mut query.from).map(|d| midnight(zone, d));
        let before = day(&mut query.to)
            .and_then(|d| d.succ_opt())
            .map(|d| midnight(zone, d));
        query.starts = (from, before);
        if let Some(span) = named_span(&mut query.span) {
            let (from, before) = span.bounds(chrono::Utc::now().naive_utc(), &zone);
            query.starts = (Some(from), Some(before));
            (query.from, query.to) = (None, None);
        }
    };
}

/// The events' filters as the page's form sends them: the CLI's, with
/// its `--from` and `--to` as days in the company's zone.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct EventFilters {
    #[serde(skip_serializing_if = "Not::not")]
    pub mine: bool,
    #[serde(skip_serializing_if = "Not::not")]
    pub archived: bool,
    #[serde(skip_serializing_if = "Not::not")]
    pub unassigned: bool,
    #[serde(skip_serializing_if = "Not::not")]
    pub upcoming: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contract: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub search: Option<String>,
    /// The first day, as a date field sends it (`2027-03-12`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    /// The last day, included.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
    /// A span of days by name, in place of the days: `today`, `week`, or
    /// from now for `7d` (the CLI's `--today`, `--this-week`, `--next`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub span: Option<String>,
    #[serde(skip_serializing_if = "Not::not")]
    pub reverse: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limit: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub after: Option<i32>,
    /// The days' bounds in UTC, once read in the company's zone.
    #[serde(skip)]
    starts: (Option<NaiveDateTime>, Option<NaiveDateTime>),
}

impl EventFilters {
    /// The use case's query for these filters (tidied first).
    pub fn query(&self) -> EventQuery {
        EventQuery {
            mine: self.mine,
            archived: self.archived,
            unassigned: self.unassigned,
            contract: self.contract,
            upcoming: self.upcoming,
            starts_from: self.starts.0,
            starts_before: self.starts.1,
            search: self.search.clone(),
            reverse: self.reverse,
            limit: self.limit,
            offset: None,
            after: self.after,
        }
    }
}

/// The span the address names, or none (an unknown name is dropped).
fn named_span(text: &mut Option<String>) -> Option<Span> {
    let span = match text.as_deref() {
        Some("today") => Some(Span::Today),
        Some("week") => Some(Span::ThisWeek),
        Some(other) => Span::next("span", other).ok(),
        None => None,
    };
    if span.is_none() {
        *text = None;
    }
    span
}

/// A date field's day, or none when it is empty or no day.
fn day(text: &mut Option<String>) -> Option<NaiveDate> {
    let day = text
        .as_deref()
        .and_then(|t| NaiveDate::parse_from_str(t.trim(), "%Y-%m-%d").ok());
    if day.is_none() {
        *text = None;
    }
    day
}

/// The use case that reads one page of a list.
pub type Fetch<Q, T> = fn(&Services, Option<&SessionToken>, &Q) -> Result<Listing<T>, ServiceError>;

/// How a list is ordered, for its key column's header: the address of
/// the other way round, and which way it runs now.
pub struct Sorting {
    pub href: String,
    /// `aria-sort`: `ascending` or `descending`.
    pub state: &'static str,
}

/// What a table shows where its list's order is fixed (a home page's, a
/// record's): no switch.
pub const NO_SORT: Option<Sorting> = None;

/// What surrounds a page of rows: the next page, the exports of every
/// row, and the order's switch.
pub struct Around {
    pub next: Option<String>,
    pub exports: export::Exports,
    pub sort: Option<Sorting>,
}

/// One page of a list at `path`: the rows `fetch` reads for the filters,
/// with what surrounds them, rendered by `show`.
pub async fn listed<H, Q, T>(
    web: &Web<H>,
    visit: Visit,
    path: &'static str,
    mut query: Q,
    fetch: Fetch<Q, T>,
    id: fn(&T) -> i32,
    show: impl FnOnce(Chrome, Q, Listing<T>, Around) -> Response,
) -> Response
where
    H: Host,
    Q: Filters,
    T: Send + 'static,
{
    query.tidy(web.settings.zone);
    let asked = query.clone();
    match load(web, visit, move |s, token, _| fetch(s, token, &asked)).await {
        Ok((c, listing)) => {
            let around = Around {
                next: next_page(path, &query, &listing, id),
                exports: export::Exports::of(path, &query),
                sort: sorting(path, &query),
            };
            show(c, query, listing, around)
        }
        Err(response) => response,
    }
}

/// `path` with `query` in its address.
fn address<Q: Filters>(path: &str, query: &Q) -> Option<String> {
    match serde_urlencoded::to_string(query).ok()?.as_str() {
        "" => Some(path.to_owned()),
        filters => Some(format!("{path}?{filters}")),
    }
}

/// The address of the page after this one, its filters kept: the rows
/// after the last one shown, when more follow (a keyset, so that the
/// thousandth page costs what the first does).
fn next_page<Q: Filters, T>(
    path: &str,
    query: &Q,
    listing: &Listing<T>,
    id: fn(&T) -> i32,
) -> Option<String> {
    let last = listing.items.last()?;
    let shown = listing.offset + listing.items.len() as i64;
    if listing.total_exact && listing.total <= shown {
        return None;
    }
    let mut next = query.clone();
    next.set_after(Some(id(last)));
    address(path, &next)
}

/// The list the other way round, from its first row.
fn sorting<Q: Filters>(path: &str, query: &Q) -> Option<Sorting> {
    let reversed = query.reversed()?;
    let mut other = query.clone();
    other.set_reversed(!reversed);
    other.set_after(None);
    Some(Sorting {
        href: address(path, &other)?,
        state: match Q::ASCENDING != reversed {
            true => "ascending",
            false => "descending",
        },
    })
}

macro_rules! list_page {
    ($handler:ident, $page:ident, $template:literal, $query:ty, $row:ty, $path:literal, $fetch:expr) => {
        #[derive(Template)]
        #[template(path = $template)]
        struct $page {
            c: Chrome,
            query: $query,
            listing: Listing<$row>,
            around: Around,
        }

        pub async fn $handler<H: Host>(
            State(web): State<Web<H>>,
            visit: Visit,
            Query(query): Query<$query>,
        ) -> Response {
            listed(
                &web,
                visit,
                $path,
                query,
                $fetch,
                |r| r.id.0,
                |c, query, listing, around| {
                    render(&$page {
                        c,
                        query,
                        listing,
                        around,
                    })
                },
            )
            .await
        }
    };
}

list_page!(
    clients,
    ClientsPage,
    "clients.html",
    ClientQuery,
    Client,
    "/clients",
    |s, token, q| s.list_clients(token, q)
);
list_page!(
    contracts,
    ContractsPage,
    "contracts.html",
    ContractQuery,
    Contract,
    "/contracts",
    |s, token, q| s.list_contracts(token, q)
);
list_page!(
    events,
    EventsPage,
    "events.html",
    EventFilters,
    Event,
    "/events",
    |s, token, q| s.list_events(token, &q.query())
);

impl EventsPage {
    /// Whether the span select shows `value` chosen.
    fn spanned(&self, value: &str) -> bool {
        self.query.span.as_deref().unwrap_or("") == value
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_events_days_are_the_company_zones_whole_days() {
        let mut filters = EventFilters {
            from: Some("2027-03-12".into()),
            to: Some("2027-03-12".into()),
            ..Default::default()
        };
        filters.tidy(chrono_tz::Europe::Paris);
        let query = filters.query();
        let at = |d, h| NaiveDate::from_ymd_opt(2027, 3, d).and_then(|d| d.and_hms_opt(h, 0, 0));
        // Paris is an hour ahead of UTC in March.
        assert_eq!(query.starts_from, at(11, 23));
        assert_eq!(query.starts_before, at(12, 23));
        let mut odd = EventFilters {
            from: Some("12/03/2027".into()),
            to: Some(String::new()),
            ..Default::default()
        };
        odd.tidy(chrono_tz::Europe::Paris);
        assert_eq!((odd.from, odd.to), (None, None), "no day: no bound");
    }

    #[test]
    fn the_order_switch_leads_the_other_way_from_the_first_row() {
        let query = ContractQuery {
            unpaid: true,
            after: Some(40),
            ..Default::default()
        };
        let sort = sorting("/contracts", &query).unwrap();
        assert_eq!(sort.state, "descending", "contracts: the newest first");
        assert_eq!(
            sort.href,
            "/contracts?mine=false&archived=false&unsigned=false&unpaid=true&reverse=true"
        );
        let back = ClientQuery {
            reverse: true,
            ..Default::default()
        };
        assert_eq!(sorting("/clients", &back).unwrap().state, "descending");
        assert_eq!(
            sorting("/clients", &ClientQuery::default()).unwrap().state,
            "ascending"
        );
    }
}
