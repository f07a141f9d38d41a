//! Bulk rows for benchmarks and plan tests: `rows` clients, contracts (one
//! per client, one in ten unsigned) and events (one per signed contract, the
//! unsigned ones' share going to the contract before; one in five with no
//! support contact), owned by the database's first sales and support
//! collaborators. Names are drawn from a few dozen first and last names, so
//! a search for a surname matches about one client in forty, as in a real
//! address book.
//!
//! Rows are written directly, in batches: this is a load generator, not a
//! user, and going through the services would take hours at a million rows.

use chrono::{Duration, NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use crate::At;
use crate::schema::{clients, collaborators, contracts, events};
use crate::{DbConnection, Store, StoreError};

const FIRST: [&str; 24] = [
    "Kevin", "Amélie", "Jean", "Zoë", "Hélène", "Marc", "Léa", "Noël", "Inès", "Paul", "Chloé",
    "Hugo", "Anaïs", "Louis", "Émile", "Sarah", "Théo", "Manon", "Jules", "Camille", "Gaël",
    "Lucie", "Mathis", "Éva",
];
const LAST: [&str; 40] = [
    "Casey",
    "Martin",
    "Bernard",
    "Dubois",
    "Thomas",
    "Robert",
    "Richard",
    "Petit",
    "Durand",
    "Leroy",
    "Moreau",
    "Simon",
    "Laurent",
    "Lefèvre",
    "Michel",
    "Garcia",
    "David",
    "Bertrand",
    "Roux",
    "Vincent",
    "Fournier",
    "Morel",
    "Girard",
    "André",
    "Lefebvre",
    "Mercier",
    "Dupont",
    "Lambert",
    "Bonnet",
    "François",
    "Martinez",
    "Legrand",
    "Garnier",
    "Faure",
    "Rousseau",
    "Blanc",
    "Guérin",
    "Muller",
    "Henry",
    "Roussel",
];
/// Rows per INSERT: under both backends' limits on bound parameters.
const BATCH: usize = 1_000;

/// Writes `rows` clients, contracts and events (see the module's text), in
/// batches inside one transaction, then refreshes the planner's statistics.
pub fn fill(store: &Store, rows: usize) -> Result<(), StoreError> {
    load(store, rows)?;
    store.optimize()
}

/// The same rows, and statistics left as they were: a bulk load by script,
/// a restore or a migration from the old sheet, as the product never sees.
pub fn load(store: &Store, rows: usize) -> Result<(), StoreError> {
    store.write(|c| -> Result<(), StoreError> {
        let staff = |department: &str, c: &mut _| -> QueryResult<i32> {
            collaborators::table
                .filter(collaborators::department.eq(department))
                .select(collaborators::id)
                .order(collaborators::id)
                .first(c)
        };
        let (sales, support) = (staff("sales", c)?, staff("support", c)?);
        for first in (0..rows).step_by(BATCH) {
            let batch = first..(first + BATCH).min(rows);
            let client_ids = insert_clients(c, batch.clone(), sales)?;
            let contract_ids = insert_contracts(c, batch.clone(), &client_ids)?;
            insert_events(c, batch, &contract_ids, support)?;
        }
        Ok(())
    })
}

#[allow(clippy::expect_used, reason = "a constant date")]
fn at(n: usize) -> NaiveDateTime {
    let start = NaiveDate::from_ymd_opt(2026, 1, 1)
        .and_then(|d| d.and_hms_opt(9, 0, 0))
        .expect("a fixed date");
    start + Duration::minutes(n as i64 * 7)
}

fn insert_clients(
    c: &mut DbConnection,
    batch: std::ops::Range<usize>,
    sales: i32,
) -> Result<Vec<i32>, StoreError> {
    let values: Vec<_> = batch
        .map(|n| {
            let (first, last) = (FIRST[n % FIRST.len()], LAST[(n / FIRST.len()) % LAST.len()]);
            let name = format!("{first} {last}");
            let email = format!("client{n}@bench.test");
            let company = format!("{last} & Fils {n}");
            let phone = format!(
                "+33 1 {:02} {:02} {:02} {:02}",
                n % 97,
                n % 89,
                n % 83,
                n % 79
            );
            let search = epicevents_domain::client_search_text(&name, &email, &company, &phone);
            (
                clients::sort_key.eq(epicevents_domain::fold(&name)),
                clients::search_text.eq(search),
                clients::full_name.eq(name),
                clients::email.eq(email),
                clients::phone.eq(phone),
                clients::company_name.eq(company),
                clients::sales_contact_id.eq(Some(sales)),
                clients::created_at.eq(At(at(n))),
                clients::updated_at.eq(At(at(n))),
            )
        })
        .collect();
    let written = values.len() as i64;
    let insert = diesel::insert_into(clients::table).values(values);
    per_backend!(c, c => insert.execute(c))?;
    // The seeder is the only writer: its rows are the newest (MySQL has no
    // RETURNING to say so).
    let mut ids: Vec<i32> = clients::table
        .select(clients::id)
        .order(clients::id.desc())
        .limit(written)
        .load(c)?;
    ids.reverse();
    Ok(ids)
}

fn insert_contracts(
    c: &mut DbConnection,
    batch: std::ops::Range<usize>,
    client_ids: &[i32],
) -> Result<Vec<(i32, bool)>, StoreError> {
    let values: Vec<_> = batch
        .zip(client_ids)
        .map(|(n, &client)| {
            (
                contracts::client_id.eq(client),
                contracts::total_cents.eq(1_000_000i64),
                contracts::due_cents.eq((n % 3) as i64 * 100_000),
                contracts::signed.eq(n % 10 != 9),
                contracts::created_at.eq(At(at(n))),
                contracts::updated_at.eq(At(at(n))),
            )
        })
        .collect();
    let written = values.len() as i64;
    let insert = diesel::insert_into(contracts::table).values(values);
    per_backend!(c, c => insert.execute(c))?;
    let mut rows: Vec<(i32, bool)> = contracts::table
        .select((contracts::id, contracts::signed))
        .order(contracts::id.desc())
        .limit(written)
        .load(c)?;
    rows.reverse();
    Ok(rows)
}

fn insert_events(
    c: &mut DbConnection,
    batch: std::ops::Range<usize>,
    contracts: &[(i32, bool)],
    support: i32,
) -> Result<(), StoreError> {
    let mut last_signed = None;
    let values: Vec<_> = batch
        .zip(contracts)
        .filter_map(|(n, &(contract, signed))| {
            if signed {
                last_signed = Some(contract);
            }
            let contract = last_signed?;
            let start = at(n) + Duration::days(30);
            let name = format!("Event {n:07}");
            let location = "Salle des fêtes de Mufflins";
            Some((
                events::search_text.eq(epicevents_domain::event_search_text(&name, location)),
                events::contract_id.eq(contract),
                events::name.eq(name),
                events::starts_at.eq(At(start)),
                events::ends_at.eq(At(start + Duration::hours(5))),
                events::support_contact_id.eq((n % 5 != 0).then_some(support)),
                events::location.eq(location),
                events::attendees.eq((n % 300) as i32),
                events::notes.eq("Bench event."),
                events::created_at.eq(At(at(n))),
                events::updated_at.eq(At(at(n))),
            ))
        })
        .collect();
    let insert = diesel::insert_into(events::table).values(values);
    per_backend!(c, c => insert.execute(c))?;
    Ok(())
}
