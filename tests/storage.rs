//! The storage story, run on SQLite and on PostgreSQL: schema, accounts,
//! the audit trail and all-or-nothing writes. Sessions are in `sessions.rs`.

use crate::common;

use chrono::Duration;
use common::{MANAGER_PASSWORD, TestDb, World, audit_actions, auth_error, in_transaction, secret};
use diesel::prelude::*;
use epicevents_service::setup::{FirstAccount, Setup};
use epicevents_service::{AuthError, ErrorKind, UpdateCollaborator};
use epicevents_store::schema::{audit_log, clients, collaborators, contracts, events};
use epicevents_store::{SchemaState, Store, StoreError, raw};

on_every_backend! {
    fn init_creates_then_reports_an_up_to_date_schema(db: &TestDb) {
        let setup = Setup::open(&db.url).unwrap();
        let first = setup.migrate().unwrap();
        assert!(first.created);
        // Migration 16 closes gaps in the databases' own walls, which
        // SQLite has none of; 17 limits PostgreSQL's import role (MariaDB's
        // grants are written by `init` itself); then each keeps ended
        // sessions' tombstones; 19 replaces PostgreSQL's nine grant
        // functions with the table of grants, and 20 quickens its reads;
        // then the unpaid contracts get their index (none on MariaDB); and
        // payments their table (with, on PostgreSQL, sales' corrections
        // of events in the same migration's privileges).
        let expected = match db.url {
            epicevents_store::DatabaseUrl::Sqlite(_) => 18,
            epicevents_store::DatabaseUrl::Postgres(_) => 22,
            _ => 18,
        };
        assert_eq!(first.applied.len(), expected);
        let again = setup.migrate().unwrap();
        assert!(!again.created);
        assert!(again.applied.is_empty());
        assert_eq!(db.store().schema_state().unwrap(), SchemaState::Current);
    }

    fn ordinary_commands_refuse_an_uninitialised_database(db: &TestDb) {
        if let epicevents_store::DatabaseUrl::Sqlite(_) = db.url {
            // A missing file is reported, and not created behind the user's back.
            assert!(matches!(Store::open_current(&db.url), Err(StoreError::Missing(_))));
            Setup::open(&db.url).unwrap();
        }
        assert!(matches!(Store::open_current(&db.url), Err(StoreError::NotInitialised)));
    }

    fn the_first_account_can_be_created_only_once(db: &TestDb) {
        let mut world = World::new(db);
        let setup = Setup::open(&db.url).unwrap();
        assert!(setup.has_accounts().unwrap());
        let err = setup
            .create_first(FirstAccount { name: "Eve".into(), email: "eve@epic.test".into(), password: secret("eve's passphrase") }.validate().unwrap())
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Conflict);
        let err = setup.load_demo(None).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Conflict);
        let manager = world.manager();
        assert_eq!(world.services.list_collaborators(Some(&manager), &Default::default()).unwrap().items.len(), 1);
    }

    fn the_demo_loads_the_briefs_staff_with_working_passwords(db: &TestDb) {
        let setup = Setup::open(&db.url).unwrap();
        setup.migrate().unwrap();
        let accounts = setup.load_demo(None).unwrap();
        let names: Vec<_> = accounts.iter().map(|a| (a.collaborator.name.to_string(), a.collaborator.department.as_str())).collect();
        assert_eq!(names, [
            ("Demo Manager".to_owned(), "management"),
            ("Bill Boquet".to_owned(), "sales"),
            ("Kate Hastroff".to_owned(), "support"),
            ("Aliénor Vichum".to_owned(), "support"),
        ]);
        let services = epicevents_service::Services::open(&db.url, Default::default()).unwrap();
        for a in &accounts {
            use secrecy::ExposeSecret;
            let password = a.generated_password.as_ref().expect("a generated password");
            assert!(password.expose_secret().len() >= 16);
            services.login(a.collaborator.email.as_str(), password, "local").unwrap();
        }
    }

    fn e_mails_are_unique_whatever_their_case(db: &TestDb) {
        let mut world = World::new(db);
        let (bill, _) = world.hire("Bill Boquet", "bill@epic.test", "sales");
        let manager = world.manager();
        let dup = world.services.create_collaborator(Some(&manager), epicevents_service::NewCollaborator {
            name: "Imposter".into(), email: "BILL@Epic.Test".into(), department: "support".into(), password: secret("another passphrase"),
        }).unwrap_err();
        assert_eq!(dup.kind(), ErrorKind::Conflict);
        assert_eq!(dup.to_string(), "email is already in use");
        let dup = world.services.update_collaborator(Some(&manager), bill, UpdateCollaborator { email: Some("ADA@epic.test".into()), ..Default::default() }).unwrap_err();
        assert_eq!(dup.kind(), ErrorKind::Conflict);
        // Nothing was half-written: no audit entry for the refused creation.
        assert_eq!(audit_actions(db).iter().filter(|(a, _, _)| a == "collaborator.create").count(), 1);
    }

    fn the_last_management_account_cannot_be_removed(db: &TestDb) {
        let mut world = World::new(db);
        let manager = world.manager();
        let me = world.services.whoami(Some(&manager)).unwrap().collaborator.id.0;
        let err = world.services.update_collaborator(Some(&manager), me, UpdateCollaborator { department: Some("sales".into()), ..Default::default() }).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Conflict);
        assert!(err.to_string().contains("last management account"), "{err}");
        let err = world.services.delete_collaborator(Some(&manager), me, false).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::PermissionDenied);
        // With a second manager, the first may step down.
        let (other, other_token) = world.hire("Other Manager", "other@epic.test", "management");
        world.services.update_collaborator(Some(&manager), me, UpdateCollaborator { department: Some("support".into()), ..Default::default() }).unwrap();
        // …and the one left cannot be deleted by anyone, nor delete themselves.
        let err = world.services.delete_collaborator(Some(&other_token), other, false).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::PermissionDenied);
    }

    fn deleting_someone_still_responsible_says_what_to_reassign(db: &TestDb) {
        let mut world = World::new(db);
        let (bill, _) = world.hire("Bill Boquet", "bill@epic.test", "sales");
        let (kate, _) = world.hire("Kate Hastroff", "kate@epic.test", "support");
        let now = chrono::NaiveDate::from_ymd_opt(2023, 6, 4).unwrap().and_hms_opt(13, 0, 0).unwrap();
        let store = db.store();
        store.write(|c| -> Result<(), StoreError> {
            diesel::insert_into(clients::table).values((
                clients::full_name.eq("Kevin Casey"), clients::email.eq("kevin@startup.io"), clients::phone.eq("+678 123 456 78"),
                clients::company_name.eq("Cool Startup LLC"), clients::sales_contact_id.eq(bill), clients::created_at.eq(epicevents_store::At(now)), clients::updated_at.eq(epicevents_store::At(now)),
            )).execute(c)?;
            let client = raw::last_insert_id(c)?;
            diesel::insert_into(contracts::table).values((
                contracts::client_id.eq(client), contracts::total_cents.eq(100_000_i64), contracts::due_cents.eq(0i64), contracts::signed.eq(true),
                contracts::created_at.eq(epicevents_store::At(now)), contracts::updated_at.eq(epicevents_store::At(now)),
            )).execute(c)?;
            let contract = raw::last_insert_id(c)?;
            diesel::insert_into(events::table).values((
                events::contract_id.eq(contract), events::name.eq("John Ouick Wedding"), events::starts_at.eq(epicevents_store::At(now)), events::ends_at.eq(epicevents_store::At(now + Duration::hours(13))),
                events::support_contact_id.eq(kate), events::location.eq("Candé-sur-Beuvron"), events::attendees.eq(75), events::notes.eq(""),
                events::created_at.eq(epicevents_store::At(now)), events::updated_at.eq(epicevents_store::At(now)),
            )).execute(c)?;
            Ok(())
        }).unwrap();
        let manager = world.manager();
        let err = world.services.delete_collaborator(Some(&manager), bill, false).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Conflict);
        assert_eq!(err.to_string(), "Bill Boquet still owns client(s) 1; reassign these first");
        assert_eq!(err.code(), "still_responsible");
        assert_eq!(err.data(), serde_json::json!({ "collaborator": bill, "clients": [1], "events": [] }));
        let err = world.services.delete_collaborator(Some(&manager), kate, false).unwrap_err();
        assert!(err.to_string().contains("support contact of event(s) 1"), "{err}");
        // Once reassigned, deletion goes through.
        db.execute(|c| diesel::update(clients::table).set(clients::sales_contact_id.eq(None::<i32>)).execute(c));
        world.services.delete_collaborator(Some(&manager), bill, false).unwrap();
        assert_eq!(world.services.show_collaborator(Some(&manager), bill).unwrap_err().kind(), ErrorKind::NotFound);
    }

    fn deletion_revokes_sessions_and_is_recorded(db: &TestDb) {
        let mut world = World::new(db);
        let (bill, bill_token) = world.hire("Bill Boquet", "bill@epic.test", "sales");
        let manager = world.manager();
        let gone = world.services.delete_collaborator(Some(&manager), bill, false).unwrap();
        assert_eq!(gone.name.as_str(), "Bill Boquet");
        assert_eq!(auth_error(world.services.whoami(Some(&bill_token)).unwrap_err()), AuthError::Revoked);
        let left: i64 = db.query(|c| collaborators::table.count().get_result(c));
        assert_eq!(left, 1);
        assert!(audit_actions(db).iter().any(|(a, o, _)| a == "collaborator.delete" && o == "ok"));
    }

    fn refusals_are_recorded_in_the_audit_trail(db: &TestDb) {
        let mut world = World::new(db);
        let (_, bill_token) = world.hire("Bill Boquet", "bill@epic.test", "sales");
        let err = world.services.list_collaborators(Some(&bill_token), &Default::default()).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::PermissionDenied);
        assert_eq!(err.to_string(), "permission denied: sales may not list collaborators");
        let trail = audit_actions(db);
        let (_, outcome, detail) = trail.last().unwrap();
        assert_eq!(outcome, "denied");
        assert_eq!(detail.as_deref(), Some("sales may not list collaborators"));
    }

    fn the_audit_trail_never_holds_a_password(db: &TestDb) {
        let mut world = World::new(db);
        world.services.login("ada@epic.test", &secret("my wrong secret"), "local").unwrap_err();
        world.hire("Bill Boquet", "bill@epic.test", "sales");
        let rows: Vec<(String, Option<String>, Option<String>)> =
            db.query(|c| audit_log::table.select((audit_log::action, audit_log::subject, audit_log::detail)).load(c));
        let text = format!("{rows:?}");
        for secret in ["my wrong secret", MANAGER_PASSWORD, "Bill Boquet's passphrase", "argon2"] {
            assert!(!text.contains(secret), "{secret} in {text}");
        }
    }

    fn invalid_input_names_the_field_and_changes_nothing(db: &TestDb) {
        let mut world = World::new(db);
        let manager = world.manager();
        let cases = [
            ("", "a@epic.test", "sales", "long enough phrase", "name"),
            ("Name", "not-an-email", "sales", "long enough phrase", "email"),
            ("Name", "a@epic.test", "marketing", "long enough phrase", "department"),
            ("Name", "a@epic.test", "sales", "short", "password"),
            ("Name", "a@epic.test", "sales", "qwertyuiop", "password"),
        ];
        for (name, email, department, password, field) in cases {
            let err = world.services.create_collaborator(Some(&manager), epicevents_service::NewCollaborator {
                name: name.into(), email: email.into(), department: department.into(), password: secret(password),
            }).unwrap_err();
            assert_eq!(err.kind(), ErrorKind::Invalid);
            assert!(err.to_string().starts_with(&format!("invalid {field}: ")), "{err}");
        }
        assert_eq!(world.services.list_collaborators(Some(&manager), &Default::default()).unwrap().items.len(), 1);
    }

    // PostgreSQL's reads at READ COMMITTED see a snapshot per statement in a
    // transaction or not, so a store acting as no role spares the request
    // BEGIN and COMMIT; SQLite's and MariaDB's read transactions are
    // snapshots, and are kept (a role's reads: tests/database_roles.rs).
    fn a_read_opens_a_transaction_only_where_it_buys_consistency(db: &TestDb) {
        World::new(db);
        let store = db.store();
        let wrapped = store.read(|c| Ok::<_, StoreError>(in_transaction(c))).unwrap();
        let postgres = matches!(db.url, epicevents_store::DatabaseUrl::Postgres(_));
        assert_eq!(wrapped, !postgres, "{:?}", db.url);
        // And a write is one transaction everywhere.
        assert!(store.write(|c| Ok::<_, StoreError>(in_transaction(c))).unwrap());
    }

    fn lists_filter_by_department_and_sort_by_name(db: &TestDb) {
        let mut world = World::new(db);
        world.hire("Kate Hastroff", "kate@epic.test", "support");
        world.hire("Aliénor Vichum", "alienor@epic.test", "support");
        world.hire("Bill Boquet", "bill@epic.test", "commercial");
        let manager = world.manager();
        let support: Vec<_> = world.services.list_collaborators(Some(&manager), &common::department("support")).unwrap()
            .items.into_iter().map(|c| c.name.to_string()).collect();
        assert_eq!(support, ["Aliénor Vichum", "Kate Hastroff"]);
        assert_eq!(world.services.list_collaborators(Some(&manager), &common::department("gestion")).unwrap().items.len(), 1);
        let err = world.services.list_collaborators(Some(&manager), &common::department("hr")).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Invalid);
    }
}

