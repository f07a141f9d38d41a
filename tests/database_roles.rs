//! PostgreSQL's and MariaDB's roles as `init` makes them: the login role
//! (and every department's) reaches no credential and cannot rewrite
//! history; an administrator who cannot create roles gets the script a
//! superuser runs; on PostgreSQL, an installation from the previous
//! version is brought to the roles with its data.

use crate::common;

use diesel::prelude::*;

use common::TestDb;
use common::roles::{Statement, mariadb, noon, postgres, role_prefix, tried};
use epicevents_service::setup::Setup;
use epicevents_store::raw::roles;
use epicevents_store::schema::{audit_log, clients, collaborators, contracts, events, sessions};
use epicevents_store::{DatabaseUrl, OpenMode, Store, StoreError};

#[test]
fn the_login_role_reaches_no_credential_and_cannot_rewrite_history() {
    if let Some(installation) = postgres() {
        no_credential_and_no_rewriting(installation);
    }
}

#[test]
fn on_mariadb_too_the_login_account_reaches_no_credential_and_cannot_rewrite_history() {
    if let Some(installation) = mariadb() {
        no_credential_and_no_rewriting(installation);
    }
}

/// As the login role, and as each department's role it may take.
fn no_credential_and_no_rewriting((db, server_url): (TestDb, String)) {
    let prefix = role_prefix(&db);
    let store = Store::open(
        &DatabaseUrl::parse(&server_url).unwrap(),
        OpenMode::MustExist,
    )
    .unwrap();
    store
        .ensure_current()
        .expect("the server may check the schema");
    let attempts: [(&str, Statement); 5] = [
        ("SELECT password_hash FROM collaborators", |c| {
            collaborators::table
                .select(collaborators::password_hash)
                .load::<String>(c)
                .map(|r| r.len() + 1)
        }),
        ("SELECT token_hash FROM sessions", |c| {
            sessions::table
                .select(sessions::token_hash)
                .load::<String>(c)
                .map(|r| r.len() + 1)
        }),
        ("UPDATE clients SET sales_contact_id", |c| {
            diesel::update(clients::table)
                .set(clients::sales_contact_id.eq(1))
                .execute(c)
                .map(|n| n + 1)
        }),
        ("DELETE FROM audit_log", |c| {
            diesel::delete(audit_log::table).execute(c).map(|n| n + 1)
        }),
        ("UPDATE audit_log", |c| {
            diesel::update(audit_log::table)
                .set(audit_log::detail.eq("x"))
                .execute(c)
                .map(|n| n + 1)
        }),
    ];
    // A department's role lasts to the end of a transaction: a read as the
    // login role opens one, where a superuser's need not.
    assert!(
        store
            .read(|c| Ok::<_, StoreError>(common::in_transaction(c)))
            .unwrap()
    );
    let departments = ["sales", "support", "management"].map(|d| format!("{prefix}_{d}"));
    for role in std::iter::once(None).chain(departments.iter().map(Some)) {
        let outcomes = store
            .read(|c| -> Result<_, StoreError> {
                Ok(attempts
                    .iter()
                    // Reassigning clients is management's job.
                    .filter(|(what, _)| {
                        !(what.contains("sales_contact_id")
                            && role.is_some_and(|r| r.ends_with("_management")))
                    })
                    .map(|(what, f)| {
                        let as_role = role.map(|r| (r.as_str(), 1));
                        (*what, tried(c, as_role, |c| Some(f(c))) == Some(false))
                    })
                    .collect::<Vec<_>>())
            })
            .unwrap();
        for (what, was_refused) in outcomes {
            assert!(was_refused, "{role:?} may not: {what}");
        }
    }
    // Running init again changes nothing and shows no password.
    let again = Setup::open(&db.url)
        .unwrap()
        .install_roles(&db.url, None, true)
        .unwrap();
    assert!(again.server_database_url.is_none() && again.superuser_script.is_none());
}

#[test]
fn a_password_hash_is_had_one_budgeted_check_at_a_time() {
    if let Some(installation) = postgres() {
        one_hash_at_a_time(installation, true);
    }
}

