//! Hostile input: the Big List of Naughty Strings plus classic SQL payloads
//! through every text field and every text filter. Each value is refused as
//! invalid input or stored and read back exactly (after the field's
//! documented normalisation: surrounding whitespace trimmed, e-mail
//! lower-cased, phone spacing tidied). Nothing else may happen: no internal
//! error, no change to the schema, no row more or less than accepted.

use crate::common;

use chrono::Duration;
use common::records::{Fixture, counts, fixture};
use common::{SQL_PAYLOADS, TestDb, World};
use epicevents_service::{
    ClientChanges, ClientQuery, ErrorKind, EventChanges, EventQuery, NewClient, NewContract,
    NewEvent, ServiceError, Services, SessionToken,
};
use epicevents_store::SchemaState;

fn corpus() -> Vec<String> {
    let mut all: Vec<String> = naughty_strings::BLNS
        .iter()
        .map(|s| s.to_string())
        .collect();
    all.extend(SQL_PAYLOADS.iter().map(|s| s.to_string()));
    all.push("A".repeat(100_000));
    all
}

/// Only "refused as invalid" is an acceptable failure.
fn accepted<T>(field: &str, input: &str, outcome: Result<T, ServiceError>) -> Option<T> {
    match outcome {
        Ok(v) => Some(v),
        Err(e) if e.kind() == ErrorKind::Invalid => None,
        Err(e) => panic!("{field} = {input:?}: {e:?}"),
    }
}

struct Bench {
    services: Services,
    manager: SessionToken,
    sales: SessionToken,
    support: SessionToken,
    records: Fixture,
    start: chrono::NaiveDateTime,
}

fn bench(db: &TestDb) -> Bench {
    let mut world = World::new(db);
    let (sales_id, sales) = world.hire("Bill Boquet", "bill@epic.test", "sales");
    let (support_id, support) = world.hire("Kate Hastroff", "kate@epic.test", "support");
    let start = world.clock.now();
    let records = fixture(db, Some(sales_id), Some(support_id), true, start);
    let manager = world.manager();
    Bench {
        manager,
        services: world.services,
        sales,
        support,
        records,
        start,
    }
}

fn client(name: &str, email: &str, phone: &str, company: &str) -> NewClient {
    NewClient {
        name: name.into(),
        email: email.into(),
        phone: phone.into(),
        company: company.into(),
        // The corpus reuses one e-mail for every other field's payloads.
        allow_duplicate: true,
    }
}

fn event(
    contract: i32,
    start: chrono::NaiveDateTime,
    name: &str,
    location: &str,
    notes: &str,
) -> NewEvent {
    NewEvent {
        contract,
        name: name.into(),
        starts_at: start + Duration::days(7),
        ends_at: start + Duration::days(7) + Duration::hours(2),
        location: location.into(),
        attendees: "10".into(),
        notes: Some(notes.into()),
        past: false,
    }
}

on_every_backend! {
    fn hostile_strings_are_refused_or_kept_exactly(db: &TestDb) {
        let mut b = bench(db);
        let (mut clients, mut contracts, mut events) = (0, 0, 0);
        let before = counts(db);
        let s = &mut b.services;
        let (sales, support, manager) = (Some(&b.sales), Some(&b.support), Some(&b.manager));
        let (contract, event_id, client_id) = (b.records.contract, b.records.event, b.records.client);
        for input in corpus() {
            let x = input.as_str();
            let trimmed = x.trim();
            // Client fields, one at a time, the others valid.
            for (field, new) in [
                ("name", client(x, "a@b.test", "+33 1 23 45 67 89", "Acme")),
                ("company", client("Ann", "a@b.test", "+33 1 23 45 67 89", x)),
                ("email", client("Ann", x, "+33 1 23 45 67 89", "Acme")),
                ("phone", client("Ann", "a@b.test", x, "Acme")),
            ] {
                if let Some(created) = accepted(field, x, s.create_client(sales, new)) {
                    clients += 1;
                    let read = s.show_client(sales, created.id.0).unwrap();
                    assert_eq!(read, created, "{field} = {x:?} read back differently");
                    match field {
                        "name" => assert_eq!(read.name.as_str(), trimmed),
                        "company" => assert_eq!(read.company.as_str(), trimmed),
                        "email" => assert_eq!(read.email.as_str(), trimmed.to_lowercase()),
                        _ => {}
                    }
                }
            }
            let edit = ClientChanges { name: Some(input.clone()), ..Default::default() };
            if let Some(updated) = accepted("client name", x, s.update_client(sales, client_id, edit)) {
                assert_eq!(updated.name.as_str(), trimmed);
            }
            // Event text fields, created by sales and updated by support.
            for (field, new) in [
                ("event name", event(contract, b.start, x, "Paris", "")),
                ("location", event(contract, b.start, "Party", x, "")),
                ("notes", event(contract, b.start, "Party", "Paris", x)),
            ] {
                if let Some(created) = accepted(field, x, s.create_event(sales, new)) {
                    events += 1;
                    assert_eq!(s.show_event(sales, created.id.0).unwrap(), created, "{field} = {x:?}");
                }
            }
            let notes = EventChanges { notes: Some(input.clone()), ..Default::default() };
            if let Some(updated) = accepted("notes", x, s.update_event(support, event_id, notes)) {
                assert_eq!(s.show_event(support, event_id).unwrap().notes.as_str(), trimmed);
                assert_eq!(updated.notes.as_str(), trimmed);
            }
            let attendees = EventChanges { attendees: Some(input.clone()), ..Default::default() };
            accepted("attendees", x, s.update_event(support, event_id, attendees));
            // Amounts are text too until parsed.
            let amount = NewContract { client: client_id, total: input.clone(), due: None, signed: false };
            if let Some(created) = accepted("total", x, s.create_contract(manager, amount)) {
                contracts += 1;
                assert_eq!(s.show_contract(manager, created.id.0).unwrap(), created);
            }
            let due = epicevents_service::ContractChanges { due: Some(input.clone()), ..Default::default() };
            accepted("due", x, s.update_contract(sales, contract, due));
            // The one free-text filter.
            let search = ClientQuery { search: Some(input.clone()), ..Default::default() };
            if let Some(found) = accepted("search", x, s.list_clients(sales, &search)) {
                // Matches are by folded text (no case, no accents), every
                // word of it, or, for a number, by the phone's digits in
                // either French form.
                let wanted = epicevents_domain::search_words(trimmed);
                assert!(found.items.iter().all(|c| {
                    let text = epicevents_domain::client_search_text(c.name.as_str(), c.email.as_str(), c.company.as_str(), c.phone.as_str());
                    wanted.iter().all(|word| text.contains(word))
                }), "search {x:?} matched a client without the text");
            }
        }
        s.list_events(sales, &EventQuery::default()).unwrap();
        let after = counts(db);
        assert_eq!(after, [before[0] + clients, before[1] + contracts, before[2] + events], "rows appeared or vanished");
        assert!(clients > 100 && events > 100, "most of the corpus is ordinary text: {clients} clients, {events} events");
        let store = db.store();
        assert_eq!(store.schema_state().unwrap(), SchemaState::Current);
        let staff = store.read(|c| epicevents_store::collaborators::count(c, None)).unwrap();
        assert_eq!(staff, 3, "collaborators untouched");
    }
}
