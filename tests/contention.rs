//! Many writers at once: every command either succeeds or says "busy,
//! nothing was changed"; none fails as an internal error, none is lost.

use crate::common;

use common::records::{counts, fixture};
use common::{World, secret};
use epicevents_service::{ContractChanges, ErrorKind, NewClient, Services};
use epicevents_store::Store;

const ROUNDS: usize = 12;

on_every_backend! {
    fn eight_parallel_writers_succeed_or_say_busy_and_lose_nothing(db: &TestDb) {
        parallel_writers(db, 8);
    }

    fn thirty_two_parallel_writers_succeed_or_say_busy_and_lose_nothing(db: &TestDb) {
        parallel_writers(db, 32);
    }
}

/// Sales reps create clients while managers change one contract's due
/// amount, `writers` threads at once, each with its own connection.
fn parallel_writers(db: &common::TestDb, writers: usize) {
    let mut world = World::new(db);
    let (bill, _) = world.hire("Bill Boquet", "bill@epic.test", "sales");
    let f = fixture(db, Some(bill), None, false, world.clock.now());
    let before = counts(db);
    // Logged in one after the other: many password checks at once for one
    // account are what the login budget refuses, by design.
    let tokens: Vec<_> = (0..writers)
        .map(|w| {
            let (email, password) = if w % 2 == 0 {
                ("bill@epic.test", "Bill Boquet's passphrase")
            } else {
                ("ada@epic.test", common::MANAGER_PASSWORD)
            };
            world.login(email, password)
        })
        .collect();
    let outcomes = std::thread::scope(|scope| {
        let handles: Vec<_> = tokens
            .into_iter()
            .enumerate()
            .map(|(w, token)| {
                let world = &world;
                scope.spawn(move || {
                    let store = Store::open_current(&db.url).unwrap();
                    let s = Services::new(store, world.clock.clock(), Default::default());
                    let mut outcomes = Vec::new();
                    for round in 0..ROUNDS {
                        // Reads between writes: they must never be what fails.
                        s.whoami(Some(&token)).unwrap();
                        let outcome = if w % 2 == 0 {
                            let client = NewClient {
                                name: format!("Client {w} {round}"),
                                email: format!("c{w}.{round}@client.test"),
                                phone: "+33 1 23 45 67 89".into(),
                                company: "Parallel SA".into(),
                                allow_duplicate: false,
                            };
                            s.create_client(Some(&token), client).map(|_| true)
                        } else {
                            let due = ContractChanges {
                                due: Some(format!("{w}.{round:02}")),
                                ..Default::default()
                            };
                            s.update_contract(Some(&token), f.contract, due)
                                .map(|_| false)
                        };
                        outcomes.push(
                            outcome.map_err(|e| (e.kind(), e.code().to_owned(), e.to_string())),
                        );
                    }
                    outcomes
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap())
            .collect::<Vec<_>>()
    });
    let mut created = 0;
    for outcome in &outcomes {
        match outcome {
            Ok(true) => created += 1,
            Ok(false) => {}
            Err((kind, code, _)) => {
                assert_eq!(
                    (kind, code.as_str()),
                    (&ErrorKind::Conflict, "busy"),
                    "{outcome:?}"
                );
            }
        }
    }
    // Every client reported created is there, once.
    assert_eq!(counts(db)[0], before[0] + created);
}

on_every_backend! {
    // Two managers each read the due amount and write back one more, 25
    // times, at once: with `if_version`, a stale write is refused and
    // retried from a fresh read, so all 50 changes land.
    fn versioned_read_modify_write_loses_no_update(db: &TestDb) {
        let mut world = World::new(db);
        world.hire("Other Manager", "other@epic.test", "management");
        let f = fixture(db, None, None, false, world.clock.now());
        let managers = [("ada@epic.test", common::MANAGER_PASSWORD), ("other@epic.test", "Other Manager's passphrase")];
        let refused = std::thread::scope(|scope| {
            let handles: Vec<_> = managers
                .iter()
                .map(|&(email, password)| {
                    let world = &world;
                    scope.spawn(move || {
                        let store = Store::open_current(&db.url).unwrap();
                        let s = Services::new(store, world.clock.clock(), Default::default());
                        let token = s.login(email, &secret(password), "local").unwrap().token;
                        let mut refused = 0;
                        let mut done = 0;
                        while done < 25 {
                            let read = s.show_contract(Some(&token), f.contract).unwrap();
                            let change = ContractChanges {
                                due: Some(format!("{}", read.due.cents() / 100 + 1)),
                                if_version: Some(read.version),
                                ..Default::default()
                            };
                            match s.update_contract(Some(&token), f.contract, change) {
                                Ok(_) => done += 1,
                                Err(e) => {
                                    assert!(matches!(e.code(), "stale_version" | "busy"), "{e}");
                                    refused += 1;
                                }
                            }
                        }
                        refused
                    })
                })
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).sum::<usize>()
        });
        let manager = world.manager();
        let contract = world.services.show_contract(Some(&manager), f.contract).unwrap();
        // The fixture's contract has 500.00 due.
        assert_eq!(contract.due.cents(), (500 + 50) * 100, "{refused} refused");
        assert_eq!(contract.version, 1 + 50);
    }

    fn an_update_that_changes_nothing_leaves_no_trace(db: &TestDb) {
        let mut world = World::new(db);
        let f = fixture(db, None, None, false, world.clock.now());
        let manager = world.manager();
        let before = world.services.show_contract(Some(&manager), f.contract).unwrap();
        let trail = common::audit_actions(db).len();
        world.clock.advance(chrono::Duration::minutes(5));
        let same = ContractChanges { total: Some(before.total.to_string()), due: Some(before.due.to_string()), ..Default::default() };
        let outcome = world.services.update_contract(Some(&manager), f.contract, same).unwrap();
        assert!(!outcome.changed);
        assert_eq!((outcome.version, outcome.updated_at), (before.version, before.updated_at));
        assert_eq!(common::audit_actions(db).len(), trail);
        // A stale version is refused even for a change that would be a no-op.
        let stale = ContractChanges { due: Some("0".into()), if_version: Some(before.version + 1), ..Default::default() };
        let err = world.services.update_contract(Some(&manager), f.contract, stale).unwrap_err();
        assert_eq!((err.kind(), err.code()), (ErrorKind::Conflict, "stale_version"));
    }
}

on_every_backend! {
    // Not contention: the deployment's phone region, read by the services.
    fn a_deployment_chooses_the_region_of_numbers_typed_without_a_country_code(db: &TestDb) {
        let mut world = World::new(db);
        world.hire("Bill Boquet", "bill@epic.test", "sales");
        let config = epicevents_service::Config { phone_region: "BE".parse().unwrap(), ..Default::default() };
        let s = Services::new(Store::open_current(&db.url).unwrap(), world.clock.clock(), config);
        let token = s.login("bill@epic.test", &secret("Bill Boquet's passphrase"), "local").unwrap().token;
        let client = NewClient {
            name: "Brussels Client".into(),
            email: "b@client.be".into(),
            phone: "02 123 45 67".into(),
            company: "Bruxelles SA".into(),
            allow_duplicate: false,
        };
        assert_eq!(s.create_client(Some(&token), client).unwrap().phone.as_str(), "+32 2 123 45 67");
    }
}