#[test]
fn on_mariadb_too_a_password_hash_is_had_one_budgeted_check_at_a_time() {
    if let Some(installation) = mariadb() {
        one_hash_at_a_time(installation, false);
    }
}

/// As the login role: no hash by id, none in bulk by address, one for one
/// address per check (and, on PostgreSQL, per transaction and never in a
/// savepoint); none for a department role.
fn one_hash_at_a_time((db, server_url): (TestDb, String), postgres: bool) {
    use epicevents_store::raw::credential_probes::{hash_of, hashes_by_address, hashes_by_id};
    db.execute(|c| {
        diesel::insert_into(collaborators::table)
            .values((
                collaborators::full_name.eq("Bill Boquet"),
                collaborators::email.eq("bill@epic.test"),
                collaborators::department.eq("sales"),
                collaborators::password_hash.eq("$argon2id$not a real one"),
                collaborators::created_at.eq(epicevents_store::At(noon())),
                collaborators::updated_at.eq(epicevents_store::At(noon())),
            ))
            .execute(c)
    });
    let login_role = Store::open(
        &DatabaseUrl::parse(&server_url).unwrap(),
        OpenMode::MustExist,
    )
    .unwrap();
    let by_id = login_role.write(hashes_by_id);
    assert!(matches!(by_id, Ok(0) | Err(_)), "hashes by id: {by_id:?}");
    let bulk = login_role.write(hashes_by_address);
    assert!(bulk.is_err(), "hashes in bulk: {bulk:?}");
    assert!(
        login_role.write(|c| hash_of(c, "ada@epic.test")).unwrap(),
        "a login's check"
    );
    assert!(
        login_role.write(|c| hash_of(c, "bill@epic.test")).unwrap(),
        "the next one"
    );
    if postgres {
        let two = login_role.write(|c| {
            Ok::<_, StoreError>((hash_of(c, "ada@epic.test")?, hash_of(c, "bill@epic.test")?))
        });
        assert!(two.is_err(), "two checks in one transaction: {two:?}");
        let nested = login_role.write(|c| c.transaction(|c| hash_of(c, "ada@epic.test")));
        assert!(nested.is_err(), "a check in a savepoint: {nested:?}");
    }
    let prefix = role_prefix(&db);
    for department in ["sales", "support", "management"] {
        let role = format!("{prefix}_{department}");
        let got = login_role.write(|c| {
            c.transaction(|c| {
                roles::assume(c, &role, 1)?;
                hash_of(c, "ada@epic.test")
            })
        });
        assert!(got.is_err(), "{department} read a hash: {got:?}");
        if !postgres {
            // MariaDB's roles last until changed.
            let gate = format!("{prefix}_gate");
            login_role
                .write(|c| epicevents_store::raw::mariadb_roles::leave(c, &gate))
                .unwrap();
        }
    }
}

