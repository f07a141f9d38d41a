//! Clients, contracts and events through the services: lists (order,
//! filters, pages), the rules a permitted actor can still break, and the
//! demo data. Every test runs on SQLite and on PostgreSQL.

use crate::common;

use chrono::Duration;
use common::records::counts;
use common::{TestDb, World};
use epicevents_service::{
    ClientChanges, ClientQuery, ContractChanges, ContractQuery, ErrorKind, EventChanges,
    EventQuery, NewClient, NewContract, NewEvent, ServiceError, SessionToken,
};

struct Cast {
    world: World,
    ada: SessionToken,
    bill: (i32, SessionToken),
    sally: (i32, SessionToken),
    kate: (i32, SessionToken),
}

fn cast(db: &TestDb) -> Cast {
    let mut world = World::new(db);
    let ada = world.manager();
    let bill = world.hire("Bill Boquet", "bill@epic.test", "sales");
    let sally = world.hire("Sally Seller", "sally@epic.test", "sales");
    let kate = world.hire("Kate Hastroff", "kate@epic.test", "support");
    Cast {
        world,
        ada,
        bill,
        sally,
        kate,
    }
}

fn new_client(name: &str, company: &str) -> NewClient {
    NewClient {
        name: name.into(),
        email: format!("{}@client.test", name.to_lowercase().replace(' ', ".")),
        phone: "+33 1 23 45 67 89".into(),
        company: company.into(),
        allow_duplicate: false,
    }
}

/// Tokens are deliberately not `Clone`; tests hold several handles to one.
fn dup(t: &SessionToken) -> SessionToken {
    SessionToken::from_secret(common::secret(t.expose()))
}

fn kind(outcome: Result<impl std::fmt::Debug, ServiceError>) -> (ErrorKind, String) {
    let e = outcome.expect_err("should fail");
    (e.kind(), e.to_string())
}

impl Cast {
    fn client(&mut self, who: &SessionToken, name: &str) -> i32 {
        let c = self
            .world
            .services
            .create_client(Some(who), new_client(name, "Acme"));
        c.expect("create client").id.0
    }

    fn contract(&mut self, client: i32, signed: bool) -> i32 {
        let input = NewContract {
            client,
            total: "1000".into(),
            due: None,
            signed,
        };
        let c = self.world.services.create_contract(Some(&self.ada), input);
        c.expect("create contract").id.0
    }

    fn event(
        &mut self,
        who: &SessionToken,
        contract: i32,
        in_days: i64,
    ) -> Result<i32, ServiceError> {
        let start = self.world.clock.now() + Duration::days(in_days);
        let input = NewEvent {
            contract,
            name: format!("Event in {in_days} days"),
            starts_at: start,
            ends_at: start + Duration::hours(3),
            location: "Paris".into(),
            attendees: "10".into(),
            notes: None,
            past: in_days < 0,
        };
        self.world
            .services
            .create_event(Some(who), input)
            .map(|e| e.id.0)
    }
}

