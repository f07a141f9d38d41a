//! PostgreSQL enforces the policy a second time, on its own: with the
//! application's checks bypassed on purpose (each write run straight
//! against the database as a department's role and an actor), every cell
//! the policy table denies is refused by the database's grants and
//! row-level security, and every cell it allows goes through.

use crate::common;

use diesel::prelude::*;

use common::roles::{mariadb, noon, postgres, role_prefix, tried};
use epicevents_domain::Department;
use epicevents_domain::policy::{self, Action, Relation, Target};
use epicevents_store::schema::{login_attempts, sessions};
use epicevents_store::{DatabaseUrl, OpenMode, Store, StoreError};

#[path = "database_matrix/probes.rs"]
mod probes;

use probes::{Archived, Cast, archive, email_of, hire, notify, probe, records, trail};

/// Cells the policy denies and the database allows, on purpose: every
/// department reads collaborators' names, e-mails and departments, since
/// every record shows its contacts (only the password hash is closed); and
/// a collaborator's own failed password checks are forgotten when they
/// change their own password, so the database lets them clear their own;
/// and a manager updates their own account's columns, the deactivation
/// too (deactivated, they could not log in to clear it). Starting an
/// import writes nothing of its own: what it writes is each write's own
/// cell (`event.update`, `event.assign`, `event.import-create`).
const NOT_IN_THE_DATABASE: &[(Action, Option<Relation>)] = &[
    (Action::CollaboratorList, None),
    (Action::EventImport, None),
    (Action::CollaboratorShow, Some(Relation::Own)),
    (Action::CollaboratorShow, Some(Relation::Other)),
    (Action::CollaboratorUnlock, Some(Relation::Own)),
];

/// The database's allowing `action` on `relation` for `department` though
/// the policy denies it: see [`NOT_IN_THE_DATABASE`].
fn not_in_the_database(department: Department, action: Action, relation: Option<Relation>) -> bool {
    NOT_IN_THE_DATABASE.contains(&(action, relation))
        || (department == Department::Management
            && action == Action::CollaboratorReactivate
            && relation == Some(Relation::Own))
}

#[test]
fn the_database_refuses_every_cell_the_policy_denies_and_allows_the_rest() {
    let Some((db, _)) = postgres() else { return };
    // A superuser that sets a role has that role's privileges only.
    let disagreements = matrix(&db, &db.store(), |department, action, target| {
        let relation = match target {
            Target::Record(r) => Some(r),
            Target::Collection => None,
        };
        policy::allows(department, action, target)
            || not_in_the_database(department, action, relation)
    });
    assert!(disagreements.is_empty(), "{}", disagreements.join("\n"));
}

/// Each reads and marks read their own notifications, whatever the
/// statement asks: PostgreSQL's row-level security hides the others'.
#[test]
fn notifications_are_their_recipients_own() {
    use epicevents_store::raw::roles;
    use epicevents_store::schema::notifications;
    let Some((db, _)) = postgres() else { return };
    let prefix = role_prefix(&db);
    let store = db.store();
    let (me, other) = store
        .write(|c| -> Result<(i32, i32), StoreError> {
            let me = hire(c, "Me Myself", Department::Support);
            let other = hire(c, "Someone Else", Department::Support);
            notify(c, me)?;
            notify(c, other)?;
            Ok((me, other))
        })
        .unwrap();
    for department in Department::ALL {
        let role = format!("{prefix}_{}", department.as_str());
        let (seen, marked) = store
            .read(|c| -> Result<(Vec<i32>, usize), StoreError> {
                c.transaction(|c| {
                    roles::assume(c, &role, me)?;
                    let seen = notifications::table
                        .select(notifications::recipient_id)
                        .load::<i32>(c)?;
                    let marked = diesel::update(notifications::table)
                        .set(notifications::read_at.eq(Some(epicevents_store::At(noon()))))
                        .execute(c)?;
                    Ok((seen, marked))
                })
            })
            .unwrap();
        assert_eq!((seen, marked), (vec![me], 1), "{department}: not {other}'s");
    }
}

