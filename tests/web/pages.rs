//! What each department sees and may do on the first pages: the login,
//! the homes, the lists, the records, the brief's story as forms, the
//! inbox; the cookie, the headers, the languages and the assets.

use chrono::Utc;

use super::{Browser, staffed};
use crate::common;
use common::records::fixture;
use common::server::ServerProcess;
use common::{TestDb, World};

#[test]
fn a_page_without_a_session_sends_to_the_login_page_which_is_locked_down() {
    let db = TestDb::sqlite();
    World::new(&db);
    let server = ServerProcess::start(&db, &[]);
    let browser = Browser::new(&server);
    let home = browser.get("/events?mine=true");
    assert_eq!(home.status, 303);
    assert_eq!(
        home.location.as_deref(),
        Some("/login?next=%2Fevents%3Fmine%3Dtrue")
    );
    let login = browser.get("/login");
    assert_eq!(login.status, 200);
    assert!(login.body.contains(r#"<label for="email">E-mail</label>"#));
    assert!(
        login
            .body
            .contains(r#"<label for="password">Password</label>"#)
    );
    let csp = login.headers["content-security-policy"].to_str().unwrap();
    assert!(csp.contains("script-src 'self'") && csp.contains("frame-ancestors 'none'"));
    assert!(!csp.contains("unsafe-inline") && !csp.contains("unsafe-eval"));
    assert_eq!(login.headers["x-content-type-options"], "nosniff");
    assert_eq!(login.headers["referrer-policy"], "same-origin");
    // No inline script or style anywhere on the page.
    assert!(!login.body.contains("<script>") && !login.body.contains("style="));
}

#[test]
fn each_department_lands_on_its_own_home() {
    let db = TestDb::sqlite();
    staffed(&db);
    let server = ServerProcess::start(&db, &[]);

    let mut bill = Browser::new(&server);
    assert_eq!(
        bill.login("bill@epic.test", "Bill Boquet's passphrase")
            .status,
        303
    );
    let home = bill.get("/");
    assert_eq!(home.status, 200, "{}", home.body);
    for part in [
        "My upcoming events",
        "Unsigned contracts",
        "Contracts still owed",
        "My clients",
    ] {
        assert!(home.body.contains(part), "sales: {part}");
    }
    assert!(home.body.contains("Fixture Party") && home.body.contains("Bill Boquet"));
    assert!(!home.body.contains("Upcoming events without support"));

    let mut kate = Browser::new(&server);
    kate.login("kate@epic.test", "Kate Hastroff's passphrase");
    let home = kate.get("/");
    assert!(home.body.contains("My upcoming events"));
    assert!(home.body.contains("Fixture Party"));
    assert!(!home.body.contains("Unsigned contracts") && !home.body.contains("My clients"));

    let mut ada = Browser::new(&server);
    ada.login("ada@epic.test", common::MANAGER_PASSWORD);
    let home = ada.get("/");
    assert!(home.body.contains("Upcoming events without support"));
    assert!(home.body.contains("No support yet"));
    assert!(home.body.contains("Unsigned contracts"));
    assert!(!home.body.contains("My clients"));
}

#[test]
fn a_wrong_password_is_said_plainly_and_opens_nothing() {
    let db = TestDb::sqlite();
    World::new(&db);
    let server = ServerProcess::start(&db, &[]);
    let mut browser = Browser::new(&server);
    let page = browser.login("ada@epic.test", "not the passphrase");
    assert_eq!(page.status, 401);
    assert!(
        page.body.contains("Wrong e-mail or password."),
        "{}",
        page.body
    );
    assert!(page.set_cookie.is_none());
    // The address typed stays in the form; the password does not.
    assert!(page.body.contains(r#"value="ada@epic.test""#));
    assert!(!page.body.contains("not the passphrase"));
}

#[test]
fn a_write_from_another_origin_is_refused_and_logging_out_ends_the_session() {
    let db = TestDb::sqlite();
    World::new(&db);
    let server = ServerProcess::start(&db, &[]);
    let mut browser = Browser::new(&server);
    browser.login("ada@epic.test", common::MANAGER_PASSWORD);
    let cookie = browser.cookie.clone().unwrap();
    assert!(cookie.starts_with("__Host-epicevents="), "{cookie}");

    let forged = browser.post("/logout", "http://evil.test", &[]);
    assert_eq!(forged.status, 403);
    assert_eq!(
        browser.get("/").status,
        200,
        "the session outlived the forgery"
    );

    let base = browser.base.clone();
    let out = browser.post("/logout", &base, &[]);
    assert_eq!(out.status, 303);
    assert!(out.set_cookie.unwrap().contains("Max-Age=0"));
    // A copy of the cookie is dead too: the session ended on the server.
    let replay = browser.get("/");
    assert_eq!(replay.status, 303);
    assert!(replay.location.unwrap().starts_with("/login"));
}

#[test]
fn lists_keep_their_filters_in_the_address_and_show_what_they_filter() {
    let db = TestDb::sqlite();
    staffed(&db);
    let server = ServerProcess::start(&db, &[]);
    let mut ada = Browser::new(&server);
    ada.login("ada@epic.test", common::MANAGER_PASSWORD);
    let all = ada.get("/events");
    assert!(all.body.contains("2 records"), "{}", all.body);
    let unassigned = ada.get("/events?unassigned=true");
    assert!(unassigned.body.contains("1 record"), "{}", unassigned.body);
    assert!(
        unassigned
            .body
            .contains(r#"name="unassigned" value="true" checked"#)
    );
    assert!(!unassigned.body.contains("Kate Hastroff"));
    let unsigned = ada.get("/contracts?unsigned=true");
    assert!(unsigned.body.contains("1 record") && unsigned.body.contains("Not signed"));
}

#[test]
fn a_support_person_sees_what_the_day_needs_on_an_events_page() {
    let db = TestDb::sqlite();
    staffed(&db);
    let server = ServerProcess::start(&db, &[]);
    let mut kate = Browser::new(&server);
    kate.login("kate@epic.test", "Kate Hastroff's passphrase");
    let mine = kate.get("/events?mine=true");
    // The first event's page (support also sees the import's link).
    let id = mine
        .body
        .split("href=\"/events/")
        .filter_map(|rest| rest.split('"').next())
        .find(|id| id.parse::<i32>().is_ok())
        .unwrap()
        .to_owned();
    let event = kate.get(&format!("/events/{id}"));
    assert_eq!(event.status, 200);
    for detail in ["Fixture Party", "tel:", "Place", "Attendees", "Notes"] {
        assert!(event.body.contains(detail), "{detail}");
    }
    assert_eq!(kate.get("/events/99999").status, 404);
}

#[test]
fn french_for_a_browser_that_asks_for_it_with_amounts_written_the_french_way() {
    let db = TestDb::sqlite();
    staffed(&db);
    let server = ServerProcess::start(&db, &[]);
    let mut ada = Browser::new(&server);
    ada.language = "fr-FR,fr;q=0.9";
    assert!(ada.get("/login").body.contains("Connexion"));
    ada.login("ada@epic.test", common::MANAGER_PASSWORD);
    let contracts = ada.get("/contracts");
    assert!(contracts.body.contains(r#"<html lang="fr">"#));
    assert!(
        contracts.body.contains("1\u{a0}000,00\u{a0}€"),
        "{}",
        contracts.body
    );
    // Chosen once, remembered over the browser's own preference.
    let base = ada.base.clone();
    let chosen = ada.post(
        "/language",
        &base,
        &[("lang", "en"), ("back", "/contracts")],
    );
    assert_eq!(chosen.location.as_deref(), Some("/contracts"));
    let set = chosen.set_cookie.unwrap();
    let language = set.split(';').next().unwrap();
    ada.cookie = Some(format!("{}; {language}", ada.cookie.unwrap()));
    assert!(ada.get("/contracts").body.contains("€1,000.00"));
}

#[test]
fn assets_are_named_by_their_content_and_kept_by_the_browser() {
    let db = TestDb::sqlite();
    World::new(&db);
    let server = ServerProcess::start(&db, &[]);
    let browser = Browser::new(&server);
    let login = browser.get("/login");
    let css = login
        .body
        .split("href=\"/assets/")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .map(|name| format!("/assets/{name}"))
        .unwrap();
    let first = browser.get(&css);
    assert_eq!(first.status, 200);
    assert!(
        first.headers["cache-control"]
            .to_str()
            .unwrap()
            .contains("immutable")
    );
    let etag = first.headers["etag"].to_str().unwrap().to_owned();
    let again = browser
        .agent
        .get(format!("{}{css}", browser.base))
        .header("If-None-Match", &etag)
        .call()
        .unwrap();
    assert_eq!(again.status().as_u16(), 304);
    assert_eq!(browser.get("/assets/site.000000000000.css").status, 404);
}

/// A page and its assets come compressed to a browser that accepts it:
/// a month's calendar of a thousand events, with the stylesheet and the
/// scripts, is well under 100 KB on its first load.
#[test]
fn a_busy_months_calendar_and_its_assets_weigh_under_100_kb() {
    let db = TestDb::sqlite();
    World::new(&db);
    let now = Utc::now().naive_utc();
    // The fixture's event starts 30 days after its date: this month's.
    for n in 0..1_000 {
        fixture(
            &db,
            None,
            None,
            true,
            now - chrono::Duration::days(30) + chrono::Duration::minutes(n),
        );
    }
    let server = ServerProcess::start(&db, &[]);
    let ada = Browser::signed_in(&server, "ada@epic.test", common::MANAGER_PASSWORD);
    let sized = |path: &str| -> (usize, String) {
        let mut request = ada
            .agent
            .get(format!("{}{path}", ada.base))
            .header("Accept-Encoding", "gzip");
        if let Some(cookie) = &ada.cookie {
            request = request.header("Cookie", cookie);
        }
        let mut response = request.call().unwrap();
        assert_eq!(response.status().as_u16(), 200, "{path}");
        let encoding = response
            .headers()
            .get("content-encoding")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_owned();
        let bytes = response
            .body_mut()
            .with_config()
            .limit(10 << 20)
            .read_to_vec()
            .unwrap();
        (bytes.len(), encoding)
    };
    let page = ada.get("/calendar");
    assert!(
        page.body.len() > 50_000,
        "a busy month: {} bytes",
        page.body.len()
    );
    let (calendar, encoding) = sized("/calendar");
    assert_eq!(encoding, "gzip");
    let mut total = calendar;
    for asset in page
        .body
        .split("\"/assets/")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
    {
        let (size, encoding) = sized(&format!("/assets/{asset}"));
        assert_eq!(encoding, "gzip", "{asset}");
        total += size;
    }
    assert!(
        total < 100_000,
        "the calendar and its assets: {total} bytes"
    );
}

#[test]
fn a_records_page_shows_what_surrounds_it_and_who_changed_what() {
    let db = TestDb::sqlite();
    let mut world = World::new(&db);
    let (kate, _) = world.hire("Kate Hastroff", "kate@epic.test", "support");
    let f = fixture(&db, None, None, true, Utc::now().naive_utc());
    let manager = world.manager();
    world
        .services
        .assign_event(Some(&manager), f.event, kate)
        .unwrap();
    let server = ServerProcess::start(&db, &[]);
    let mut ada = Browser::new(&server);
    ada.login("ada@epic.test", common::MANAGER_PASSWORD);

    let event = ada.get(&format!("/events/{}", f.event));
    assert!(event.body.contains("History"), "{}", event.body);
    assert!(event.body.contains("Ada Manager"));
    assert!(event.body.contains("assigned"));
    assert!(
        event.body.contains("None → Kate Hastroff"),
        "{}",
        event.body
    );
    assert!(
        event
            .body
            .contains(&format!(r#"href="/contracts/{}""#, f.contract))
    );

    let contract = ada.get(&format!("/contracts/{}", f.contract));
    assert_eq!(contract.status, 200);
    assert!(contract.body.contains("Fixture Party") && contract.body.contains("Signed"));
    let client = ada.get(&format!("/clients/{}", f.client));
    assert!(client.body.contains("Fixture SA"));
    assert!(
        client
            .body
            .contains(&format!(r#"href="/contracts/{}""#, f.contract))
    );
    assert!(client.body.contains("No change recorded yet."));
    assert_eq!(ada.get("/clients/424242").status, 404);
}

#[test]
fn the_inbox_shows_what_others_changed_and_reading_it_changes_nothing_until_asked() {
    let db = TestDb::sqlite();
    let mut world = World::new(&db);
    let (kate, _) = world.hire("Kate Hastroff", "kate@epic.test", "support");
    let f = fixture(&db, None, None, true, Utc::now().naive_utc());
    let manager = world.manager();
    world
        .services
        .assign_event(Some(&manager), f.event, kate)
        .unwrap();
    let server = ServerProcess::start(&db, &[]);
    let base = server.url.clone();
    let mut kate_web = Browser::new(&server);
    kate_web.login("kate@epic.test", "Kate Hastroff's passphrase");

    assert!(kate_web.get("/").body.contains("1 unread notification"));
    for _ in 0..2 {
        let inbox = kate_web.get("/inbox");
        assert!(inbox.body.contains("Ada Manager"), "{}", inbox.body);
        assert!(inbox.body.contains(&format!(
            r#"<a href="/events/{}">Fixture Party</a>"#,
            f.event
        )));
        assert!(inbox.body.contains("New:") && inbox.body.contains("1 unread notification"));
    }
    let read = kate_web.post("/inbox/read", &base, &[]);
    assert_eq!(read.status, 303);
    let inbox = kate_web.get("/inbox");
    assert!(inbox.body.contains("0 unread notifications") && !inbox.body.contains("New:"));
    assert!(
        inbox.body.contains("Fixture Party"),
        "read ones stay listed"
    );
}
