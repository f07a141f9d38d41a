//! Collaborators' accounts from the browser: management lists, creates,
//! edits, resets, and lets go; the others see none of it and are refused
//! when they ask.

use super::{Browser, created, input, staffed};
use crate::common;
use common::TestDb;
use common::server::ServerProcess;

const ADA: (&str, &str) = ("ada@epic.test", common::MANAGER_PASSWORD);

#[test]
fn management_runs_the_accounts_from_the_collaborators_pages() {
    let db = TestDb::sqlite();
    let (_, kate) = staffed(&db);
    let server = ServerProcess::start(&db, &[]);
    let ada = Browser::signed_in(&server, ADA.0, ADA.1);

    let home = ada.get("/").body;
    assert!(
        home.contains(r#"href="/collaborators""#),
        "management's navigation"
    );
    let all = ada.get("/collaborators").body;
    assert!(
        all.contains("Bill Boquet") && all.contains("Kate Hastroff"),
        "{all}"
    );
    let support = ada.get("/collaborators?department=support").body;
    assert!(support.contains("Kate Hastroff") && !support.contains("Bill Boquet"));
    assert!(support.contains(r#"<option value="support" selected>Support</option>"#));

    // Created through the form; a weak password is said beside its field.
    let new = |password: &str| {
        ada.send(
            "/collaborators/new",
            &[
                ("name", "Nina Newcomer"),
                ("email", "nina@epic.test"),
                ("department", "sales"),
                ("password", password),
            ],
        )
    };
    let weak = new("short");
    assert_eq!(weak.status, 422, "{}", weak.body);
    assert!(
        weak.body.contains(r#"aria-describedby="password-problem""#),
        "{}",
        weak.body
    );
    assert!(weak.body.contains(r#"value="Nina Newcomer""#) && !weak.body.contains("short\""));
    let nina = created(&new("Nina's long passphrase"), "/collaborators/");
    let page = ada.get(&format!("/collaborators/{nina}")).body;
    assert!(
        page.contains("nina@epic.test") && page.contains("Sales"),
        "{page}"
    );

    // Moved to support through the edit form.
    let form = ada.get(&format!("/collaborators/{nina}/edit"));
    assert_eq!(input(&form, "email"), "nina@epic.test");
    assert!(
        form.body
            .contains(r#"<option value="sales" selected>Sales</option>"#)
    );
    let moved = ada.send(
        &format!("/collaborators/{nina}/edit"),
        &[
            ("name", "Nina Newcomer"),
            ("email", "nina@epic.test"),
            ("department", "support"),
        ],
    );
    assert_eq!(moved.status, 303, "{}", moved.body);
    assert!(
        ada.get("/collaborators?department=support")
            .body
            .contains("Nina Newcomer")
    );

    // A password set by management opens her account.
    let reset = ada.send(
        &format!("/collaborators/{nina}/password"),
        &[("password", "A passphrase from Ada")],
    );
    assert_eq!(reset.status, 303, "{}", reset.body);
    Browser::signed_in(&server, "nina@epic.test", "A passphrase from Ada");

    // Someone still running events is not let go: the page says why.
    let kept = ada.send(&format!("/collaborators/{kate}/leave"), &[]);
    assert_eq!(kept.status, 409, "{}", kept.body);
    assert!(kept.body.contains("reassign these first"), "{}", kept.body);
    assert!(ada.get("/collaborators").body.contains("Kate Hastroff"));
    // Nina did nothing yet: deleted outright.
    let gone = ada.send(&format!("/collaborators/{nina}/leave"), &[]);
    assert_eq!(gone.location.as_deref(), Some("/collaborators"));
    assert_eq!(ada.get(&format!("/collaborators/{nina}")).status, 404);
}

#[test]
fn sales_and_support_see_no_accounts_and_are_refused_them() {
    let db = TestDb::sqlite();
    let (bill, kate) = staffed(&db);
    let server = ServerProcess::start(&db, &[]);
    for (email, password, other) in [
        ("bill@epic.test", "Bill Boquet's passphrase", kate),
        ("kate@epic.test", "Kate Hastroff's passphrase", bill),
    ] {
        let web = Browser::signed_in(&server, email, password);
        assert!(
            !web.get("/").body.contains(r#"href="/collaborators""#),
            "{email}"
        );
        for path in ["/collaborators", "/collaborators/new"] {
            assert_eq!(web.get(path).status, 403, "{email} {path}");
        }
        assert_eq!(web.get(&format!("/collaborators/{other}")).status, 403);
        let forged = web.send(
            "/collaborators/new",
            &[
                ("name", "Mallory"),
                ("email", "mallory@epic.test"),
                ("department", "management"),
                ("password", "Mallory's long passphrase"),
            ],
        );
        assert_eq!(forged.status, 403, "{email}");
        for action in ["leave", "unlock", "reactivate"] {
            let refused = web.send(&format!("/collaborators/{other}/{action}"), &[]);
            assert_eq!(refused.status, 403, "{email} {action}");
        }
        let reset = web.send(
            &format!("/collaborators/{other}/password"),
            &[("password", "Someone else's passphrase")],
        );
        assert_eq!(reset.status, 403, "{email}");
    }
    let ada = Browser::signed_in(&server, ADA.0, ADA.1);
    let everyone = ada.get("/collaborators").body;
    assert!(!everyone.contains("Mallory"));
    assert!(everyone.contains("Bill Boquet") && everyone.contains("Kate Hastroff"));
}