/// The trail's author is whoever acts, and a contact belongs to the
/// department the column names: PostgreSQL checks both on its own.
#[test]
fn the_trail_is_written_in_its_authors_name_and_contacts_are_in_their_department() {
    use epicevents_store::schema::{audit_log, clients, events};
    let Some((db, server_url)) = postgres() else {
        return;
    };
    let prefix = role_prefix(&db);
    let store = db.store();
    let (ada, bill, kate, client, event) = store
        .write(|c| -> Result<_, StoreError> {
            let ada = hire(c, "Ada Manager", Department::Management);
            let bill = hire(c, "Bill Seller", Department::Sales);
            let kate = hire(c, "Kate Support", Department::Support);
            let (client, _, event) = records(c, Some(bill), Some(kate));
            Ok((ada, bill, kate, client, event))
        })
        .unwrap();
    let entry = |actor: i32, record: Option<&'static str>| {
        move |c: &mut epicevents_store::DbConnection| {
            diesel::insert_into(audit_log::table)
                .values((
                    audit_log::at.eq(epicevents_store::At(noon())),
                    audit_log::actor_id.eq(actor),
                    audit_log::action.eq("client.update"),
                    audit_log::subject.eq("1"),
                    audit_log::outcome.eq("ok"),
                    audit_log::record.eq(record),
                ))
                .execute(c)
                .map(|n| n + 1)
        }
    };
    let management = format!("{prefix}_management");
    let sales = format!("{prefix}_sales");
    // Whether `f`, tried through `on` (as `role` for an actor, if given),
    // was let through.
    let through =
        |on: &Store,
         role: Option<(&str, i32)>,
         f: &dyn Fn(&mut epicevents_store::DbConnection) -> QueryResult<usize>| {
            on.read(|c| -> Result<_, StoreError> { Ok(tried(c, role, |c| Some(f(c)))) })
                .unwrap()
                .unwrap()
        };
    let let_through =
        |role: &str,
         actor: i32,
         f: &dyn Fn(&mut epicevents_store::DbConnection) -> QueryResult<usize>| {
            through(&store, Some((role, actor)), f)
        };
    assert!(
        !let_through(&management, ada, &entry(bill, Some("client"))),
        "an entry in Bill's name"
    );
    assert!(
        let_through(&management, ada, &entry(ada, Some("client"))),
        "an entry in her own"
    );
    assert!(
        !let_through(&sales, bill, &entry(ada, Some("client"))),
        "sales in Ada's name"
    );
    let to_sales = |who: i32| {
        move |c: &mut epicevents_store::DbConnection| {
            diesel::update(clients::table.find(client))
                .set(clients::sales_contact_id.eq(who))
                .execute(c)
        }
    };
    assert!(
        !let_through(&management, ada, &to_sales(kate)),
        "a client handed to support"
    );
    assert!(
        !let_through(&management, ada, &to_sales(ada)),
        "a client handed to management"
    );
    assert!(
        let_through(&management, ada, &to_sales(bill)),
        "a client handed to sales"
    );
    let to_support = |who: i32| {
        move |c: &mut epicevents_store::DbConnection| {
            diesel::update(events::table.find(event))
                .set(events::support_contact_id.eq(who))
                .execute(c)
        }
    };
    assert!(
        !let_through(&management, ada, &to_support(bill)),
        "an event handed to sales"
    );
    assert!(
        let_through(&management, ada, &to_support(kate)),
        "an event handed to support"
    );

    // The login role acts for nobody: it records logins and refusals, and
    // no change to a record in anyone's name.
    let login_role = Store::open(
        &DatabaseUrl::parse(&server_url).unwrap(),
        OpenMode::MustExist,
    )
    .unwrap();
    let as_server = |f: &dyn Fn(&mut epicevents_store::DbConnection) -> QueryResult<usize>| {
        through(&login_role, None, f)
    };
    assert!(
        !as_server(&entry(bill, Some("client"))),
        "a change in Bill's name"
    );
    let failed_login = |c: &mut epicevents_store::DbConnection| {
        diesel::insert_into(audit_log::table)
            .values((
                audit_log::at.eq(epicevents_store::At(noon())),
                audit_log::actor_id.eq(bill),
                audit_log::action.eq("session.login"),
                audit_log::subject.eq("bill.seller@epic.test"),
                audit_log::outcome.eq("failed"),
            ))
            .execute(c)
            .map(|n| n + 1)
    };
    assert!(as_server(&failed_login), "a failed login");
}

/// What MariaDB cannot tell apart without row-level security: the import
/// role is the application's choice, and a department that reads some
/// records' history reads the whole trail's table.
const APP_ONLY_ON_MARIADB: &[Action] = &[
    Action::EventImport,
    Action::EventImportCreate,
    Action::CollaboratorHistory,
    Action::HistoryList,
];

/// Restoring writes the column archiving writes: on MariaDB, whoever may
/// archive a record (sales, their own clients and contracts) could clear
/// it too, which only the application refuses there. Support's updates and
/// sales' corrections write the same details of events: which events each
/// may change is the application's alone there.
fn same_columns_on_mariadb(action: Action) -> &'static [Action] {
    match action {
        Action::ClientRestore => &[Action::ClientArchive],
        Action::ContractRestore => &[Action::ContractArchive],
        Action::EventUpdate | Action::EventAmend => &[Action::EventUpdate, Action::EventAmend],
        _ => &[],
    }
}

