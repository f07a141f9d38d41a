//! The support team's sheet imported by clicking, on a phone's width: the
//! file chosen, the dry run read, the import confirmed; and the upload's
//! progress bar driven by htmx's events.

use fantoccini::Locator;

use super::{AXE_ENV, Driver, browser, click, fits, log_in, runtime, screenshot, violations};
use crate::common;
use common::records::counts;
use common::server::ServerProcess;
use common::{TestDb, World};

const SHEET: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/support-sheet.xlsx"
);

#[test]
fn on_a_phone_the_manager_checks_the_sheet_then_imports_it() {
    let Some(path) = std::env::var_os(super::DRIVER_ENV) else {
        return;
    };
    let axe = std::env::var_os(AXE_ENV).map(|p| std::fs::read_to_string(p).unwrap());
    let db = TestDb::sqlite();
    let mut world = World::new(&db);
    let (bill, _) = world.hire("Bill Boquet", "bill@epic.test", "sales");
    world.hire("Kate Hastroff", "kate@epic.test", "support");
    world.hire("Aliénor Vichum", "alienor@epic.test", "support");
    let server = ServerProcess::start(&db, &[]);
    let base = server.url.replace("127.0.0.1", "localhost");
    let driver = Driver::start(&path);
    let mut found = Vec::new();
    runtime().block_on(async {
        let c = browser(&driver, 375).await;
        log_in(&c, &base, "ada@epic.test", common::MANAGER_PASSWORD).await;
        c.goto(&format!("{base}/events")).await.unwrap();
        click(&c, "main a[href='/events/import']").await;
        c.wait().for_element(Locator::Id("file")).await.unwrap();
        // Idle, the progress bar is out of sight.
        let shown = c
            .execute("return getComputedStyle(document.getElementById('importing')).display;", vec![])
            .await
            .unwrap();
        assert_eq!(shown.as_str(), Some("none"));
        // htmx reports the upload's progress; the page's script shows it,
        // then says the server is checking once all is sent.
        let progress = c
            .execute(
                "const send = (loaded) => document.body.dispatchEvent(new CustomEvent('htmx:xhr:progress', \
                   {bubbles: true, detail: {lengthComputable: true, loaded: loaded, total: 200}}));\
                 send(50); const quarter = document.getElementById('upload-progress').value;\
                 send(200); const bar = document.getElementById('upload-progress');\
                 return [quarter, bar.hasAttribute('value'), document.getElementById('importing-label').textContent];",
                vec![],
            )
            .await
            .unwrap();
        assert_eq!(progress, serde_json::json!([25, false, "Checking every event…"]));

        c.find(Locator::Id("file")).await.unwrap().send_keys(SHEET).await.unwrap();
        click(&c, "#create_missing").await;
        c.find(Locator::Id("sales_contact"))
            .await
            .unwrap()
            .select_by_value(&bill.to_string())
            .await
            .unwrap();
        click(&c, "main form button[type=submit]").await;
        c.wait()
            .for_element(Locator::Css("form[action='/events/import/confirm'] button"))
            .await
            .expect("the dry run's report");
        let report = c.find(Locator::Css("main")).await.unwrap().text().await.unwrap();
        assert!(report.contains("2 events created"), "{report}");
        assert!(report.contains("John Ouick Wedding"), "{report}");
        assert_eq!(
            c.current_url().await.unwrap().path(),
            "/events/import",
            "htmx swapped the report in"
        );
        assert!(fits(&c).await, "the dry run scrolls sideways");
        if let Some(axe) = &axe {
            for v in violations(&c, axe).await {
                found.push(format!("the dry run: {v}"));
            }
        }
        screenshot(&c, "import-dry-run-375").await;
        assert_eq!(counts(&db), [0, 0, 0], "checked, not written");

        click(&c, "form[action='/events/import/confirm'] button").await;
        c.wait()
            .for_element(Locator::XPath("//p[contains(., 'The sheet is imported.')]"))
            .await
            .expect("the import's report");
        screenshot(&c, "import-done-375").await;
        c.close().await.unwrap();
    });
    assert!(found.is_empty(), "{found:#?}");
    assert_eq!(counts(&db), [2, 2, 2]);
}
