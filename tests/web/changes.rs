//! Changing records from their pages: a client's and a contract's edits
//! (a problem beside its field, a stale form shown with what is there
//! now), handing a client to another rep, archiving and restoring; each
//! offered to whom the policy allows it and refused to the others.

use chrono::Utc;

use super::{Browser, input};
use crate::common;
use common::records::fixture;
use common::server::ServerProcess;
use common::{TestDb, World};

const BILL: (&str, &str) = ("bill@epic.test", "Bill Boquet's passphrase");
const KATE: (&str, &str) = ("kate@epic.test", "Kate Hastroff's passphrase");
const ADA: (&str, &str) = ("ada@epic.test", common::MANAGER_PASSWORD);

#[test]
fn the_sales_rep_edits_their_client_and_a_stale_form_writes_nothing_over() {
    let db = TestDb::sqlite();
    let mut world = World::new(&db);
    let (bill, _) = world.hire("Bill Boquet", BILL.0, "sales");
    world.hire("Kate Hastroff", KATE.0, "support");
    let f = fixture(&db, Some(bill), None, true, Utc::now().naive_utc());
    let server = ServerProcess::start(&db, &[]);
    let bill_web = Browser::signed_in(&server, BILL.0, BILL.1);
    let page = format!("/clients/{}", f.client);
    let edit = format!("/clients/{}/edit", f.client);
    assert!(
        bill_web
            .get(&page)
            .body
            .contains(&format!(r#"href="{edit}""#))
    );

    let form = bill_web.get(&edit);
    assert_eq!(form.status, 200);
    assert_eq!(input(&form, "company"), "Fixture SA");
    let version = input(&form, "version");
    let with = |email: &str, company: &str, version: &str| {
        bill_web.send(
            &edit,
            &[
                ("name", "Fixture Client"),
                ("email", email),
                ("phone", "+33 1 23 45 67 89"),
                ("company", company),
                ("version", version),
            ],
        )
    };
    let wrong = with("no-at-sign", "Fixture Group", &version);
    assert_eq!(wrong.status, 422, "{}", wrong.body);
    assert!(wrong.body.contains(r#"aria-describedby="email-problem""#));
    assert!(
        wrong
            .body
            .contains("invalid email: must look like name@example.com"),
        "the CLI's words: {}",
        wrong.body
    );
    assert!(!bill_web.get(&page).body.contains("Fixture Group"));
    // A French page says the rule in French, after the field's label.
    let mut fr = Browser::signed_in(&server, BILL.0, BILL.1);
    fr.language = "fr-FR";
    let form = [
        ("name", "Fixture Client"),
        ("email", "fixture@client.test"),
        ("phone", "12"),
        ("company", "Fixture SA"),
        ("version", version.as_str()),
    ];
    let wrong = fr.send(&edit, &form);
    assert_eq!(wrong.status, 422, "{}", wrong.body);
    assert!(
        wrong
            .body
            .contains("Téléphone\u{a0}: doit être un numéro de téléphone comme +33 6 12 34 56 78"),
        "{}",
        wrong.body
    );

    assert_eq!(
        with("fixture@client.test", "Fixture Group", &version).status,
        303
    );
    let shown = bill_web.get(&page).body;
    assert!(shown.contains("Fixture Group") && shown.contains("Fixture SA → Fixture Group"));

    // The form kept open since: refused, shown with what is there now.
    let stale = with("fixture@client.test", "Fixture Holding", &version);
    assert_eq!(stale.status, 409, "{}", stale.body);
    assert!(stale.body.contains("Someone changed this record"));
    assert!(stale.body.contains("Now: Fixture Group"), "{}", stale.body);
    assert!(!bill_web.get(&page).body.contains("Fixture Holding"));
    // Sent again, it is an informed choice over the new version.
    let again = with(
        "fixture@client.test",
        "Fixture Holding",
        &input(&stale, "version"),
    );
    assert_eq!(again.status, 303, "{}", again.body);

    // Support is offered no edit, and refused it when asking anyway.
    let kate = Browser::signed_in(&server, KATE.0, KATE.1);
    assert!(!kate.get(&page).body.contains(&edit));
    assert_eq!(kate.get(&edit).status, 403);
    let refused = kate.send(
        &edit,
        &[
            ("name", "Support Was Here"),
            ("email", "fixture@client.test"),
            ("phone", "+33 1 23 45 67 89"),
            ("company", "Fixture SA"),
            ("version", "99"),
        ],
    );
    assert_eq!(refused.status, 403);
    assert!(!bill_web.get(&page).body.contains("Support Was Here"));
}

#[test]
fn a_contracts_amounts_are_edited_by_management_and_its_rep_not_by_support() {
    let db = TestDb::sqlite();
    let mut world = World::new(&db);
    let (bill, _) = world.hire("Bill Boquet", BILL.0, "sales");
    world.hire("Kate Hastroff", KATE.0, "support");
    let f = fixture(&db, Some(bill), None, true, Utc::now().naive_utc());
    let server = ServerProcess::start(&db, &[]);
    let edit = format!("/contracts/{}/edit", f.contract);

    let ada = Browser::signed_in(&server, ADA.0, ADA.1);
    let form = ada.get(&edit);
    assert_eq!(form.status, 200, "{}", form.body);
    let version = input(&form, "version");
    let too_much = ada.send(
        &edit,
        &[("total", "1000"), ("due", "5000"), ("version", &version)],
    );
    assert_eq!(too_much.status, 422, "{}", too_much.body);
    assert!(
        too_much.body.contains(r#"aria-describedby="due-problem""#),
        "{}",
        too_much.body
    );
    let paid = ada.send(
        &edit,
        &[("total", "1000"), ("due", "0"), ("version", &version)],
    );
    assert_eq!(paid.status, 303, "{}", paid.body);
    let page = ada.get(&format!("/contracts/{}", f.contract)).body;
    assert!(page.contains("€500.00 → €0.00"), "{page}");

    let bill_web = Browser::signed_in(&server, BILL.0, BILL.1);
    assert!(
        bill_web
            .get(&format!("/contracts/{}", f.contract))
            .body
            .contains(&edit)
    );
    assert_eq!(bill_web.get(&edit).status, 200);
    let kate = Browser::signed_in(&server, KATE.0, KATE.1);
    assert!(
        !kate
            .get(&format!("/contracts/{}", f.contract))
            .body
            .contains(&edit)
    );
    assert_eq!(kate.get(&edit).status, 403);
}

#[test]
fn management_hands_a_client_to_another_rep_and_no_one_else_can() {
    let db = TestDb::sqlite();
    let mut world = World::new(&db);
    let (bill, _) = world.hire("Bill Boquet", BILL.0, "sales");
    let (jane, _) = world.hire("Jane Doe", "jane@epic.test", "sales");
    let f = fixture(&db, Some(bill), None, true, Utc::now().naive_utc());
    let server = ServerProcess::start(&db, &[]);
    let page = format!("/clients/{}", f.client);
    let handover = format!("/clients/{}/sales-contact", f.client);

    let bill_web = Browser::signed_in(&server, BILL.0, BILL.1);
    assert!(!bill_web.get(&page).body.contains(&handover));
    let refused = bill_web.send(&handover, &[("sales_contact", &bill.to_string())]);
    assert_eq!(refused.status, 403);

    let ada = Browser::signed_in(&server, ADA.0, ADA.1);
    let shown = ada.get(&page).body;
    assert!(
        shown.contains(&format!(r#"<option value="{jane}">Jane Doe</option>"#)),
        "{shown}"
    );
    assert!(shown.contains(&format!(
        r#"<option value="{bill}" selected>Bill Boquet</option>"#
    )));
    let moved = ada.send(&handover, &[("sales_contact", &jane.to_string())]);
    assert_eq!(moved.status, 303, "{}", moved.body);
    let shown = ada.get(&page).body;
    assert!(shown.contains("Bill Boquet → Jane Doe"), "{shown}");
    // Bill's own lists no longer hold it.
    assert!(!bill_web.get("/clients?mine=true").body.contains(&page));
}

#[test]
fn archiving_takes_a_record_off_the_lists_and_management_restores_it() {
    let db = TestDb::sqlite();
    let mut world = World::new(&db);
    let (_, bill_token) = world.hire("Bill Boquet", BILL.0, "sales");
    world.hire("Kate Hastroff", KATE.0, "support");
    let client = world
        .services
        .create_client(Some(&bill_token), common::kevin())
        .unwrap()
        .id
        .0;
    let server = ServerProcess::start(&db, &[]);
    let page = format!("/clients/{client}");
    let archive = format!("/clients/{client}/archive");
    let restore = format!("/clients/{client}/restore");

    let kate = Browser::signed_in(&server, KATE.0, KATE.1);
    assert!(!kate.get(&page).body.contains(&archive));
    assert_eq!(kate.send(&archive, &[]).status, 403);

    // The rep may archive their own client, not restore it.
    let bill_web = Browser::signed_in(&server, BILL.0, BILL.1);
    assert!(bill_web.get(&page).body.contains(&archive));
    assert_eq!(bill_web.send(&archive, &[]).status, 303);
    let shown = bill_web.get(&page).body;
    assert!(shown.contains("Archived since"), "{shown}");
    assert!(!shown.contains(&restore) && !shown.contains(&archive));
    assert!(!bill_web.get("/clients").body.contains("Kevin Casey"));
    assert!(
        bill_web
            .get("/clients?archived=true")
            .body
            .contains("Kevin Casey")
    );
    assert_eq!(bill_web.send(&restore, &[]).status, 403);

    let ada = Browser::signed_in(&server, ADA.0, ADA.1);
    assert!(ada.get(&page).body.contains(&restore));
    assert_eq!(ada.send(&restore, &[]).status, 303);
    let shown = ada.get(&page).body;
    assert!(!shown.contains("Archived since") && shown.contains(&archive));
    assert!(ada.get("/clients").body.contains("Kevin Casey"));
}
