//! Fills an initialised database with clients, contracts and events for the
//! benchmarks in `scripts/bench.sh`: `cargo run --release --example
//! bench_seed -- URL EVENTS`. One event in five has no support contact.
//!
//! Rows are written directly, in one transaction: this is a load generator,
//! not a user, and going through the services would take minutes.

use chrono::{Duration, NaiveDate};
use diesel::prelude::*;
use epicevents_store::schema::{clients, collaborators, contracts, events};
use epicevents_store::{DatabaseUrl, OpenMode, Store, StoreError};

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let url = DatabaseUrl::parse(&args.next().expect("usage: bench_seed URL EVENTS"))?;
    let count: i32 = args.next().unwrap_or_else(|| "10000".into()).parse()?;
    let store = Store::open(&url, OpenMode::MustExist)?;
    let start = NaiveDate::from_ymd_opt(2026, 1, 1)
        .expect("a date")
        .and_hms_opt(9, 0, 0)
        .expect("a time");
    store.write(|c| -> Result<(), StoreError> {
        let staff = |department: &str, c: &mut _| -> QueryResult<i32> {
            collaborators::table
                .filter(collaborators::department.eq(department))
                .select(collaborators::id)
                .first(c)
        };
        let sales = staff("sales", c)?;
        let support = staff("support", c)?;
        // Ten events per client, one contract per event.
        for n in 0..count {
            let at = start + Duration::hours(i64::from(n) * 7);
            if n % 10 == 0 {
                let (name, email) = (format!("Client {n:05}"), format!("client{n}@bench.test"));
                let (phone, company) = ("+33 1 23 45 67 89", format!("Company {n:05}"));
                let search = epicevents_domain::client_search_text(&name, &email, &company, phone);
                diesel::insert_into(clients::table)
                    .values((
                        clients::sort_key.eq(epicevents_domain::fold(&name)),
                        clients::search_text.eq(search),
                        clients::full_name.eq(name),
                        clients::email.eq(email),
                        clients::phone.eq(phone),
                        clients::company_name.eq(company),
                        clients::sales_contact_id.eq(sales),
                        clients::created_at.eq(at),
                        clients::updated_at.eq(at),
                    ))
                    .execute(c)?;
            }
            let client: i32 = clients::table
                .select(clients::id)
                .order(clients::id.desc())
                .first(c)?;
            let contract: i32 = diesel::insert_into(contracts::table)
                .values((
                    contracts::client_id.eq(client),
                    contracts::total_cents.eq(1_000_000i64),
                    contracts::due_cents.eq(i64::from(n % 3) * 100_000),
                    contracts::signed.eq(true),
                    contracts::created_at.eq(at),
                    contracts::updated_at.eq(at),
                ))
                .returning(contracts::id)
                .get_result(c)?;
            diesel::insert_into(events::table)
                .values((
                    events::contract_id.eq(contract),
                    events::name.eq(format!("Event {n:05}")),
                    events::starts_at.eq(at),
                    events::ends_at.eq(at + Duration::hours(5)),
                    events::support_contact_id.eq((n % 5 != 0).then_some(support)),
                    events::location.eq("Salle des fêtes de Mufflins"),
                    events::attendees.eq(n % 300),
                    events::notes.eq("Bench event."),
                    events::created_at.eq(at),
                    events::updated_at.eq(at),
                ))
                .execute(c)?;
        }
        Ok(())
    })?;
    println!("{count} events written");
    Ok(())
}
