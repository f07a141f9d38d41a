//! The pages in a real browser: Debian's Chromium, driven through
//! chromedriver (`EPICEVENTS_TEST_CHROMEDRIVER` names it), and axe-core
//! (`EPICEVENTS_TEST_AXE`, its script). `.ci/run` installs all three and
//! sets both; a plain `cargo test` without them skips these. Screenshots
//! go to `target/screenshots/` as the run's artefacts.

use crate::common;

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

use chrono::Utc;
use common::records::fixture;
use common::server::ServerProcess;
use common::{TestDb, World};
use fantoccini::{Client, ClientBuilder, Locator};

mod handover;
mod import;
mod lists;
mod story;

pub const DRIVER_ENV: &str = "EPICEVENTS_TEST_CHROMEDRIVER";

/// chromedriver on a free loopback port, stopped when dropped.
struct Driver {
    child: Child,
    port: u16,
}

impl Driver {
    fn start(path: &std::ffi::OsStr) -> Self {
        let mut child = Command::new(path)
            .arg("--port=0")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromedriver");
        let stdout = child.stdout.take().unwrap();
        let port = BufReader::new(stdout)
            .lines()
            .map_while(Result::ok)
            .find_map(|line| {
                line.split("started successfully on port ")
                    .nth(1)
                    .and_then(|rest| rest.trim_end_matches('.').parse().ok())
            })
            .expect("chromedriver says its port");
        Self { child, port }
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A headless Chromium whose page is `width` pixels wide. Below 500 px a
/// window cannot go (Chromium widens it), so a phone is emulated: its
/// viewport, as a phone's browser lays pages out.
async fn browser(driver: &Driver, width: u32) -> Client {
    let mut options = serde_json::json!({
        "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 format!("--window-size={},900", width.max(500)), "--lang=en-GB"]
    });
    if width < 500 {
        options["mobileEmulation"] = serde_json::json!({
            "deviceMetrics": {"width": width, "height": 812, "pixelRatio": 2.0, "touch": true}
        });
    }
    let mut caps = serde_json::Map::new();
    caps.insert("goog:chromeOptions".into(), options);
    let c = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(caps)
        .connect(&format!("http://127.0.0.1:{}", driver.port))
        .await
        .expect("a Chromium session");
    // As wide as a page that asks for the device's width, as ours do.
    c.goto("data:text/html,<meta name=viewport content='width=device-width'>")
        .await
        .unwrap();
    let inner = c
        .execute("return window.innerWidth;", vec![])
        .await
        .unwrap();
    assert_eq!(
        inner.as_u64(),
        Some(u64::from(width)),
        "the page is as wide as asked"
    );
    c
}

/// The tests' own runtime: fantoccini is async, the tests are not.
fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

async fn click(c: &Client, css: &str) {
    c.find(Locator::Css(css))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
}

async fn log_out(c: &Client) {
    click(c, "form[action='/logout'] button").await;
    c.wait().for_element(Locator::Id("password")).await.unwrap();
}

async fn screenshot(c: &Client, name: &str) {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    let png = c.screenshot().await.unwrap();
    std::fs::write(dir.join(format!("{name}.png")), png).unwrap();
}

async fn log_in(c: &Client, base: &str, email: &str, password: &str) {
    c.goto(&format!("{base}/login")).await.unwrap();
    c.find(Locator::Id("email"))
        .await
        .unwrap()
        .send_keys(email)
        .await
        .unwrap();
    c.find(Locator::Id("password"))
        .await
        .unwrap()
        .send_keys(password)
        .await
        .unwrap();
    click(c, "main form button[type=submit]").await;
    c.wait()
        .for_element(Locator::Css("header.top nav"))
        .await
        .expect("logged in");
}

/// Whether the page fits the window's width: nothing to scroll sideways.
async fn fits(c: &Client) -> bool {
    c.execute(
        "return document.documentElement.scrollWidth <= window.innerWidth;",
        vec![],
    )
    .await
    .unwrap()
    .as_bool()
    .unwrap()
}

#[test]
fn on_a_phone_the_manager_assigns_support_by_clicking_and_nothing_scrolls_sideways() {
    let Some(path) = std::env::var_os(DRIVER_ENV) else {
        return;
    };
    let db = TestDb::sqlite();
    let mut world = World::new(&db);
    let (bill, _) = world.hire("Bill Boquet", "bill@epic.test", "sales");
    world.hire("Kate Hastroff", "kate@epic.test", "support");
    let f = fixture(&db, Some(bill), None, true, Utc::now().naive_utc());
    let server = ServerProcess::start(&db, &[]);
    // The cookie is Secure: browsers keep it over plain HTTP for localhost.
    let base = server.url.replace("127.0.0.1", "localhost");
    let driver = Driver::start(&path);
    let runtime = runtime();
    runtime.block_on(async {
        let c = browser(&driver, 375).await;
        log_in(&c, &base, "ada@epic.test", common::MANAGER_PASSWORD).await;
        let h1 = c
            .find(Locator::Css("h1"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert_eq!(h1, "What needs you");
        assert!(fits(&c).await, "the home scrolls sideways at 375 px");
        screenshot(&c, "home-management-375").await;

        c.goto(&format!("{base}/events/{}", f.event)).await.unwrap();
        assert!(fits(&c).await, "the event page scrolls sideways at 375 px");
        click(&c, "form[action$='/support'] button").await;
        c.wait()
            .for_element(Locator::XPath("//dd[contains(., 'Kate Hastroff')]"))
            .await
            .expect("the event shows its new support");
        screenshot(&c, "event-management-375").await;

        // Logged out, the old page's next click goes to the login page.
        log_out(&c).await;
        c.goto(&format!("{base}/events")).await.unwrap();
        assert!(c.current_url().await.unwrap().path().starts_with("/login"));
        c.close().await.unwrap();
    });
    let manager = world.manager();
    let event = world.services.show_event(Some(&manager), f.event).unwrap();
    assert_eq!(
        event.support_contact.map(|s| s.name.to_string()).as_deref(),
        Some("Kate Hastroff")
    );
}

#[test]
fn another_sites_form_is_refused_and_a_revoked_session_is_thrown_out() {
    let Some(path) = std::env::var_os(DRIVER_ENV) else {
        return;
    };
    let db = TestDb::sqlite();
    let mut world = World::new(&db);
    let (bill, _) = world.hire("Bill Boquet", "bill@epic.test", "sales");
    let (kate, _) = world.hire("Kate Hastroff", "kate@epic.test", "support");
    let f = fixture(&db, Some(bill), None, true, Utc::now().naive_utc());
    let server = ServerProcess::start(&db, &[]);
    let base = server.url.replace("127.0.0.1", "localhost");
    let driver = Driver::start(&path);
    let runtime = runtime();
    runtime.block_on(async {
        let c = browser(&driver, 1280).await;
        log_in(&c, &base, "ada@epic.test", common::MANAGER_PASSWORD).await;
        // A page of no origin of ours that posts the assignment form the
        // moment it opens, as a malicious site would.
        let attack = format!(
            "data:text/html,<form method=post action='{base}/events/{}/support'>\
             <input name=support value={kate}></form>\
             <script>document.forms[0].submit()</script>",
            f.event
        );
        c.goto(&attack).await.unwrap();
        c.wait()
            .for_element(Locator::XPath(
                "//*[contains(., 'cross-origin request refused')]",
            ))
            .await
            .expect("the server refuses the other site's post");
        c.close().await.unwrap();

        let c = browser(&driver, 1280).await;
        log_in(&c, &base, "bill@epic.test", "Bill Boquet's passphrase").await;
        c.goto(&format!("{base}/clients")).await.unwrap();
        // Management resets Bill's password, which ends his sessions.
        let manager = world.manager();
        world
            .services
            .set_password(
                Some(&manager),
                bill,
                None,
                common::secret("a brand new passphrase"),
                "local",
            )
            .unwrap();
        click(&c, "header.top nav a[href='/events']").await;
        c.wait()
            .for_element(Locator::Id("password"))
            .await
            .expect("the login page");
        let url = c.current_url().await.unwrap();
        assert_eq!(url.path(), "/login");
        assert_eq!(url.query(), Some("next=%2Fevents"));
        c.close().await.unwrap();
    });
    let manager = world.manager();
    let event = world.services.show_event(Some(&manager), f.event).unwrap();
    assert_eq!(
        event.support_contact, None,
        "the other site's post changed nothing"
    );
}

pub const AXE_ENV: &str = "EPICEVENTS_TEST_AXE";

/// axe-core's WCAG 2.2 A and AA rules on the page shown: each violation
/// as `rule: how many elements`.
async fn violations(c: &Client, axe: &str) -> Vec<String> {
    let script = format!(
        "{axe}\n;const done = arguments[arguments.length - 1];\
         axe.run(document, {{runOnly: {{type: 'tag', values: \
         ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']}}}})\
         .then(r => done(r.violations.map(v => v.id + ': ' + v.nodes.length)));"
    );
    let found = c.execute_async(&script, vec![]).await.unwrap();
    serde_json::from_value(found).unwrap()
}

#[test]
fn axe_core_finds_no_violation_on_any_page_wide_or_narrow() {
    let (Some(path), Some(axe)) = (std::env::var_os(DRIVER_ENV), std::env::var_os(AXE_ENV)) else {
        return;
    };
    let axe = std::fs::read_to_string(axe).unwrap();
    let db = TestDb::sqlite();
    let mut world = World::new(&db);
    let (bill, _) = world.hire("Bill Boquet", "bill@epic.test", "sales");
    let (kate, _) = world.hire("Kate Hastroff", "kate@epic.test", "support");
    let f = fixture(&db, Some(bill), Some(kate), true, Utc::now().naive_utc());
    let manager = world.manager();
    world
        .services
        .unassign_event(Some(&manager), f.event)
        .unwrap();
    world
        .services
        .assign_event(Some(&manager), f.event, kate)
        .unwrap();
    let server = ServerProcess::start(&db, &[]);
    let base = server.url.replace("127.0.0.1", "localhost");
    let driver = Driver::start(&path);
    let runtime = runtime();
    let mut found = Vec::new();
    runtime.block_on(async {
        for width in [1280, 375] {
            let c = browser(&driver, width).await;
            c.goto(&format!("{base}/login")).await.unwrap();
            for v in violations(&c, &axe).await {
                found.push(format!("{width} px, /login: {v}"));
            }
            screenshot(&c, &format!("login-{width}")).await;
            let people = [
                (
                    "ada@epic.test",
                    common::MANAGER_PASSWORD.to_owned(),
                    "management",
                ),
                (
                    "kate@epic.test",
                    "Kate Hastroff's passphrase".to_owned(),
                    "support",
                ),
                (
                    "bill@epic.test",
                    "Bill Boquet's passphrase".to_owned(),
                    "sales",
                ),
            ];
            for (email, password, who) in &people {
                log_in(&c, &base, email, password).await;
                let pages = [
                    "/".to_owned(),
                    "/clients".to_owned(),
                    "/contracts?unsigned=true".to_owned(),
                    "/events?upcoming=true".to_owned(),
                    "/inbox".to_owned(),
                    format!("/clients/{}", f.client),
                    format!("/contracts/{}", f.contract),
                    format!("/events/{}", f.event),
                    format!("/events/{}/edit", f.event),
                    "/clients/new".to_owned(),
                    format!("/clients/{}/contracts/new", f.client),
                    format!("/contracts/{}/events/new", f.contract),
                    format!("/clients/{}/edit", f.client),
                    format!("/contracts/{}/edit", f.contract),
                    "/calendar".to_owned(),
                    "/calendar?view=week&mine=true".to_owned(),
                    "/account".to_owned(),
                    "/events/import".to_owned(),
                    "/collaborators".to_owned(),
                    "/collaborators/new".to_owned(),
                    format!("/collaborators/{kate}"),
                    format!("/collaborators/{kate}/edit"),
                ];
                for page in &pages {
                    c.goto(&format!("{base}{page}")).await.unwrap();
                    for v in violations(&c, &axe).await {
                        found.push(format!("{width} px, {who}, {page}: {v}"));
                    }
                    if !fits(&c).await {
                        found.push(format!("{width} px, {who}, {page}: scrolls sideways"));
                    }
                }
                c.goto(&format!("{base}/events/{}", f.event)).await.unwrap();
                screenshot(&c, &format!("event-{who}-{width}")).await;
                c.goto(&format!("{base}/")).await.unwrap();
                screenshot(&c, &format!("home-{who}-{width}")).await;
                c.goto(&format!("{base}/calendar")).await.unwrap();
                screenshot(&c, &format!("calendar-{who}-{width}")).await;
                log_out(&c).await;
            }
            c.close().await.unwrap();
        }
    });
    assert!(found.is_empty(), "{found:#?}");
}
