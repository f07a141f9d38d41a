//! Reading a whole list a page at a time, each page after the last row of
//! the one before (what `--all` does), gives every row once, in the list's
//! order, ties included, on every backend.

use crate::common;

use common::World;
use epicevents_domain::{CollaboratorId, Listing, Page};
use epicevents_store::{DbConnection, StoreError, clients, contracts, events};

const ROWS: usize = 2_500;

/// The ids of a whole list: in one page, and page by page after each
/// page's last row.
fn both_ways<T>(
    c: &mut DbConnection,
    id: fn(&T) -> i32,
    mut list: impl FnMut(&mut DbConnection, Page) -> Result<Listing<T>, StoreError>,
) -> (Vec<i32>, Vec<i32>) {
    let whole = list(
        c,
        Page {
            limit: 100_000,
            ..Page::default()
        },
    )
    .unwrap();
    let at_once: Vec<i32> = whole.items.iter().map(id).collect();
    let mut paged = Vec::new();
    let mut after = None;
    loop {
        let page = list(
            c,
            Page {
                limit: 700,
                offset: 0,
                after,
            },
        )
        .unwrap();
        paged.extend(page.items.iter().map(id));
        if after.is_some() && !page.total_exact {
            assert_eq!(
                page.total,
                page.items.len() as i64,
                "a page read after a row is not counted"
            );
        }
        match page.items.last() {
            Some(last) if page.items.len() == 700 => after = Some(id(last)),
            _ => break,
        }
    }
    (at_once, paged)
}

on_every_backend! {
    fn pages_read_after_a_row_give_every_row_once_in_order(db: &TestDb) {
        let mut world = World::new(db);
        let (sam, _) = world.hire("Sam Sales", "sam@epic.test", "sales");
        world.hire("Sue Support", "sue@epic.test", "support");
        let store = db.store();
        // The seeded names repeat, so the clients' order has ties; contracts
        // and events are given some.
        epicevents_store::seed::fill(&store, ROWS).unwrap();
        store
            .write(|c| -> Result<(), StoreError> {
                use diesel::prelude::*;
                use epicevents_store::schema::{contracts as k, events as e};
                let noon = chrono::NaiveDate::from_ymd_opt(2026, 3, 1).unwrap().and_hms_opt(12, 0, 0).unwrap();
                diesel::update(k::table.filter(k::id.le(1_500))).set(k::created_at.eq(epicevents_store::At(noon))).execute(c)?;
                diesel::update(e::table.filter(e::id.le(1_000))).set((e::starts_at.eq(epicevents_store::At(noon)), e::ends_at.eq(epicevents_store::At(noon + chrono::Duration::hours(5))))).execute(c)?;
                Ok(())
            })
            .unwrap();
        store
            .read(|c| -> Result<(), StoreError> {
                let (whole, paged) = both_ways(c, |r: &epicevents_domain::Client| r.id.0, |c, p| {
                    clients::list(c, &clients::Filter::default(), p)
                });
                assert_eq!(whole.len(), ROWS);
                assert_eq!(paged, whole, "clients");
                let mine = clients::Filter { sales_contact: Some(CollaboratorId(sam)), ..Default::default() };
                let (whole, paged) = both_ways(c, |r: &epicevents_domain::Client| r.id.0, |c, p| clients::list(c, &mine, p));
                assert_eq!((whole.len(), &paged), (ROWS, &whole), "a sales rep's clients");
                let (whole, paged) = both_ways(c, |r: &epicevents_domain::Contract| r.id.0, |c, p| {
                    contracts::list(c, &contracts::Filter::default(), p)
                });
                assert_eq!((whole.len(), &paged), (ROWS, &whole), "contracts, newest first");
                let unsigned = contracts::Filter { unsigned_only: true, ..Default::default() };
                let (whole, paged) = both_ways(c, |r: &epicevents_domain::Contract| r.id.0, |c, p| contracts::list(c, &unsigned, p));
                assert!(!whole.is_empty() && whole.len() < ROWS);
                assert_eq!(paged, whole, "unsigned contracts");
                let (whole, paged) = both_ways(c, |r: &epicevents_domain::Event| r.id.0, |c, p| {
                    events::list(c, &events::Filter::default(), p)
                });
                assert!(whole.len() > 700);
                assert_eq!(paged, whole, "events");
                // Each list reversed: the same rows, ties included, the
                // other way round, page after page.
                let forward = whole;
                let reversed = events::Filter { reverse: true, ..Default::default() };
                let (whole, paged) = both_ways(c, |r: &epicevents_domain::Event| r.id.0, |c, p| events::list(c, &reversed, p));
                assert_eq!(paged, whole, "events, the latest first");
                assert_eq!(whole, forward.into_iter().rev().collect::<Vec<_>>(), "events reversed");
                let forward = both_ways(c, |r: &epicevents_domain::Client| r.id.0, |c, p| clients::list(c, &clients::Filter::default(), p)).0;
                let reversed = clients::Filter { reverse: true, ..Default::default() };
                let (whole, paged) = both_ways(c, |r: &epicevents_domain::Client| r.id.0, |c, p| clients::list(c, &reversed, p));
                assert_eq!(paged, whole, "clients from Z to A");
                assert_eq!(whole, forward.into_iter().rev().collect::<Vec<_>>(), "clients reversed");
                let forward = both_ways(c, |r: &epicevents_domain::Contract| r.id.0, |c, p| contracts::list(c, &contracts::Filter::default(), p)).0;
                let reversed = contracts::Filter { reverse: true, ..Default::default() };
                let (whole, paged) = both_ways(c, |r: &epicevents_domain::Contract| r.id.0, |c, p| contracts::list(c, &reversed, p));
                assert_eq!(paged, whole, "contracts, the oldest first");
                assert_eq!(whole, forward.into_iter().rev().collect::<Vec<_>>(), "contracts reversed");
                Ok(())
            })
            .unwrap();
    }
}

