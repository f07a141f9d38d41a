//! The database's wall, as one table: which role may read or write which
//! columns of which table, and for which of the policy's actions. Both
//! PostgreSQL's grants (`raw::roles`) and MariaDB's (`raw::mariadb_roles`)
//! are written from it, so adding a column or an action touches this list
//! only; the tests below hold it to the policy table, and the database
//! tests hold each database's catalogue to it.
//!
//! Which rows a role reaches ("own") is the row-level security's, on
//! PostgreSQL only (migration `grants_from_one_table`); MariaDB has none,
//! and there the application alone tells rows apart.

use epicevents_domain::Department;
use epicevents_domain::policy::Action::{self, *};

/// The roles an installation grants to, each named `<prefix>_<part>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Role {
    /// What the server does before a request has an actor (PostgreSQL's
    /// login role, MariaDB's `gate` role): it acts for nobody.
    Server,
    Sales,
    Support,
    Management,
    /// What management's imports act as: it writes what no department
    /// writes by hand, and its row-level security checks for a manager.
    Import,
}

impl Role {
    pub const ALL: [Role; 5] = [
        Role::Server,
        Role::Sales,
        Role::Support,
        Role::Management,
        Role::Import,
    ];

    /// The department whose actions the role's grants serve: the import
    /// role's are management's.
    pub fn department(self) -> Option<Department> {
        match self {
            Role::Server => None,
            Role::Sales => Some(Department::Sales),
            Role::Support => Some(Department::Support),
            Role::Management | Role::Import => Some(Department::Management),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Verb {
    Select,
    Insert,
    Update,
    Delete,
}

impl Verb {
    pub fn sql(self) -> &'static str {
        match self {
            Verb::Select => "SELECT",
            Verb::Insert => "INSERT",
            Verb::Update => "UPDATE",
            Verb::Delete => "DELETE",
        }
    }
}

/// One grant: `verb` on `columns` of `table` (every column when `None`;
/// DELETE takes none) to the roles `to`, for the actions `serves`.
#[derive(Debug)]
pub struct Grant {
    pub verb: Verb,
    pub table: &'static str,
    pub columns: Option<&'static [&'static str]>,
    pub to: &'static [Role],
    pub serves: Serves,
}

/// What a grant exists for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Serves {
    /// These actions of the policy: each role's department may take one
    /// of them at least.
    Actions(&'static [Action]),
    /// What is written alongside these actions (a notification, its
    /// e-mail), held to the policy as `Actions` are, but never the grant
    /// behind an action.
    Alongside(&'static [Action]),
    /// Every action: the trail's entry each one leaves.
    EveryAction,
    /// The server's own work before a request has an actor (logins,
    /// sessions, the schema check, sending e-mail): for the server only.
    TheServer,
}

/// The actions no department's grant serves: the server does them for a
/// collaborator through its own functions (logging out ends the session
/// the request came with).
pub const BY_THE_SERVER: &[Action] = &[SessionLogout];

use Role::{Import, Management, Sales, Server, Support};
use Verb::{Delete, Insert, Select, Update};

const DEPARTMENTS: &[Role] = &[Sales, Support, Management];
const WRITERS: &[Role] = &[Sales, Support, Management, Import];
const ACCOUNT: &[&str] = &[
    "id",
    "full_name",
    "email",
    "department",
    "created_at",
    "updated_at",
    "deactivated_at",
];
const NEW_CLIENT: &[&str] = &[
    "full_name",
    "email",
    "phone",
    "company_name",
    "sales_contact_id",
    "created_at",
    "updated_at",
    "search_text",
    "sort_key",
];
const NEW_CONTRACT: &[&str] = &[
    "client_id",
    "total_cents",
    "due_cents",
    "signed",
    "amounts_known",
    "external_ref",
    "created_at",
    "updated_at",
];
const NEW_EVENT: &[&str] = &[
    "contract_id",
    "name",
    "starts_at",
    "ends_at",
    "support_contact_id",
    "location",
    "attendees",
    "notes",
    "created_at",
    "updated_at",
    "search_text",
    "external_ref",
];
const CONTRACT_TERMS: &[&str] = &[
    "total_cents",
    "due_cents",
    "signed",
    "amounts_known",
    "updated_at",
    "version",
];
/// The actions whose writes notify someone (and queue their e-mail).
const NOTIFYING: &[Action] = &[
    ClientReassign,
    ContractUpdate,
    ContractSign,
    ContractPay,
    EventCreate,
    EventUpdate,
    EventAmend,
    EventAssign,
    EventUnassign,
    EventImportCreate,
];

const fn grant(
    verb: Verb,
    table: &'static str,
    columns: Option<&'static [&'static str]>,
    to: &'static [Role],
    serves: &'static [Action],
) -> Grant {
    Grant {
        verb,
        table,
        columns,
        to,
        serves: Serves::Actions(serves),
    }
}

const fn server(
    verb: Verb,
    table: &'static str,
    columns: Option<&'static [&'static str]>,
) -> Grant {
    Grant {
        verb,
        table,
        columns,
        to: &[Server],
        serves: Serves::TheServer,
    }
}

