//! A list's filters and order, with script: the rows swap in place (no
//! page load), the address follows, and the back button goes back.

use fantoccini::{Client, Locator};

use super::{Driver, browser, click, log_in, runtime};
use crate::common;
use common::records::fixture;
use common::server::ServerProcess;
use common::{TestDb, World};

/// Waits until the address satisfies `done`; the page's URL then.
async fn address(c: &Client, done: impl Fn(&str) -> bool) -> String {
    for _ in 0..100 {
        let url = c.current_url().await.unwrap().to_string();
        if done(&url) {
            return url;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("the address stayed {}", c.current_url().await.unwrap());
}

/// Whether this is still the page `mark` marked: no page load since.
async fn same_page(c: &Client) -> bool {
    c.execute("return window.epicMark === 42;", vec![])
        .await
        .unwrap()
        .as_bool()
        .unwrap()
}

#[test]
fn filters_and_order_swap_the_rows_in_place_and_the_address_follows() {
    let Some(path) = std::env::var_os(super::DRIVER_ENV) else {
        return;
    };
    let db = TestDb::sqlite();
    World::new(&db);
    // The fixture's event starts 30 days after its date: in 2 and 12 days.
    let now = chrono::Utc::now().naive_utc() - chrono::Duration::days(28);
    let soon = fixture(&db, None, None, true, now);
    let later = fixture(&db, None, None, true, now + chrono::Duration::days(10));
    let server = ServerProcess::start(&db, &[]);
    let base = server.url.replace("127.0.0.1", "localhost");
    let driver = Driver::start(&path);
    runtime().block_on(async {
        let c = browser(&driver, 1280).await;
        log_in(&c, &base, "ada@epic.test", common::MANAGER_PASSWORD).await;
        c.goto(&format!("{base}/events")).await.unwrap();
        c.execute("window.epicMark = 42;", vec![]).await.unwrap();
        let first = |c: &Client| {
            let c = c.clone();
            async move {
                c.find(Locator::Css("#results tbody tr a"))
                    .await
                    .unwrap()
                    .attr("href")
                    .await
                    .unwrap()
                    .unwrap()
            }
        };
        assert_eq!(first(&c).await, format!("/events/{}", soon.event));

        click(&c, "th[aria-sort] a").await;
        address(&c, |url| url.contains("reverse=true")).await;
        c.wait()
            .for_element(Locator::Css("th[aria-sort='descending']"))
            .await
            .unwrap();
        assert_eq!(first(&c).await, format!("/events/{}", later.event));
        assert!(
            same_page(&c).await,
            "the rows were swapped, the page not loaded"
        );

        // Typing a search filters as one types, the order kept.
        c.find(Locator::Id("search"))
            .await
            .unwrap()
            .send_keys("no such party")
            .await
            .unwrap();
        let url = address(&c, |url| url.contains("search=no%20such%20party")).await;
        assert!(url.contains("reverse=true"), "{url}");
        c.wait()
            .for_element(Locator::XPath(
                "//div[@id='results']//p[contains(., 'Nothing to show.')]",
            ))
            .await
            .unwrap();
        assert!(same_page(&c).await);

        c.back().await.unwrap();
        let url = address(&c, |url| !url.contains("search=")).await;
        assert!(
            url.contains("reverse=true"),
            "back to the reversed list: {url}"
        );

        // The next days' events: a choice of the filters, the rows in place.
        c.goto(&format!("{base}/events")).await.unwrap();
        c.execute("window.epicMark = 42;", vec![]).await.unwrap();
        c.find(Locator::Id("span"))
            .await
            .unwrap()
            .select_by_value("7d")
            .await
            .unwrap();
        address(&c, |url| url.contains("span=7d")).await;
        c.wait()
            .for_element(Locator::XPath(
                "//div[@id='results']//p[contains(., '1 record')]",
            ))
            .await
            .unwrap();
        assert_eq!(first(&c).await, format!("/events/{}", soon.event));
        assert!(same_page(&c).await);
        c.close().await.unwrap();
    });
}
