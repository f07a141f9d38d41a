//! The whole trail (management's `history` without a record): newest
//! first, refusals and logins included, filtered by actor, time and
//! action, read a page at a time. Every test runs on every backend.

use crate::common;

use chrono::Duration;
use common::{World, secret};
use epicevents_domain::history::{Entry, Kind};
use epicevents_service::{ClientChanges, ErrorKind, ServiceError, TrailQuery};

fn actions(entries: &[Entry]) -> Vec<(&str, &str)> {
    entries
        .iter()
        .map(|e| (e.step.action.as_str(), e.outcome.as_str()))
        .collect()
}

on_every_backend! {
    fn the_whole_trail_is_managements_newest_first_and_filtered(db: &TestDb) {
        let mut world = World::new(db);
        let ada = world.manager();
        let (bill_id, bill) = world.hire("Bill Boquet", "bill@epic.test", "sales");
        let (kate_id, kate) = world.hire("Kate Hastroff", "kate@epic.test", "support");
        let since = world.clock.now() + Duration::minutes(1);
        world.clock.advance(Duration::minutes(2));
        let s = &mut world.services;
        let kevin = common::kevin();
        let client = s.create_client(Some(&bill), kevin).unwrap().id.0;
        let phone = ClientChanges { phone: Some("+33 6 00 00 00 00".into()), ..Default::default() };
        s.update_client(Some(&kate), client, phone).unwrap_err();
        s.login("kate@epic.test", &secret("not her passphrase"), "local").unwrap_err();

        // Sales and support may not read it; trying is on the trail too.
        for token in [&bill, &kate] {
            let refused = s.trail(Some(token), &TrailQuery::default()).unwrap_err();
            assert_eq!(refused.kind(), ErrorKind::PermissionDenied);
        }

        let query = |q: TrailQuery| s.trail(Some(&ada), &q).unwrap();
        let recent = query(TrailQuery { since: Some(since), ..Default::default() });
        assert_eq!(actions(&recent.items), [
            ("history.list", "denied"),
            ("history.list", "denied"),
            ("session.login", "failed"),
            ("client.update", "denied"),
            ("client.create", "ok"),
        ]);
        let created = &recent.items[4];
        assert_eq!((created.record, created.subject.as_deref()), (Some(Kind::Client), Some(client.to_string().as_str())));
        assert_eq!(created.step.actor.as_ref().map(|a| (a.id, a.name.as_str())), Some((bill_id, "Bill Boquet")));
        assert_eq!(recent.items[2].subject.as_deref(), Some("kate@epic.test"));

        let kates = query(TrailQuery { actor: Some(kate_id), since: Some(since), ..Default::default() });
        // A failed login on her account counts as hers.
        assert_eq!(actions(&kates.items), [
            ("history.list", "denied"),
            ("session.login", "failed"),
            ("client.update", "denied"),
        ]);
        let clients = query(TrailQuery { action: Some("client".into()), ..Default::default() });
        assert_eq!(actions(&clients.items), [("client.update", "denied"), ("client.create", "ok")]);
        let one = query(TrailQuery { action: Some("Client.Create".into()), ..Default::default() });
        assert_eq!(actions(&one.items), [("client.create", "ok")]);
        let before = query(TrailQuery { until: Some(since), action: Some("session.login".into()), ..Default::default() });
        assert!(!before.items.is_empty() && before.items.iter().all(|e| e.outcome == "ok"), "{before:?}");

        // A page at a time: each read goes on with older entries.
        let first = query(TrailQuery { limit: Some(2), since: Some(since), ..Default::default() });
        let next = query(TrailQuery { limit: Some(2), since: Some(since), after: first.items.last().map(|e| e.id), ..Default::default() });
        assert_eq!(actions(&next.items), actions(&recent.items[2..4]));

        for (q, field) in [
            (TrailQuery { action: Some("event.delete".into()), ..Default::default() }, "action"),
            (TrailQuery { since: Some(since), until: Some(since), ..Default::default() }, "until"),
        ] {
            match s.trail(Some(&ada), &q) {
                Err(ServiceError::Invalid(e)) => assert_eq!(e.field, field),
                other => panic!("{q:?}: {other:?}"),
            }
        }
    }
}

/// On a server, a refusal's entry is written after the answer, by the
/// bookkeeping writer; a write lock held past SQLite's busy wait (a long
/// import elsewhere) delays it, and it reaches the trail all the same.
#[test]
fn a_refusal_outlasts_a_long_write_lock_on_its_way_to_the_trail() {
    let db = common::TestDb::sqlite();
    let epicevents_store::DatabaseUrl::Sqlite(path) = &db.url else {
        unreachable!("TestDb::sqlite is a file");
    };
    let mut world = World::new(&db);
    world.services = world.services.clone().with_deferred_bookkeeping();
    let (_, bill) = world.hire("Bill Boquet", "bill@epic.test", "sales");
    common::while_sqlite_is_locked(path, |_| {
        let refused = world.services.trail(Some(&bill), &TrailQuery::default());
        assert!(
            matches!(refused, Err(ServiceError::Denied(_))),
            "{refused:?}"
        );
        // Past the busy wait (5 s): the writer's first attempt fails.
        std::thread::sleep(std::time::Duration::from_secs(6));
    });
    world.services.flush_bookkeeping();
    let manager = world.manager();
    let trail = world
        .services
        .trail(Some(&manager), &TrailQuery::default())
        .unwrap();
    assert!(
        actions(&trail.items).contains(&("history.list", "denied")),
        "{:?}",
        actions(&trail.items)
    );
    world.services.finish_bookkeeping();
}
