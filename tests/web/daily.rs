//! What a working day needs, from the browser: the sales rep corrects the
//! event they created until support is assigned (a start in the past only
//! when ticked as meant), and management hands everything a colleague holds
//! to another from the colleague's page; offered to whom may, refused to
//! the others.

use chrono::{Duration, Utc};

use super::{Browser, input};
use crate::common;
use common::records::fixture;
use common::server::ServerProcess;
use common::{TestDb, World};

const BILL: (&str, &str) = ("bill@epic.test", "Bill Boquet's passphrase");
const SALLY: (&str, &str) = ("sally@epic.test", "Sally Seller's passphrase");
const KATE: (&str, &str) = ("kate@epic.test", "Kate Hastroff's passphrase");
const ADA: (&str, &str) = ("ada@epic.test", common::MANAGER_PASSWORD);

/// The edit form's fields for an event, with `starts_at` and `past` as given.
fn event_form<'a>(
    form: &'a super::Page,
    starts_at: &'a str,
    past: bool,
) -> Vec<(&'static str, String)> {
    let mut sent = vec![
        ("name", input(form, "name")),
        ("starts_at", starts_at.to_owned()),
        ("ends_at", "2040-01-01T12:00".to_owned()),
        ("location", input(form, "location")),
        ("attendees", "42".to_owned()),
        ("notes", String::new()),
        ("version", input(form, "version")),
    ];
    if past {
        sent.push(("past", "true".to_owned()));
    }
    sent
}