/// MariaDB has roles and column grants but no row-level security: it
/// refuses what a department may never do, to any record, and lets through
/// every department × action the policy allows on some record, whoever's
/// record it is. Whose record it is (own, other, nobody's), whether a
/// contract is signed, and that only a manager's import may use the import
/// role are the application's checks alone there.
#[test]
fn mariadb_refuses_every_action_a_department_may_never_take() {
    let Some((db, server_url)) = mariadb() else {
        return;
    };
    // As the login account: an administrator's own privileges would add to
    // any role it sets.
    let login = Store::open(
        &DatabaseUrl::parse(&server_url).unwrap(),
        OpenMode::MustExist,
    )
    .unwrap();
    let disagreements = matrix(&db, &login, |department, action, _| {
        let granted = |action: Action| {
            APP_ONLY_ON_MARIADB.contains(&action)
                || policy::targets(action).into_iter().any(|t| {
                    let relation = match t {
                        Target::Record(r) => Some(r),
                        Target::Collection => None,
                    };
                    policy::allows(department, action, t)
                        || not_in_the_database(department, action, relation)
                })
        };
        match same_columns_on_mariadb(action) {
            [] => granted(action),
            alike => alike.iter().any(|&a| granted(a)),
        }
    });
    assert!(disagreements.is_empty(), "{}", disagreements.join("\n"));
}

/// Probes every department × action × relation through `probing`, each
/// in a transaction rolled back, and lists where the database's answer is
/// not `expected`.
fn matrix(
    db: &common::TestDb,
    probing: &Store,
    expected: impl Fn(Department, Action, Target) -> bool,
) -> Vec<String> {
    let store = db.store();
    let prefix = role_prefix(db);
    let mut disagreements = Vec::new();
    let mut cells = 0;
    for department in [
        Department::Sales,
        Department::Support,
        Department::Management,
    ] {
        let cast = store
            .write(|c| -> Result<Cast, StoreError> {
                let actor = hire(c, &format!("Actor {department}"), department);
                let other = hire(c, &format!("Other {department}"), department);
                // A client's sales contact is in sales and an event's
                // support contact in support (the database checks it when
                // a row is written): outside those departments, the
                // records called the actor's and the other's are those of
                // stand-ins, as "own" means nothing there.
                let mut of = |who: i32, name: &str, wanted: Department| {
                    let name = format!("{name} for {department}");
                    if department == wanted {
                        who
                    } else {
                        hire(c, &name, wanted)
                    }
                };
                let (own_seller, seller) = (
                    of(actor, "Own Seller", Department::Sales),
                    of(other, "Other Seller", Department::Sales),
                );
                let (own_support, supporter) = (
                    of(actor, "Own Support", Department::Support),
                    of(other, "Other Support", Department::Support),
                );
                let own = records(c, Some(own_seller), Some(own_support));
                let others = records(c, Some(seller), Some(supporter));
                let nobodys = records(c, None, None);
                let fresh = [
                    records(c, Some(own_seller), None).2,
                    records(c, Some(seller), None).2,
                    records(c, None, None).2,
                ];
                // The same again, archived, for restores.
                let archived = [
                    records(c, Some(own_seller), Some(own_support)),
                    records(c, Some(seller), Some(supporter)),
                    records(c, None, None),
                ];
                for (client, contract, event) in archived {
                    archive(c, Archived::Client(client), true)?;
                    archive(c, Archived::Contract(contract), true)?;
                    archive(c, Archived::Event(event), true)?;
                }
                // An account with no records, which can be deleted.
                let spare = hire(c, &format!("Spare {department}"), department);
                for who in [actor, spare] {
                    diesel::insert_into(sessions::table)
                        .values((
                            sessions::collaborator_id.eq(who),
                            sessions::token_hash.eq(format!("hash of {who}")),
                            sessions::created_at.eq(epicevents_store::At(noon())),
                            sessions::expires_at.eq(epicevents_store::At(noon())),
                            sessions::last_used_at.eq(epicevents_store::At(noon())),
                        ))
                        .execute(c)?;
                    diesel::insert_into(login_attempts::table)
                        .values((
                            login_attempts::subject.eq(email_of(c, who)?),
                            login_attempts::source.eq("test"),
                            login_attempts::attempts.eq(3),
                            login_attempts::window_start.eq(epicevents_store::At(noon())),
                        ))
                        .execute(c)?;
                }
                let cast = Cast {
                    import_role: format!("{prefix}_import"),
                    actor,
                    other,
                    seller,
                    supporter,
                    clients: [Some(own.0), Some(others.0), Some(nobodys.0)],
                    contracts: [Some(own.1), Some(others.1), Some(nobodys.1)],
                    events: [Some(own.2), Some(others.2), Some(nobodys.2)],
                    fresh_events: fresh.map(Some),
                    collaborators: [Some(actor), Some(spare), None],
                    archived: [
                        archived.map(|r| Some(r.0)),
                        archived.map(|r| Some(r.1)),
                        archived.map(|r| Some(r.2)),
                    ],
                };
                trail(c, &cast)?;
                Ok(cast)
            })
            .unwrap();
        let role = format!("{prefix}_{}", department.as_str());
        for &action in Action::ALL {
            for target in policy::targets(action) {
                let allowed = policy::allows(department, action, target);
                // Each cell in its own transaction, rolled back.
                let outcome = probing.read(|c| -> Result<Option<bool>, StoreError> {
                    Ok(tried(c, Some((&role, cast.actor)), |c| {
                        probe(c, action, target, &cast)
                    }))
                });
                let Some(db_allows) = outcome.unwrap() else {
                    assert!(
                        !allowed,
                        "{department} {action} {target:?}: the policy allows a cell with no record"
                    );
                    continue;
                };
                cells += 1;
                if db_allows != expected(department, action, target) {
                    disagreements.push(format!(
                        "{department} {action} {target:?}: policy {allowed}, database {db_allows}"
                    ));
                }
            }
        }
    }
    assert!(
        cells >= 140,
        "every department × action × relation was probed ({cells})"
    );
    disagreements
}

