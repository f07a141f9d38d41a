//! The web pages, driven over HTTP against the real server as each
//! department: what each sees, what is refused, the session's cookie and
//! its end, the security headers, the languages and the cached assets.

use crate::common;

use chrono::Utc;
use common::records::fixture;
use common::server::ServerProcess;
use common::{TestDb, World};

/// A browser without script: it keeps the session's cookie and says where
/// its requests come from, as browsers do.
struct Browser {
    base: String,
    agent: ureq::Agent,
    cookie: Option<String>,
    language: &'static str,
}

struct Page {
    status: u16,
    location: Option<String>,
    set_cookie: Option<String>,
    headers: ureq::http::HeaderMap,
    body: String,
}

impl Browser {
    fn new(server: &ServerProcess) -> Self {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .build()
            .into();
        Self {
            base: server.url.clone(),
            agent,
            cookie: None,
            language: "en-GB,en;q=0.9",
        }
    }

    fn page(mut response: ureq::http::Response<ureq::Body>) -> Page {
        let header = |name: &str| {
            response
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
        };
        let location = header("location");
        let set_cookie = header("set-cookie");
        let headers = response.headers().clone();
        let body = response.body_mut().read_to_string().unwrap_or_default();
        Page {
            status: response.status().as_u16(),
            location,
            set_cookie,
            headers,
            body,
        }
    }

    fn get(&self, path: &str) -> Page {
        let mut request = self
            .agent
            .get(format!("{}{path}", self.base))
            .header("Accept-Language", self.language);
        if let Some(cookie) = &self.cookie {
            request = request.header("Cookie", cookie);
        }
        Self::page(request.call().unwrap())
    }

    fn post(&self, path: &str, origin: &str, form: &[(&str, &str)]) -> Page {
        let mut request = self
            .agent
            .post(format!("{}{path}", self.base))
            .header("Origin", origin)
            .header("Accept-Language", self.language);
        if let Some(cookie) = &self.cookie {
            request = request.header("Cookie", cookie);
        }
        Self::page(request.send_form(form.iter().copied()).unwrap())
    }

    /// Logs in through the login page; keeps the cookie it sets.
    fn login(&mut self, email: &str, password: &str) -> Page {
        let base = self.base.clone();
        let page = self.post(
            "/login",
            &base,
            &[("email", email), ("password", password), ("next", "/")],
        );
        if let Some(set) = &page.set_cookie {
            self.cookie = set.split(';').next().map(str::to_owned);
        }
        page
    }
}

