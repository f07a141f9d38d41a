//! Who may do what: the whole access table of the product, in one pure module.
//!
//! A cell is department × action × target (the record is the actor's own, some
//! other person's, or nobody's; or the action is on a whole collection). Only the
//! cells listed in [`GRANTS`] are allowed: everything else is denied.
//!
//! The table is pure: [`decide`] answers for one cell. What "own" means for
//! each kind of record is here too ([`Owned`]). The store turns a decision
//! into a permit for an authenticated actor; its writes require one.

use std::fmt;

use crate::{Client, Collaborator, CollaboratorId, Contract, Department, Event};

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
    ($( $name:ident => $key:literal, $kind:ident, $what:literal, $done:literal; )+) => {
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

            /// What the action is on, the first part of its key: `event`
            /// for `event.assign`.
            pub fn noun(self) -> &'static str {
                let key = self.key();
                key.split('.').next().unwrap_or(key)
            }

            /// Whether the action targets one record or a collection.
            pub fn on_record(self) -> bool {
                match self { $( Action::$name => actions!(@record $kind) ),+ }
            }

            /// What the action does, in general, for messages: "may not <what>".
            pub fn what(self) -> &'static str {
                match self { $( Action::$name => $what ),+ }
            }

            /// What someone did, in the trail and the inbox: "assigned".
            pub fn done(self) -> &'static str {
                match self { $( Action::$name => $done ),+ }
            }

            /// The action whose key this is.
            pub fn from_key(key: &str) -> Option<Action> {
                match key { $( $key => Some(Action::$name), )+ _ => None }
            }
        }

        /// One zero-sized type per action, so a permit's type says what it
        /// allows, and whether it names a record.
        pub mod act {
            $(
                #[derive(Debug)]
                pub struct $name;
                actions!(@kind $kind $name);
            )+
        }
    };
    (@record record) => { true };
    (@record collection) => { false };
    (@kind record $name:ident) => {
        impl super::Act for $name {
            const ACTION: super::Action = super::Action::$name;
            type Subject = i32;
        }
        impl super::RecordAct for $name {}
    };
    (@kind collection $name:ident) => {
        impl super::Act for $name {
            const ACTION: super::Action = super::Action::$name;
            type Subject = ();
        }
        impl super::CollectionAct for $name {}
    };
}