on_every_backend! {
    fn clients_list_by_name_in_pages_and_filter(db: &TestDb) {
        let mut c = cast(db);
        let bill = dup(&c.bill.1);
        let sally = dup(&c.sally.1);
        for name in ["Zoé Zed", "Anne Alpha", "Marc 50% Off", "Marc 5000"] {
            c.client(&bill, name);
        }
        c.client(&sally, "Bob Beta");
        let s = &mut c.world.services;
        let all = s.list_clients(Some(&sally), &ClientQuery::default()).unwrap();
        let names: Vec<_> = all.items.iter().map(|c| c.name.to_string()).collect();
        assert_eq!(names, ["Anne Alpha", "Bob Beta", "Marc 50% Off", "Marc 5000", "Zoé Zed"]);
        assert_eq!(all.total, 5);
        assert_eq!(all.items[1].sales_contact.as_ref().unwrap().name.as_str(), "Sally Seller");

        let page = ClientQuery { limit: Some(2), offset: Some(2), ..Default::default() };
        let second = s.list_clients(Some(&sally), &page).unwrap();
        let names: Vec<_> = second.items.iter().map(|c| c.name.to_string()).collect();
        assert_eq!((names.as_slice(), second.total, second.offset), (&["Marc 50% Off".to_owned(), "Marc 5000".to_owned()][..], 5, 2));

        let mine = ClientQuery { mine: true, ..Default::default() };
        assert_eq!(s.list_clients(Some(&sally), &mine).unwrap().total, 1);
        assert_eq!(s.list_clients(Some(&bill), &mine).unwrap().total, 4);

        // Case does not matter, and a typed % is a percent sign, not a wildcard.
        let search = |term: &str| ClientQuery { search: Some(term.into()), ..Default::default() };
        assert_eq!(s.list_clients(Some(&bill), &search("MARC")).unwrap().total, 2);
        assert_eq!(s.list_clients(Some(&bill), &search("50%")).unwrap().total, 1);
        assert_eq!(s.list_clients(Some(&bill), &search("_")).unwrap().total, 0);
        assert_eq!(s.list_clients(Some(&bill), &search("anne.alpha@")).unwrap().total, 1);
        assert_eq!(kind(s.list_clients(Some(&bill), &search("  "))).0, ErrorKind::Invalid);
    }

    fn a_client_changes_hands_only_to_sales(db: &TestDb) {
        let mut c = cast(db);
        let bill = dup(&c.bill.1);
        let id = c.client(&bill, "Kevin Casey");
        let (kate_id, ada) = (c.kate.0, dup(&c.ada));
        let s = &mut c.world.services;
        let to = |who: i32| ClientChanges { sales_contact: Some(who), ..Default::default() };
        let (k, message) = kind(s.update_client(Some(&ada), id, to(kate_id)));
        assert_eq!(k, ErrorKind::Invalid);
        assert!(message.contains("invalid sales_contact") && message.contains("support"), "{message}");
        assert_eq!(kind(s.update_client(Some(&ada), id, to(999))).0, ErrorKind::NotFound);
        // Both parts or neither: management may reassign but not edit.
        let both = ClientChanges { name: Some("K. Casey".into()), sales_contact: Some(c.sally.0), ..Default::default() };
        assert_eq!(kind(s.update_client(Some(&ada), id, both)).0, ErrorKind::PermissionDenied);
        let client = s.show_client(Some(&ada), id).unwrap();
        assert_eq!((client.name.as_str(), client.sales_contact.unwrap().id.0), ("Kevin Casey", c.bill.0));
        let moved = s.update_client(Some(&ada), id, to(c.sally.0)).unwrap();
        assert_eq!(moved.record.sales_contact.unwrap().name.as_str(), "Sally Seller");
        let history = common::audit_actions(db);
        let last = history.last().unwrap();
        assert_eq!((last.0.as_str(), last.1.as_str()), ("client.reassign", "ok"));
        let detail = format!("sales contact {} -> {}", c.bill.0, c.sally.0);
        assert_eq!(last.2.as_deref(), Some(detail.as_str()));
        // Bill no longer owns it.
        let edit = ClientChanges { phone: Some("+1 234 567 8901".into()), ..Default::default() };
        assert_eq!(kind(s.update_client(Some(&bill), id, edit.clone())).0, ErrorKind::PermissionDenied);
        let edited = s.update_client(Some(&c.sally.1), id, edit).unwrap();
        assert_eq!(edited.phone.as_str(), "+1 234-567-8901");
    }

    fn contracts_keep_due_within_total_and_stay_signed_once_booked(db: &TestDb) {
        let mut c = cast(db);
        let bill = dup(&c.bill.1);
        let client = c.client(&bill, "Kevin Casey");
        let id = c.contract(client, false);
        let ada = dup(&c.ada);
        let s = &mut c.world.services;
        let change = |total: Option<&str>, due: Option<&str>, signed: Option<bool>| ContractChanges {
            total: total.map(Into::into),
            due: due.map(Into::into),
            signed,
            if_version: None,
        };
        // The new due is judged against the stored total, and the other way round.
        let (k, message) = kind(s.update_contract(Some(&bill), id, change(None, Some("1000.01"), None)));
        assert_eq!(k, ErrorKind::Invalid);
        assert!(message.starts_with("invalid due:"), "{message}");
        assert_eq!(kind(s.update_contract(Some(&bill), id, change(Some("999"), None, None))).0, ErrorKind::Invalid);
        assert_eq!(kind(s.update_contract(Some(&bill), id, change(Some("-5"), None, None))).0, ErrorKind::Invalid);
        let paid = s.update_contract(Some(&bill), id, change(Some("2 000,50"), Some("0"), None)).unwrap();
        assert_eq!((paid.total.cents(), paid.due.cents(), paid.signed), (200_050, 0, false));

        let (first, now) = s.sign_contract(Some(&bill), id).unwrap();
        assert!(first.signed && now);
        let (_, again) = s.sign_contract(Some(&ada), id).unwrap();
        assert!(!again, "signing twice changes nothing");

        c.event(&bill, id, 10).unwrap();
        let s = &mut c.world.services;
        let (k, message) = kind(s.update_contract(Some(&ada), id, change(None, None, Some(false))));
        assert_eq!(k, ErrorKind::Conflict);
        assert!(message.contains("stays signed"), "{message}");
        let unpaid = ContractQuery { unpaid: true, ..Default::default() };
        assert_eq!(s.list_contracts(Some(&ada), &unpaid).unwrap().total, 0);
        let unsigned = ContractQuery { unsigned: true, ..Default::default() };
        assert_eq!(s.list_contracts(Some(&ada), &unsigned).unwrap().total, 0);
    }

    fn contract_lists_filter_by_owner_signature_debt_and_client(db: &TestDb) {
        let mut c = cast(db);
        let (bill, sally) = (dup(&c.bill.1), dup(&c.sally.1));
        let kevin = c.client(&bill, "Kevin Casey");
        let other = c.client(&sally, "Other One");
        let first = c.contract(kevin, true);
        c.world.clock.advance(Duration::minutes(1));
        let second = c.contract(kevin, false);
        c.world.clock.advance(Duration::minutes(1));
        c.contract(other, true);
        let s = &mut c.world.services;
        let q = |mine, unsigned, client| ContractQuery { mine, unsigned, client, ..Default::default() };
        let ids = |l: epicevents_service::Listing<epicevents_domain::Contract>| l.items.iter().map(|c| c.id.0).collect::<Vec<_>>();
        assert_eq!(ids(s.list_contracts(Some(&bill), &q(true, false, None)).unwrap()), [second, first], "newest first");
        assert_eq!(ids(s.list_contracts(Some(&bill), &q(false, true, None)).unwrap()), [second]);
        assert_eq!(s.list_contracts(Some(&bill), &q(false, false, Some(other))).unwrap().total, 1);
        assert_eq!(s.list_contracts(Some(&bill), &q(false, false, None)).unwrap().total, 3);
        // A search finds contracts by their client, in any case and accents,
        // with three letters or more (trigrams) and with fewer.
        let search = |term: &str| ContractQuery { search: Some(term.into()), ..Default::default() };
        assert_eq!(ids(s.list_contracts(Some(&bill), &search("CASEY")).unwrap()), [second, first]);
        assert_eq!(ids(s.list_contracts(Some(&bill), &search("ey")).unwrap()), [second, first]);
        assert_eq!(s.list_contracts(Some(&bill), &search("one")).unwrap().total, 1);
        assert_eq!(s.list_contracts(Some(&bill), &search("nobody")).unwrap().total, 0);
        assert_eq!(kind(s.list_contracts(Some(&bill), &search("  "))).0, ErrorKind::Invalid);
    }

    fn events_need_a_signed_contract_a_span_and_a_support_contact_from_support(db: &TestDb) {
        let mut c = cast(db);
        let bill = dup(&c.bill.1);
        let client = c.client(&bill, "Kevin Casey");
        let unsigned = c.contract(client, false);
        let before = counts(db);
        let e = c.event(&bill, unsigned, 5).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Conflict);
        assert_eq!(e.code(), "contract_unsigned");
        assert_eq!(e.data()["contract"], unsigned);
        assert_eq!(counts(db), before);

        let signed = c.contract(client, true);
        let id = c.event(&bill, signed, 5).unwrap();
        let (ada, kate, bill_id) = (dup(&c.ada), (c.kate.0, dup(&c.kate.1)), c.bill.0);
        let s = &mut c.world.services;
        let (k, message) = kind(s.assign_event(Some(&ada), id, bill_id));
        assert_eq!(k, ErrorKind::Invalid);
        assert!(message.starts_with("invalid support:"), "{message}");
        s.assign_event(Some(&ada), id, kate.0).unwrap();
        // The end is judged against the stored start.
        let event = s.show_event(Some(&kate.1), id).unwrap();
        let early = EventChanges { ends_at: Some(event.starts_at - Duration::minutes(1)), ..Default::default() };
        let (k, message) = kind(s.update_event(Some(&kate.1), id, early));
        let said = format!("invalid end: must be after the event's start, {}", epicevents_domain::time::to_rfc3339(&event.starts_at));
        assert_eq!((k, message), (ErrorKind::Invalid, said));
        let bad = EventChanges { attendees: Some("-3".into()), ..Default::default() };
        assert_eq!(kind(s.update_event(Some(&kate.1), id, bad)).0, ErrorKind::Invalid);
        let later = EventChanges {
            starts_at: Some(event.starts_at + Duration::days(1)),
            ends_at: Some(event.ends_at + Duration::days(1)),
            notes: Some("Moved a day.\nDJ booked.".into()),
            ..Default::default()
        };
        let moved = s.update_event(Some(&kate.1), id, later).unwrap();
        assert_eq!(moved.starts_at, event.starts_at + Duration::days(1));
        assert_eq!(moved.notes.as_str(), "Moved a day.\nDJ booked.");
        assert_eq!(moved.name, event.name, "untouched fields stay");
    }

    fn event_lists_run_in_time_order_and_filter(db: &TestDb) {
        let mut c = cast(db);
        let bill = dup(&c.bill.1);
        let client = c.client(&bill, "Kevin Casey");
        let contract = c.contract(client, true);
        let later = c.event(&bill, contract, 20).unwrap();
        let past = c.event(&bill, contract, -20).unwrap();
        let soon = c.event(&bill, contract, 2).unwrap();
        let (ada, kate) = (dup(&c.ada), (c.kate.0, dup(&c.kate.1)));
        let s = &mut c.world.services;
        s.assign_event(Some(&ada), soon, kate.0).unwrap();
        let ids = |q: &EventQuery, s: &mut epicevents_service::Services, who: &SessionToken| {
            s.list_events(Some(who), q).unwrap().items.iter().map(|e| e.id.0).collect::<Vec<_>>()
        };
        assert_eq!(ids(&EventQuery::default(), s, &ada), [past, soon, later]);
        assert_eq!(ids(&EventQuery { upcoming: true, ..Default::default() }, s, &ada), [soon, later]);
        // An event of a month, begun 30 days ago, is not over yet.
        let begun = c.world.clock.now() - Duration::days(30);
        let month = NewEvent { contract, name: "A month".into(), starts_at: begun, ends_at: begun + Duration::days(31), location: "Paris".into(), attendees: "5".into(), notes: None, past: true };
        let month = c.world.services.create_event(Some(&bill), month).unwrap().id.0;
        let s = &mut c.world.services;
        assert_eq!(ids(&EventQuery { upcoming: true, ..Default::default() }, s, &ada), [month, soon, later]);
        let longer = NewEvent { contract, name: "Too long".into(), starts_at: begun, ends_at: begun + Duration::days(32), location: "Paris".into(), attendees: "5".into(), notes: None, past: true };
        assert_eq!(s.create_event(Some(&bill), longer).unwrap_err().field(), Some("end"));
        s.archive_event(Some(&ada), month).unwrap();
        assert_eq!(ids(&EventQuery { unassigned: true, ..Default::default() }, s, &ada), [past, later]);
        assert_eq!(ids(&EventQuery { mine: true, ..Default::default() }, s, &kate.1), [soon]);
        assert_eq!(ids(&EventQuery { mine: true, ..Default::default() }, s, &bill), [past, soon, later]);
        assert_eq!(ids(&EventQuery { mine: true, ..Default::default() }, s, &ada), Vec::<i32>::new());
        let other = EventQuery { contract: Some(contract + 1), ..Default::default() };
        assert_eq!(ids(&other, s, &ada), Vec::<i32>::new());
        // A page read after a row starts right after it, in the list's order.
        let one_after = |after| EventQuery { limit: Some(1), after: Some(after), ..Default::default() };
        assert_eq!(ids(&one_after(past), s, &ada), [soon]);
        assert_eq!(ids(&one_after(soon), s, &ada), [later]);
        assert_eq!(ids(&one_after(later), s, &ada), Vec::<i32>::new());
        let gone = s.list_events(Some(&ada), &one_after(later + 100)).unwrap_err();
        assert_eq!((gone.kind(), gone.field()), (ErrorKind::Invalid, Some("after")));
        // A search looks in names and locations, in any case and accents,
        // with three letters or more (trigrams) and with fewer; each of its
        // words must be found, in any order.
        let search = |term: &str| EventQuery { search: Some(term.into()), ..Default::default() };
        assert_eq!(ids(&search("IN 2"), s, &ada), [past, soon, later], "\"in\" and \"2\" are in every name");
        assert_eq!(ids(&search("20"), s, &ada), [past, later]);
        assert_eq!(ids(&search("20 paris"), s, &ada), [past, later]);
        assert_eq!(ids(&search("paris nowhere"), s, &ada), Vec::<i32>::new());
        // And in the event's client: its name, company, e-mail and phone.
        assert_eq!(ids(&search("kevin"), s, &ada), [past, soon, later]);
        assert_eq!(ids(&search("casey 20"), s, &ada), [past, later]);
        assert_eq!(ids(&search("paris"), s, &ada), [past, soon, later]);
        let to_lyon = epicevents_service::EventChanges { location: Some("Lyon-Écully".into()), ..Default::default() };
        s.update_event(Some(&kate.1), soon, to_lyon).unwrap();
        assert_eq!(ids(&search("ecully"), s, &ada), [soon], "a change is searchable at once");
        assert_eq!(ids(&search("paris"), s, &ada), [past, later]);
        assert_eq!(s.list_events(Some(&ada), &search("  ")).unwrap_err().kind(), ErrorKind::Invalid);
    }

    fn times_keep_their_microseconds_from_1900_to_2200(db: &TestDb) {
        // Outside 1970–2038 on purpose: MySQL's TIMESTAMP type ends in 2038,
        // and a time sent as one there is lost, not stored.
        let mut c = cast(db);
        let bill = dup(&c.bill.1);
        let ada = dup(&c.ada);
        let client = c.client(&bill, "Kevin Casey");
        let contract = c.contract(client, true);
        let at = |y, mo, d, micros| {
            chrono::NaiveDate::from_ymd_opt(y, mo, d).unwrap().and_hms_micro_opt(13, 0, 0, micros).unwrap()
        };
        let mut ids = Vec::new();
        for (name, start) in [("Centenary", at(1900, 1, 1, 1)), ("Tricentenary", at(2200, 12, 31, 999_999)), ("Epoch", at(2038, 1, 19, 500_000))] {
            let input = NewEvent {
                contract, name: name.into(), starts_at: start, ends_at: start + Duration::microseconds(1),
                location: "Paris".into(), attendees: "10".into(), notes: None, past: true,
            };
            let e = c.world.services.create_event(Some(&bill), input).unwrap();
            assert_eq!((e.starts_at, e.ends_at), (start, start + Duration::microseconds(1)), "{name}");
            ids.push(e.id.0);
        }
        let kate = (c.kate.0, dup(&c.kate.1));
        let s = &mut c.world.services;
        s.assign_event(Some(&ada), ids[1], kate.0).unwrap();
        let shown = s.show_event(Some(&ada), ids[1]).unwrap();
        assert_eq!(shown.starts_at, at(2200, 12, 31, 999_999));
        let later = EventChanges { ends_at: Some(at(2201, 1, 1, 7)), ..Default::default() };
        assert_eq!(s.update_event(Some(&kate.1), ids[1], later).unwrap().ends_at, at(2201, 1, 1, 7));
        let listed = |q: EventQuery, s: &mut epicevents_service::Services| {
            s.list_events(Some(&ada), &q).unwrap().items.iter().map(|e| (e.id.0, e.starts_at)).collect::<Vec<_>>()
        };
        assert_eq!(listed(EventQuery::default(), s), [
            (ids[0], at(1900, 1, 1, 1)), (ids[2], at(2038, 1, 19, 500_000)), (ids[1], at(2200, 12, 31, 999_999)),
        ]);
        let after_2100 = EventQuery { starts_from: Some(at(2100, 1, 1, 0)), ..Default::default() };
        assert_eq!(listed(after_2100, s), [(ids[1], at(2200, 12, 31, 999_999))]);
        let before_1950 = EventQuery { starts_before: Some(at(1950, 1, 1, 0)), ..Default::default() };
        assert_eq!(listed(before_1950, s), [(ids[0], at(1900, 1, 1, 1))]);
    }

    fn every_change_is_recorded_field_by_field_with_old_and_new_values(db: &TestDb) {
        use epicevents_domain::history::{Change, Shown, Utc};
        use epicevents_store::schema::audit_log;
        use diesel::prelude::*;
        let mut c = cast(db);
        let bill = dup(&c.bill.1);
        let (ada, kate) = (dup(&c.ada), c.kate.0);
        let client = c.client(&bill, "Kevin Casey");
        let contract = c.contract(client, true);
        let event = c.event(&bill, contract, 10).unwrap();
        let start = c.world.services.show_event(Some(&ada), event).unwrap().starts_at;
        let s = &mut c.world.services;
        s.assign_event(Some(&ada), event, kate).unwrap();
        let kate_token = dup(&c.kate.1);
        let later = EventChanges { starts_at: Some(start + Duration::hours(1)), notes: Some("DJ booked.".into()), ..Default::default() };
        s.update_event(Some(&kate_token), event, later).unwrap();
        s.unassign_event(Some(&ada), event).unwrap();
        let terms = ContractChanges { due: Some("250".into()), ..Default::default() };
        s.update_contract(Some(&ada), contract, terms).unwrap();
        s.update_client(Some(&bill), client, ClientChanges { name: Some("Kevin Casey Jr".into()), ..Default::default() }).unwrap();
        s.update_client(Some(&ada), client, ClientChanges { sales_contact: Some(c.sally.0), ..Default::default() }).unwrap();
        let trail: Vec<(String, Option<String>)> = db.query(|conn| {
            audit_log::table
                .filter(audit_log::outcome.eq("ok"))
                .order(audit_log::id)
                .select((audit_log::action, audit_log::changes))
                .load(conn)
        });
        let changes = |action: &str| -> Vec<Change> {
            let (_, json) = trail.iter().rev().find(|(a, _)| a == action).unwrap_or_else(|| panic!("{action} in {trail:?}"));
            serde_json::from_str(json.as_deref().expect("changes recorded")).unwrap()
        };
        let change = |field: &str, old: Shown, new: Shown| Change { field: field.into(), old, new };
        let kate_shown = Shown::Contact { id: kate, name: "Kate Hastroff".into() };
        assert_eq!(changes("event.assign"), [change("support_contact", Shown::Nothing, kate_shown.clone())]);
        assert_eq!(changes("event.update"), [
            change("start", Shown::Time(Utc(start)), Shown::Time(Utc(start + Duration::hours(1)))),
            change("notes", Shown::Text(String::new()), Shown::Text("DJ booked.".into())),
        ]);
        assert_eq!(changes("event.unassign"), [change("support_contact", kate_shown, Shown::Nothing)]);
        assert_eq!(changes("contract.update"), [change("due", Shown::Money(100_000), Shown::Money(25_000))]);
        assert_eq!(changes("client.update"), [change("name", Shown::Text("Kevin Casey".into()), Shown::Text("Kevin Casey Jr".into()))]);
        assert_eq!(changes("client.reassign"), [change(
            "sales_contact",
            Shown::Contact { id: c.bill.0, name: "Bill Boquet".into() },
            Shown::Contact { id: c.sally.0, name: "Sally Seller".into() },
        )]);
        // Creations record no field changes.
        let created: Vec<_> = trail.iter().filter(|(a, _)| a.ends_with(".create")).collect();
        assert!(created.len() >= 3 && created.iter().all(|(_, changes)| changes.is_none()), "{created:?}");
    }

    fn leaving_a_department_needs_a_hand_over(db: &TestDb) {
        let mut c = cast(db);
        let bill = dup(&c.bill.1);
        c.client(&bill, "Kevin Casey");
        let (ada, bill_id) = (dup(&c.ada), c.bill.0);
        let s = &mut c.world.services;
        let to_support = epicevents_service::UpdateCollaborator { department: Some("support".into()), ..Default::default() };
        let (k, message) = kind(s.update_collaborator(Some(&ada), bill_id, to_support));
        assert_eq!(k, ErrorKind::Conflict);
        assert!(message.contains("owns client(s)"), "{message}");
    }
}

