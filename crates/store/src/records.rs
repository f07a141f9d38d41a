//! What the three record tables share: how a contact's name is read beside a
//! record, and how a stored row becomes a summary of its client.

use diesel::prelude::*;
use epicevents_domain::{COUNT_LIMIT, Listing, Page};

use super::schema::clients;
use crate::StoreError;
use crate::raw::{self, DbConnection, MultiBackend};
use diesel::query_builder::{QueryFragment, QueryId};
use diesel::query_dsl::methods::LimitDsl;
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

/// One page and where it sits in the whole. Counting all matching rows costs
/// as much as reading them, so it is skipped when the page itself tells the
/// total (a page that is not full is the last one), and otherwise stops
/// [`COUNT_LIMIT`] rows past the page's start.
///
/// `count(n)` counts the matching rows, reading at most `n`.
pub(crate) fn listing<T>(
    items: Vec<T>,
    page: Page,
    count: impl FnOnce(i64) -> QueryResult<i64>,
) -> QueryResult<Listing<T>> {
    let shown = items.len() as i64;
    let last_page = page.limit.is_none_or(|limit| shown < limit);
    let (total, total_exact) = if last_page && (shown > 0 || page.offset == 0) {
        (page.offset + shown, true)
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

/// Counts the rows a query returns, reading at most `limit` of them.
macro_rules! count_up_to {
    ($query:expr, $limit:expr, $conn:expr) => {
        $crate::raw::count_of($query.limit($limit)).get_result::<i64>($conn)
    };
}
pub(crate) use count_up_to;

/// How the database would read a list's first page (`page`) and count its
/// footer (`counted`, the ids `count_up_to!` counts, as a first page does).
pub(crate) fn plans<P, C>(
    conn: &mut DbConnection,
    page: P,
    counted: C,
) -> Result<[Vec<String>; 2], StoreError>
where
    P: QueryFragment<MultiBackend> + QueryId,
    C: LimitDsl,
    C::Output: QueryFragment<MultiBackend> + QueryId,
{
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

    #[test]
    fn a_page_that_is_not_full_tells_the_total_without_counting() {
        let page = |limit, offset| Page { limit, offset };
        let never = |_| -> QueryResult<i64> { panic!("counted although the page said the total") };
        let total = |l: Listing<_>| (l.total, l.total_exact);
        assert_eq!(
            total(listing(vec![1, 2], page(Some(50), 0), never).unwrap()),
            (2, true)
        );
        assert_eq!(
            total(listing(vec![1, 2], page(Some(50), 100), never).unwrap()),
            (102, true)
        );
        assert_eq!(
            total(listing(Vec::<i32>::new(), page(Some(50), 0), never).unwrap()),
            (0, true)
        );
        assert_eq!(
            total(listing(vec![1; 3], Page::ALL, never).unwrap()),
            (3, true)
        );
        // A full page, or an empty one past the start, cannot tell.
        assert_eq!(
            total(listing(vec![1, 2], page(Some(2), 0), |_| Ok(7)).unwrap()),
            (7, true)
        );
        let past = listing(Vec::<i32>::new(), page(Some(50), 100), |_| Ok(7)).unwrap();
        assert_eq!((past.total, past.offset), (7, 100));
    }

    #[test]
    fn counting_stops_past_the_limit_and_says_so() {
        let page = Page {
            limit: Some(2),
            offset: 40,
        };
        let mut asked = 0;
        let listed = listing(vec![1, 2], page, |n| {
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
        let exact = listing(vec![1, 2], page, |_| Ok(40 + COUNT_LIMIT)).unwrap();
        assert_eq!((exact.total, exact.total_exact), (40 + COUNT_LIMIT, true));
    }

    #[test]
    fn search_patterns_escape_wildcards() {
        assert_eq!(super::contains_pattern("Ab"), "%ab%");
        assert_eq!(super::contains_pattern("50%_x\\"), "%50\\%\\_x\\\\%");
    }
}