/// Write skew on PostgreSQL: two transactions both read "two managers", then
/// each demotes the other. Serializable transactions make one of them retry,
/// see one manager left, and stop; at READ COMMITTED both would commit and
/// leave none. (SQLite cannot interleave writers at all: BEGIN IMMEDIATE.)
#[test]
fn postgres_check_then_write_rules_hold_under_concurrency() {
    use epicevents_domain::CollaboratorId;
    use epicevents_domain::Department;
    use epicevents_domain::policy::act;
    use epicevents_store::access::{self, Verdict};
    use epicevents_store::collaborators::{self as rows, Changes};

    let Some(db) = TestDb::postgres() else {
        eprintln!("skipped: {} is not set", common::POSTGRES_ENV);
        return;
    };
    let mut world = World::new(&db);
    let first = world.manager();
    let (second, second_token) = world.hire("Second Manager", "second@epic.test", "management");
    let now = world.clock.now();
    let both_have_read = std::sync::Barrier::new(2);
    std::thread::scope(|scope| {
        for (token, target) in [(&first, second), (&second_token, 1)] {
            let both_have_read = &both_have_read;
            let db = &db;
            scope.spawn(move || {
                let store = db.store();
                let mut first_attempt = true;
                store
                    .write(|c| -> Result<(), StoreError> {
                        let managers = rows::count(c, Some(Department::Management))?;
                        if std::mem::take(&mut first_attempt) {
                            both_have_read.wait();
                        }
                        if managers <= 1 {
                            return Ok(());
                        }
                        let Verdict::Live(actor) = access::authenticate(c, &token.hash(), now)?
                        else {
                            panic!("the manager's session is live");
                        };
                        let found = rows::get(c, CollaboratorId(target))?;
                        let permit = actor
                            .permit_on::<act::CollaboratorUpdate, _>(found.as_ref(), target)
                            .unwrap();
                        let changes = Changes {
                            department: Some("support"),
                            ..Default::default()
                        };
                        rows::update(c, &permit, changes)?;
                        Ok(())
                    })
                    .unwrap();
            });
        }
    });
    let managers = db
        .store()
        .read(|c| rows::count(c, Some(Department::Management)))
        .unwrap();
    assert_eq!(managers, 1);
}

