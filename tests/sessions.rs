//! Logins, lockout, sessions and passwords, run on SQLite and on PostgreSQL.

mod common;

use chrono::Duration;
use common::{MANAGER_PASSWORD, World, audit_actions, auth_error, secret};
use diesel::prelude::*;
use epicevents_service::{AuthError, ErrorKind, UpdateCollaborator};
use epicevents_store::Store;

on_every_backend! {
    fn login_fails_alike_for_unknown_email_and_wrong_password(db: &TestDb) {
        let world = World::new(db);
        let unknown = world.services.login("nobody@epic.test", &secret(MANAGER_PASSWORD)).unwrap_err();
        let wrong = world.services.login("ada@epic.test", &secret("not the password")).unwrap_err();
        let garbage = world.services.login("' OR 1=1 --", &secret("x")).unwrap_err();
        assert_eq!(unknown.to_string(), wrong.to_string());
        assert_eq!(unknown.to_string(), garbage.to_string());
        assert_eq!(auth_error(wrong), AuthError::BadCredentials);
        let trail = audit_actions(db);
        let failures = trail.iter().filter(|(a, o, _)| a == "session.login" && o == "failed").count();
        assert_eq!(failures, 3);
    }

    fn five_failures_lock_only_that_account_for_fifteen_minutes(db: &TestDb) {
        let mut world = World::new(db);
        let (_, _) = world.hire("Bill Boquet", "bill@epic.test", "sales");
        for _ in 0..4 {
            world.services.login("ada@epic.test", &secret("wrong guess")).unwrap_err();
        }
        // Four failures: still open.
        world.manager();
        for _ in 0..5 {
            world.services.login("ada@epic.test", &secret("wrong guess")).unwrap_err();
        }
        let locked = world.services.login("ada@epic.test", &secret(MANAGER_PASSWORD)).unwrap_err();
        assert_eq!(auth_error(locked), AuthError::Locked { minutes: 15 });
        // Somebody else is not locked out.
        world.login("bill@epic.test", "Bill Boquet's passphrase");
        world.clock.advance(Duration::minutes(14));
        let still = world.services.login("ada@epic.test", &secret(MANAGER_PASSWORD)).unwrap_err();
        assert_eq!(auth_error(still), AuthError::Locked { minutes: 1 });
        world.clock.advance(Duration::minutes(1));
        world.manager();
    }

    fn parallel_wrong_guesses_are_all_counted(db: &TestDb) {
        let world = World::new(db);
        // Eight connections guess at once; a read-then-write counter would let
        // them overwrite each other's count and never reach the threshold.
        std::thread::scope(|scope| {
            for _ in 0..8 {
                scope.spawn(|| {
                    let store = Store::open_current(&db.url).unwrap();
                    let services = epicevents_service::Services::new(store, world.clock.clock(), Default::default());
                    let err = services.login("ada@epic.test", &secret("parallel guess")).unwrap_err();
                    assert_eq!(auth_error(err), AuthError::BadCredentials);
                });
            }
        });
        let locked = world.services.login("ada@epic.test", &secret(MANAGER_PASSWORD)).unwrap_err();
        assert!(matches!(auth_error(locked), AuthError::Locked { .. }));
    }

    fn failures_spread_over_more_than_the_window_do_not_lock(db: &TestDb) {
        let mut world = World::new(db);
        for _ in 0..4 {
            world.services.login("ada@epic.test", &secret("wrong guess")).unwrap_err();
        }
        world.clock.advance(Duration::minutes(16));
        for _ in 0..4 {
            world.services.login("ada@epic.test", &secret("wrong guess")).unwrap_err();
        }
        world.manager();
    }

    fn a_success_resets_the_failure_count(db: &TestDb) {
        let mut world = World::new(db);
        for _ in 0..4 {
            world.services.login("ada@epic.test", &secret("wrong guess")).unwrap_err();
        }
        world.manager();
        for _ in 0..4 {
            world.services.login("ada@epic.test", &secret("wrong guess")).unwrap_err();
        }
        world.manager();
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
        // …until the next login clears expired sessions from the database.
        world.manager();
        assert_eq!(auth_error(world.services.whoami(Some(&token)).unwrap_err()), AuthError::Revoked);
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
        assert_eq!(world.services.list_collaborators(Some(&bill_token), &Default::default()).unwrap().len(), 3);
    }

    fn a_name_change_keeps_sessions(db: &TestDb) {
        let mut world = World::new(db);
        let (bill, bill_token) = world.hire("Bill Boquet", "bill@epic.test", "sales");
        let manager = world.manager();
        let c = world.services.update_collaborator(Some(&manager), bill, UpdateCollaborator { name: Some("William Boquet".into()), ..Default::default() }).unwrap();
        assert_eq!(c.name.as_str(), "William Boquet");
        world.services.whoami(Some(&bill_token)).unwrap();
    }

    fn a_password_change_needs_the_current_one_and_revokes_every_session(db: &TestDb) {
        let mut world = World::new(db);
        let (bill, first) = world.hire("Bill Boquet", "bill@epic.test", "sales");
        let second = world.login("bill@epic.test", "Bill Boquet's passphrase");
        let wrong = world.services.set_password(Some(&first), bill, Some(&secret("wrong current")), secret("a brand new phrase")).unwrap_err();
        assert_eq!(wrong.kind(), ErrorKind::NotAuthenticated);
        let missing = world.services.set_password(Some(&first), bill, None, secret("a brand new phrase")).unwrap_err();
        assert_eq!(missing.kind(), ErrorKind::Invalid);
        let common = world.services.set_password(Some(&first), bill, Some(&secret("Bill Boquet's passphrase")), secret("password1")).unwrap_err();
        assert_eq!(common.kind(), ErrorKind::Invalid);
        assert!(world.services.set_password(Some(&first), bill, Some(&secret("Bill Boquet's passphrase")), secret("a brand new phrase")).unwrap());
        for t in [&first, &second] {
            assert_eq!(auth_error(world.services.whoami(Some(t)).unwrap_err()), AuthError::Revoked);
        }
        world.services.login("bill@epic.test", &secret("Bill Boquet's passphrase")).unwrap_err();
        world.login("bill@epic.test", "a brand new phrase");
    }

    fn management_resets_a_password_without_the_current_one(db: &TestDb) {
        let mut world = World::new(db);
        let (bill, bill_token) = world.hire("Bill Boquet", "bill@epic.test", "sales");
        let manager = world.manager();
        assert!(!world.services.set_password(Some(&manager), bill, None, secret("reset by management")).unwrap());
        assert_eq!(auth_error(world.services.whoami(Some(&bill_token)).unwrap_err()), AuthError::Revoked);
        world.login("bill@epic.test", "reset by management");
    }

}
