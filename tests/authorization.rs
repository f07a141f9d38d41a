//! The access table, driven through the service layer: for every department,
//! every action, and each relation the action can have, a real call is made
//! and must be refused exactly when the policy table says so.

use crate::common;

use common::records::{self, Fixture};
use common::{TestDb, World, secret};
use epicevents_domain::Department;
use epicevents_domain::history::Kind;
use epicevents_domain::policy::{self, Action, Relation, Target};
use epicevents_service::{
    ClientChanges, ClientQuery, ContractChanges, ContractQuery, ErrorKind, EventChanges,
    EventQuery, ImportRequest, NewClient, NewCollaborator, NewContract, NewEvent, NewPayment,
    ServiceError, SessionToken, SheetCell, SheetEvent, TrailQuery, UpdateCollaborator,
};

struct Actor {
    id: i32,
    token: SessionToken,
    password: String,
}

fn actor(world: &mut World, department: Department, n: usize) -> Actor {
    let email = format!("{}{n}@epic.test", department.as_str());
    let name = format!("Actor {n}");
    let (id, token) = world.hire(&name, &email, department.as_str());
    Actor {
        id,
        token,
        password: format!("{name}'s passphrase"),
    }
}

/// What a call acts on: a collaborator (`other` when not the actor's own),
/// and the client, contract and event of the cell's fixture.
struct On {
    other: i32,
    records: Option<Fixture>,
    sales: i32,
    support: i32,
}

