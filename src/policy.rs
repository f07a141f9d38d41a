//! Who may do what: the whole access table of the product, in one pure module.
//!
//! A cell is department × action × target (the record is the actor's own, some
//! other person's, or nobody's; or the action is on a whole collection). Only the
//! cells listed in [`GRANTS`] are allowed: everything else is denied.
//!
//! A successful check returns a [`Permit`], which only this module can build.
//! Store functions that write take a `&Permit<TheAction>` and write to the
//! record the permit names, so code that skipped the check cannot write.

use std::fmt;
use std::marker::PhantomData;

use crate::domain::{CollaboratorId, Department};

/// How the record an action touches relates to the actor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Relation {
    /// The actor's own record (their account, a client they own, an event they run).
    Own,
    /// Somebody else's record.
    Other,
    /// A record nobody is responsible for yet (an event with no support contact).
    Unassigned,
}

impl Relation {
    pub const ALL: [Relation; 3] = [Self::Own, Self::Other, Self::Unassigned];
}

/// What an action applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Target {
    /// No particular record: listing, creating.
    Collection,
    Record(Relation),
}

macro_rules! actions {
    ($( $name:ident => $key:literal, $kind:ident, $what:literal; )+) => {
        /// Every action the product knows. Adding one here without a row in
        /// the policy table test fails that test.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Action { $( $name ),+ }

        impl Action {
            pub const ALL: &'static [Action] = &[ $( Action::$name ),+ ];

            /// Stable dotted name, used in logs and the audit trail.
            pub fn key(self) -> &'static str {
                match self { $( Action::$name => $key ),+ }
            }

            /// Whether the action targets one record or a collection.
            pub fn on_record(self) -> bool {
                match self { $( Action::$name => actions!(@record $kind) ),+ }
            }

            /// What the action does, for messages: "may not <what>".
            pub fn what(self) -> &'static str {
                match self { $( Action::$name => $what ),+ }
            }
        }

        /// One zero-sized type per action, so a permit's type says what it allows.
        pub mod act {
            $(
                #[derive(Debug)]
                pub struct $name;
                impl super::Act for $name {
                    const ACTION: super::Action = super::Action::$name;
                }
            )+
        }
    };
    (@record record) => { true };
    (@record collection) => { false };
}

actions! {
    SessionWhoami => "session.whoami", collection, "see who is logged in";
    SessionLogout => "session.logout", collection, "log out";
    CollaboratorList => "collaborator.list", collection, "list collaborators";
    CollaboratorCreate => "collaborator.create", collection, "create collaborators";
    CollaboratorShow => "collaborator.show", record, "see this collaborator's record";
    CollaboratorUpdate => "collaborator.update", record, "update this collaborator";
    CollaboratorSetPassword => "collaborator.set-password", record, "set this collaborator's password";
    CollaboratorDelete => "collaborator.delete", record, "delete this collaborator";
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

/// Ties a marker type to its [`Action`].
pub trait Act {
    const ACTION: Action;
}

use Department::{Management, Sales, Support};
use Relation::{Other, Own};
use Target::{Collection, Record};

/// The allowed cells. Anything not listed is denied.
const GRANTS: &[(Action, Department, Target)] = &[
    (Action::SessionWhoami, Sales, Collection),
    (Action::SessionWhoami, Support, Collection),
    (Action::SessionWhoami, Management, Collection),
    (Action::SessionLogout, Sales, Collection),
    (Action::SessionLogout, Support, Collection),
    (Action::SessionLogout, Management, Collection),
    (Action::CollaboratorList, Management, Collection),
    (Action::CollaboratorCreate, Management, Collection),
    (Action::CollaboratorShow, Management, Record(Own)),
    (Action::CollaboratorShow, Management, Record(Other)),
    (Action::CollaboratorUpdate, Management, Record(Own)),
    (Action::CollaboratorUpdate, Management, Record(Other)),
    // Everyone changes their own password; management resets anyone's.
    (Action::CollaboratorSetPassword, Sales, Record(Own)),
    (Action::CollaboratorSetPassword, Support, Record(Own)),
    (Action::CollaboratorSetPassword, Management, Record(Own)),
    (Action::CollaboratorSetPassword, Management, Record(Other)),
    // Not Record(Own): nobody deletes their own account.
    (Action::CollaboratorDelete, Management, Record(Other)),
];

/// The pure decision: is this cell allowed?
pub fn allows(department: Department, action: Action, target: Target) -> bool {
    GRANTS
        .iter()
        .any(|&(a, d, t)| a == action && d == department && t == target)
}

/// Proof that `actor` passed the check for action `A` on `subject`.
///
/// Only [`authorize`] builds one. It is deliberately neither `Clone` nor
/// `Copy`, and it names its subject, so it cannot be reused on another record.
#[derive(Debug)]
pub struct Permit<A: Act> {
    actor: CollaboratorId,
    subject: Option<i32>,
    _action: PhantomData<A>,
}

impl<A: Act> Permit<A> {
    pub fn actor(&self) -> CollaboratorId {
        self.actor
    }

    /// The id of the record the permit was granted on (`None` for collections).
    pub fn subject(&self) -> Option<i32> {
        self.subject
    }
}

/// A refusal, with enough to explain it and to log it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{} may not {}{}", .department, .action.what(), relation_hint(.target))]
pub struct Denied {
    pub action: Action,
    pub department: Department,
    pub target: Target,
}

fn relation_hint(target: &Target) -> &'static str {
    match target {
        Target::Record(Relation::Own) => " (it is your own)",
        Target::Record(Relation::Other) => " (it belongs to someone else)",
        Target::Record(Relation::Unassigned) => " (it is unassigned)",
        Target::Collection => "",
    }
}

/// Checks one cell for an actor. `subject` is the record's id, when there is one.
pub fn authorize<A: Act>(
    actor: CollaboratorId,
    department: Department,
    target: Target,
    subject: Option<i32>,
) -> Result<Permit<A>, Denied> {
    debug_assert_eq!(
        A::ACTION.on_record(),
        matches!(target, Target::Record(_)),
        "{} checked against the wrong kind of target",
        A::ACTION
    );
    if allows(department, A::ACTION, target) {
        Ok(Permit {
            actor,
            subject,
            _action: PhantomData,
        })
    } else {
        Err(Denied {
            action: A::ACTION,
            department,
            target,
        })
    }
}

/// Every target an action can be checked against: the cells of its row.
pub fn targets(action: Action) -> Vec<Target> {
    if action.on_record() {
        Relation::ALL.iter().map(|&r| Target::Record(r)).collect()
    } else {
        vec![Target::Collection]
    }
}

#[cfg(test)]
mod tests;