/// An import changes what its importer could with single commands: the
/// import role, which management's imports act as, hands events over and
/// rewrites no event's details; support re-imports its own events' details,
/// their sheet numbers too, through its own role. On PostgreSQL and MariaDB.
#[test]
fn the_import_role_hands_events_over_and_rewrites_no_details() {
    use epicevents_store::schema::events;
    for (db, server_url) in [postgres(), mariadb()].into_iter().flatten() {
        let prefix = role_prefix(&db);
        let (ada, kate, lou, event) = db
            .store()
            .write(|c| -> Result<_, StoreError> {
                let ada = hire(c, "Ada Manager", Department::Management);
                let bill = hire(c, "Bill Seller", Department::Sales);
                let kate = hire(c, "Kate Support", Department::Support);
                let lou = hire(c, "Lou Support", Department::Support);
                let (_, _, event) = records(c, Some(bill), Some(kate));
                Ok((ada, kate, lou, event))
            })
            .unwrap();
        // As the login account: an administrator's own privileges would add
        // to any role it sets.
        let login = Store::open(
            &DatabaseUrl::parse(&server_url).unwrap(),
            OpenMode::MustExist,
        )
        .unwrap();
        let through =
            |role: &str,
             actor: i32,
             f: &dyn Fn(&mut epicevents_store::DbConnection) -> QueryResult<usize>| {
                login
                    .read(|c| -> Result<_, StoreError> {
                        Ok(tried(c, Some((role, actor)), |c| Some(f(c))))
                    })
                    .unwrap()
                    .unwrap()
            };
        let import = format!("{prefix}_import");
        let support = format!("{prefix}_support");
        let row = events::table.find(event);
        let rename = |c: &mut epicevents_store::DbConnection| {
            diesel::update(row)
                .set(events::name.eq("Renamed"))
                .execute(c)
        };
        let notes = |c: &mut epicevents_store::DbConnection| {
            diesel::update(row)
                .set(events::notes.eq("Changed"))
                .execute(c)
        };
        let number = |c: &mut epicevents_store::DbConnection| {
            diesel::update(row)
                .set(events::external_ref.eq("E-17"))
                .execute(c)
        };
        let hand_over = |c: &mut epicevents_store::DbConnection| {
            diesel::update(row)
                .set((
                    events::support_contact_id.eq(lou),
                    events::version.eq(events::version + 1),
                ))
                .execute(c)
        };
        let on = db.url.to_string();
        assert!(
            !through(&import, ada, &rename),
            "{on}: the import role renames an event"
        );
        assert!(
            !through(&import, ada, &notes),
            "{on}: the import role rewrites notes"
        );
        assert!(
            !through(&import, ada, &number),
            "{on}: the import role renumbers an event"
        );
        assert!(
            through(&import, ada, &hand_over),
            "{on}: the import role hands an event over"
        );
        assert!(
            through(&support, kate, &notes),
            "{on}: support rewrites its own event's notes"
        );
        assert!(
            through(&support, kate, &number),
            "{on}: support numbers its own event"
        );
        assert!(
            !through(&support, kate, &hand_over),
            "{on}: support hands an event over"
        );
    }
}