actions! {
    SessionWhoami => "session.whoami", collection, "see who is logged in", "asked who is logged in";
    SessionLogout => "session.logout", collection, "log out", "logged out";
    CollaboratorList => "collaborator.list", collection, "list collaborators", "listed";
    CollaboratorCreate => "collaborator.create", collection, "create collaborators", "created";
    CollaboratorShow => "collaborator.show", record, "see collaborators' accounts", "read";
    CollaboratorUpdate => "collaborator.update", record, "update collaborators", "updated";
    CollaboratorSetPassword => "collaborator.set-password", record, "set collaborators' passwords", "changed the password";
    CollaboratorDelete => "collaborator.delete", record, "delete collaborators", "deleted";
    CollaboratorUnlock => "collaborator.unlock", record, "unlock collaborators' logins", "unlocked";
    CollaboratorReactivate => "collaborator.reactivate", record, "reactivate collaborators who left", "reactivated";
    ClientList => "client.list", collection, "list clients", "listed";
    ClientCreate => "client.create", collection, "create clients", "created";
    ClientShow => "client.show", record, "see clients", "read";
    ClientUpdate => "client.update", record, "update clients", "updated";
    ClientReassign => "client.reassign", record, "change clients' sales contacts", "reassigned";
    ContractList => "contract.list", collection, "list contracts", "listed";
    ContractCreate => "contract.create", collection, "create contracts", "created";
    ContractShow => "contract.show", record, "see contracts", "read";
    ContractUpdate => "contract.update", record, "update contracts", "updated";
    ContractSign => "contract.sign", record, "sign contracts", "signed";
    ContractPay => "contract.pay", record, "record payments on contracts", "recorded a payment on";
    EventList => "event.list", collection, "list events", "listed";
    EventShow => "event.show", record, "see events", "read";
    EventCreate => "event.create", record, "create events for contracts", "created";
    EventUpdate => "event.update", record, "update events", "updated";
    EventAmend => "event.amend", record, "correct events", "corrected";
    EventAssign => "event.assign", record, "assign events' support contacts", "assigned";
    EventUnassign => "event.unassign", record, "remove events' support contacts", "unassigned";
    EventImport => "event.import", collection, "import events from spreadsheets", "imported";
    EventImportCreate => "event.import-create", collection, "create events, clients and contracts from a sheet", "imported, creating what was missing";
    ClientHistory => "client.history", record, "read clients' history", "read the history of";
    ContractHistory => "contract.history", record, "read contracts' history", "read the history of";
    EventHistory => "event.history", record, "read events' history", "read the history of";
    CollaboratorHistory => "collaborator.history", record, "read collaborators' history", "read the history of";
    HistoryList => "history.list", collection, "read the whole trail", "listed";
    InboxRead => "inbox.read", collection, "read their notifications", "read";
    ClientArchive => "client.archive", record, "archive clients", "archived";
    ClientRestore => "client.restore", record, "restore archived clients", "restored";
    ContractArchive => "contract.archive", record, "archive contracts", "archived";
    ContractRestore => "contract.restore", record, "restore archived contracts", "restored";
    EventArchive => "event.archive", record, "archive events", "archived";
    EventRestore => "event.restore", record, "restore archived events", "restored";
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

/// Ties a marker type to its [`Action`].
pub trait Act {
    const ACTION: Action;
    /// What a permit for the action names: the record's id, or nothing
    /// for an action on a whole collection.
    type Subject: fmt::Debug + Copy;
}

/// An action on a whole collection (listing, creating): judged against
/// [`Target::Collection`] only.
pub trait CollectionAct: Act<Subject = ()> {}

/// An action on one record: judged by the record's relation to the actor,
/// and its permit names that record.
pub trait RecordAct: Act<Subject = i32> {}

mod grants;
use grants::GRANTS;

/// The pure decision: is this cell allowed?
pub fn allows(department: Department, action: Action, target: Target) -> bool {
    GRANTS
        .iter()
        .any(|&(a, d, t)| a == action && d == department && t == target)
}

/// A refusal, with enough to explain it and to log it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.explain())]
pub struct Denied {
    pub action: Action,
    pub department: Department,
    pub target: Target,
}

impl Denied {
    /// The real reason: the department may not do this at all, or only to
    /// its own records, or to anyone's but its own.
    fn explain(&self) -> String {
        let (who, what) = (self.department, self.action.what());
        let granted = |r| allows(who, self.action, Target::Record(r));
        match self.target {
            Target::Record(Relation::Own) if self.action == Action::CollaboratorDelete => {
                format!("{who} may not delete their own account")
            }
            Target::Record(Relation::Own) if granted(Relation::Other) => {
                format!("{who} may not {what} on their own records")
            }
            Target::Record(Relation::Other | Relation::Unassigned) if granted(Relation::Own) => {
                format!("{who} may not {what} other than their own")
            }
            _ => format!("{who} may not {what}"),
        }
    }
}

/// The decision for one cell, as a result: `Ok` when the table allows it.
pub fn decide(department: Department, action: Action, target: Target) -> Result<(), Denied> {
    debug_assert_eq!(
        action.on_record(),
        matches!(target, Target::Record(_)),
        "{action} checked against the wrong kind of target"
    );
    if allows(department, action, target) {
        Ok(())
    } else {
        Err(Denied {
            action,
            department,
            target,
        })
    }
}

/// A record the policy judges by who is responsible for it: what "own"
/// means, for each kind of record, is decided here and nowhere else.
pub trait Owned {
    /// The record's name in messages ("client 3 not found").
    const WHAT: &'static str;
    /// Reading such a record: who may, may be told that an id does not exist.
    const SHOW: Action;
    /// The collaborator the record is "own" to, if anyone.
    fn responsible(&self) -> Option<CollaboratorId>;
}

/// A collaborator's account is their own.
impl Owned for Collaborator {
    const WHAT: &'static str = "collaborator";
    const SHOW: Action = Action::CollaboratorShow;
    fn responsible(&self) -> Option<CollaboratorId> {
        Some(self.id)
    }
}

/// A client is its sales contact's.
impl Owned for Client {
    const WHAT: &'static str = "client";
    const SHOW: Action = Action::ClientShow;
    fn responsible(&self) -> Option<CollaboratorId> {
        self.sales_contact.as_ref().map(|c| c.id)
    }
}

/// A contract is its client's sales contact's.
impl Owned for Contract {
    const WHAT: &'static str = "contract";
    const SHOW: Action = Action::ContractShow;
    fn responsible(&self) -> Option<CollaboratorId> {
        self.sales_contact.as_ref().map(|c| c.id)
    }
}

/// An event is its support contact's.
impl Owned for Event {
    const WHAT: &'static str = "event";
    const SHOW: Action = Action::EventShow;
    fn responsible(&self) -> Option<CollaboratorId> {
        self.support_contact.as_ref().map(|c| c.id)
    }
}

/// Whether a department may read records of kind `R`: then it may be told
/// that an id does not exist, rather than refused.
pub fn may_read<R: Owned>(department: Department) -> bool {
    Relation::ALL
        .iter()
        .any(|&r| allows(department, R::SHOW, Target::Record(r)))
}

/// How a record (or its absence) relates to the actor. A record that does
/// not exist counts as someone else's, so an actor who could not act on
/// others' records is told "denied", not whether the id exists.
pub fn relation<R: Owned>(actor: CollaboratorId, found: Option<&R>) -> Relation {
    match found.map(Owned::responsible) {
        Some(Some(who)) if who == actor => Relation::Own,
        Some(None) => Relation::Unassigned,
        _ => Relation::Other,
    }
}

/// Which action changes an event's details for a department: support
/// updates the events it runs; sales correct the events of their own
/// clients' contracts until support is assigned (judged on the contract,
/// as creating one is). A department that may do neither is refused as
/// for an update.
pub fn event_editing(department: Department) -> Action {
    let grants_any = |action| {
        Relation::ALL
            .iter()
            .any(|&r| allows(department, action, Target::Record(r)))
    };
    if !grants_any(Action::EventUpdate) && grants_any(Action::EventAmend) {
        Action::EventAmend
    } else {
        Action::EventUpdate
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