/// Every grant. Anything not listed is refused by the database.
pub const GRANTS: &[Grant] = &[
    // The server, before a request has an actor: the schema check, which
    // roles to act as, sessions (never their tokens' hashes), the traces
    // of ended ones, password-check budgets, the trail's logins and
    // refusals, and the e-mail queue it sends.
    server(Select, "__diesel_schema_migrations", None),
    server(Select, "access_roles", None),
    server(
        Select,
        "sessions",
        Some(&[
            "id",
            "collaborator_id",
            "created_at",
            "expires_at",
            "last_used_at",
        ]),
    ),
    server(
        Insert,
        "sessions",
        Some(&[
            "collaborator_id",
            "token_hash",
            "created_at",
            "expires_at",
            "last_used_at",
        ]),
    ),
    server(Update, "sessions", Some(&["last_used_at"])),
    server(Delete, "sessions", None),
    server(Select, "ended_sessions", Some(&["expires_at"])),
    server(Delete, "ended_sessions", None),
    server(Select, "login_attempts", None),
    server(Insert, "login_attempts", None),
    server(Update, "login_attempts", None),
    server(Delete, "login_attempts", None),
    server(Select, "outbox", None),
    server(
        Update,
        "outbox",
        Some(&["attempts", "next_attempt_at", "sent_at", "last_error"]),
    ),
    // Every action leaves its entry in the trail, in its actor's name (the
    // server's: logins, logouts and refusals).
    Grant {
        verb: Insert,
        table: "audit_log",
        columns: None,
        to: &[Server, Sales, Support, Management, Import],
        serves: Serves::EveryAction,
    },
    // Everyone reads every client, contract and event, and collaborators'
    // accounts (every record shows its contacts), never a password hash.
    server(Select, "collaborators", Some(ACCOUNT)),
    grant(
        Select,
        "collaborators",
        Some(ACCOUNT),
        WRITERS,
        &[
            SessionWhoami,
            CollaboratorList,
            CollaboratorShow,
            EventImportCreate,
        ],
    ),
    grant(
        Select,
        "clients",
        None,
        WRITERS,
        &[ClientList, ClientShow, EventImportCreate],
    ),
    grant(
        Select,
        "contracts",
        None,
        WRITERS,
        &[ContractList, ContractShow, EventImportCreate],
    ),
    grant(
        Select,
        "events",
        None,
        WRITERS,
        &[EventList, EventShow, EventImport, EventImportCreate],
    ),
    // A record's history; management's whole trail (which rows: the
    // row-level security's).
    grant(
        Select,
        "audit_log",
        None,
        DEPARTMENTS,
        &[
            ClientHistory,
            ContractHistory,
            EventHistory,
            CollaboratorHistory,
            HistoryList,
        ],
    ),
    // Notifications: whoever changes a record notifies the people
    // concerned and queues their e-mail; each reads their own.
    Grant {
        verb: Insert,
        table: "notifications",
        columns: Some(&[
            "recipient_id",
            "at",
            "actor_id",
            "action",
            "record",
            "subject",
            "about",
        ]),
        to: WRITERS,
        serves: Serves::Alongside(NOTIFYING),
    },
    Grant {
        verb: Insert,
        table: "outbox",
        columns: Some(&[
            "recipient",
            "subject",
            "body",
            "queued_at",
            "next_attempt_at",
        ]),
        to: WRITERS,
        serves: Serves::Alongside(NOTIFYING),
    },
    grant(Select, "notifications", None, DEPARTMENTS, &[InboxRead]),
    grant(
        Update,
        "notifications",
        Some(&["read_at"]),
        DEPARTMENTS,
        &[InboxRead],
    ),
    // Sales: their clients (not the sales contact once created), their
    // clients' contracts' terms and signature, events on those contracts.
    // The import creates clients, contracts and events for anyone.
    grant(
        Insert,
        "clients",
        Some(NEW_CLIENT),
        &[Sales, Import],
        &[ClientCreate, EventImportCreate],
    ),
    grant(
        Update,
        "clients",
        Some(&[
            "full_name",
            "email",
            "phone",
            "company_name",
            "updated_at",
            "version",
            "search_text",
            "sort_key",
        ]),
        &[Sales],
        &[ClientUpdate],
    ),
    grant(
        Update,
        "contracts",
        Some(CONTRACT_TERMS),
        &[Sales, Management],
        &[ContractUpdate, ContractSign, ContractPay],
    ),
    // Payments: everyone reads a contract's; whoever keeps its amounts
    // records them, and a due amount changed by hand is written as an
    // adjustment (which rows: the row-level security's).
    grant(Select, "payments", None, DEPARTMENTS, &[ContractShow]),
    grant(
        Insert,
        "payments",
        Some(&[
            "contract_id",
            "amount_cents",
            "paid_on",
            "kind",
            "author_id",
            "recorded_at",
        ]),
        &[Sales, Management],
        &[ContractPay, ContractUpdate],
    ),
    grant(
        Insert,
        "events",
        Some(NEW_EVENT),
        &[Sales, Import],
        &[EventCreate, EventImportCreate],
    ),
    // Support: their events' details (the sheet's number for them too),
    // not the contract or the support contact. Sales: the same details of
    // the events they created, until support is assigned (which rows: the
    // row-level security's).
    grant(
        Update,
        "events",
        Some(&[
            "name",
            "starts_at",
            "ends_at",
            "location",
            "attendees",
            "notes",
            "updated_at",
            "version",
            "search_text",
        ]),
        &[Support, Sales],
        &[EventUpdate, EventAmend],
    ),
    grant(
        Update,
        "events",
        Some(&["external_ref"]),
        &[Support],
        &[EventUpdate],
    ),
    // Management: contracts; clients' sales contact and events' support
    // contact (the import hands events over too); accounts.
    grant(
        Insert,
        "contracts",
        Some(NEW_CONTRACT),
        &[Management, Import],
        &[ContractCreate, EventImportCreate],
    ),
    grant(
        Update,
        "clients",
        Some(&["sales_contact_id", "updated_at", "version"]),
        &[Management],
        &[ClientReassign],
    ),
    grant(
        Update,
        "events",
        Some(&["support_contact_id", "updated_at", "version"]),
        &[Management, Import],
        &[EventAssign, EventUnassign, EventImportCreate],
    ),
    grant(
        Insert,
        "collaborators",
        Some(&[
            "full_name",
            "email",
            "department",
            "password_hash",
            "created_at",
            "updated_at",
        ]),
        &[Management],
        &[CollaboratorCreate],
    ),
    grant(
        Update,
        "collaborators",
        Some(&["full_name", "email", "department", "updated_at"]),
        &[Management],
        &[CollaboratorUpdate],
    ),
    grant(
        Update,
        "collaborators",
        Some(&["deactivated_at"]),
        &[Management],
        &[CollaboratorDelete, CollaboratorReactivate],
    ),
    grant(
        Delete,
        "collaborators",
        None,
        &[Management],
        &[CollaboratorDelete],
    ),
    // A password change (one's own, or management's reset) ends the
    // account's other sessions and forgets its failed checks; so do a
    // department change and leaving. Unlocking forgets them too.
    grant(
        Update,
        "collaborators",
        Some(&["password_hash", "updated_at"]),
        DEPARTMENTS,
        &[CollaboratorSetPassword],
    ),
    grant(
        Select,
        "sessions",
        Some(&["id", "collaborator_id"]),
        DEPARTMENTS,
        &[
            CollaboratorSetPassword,
            CollaboratorUpdate,
            CollaboratorDelete,
        ],
    ),
    grant(
        Delete,
        "sessions",
        None,
        DEPARTMENTS,
        &[
            CollaboratorSetPassword,
            CollaboratorUpdate,
            CollaboratorDelete,
        ],
    ),
    grant(
        Select,
        "login_attempts",
        Some(&["subject", "source", "attempts"]),
        DEPARTMENTS,
        &[CollaboratorSetPassword, CollaboratorUnlock],
    ),
    grant(
        Delete,
        "login_attempts",
        None,
        DEPARTMENTS,
        &[CollaboratorSetPassword, CollaboratorUnlock],
    ),
    // Archiving and restoring: one more version each; a client's or a
    // contract's archive takes what hangs from it along.
    grant(
        Update,
        "clients",
        Some(&["archived_at", "version"]),
        &[Sales, Management],
        &[ClientArchive, ClientRestore],
    ),
    grant(
        Update,
        "contracts",
        Some(&["archived_at", "archived_along", "version"]),
        &[Sales, Management],
        &[
            ClientArchive,
            ClientRestore,
            ContractArchive,
            ContractRestore,
        ],
    ),
    grant(
        Update,
        "events",
        Some(&["archived_at", "archived_along", "version"]),
        &[Management],
        &[
            ClientArchive,
            ClientRestore,
            ContractArchive,
            ContractRestore,
            EventArchive,
            EventRestore,
        ],
    ),
];

/// The tables the grants name, each once, in order: what every role is
/// first stripped of on MariaDB.
pub fn tables() -> Vec<&'static str> {
    let mut tables: Vec<&str> = GRANTS.iter().map(|g| g.table).collect();
    tables.sort_unstable();
    tables.dedup();
    tables
}

#[cfg(test)]
mod tests;
