//! The access table as the product promises it, cell by cell.
//!
//! `EXPECTED` is written independently of `GRANTS`: every action × department ×
//! target, allowed or denied. The test fails if the two disagree anywhere, and
//! if any action of [`Action::ALL`] has no row here.

use super::*;

/// A row: the action, then for each department the targets it is allowed.
/// `C` = collection, `O` = own, `X` = other, `U` = unassigned.
const EXPECTED: &[(Action, &str, &str, &str)] = &[
    //                                    sales  support management
    (Action::SessionWhoami, "C", "C", "C"),
    (Action::SessionLogout, "C", "C", "C"),
    (Action::CollaboratorList, "", "", "C"),
    (Action::CollaboratorCreate, "", "", "C"),
    (Action::CollaboratorShow, "", "", "OX"),
    (Action::CollaboratorUpdate, "", "", "OX"),
    (Action::CollaboratorSetPassword, "O", "O", "OX"),
    (Action::CollaboratorDelete, "", "", "X"),
    (Action::CollaboratorUnlock, "", "", "OX"),
    (Action::CollaboratorReactivate, "", "", "X"),
    (Action::ClientList, "C", "C", "C"),
    (Action::ClientCreate, "C", "", ""),
    (Action::ClientShow, "OXU", "OXU", "OXU"),
    (Action::ClientUpdate, "O", "", ""),
    (Action::ClientReassign, "", "", "OXU"),
    (Action::ContractList, "C", "C", "C"),
    (Action::ContractCreate, "", "", "C"),
    (Action::ContractShow, "OXU", "OXU", "OXU"),
    (Action::ContractUpdate, "O", "", "OXU"),
    (Action::ContractSign, "O", "", "OXU"),
    (Action::ContractPay, "O", "", "OXU"),
    (Action::EventList, "C", "C", "C"),
    (Action::EventShow, "OXU", "OXU", "OXU"),
    (Action::EventCreate, "O", "", ""),
    (Action::EventUpdate, "", "O", ""),
    (Action::EventAmend, "O", "", ""),
    (Action::EventAssign, "", "", "OXU"),
    (Action::EventUnassign, "", "", "OXU"),
    (Action::EventImport, "", "C", "C"),
    (Action::EventImportCreate, "", "", "C"),
    (Action::ClientHistory, "OXU", "OXU", "OXU"),
    (Action::ContractHistory, "OXU", "OXU", "OXU"),
    (Action::EventHistory, "OXU", "OXU", "OXU"),
    (Action::CollaboratorHistory, "", "", "OX"),
    (Action::HistoryList, "", "", "C"),
    (Action::InboxRead, "C", "C", "C"),
    (Action::ClientArchive, "O", "", "OXU"),
    (Action::ClientRestore, "", "", "OXU"),
    (Action::ContractArchive, "O", "", "OXU"),
    (Action::ContractRestore, "", "", "OXU"),
    (Action::EventArchive, "", "", "OXU"),
    (Action::EventRestore, "", "", "OXU"),
];

fn code(target: Target) -> char {
    match target {
        Target::Collection => 'C',
        Target::Record(Relation::Own) => 'O',
        Target::Record(Relation::Other) => 'X',
        Target::Record(Relation::Unassigned) => 'U',
    }
}

fn expected_row(action: Action) -> &'static (Action, &'static str, &'static str, &'static str) {
    EXPECTED
        .iter()
        .find(|row| row.0 == action)
        .unwrap_or_else(|| panic!("{action} has no row in the policy table test"))
}

fn expected(action: Action, department: Department, target: Target) -> bool {
    let row = expected_row(action);
    let allowed = match department {
        Department::Sales => row.1,
        Department::Support => row.2,
        Department::Management => row.3,
    };
    allowed.contains(code(target))
}

#[test]
fn every_action_has_a_row() {
    for &action in Action::ALL {
        expected_row(action);
    }
    assert_eq!(EXPECTED.len(), Action::ALL.len(), "a row is listed twice");
}

#[test]
fn every_cell_matches_the_table() {
    let mut cells = 0;
    let mut allowed = 0;
    for &action in Action::ALL {
        for department in Department::ALL {
            for target in targets(action) {
                let want = expected(action, department, target);
                assert_eq!(
                    allows(department, action, target),
                    want,
                    "{department} × {action} × {target:?}"
                );
                cells += 1;
                allowed += usize::from(want);
            }
        }
    }
    // Guards against a table that silently shrinks: 13 collection actions × 3
    // departments + 29 record actions × 3 departments × 3 relations.
    assert_eq!(cells, 13 * 3 + 29 * 3 * 3);
    assert_eq!(allowed, GRANTS.len());
}

