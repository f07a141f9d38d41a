//! What the three record tables share: how a contact's name is read beside a
//! record, and how a stored row becomes a summary of its client.

use diesel::prelude::*;
use epicevents_domain::{COUNT_LIMIT, Listing, Page};

use super::schema::clients;
use crate::StoreError;
use epicevents_domain::{
    ClientId, ClientSummary, CollaboratorId, CompanyName, Contact, Email, FullName, Phone,
};

/// A contact as left-joined: absent when the record has none.
pub(crate) type ContactRow = Option<(i32, String)>;

pub(crate) fn contact(row: ContactRow) -> Option<Contact> {
    row.map(|(id, name)| Contact {
        id: CollaboratorId(id),
        name: FullName::from_trusted(name),
    })
}

#[derive(Queryable, Selectable)]
#[diesel(table_name = clients)]
pub(crate) struct ClientSummaryRow {
    id: i32,
    full_name: String,
    email: String,
    phone: String,
    company_name: String,
}

impl From<ClientSummaryRow> for ClientSummary {
    fn from(r: ClientSummaryRow) -> Self {
        ClientSummary {
            id: ClientId(r.id),
            name: FullName::from_trusted(r.full_name),
            email: Email::from_trusted(r.email),
            phone: Phone::from_trusted(r.phone),
            company: CompanyName::from_trusted(r.company_name),
        }
    }
}

/// One page and where it sits in the whole, from the rows a page query read
/// (one more than the page's limit, to tell whether more follow).
///
/// Counting all matching rows costs as much as reading them, so it is
/// skipped when the page itself tells the total (nothing follows it), or
/// when the page was read after a row (keyset paging reads a list to its
/// end and needs no count); otherwise it stops [`COUNT_LIMIT`] rows past the
/// page's start. `count(n)` counts the matching rows, reading at most `n`.
pub(crate) fn listing<T>(
    mut items: Vec<T>,
    page: Page,
    count: impl FnOnce(i64) -> QueryResult<i64>,
) -> QueryResult<Listing<T>> {
    let more = items.len() as i64 > page.limit;
    items.truncate(usize::try_from(page.limit).unwrap_or(0));
    let shown = items.len() as i64;
    let (total, total_exact) = if !more && (shown > 0 || page.offset == 0) {
        (page.offset + shown, true)
    } else if page.after.is_some() {
        (shown, !more)
    } else {
        let cap = page.offset.saturating_add(COUNT_LIMIT);
        let counted = count(cap.saturating_add(1))?;
        if counted > cap {
            (cap, false)
        } else {
            (counted, true)
        }
    };
    Ok(Listing {
        items,
        total,
        total_exact,
        offset: page.offset,
    })
}

/// The rows a page query reads: its limit, and one more that tells whether
/// another page follows.
/// Values bound in one statement, well under every backend's limit.
pub(crate) const BLOCK: usize = 500;

/// The rows `load` reads for `keys`, one statement per block of keys: an
/// import's whole sheet in a few statements instead of one per row.
pub(crate) fn in_blocks<K, T>(
    keys: &[K],
    mut load: impl FnMut(&[K]) -> QueryResult<Vec<T>>,
) -> Result<Vec<T>, StoreError> {
    let mut found = Vec::new();
    for block in keys.chunks(BLOCK) {
        found.extend(load(block)?);
    }
    Ok(found)
}

pub(crate) fn rows_to_read(page: Page) -> i64 {
    page.limit.saturating_add(1)
}

/// Counts the rows a query returns, reading at most `limit` of them.
macro_rules! count_up_to {
    ($query:expr, $limit:expr, $conn:expr) => {
        $crate::raw::count_of($crate::raw::bounded($query, $limit, 0)).get_result::<i64>($conn)
    };
}
pub(crate) use count_up_to;

