//! Sentry, through the SDK's test transport: what is captured, with which
//! context, and that no secret survives in events or breadcrumbs.

use crate::common;

use common::{MANAGER_PASSWORD, TestDb, World, secret};
use epicevents_service::NewCollaborator;
use epicevents_telemetry as telemetry;
use sentry::integrations::tracing::BreadcrumbLayer;
use sentry::protocol::{Breadcrumb, Event, Level, Map};
use sentry::test::with_captured_events_options;
use tracing_subscriber::layer::SubscriberExt;

const TOKEN: &str = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

/// The options as `sentry::init` applies them in the product, integrations included.
fn product_options() -> sentry::ClientOptions {
    sentry::apply_defaults(telemetry::options())
}

fn as_json(event: &Event<'static>) -> String {
    serde_json::to_string(event).unwrap()
}

fn assert_no_secret(text: &str) {
    for secret in [
        "hunter2",
        "hunter3",
        "hunter4",
        TOKEN,
        MANAGER_PASSWORD,
        "$argon2id$v=19",
    ] {
        assert!(!text.contains(secret), "{secret} leaked into {text}");
    }
}

#[test]
fn an_unexpected_error_is_captured_with_its_reference_and_without_secrets() {
    let mut reference = String::new();
    let events = with_captured_events_options(
        || {
            let mut data = Map::new();
            data.insert(
                "database_url".into(),
                "postgres://crm:hunter2@db/crm".into(),
            );
            sentry::add_breadcrumb(Breadcrumb {
                message: Some(format!("session token={TOKEN} used")),
                data,
                ..Default::default()
            });
            let subscriber = tracing_subscriber::registry().with(BreadcrumbLayer::new());
            tracing::subscriber::with_default(subscriber, || {
                tracing::warn!(
                    url = "postgres://crm:hunter3@db/crm",
                    "cannot connect to postgres://crm:hunter3@db/crm"
                );
            });
            let error = std::io::Error::other(
                "cannot open postgres://crm:hunter2@db/crm: password=hunter4",
            );
            reference = telemetry::capture_unexpected(&error);
        },
        product_options(),
    );
    assert_eq!(events.len(), 1);
    let event = &events[0];
    assert_eq!(
        reference,
        event.event_id.simple().to_string(),
        "the user quotes the Sentry event id"
    );
    assert_eq!(event.level, Level::Error);
    assert!(event.release.is_some(), "release is set");
    assert!(event.environment.is_some(), "environment is set");
    assert_eq!(
        event.breadcrumbs.values.len(),
        2,
        "both breadcrumbs travel with the event"
    );
    let text = as_json(event);
    assert_no_secret(&text);
    assert!(text.contains("postgres://crm:[redacted]@db/crm"), "{text}");
}

#[test]
fn a_panic_is_captured_and_scrubbed() {
    let events = with_captured_events_options(
        || {
            let _ = std::panic::catch_unwind(|| panic!("bug while handling password=hunter2"));
        },
        product_options(),
    );
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].level, Level::Fatal);
    let text = as_json(&events[0]);
    assert!(text.contains("bug while handling"), "{text}");
    assert_no_secret(&text);
}

#[test]
fn account_changes_are_recorded_with_the_actor_id_and_department_only() {
    let db = TestDb::sqlite();
    let events = with_captured_events_options(
        || {
            let mut world = World::new(&db);
            let manager = world.manager();
            let created = world
                .services
                .create_collaborator(
                    Some(&manager),
                    NewCollaborator {
                        name: "Bill Boquet".into(),
                        email: "bill@epic.test".into(),
                        department: "sales".into(),
                        password: secret("bill's long passphrase"),
                    },
                )
                .unwrap();
            let id = created.id.0;
            world
                .services
                .update_collaborator(
                    Some(&manager),
                    id,
                    epicevents_service::UpdateCollaborator {
                        department: Some("support".into()),
                        ..Default::default()
                    },
                )
                .unwrap();
            world
                .services
                .delete_collaborator(Some(&manager), id, false)
                .unwrap();
        },
        product_options(),
    );
    let messages: Vec<_> = events
        .iter()
        .map(|e| e.message.clone().unwrap_or_default())
        .collect();
    assert_eq!(
        messages,
        [
            "collaborator.create",
            "collaborator.update",
            "collaborator.delete"
        ]
    );
    for event in &events {
        assert_eq!(event.level, Level::Info);
        let user = event.user.as_ref().expect("the actor is attached");
        assert_eq!(user.id.as_deref(), Some("1"));
        assert!(user.email.is_none() && user.username.is_none() && user.ip_address.is_none());
        assert_eq!(
            event.tags.get("department").map(String::as_str),
            Some("management")
        );
        assert_eq!(event.tags.get("subject").map(String::as_str), Some("2"));
        let text = as_json(event);
        for personal in [
            "Bill Boquet",
            "bill@epic.test",
            "Ada Manager",
            "ada@epic.test",
            "passphrase",
        ] {
            assert!(!text.contains(personal), "{personal} in {text}");
        }
    }
}

#[test]
fn nothing_is_sent_when_no_client_is_configured() {
    // Outside a configured hub, capturing is a no-op that yields no id: the
    // reference is then a local one, logged instead.
    let reference = telemetry::capture_unexpected(&std::io::Error::other("oops"));
    assert_eq!(reference.len(), 8);
    assert!(reference.bytes().all(|b| b.is_ascii_hexdigit()));
}