// A first page that fills up needs its footer's count: on PostgreSQL it
// comes in the page's own statement (one round trip, not two); a page read
// after a row needs none anywhere.
on_every_backend! {
    fn a_first_page_and_its_count_are_one_statement_on_postgresql(db: &TestDb) {
        use diesel::connection::{Connection, InstrumentationEvent};
        use std::sync::Arc;
        use std::sync::atomic::{AtomicUsize, Ordering};
        let mut world = World::new(db);
        world.hire("Sam Sales", "sam@epic.test", "sales");
        world.hire("Sue Support", "sue@epic.test", "support");
        let store = db.store();
        epicevents_store::seed::fill(&store, 120).unwrap();
        let postgres = matches!(db.url, epicevents_store::DatabaseUrl::Postgres(_));
        store
            .read(|c| -> Result<(), StoreError> {
                let statements = Arc::new(AtomicUsize::new(0));
                let counted = Arc::clone(&statements);
                c.set_instrumentation(move |event: InstrumentationEvent<'_>| {
                    if matches!(event, InstrumentationEvent::StartQuery { .. }) {
                        counted.fetch_add(1, Ordering::SeqCst);
                    }
                });
                let first = Page { limit: 50, ..Page::default() };
                let page = events::list(c, &events::Filter::default(), first)?;
                assert_eq!((page.items.len(), page.total, page.total_exact), (50, 120, true));
                let contracts = contracts::list(c, &contracts::Filter { reverse: true, ..Default::default() }, first)?;
                assert_eq!((contracts.items.len(), contracts.total), (50, 120));
                let clients = clients::list(c, &clients::Filter::default(), first)?;
                assert_eq!((clients.items.len(), clients.total), (50, 120));
                let per_page = if postgres { 1 } else { 2 };
                assert_eq!(statements.swap(0, Ordering::SeqCst), 3 * per_page, "three first pages and their counts");
                let last = page.items.last().unwrap().id.0;
                let after = events::list(c, &events::Filter::default(), Page { after: Some(last), ..first })?;
                assert_eq!(after.items.len(), 50);
                // The row to read on after, then the page.
                assert_eq!(statements.load(Ordering::SeqCst), 2, "a page after a row is not counted");
                let offset = events::list(c, &events::Filter::default(), Page { offset: 100, ..first })?;
                assert_eq!((offset.items.len(), offset.total, offset.offset), (20, 120, 100));
                let beyond = events::list(c, &events::Filter::default(), Page { offset: 500, ..first })?;
                assert_eq!((beyond.items.len(), beyond.total, beyond.total_exact), (0, 120, true), "an empty page past the end still counts");
                Ok(())
            })
            .unwrap();
    }
}
