//! The support team's sheet imported from the browser: the upload's dry
//! run (each event's outcome, each problem by its cell, nothing written),
//! the confirmation (once), and the policy's say on who may import and
//! who may also create what the sheet names and the CRM lacks.

use super::{Browser, input};
use crate::common;
use common::records::counts;
use common::server::ServerProcess;
use common::{TestDb, World};

const ADA: (&str, &str) = ("ada@epic.test", common::MANAGER_PASSWORD);
const BILL: (&str, &str) = ("bill@epic.test", "Bill Boquet's passphrase");
const KATE: (&str, &str) = ("kate@epic.test", "Kate Hastroff's passphrase");

fn sheet() -> Vec<u8> {
    std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/support-sheet.xlsx"
    ))
    .unwrap()
}

/// The brief's team: Bill in sales, Kate and Aliénor in support.
fn team(db: &TestDb) -> i32 {
    let mut world = World::new(db);
    let (bill, _) = world.hire("Bill Boquet", BILL.0, "sales");
    world.hire("Kate Hastroff", KATE.0, "support");
    world.hire("Aliénor Vichum", "alienor@epic.test", "support");
    bill
}

#[test]
fn management_sees_the_dry_run_then_confirms_it_once() {
    let db = TestDb::sqlite();
    let bill = team(&db).to_string();
    let server = ServerProcess::start(&db, &[]);
    let ada = Browser::signed_in(&server, ADA.0, ADA.1);

    let events = ada.get("/events");
    assert!(
        events.body.contains(r#"href="/events/import""#),
        "{}",
        events.body
    );
    let form = ada.get("/events/import");
    assert_eq!(form.status, 200, "{}", form.body);
    assert!(form.body.contains(r#"enctype="multipart/form-data""#));
    assert!(
        form.body.contains(r#"name="create_missing""#),
        "management may create what is missing"
    );
    assert!(
        form.body
            .contains(&format!(r#"<option value="{bill}">Bill Boquet</option>"#)),
        "{}",
        form.body
    );

    // Without creating what the CRM lacks, the sheet's contracts and
    // clients are unknown: every problem by its cell, nothing written.
    let refused = ada.upload(
        "/events/import/check",
        &[],
        ("support-sheet.xlsx", &sheet()),
    );
    assert_eq!(refused.status, 422, "{}", refused.body);
    assert!(
        refused
            .body
            .contains("4 problems in the sheet; nothing was imported."),
        "{}",
        refused.body
    );
    for (cell, problem) in [
        ("Événements!B3", "no contract numbered 652"),
        ("Événements!B15", "no contract numbered 412"),
        (
            "Événements!B5",
            "no client with the e-mail john.ouick@gmail.com",
        ),
    ] {
        let row = format!(r#"<td data-label="Cell">{cell}</td>"#);
        let after = refused
            .body
            .split(&row)
            .nth(1)
            .unwrap_or_else(|| panic!("{cell}: {}", refused.body));
        assert!(
            after.split("</tr>").next().unwrap().contains(problem),
            "{cell}: {problem}"
        );
    }
    assert!(
        refused.body.contains(r#"name="file""#),
        "the form again, to send a corrected sheet"
    );
    assert_eq!(counts(&db), [0, 0, 0]);

    let checked = ada.upload(
        "/events/import/check",
        &[
            ("create_missing", "true"),
            ("sales_contact", &bill),
            ("sheet", ""),
        ],
        ("support-sheet.xlsx", &sheet()),
    );
    assert_eq!(checked.status, 200, "{}", checked.body);
    assert!(
        checked.body.contains("nothing is written yet"),
        "{}",
        checked.body
    );
    assert!(
        checked.body.contains("2 events created"),
        "{}",
        checked.body
    );
    assert!(
        checked.body.contains("John Ouick Wedding")
            && checked.body.contains("Lou Bouzin General Assembly")
    );
    assert!(checked.body.contains("New clients") && checked.body.contains("jacky@loubouzin.grd"));
    assert!(
        !checked.body.contains(r#"href="/events/1""#),
        "a dry run creates nothing to link to"
    );
    assert_eq!(counts(&db), [0, 0, 0], "a dry run writes nothing");
    let key = input(&checked, "key");
    assert_eq!(key.len(), 32, "{key}");

    // Someone else's confirmation of this dry run is refused: it is Ada's.
    let kate = Browser::signed_in(&server, KATE.0, KATE.1);
    let stolen = kate.send("/events/import/confirm", &[("key", &key)]);
    assert_eq!(stolen.status, 409, "{}", stolen.body);
    assert_eq!(counts(&db), [0, 0, 0]);

    let done = ada.send("/events/import/confirm", &[("key", &key)]);
    assert_eq!(done.status, 200, "{}", done.body);
    assert!(
        done.body.contains("The sheet is imported."),
        "{}",
        done.body
    );
    assert!(done.body.contains("2 events created"));
    assert!(
        done.body.contains(r#"href="/events/1""#) && done.body.contains(r#"href="/events/2""#),
        "{}",
        done.body
    );
    assert!(done.body.contains("amounts unknown"));
    assert_eq!(counts(&db), [2, 2, 2]);

    let again = ada.send("/events/import/confirm", &[("key", &key)]);
    assert_eq!(
        again.status, 409,
        "a dry run is confirmed once: {}",
        again.body
    );
    assert!(again.body.contains("no longer waiting"));
    assert_eq!(counts(&db), [2, 2, 2], "nothing twice");

    // The same sheet again finds every event as it is.
    let unchanged = ada.upload(
        "/events/import/check",
        &[],
        ("support-sheet.xlsx", &sheet()),
    );
    assert!(
        unchanged.body.contains("2 events unchanged"),
        "{}",
        unchanged.body
    );
}

#[test]
fn a_file_that_is_no_sheet_is_refused_beside_its_field_in_the_readers_language() {
    let db = TestDb::sqlite();
    team(&db);
    let server = ServerProcess::start(&db, &[]);
    let mut ada = Browser::signed_in(&server, ADA.0, ADA.1);

    let garbage = ada.upload(
        "/events/import/check",
        &[],
        ("sheet.xlsx", b"not a workbook"),
    );
    assert_eq!(garbage.status, 422, "{}", garbage.body);
    assert!(
        garbage.body.contains(r#"aria-invalid="true""#),
        "{}",
        garbage.body
    );
    assert!(
        garbage.body.contains(r#"id="file-problem""#) && garbage.body.contains("cannot be read"),
        "{}",
        garbage.body
    );

    let odd = ada.upload("/events/import/check", &[], ("notes.txt", b"hello"));
    assert_eq!(odd.status, 422);
    assert!(odd.body.contains(r#"id="file-problem""#), "{}", odd.body);

    ada.language = "fr-FR,fr;q=0.9";
    let page = ada.get("/events/import");
    assert!(
        page.body
            .contains("Importer le tableau de l&#39;équipe support")
            || page
                .body
                .contains("Importer le tableau de l'équipe support"),
        "{}",
        page.body
    );
    assert!(page.body.contains("Vérifier le tableau"));
    assert_eq!(counts(&db), [0, 0, 0]);
}

#[test]
fn support_imports_without_creating_and_sales_may_not_import() {
    let db = TestDb::sqlite();
    team(&db);
    let server = ServerProcess::start(&db, &[]);
    let kate = Browser::signed_in(&server, KATE.0, KATE.1);
    let bill = Browser::signed_in(&server, BILL.0, BILL.1);

    assert!(
        kate.get("/events")
            .body
            .contains(r#"href="/events/import""#)
    );
    let form = kate.get("/events/import");
    assert_eq!(form.status, 200);
    assert!(
        !form.body.contains("create_missing"),
        "creating is management's: {}",
        form.body
    );
    let asked = kate.upload(
        "/events/import/check",
        &[("create_missing", "true"), ("sales_contact", "1")],
        ("support-sheet.xlsx", &sheet()),
    );
    assert_eq!(asked.status, 403, "{}", asked.body);
    let checked = kate.upload(
        "/events/import/check",
        &[],
        ("support-sheet.xlsx", &sheet()),
    );
    assert_eq!(
        checked.status, 422,
        "support's check finds the same problems: {}",
        checked.body
    );

    assert!(
        !bill.get("/events").body.contains("/events/import"),
        "no import for sales"
    );
    assert_eq!(bill.get("/events/import").status, 403);
    let refused = bill.upload(
        "/events/import/check",
        &[],
        ("support-sheet.xlsx", &sheet()),
    );
    assert_eq!(refused.status, 403, "{}", refused.body);
    assert!(
        !refused.body.contains("problems in the sheet"),
        "refused before the file is read"
    );
    assert_eq!(counts(&db), [0, 0, 0]);
}
