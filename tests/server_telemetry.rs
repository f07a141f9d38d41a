//! Sentry on the server: every request has a scope of its own, so the actor
//! of one request never appears in another's event, however they interleave.

use crate::common;

use std::sync::mpsc;

use common::{TestDb, World, secret};
use epicevents_client::{Remote, Server};
use epicevents_server::{ServeOptions, ThrottleLimits};
use epicevents_service::{Crm, NewClient, NewCollaborator, Services};
use epicevents_telemetry as telemetry;
use sentry::Hub;
use sentry::test::with_captured_events_options;

/// Starts the server in this process, under the caller's Sentry hub, and
/// returns its URL. The server thread lives until the test process ends.
fn start(services: Services) -> String {
    let hub = Hub::current();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        Hub::run(hub, || {
            let options = ServeOptions {
                listen: "127.0.0.1:0".parse().unwrap(),
                tls: None,
                services,
                throttle: ThrottleLimits::default(),
                mail: None,
                metrics: None,
                web: Default::default(),
            };
            epicevents_server::serve(options, |line| {
                tx.send(line.trim_start_matches("listening on ").to_owned())
                    .unwrap()
            })
            .unwrap();
        })
    });
    rx.recv().unwrap()
}

fn remote(url: &str, email: &str, password: &str) -> Remote {
    let server = Server::parse(url, None).unwrap();
    let mut anonymous = Remote::new(&server, None).unwrap();
    let token = anonymous.login(email, &secret(password)).unwrap().token;
    Remote::new(&server, Some(token)).unwrap()
}

#[test]
fn one_requests_actor_never_appears_in_anothers_event() {
    let db = TestDb::sqlite();
    let mut world = World::new(&db);
    let (bill_id, _) = world.hire("Bill Boquet", "bill@epic.test", "sales");
    let manager_id = 1;
    const ROUNDS: usize = 15;
    let events = with_captured_events_options(
        || {
            let url = start(world.services.clone());
            let manager = std::thread::spawn({
                let url = url.clone();
                move || {
                    let mut ada = remote(&url, "ada@epic.test", common::MANAGER_PASSWORD);
                    for n in 0..ROUNDS {
                        ada.create_collaborator(NewCollaborator {
                            name: format!("Hire {n}"),
                            email: format!("hire{n}@epic.test"),
                            department: "support".into(),
                            password: secret("a long enough passphrase"),
                        })
                        .unwrap();
                    }
                }
            });
            let sales = std::thread::spawn(move || {
                let mut bill = remote(&url, "bill@epic.test", "Bill Boquet's passphrase");
                for n in 0..ROUNDS {
                    bill.create_client(NewClient {
                        name: format!("Client {n}"),
                        email: format!("client{n}@example.com"),
                        phone: "+33 1 23 45 67 89".into(),
                        company: "Example SA".into(),
                        allow_duplicate: false,
                    })
                    .unwrap();
                }
            });
            manager.join().unwrap();
            sales.join().unwrap();
        },
        sentry::apply_defaults(telemetry::options()),
    );
    let changes: Vec<_> = events
        .iter()
        .filter_map(|e| Some((e.tags.get("action")?.clone(), e.user.as_ref()?.id.clone()?)))
        .collect();
    let expected = |action: &str| match action {
        "collaborator.create" => manager_id.to_string(),
        "client.create" => bill_id.to_string(),
        other => panic!("unexpected change {other}"),
    };
    assert_eq!(changes.len(), 2 * ROUNDS, "every change is reported once");
    for (action, user) in &changes {
        assert_eq!(user, &expected(action), "{action} reported as user {user}");
    }
    // Departments travel with their own actor too.
    for event in &events {
        if let Some(action) = event.tags.get("action") {
            let department = event.tags.get("department").map(String::as_str);
            let want = if action == "client.create" {
                "sales"
            } else {
                "management"
            };
            assert_eq!(department, Some(want), "{action}");
        }
    }
}