/// Performs `action` as `who` on the record `relation` designates. The match
/// is exhaustive: a new action does not compile until it has a row here.
fn perform(
    world: &mut World,
    action: Action,
    who: &Actor,
    on: &On,
    relation: Option<Relation>,
) -> Result<(), ServiceError> {
    let target = match relation {
        Some(Relation::Own) => who.id,
        _ => on.other,
    };
    let r = on.records.unwrap_or(Fixture {
        client: 0,
        contract: 0,
        event: 0,
    });
    let s = &mut world.services;
    let t = Some(&who.token);
    match action {
        Action::SessionWhoami => s.whoami(t).map(drop),
        Action::SessionLogout => s.logout(&who.token).map(drop),
        Action::CollaboratorList => s.list_collaborators(t, &Default::default()).map(drop),
        Action::CollaboratorCreate => s
            .create_collaborator(
                t,
                NewCollaborator {
                    name: "New Hire".into(),
                    email: format!("new{}@epic.test", who.id),
                    department: "support".into(),
                    password: secret("a fresh passphrase"),
                },
            )
            .map(drop),
        Action::CollaboratorShow => s.show_collaborator(t, target).map(drop),
        Action::CollaboratorUpdate => s
            .update_collaborator(
                t,
                target,
                UpdateCollaborator {
                    name: Some("Renamed".into()),
                    ..Default::default()
                },
            )
            .map(drop),
        Action::CollaboratorSetPassword => {
            let current = secret(&who.password);
            s.set_password(
                t,
                target,
                Some(&current),
                secret("another fresh phrase"),
                "local",
            )
            .map(drop)
        }
        Action::CollaboratorDelete => s.delete_collaborator(t, target, false).map(drop),
        Action::CollaboratorUnlock => s.unlock_collaborator(t, target).map(drop),
        Action::CollaboratorReactivate => s.reactivate_collaborator(t, target).map(drop),
        Action::CollaboratorHistory => s.history(t, Kind::Collaborator, target).map(drop),
        Action::ClientHistory => s.history(t, Kind::Client, r.client).map(drop),
        Action::ContractHistory => s.history(t, Kind::Contract, r.contract).map(drop),
        Action::EventHistory => s.history(t, Kind::Event, r.event).map(drop),
        Action::HistoryList => s.trail(t, &TrailQuery::default()).map(drop),
        Action::InboxRead => s.inbox(t, false).map(drop),
        Action::ClientList => s.list_clients(t, &ClientQuery::default()).map(drop),
        Action::ClientCreate => s
            .create_client(
                t,
                NewClient {
                    name: "Kevin Casey".into(),
                    email: "kevin@startup.io".into(),
                    phone: "+678 123 456 78".into(),
                    company: "Cool Startup LLC".into(),
                    allow_duplicate: false,
                },
            )
            .map(drop),
        Action::ClientShow => s.show_client(t, r.client).map(drop),
        Action::ClientUpdate => s
            .update_client(
                t,
                r.client,
                ClientChanges {
                    phone: Some("+33 6 00 00 00 00".into()),
                    ..Default::default()
                },
            )
            .map(drop),
        Action::ClientReassign => s
            .update_client(
                t,
                r.client,
                ClientChanges {
                    sales_contact: Some(on.sales),
                    ..Default::default()
                },
            )
            .map(drop),
        Action::ContractList => s.list_contracts(t, &ContractQuery::default()).map(drop),
        Action::ContractCreate => s
            .create_contract(
                t,
                NewContract {
                    client: r.client,
                    total: "1 000,00".into(),
                    due: None,
                    signed: false,
                },
            )
            .map(drop),
        Action::ContractShow => s.show_contract(t, r.contract).map(drop),
        Action::ContractUpdate => s
            .update_contract(
                t,
                r.contract,
                ContractChanges {
                    due: Some("0".into()),
                    ..Default::default()
                },
            )
            .map(drop),
        Action::ContractSign => s.sign_contract(t, r.contract).map(drop),
        Action::ContractPay => s
            .pay_contract(
                t,
                r.contract,
                &NewPayment {
                    amount: "100".into(),
                    on: None,
                },
            )
            .map(drop),
        Action::EventList => s.list_events(t, &EventQuery::default()).map(drop),
        Action::EventShow => s.show_event(t, r.event).map(drop),
        Action::EventCreate => {
            let start = world.clock.now() + chrono::Duration::days(60);
            world
                .services
                .create_event(
                    t,
                    NewEvent {
                        contract: r.contract,
                        name: "Kevin's Launch Party".into(),
                        starts_at: start,
                        ends_at: start + chrono::Duration::hours(5),
                        location: "Paris".into(),
                        attendees: "120".into(),
                        notes: None,
                        past: false,
                    },
                )
                .map(drop)
        }
        // Each of the two ways to change an event, whatever the
        // department would be sent to by `update_event`.
        Action::EventUpdate => s
            .update_supported_event(
                t,
                r.event,
                EventChanges {
                    notes: Some("DJ booked.".into()),
                    ..Default::default()
                },
            )
            .map(drop),
        Action::EventAmend => s
            .correct_event(
                t,
                r.event,
                EventChanges {
                    notes: Some("Two more guests.".into()),
                    ..Default::default()
                },
            )
            .map(drop),
        Action::EventAssign => s.assign_event(t, r.event, on.support).map(drop),
        Action::EventUnassign => s.unassign_event(t, r.event).map(drop),
        Action::ClientArchive => s.archive_client(t, r.client).map(drop),
        Action::ClientRestore => s.restore_client(t, r.client).map(drop),
        Action::ContractArchive => s.archive_contract(t, r.contract).map(drop),
        Action::ContractRestore => s.restore_contract(t, r.contract).map(drop),
        Action::EventArchive => s.archive_event(t, r.event).map(drop),
        Action::EventRestore => s.restore_event(t, r.event).map(drop),
        // Starting an import: a sheet of nothing to change.
        Action::EventImport => world
            .services
            .import_events(t, ImportRequest::default())
            .map(drop),
        // Creating what the sheet has and the CRM lacks.
        Action::EventImportCreate => {
            let start = world.clock.now() + chrono::Duration::days(30);
            let cell = |text: &str| {
                Some(SheetCell {
                    at: "Sheet1!B2".into(),
                    text: text.into(),
                })
            };
            let event = SheetEvent {
                origin: "Sheet1!A1".into(),
                name: cell("Imported Gala"),
                event_ref: cell("501"),
                crm_contract: cell(&r.contract.to_string()),
                client_contact: cell("fixture@client.test"),
                starts: cell("in a month"),
                starts_at: Some(start),
                ends: cell("later"),
                ends_at: Some(start + chrono::Duration::hours(3)),
                location: cell("Lyon"),
                attendees: cell("40"),
                ..SheetEvent::default()
            };
            let request = ImportRequest {
                events: vec![event],
                create_missing: true,
                sales_contact: Some(on.sales),
                ..ImportRequest::default()
            };
            world.services.import_events(t, request).map(drop)
        }
    }
}

