//! PostgreSQL enforces the policy a second time, on its own: with the
//! application's checks bypassed on purpose (each write run straight
//! against the database as a department's role and an actor), every cell
//! the policy table denies is refused by the database's grants and
//! row-level security, and every cell it allows goes through.

mod common;

use diesel::prelude::*;

use common::roles::{mariadb, noon, postgres, tried};
use epicevents_domain::Department;
use epicevents_domain::policy::{self, Action, Relation, Target};
use epicevents_store::raw::{self, roles};
use epicevents_store::schema::{
    audit_log, clients, collaborators, contracts, events, login_attempts, sessions,
};
use epicevents_store::{DatabaseUrl, DbConnection, OpenMode, Store, StoreError};

/// The records a probe acts on, as seen from one actor.
struct Cast {
    /// The role an import runs as, whoever asks for it.
    import_role: String,
    actor: i32,
    other: i32,
    clients: [Option<i32>; 3],
    contracts: [Option<i32>; 3],
    events: [Option<i32>; 3],
    collaborators: [Option<i32>; 3],
}

fn index(r: Relation) -> usize {
    match r {
        Relation::Own => 0,
        Relation::Other => 1,
        Relation::Unassigned => 2,
    }
}

fn email_of(c: &mut DbConnection, who: i32) -> QueryResult<String> {
    collaborators::table
        .find(who)
        .select(collaborators::email)
        .first(c)
}

fn hire(c: &mut DbConnection, name: &str, department: Department) -> i32 {
    diesel::insert_into(collaborators::table)
        .values((
            collaborators::full_name.eq(name),
            collaborators::email.eq(format!(
                "{}@epic.test",
                name.to_lowercase().replace(' ', ".")
            )),
            collaborators::department.eq(department.as_str()),
            collaborators::password_hash.eq("not a real hash"),
            collaborators::created_at.eq(epicevents_store::At(noon())),
            collaborators::updated_at.eq(epicevents_store::At(noon())),
        ))
        .execute(c)
        .map(|_| raw::last_insert_id(c).unwrap())
        .unwrap()
}

/// A client of `sales` (or nobody's), its signed contract, and an event
/// supported by `support` (or nobody).
fn records(c: &mut DbConnection, sales: Option<i32>, support: Option<i32>) -> (i32, i32, i32) {
    let client: i32 = diesel::insert_into(clients::table)
        .values((
            clients::full_name.eq("Kevin Casey"),
            clients::email.eq("kevin@startup.test"),
            clients::phone.eq("+33 1 02 03 04 05"),
            clients::company_name.eq("Cool Startup"),
            clients::sales_contact_id.eq(sales),
            clients::created_at.eq(epicevents_store::At(noon())),
            clients::updated_at.eq(epicevents_store::At(noon())),
        ))
        .execute(c)
        .map(|_| raw::last_insert_id(c).unwrap())
        .unwrap();
    let contract: i32 = diesel::insert_into(contracts::table)
        .values((
            contracts::client_id.eq(client),
            contracts::total_cents.eq(100_000),
            contracts::due_cents.eq(50_000),
            contracts::signed.eq(true),
            contracts::created_at.eq(epicevents_store::At(noon())),
            contracts::updated_at.eq(epicevents_store::At(noon())),
        ))
        .execute(c)
        .map(|_| raw::last_insert_id(c).unwrap())
        .unwrap();
    let event: i32 = diesel::insert_into(events::table)
        .values((
            events::contract_id.eq(contract),
            events::name.eq("Gala"),
            events::starts_at.eq(epicevents_store::At(noon())),
            events::ends_at.eq(epicevents_store::At(noon() + chrono::Duration::hours(4))),
            events::support_contact_id.eq(support),
            events::location.eq("Paris"),
            events::attendees.eq(10),
            events::notes.eq(""),
            events::created_at.eq(epicevents_store::At(noon())),
            events::updated_at.eq(epicevents_store::At(noon())),
        ))
        .execute(c)
        .map(|_| raw::last_insert_id(c).unwrap())
        .unwrap();
    (client, contract, event)
}

