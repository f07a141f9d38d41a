//! The access table, driven through the service layer: for every department,
//! every action, and each relation the action can have, a real call is made
//! and must be refused exactly when the policy table says so.

mod common;

use common::{TestDb, World, secret};
use epicevents::domain::Department;
use epicevents::policy::{self, Action, Relation, Target};
use epicevents::service::{
    ErrorKind, NewCollaborator, ServiceError, SessionToken, UpdateCollaborator,
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

/// Performs `action` as `who` on the record `relation` designates. The match
/// is exhaustive: a new action does not compile until it has a row here.
fn perform(
    world: &mut World,
    action: Action,
    who: &Actor,
    other: i32,
    relation: Option<Relation>,
) -> Result<(), ServiceError> {
    let target = match relation {
        Some(Relation::Own) => who.id,
        _ => other,
    };
    let s = &mut world.services;
    let t = Some(&who.token);
    match action {
        Action::SessionWhoami => s.whoami(t).map(drop),
        Action::SessionLogout => s.logout(&who.token).map(drop),
        Action::CollaboratorList => s.list_collaborators(t, None).map(drop),
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
            s.set_password(t, target, Some(&current), secret("another fresh phrase"))
                .map(drop)
        }
        Action::CollaboratorDelete => s.delete_collaborator(t, target).map(drop),
    }
}

on_every_backend! {
    fn every_cell_is_enforced_by_the_services(db: &TestDb) {
        let mut cells = 0;
        for &action in Action::ALL {
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
                    let outcome = perform(&mut world, action, &who, other.id, relation);
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
        assert_eq!(cells, 4 * 3 + 4 * 3 * 2, "cells exercised");
    }
}

/// Empties the database between cells (a new database per cell would cost
/// more than the calls themselves).
fn reset(db: &TestDb) {
    use diesel::prelude::*;
    use epicevents::store::schema::{audit_log, collaborators, sessions};
    let mut store = db.store();
    store
        .write(|c| -> QueryResult<()> {
            diesel::delete(sessions::table).execute(c)?;
            diesel::delete(audit_log::table).execute(c)?;
            diesel::delete(collaborators::table).execute(c)?;
            Ok(())
        })
        .unwrap();
}