/// Collaborator and session actions change accounts and sessions: each of
/// their cells gets a fresh world.
fn is_account_action(action: Action) -> bool {
    let key = action.key();
    key.starts_with("session.") || key.starts_with("collaborator.")
}

/// Whose the record an action targets is, for the fixture: `Own` makes the
/// actor responsible for it, `Other` someone of the right department,
/// `Unassigned` nobody.
fn responsible(relation: Option<Relation>, me: i32, other: i32) -> Option<i32> {
    match relation {
        Some(Relation::Own) => Some(me),
        Some(Relation::Unassigned) => None,
        _ => Some(other),
    }
}

on_every_backend! {
    fn every_cell_is_enforced_by_the_services(db: &TestDb) {
        let mut cells = 0;
        for &action in Action::ALL.iter().filter(|a| is_account_action(**a)) {
            for department in Department::ALL {
                for target in policy::targets(action) {
                    let relation = match target {
                        Target::Collection => None,
                        // Collaborator records always belong to someone.
                        Target::Record(Relation::Unassigned) if action.key().starts_with("collaborator.") => continue,
                        Target::Record(r) => Some(r),
                    };
                    // A fresh world per cell: each call may change what the next sees.
                    let mut world = World::new(db);
                    let who = actor(&mut world, department, 1);
                    // A second manager, so "last management account" never hides a refusal.
                    let _backup = actor(&mut world, Department::Management, 2);
                    let other = actor(&mut world, Department::Support, 3);
                    let on = On { other: other.id, records: None, sales: 0, support: 0 };
                    let outcome = perform(&mut world, action, &who, &on, relation);
                    let denied = matches!(&outcome, Err(e) if e.kind() == ErrorKind::PermissionDenied);
                    let allowed = policy::allows(department, action, target);
                    assert_eq!(!denied, allowed, "{department} × {action} × {target:?}: {outcome:?}");
                    if allowed {
                        outcome.unwrap_or_else(|e| panic!("{department} × {action} × {target:?} allowed but failed: {e}"));
                    }
                    cells += 1;
                    reset(db);
                }
            }
        }
        assert_eq!(cells, 4 * 3 + 7 * 3 * 2, "cells exercised");
    }

    fn every_record_cell_is_enforced_by_the_services(db: &TestDb) {
        let mut world = World::new(db);
        let cast = [
            (Department::Sales, actor(&mut world, Department::Sales, 1)),
            (Department::Support, actor(&mut world, Department::Support, 2)),
            (Department::Management, actor(&mut world, Department::Management, 3)),
        ];
        let sales = actor(&mut world, Department::Sales, 4);
        let support = actor(&mut world, Department::Support, 5);
        let mut cells = 0;
        for &action in Action::ALL.iter().filter(|a| !is_account_action(**a)) {
            for (department, who) in &cast {
                for target in policy::targets(action) {
                    let relation = match target {
                        Target::Collection => None,
                        Target::Record(r) => Some(r),
                    };
                    // Events are judged by their support contact; clients,
                    // contracts (and creating an event for one) by the client's.
                    let by_support = matches!(
                        action,
                        Action::EventShow | Action::EventUpdate | Action::EventAssign | Action::EventUnassign | Action::EventHistory
                            | Action::EventArchive | Action::EventRestore
                    );
                    // A correction is of an event nobody supports yet.
                    let (owner, runner) = if by_support {
                        (Some(sales.id), responsible(relation, who.id, support.id))
                    } else if action == Action::EventAmend {
                        (responsible(relation, who.id, sales.id), None)
                    } else {
                        (responsible(relation, who.id, sales.id), Some(support.id))
                    };
                    let signed = !matches!(action, Action::ContractSign | Action::ClientArchive | Action::ContractArchive);
                    let fixture = records::fixture(db, owner, runner, signed, world.clock.now());
                    records::archive_for(db, action, &fixture);
                    let on = On { other: sales.id, records: Some(fixture), sales: sales.id, support: support.id };
                    let before = records::counts(db);
                    let outcome = perform(&mut world, action, who, &on, relation);
                    let denied = matches!(&outcome, Err(e) if e.kind() == ErrorKind::PermissionDenied);
                    let allowed = policy::allows(*department, action, target);
                    assert_eq!(!denied, allowed, "{department} × {action} × {target:?}: {outcome:?}");
                    if allowed {
                        outcome.unwrap_or_else(|e| panic!("{department} × {action} × {target:?} allowed but failed: {e}"));
                    } else {
                        assert_eq!(records::counts(db), before, "{department} × {action} × {target:?} changed rows");
                        let audit = common::audit_actions(db);
                        assert_eq!(audit.last().map(|a| (a.0.as_str(), a.1.as_str())), Some((action.key(), "denied")));
                    }
                    cells += 1;
                    records::clear(db);
                }
            }
        }
        assert_eq!(cells, 9 * 3 + 22 * 3 * 3, "cells exercised");
    }
}