/// A sales rep and a support person, one event of the rep's client run by
/// that support person, and one with no support yet (of a client nobody
/// owns, on an unsigned contract).
fn staffed(db: &TestDb) -> (i32, i32) {
    let mut world = World::new(db);
    let (bill, _) = world.hire("Bill Boquet", "bill@epic.test", "sales");
    let (kate, _) = world.hire("Kate Hastroff", "kate@epic.test", "support");
    let now = Utc::now().naive_utc();
    fixture(db, Some(bill), Some(kate), true, now);
    fixture(db, None, None, false, now);
    (bill, kate)
}

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
    let id = mine
        .body
        .split("href=\"/events/")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
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
fn support_edits_their_event_and_management_staffs_it_each_as_allowed() {
    let db = TestDb::sqlite();
    let mut world = World::new(&db);
    let (bill, _) = world.hire("Bill Boquet", "bill@epic.test", "sales");
    let (kate, _) = world.hire("Kate Hastroff", "kate@epic.test", "support");
    let now = Utc::now().naive_utc();
    let run = fixture(&db, Some(bill), Some(kate), true, now);
    let open = fixture(&db, Some(bill), None, true, now);
    let server = ServerProcess::start(&db, &[]);

    let mut kate_web = Browser::new(&server);
    kate_web.login("kate@epic.test", "Kate Hastroff's passphrase");
    let page = kate_web.get(&format!("/events/{}", run.event));
    assert!(page.body.contains("Edit the event"));
    assert!(!page.body.contains("/support\""), "support assigns nobody");
    let form = kate_web.get(&format!("/events/{}/edit", run.event));
    assert_eq!(form.status, 200);
    let field = |name: &str| {
        form.body
            .split(&format!(r#"name="{name}""#))
            .nth(1)
            .and_then(|rest| rest.split("value=\"").nth(1))
            .and_then(|rest| rest.split('"').next())
            .unwrap()
            .to_owned()
    };
    let (starts, ends, version) = (field("starts_at"), field("ends_at"), field("version"));
    let base = kate_web.base.clone();
    let edit = |web: &Browser, attendees: &str, notes: &str, version: &str| {
        web.post(
            &format!("/events/{}/edit", run.event),
            &base,
            &[
                ("name", "Fixture Party"),
                ("starts_at", &starts),
                ("ends_at", &ends),
                ("location", "Lyon"),
                ("attendees", attendees),
                ("notes", notes),
                ("version", version),
            ],
        )
    };

    // A rule broken: said beside its field, nothing saved.
    let wrong = edit(&kate_web, "-5", "Bring chairs", &version);
    assert_eq!(wrong.status, 422, "{}", wrong.body);
    assert!(wrong.body.contains(r#"id="attendees" name="attendees" type="text" inputmode="numeric" value="-5" aria-invalid="true""#), "{}", wrong.body);
    assert!(
        !kate_web
            .get(&format!("/events/{}", run.event))
            .body
            .contains("Bring chairs")
    );

    let saved = edit(&kate_web, "120", "Bring chairs", &version);
    assert_eq!(saved.status, 303, "{}", saved.body);
    let page = kate_web.get(&format!("/events/{}", run.event));
    assert!(page.body.contains("Bring chairs") && page.body.contains("120"));
    assert!(page.body.contains("Kate Hastroff") && page.body.contains("updated"));

    // The form she kept open is now stale: shown with what is there now.
    let stale = edit(&kate_web, "80", "Bring tables", &version);
    assert_eq!(stale.status, 409, "{}", stale.body);
    assert!(stale.body.contains("Someone changed this event"));
    assert!(stale.body.contains("Now: Bring chairs"), "{}", stale.body);
    assert!(
        kate_web
            .get(&format!("/events/{}", run.event))
            .body
            .contains("Bring chairs")
    );

    // Sales see no form, and the server refuses the request all the same.
    let mut bill_web = Browser::new(&server);
    bill_web.login("bill@epic.test", "Bill Boquet's passphrase");
    let page = bill_web.get(&format!("/events/{}", run.event));
    assert!(!page.body.contains("Edit the event") && !page.body.contains("Assign"));
    let refused = edit(
        &bill_web,
        "1",
        "Sales were here",
        &(version.parse::<i32>().unwrap() + 1).to_string(),
    );
    assert_eq!(refused.status, 403);
    assert!(refused.body.contains("Not allowed"));
    assert!(
        !kate_web
            .get(&format!("/events/{}", run.event))
            .body
            .contains("Sales were here")
    );

    // Management assigns support, then takes it off.
    let mut ada = Browser::new(&server);
    ada.login("ada@epic.test", common::MANAGER_PASSWORD);
    let page = ada.get(&format!("/events/{}", open.event));
    assert!(
        page.body
            .contains(&format!(r#"<option value="{kate}">Kate Hastroff</option>"#)),
        "{}",
        page.body
    );
    assert!(!page.body.contains("Edit the event"));
    let assigned = ada.post(
        &format!("/events/{}/support", open.event),
        &base,
        &[("support", &kate.to_string())],
    );
    assert_eq!(assigned.status, 303);
    assert!(
        !ada.get("/events?unassigned=true")
            .body
            .contains(&format!("/events/{}\"", open.event))
    );
    let off = ada.post(&format!("/events/{}/unassign", open.event), &base, &[]);
    assert_eq!(off.status, 303);
    assert!(
        ada.get(&format!("/events/{}", open.event))
            .body
            .contains("No support yet")
    );
}

#[test]
fn the_clients_sales_rep_signs_from_the_contracts_page_and_support_cannot() {
    let db = TestDb::sqlite();
    let mut world = World::new(&db);
    let (bill, _) = world.hire("Bill Boquet", "bill@epic.test", "sales");
    world.hire("Kate Hastroff", "kate@epic.test", "support");
    let f = fixture(&db, Some(bill), None, false, Utc::now().naive_utc());
    let server = ServerProcess::start(&db, &[]);
    let base = server.url.clone();

    let mut kate = Browser::new(&server);
    kate.login("kate@epic.test", "Kate Hastroff's passphrase");
    let page = kate.get(&format!("/contracts/{}", f.contract));
    assert!(page.body.contains("Not signed") && !page.body.contains("Sign the contract"));
    let refused = kate.post(&format!("/contracts/{}/sign", f.contract), &base, &[]);
    assert_eq!(refused.status, 403);

    let mut bill_web = Browser::new(&server);
    bill_web.login("bill@epic.test", "Bill Boquet's passphrase");
    assert!(
        bill_web
            .get(&format!("/contracts/{}", f.contract))
            .body
            .contains("Sign the contract")
    );
    let signed = bill_web.post(&format!("/contracts/{}/sign", f.contract), &base, &[]);
    assert_eq!(signed.status, 303);
    let page = bill_web.get(&format!("/contracts/{}", f.contract));
    assert!(page.body.contains("Signed") && !page.body.contains("Sign the contract"));
    assert!(page.body.contains("Bill Boquet") && page.body.contains("signed"));
}

/// The id in the address a form's answer sends to: `/clients/7` → 7.
fn created(page: &Page, prefix: &str) -> i32 {
    let location = page.location.as_deref().unwrap_or_default();
    location
        .strip_prefix(prefix)
        .and_then(|id| id.parse().ok())
        .unwrap_or_else(|| panic!("{location}: {}", page.body))
}

#[test]
fn the_briefs_whole_story_is_done_with_forms_and_read_back_by_the_services() {
    let db = TestDb::sqlite();
    let mut world = World::new(&db);
    world.hire("Bill Boquet", "bill@epic.test", "sales");
    let (kate, _) = world.hire("Kate Hastroff", "kate@epic.test", "support");
    let server = ServerProcess::start(&db, &[]);
    let base = server.url.clone();
    let mut bill = Browser::new(&server);
    bill.login("bill@epic.test", "Bill Boquet's passphrase");
    let mut ada = Browser::new(&server);
    ada.login("ada@epic.test", common::MANAGER_PASSWORD);
    let mut kate_web = Browser::new(&server);
    kate_web.login("kate@epic.test", "Kate Hastroff's passphrase");

    // Bill creates a client; a bad e-mail is said beside its field first.
    assert!(bill.get("/clients").body.contains(r#"href="/clients/new""#));
    assert!(
        !kate_web
            .get("/clients")
            .body
            .contains(r#"href="/clients/new""#)
    );
    let client_form = |email: &str| {
        vec![
            ("name", "Kevin Casey".to_owned()),
            ("email", email.to_owned()),
            ("phone", "+33 1 02 03 04 05".to_owned()),
            ("company", "Cool Startup LLC".to_owned()),
        ]
    };
    let send = |web: &Browser, path: &str, form: &[(&str, String)]| {
        let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
        web.post(path, &base, &pairs)
    };
    let wrong = send(&bill, "/clients/new", &client_form("kevin-at-startup"));
    assert_eq!(wrong.status, 422, "{}", wrong.body);
    assert!(
        wrong
            .body
            .contains(r#"aria-invalid="true" aria-describedby="email-problem""#),
        "{}",
        wrong.body
    );
    assert!(
        wrong.body.contains(r#"value="Kevin Casey""#),
        "what was typed stays"
    );
    let client = created(
        &send(&bill, "/clients/new", &client_form("kevin@startup.io")),
        "/clients/",
    );
    assert!(
        bill.get(&format!("/clients/{client}"))
            .body
            .contains("Cool Startup LLC")
    );

    // The manager draws up the contract; sales are offered no such form.
    assert!(
        !bill
            .get(&format!("/clients/{client}"))
            .body
            .contains("contracts/new")
    );
    let contract = created(
        &send(
            &ada,
            &format!("/clients/{client}/contracts/new"),
            &[("total", "10000".to_owned()), ("due", "2500".to_owned())],
        ),
        "/contracts/",
    );
    // Bill signs it, then creates its event.
    assert_eq!(
        bill.post(&format!("/contracts/{contract}/sign"), &base, &[])
            .status,
        303
    );
    let page = bill.get(&format!("/contracts/{contract}"));
    assert!(
        page.body
            .contains(&format!(r#"href="/contracts/{contract}/events/new""#))
    );
    let wedding = |notes: &str| {
        vec![
            ("name", "John Quick Wedding".to_owned()),
            ("starts_at", "2031-06-04T13:00".to_owned()),
            ("ends_at", "2031-06-05T02:00".to_owned()),
            (
                "location",
                "53 Rue du Château, 41120 Candé-sur-Beuvron".to_owned(),
            ),
            ("attendees", "75".to_owned()),
            ("notes", notes.to_owned()),
        ]
    };
    let event = created(
        &send(
            &bill,
            &format!("/contracts/{contract}/events/new"),
            &wedding("Wedding starts at 3PM, by the river."),
        ),
        "/events/",
    );
    // The manager assigns Kate; Kate writes her notes.
    assert_eq!(
        ada.post(
            &format!("/events/{event}/support"),
            &base,
            &[("support", &kate.to_string())]
        )
        .status,
        303
    );
    let form = kate_web.get(&format!("/events/{event}/edit"));
    let version = form
        .body
        .split(r#"name="version" value=""#)
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap()
        .to_owned();
    let mut edited = wedding("DJ confirmed.");
    edited.push(("version", version));
    let saved = send(&kate_web, &format!("/events/{event}/edit"), &edited);
    assert_eq!(saved.status, 303, "{}", saved.body);

    // What the browsers did, read back by the services the CLI runs.
    let manager = world.manager();
    let found = world.services.show_event(Some(&manager), event).unwrap();
    assert_eq!(found.support_contact.map(|s| s.id.0), Some(kate));
    assert_eq!(found.notes.to_string(), "DJ confirmed.");
    assert_eq!(found.contract_id.0, contract);
    // 13:00 in Paris in June is 11:00 UTC.
    assert_eq!(found.starts_at.to_string(), "2031-06-04 11:00:00");
    let signed = world
        .services
        .show_contract(Some(&manager), contract)
        .unwrap();
    assert!(signed.signed);
    assert_eq!(signed.due.cents(), 250_000);
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