#[test]
fn init_brings_an_existing_installation_to_the_roles_without_losing_data() {
    use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};
    const POSTGRES: EmbeddedMigrations = embed_migrations!("crates/store/migrations/postgres");
    let Some(db) = TestDb::postgres() else { return };
    // The installation as the previous version left it: seven migrations,
    // an account and a client, no roles.
    let url = db.url_string();
    let mut pg = diesel::PgConnection::establish(&url).unwrap();
    for _ in 0..7 {
        pg.run_next_migration(POSTGRES).unwrap();
    }
    let ada = diesel::insert_into(collaborators::table)
        .values((
            collaborators::full_name.eq("Ada Admin"),
            collaborators::email.eq("ada@epic.test"),
            collaborators::department.eq("management"),
            collaborators::password_hash.eq("kept as it was"),
            collaborators::created_at.eq(epicevents_store::At(noon())),
            collaborators::updated_at.eq(epicevents_store::At(noon())),
        ))
        .returning(collaborators::id)
        .get_result::<i32>(&mut pg)
        .unwrap();
    let client = diesel::insert_into(clients::table)
        .values((
            clients::full_name.eq("Kevin Casey"),
            clients::email.eq("kevin@startup.test"),
            clients::phone.eq("+33 1 02 03 04 05"),
            clients::company_name.eq("Cool Startup"),
            clients::sales_contact_id.eq(None::<i32>),
            clients::created_at.eq(epicevents_store::At(noon())),
            clients::updated_at.eq(epicevents_store::At(noon())),
        ))
        .returning(clients::id)
        .get_result::<i32>(&mut pg)
        .unwrap();
    // An event written before events had a search text.
    let contract: i32 = diesel::insert_into(contracts::table)
        .values((
            contracts::client_id.eq(client),
            contracts::total_cents.eq(100),
            contracts::due_cents.eq(0),
            contracts::signed.eq(true),
            contracts::created_at.eq(epicevents_store::At(noon())),
            contracts::updated_at.eq(epicevents_store::At(noon())),
        ))
        .returning(contracts::id)
        .get_result(&mut pg)
        .unwrap();
    diesel::insert_into(events::table)
        .values((
            events::contract_id.eq(contract),
            events::name.eq("Gala de Noël"),
            events::starts_at.eq(epicevents_store::At(noon())),
            events::ends_at.eq(epicevents_store::At(noon() + chrono::Duration::hours(2))),
            events::location.eq("Lyon"),
            events::attendees.eq(80),
            events::created_at.eq(epicevents_store::At(noon())),
            events::updated_at.eq(epicevents_store::At(noon())),
        ))
        .execute(&mut pg)
        .unwrap();
    drop(pg);

    let setup = Setup::open(&db.url).unwrap();
    let report = setup.migrate().unwrap();
    let all = diesel::migration::MigrationSource::<diesel::pg::Pg>::migrations(&POSTGRES)
        .unwrap()
        .len();
    assert_eq!(
        report.applied.len(),
        all - 7,
        "only the migrations since were pending"
    );
    let roles = setup.install_roles(&db.url, None, true).unwrap();
    let server_url =
        secrecy::ExposeSecret::expose_secret(roles.server_database_url.as_ref().unwrap())
            .to_owned();

    // Everything is still there, and the server's role reads it without
    // reaching the password.
    let store = Store::open(
        &DatabaseUrl::parse(&server_url).unwrap(),
        OpenMode::MustExist,
    )
    .unwrap();
    store.ensure_current().unwrap();
    let hash = db.query(|c| {
        collaborators::table
            .find(ada)
            .select(collaborators::password_hash)
            .first::<String>(c)
    });
    assert_eq!(hash, "kept as it was");
    let (name, hidden) = store
        .read(|c| -> Result<_, StoreError> {
            let name = collaborators::table
                .find(ada)
                .select(collaborators::full_name)
                .first::<String>(c)?;
            let hidden = tried(c, None, |c| {
                Some(
                    collaborators::table
                        .select(collaborators::password_hash)
                        .load::<String>(c)
                        .map(|r| r.len() + 1),
                )
            });
            Ok((name, hidden))
        })
        .unwrap();
    assert_eq!((name.as_str(), hidden), ("Ada Admin", Some(false)));
    let kept = db.query(|c| {
        clients::table
            .find(client)
            .select(clients::full_name)
            .first::<String>(c)
    });
    assert_eq!(kept, "Kevin Casey");
    // Its search text was computed after the migration that added it.
    let found = db
        .store()
        .read(|c| {
            let noel = epicevents_store::events::Filter {
                search: Some("noel".into()),
                ..Default::default()
            };
            epicevents_store::events::list(c, &noel, epicevents_domain::Page::default())
        })
        .unwrap();
    assert_eq!(found.items.len(), 1, "an old event is found by its name");
}

