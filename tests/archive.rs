//! Archiving instead of losing data: who may archive and restore what, the
//! rules that keep a live record from leaving, what goes with a record and
//! comes back with it, and that archived records leave the lists but stay
//! readable and read-only. Every test runs on every backend.

use crate::common;

use chrono::Duration;
use common::records::{Fixture, fixture};
use common::{TestDb, World};
use epicevents_domain::history::Kind;
use epicevents_service::{
    ClientChanges, ClientQuery, ContractQuery, ErrorKind, EventQuery, ImportRequest, NewContract,
    ServiceError, SessionToken, SheetCell, SheetEvent,
};

fn conflict(outcome: Result<impl std::fmt::Debug, ServiceError>) -> (String, String) {
    match outcome {
        Err(ServiceError::Conflict(c)) => (c.code().to_owned(), c.to_string()),
        other => panic!("expected a conflict, got {other:?}"),
    }
}

fn clients(w: &World, who: &SessionToken, archived: bool) -> Vec<i32> {
    let q = ClientQuery {
        archived,
        ..Default::default()
    };
    w.services
        .list_clients(Some(who), &q)
        .unwrap()
        .items
        .iter()
        .map(|c| c.id.0)
        .collect()
}

fn contracts(w: &World, who: &SessionToken, archived: bool) -> Vec<i32> {
    let q = ContractQuery {
        archived,
        ..Default::default()
    };
    w.services
        .list_contracts(Some(who), &q)
        .unwrap()
        .items
        .iter()
        .map(|c| c.id.0)
        .collect()
}

fn events(w: &World, who: &SessionToken, archived: bool) -> Vec<i32> {
    let q = EventQuery {
        archived,
        ..Default::default()
    };
    w.services
        .list_events(Some(who), &q)
        .unwrap()
        .items
        .iter()
        .map(|e| e.id.0)
        .collect()
}

/// A client of `owner` with an unsigned contract (and, written straight in,
/// an event on it already over), or a signed one whose event is to come.
fn past(db: &TestDb, w: &World, owner: i32, signed: bool) -> Fixture {
    fixture(
        db,
        Some(owner),
        None,
        signed,
        w.clock.now() - Duration::days(60),
    )
}