/// A record's history, as `history` reads it: the trail's entries on it.
fn story(c: &mut DbConnection, record: &str, id: i32) -> QueryResult<usize> {
    audit_log::table
        .filter(audit_log::record.eq(record))
        .filter(audit_log::subject.eq(id.to_string()))
        .select(audit_log::id)
        .load::<i32>(c)
        .map(|r| r.len())
}

/// An entry of the trail on every record of the cast, so that reading a
/// history finds something wherever the database lets it.
fn trail(c: &mut DbConnection, cast: &Cast) -> QueryResult<()> {
    let kinds = [
        ("client", &cast.clients),
        ("contract", &cast.contracts),
        ("event", &cast.events),
        ("collaborator", &cast.collaborators),
    ];
    for (record, ids) in kinds {
        for id in ids.iter().flatten() {
            diesel::insert_into(audit_log::table)
                .values((
                    audit_log::at.eq(epicevents_store::At(noon())),
                    audit_log::actor_id.eq(cast.actor),
                    audit_log::action.eq(format!("{record}.update")),
                    audit_log::subject.eq(id.to_string()),
                    audit_log::outcome.eq("ok"),
                    audit_log::record.eq(record),
                ))
                .execute(c)?;
        }
    }
    Ok(())
}

/// One cell, as the database sees it: the write the action makes, on the
/// record of that relation. `None`: the cell has no record (a collaborator
/// is never "nobody's"). Every action has a probe: a new action without
/// one does not compile.
fn probe(
    c: &mut DbConnection,
    action: Action,
    target: Target,
    cast: &Cast,
) -> Option<QueryResult<usize>> {
    let pick = |ids: &[Option<i32>; 3]| match target {
        Target::Record(r) => ids[index(r)],
        Target::Collection => None,
    };
    let on_record = target != Target::Collection;
    if on_record && action.on_record() {
        let ids = match action {
            Action::CollaboratorShow
            | Action::CollaboratorUpdate
            | Action::CollaboratorSetPassword
            | Action::CollaboratorDelete
            | Action::CollaboratorUnlock
            | Action::CollaboratorHistory => &cast.collaborators,
            Action::ClientShow
            | Action::ClientUpdate
            | Action::ClientReassign
            | Action::ClientHistory => &cast.clients,
            Action::ContractShow
            | Action::ContractUpdate
            | Action::ContractSign
            | Action::ContractHistory
            | Action::EventCreate => &cast.contracts,
            _ => &cast.events,
        };
        pick(ids)?;
    }
    let id = |ids: &[Option<i32>; 3]| pick(ids).unwrap_or(0);
    Some(match action {
        Action::SessionWhoami => collaborators::table
            .find(cast.actor)
            .select(collaborators::full_name)
            .load::<String>(c)
            .map(|r| r.len()),
        Action::SessionLogout => {
            diesel::delete(sessions::table.filter(sessions::collaborator_id.eq(cast.actor)))
                .execute(c)
        }
        // Reading accounts' non-secret columns is open to every department
        // (records name their contacts); see NOT_IN_THE_DATABASE.
        Action::CollaboratorList => collaborators::table
            .select(collaborators::email)
            .load::<String>(c)
            .map(|r| r.len()),
        Action::CollaboratorShow => collaborators::table
            .find(id(&cast.collaborators))
            .select(collaborators::email)
            .load::<String>(c)
            .map(|r| r.len()),
        Action::CollaboratorCreate => diesel::insert_into(collaborators::table)
            .values((
                collaborators::full_name.eq("New Hire"),
                collaborators::email.eq("new.hire@epic.test"),
                collaborators::department.eq("support"),
                collaborators::password_hash.eq("h"),
                collaborators::created_at.eq(epicevents_store::At(noon())),
                collaborators::updated_at.eq(epicevents_store::At(noon())),
            ))
            .execute(c),
        Action::CollaboratorUpdate => {
            diesel::update(collaborators::table.find(id(&cast.collaborators)))
                .set((
                    collaborators::full_name.eq("Renamed"),
                    collaborators::department.eq("sales"),
                ))
                .execute(c)
        }
        Action::CollaboratorSetPassword => {
            diesel::update(collaborators::table.find(id(&cast.collaborators)))
                .set((
                    collaborators::password_hash.eq("new"),
                    collaborators::updated_at.eq(epicevents_store::At(noon())),
                ))
                .execute(c)
        }
        Action::CollaboratorDelete => {
            diesel::delete(collaborators::table.find(id(&cast.collaborators))).execute(c)
        }
        Action::CollaboratorUnlock => email_of(c, id(&cast.collaborators)).and_then(|email| {
            diesel::delete(login_attempts::table.filter(login_attempts::subject.eq(email)))
                .execute(c)
        }),
        Action::ClientList | Action::ClientShow => clients::table
            .select(clients::id)
            .load::<i32>(c)
            .map(|r| r.len()),
        Action::ContractList | Action::ContractShow => contracts::table
            .select(contracts::id)
            .load::<i32>(c)
            .map(|r| r.len()),
        Action::EventList | Action::EventShow => events::table
            .select(events::id)
            .load::<i32>(c)
            .map(|r| r.len()),
        Action::ClientCreate => diesel::insert_into(clients::table)
            .values((
                clients::full_name.eq("New Client"),
                clients::email.eq("new@client.test"),
                clients::phone.eq("+33 1 00 00 00 00"),
                clients::company_name.eq("New Co"),
                clients::sales_contact_id.eq(cast.actor),
                clients::created_at.eq(epicevents_store::At(noon())),
                clients::updated_at.eq(epicevents_store::At(noon())),
            ))
            .execute(c),
        Action::ClientUpdate => diesel::update(clients::table.find(id(&cast.clients)))
            .set((
                clients::full_name.eq("Kevin Casey Jr"),
                clients::version.eq(clients::version + 1),
            ))
            .execute(c),
        Action::ClientReassign => diesel::update(clients::table.find(id(&cast.clients)))
            .set((
                clients::sales_contact_id.eq(cast.other),
                clients::version.eq(clients::version + 1),
            ))
            .execute(c),
        Action::ContractCreate => diesel::insert_into(contracts::table)
            .values((
                contracts::client_id.eq(cast.clients[1].unwrap()),
                contracts::total_cents.eq(1),
                contracts::due_cents.eq(1),
                contracts::signed.eq(false),
                contracts::created_at.eq(epicevents_store::At(noon())),
                contracts::updated_at.eq(epicevents_store::At(noon())),
            ))
            .execute(c),
        Action::ContractUpdate => diesel::update(contracts::table.find(id(&cast.contracts)))
            .set((
                contracts::due_cents.eq(0),
                contracts::version.eq(contracts::version + 1),
            ))
            .execute(c),
        Action::ContractSign => diesel::update(contracts::table.find(id(&cast.contracts)))
            .set((
                contracts::signed.eq(true),
                contracts::updated_at.eq(epicevents_store::At(noon())),
            ))
            .execute(c),
        Action::EventCreate => diesel::insert_into(events::table)
            .values((
                events::contract_id.eq(id(&cast.contracts)),
                events::name.eq("New event"),
                events::starts_at.eq(epicevents_store::At(noon())),
                events::ends_at.eq(epicevents_store::At(noon() + chrono::Duration::hours(1))),
                events::support_contact_id.eq(None::<i32>),
                events::location.eq("Lyon"),
                events::attendees.eq(5),
                events::notes.eq(""),
                events::created_at.eq(epicevents_store::At(noon())),
                events::updated_at.eq(epicevents_store::At(noon())),
            ))
            .execute(c),
        Action::EventUpdate => diesel::update(events::table.find(id(&cast.events)))
            .set((
                events::notes.eq("Changed"),
                events::version.eq(events::version + 1),
            ))
            .execute(c),
        // An import runs as the import role, which lets only a manager's
        // writes through.
        Action::EventImport => roles::assume(c, &cast.import_role, cast.actor)
            .map_err(|e| panic!("cannot act as the import role: {e}"))
            .and_then(|()| {
                diesel::insert_into(events::table)
                    .values((
                        events::contract_id.eq(cast.contracts[1].unwrap()),
                        events::name.eq("Imported event"),
                        events::starts_at.eq(epicevents_store::At(noon())),
                        events::ends_at
                            .eq(epicevents_store::At(noon() + chrono::Duration::hours(1))),
                        events::support_contact_id.eq(cast.other),
                        events::location.eq("Nantes"),
                        events::attendees.eq(5),
                        events::notes.eq(""),
                        events::external_ref.eq("1"),
                        events::created_at.eq(epicevents_store::At(noon())),
                        events::updated_at.eq(epicevents_store::At(noon())),
                    ))
                    .execute(c)
            }),
        Action::ClientHistory => story(c, "client", id(&cast.clients)),
        Action::ContractHistory => story(c, "contract", id(&cast.contracts)),
        Action::EventHistory => story(c, "event", id(&cast.events)),
        Action::CollaboratorHistory => story(c, "collaborator", id(&cast.collaborators)),
        Action::EventUnassign => diesel::update(events::table.find(id(&cast.events)))
            .set((
                events::support_contact_id.eq(None::<i32>),
                events::version.eq(events::version + 1),
            ))
            .execute(c),
        Action::EventAssign => diesel::update(events::table.find(id(&cast.events)))
            .set((
                events::support_contact_id.eq(cast.other),
                events::version.eq(events::version + 1),
            ))
            .execute(c),
    })
}

