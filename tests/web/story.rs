//! The brief's workflow from the browser: the story done with forms and
//! read back by the services, support editing their event, management
//! staffing it, the client's rep signing.

use chrono::Utc;

use super::{Browser, created};
use crate::common;
use common::records::fixture;
use common::server::ServerProcess;
use common::{TestDb, World};

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
    assert!(
        wrong.body.contains(
            r#"id="attendees" name="attendees" type="text" inputmode="numeric" value="-5" required aria-invalid="true" aria-describedby="attendees-problem""#
        ),
        "{}",
        wrong.body
    );
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
    assert!(stale.body.contains("Someone changed this record"));
    assert!(stale.body.contains("Now: Bring chairs"), "{}", stale.body);
    assert!(
        kate_web
            .get(&format!("/events/{}", run.event))
            .body
            .contains("Bring chairs")
    );

    // The client's sales rep sees no form once support runs the event, and
    // the server refuses the request all the same, saying whose it is.
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
    assert_eq!(refused.status, 409);
    assert!(
        refused.body.contains("is run by Kate Hastroff now"),
        "{}",
        refused.body
    );
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