on_every_backend! {
    fn a_sales_rep_archives_their_wrong_client_and_management_restores_it(db: &TestDb) {
        let mut w = World::new(db);
        let ada = w.manager();
        let (bill_id, bill) = w.hire("Bill Boquet", "bill@epic.test", "sales");
        let (_, sally) = w.hire("Sally Seller", "sally@epic.test", "sales");
        let (_, kate) = w.hire("Kate Hastroff", "kate@epic.test", "support");
        let wrong = past(db, &w, bill_id, false);
        let s = &w.services;
        // A second unsigned contract, archived on its own first: restoring
        // the client must not bring it back.
        let draft = NewContract { client: wrong.client, total: "100".into(), due: None, signed: false };
        let alone = s.create_contract(Some(&ada), draft).unwrap().id.0;
        s.archive_contract(Some(&bill), alone).unwrap();

        for (who, kind) in [(&sally, ErrorKind::PermissionDenied), (&kate, ErrorKind::PermissionDenied)] {
            assert_eq!(s.archive_client(Some(who), wrong.client).unwrap_err().kind(), kind);
        }
        let archived = s.archive_client(Some(&bill), wrong.client).unwrap();
        assert!(archived.changed && archived.archived_at.is_some());
        assert!(!s.archive_client(Some(&bill), wrong.client).unwrap().changed, "twice: nothing more");

        // Out of the lists, still readable, read-only.
        assert!(!clients(&w, &ada, false).contains(&wrong.client));
        assert_eq!(clients(&w, &ada, true), [wrong.client]);
        assert_eq!(contracts(&w, &bill, true), [alone, wrong.contract], "newest first");
        assert!(contracts(&w, &bill, false).is_empty());
        let s = &w.services;
        assert!(s.show_client(Some(&kate), wrong.client).unwrap().archived_at.is_some());
        let phone = ClientChanges { phone: Some("+33 6 00 00 00 00".into()), ..Default::default() };
        assert_eq!(conflict(s.update_client(Some(&bill), wrong.client, phone)).0, "archived");
        let draft = NewContract { client: wrong.client, total: "100".into(), due: None, signed: false };
        assert_eq!(conflict(s.create_contract(Some(&ada), draft)).0, "archived");
        assert_eq!(conflict(s.sign_contract(Some(&ada), wrong.contract)).0, "archived");
        let (code, message) = conflict(s.restore_contract(Some(&ada), wrong.contract));
        assert_eq!(code, "parent_archived", "{message}");

        // Only management restores; what left with the client comes back.
        assert_eq!(s.restore_client(Some(&bill), wrong.client).unwrap_err().kind(), ErrorKind::PermissionDenied);
        let restored = s.restore_client(Some(&ada), wrong.client).unwrap();
        assert!(restored.changed && restored.archived_at.is_none());
        assert!(clients(&w, &ada, false).contains(&wrong.client));
        assert_eq!(contracts(&w, &ada, false), [wrong.contract]);
        assert_eq!(contracts(&w, &ada, true), [alone]);

        // Each step is on the trail, what went along included.
        let s = &w.services;
        let story: Vec<_> = s.history(Some(&kate), Kind::Client, wrong.client).unwrap()
            .into_iter().map(|step| step.action).collect();
        assert_eq!(story[story.len() - 2..], ["client.archive", "client.restore"]);
        let contract: Vec<_> = s.history(Some(&kate), Kind::Contract, wrong.contract).unwrap()
            .into_iter().map(|step| (step.action, step.detail)).collect();
        let with = Some(format!("with client {}", wrong.client));
        assert_eq!(contract[contract.len() - 2..], [
            ("contract.archive".to_owned(), with.clone()),
            ("contract.restore".to_owned(), with),
        ]);
        let _ = bill_id;
    }

    fn signed_contracts_and_events_to_come_keep_a_record_live(db: &TestDb) {
        let mut w = World::new(db);
        let ada = w.manager();
        let (bill_id, bill) = w.hire("Bill Boquet", "bill@epic.test", "sales");
        let done = past(db, &w, bill_id, true);
        let coming = fixture(db, Some(bill_id), None, true, w.clock.now());
        let before = common::records::counts(db);
        let s = &w.services;

        // A signed contract keeps its client, for everyone.
        for who in [&bill, &ada] {
            let (code, message) = conflict(s.archive_client(Some(who), done.client));
            assert_eq!(code, "signed_contracts");
            assert!(message.contains(&format!("signed contract(s) {}", done.contract)), "{message}");
        }
        // Sales never archive a signed contract; nobody archives one whose
        // event is still to come.
        assert_eq!(conflict(s.archive_contract(Some(&bill), done.contract)).0, "contract_signed");
        let (code, message) = conflict(s.archive_contract(Some(&ada), coming.contract));
        assert_eq!(code, "events_to_come");
        assert!(message.contains(&format!("event(s) {}", coming.event)), "{message}");
        assert!(s.show_contract(Some(&ada), coming.contract).unwrap().archived_at.is_none(), "nothing changed");

        // Management archives a signed contract whose event is over: its
        // event goes with it, then the client can go.
        s.archive_contract(Some(&ada), done.contract).unwrap();
        assert!(!events(&w, &ada, false).contains(&done.event));
        assert_eq!(events(&w, &ada, true), [done.event]);
        let s = &w.services;
        assert_eq!(conflict(s.restore_event(Some(&ada), done.event)).0, "parent_archived");
        s.archive_client(Some(&ada), done.client).unwrap();
        s.restore_client(Some(&ada), done.client).unwrap();
        assert!(s.show_contract(Some(&ada), done.contract).unwrap().archived_at.is_some(), "archived on its own: it stays");
        s.restore_contract(Some(&ada), done.contract).unwrap();
        assert!(events(&w, &ada, false).contains(&done.event), "the event came back with its contract");
        assert_eq!(common::records::counts(db), before, "nothing was ever deleted");
    }

    fn management_archives_an_event_which_is_then_read_only(db: &TestDb) {
        let mut w = World::new(db);
        let ada = w.manager();
        let (bill_id, _) = w.hire("Bill Boquet", "bill@epic.test", "sales");
        let (kate_id, kate) = w.hire("Kate Hastroff", "kate@epic.test", "support");
        let f = fixture(db, Some(bill_id), Some(kate_id), true, w.clock.now());
        let s = &w.services;
        assert_eq!(s.archive_event(Some(&kate), f.event).unwrap_err().kind(), ErrorKind::PermissionDenied);
        s.archive_event(Some(&ada), f.event).unwrap();
        assert!(events(&w, &kate, false).is_empty());
        let s = &w.services;
        assert_eq!(conflict(s.unassign_event(Some(&ada), f.event)).0, "archived");
        assert_eq!(conflict(s.assign_event(Some(&ada), f.event, kate_id)).0, "archived");
        let notes = epicevents_service::EventChanges { notes: Some("x".into()), ..Default::default() };
        assert_eq!(conflict(s.update_event(Some(&kate), f.event, notes)).0, "archived");
        // Nor does an import change it.
        let cell = |text: &str| Some(SheetCell { at: "Sheet1!B2".into(), text: text.into() });
        let start = w.clock.now() + Duration::days(40);
        let sheet = SheetEvent {
            origin: "Sheet1!A2".into(),
            crm_id: cell(&f.event.to_string()),
            name: cell("Renamed by the sheet"),
            crm_contract: cell(&f.contract.to_string()),
            client_contact: cell("fixture@client.test"),
            starts: cell("later"),
            starts_at: Some(start),
            ends: cell("later still"),
            ends_at: Some(start + Duration::hours(3)),
            location: cell("Lyon"),
            attendees: cell("40"),
            ..SheetEvent::default()
        };
        let request = ImportRequest { events: vec![sheet], ..ImportRequest::default() };
        match s.import_events(Some(&ada), request) {
            Err(ServiceError::ImportRejected(problems)) => {
                assert!(problems.iter().any(|p| p.message.contains("is archived")), "{problems:?}");
            }
            other => panic!("{other:?}"),
        }
        let restored = s.restore_event(Some(&ada), f.event).unwrap();
        assert_eq!(restored.support_contact.as_ref().map(|c| c.id.0), Some(kate_id), "back unchanged");
        assert!(!s.restore_event(Some(&ada), f.event).unwrap().changed);
    }
}