/// A page's rows (`$rows`, its bounded query) and, when the footer may
/// need it, the count of `$counted` (the matching ids) up to where
/// [`listing`] stops counting: on PostgreSQL in the same statement (one
/// round trip fewer per list), elsewhere left to `listing`. A page read
/// after a row is never counted.
macro_rules! page_and_count {
    ($conn:expr, $page:expr, $rows:expr, $counted:expr) => {{
        let page: epicevents_domain::Page = $page;
        if matches!($conn, $crate::DbConnection::Postgres(_)) && page.after.is_none() {
            let cap = page.offset.saturating_add(epicevents_domain::COUNT_LIMIT);
            let rows: Vec<(i64, _)> = $crate::raw::with_count(
                $rows,
                $crate::raw::bounded($counted, cap.saturating_add(1), 0),
            )
            .load($conn)?;
            let known = rows.first().map(|(counted, _)| *counted);
            (
                rows.into_iter().map(|(_, row)| row).collect::<Vec<_>>(),
                known,
            )
        } else {
            ($rows.load($conn)?, None)
        }
    }};
}
pub(crate) use page_and_count;

/// A list's page as [`listing`] makes it: its rows (`$rows`, made domain
/// records by `$into`) and, when needed, the count of `$counted`, in the
/// page's own statement where [`page_and_count!`] can.
macro_rules! listed {
    ($conn:expr, $page:expr, $rows:expr, $counted:expr, $into:expr) => {{
        let (rows, known) = page_and_count!($conn, $page, $rows, $counted);
        let items = rows.into_iter().map($into).collect();
        listing(items, $page, |most| match known {
            Some(counted) => Ok(counted),
            None => count_up_to!($counted, most, $conn),
        })
        .map_err(StoreError::from)
    }};
}
pub(crate) use listed;

/// Where a page read after row `after` (if any) starts: that row's
/// `(key, id)` in its list's order, or [`StoreError::NoCursor`] when there
/// is no such row.
macro_rules! cursor_of {
    ($conn:expr, $table:expr, $key:expr, $key_type:ty, $after:expr) => {{
        let after: Option<i32> = $after;
        after
            .map(|id| {
                $table
                    .find(id)
                    .select($key)
                    .first::<$key_type>($conn)
                    .optional()
                    .map_err($crate::StoreError::from)
                    .and_then(|key| key.map(|k| (k, id)).ok_or($crate::StoreError::NoCursor(id)))
            })
            .transpose()
    }};
}
pub(crate) use cursor_of;

/// Keeps the rows that follow `after`, a row's `(key, id)`, in a list
/// ordered by `(key, id)`: a range on the list's index, then its ties.
macro_rules! following {
    ($query:expr, $after:expr, $key:expr, $id:expr, asc) => {
        match $after {
            Some((key, id)) => $query.filter(
                $key.ge(key.clone())
                    .and($key.gt(key.clone()).or($id.gt(*id))),
            ),
            None => $query,
        }
    };
    ($query:expr, $after:expr, $key:expr, $id:expr, desc) => {
        match $after {
            Some((key, id)) => $query.filter(
                $key.le(key.clone())
                    .and($key.lt(key.clone()).or($id.lt(*id))),
            ),
            None => $query,
        }
    };
}
pub(crate) use following;

/// Orders a list by `(key, id)`. On MySQL, a search (`LIKE` on folded
/// text, which no index there serves) orders by an expression of the key
/// instead, which no index serves either: otherwise the planner walks the
/// key's index for the first matches, row by row, and a term that matches
/// nothing near the start of that order reads the whole table that way (a
/// minute at a million rows, where a scan and a sort take two seconds).
macro_rules! ordered {
    ($query:expr, $ready:expr, $key:expr, $id:expr, $direction:ident) => {
        if $ready.scan_order {
            $query.order((
                diesel::dsl::case_when($id.is_not_null(), $key).$direction(),
                $id.$direction(),
            ))
        } else {
            $query.order(($key.$direction(), $id.$direction()))
        }
    };
}
pub(crate) use ordered;

/// A list's page in its own order or the other way round: `$page_of`
/// (a list's `page_of!` and its arguments) with one direction or the
/// other, the same query type either way.
macro_rules! each_way {
    ($reverse:expr, $natural:ident, $other:ident, $page_of:ident!($($args:tt)*)) => {
        match $reverse {
            false => $page_of!($($args)*, $natural),
            true => $page_of!($($args)*, $other),
        }
    };
}
pub(crate) use each_way;

