//! Collaborators who leave: an account whose changes are on the trail is
//! deactivated rather than deleted (it cannot log in, its name stays on
//! past records), and can be reactivated; an account with no history is
//! deleted as before. Every test runs on every backend.

use crate::common;

use common::{World, auth_error, secret};
use epicevents_domain::history::Kind;
use epicevents_service::{AuthError, ClientChanges, ErrorKind, ServiceError};

on_every_backend! {
    fn an_account_with_history_is_deactivated_and_can_come_back(db: &TestDb) {
        let mut w = World::new(db);
        let ada = w.manager();
        let (bill_id, bill) = w.hire("Bill Boquet", "bill@epic.test", "sales");
        let (sally_id, _) = w.hire("Sally Seller", "sally@epic.test", "sales");
        let (tom_id, _) = w.hire("Tom Temp", "tom@epic.test", "support");
        let s = &mut w.services;
        let kevin = common::kevin();
        let client = s.create_client(Some(&bill), kevin).unwrap().id.0;
        let to_sally = ClientChanges { sales_contact: Some(sally_id), ..Default::default() };
        s.update_client(Some(&ada), client, to_sally).unwrap();

        // A dry run says what would happen, and does nothing.
        assert!(s.delete_collaborator(Some(&ada), bill_id, true).unwrap().deactivated_at.is_some());
        assert!(s.show_collaborator(Some(&ada), bill_id).unwrap().deactivated_at.is_none());
        let gone = s.delete_collaborator(Some(&ada), bill_id, false).unwrap();
        assert!(gone.deactivated_at.is_some());
        let kept = s.show_collaborator(Some(&ada), bill_id).unwrap();
        assert_eq!((kept.name.as_str(), kept.deactivated_at.is_some()), ("Bill Boquet", true));

        // Their sessions ended; their password no longer opens anything.
        assert_eq!(s.whoami(Some(&bill)).unwrap_err().kind(), ErrorKind::NotAuthenticated);
        let refused = s.login("bill@epic.test", &secret("Bill Boquet's passphrase"), "local").unwrap_err();
        assert!(matches!(auth_error(refused), AuthError::BadCredentials));
        let trail = common::audit_actions(db);
        assert_eq!(trail.last().map(|e| (e.0.as_str(), e.2.as_deref())), Some(("session.login", Some("account deactivated"))));
        // Their name stays on what they did; nothing is handed to them.
        let story = s.history(Some(&ada), Kind::Client, client).unwrap();
        assert_eq!(story[0].actor.as_ref().map(|a| a.name.as_str()), Some("Bill Boquet"));
        let back_to_bill = ClientChanges { sales_contact: Some(bill_id), ..Default::default() };
        match s.update_client(Some(&ada), client, back_to_bill) {
            Err(ServiceError::Invalid(e)) => assert_eq!((e.field, e.code), ("sales_contact", "deactivated")),
            other => panic!("{other:?}"),
        }
        // Deleting again leaves it as it is.
        assert!(s.delete_collaborator(Some(&ada), bill_id, false).unwrap().deactivated_at.is_some());

        let back = s.reactivate_collaborator(Some(&ada), bill_id).unwrap();
        assert!(back.changed && back.deactivated_at.is_none());
        assert!(!s.reactivate_collaborator(Some(&ada), bill_id).unwrap().changed);
        s.login("bill@epic.test", &secret("Bill Boquet's passphrase"), "local").unwrap();

        // No history: deleted, as before.
        s.delete_collaborator(Some(&ada), tom_id, false).unwrap();
        assert_eq!(s.show_collaborator(Some(&ada), tom_id).unwrap_err().kind(), ErrorKind::NotFound);
    }
}