/// Migration 12 names the record each earlier change was about, so that
/// the history of a record includes what was done to it before: from the
/// action, or for an import's entries (all `event.import`) from their words.
#[test]
fn earlier_trail_entries_are_given_their_record() {
    use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};
    const SQLITE: EmbeddedMigrations = embed_migrations!("crates/store/migrations/sqlite");
    let db = TestDb::sqlite();
    let path = match &db.url {
        epicevents_store::DatabaseUrl::Sqlite(p) => p.display().to_string(),
        _ => unreachable!(),
    };
    let mut conn = diesel::SqliteConnection::establish(&path).unwrap();
    for _ in 0..11 {
        conn.run_next_migration(SQLITE).unwrap();
    }
    let earlier = [
        ("client.update", "7", "ok", None),
        ("client.update", "7", "denied", Some("sales may not")),
        ("event.assign", "8", "ok", Some("support contact none -> 3")),
        (
            "event.import",
            "9",
            "ok",
            Some("created client 9 from Sheet1!A1"),
        ),
        (
            "event.import",
            "9",
            "ok",
            Some("created contract 9 (sheet contract 4) from Sheet1!A1"),
        ),
        (
            "event.import",
            "9",
            "ok",
            Some("updated event 9 from Sheet1!A1: notes"),
        ),
        ("session.login", "ada@epic.test", "ok", None),
    ];
    let at = chrono::NaiveDate::from_ymd_opt(2026, 1, 1)
        .unwrap()
        .and_hms_opt(9, 0, 0)
        .unwrap();
    for (action, subject, outcome, detail) in earlier {
        diesel::insert_into(audit_log::table)
            .values((
                audit_log::at.eq(epicevents_store::At(at)),
                audit_log::action.eq(action),
                audit_log::subject.eq(subject),
                audit_log::outcome.eq(outcome),
                audit_log::detail.eq(detail),
            ))
            .execute(&mut conn)
            .unwrap();
    }
    conn.run_next_migration(SQLITE).unwrap();
    let records: Vec<Option<String>> = audit_log::table
        .order(audit_log::id)
        .select(audit_log::record)
        .load(&mut conn)
        .unwrap();
    let expected = [
        Some("client"),
        None,
        Some("event"),
        Some("client"),
        Some("contract"),
        Some("event"),
        None,
    ];
    assert_eq!(records, expected.map(|r| r.map(str::to_owned)));
}