/// Cells the policy denies and the database allows, on purpose: every
/// department reads collaborators' names, e-mails and departments, since
/// every record shows its contacts (only the password hash is closed); and
/// a collaborator's own failed password checks are forgotten when they
/// change their own password, so the database lets them clear their own.
const NOT_IN_THE_DATABASE: &[(Action, Option<Relation>)] = &[
    (Action::CollaboratorList, None),
    (Action::CollaboratorShow, Some(Relation::Own)),
    (Action::CollaboratorShow, Some(Relation::Other)),
    (Action::CollaboratorUnlock, Some(Relation::Own)),
];

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
            || NOT_IN_THE_DATABASE.contains(&(action, relation))
    });
    assert!(disagreements.is_empty(), "{}", disagreements.join("\n"));
}

/// What MariaDB cannot tell apart without row-level security: the import
/// role is the application's choice, and a department that reads some
/// records' history reads the whole trail's table.
const APP_ONLY_ON_MARIADB: &[Action] = &[Action::EventImport, Action::CollaboratorHistory];

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
        APP_ONLY_ON_MARIADB.contains(&action)
            || policy::targets(action).into_iter().any(|t| {
                let relation = match t {
                    Target::Record(r) => Some(r),
                    Target::Collection => None,
                };
                policy::allows(department, action, t)
                    || NOT_IN_THE_DATABASE.contains(&(action, relation))
            })
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
    let prefix = match &db.url {
        DatabaseUrl::Postgres(u) | DatabaseUrl::Mysql(u) => {
            u.rsplit('/').next().unwrap().to_owned()
        }
        DatabaseUrl::Sqlite(_) => unreachable!(),
    };
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
                let own = records(c, Some(actor), Some(actor));
                let others = records(c, Some(other), Some(other));
                let nobodys = records(c, None, None);
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
                    clients: [Some(own.0), Some(others.0), Some(nobodys.0)],
                    contracts: [Some(own.1), Some(others.1), Some(nobodys.1)],
                    events: [Some(own.2), Some(others.2), Some(nobodys.2)],
                    collaborators: [Some(actor), Some(spare), None],
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
