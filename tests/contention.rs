//! Many writers at once: every command either succeeds or says "busy,
//! nothing was changed"; none fails as an internal error, none is lost.

mod common;

use common::records::{counts, fixture};
use common::{World, secret};
use epicevents_service::{ContractChanges, ErrorKind, NewClient, Services};
use epicevents_store::Store;

const WRITERS: usize = 8;
const ROUNDS: usize = 12;

on_every_backend! {
    fn parallel_writers_succeed_or_say_busy_and_lose_nothing(db: &TestDb) {
        let mut world = World::new(db);
        let (bill, _) = world.hire("Bill Boquet", "bill@epic.test", "sales");
        let f = fixture(db, Some(bill), None, false, world.clock.now());
        let before = counts(db);
        let outcomes = std::thread::scope(|scope| {
            let handles: Vec<_> = (0..WRITERS)
                .map(|w| {
                    let world = &world;
                    scope.spawn(move || {
                        let store = Store::open_current(&db.url).unwrap();
                        let s = Services::new(store, world.clock.clock(), Default::default());
                        let (email, password) = if w % 2 == 0 {
                            ("bill@epic.test", "Bill Boquet's passphrase")
                        } else {
                            ("ada@epic.test", common::MANAGER_PASSWORD)
                        };
                        let token = s.login(email, &secret(password), "local").unwrap().token;
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
                                    due: Some(format!("{}.00", w * 100 + round)),
                                    ..Default::default()
                                };
                                s.update_contract(Some(&token), f.contract, due).map(|_| false)
                            };
                            outcomes.push(outcome.map_err(|e| (e.kind(), e.code().to_owned(), e.to_string())));
                        }
                        outcomes
                    })
                })
                .collect();
            handles.into_iter().flat_map(|h| h.join().unwrap()).collect::<Vec<_>>()
        });
        let mut created = 0;
        for outcome in &outcomes {
            match outcome {
                Ok(true) => created += 1,
                Ok(false) => {}
                Err((kind, code, _)) => {
                    assert_eq!((kind, code.as_str()), (&ErrorKind::Conflict, "busy"), "{outcome:?}");
                }
            }
        }
        // Every client reported created is there, once.
        assert_eq!(counts(db)[0], before[0] + created);
    }
}
