//! My account: the password changed from the browser, checked from the
//! login budget, every session ended after.

use super::{Browser, staffed};
use crate::common;
use common::server::ServerProcess;
use common::{TestDb, World};

#[test]
fn changing_my_password_needs_the_current_one_and_ends_my_sessions() {
    let db = TestDb::sqlite();
    staffed(&db);
    let server = ServerProcess::start(&db, &[]);
    let bill = Browser::signed_in(&server, "bill@epic.test", "Bill Boquet's passphrase");
    let elsewhere = Browser::signed_in(&server, "bill@epic.test", "Bill Boquet's passphrase");
    let account = bill.get("/account");
    assert_eq!(account.status, 200);
    assert!(account.body.contains("bill@epic.test") && account.body.contains("Sales"));
    assert!(
        bill.get("/").body.contains(r#"href="/account""#),
        "the header links to it"
    );

    let change = |current: &str, new: &str, confirm: &str| {
        bill.send(
            "/account/password",
            &[
                ("current_password", current),
                ("password", new),
                ("confirm", confirm),
            ],
        )
    };
    let differs = change(
        "Bill Boquet's passphrase",
        "A brand new passphrase",
        "A brand new pass",
    );
    assert_eq!(differs.status, 422);
    assert!(differs.body.contains("The two new passwords differ."));
    assert!(
        differs
            .body
            .contains(r#"aria-describedby="confirm-problem""#)
    );

    // A wrong current password is this form's problem, not a logout.
    let wrong = change(
        "not my passphrase",
        "A brand new passphrase",
        "A brand new passphrase",
    );
    assert_eq!(wrong.status, 401, "{}", wrong.body);
    assert!(
        wrong
            .body
            .contains(r#"aria-describedby="current_password-problem""#)
    );
    assert!(wrong.set_cookie.is_none());
    assert_eq!(bill.get("/").status, 200, "still logged in");

    let weak = change("Bill Boquet's passphrase", "short", "short");
    assert_eq!(weak.status, 422);
    assert!(weak.body.contains(r#"aria-describedby="password-problem""#));
    assert!(weak.body.contains("at least"), "{}", weak.body);

    let done = change(
        "Bill Boquet's passphrase",
        "A brand new passphrase",
        "A brand new passphrase",
    );
    assert_eq!(done.status, 200, "{}", done.body);
    assert!(done.body.contains("Your password is changed. This browser stays logged in; your other sessions have ended."), "{}", done.body);
    assert!(done.set_cookie.is_none(), "this browser keeps its session");
    // The other browser's session ended; this one goes on.
    assert_eq!(bill.get("/").status, 200, "still logged in here");
    let next = elsewhere.get("/");
    assert_eq!(next.status, 303);
    assert!(next.location.unwrap().starts_with("/login"));
    let mut again = Browser::new(&server);
    assert_eq!(
        again
            .login("bill@epic.test", "Bill Boquet's passphrase")
            .status,
        401
    );
    Browser::signed_in(&server, "bill@epic.test", "A brand new passphrase");
}

#[test]
fn a_throttled_address_is_told_how_long_to_wait_in_its_language() {
    let db = TestDb::sqlite();
    World::new(&db);
    let server = ServerProcess::start(
        &db,
        &[
            "--login-failures-per-address",
            "2",
            "--login-throttle-minutes",
            "5",
        ],
    );
    let mut fr = Browser::new(&server);
    fr.language = "fr-FR";
    for _ in 0..2 {
        let wrong = fr.login("ada@epic.test", "not the passphrase");
        assert_eq!(wrong.status, 401, "{}", wrong.body);
        assert!(
            wrong.body.contains("E-mail ou mot de passe incorrect"),
            "{}",
            wrong.body
        );
    }
    let refused = fr.login("ada@epic.test", common::MANAGER_PASSWORD);
    assert_eq!(refused.status, 429);
    assert!(
        refused.body.contains(
            "Trop de connexions échouées depuis cette adresse. Réessayez dans 5 minutes."
        ),
        "{}",
        refused.body
    );
    assert!(!refused.body.contains("too many failed logins"));
}
