//! Logins, lockout, sessions and passwords, run on SQLite and on PostgreSQL.

use crate::common;

use chrono::Duration;
use common::{MANAGER_PASSWORD, World, audit_actions, auth_error, secret};
use diesel::prelude::*;
use epicevents_service::{AuthError, ErrorKind, LOCAL_SOURCE as L, UpdateCollaborator};
use epicevents_store::Store;

on_every_backend! {
    fn login_fails_alike_for_unknown_email_and_wrong_password(db: &TestDb) {
        let world = World::new(db);
        let unknown = world.services.login("nobody@epic.test", &secret(MANAGER_PASSWORD), L).unwrap_err();
        let wrong = world.services.login("ada@epic.test", &secret("not the password"), L).unwrap_err();
        let garbage = world.services.login("' OR 1=1 --", &secret("x"), L).unwrap_err();
        assert_eq!(unknown.to_string(), wrong.to_string());
        assert_eq!(unknown.to_string(), garbage.to_string());
        assert_eq!(auth_error(wrong), AuthError::BadCredentials);
        let trail = audit_actions(db);
        let failures = trail.iter().filter(|(a, o, _)| a == "session.login" && o == "failed").count();
        assert_eq!(failures, 3);
    }

    fn five_checks_per_window_then_every_attempt_answers_like_a_wrong_password(db: &TestDb) {
        let mut world = World::new(db);
        world.hire("Bill Boquet", "bill@epic.test", "sales");
        let wrong = |w: &World, email: &str| w.services.login(email, &secret("wrong guess"), L).unwrap_err().to_string();
        for _ in 0..5 {
            wrong(&world, "ada@epic.test");
            wrong(&world, "nobody@epic.test");
        }
        // The budget is spent: even the right password is not checked, and a
        // real account says exactly what an unknown one says.
        let spent = world.services.login("ada@epic.test", &secret(MANAGER_PASSWORD), L).unwrap_err();
        let said = spent.to_string();
        assert_eq!(auth_error(spent), AuthError::LockedOut { minutes: 15 });
        assert_eq!(said, wrong(&world, "nobody@epic.test"));
        assert_eq!(said, wrong(&world, "ada@epic.test"));
        // Somebody else is not affected, nor is the same account elsewhere.
        world.login("bill@epic.test", "Bill Boquet's passphrase");
        world.services.login("ada@epic.test", &secret(MANAGER_PASSWORD), "192.0.2.9").unwrap();
        // The window ends, and with it the refusal: nobody is locked out for good.
        world.clock.advance(Duration::minutes(14));
        world.services.login("ada@epic.test", &secret(MANAGER_PASSWORD), L).unwrap_err();
        world.clock.advance(Duration::minutes(1));
        world.manager();
        let trail = audit_actions(db);
        let unchecked = trail.iter().filter(|(_, _, d)| d.as_deref() == Some("too many failures; not checked")).count();
        assert_eq!(unchecked, 3, "{trail:?}");
    }

    fn parallel_attempts_get_no_more_than_five_password_checks(db: &TestDb) {
        let world = World::new(db);
        // 19 wrong guesses and the right password, all at once, from one
        // source: five checks at most, however the race goes.
        std::thread::scope(|scope| {
            for i in 0..20 {
                let world = &world;
                scope.spawn(move || {
                    let store = Store::open_current(&db.url).unwrap();
                    let services = epicevents_service::Services::new(store, world.clock.clock(), Default::default());
                    let password = if i == 10 { MANAGER_PASSWORD } else { "parallel guess" };
                    if let Err(e) = services.login("ada@epic.test", &secret(password), L) {
                        let refusal = auth_error(e);
                        assert!(matches!(refusal, AuthError::BadCredentials | AuthError::LockedOut { .. }), "{refusal:?}");
                    }
                });
            }
        });
        let trail = audit_actions(db);
        let wrong = trail.iter().filter(|(_, _, d)| d.as_deref() == Some("wrong password")).count();
        let right = trail.iter().filter(|(a, o, _)| a == "session.login" && o == "ok").count();
        assert!(wrong <= 5 && right <= 1, "{trail:?}");
        // Five checks, or four and the right one, which gives its check back
        // (typing one's password right costs nothing): so the budget is spent
        // unless the right one came last.
        let after = world.services.login("ada@epic.test", &secret(MANAGER_PASSWORD), L);
        assert_eq!(after.is_ok(), wrong < 5, "{trail:?}");
    }

    fn a_success_costs_no_check_but_forgives_no_failure(db: &TestDb) {
        let mut world = World::new(db);
        for _ in 0..4 {
            world.services.login("ada@epic.test", &secret("wrong guess"), L).unwrap_err();
        }
        // Right passwords do not spend the budget…
        for _ in 0..6 {
            world.manager();
        }
        // …but the four failures still count: one more spends it.
        world.services.login("ada@epic.test", &secret("wrong guess"), L).unwrap_err();
        world.services.login("ada@epic.test", &secret(MANAGER_PASSWORD), L).unwrap_err();
    }

    fn failures_spread_over_more_than_the_window_do_not_add_up(db: &TestDb) {
        let mut world = World::new(db);
        for _ in 0..4 {
            world.services.login("ada@epic.test", &secret("wrong guess"), L).unwrap_err();
        }
        world.clock.advance(Duration::minutes(16));
        for _ in 0..4 {
            world.services.login("ada@epic.test", &secret("wrong guess"), L).unwrap_err();
        }
        world.manager();
    }

    fn management_unlocks_a_collaborator_from_everywhere(db: &TestDb) {
        let mut world = World::new(db);
        let (bill, _) = world.hire("Bill Boquet", "bill@epic.test", "sales");
        for source in [L, "192.0.2.9"] {
            for _ in 0..5 {
                world.services.login("BILL@epic.test ", &secret("wrong guess"), source).unwrap_err();
            }
        }
        world.services.login("bill@epic.test", &secret("Bill Boquet's passphrase"), L).unwrap_err();
        let manager = world.manager();
        let unlocked = world.services.unlock_collaborator(Some(&manager), bill).unwrap();
        assert!(unlocked.had_failures);
        world.services.login("bill@epic.test", &secret("Bill Boquet's passphrase"), "192.0.2.9").unwrap();
        world.login("bill@epic.test", "Bill Boquet's passphrase");
        assert!(!world.services.unlock_collaborator(Some(&manager), bill).unwrap().had_failures);
        assert!(audit_actions(db).iter().any(|(a, o, _)| a == "collaborator.unlock" && o == "ok"));
    }

    fn wrong_current_passwords_spend_the_login_budget_and_are_audited(db: &TestDb) {
        let mut world = World::new(db);
        // A stolen session guessing the password it would need to take the account over.
        let (bill, stolen) = world.hire("Bill Boquet", "bill@epic.test", "sales");
        let change = |w: &World, current: &str| {
            w.services.set_password(Some(&stolen), bill, Some(&secret(current)), secret("the thief's phrase"), L)
        };
        for _ in 0..5 {
            assert_eq!(auth_error(change(&world, "guess").unwrap_err()), AuthError::BadCredentials);
        }
        // Spent: even the right current password changes nothing now…
        assert_eq!(auth_error(change(&world, "Bill Boquet's passphrase").unwrap_err()), AuthError::LockedOut { minutes: 15 });
        // …and logging in from here waits too: it is the same budget.
        world.services.login("bill@epic.test", &secret("Bill Boquet's passphrase"), L).unwrap_err();
        let trail = audit_actions(db);
        let failed = trail.iter().filter(|(a, o, _)| a == "collaborator.set-password" && o == "failed").count();
        assert_eq!(failed, 6, "{trail:?}");
        let manager = world.manager();
        world.services.unlock_collaborator(Some(&manager), bill).unwrap();
        world.login("bill@epic.test", "Bill Boquet's passphrase");
    }

    fn sessions_expire_after_their_lifetime(db: &TestDb) {
        let mut world = World::new(db);
        let token = world.manager();
        world.clock.advance(Duration::hours(8) - Duration::seconds(1));
        world.services.whoami(Some(&token)).unwrap();
        world.clock.advance(Duration::seconds(1));
        assert_eq!(auth_error(world.services.whoami(Some(&token)).unwrap_err()), AuthError::Expired);
        // It keeps saying why, however often it is tried…
        assert_eq!(auth_error(world.services.whoami(Some(&token)).unwrap_err()), AuthError::Expired);
        // …and once the next login has cleared it from the database too.
        world.manager();
        assert_eq!(auth_error(world.services.whoami(Some(&token)).unwrap_err()), AuthError::Expired);
    }

    fn a_token_never_issued_is_no_session_and_an_ended_one_is_revoked(db: &TestDb) {
        let mut world = World::new(db);
        let token = world.manager();
        let forged = epicevents_service::SessionToken::generate();
        assert_eq!(auth_error(world.services.whoami(Some(&forged)).unwrap_err()), AuthError::NoSession);
        assert_eq!(auth_error(world.services.whoami(None).unwrap_err()), AuthError::NoSession);
        assert!(world.services.logout(&token).unwrap());
        assert_eq!(auth_error(world.services.whoami(Some(&token)).unwrap_err()), AuthError::Revoked);
        // Once it would have expired, it is said to have.
        world.clock.advance(Duration::hours(8));
        assert_eq!(auth_error(world.services.whoami(Some(&token)).unwrap_err()), AuthError::Expired);
    }

    fn the_database_keeps_only_a_hash_of_the_token(db: &TestDb) {
        let mut world = World::new(db);
        let token = world.manager();
        let hashes: Vec<String> = db.query(|c| epicevents_store::schema::sessions::table.select(epicevents_store::schema::sessions::token_hash).load(c));
        assert_eq!(hashes, vec![token.hash()]);
        assert!(!hashes[0].contains(token.expose()));
    }

    fn logout_revokes_the_session_at_once(db: &TestDb) {
        let mut world = World::new(db);
        let token = world.manager();
        assert!(world.services.logout(&token).unwrap());
        assert_eq!(auth_error(world.services.whoami(Some(&token)).unwrap_err()), AuthError::Revoked);
        assert!(!world.services.logout(&token).unwrap());
    }

    fn a_department_change_revokes_sessions_and_takes_effect_at_once(db: &TestDb) {
        let mut world = World::new(db);
        let (bill, bill_token) = world.hire("Bill Boquet", "bill@epic.test", "sales");
        let (_, other_token) = world.hire("Other Manager", "other@epic.test", "management");
        world.services.list_collaborators(Some(&other_token), &Default::default()).unwrap();
        let manager = world.manager();
        world.services.update_collaborator(Some(&manager), bill, UpdateCollaborator { department: Some("gestion".into()), ..Default::default() }).unwrap();
        assert_eq!(auth_error(world.services.whoami(Some(&bill_token)).unwrap_err()), AuthError::Revoked);
        let bill_token = world.login("bill@epic.test", "Bill Boquet's passphrase");
        assert_eq!(world.services.list_collaborators(Some(&bill_token), &Default::default()).unwrap().items.len(), 3);
    }

    fn a_name_change_keeps_sessions(db: &TestDb) {
        let mut world = World::new(db);
        let (bill, bill_token) = world.hire("Bill Boquet", "bill@epic.test", "sales");
        let manager = world.manager();
        let c = world.services.update_collaborator(Some(&manager), bill, UpdateCollaborator { name: Some("William Boquet".into()), ..Default::default() }).unwrap();
        assert_eq!(c.name.as_str(), "William Boquet");
        world.services.whoami(Some(&bill_token)).unwrap();
    }

    /// The session the change was made from goes on; the others end.
    fn a_password_change_needs_the_current_one_and_revokes_the_other_sessions(db: &TestDb) {
        let mut world = World::new(db);
        let (bill, first) = world.hire("Bill Boquet", "bill@epic.test", "sales");
        let second = world.login("bill@epic.test", "Bill Boquet's passphrase");
        let wrong = world.services.set_password(Some(&first), bill, Some(&secret("wrong current")), secret("a brand new phrase"), L).unwrap_err();
        assert_eq!(wrong.kind(), ErrorKind::NotAuthenticated);
        let missing = world.services.set_password(Some(&first), bill, None, secret("a brand new phrase"), L).unwrap_err();
        assert_eq!(missing.kind(), ErrorKind::Invalid);
        let common = world.services.set_password(Some(&first), bill, Some(&secret("Bill Boquet's passphrase")), secret("password1"), L).unwrap_err();
        assert_eq!(common.kind(), ErrorKind::Invalid);
        assert!(world.services.set_password(Some(&first), bill, Some(&secret("Bill Boquet's passphrase")), secret("a brand new phrase"), L).unwrap());
        world.services.whoami(Some(&first)).unwrap();
        assert_eq!(auth_error(world.services.whoami(Some(&second)).unwrap_err()), AuthError::Revoked);
        world.services.login("bill@epic.test", &secret("Bill Boquet's passphrase"), L).unwrap_err();
        world.login("bill@epic.test", "a brand new phrase");
    }

    fn management_resets_a_password_without_the_current_one(db: &TestDb) {
        let mut world = World::new(db);
        let (bill, bill_token) = world.hire("Bill Boquet", "bill@epic.test", "sales");
        let manager = world.manager();
        assert!(!world.services.set_password(Some(&manager), bill, None, secret("reset by management"), L).unwrap());
        assert_eq!(auth_error(world.services.whoami(Some(&bill_token)).unwrap_err()), AuthError::Revoked);
        world.login("bill@epic.test", "reset by management");
    }

}

on_every_backend! {
    // A read records the session's last use when it is a minute stale, and
    // only then: written at once in local mode, by the bookkeeping writer
    // on a server (a read there writes nothing inside the request).
    fn a_sessions_last_use_is_kept_a_minute_at_a_time_either_way(db: &TestDb) {
        use epicevents_store::schema::sessions;
        let mut world = World::new(db);
        let token = world.manager();
        let last_used = || {
            db.query(|c| sessions::table.order(sessions::id.desc()).select(sessions::last_used_at).first::<chrono::NaiveDateTime>(c))
        };
        for deferred in [false, true] {
            if deferred {
                world.services = world.services.clone().with_deferred_bookkeeping();
            }
            world.clock.advance(Duration::seconds(75));
            world.services.whoami(Some(&token)).unwrap();
            world.services.flush_bookkeeping();
            let touched = world.clock.now();
            assert_eq!(last_used(), touched, "a minute stale (deferred: {deferred})");
            world.clock.advance(Duration::seconds(30));
            world.services.whoami(Some(&token)).unwrap();
            world.services.flush_bookkeeping();
            assert_eq!(last_used(), touched, "not yet a minute stale (deferred: {deferred})");
        }
        world.services.finish_bookkeeping();
    }
}
