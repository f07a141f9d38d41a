//! The allowed cells of the access table: every cell not listed here is
//! denied.

use super::{Action, Relation, Target};
use crate::Department;

use Department::{Management, Sales, Support};
use Relation::{Other, Own, Unassigned};
use Target::{Collection, Record};

/// The allowed cells. Anything not listed is denied.
pub(super) const GRANTS: &[(Action, Department, Target)] = &[
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
    // A manager locked out from one place may unlock themselves from another.
    (Action::CollaboratorUnlock, Management, Record(Own)),
    (Action::CollaboratorUnlock, Management, Record(Other)),
    // Someone deactivated cannot act: reactivating is always another's.
    (Action::CollaboratorReactivate, Management, Record(Other)),
    // Everyone reads every client, contract and event.
    (Action::ClientList, Sales, Collection),
    (Action::ClientList, Support, Collection),
    (Action::ClientList, Management, Collection),
    (Action::ClientShow, Sales, Record(Own)),
    (Action::ClientShow, Sales, Record(Other)),
    (Action::ClientShow, Sales, Record(Unassigned)),
    (Action::ClientShow, Support, Record(Own)),
    (Action::ClientShow, Support, Record(Other)),
    (Action::ClientShow, Support, Record(Unassigned)),
    (Action::ClientShow, Management, Record(Own)),
    (Action::ClientShow, Management, Record(Other)),
    (Action::ClientShow, Management, Record(Unassigned)),
    (Action::ContractList, Sales, Collection),
    (Action::ContractList, Support, Collection),
    (Action::ContractList, Management, Collection),
    (Action::ContractShow, Sales, Record(Own)),
    (Action::ContractShow, Sales, Record(Other)),
    (Action::ContractShow, Sales, Record(Unassigned)),
    (Action::ContractShow, Support, Record(Own)),
    (Action::ContractShow, Support, Record(Other)),
    (Action::ContractShow, Support, Record(Unassigned)),
    (Action::ContractShow, Management, Record(Own)),
    (Action::ContractShow, Management, Record(Other)),
    (Action::ContractShow, Management, Record(Unassigned)),
    (Action::EventList, Sales, Collection),
    (Action::EventList, Support, Collection),
    (Action::EventList, Management, Collection),
    (Action::EventShow, Sales, Record(Own)),
    (Action::EventShow, Sales, Record(Other)),
    (Action::EventShow, Sales, Record(Unassigned)),
    (Action::EventShow, Support, Record(Own)),
    (Action::EventShow, Support, Record(Other)),
    (Action::EventShow, Support, Record(Unassigned)),
    (Action::EventShow, Management, Record(Own)),
    (Action::EventShow, Management, Record(Other)),
    (Action::EventShow, Management, Record(Unassigned)),
    // Sales find clients and keep their own clients' records.
    (Action::ClientCreate, Sales, Collection),
    (Action::ClientUpdate, Sales, Record(Own)),
    // Management moves a client to another sales rep; nothing else on clients.
    (Action::ClientReassign, Management, Record(Own)),
    (Action::ClientReassign, Management, Record(Other)),
    (Action::ClientReassign, Management, Record(Unassigned)),
    // Management draws up contracts; a contract is "own" to the sales rep of its client.
    (Action::ContractCreate, Management, Collection),
    (Action::ContractUpdate, Sales, Record(Own)),
    (Action::ContractUpdate, Management, Record(Own)),
    (Action::ContractUpdate, Management, Record(Other)),
    (Action::ContractUpdate, Management, Record(Unassigned)),
    (Action::ContractSign, Sales, Record(Own)),
    (Action::ContractSign, Management, Record(Own)),
    (Action::ContractSign, Management, Record(Other)),
    (Action::ContractSign, Management, Record(Unassigned)),
    // Payments are recorded by whoever keeps the contract's amounts.
    (Action::ContractPay, Sales, Record(Own)),
    (Action::ContractPay, Management, Record(Own)),
    (Action::ContractPay, Management, Record(Other)),
    (Action::ContractPay, Management, Record(Unassigned)),
    // The record of EventCreate is the contract: its client's sales rep creates the event.
    (Action::EventCreate, Sales, Record(Own)),
    // An event is "own" to the support collaborator assigned to it.
    (Action::EventUpdate, Support, Record(Own)),
    // Until support is assigned (a rule of the service), the sales rep who
    // created an event corrects it: like EventCreate, its record is the
    // contract.
    (Action::EventAmend, Sales, Record(Own)),
    (Action::EventAssign, Management, Record(Own)),
    (Action::EventAssign, Management, Record(Other)),
    (Action::EventAssign, Management, Record(Unassigned)),
    // Taking an event from its support contact is management's too (an
    // event with none is left as it is).
    (Action::EventUnassign, Management, Record(Own)),
    (Action::EventUnassign, Management, Record(Other)),
    (Action::EventUnassign, Management, Record(Unassigned)),
    // Bringing the support team's sheet in. An import changes, field by
    // field and record by record, only what its importer may change by
    // hand (support: their own events' details; management: support
    // contacts), each change judged by its own row above.
    (Action::EventImport, Support, Collection),
    (Action::EventImport, Management, Collection),
    // Management's one right that only an import uses: the sheet's new
    // events (with their support contacts), and the clients and contracts
    // they need, which no department types by hand for another.
    (Action::EventImportCreate, Management, Collection),
    // Whoever reads a client, contract or event reads its history (the
    // changes made to it); an account's history is management's.
    (Action::ClientHistory, Sales, Record(Own)),
    (Action::ClientHistory, Sales, Record(Other)),
    (Action::ClientHistory, Sales, Record(Unassigned)),
    (Action::ClientHistory, Support, Record(Own)),
    (Action::ClientHistory, Support, Record(Other)),
    (Action::ClientHistory, Support, Record(Unassigned)),
    (Action::ClientHistory, Management, Record(Own)),
    (Action::ClientHistory, Management, Record(Other)),
    (Action::ClientHistory, Management, Record(Unassigned)),
    (Action::ContractHistory, Sales, Record(Own)),
    (Action::ContractHistory, Sales, Record(Other)),
    (Action::ContractHistory, Sales, Record(Unassigned)),
    (Action::ContractHistory, Support, Record(Own)),
    (Action::ContractHistory, Support, Record(Other)),
    (Action::ContractHistory, Support, Record(Unassigned)),
    (Action::ContractHistory, Management, Record(Own)),
    (Action::ContractHistory, Management, Record(Other)),
    (Action::ContractHistory, Management, Record(Unassigned)),
    (Action::EventHistory, Sales, Record(Own)),
    (Action::EventHistory, Sales, Record(Other)),
    (Action::EventHistory, Sales, Record(Unassigned)),
    (Action::EventHistory, Support, Record(Own)),
    (Action::EventHistory, Support, Record(Other)),
    (Action::EventHistory, Support, Record(Unassigned)),
    (Action::EventHistory, Management, Record(Own)),
    (Action::EventHistory, Management, Record(Other)),
    (Action::EventHistory, Management, Record(Unassigned)),
    (Action::CollaboratorHistory, Management, Record(Own)),
    (Action::CollaboratorHistory, Management, Record(Other)),
    // Everyone reads their own notifications, and only their own.
    (Action::InboxRead, Sales, Collection),
    (Action::InboxRead, Support, Collection),
    (Action::InboxRead, Management, Collection),
    // The whole trail, refusals and logins included, is management's.
    (Action::HistoryList, Management, Collection),
    // Archiving takes a record out of the lists, whole. Management archives
    // and restores anything; sales archive their own clients and contracts
    // (the rules refuse a signed contract) and restore nothing.
    (Action::ClientArchive, Sales, Record(Own)),
    (Action::ContractArchive, Sales, Record(Own)),
    (Action::ClientArchive, Management, Record(Own)),
    (Action::ClientArchive, Management, Record(Other)),
    (Action::ClientArchive, Management, Record(Unassigned)),
    (Action::ClientRestore, Management, Record(Own)),
    (Action::ClientRestore, Management, Record(Other)),
    (Action::ClientRestore, Management, Record(Unassigned)),
    (Action::ContractArchive, Management, Record(Own)),
    (Action::ContractArchive, Management, Record(Other)),
    (Action::ContractArchive, Management, Record(Unassigned)),
    (Action::ContractRestore, Management, Record(Own)),
    (Action::ContractRestore, Management, Record(Other)),
    (Action::ContractRestore, Management, Record(Unassigned)),
    (Action::EventArchive, Management, Record(Own)),
    (Action::EventArchive, Management, Record(Other)),
    (Action::EventArchive, Management, Record(Unassigned)),
    (Action::EventRestore, Management, Record(Own)),
    (Action::EventRestore, Management, Record(Other)),
    (Action::EventRestore, Management, Record(Unassigned)),
];
