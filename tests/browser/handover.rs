//! Handing a colleague's events to another by clicking, on a phone: the
//! manager picks the taker on the colleague's page.

use chrono::Utc;
use fantoccini::Locator;

use super::{Driver, browser, click, fits, log_in, runtime};
use crate::common;
use common::records::fixture;
use common::server::ServerProcess;
use common::{TestDb, World};

#[test]
fn the_manager_hands_a_colleagues_events_to_another_from_their_page() {
    let Some(path) = std::env::var_os(super::DRIVER_ENV) else {
        return;
    };
    let db = TestDb::sqlite();
    let mut world = World::new(&db);
    let (bill, _) = world.hire("Bill Boquet", "bill@epic.test", "sales");
    let (kate, _) = world.hire("Kate Hastroff", "kate@epic.test", "support");
    let (lou, _) = world.hire("Lou Support", "lou@epic.test", "support");
    let f = fixture(&db, Some(bill), Some(kate), true, Utc::now().naive_utc());
    let server = ServerProcess::start(&db, &[]);
    let base = server.url.replace("127.0.0.1", "localhost");
    let driver = Driver::start(&path);
    runtime().block_on(async {
        let c = browser(&driver, 375).await;
        log_in(&c, &base, "ada@epic.test", common::MANAGER_PASSWORD).await;
        c.goto(&format!("{base}/collaborators/{kate}"))
            .await
            .unwrap();
        assert!(
            fits(&c).await,
            "the colleague's page scrolls sideways at 375 px"
        );
        c.find(Locator::Css(&format!("select#to option[value='{lou}']")))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        // Marked, so that the page the answer leads back to is told apart.
        c.execute("window.epicMark = 42;", vec![]).await.unwrap();
        click(
            &c,
            &format!("form[action='/collaborators/{kate}/handover'] button"),
        )
        .await;
        let mut reloaded = false;
        for _ in 0..100 {
            let mark = c.execute("return window.epicMark === 42;", vec![]).await;
            if mark.is_ok_and(|m| m.as_bool() == Some(false)) {
                reloaded = true;
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        assert!(reloaded, "back on Kate's page after handing over");
        c.goto(&format!("{base}/events/{}", f.event)).await.unwrap();
        c.wait()
            .for_element(Locator::XPath("//dd[contains(., 'Lou Support')]"))
            .await
            .expect("the event shows its new support");
        c.close().await.unwrap();
    });
    let manager = world.manager();
    let event = world.services.show_event(Some(&manager), f.event).unwrap();
    assert_eq!(event.support_contact.map(|s| s.id.0), Some(lou));
}