#[test]
fn grants_name_only_targets_their_action_can_have() {
    for &(action, department, target) in GRANTS {
        assert!(
            targets(action).contains(&target),
            "{department} × {action} granted on {target:?}, which it never has"
        );
    }
}

#[test]
fn a_refusal_gives_the_real_reason() {
    let said =
        |department, action, target| decide(department, action, target).unwrap_err().to_string();
    let record = Target::Record;
    // Not allowed at all: no word about whose record it is.
    assert_eq!(
        said(
            Department::Support,
            Action::ContractUpdate,
            record(Relation::Other)
        ),
        "support may not update contracts"
    );
    assert_eq!(
        said(
            Department::Sales,
            Action::CollaboratorCreate,
            Target::Collection
        ),
        "sales may not create collaborators"
    );
    // Allowed on one's own records only.
    assert_eq!(
        said(
            Department::Sales,
            Action::ClientUpdate,
            record(Relation::Other)
        ),
        "sales may not update clients other than their own"
    );
    assert_eq!(
        said(
            Department::Sales,
            Action::ClientUpdate,
            record(Relation::Unassigned)
        ),
        "sales may not update clients other than their own"
    );
    // Allowed on others' records only.
    assert_eq!(
        said(
            Department::Management,
            Action::CollaboratorDelete,
            record(Relation::Own)
        ),
        "management may not delete their own account"
    );
    // Never "it is your own" as the reason for a refusal.
    for &action in Action::ALL {
        for department in [
            Department::Sales,
            Department::Support,
            Department::Management,
        ] {
            for target in targets(action) {
                if let Err(denied) = decide(department, action, target) {
                    let text = denied.to_string();
                    assert!(!text.contains("(it is"), "{text}");
                }
            }
        }
    }
    assert!(
        decide(
            Department::Management,
            Action::CollaboratorCreate,
            Target::Collection
        )
        .is_ok()
    );
}

#[test]
fn own_means_the_person_responsible_for_the_record() {
    use crate::{Contact, FullName};
    let me = CollaboratorId(7);
    let contact = |id| {
        Some(Contact {
            id: CollaboratorId(id),
            name: FullName::from_trusted("Someone".into()),
        })
    };
    let account = Collaborator {
        id: me,
        name: FullName::from_trusted("Me".into()),
        email: crate::Email::from_trusted("me@epic.test".into()),
        department: Department::Sales,
        created_at: chrono::NaiveDateTime::default(),
        updated_at: chrono::NaiveDateTime::default(),
        deactivated_at: None,
    };
    assert_eq!(relation(me, Some(&account)), Relation::Own);
    assert_eq!(relation(CollaboratorId(8), Some(&account)), Relation::Other);
    assert_eq!(relation::<Collaborator>(me, None), Relation::Other);
    let mut client = crate::Client {
        id: crate::ClientId(1),
        name: FullName::from_trusted("Kevin Casey".into()),
        email: crate::Email::from_trusted("kevin@startup.io".into()),
        phone: crate::Phone::from_trusted("+678 123 456 78".into()),
        company: crate::CompanyName::from_trusted("Cool Startup LLC".into()),
        sales_contact: None,
        created_at: chrono::NaiveDateTime::default(),
        updated_at: chrono::NaiveDateTime::default(),
        version: 1,
        archived_at: None,
    };
    client.sales_contact = contact(7);
    assert_eq!(relation(me, Some(&client)), Relation::Own);
    client.sales_contact = contact(9);
    assert_eq!(relation(me, Some(&client)), Relation::Other);
    client.sales_contact = None;
    assert_eq!(relation(me, Some(&client)), Relation::Unassigned);
}

#[test]
fn every_action_is_found_by_its_key_and_says_what_was_done() {
    for &action in Action::ALL {
        assert_eq!(Action::from_key(action.key()), Some(action));
        assert!(!action.done().contains('.'), "{action}: {}", action.done());
    }
    assert_eq!(Action::from_key("event.nothing"), None);
    assert_eq!(crate::history::verb("event.assign"), "assigned");
    assert_eq!(
        crate::history::verb("collaborator.reactivate"),
        "reactivated"
    );
    // The trail's entries that are no action of the policy's.
    assert_eq!(crate::history::verb("session.login"), "logged in");
    assert_eq!(crate::history::verb("setup.account"), "created");
}

#[test]
fn each_department_changes_an_event_by_its_own_row() {
    assert_eq!(event_editing(Department::Sales), Action::EventAmend);
    assert_eq!(event_editing(Department::Support), Action::EventUpdate);
    // Management may do neither: refused as for an update.
    assert_eq!(event_editing(Department::Management), Action::EventUpdate);
}