/// Empties the database between cells (a new database per cell would cost
/// more than the calls themselves).
fn reset(db: &TestDb) {
    use diesel::prelude::*;
    use epicevents_store::StoreError;
    use epicevents_store::schema::{audit_log, collaborators, sessions};
    let store = db.store();
    store
        .write(|c| -> Result<(), StoreError> {
            diesel::delete(sessions::table).execute(c)?;
            diesel::delete(audit_log::table).execute(c)?;
            diesel::delete(collaborators::table).execute(c)?;
            Ok(())
        })
        .unwrap();
}

/// "Mine" in the lists restates the policy's "own" (`Owned::responsible`):
/// a client and its contracts are their sales contact's; an event is its
/// support contact's, and involves its client's sales rep too. Every record
/// in every combination of owners is checked against that one definition,
/// so that the lists' filters cannot drift from it.
#[test]
fn mine_in_every_list_is_the_policys_own() {
    use epicevents_domain::CollaboratorId;
    use epicevents_domain::policy::Owned;

    fn own<R: Owned>(record: &R, me: Option<CollaboratorId>) -> bool {
        record.responsible() == me
    }

    let db = TestDb::sqlite();
    let mut world = World::new(&db);
    let people: Vec<Actor> = [Department::Sales, Department::Support]
        .into_iter()
        .flat_map(|d| [1, 2].map(|n| (d, n)))
        .map(|(d, n)| actor(&mut world, d, n))
        .collect();
    let now = world.clock.now();
    for owner in [Some(people[0].id), Some(people[1].id), None] {
        for staff in [Some(people[2].id), Some(people[3].id), None] {
            records::fixture(&db, owner, staff, true, now);
        }
    }
    let s = &world.services;
    let limit = Some(1_000);
    let (all, mine) = (false, true);
    let clients = |t, mine| {
        let q = ClientQuery {
            mine,
            limit,
            ..Default::default()
        };
        s.list_clients(t, &q).unwrap().items
    };
    let contracts = |t, mine| {
        let q = ContractQuery {
            mine,
            limit,
            ..Default::default()
        };
        s.list_contracts(t, &q).unwrap().items
    };
    let events = |t, mine| {
        let q = EventQuery {
            mine,
            limit,
            ..Default::default()
        };
        s.list_events(t, &q).unwrap().items
    };
    let anyone = Some(&people[0].token);
    let (every_client, every_contract) = (clients(anyone, all), contracts(anyone, all));
    let every_event = events(anyone, all);
    assert_eq!(every_event.len(), 9, "one event per combination of owners");
    for who in &people {
        let (me, t) = (Some(CollaboratorId(who.id)), Some(&who.token));
        let listed: Vec<_> = clients(t, mine).iter().map(|c| c.id).collect();
        let expected: Vec<_> = every_client
            .iter()
            .filter(|c| own(*c, me))
            .map(|c| c.id)
            .collect();
        assert_eq!(listed, expected, "the clients of {}", who.id);

        let listed: Vec<_> = contracts(t, mine).iter().map(|c| c.id).collect();
        let expected: Vec<_> = every_contract
            .iter()
            .filter(|c| own(*c, me))
            .map(|c| c.id)
            .collect();
        assert_eq!(listed, expected, "the contracts of {}", who.id);

        let sold = |e: &epicevents_domain::Event| {
            every_contract
                .iter()
                .any(|k| k.id == e.contract_id && own(k, me))
        };
        let listed: Vec<_> = events(t, mine).iter().map(|e| e.id).collect();
        let expected: Vec<_> = every_event
            .iter()
            .filter(|e| own(*e, me) || sold(e))
            .map(|e| e.id)
            .collect();
        assert_eq!(listed, expected, "the events of {}", who.id);
    }
}
