//! Who is told what: each change notifies the people concerned, in its own
//! transaction, and never the one who made it; each reads their own inbox,
//! which marks what it shows read. Every test runs on every backend.

use crate::common;

use chrono::Duration;
use common::World;
use epicevents_service::{
    ClientChanges, ContractChanges, EventChanges, NewContract, NewEvent, SessionToken,
};

/// The unread notifications, newest first, as (action, subject); reading
/// them marks them read.
fn told(w: &World, who: &SessionToken) -> Vec<(String, i32)> {
    w.services
        .inbox(Some(who), false)
        .unwrap()
        .into_iter()
        .map(|n| (n.action, n.subject))
        .collect()
}

/// Kevin's launch party under `contract`, four hours from `start`.
fn launch_party(contract: i32, start: chrono::NaiveDateTime) -> NewEvent {
    NewEvent {
        contract,
        name: "Launch Party".into(),
        starts_at: start,
        ends_at: start + Duration::hours(4),
        location: "Paris".into(),
        attendees: "100".into(),
        notes: None,
        past: false,
    }
}

fn told_of(actions: &[(&str, i32)]) -> Vec<(String, i32)> {
    actions
        .iter()
        .map(|(a, id)| ((*a).to_owned(), *id))
        .collect()
}

on_every_backend! {
    fn each_change_tells_the_people_concerned_and_not_its_author(db: &TestDb) {
        let mut w = World::new(db);
        let ada = w.manager();
        let (_, bea) = w.hire("Bea Boss", "bea@epic.test", "management");
        let (_, bill) = w.hire("Bill Boquet", "bill@epic.test", "sales");
        let (sally_id, sally) = w.hire("Sally Seller", "sally@epic.test", "sales");
        let (kate_id, kate) = w.hire("Kate Hastroff", "kate@epic.test", "support");
        let (alienor_id, alienor) = w.hire("Aliénor Vichum", "alienor@epic.test", "support");
        let start = w.clock.now() + Duration::days(30);
        let s = &w.services;
        let kevin = common::kevin();
        let client = s.create_client(Some(&bill), kevin).unwrap().id.0;
        let draft = NewContract { client, total: "1000".into(), due: None, signed: false };
        let contract = s.create_contract(Some(&ada), draft).unwrap().id.0;
        let due = ContractChanges { due: Some("500".into()), ..Default::default() };
        s.update_contract(Some(&ada), contract, due).unwrap();
        // Bill signing his own contract is nobody's news.
        s.sign_contract(Some(&bill), contract).unwrap();
        let event = s.create_event(Some(&bill), launch_party(contract, start)).unwrap().id.0;
        s.assign_event(Some(&ada), event, kate_id).unwrap();
        let notes = EventChanges { notes: Some("DJ booked.".into()), ..Default::default() };
        s.update_event(Some(&kate), event, notes).unwrap();
        s.assign_event(Some(&bea), event, alienor_id).unwrap();
        s.unassign_event(Some(&ada), event).unwrap();

        assert_eq!(told(&w, &bill), told_of(&[
            ("event.assign", event),
            ("event.assign", event),
            ("contract.update", contract),
            ("contract.create", contract),
        ]));
        assert_eq!(told(&w, &kate), told_of(&[("event.unassign", event), ("event.assign", event)]));
        assert_eq!(told(&w, &alienor), told_of(&[("event.unassign", event), ("event.assign", event)]));
        // Every manager is told of a new event but the one who acts is not
        // told of their own change.
        assert_eq!(told(&w, &ada), told_of(&[("event.create", event)]));
        assert_eq!(told(&w, &bea), told_of(&[("event.create", event)]));
        assert!(told(&w, &sally).is_empty());

        // Read once: gone from the unread, kept with `all`, marked read.
        assert!(told(&w, &kate).is_empty());
        let s = &w.services;
        assert_eq!(s.unread(Some(&kate)).unwrap(), 0);
        let all = s.inbox(Some(&kate), true).unwrap();
        assert_eq!(all.len(), 2);
        assert!(all.iter().all(|n| n.read));
        assert_eq!(all[0].actor.as_ref().map(|a| a.name.as_str()), Some("Bea Boss"), "who took it from her");
        assert_eq!(all[0].about, "Launch Party");

        // Handing a client over tells both sales reps; archiving tells the
        // record's owner.
        let to_sally = ClientChanges { sales_contact: Some(sally_id), ..Default::default() };
        s.update_client(Some(&ada), client, to_sally).unwrap();
        assert_eq!(s.unread(Some(&bill)).unwrap(), 1);
        assert_eq!(told(&w, &sally), told_of(&[("client.reassign", client)]));
        let s = &w.services;
        let draft = NewContract { client, total: "10".into(), due: None, signed: false };
        let second = s.create_contract(Some(&ada), draft).unwrap().id.0;
        s.archive_contract(Some(&ada), second).unwrap();
        assert_eq!(told(&w, &sally), told_of(&[("contract.archive", second), ("contract.create", second)]));
        // An update that signs a contract is its signature, as the owner
        // reads it.
        let s = &w.services;
        let draft = NewContract { client, total: "10".into(), due: None, signed: false };
        let third = s.create_contract(Some(&ada), draft).unwrap().id.0;
        let signed = ContractChanges { signed: Some(true), ..Default::default() };
        s.update_contract(Some(&ada), third, signed).unwrap();
        assert_eq!(told(&w, &sally), told_of(&[("contract.sign", third), ("contract.create", third)]));
        // Without a relay, nothing is queued for e-mail.
        use diesel::prelude::*;
        let queued: i64 = db.query(|c| epicevents_store::schema::outbox::table.count().get_result(c));
        assert_eq!(queued, 0);
    }
}

on_every_backend! {
    fn assigning_an_event_to_its_own_support_contact_changes_nothing(db: &TestDb) {
        let mut w = World::new(db);
        let ada = w.manager();
        let (_, bill) = w.hire("Bill Boquet", "bill@epic.test", "sales");
        let (kate_id, kate) = w.hire("Kate Hastroff", "kate@epic.test", "support");
        let start = w.clock.now() + Duration::days(30);
        let s = &w.services;
        let client = s.create_client(Some(&bill), common::kevin()).unwrap().id.0;
        let draft = NewContract { client, total: "1000".into(), due: None, signed: true };
        let contract = s.create_contract(Some(&ada), draft).unwrap().id.0;
        let event = s.create_event(Some(&bill), launch_party(contract, start)).unwrap().id.0;
        let first = s.assign_event(Some(&ada), event, kate_id).unwrap();
        assert!(first.changed);
        let _ = (told(&w, &kate), told(&w, &bill));
        let trail = common::audit_actions(db).len();

        let again = w.services.assign_event(Some(&ada), event, kate_id).unwrap();
        assert!(!again.changed);
        assert_eq!(again.version, first.version, "no new version");
        assert_eq!(common::audit_actions(db).len(), trail, "no trail entry");
        assert!(told(&w, &kate).is_empty(), "Kate is not told again");
        assert!(told(&w, &bill).is_empty(), "Bill is not told again");
    }
}