#[test]
fn the_demo_holds_the_briefs_examples() {
    let db = TestDb::sqlite();
    let setup = epicevents_service::setup::Setup::open(&db.url).unwrap();
    setup.migrate().unwrap();
    let accounts = setup.load_demo(None).unwrap();
    let bill = accounts
        .iter()
        .find(|a| a.collaborator.name.as_str() == "Bill Boquet")
        .unwrap();
    let password = bill.generated_password.clone().unwrap();
    let services = epicevents_service::Services::open(&db.url, Default::default()).unwrap();
    let token = services
        .login("bill.boquet@epicevents.demo", &password, "local")
        .unwrap()
        .token;
    let clients = services
        .list_clients(
            Some(&token),
            &ClientQuery {
                mine: true,
                ..Default::default()
            },
        )
        .unwrap();
    let kevin = clients
        .items
        .iter()
        .find(|c| c.name.as_str() == "Kevin Casey")
        .expect("Kevin Casey");
    assert_eq!(kevin.company.as_str(), "Cool Startup LLC");
    let events = services
        .list_events(Some(&token), &EventQuery::default())
        .unwrap();
    let sheet: Vec<_> = events
        .items
        .iter()
        .map(|e| {
            (
                e.name.as_str(),
                e.support_contact.as_ref().unwrap().name.as_str(),
                e.attendees.get(),
            )
        })
        .collect();
    assert_eq!(
        sheet,
        [
            ("Lou Bouzin General Assembly", "Aliénor Vichum", 200),
            ("John Ouick Wedding", "Kate Hastroff", 75)
        ]
    );
    let wedding = &events.items[1];
    assert_eq!(
        wedding.location.as_str(),
        "53 Rue du Château, 41120 Candé-sur-Beuvron, France"
    );
    assert_eq!(
        epicevents_domain::time::to_rfc3339(&wedding.starts_at),
        "2023-06-04T11:00:00Z"
    );
    assert!(wedding.notes.as_str().contains("DJ"));
}