/// How the database would read a list's first page (`page`) and count its
/// footer (`counted`, the ids `count_up_to!` counts, as a first page does).
#[cfg(feature = "test-support")]
pub(crate) fn plans<P, C>(
    conn: &mut crate::DbConnection,
    page: P,
    counted: C,
) -> Result<[Vec<String>; 2], StoreError>
where
    P: diesel::query_builder::QueryFragment<crate::raw::MultiBackend>
        + diesel::query_builder::QueryId,
    C: diesel::query_dsl::methods::LimitDsl,
    C::Output: diesel::query_builder::QueryFragment<crate::raw::MultiBackend>
        + diesel::query_builder::QueryId,
{
    use crate::raw;

    let page = raw::explain(conn, page)?;
    let count = raw::explain(conn, raw::count_of(counted.limit(COUNT_LIMIT + 1)))?;
    Ok([page, count])
}

/// A `LIKE` pattern matching `term` anywhere, lower-cased, with the
/// wildcards a user might type (`%`, `_`) and the escape character escaped,
/// so they match themselves.
pub(crate) fn contains_pattern(term: &str) -> String {
    let mut pattern = String::from("%");
    for c in term.to_lowercase().chars() {
        if matches!(c, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push('%');
    pattern
}

#[cfg(test)]
mod tests {
    use super::listing;
    use diesel::QueryResult;
    use epicevents_domain::{COUNT_LIMIT, Listing, Page};

    fn page(limit: i64, offset: i64) -> Page {
        Page {
            limit,
            offset,
            after: None,
        }
    }

    fn never(_: i64) -> QueryResult<i64> {
        panic!("counted although the page said the total")
    }

    fn total<T>(l: Listing<T>) -> (i64, bool) {
        (l.total, l.total_exact)
    }

    #[test]
    fn a_page_with_nothing_after_it_tells_the_total_without_counting() {
        assert_eq!(
            total(listing(vec![1, 2], page(50, 0), never).unwrap()),
            (2, true)
        );
        assert_eq!(
            total(listing(vec![1, 2], page(50, 100), never).unwrap()),
            (102, true)
        );
        assert_eq!(
            total(listing(Vec::<i32>::new(), page(50, 0), never).unwrap()),
            (0, true)
        );
        // Full, but the row read past the limit is missing: nothing follows.
        assert_eq!(
            total(listing(vec![1, 2], page(2, 0), never).unwrap()),
            (2, true)
        );
    }

    #[test]
    fn a_page_with_more_after_it_counts_and_shows_only_its_limit() {
        let listed = listing(vec![1, 2, 3], page(2, 0), |_| Ok(7)).unwrap();
        assert_eq!(listed.items, [1, 2]);
        assert_eq!(total(listed), (7, true));
        let past = listing(Vec::<i32>::new(), page(50, 100), |_| Ok(7)).unwrap();
        assert_eq!((past.total, past.offset), (7, 100));
    }

    #[test]
    fn a_page_read_after_a_row_is_never_counted() {
        let after = Page {
            after: Some(9),
            ..page(2, 0)
        };
        let more = listing(vec![1, 2, 3], after, never).unwrap();
        assert_eq!(more.items, [1, 2]);
        assert_eq!(total(more), (2, false));
        assert_eq!(total(listing(vec![1], after, never).unwrap()), (1, true));
    }

    #[test]
    fn counting_stops_past_the_limit_and_says_so() {
        let page = page(2, 40);
        let mut asked = 0;
        let listed = listing(vec![1, 2, 3], page, |n| {
            asked = n;
            Ok(n)
        })
        .unwrap();
        // Rows up to the page's start plus the limit, and one more to tell "more".
        assert_eq!(asked, 40 + COUNT_LIMIT + 1);
        assert_eq!(
            (listed.total, listed.total_exact),
            (40 + COUNT_LIMIT, false)
        );
        let exact = listing(vec![1, 2, 3], page, |_| Ok(40 + COUNT_LIMIT)).unwrap();
        assert_eq!((exact.total, exact.total_exact), (40 + COUNT_LIMIT, true));
    }

    #[test]
    fn search_patterns_escape_wildcards() {
        assert_eq!(super::contains_pattern("Ab"), "%ab%");
        assert_eq!(super::contains_pattern("50%_x\\"), "%50\\%\\_x\\\\%");
    }
}