#[test]
fn the_sales_rep_corrects_their_event_until_support_runs_it() {
    let db = TestDb::sqlite();
    let mut world = World::new(&db);
    let (bill, _) = world.hire("Bill Boquet", BILL.0, "sales");
    world.hire("Sally Seller", SALLY.0, "sales");
    let (kate, _) = world.hire("Kate Hastroff", KATE.0, "support");
    let f = fixture(&db, Some(bill), None, true, Utc::now().naive_utc());
    let server = ServerProcess::start(&db, &[]);
    let page = format!("/events/{}", f.event);
    let edit = format!("/events/{}/edit", f.event);
    let link = format!(r#"href="{edit}""#);

    let bill_web = Browser::signed_in(&server, BILL.0, BILL.1);
    assert!(
        bill_web.get(&page).body.contains(&link),
        "Bill's own fresh event"
    );
    let form = bill_web.get(&edit);
    assert_eq!(form.status, 200, "{}", form.body);
    assert!(
        form.body
            .contains(r#"type="checkbox" id="past" name="past""#),
        "{}",
        form.body
    );

    // A start in the past is refused beside its field, unless ticked.
    let sent = event_form(&form, "2020-01-01T10:00", false);
    let sent: Vec<(&str, &str)> = sent.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let refused = bill_web.send(&edit, &sent);
    assert_eq!(refused.status, 422, "{}", refused.body);
    assert!(
        refused
            .body
            .contains(r#"aria-describedby="starts_at-problem""#),
        "{}",
        refused.body
    );
    assert!(
        refused.body.contains("must not be in the past"),
        "{}",
        refused.body
    );
    let sent = event_form(&form, "2039-12-31T10:00", false);
    let sent: Vec<(&str, &str)> = sent.iter().map(|(k, v)| (*k, v.as_str())).collect();
    assert_eq!(bill_web.send(&edit, &sent).status, 303);
    assert!(bill_web.get(&page).body.contains("42"));

    // Nobody else's: Sally and Kate see no edit, and are refused the form.
    for (email, password) in [SALLY, KATE] {
        let other = Browser::signed_in(&server, email, password);
        assert!(!other.get(&page).body.contains(&link), "{email}");
        assert_eq!(other.get(&edit).status, 403, "{email}");
    }

    // Once Kate runs it, it is hers: Bill's page has no edit, and his form
    // says why.
    let manager = world.manager();
    world
        .services
        .assign_event(Some(&manager), f.event, kate)
        .unwrap();
    assert!(!bill_web.get(&page).body.contains(&link));
    let late = bill_web.get(&edit);
    assert_eq!(late.status, 409, "{}", late.body);
    assert!(
        late.body.contains("is run by Kate Hastroff now"),
        "{}",
        late.body
    );
    // A form he kept open is refused for the same reason, not shown as
    // someone else's change to its fields.
    let sent = event_form(&form, "2039-12-31T10:00", true);
    let sent: Vec<(&str, &str)> = sent.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let kept = bill_web.send(&edit, &sent);
    assert_eq!(kept.status, 409, "{}", kept.body);
    assert!(
        kept.body.contains("is run by Kate Hastroff now"),
        "{}",
        kept.body
    );
    assert!(
        !kept.body.contains("Someone changed this record"),
        "{}",
        kept.body
    );
    let kate_web = Browser::signed_in(&server, KATE.0, KATE.1);
    assert!(kate_web.get(&page).body.contains(&link));
}

#[test]
fn management_hands_a_colleagues_records_over_from_their_page() {
    let db = TestDb::sqlite();
    let mut world = World::new(&db);
    let (bill, _) = world.hire("Bill Boquet", BILL.0, "sales");
    let (sally, _) = world.hire("Sally Seller", SALLY.0, "sales");
    let (kate, _) = world.hire("Kate Hastroff", KATE.0, "support");
    let (lou, _) = world.hire("Lou Support", "lou@epic.test", "support");
    let now = Utc::now().naive_utc();
    let first = fixture(&db, Some(bill), Some(kate), true, now);
    let second = fixture(&db, Some(bill), Some(kate), true, now + Duration::days(3));
    let server = ServerProcess::start(&db, &[]);
    let ada = Browser::signed_in(&server, ADA.0, ADA.1);

    let bills = ada.get(&format!("/collaborators/{bill}")).body;
    assert!(
        bills.contains(&format!(r#"action="/collaborators/{bill}/handover""#)),
        "{bills}"
    );
    assert!(bills.contains("Hand all their clients (with their contracts) to"));
    assert!(
        bills.contains(&format!(r#"<option value="{sally}">Sally Seller</option>"#)),
        "{bills}"
    );
    assert!(
        !bills.contains(&format!(r#"<option value="{bill}">"#)),
        "not to himself"
    );
    let kates = ada.get(&format!("/collaborators/{kate}")).body;
    assert!(kates.contains("Hand all their events to"), "{kates}");
    assert!(
        !ada.get("/collaborators/1").body.contains("/handover"),
        "a manager holds nothing"
    );

    // Sales and support may not, whatever they send.
    for (email, password) in [BILL, KATE] {
        let other = Browser::signed_in(&server, email, password);
        let refused = other.send(
            &format!("/collaborators/{kate}/handover"),
            &[("to", &lou.to_string())],
        );
        assert_eq!(refused.status, 403, "{email}");
    }
    let moved = ada.send(
        &format!("/collaborators/{kate}/handover"),
        &[("to", &lou.to_string())],
    );
    assert_eq!(
        moved.location.as_deref(),
        Some(format!("/collaborators/{kate}").as_str()),
        "{}",
        moved.body
    );
    // The services' sessions run on a test clock the server sees as
    // expired and sweeps: a fresh one for each look.
    let manager = world.manager();
    for event in [first.event, second.event] {
        let shown = world.services.show_event(Some(&manager), event).unwrap();
        assert_eq!(shown.support_contact.map(|s| s.id.0), Some(lou));
    }
    let moved = ada.send(
        &format!("/collaborators/{bill}/handover"),
        &[("to", &sally.to_string())],
    );
    assert_eq!(moved.status, 303, "{}", moved.body);
    let manager = world.manager();
    let client = world
        .services
        .show_client(Some(&manager), first.client)
        .unwrap();
    assert_eq!(client.sales_contact.map(|s| s.id.0), Some(sally));
    // Someone of the wrong department is refused, nothing moved.
    let wrong = ada.send(
        &format!("/collaborators/{sally}/handover"),
        &[("to", &lou.to_string())],
    );
    assert_eq!(wrong.status, 422, "{}", wrong.body);
    let manager = world.manager();
    let client = world
        .services
        .show_client(Some(&manager), second.client)
        .unwrap();
    assert_eq!(client.sales_contact.map(|s| s.id.0), Some(sally));
}

#[test]
fn payments_are_recorded_from_the_contracts_page_by_whom_keeps_its_amounts() {
    let db = TestDb::sqlite();
    let mut world = World::new(&db);
    let (bill, _) = world.hire("Bill Boquet", BILL.0, "sales");
    world.hire("Kate Hastroff", KATE.0, "support");
    let f = fixture(&db, Some(bill), None, true, Utc::now().naive_utc());
    let server = ServerProcess::start(&db, &[]);
    let page = format!("/contracts/{}", f.contract);
    let pay = format!("/contracts/{}/payments", f.contract);
    let form = format!(r#"action="{pay}""#);

    let kate = Browser::signed_in(&server, KATE.0, KATE.1);
    let seen = kate.get(&page).body;
    assert!(
        seen.contains("No payments recorded.") && !seen.contains(&form),
        "{seen}"
    );
    assert_eq!(
        kate.send(&pay, &[("amount", "100"), ("on", "2026-11-30")])
            .status,
        403
    );

    let mut bill_web = Browser::signed_in(&server, BILL.0, BILL.1);
    assert!(bill_web.get(&page).body.contains(&form));
    let over = bill_web.send(&pay, &[("amount", "600"), ("on", "2026-11-30")]);
    assert_eq!(over.status, 422, "{}", over.body);
    assert!(
        over.body.contains("must not exceed what is due (500.00)"),
        "{}",
        over.body
    );
    let paid = bill_web.send(&pay, &[("amount", "125,50"), ("on", "2026-11-30")]);
    assert_eq!(
        paid.location.as_deref(),
        Some(page.as_str()),
        "{}",
        paid.body
    );
    // French pages write it the French way.
    bill_web.language = "fr-FR";
    let shown = bill_web.get(&page).body;
    assert!(
        shown.contains("30/11/2026") && shown.contains("125,50\u{a0}€"),
        "{shown}"
    );
    assert!(
        shown.contains("374,50\u{a0}€"),
        "what is still due: {shown}"
    );
    assert!(shown.contains("Bill Boquet"), "{shown}");
}
