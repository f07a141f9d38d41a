//! Notifications by e-mail: queued in the change's transaction, sent by the
//! server after it commits, through a relay the test runs on a loopback
//! port. A relay that is down, then the server killed outright, lose
//! nothing and send nothing twice. Every test runs on every backend.

use crate::common;

use std::net::TcpListener;
use std::time::{Duration, Instant};

use common::records::fixture;
use common::server::ServerProcess;
use common::smtp::Relay;
use common::{MANAGER_PASSWORD, World, secret};
use diesel::prelude::*;
use epicevents_client::{Remote, Server};
use epicevents_service::Crm;
use epicevents_store::schema::outbox;

fn remote(url: &str, email: &str, password: &str) -> Remote {
    let server = Server::parse(url, None).unwrap();
    let mut anonymous = Remote::new(&server, None).unwrap();
    let token = anonymous.login(email, &secret(password)).unwrap().token;
    Remote::new(&server, Some(token)).unwrap()
}

/// The queue as the database holds it: (attempts, sent).
fn queue(db: &common::TestDb) -> Vec<(i32, bool)> {
    db.query(|c| {
        outbox::table
            .order(outbox::id)
            .select((outbox::attempts, outbox::sent_at.is_not_null()))
            .load(c)
    })
}

on_every_backend! {
    fn a_notification_is_mailed_exactly_once_after_a_down_relay_and_a_crash(db: &TestDb) {
        let mut w = World::new(db);
        let (kate_id, _) = w.hire("Kate Hastroff", "kate@epic.test", "support");
        let (bill_id, _) = w.hire("Bill Boquet", "bill@epic.test", "sales");
        let f = fixture(db, Some(bill_id), None, true, w.clock.now());

        // A relay that is down: a port nobody listens on any more.
        let dead = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let down = format!("smtp://127.0.0.1:{dead}");
        let first = ServerProcess::start_with(db, &[], &[("EPICEVENTS_SMTP_URL", &down)]);
        let mut ada = remote(&first.url, "ada@epic.test", MANAGER_PASSWORD);
        ada.assign_event(f.event, kate_id).unwrap();
        // Committed with the change: Kate's and Bill's e-mails, queued.
        let start = Instant::now();
        while queue(db).iter().any(|(attempts, _)| *attempts == 0) && start.elapsed() < Duration::from_secs(30) {
            std::thread::sleep(Duration::from_millis(50));
        }
        let tried = queue(db);
        assert!(tried.len() == 2 && tried.iter().all(|&(attempts, sent)| attempts >= 1 && !sent), "tried, nothing sent: {tried:?}");
        // Killed outright (SIGKILL), between the commit and any e-mail.
        drop(first);

        let relay = Relay::start();
        let _second = ServerProcess::start_with(db, &[], &[("EPICEVENTS_SMTP_URL", &relay.url())]);
        let got = relay.wait_for(2, Duration::from_secs(30));
        assert_eq!(got.len(), 2, "{got:?}");
        let to_kate = got.iter().find(|m| m.contains("To: kate@epic.test")).expect("Kate's e-mail");
        let subject = format!("Subject: Epic Events: Ada Manager assigned event #{} Fixture Party", f.event);
        assert!(to_kate.contains(&subject), "{to_kate}");
        assert!(to_kate.contains("Ada Manager (management) assigned event"), "{to_kate}");
        assert!(got.iter().any(|m| m.contains("To: bill@epic.test")), "{got:?}");
        // Marked sent: a few more rounds of the mailer send nothing again.
        std::thread::sleep(Duration::from_secs(3));
        assert_eq!(relay.received().len(), 2);
        let done = queue(db);
        assert!(done.iter().all(|&(attempts, sent)| attempts >= 2 && sent), "{done:?}");
    }
}