#[test]
fn an_administrator_who_cannot_create_roles_gets_the_script_a_superuser_runs() {
    let Some(db) = TestDb::postgres() else { return };
    let (superuser, name) = match &db.url {
        DatabaseUrl::Postgres(u) => (u.clone(), u.rsplit('/').next().unwrap().to_owned()),
        DatabaseUrl::Sqlite(_) | DatabaseUrl::Mysql(_) => unreachable!(),
    };
    let admin =
        roles::create_test_admin(&std::env::var(common::POSTGRES_ENV).unwrap(), &name).unwrap();
    let admin_url =
        DatabaseUrl::parse(&epicevents_store::with_login(&superuser, &admin, None)).unwrap();
    let setup = Setup::open(&admin_url).unwrap();
    setup.migrate().unwrap();
    let first = Setup::open(&admin_url)
        .unwrap()
        .install_roles(&admin_url, None, true)
        .unwrap();
    assert!(first.server_database_url.is_none());
    let script = first
        .superuser_script
        .expect("the SQL a superuser must run");
    assert!(
        script.contains(&format!("epicevents_create_roles('{name}', '")),
        "{script}"
    );
    assert!(
        db.query(|c| epicevents_store::schema::collaborators::table
            .count()
            .get_result::<i64>(c))
            == 0
    );

    roles::run_test_script(&superuser, &script).unwrap();
    // Run again by the same administrator: the roles are there, and it may
    // now re-apply every grant as their owner.
    let again = Setup::open(&admin_url)
        .unwrap()
        .install_roles(&admin_url, None, true)
        .unwrap();
    assert!(again.superuser_script.is_none() && again.server_database_url.is_none());
    let login = db.query(|c| {
        diesel::select(diesel::dsl::exists(
            epicevents_store::schema::access_roles::table.filter(
                epicevents_store::schema::access_roles::role_name.eq(format!("{name}_server")),
            ),
        ))
        .get_result::<bool>(c)
    });
    assert!(login, "the roles are recorded");
}

#[test]
fn on_mariadb_an_administrator_who_cannot_create_accounts_gets_the_script_root_runs() {
    let Some(db) = TestDb::mysql() else { return };
    let (root, name) = match &db.url {
        DatabaseUrl::Mysql(u) => (u.clone(), u.rsplit('/').next().unwrap().to_owned()),
        DatabaseUrl::Sqlite(_) | DatabaseUrl::Postgres(_) => unreachable!(),
    };
    let admin =
        roles::create_test_admin(&std::env::var(common::MYSQL_ENV).unwrap(), &name).unwrap();
    let admin_url = DatabaseUrl::parse(&epicevents_store::with_login(&root, &admin, None)).unwrap();
    let setup = Setup::open(&admin_url).unwrap();
    setup.migrate().unwrap();
    let first = setup.install_roles(&admin_url, None, true).unwrap();
    assert!(first.server_database_url.is_none());
    let script = first.superuser_script.expect("the SQL root must run");
    assert!(
        script.contains(&format!(
            "CREATE USER IF NOT EXISTS '{name}_server'@'%' IDENTIFIED BY '"
        )),
        "{script}"
    );
    let recorded = |db: &TestDb| {
        db.query(|c| {
            epicevents_store::schema::access_roles::table
                .count()
                .get_result::<i64>(c)
        })
    };
    assert_eq!(recorded(&db), 0, "nothing was done before the script runs");

    roles::run_test_script(&root, &script).unwrap();
    assert_eq!(recorded(&db), 6, "the roles are recorded");
    // The login account logs in with the script's password, in its default
    // role, and acts as a department only when told.
    let password = script
        .split("IDENTIFIED BY '")
        .nth(1)
        .and_then(|rest| rest.split('\'').next())
        .unwrap();
    let login_url = epicevents_store::with_login(&root, &format!("{name}_server"), Some(password));
    let login = Store::open(
        &DatabaseUrl::parse(&login_url).unwrap(),
        OpenMode::MustExist,
    )
    .unwrap();
    login
        .ensure_current()
        .expect("the login account may check the schema");
    let refused = login
        .read(|c| -> Result<_, StoreError> {
            Ok(tried(c, None, |c| {
                Some(
                    clients::table
                        .select(clients::id)
                        .load::<i32>(c)
                        .map(|r| r.len() + 1),
                )
            }))
        })
        .unwrap();
    assert_eq!(
        refused,
        Some(false),
        "the login account reads no client outside a request"
    );
    // Run again by the same administrator: the script again (it cannot
    // grant what it does not hold), which changes nothing when run twice.
    let again = setup.install_roles(&admin_url, None, true).unwrap();
    roles::run_test_script(&root, &again.superuser_script.unwrap()).unwrap();
    assert_eq!(recorded(&db), 6);
}
