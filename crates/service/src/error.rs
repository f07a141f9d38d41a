//! What can go wrong, as values every caller reads the same way: a kind (the
//! CLI's exit code, the HTTP status), a stable machine code, the field at
//! fault, and data a client may use. The words here name no command or flag
//! of any client: the CLI adds its own hints when it renders an error.

use serde_json::{Value, json};

use epicevents_api::ErrorKind;
use epicevents_domain::ValidationError;
use epicevents_domain::policy::Denied;
use epicevents_store::StoreError;

/// Why a caller is not (or no longer) authenticated. Deliberately coarse: an
/// unknown e-mail and a wrong password read the same.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AuthError {
    #[error("not logged in")]
    NoSession,
    #[error("your session has expired")]
    Expired,
    #[error("your session is no longer valid (logged out, password or department changed)")]
    Revoked,
    /// A wrong password, an e-mail with no account, or a deactivated
    /// account: alike, so that nobody learns which addresses have accounts.
    #[error("wrong e-mail or password")]
    BadCredentials,
    /// The budget of password checks for this e-mail, from here, is
    /// spent. An e-mail with no account has a budget too, and is locked
    /// out alike: this says nothing of who has an account.
    #[error(
        "too many failed attempts with this e-mail: wait {minutes} minutes and try again, or ask a manager to unlock the account"
    )]
    LockedOut { minutes: i64 },
}

impl AuthError {
    pub fn code(&self) -> &'static str {
        match self {
            Self::NoSession => "no_session",
            Self::Expired => "session_expired",
            Self::Revoked => "session_revoked",
            Self::BadCredentials => "bad_credentials",
            Self::LockedOut { .. } => "locked_out",
        }
    }
}

/// A business rule that a permitted action would break.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Conflict {
    #[error(
        "{name} is the last management account; give another collaborator the management department first"
    )]
    LastManager { name: String },
    #[error("{name} still {}; reassign these first", responsibilities(.clients, .events))]
    StillResponsible {
        id: i32,
        name: String,
        clients: Vec<i32>,
        events: Vec<i32>,
    },
    #[error("contract {contract} is not signed yet; events are created for signed contracts only")]
    ContractUnsigned { contract: i32 },
    #[error("event {event} is run by {support} now; ask them to change it")]
    EventSupported { event: i32, support: String },
    #[error(
        "contract {contract} already pays for event(s) {}; a contract with events stays signed",
        ids(.events)
    )]
    ContractHasEvents { contract: i32, events: Vec<i32> },
    #[error(
        "{what} {id} changed since version {expected} (it is at version {current}: {now}); nothing was changed"
    )]
    Stale {
        what: &'static str,
        id: i32,
        expected: i32,
        current: i32,
        now: String,
    },
    #[error("client {id} {name} already has the e-mail {email}")]
    DuplicateClient {
        email: String,
        id: i32,
        name: String,
    },
    #[error("{what} {id} is archived; restore it first")]
    Archived { what: &'static str, id: i32 },
    #[error("{what} {id} has event(s) {} still to come; it cannot be archived before they are over", ids(.events))]
    EventsToCome {
        what: &'static str,
        id: i32,
        events: Vec<i32>,
    },
    #[error(
        "client {client} has signed contract(s) {}; a client is archived once its signed contracts are (by management)",
        ids(.contracts)
    )]
    SignedContracts { client: i32, contracts: Vec<i32> },
    #[error("contract {contract} is signed; only management archives a signed contract")]
    ContractSigned { contract: i32 },
    #[error("{what} {id} belongs to {parent} {parent_id}, which is archived; restore that first")]
    ParentArchived {
        what: &'static str,
        id: i32,
        parent: &'static str,
        parent_id: i32,
    },
    #[error("the database already has accounts")]
    AlreadyInitialised,
    #[error("the database already has clients; demo data goes into a new database only")]
    DemoNeedsEmptyDatabase,
}

/// "3, 4, 7", as messages list records.
pub(crate) fn ids(ids: &[i32]) -> String {
    ids.iter()
        .map(i32::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

fn responsibilities(clients: &[i32], events: &[i32]) -> String {
    let mut parts = Vec::new();
    if !clients.is_empty() {
        parts.push(format!("owns client(s) {}", ids(clients)));
    }
    if !events.is_empty() {
        parts.push(format!(
            "is the support contact of event(s) {}",
            ids(events)
        ));
    }
    parts.join(" and ")
}

impl Conflict {
    pub fn code(&self) -> &'static str {
        match self {
            Self::LastManager { .. } => "last_manager",
            Self::StillResponsible { .. } => "still_responsible",
            Self::ContractUnsigned { .. } => "contract_unsigned",
            Self::EventSupported { .. } => "event_supported",
            Self::ContractHasEvents { .. } => "contract_has_events",
            Self::DuplicateClient { .. } => "duplicate_client",
            Self::Archived { .. } => "archived",
            Self::EventsToCome { .. } => "events_to_come",
            Self::SignedContracts { .. } => "signed_contracts",
            Self::ContractSigned { .. } => "contract_signed",
            Self::ParentArchived { .. } => "parent_archived",
            Self::Stale { .. } => "stale_version",
            Self::AlreadyInitialised => "already_initialised",
            Self::DemoNeedsEmptyDatabase => "demo_needs_empty_database",
        }
    }

    fn data(&self) -> Value {
        match self {
            Self::StillResponsible {
                id,
                clients,
                events,
                ..
            } => json!({ "collaborator": id, "clients": clients, "events": events }),
            Self::ContractUnsigned { contract } => json!({ "contract": contract }),
            Self::EventSupported { event, .. } => json!({ "event": event }),
            Self::DuplicateClient { id, .. } => json!({ "client": id }),
            Self::Stale {
                expected, current, ..
            } => json!({ "expected": expected, "current": current }),
            Self::ContractHasEvents { contract, events } => {
                json!({ "contract": contract, "events": events })
            }
            Self::Archived { what, id } => json!({ "record": what, "id": id }),
            Self::EventsToCome { what, id, events } => {
                json!({ "record": what, "id": id, "events": events })
            }
            Self::SignedContracts { client, contracts } => {
                json!({ "client": client, "contracts": contracts })
            }
            Self::ContractSigned { contract } => json!({ "contract": contract }),
            Self::ParentArchived {
                what,
                id,
                parent,
                parent_id,
            } => json!({ "record": what, "id": id, "parent": parent, "parent_id": parent_id }),
            _ => Value::Null,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    #[error(transparent)]
    Auth(#[from] AuthError),
    #[error("permission denied: {0}")]
    Denied(#[from] Denied),
    #[error("{what} {id} not found")]
    NotFound { what: &'static str, id: i32 },
    #[error(transparent)]
    Invalid(#[from] ValidationError),
    #[error(transparent)]
    Conflict(#[from] Conflict),
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A sheet to import has problems: every one, each with its cell.
    #[error("{} in the file; nothing was imported", problems(.0.len()))]
    ImportRejected(Vec<crate::import::CellError>),
    #[error("{0}")]
    Internal(String),
}

fn problems(n: usize) -> String {
    match n {
        1 => "1 problem".to_owned(),
        n => format!("{n} problems"),
    }
}

impl epicevents_store::TxError for ServiceError {
    fn is_serialization_failure(&self) -> bool {
        matches!(self, Self::Store(e) if e.is_serialization_failure())
    }
}

impl ServiceError {
    pub fn kind(&self) -> ErrorKind {
        match self {
            Self::Auth(_) => ErrorKind::NotAuthenticated,
            Self::Denied(_) => ErrorKind::PermissionDenied,
            Self::NotFound { .. } => ErrorKind::NotFound,
            Self::Invalid(_) | Self::ImportRejected(_) => ErrorKind::Invalid,
            Self::Conflict(_) => ErrorKind::Conflict,
            Self::Store(e) => match e {
                StoreError::BadUrl(_) | StoreError::NoCursor(_) | StoreError::BadRolePrefix(_) => {
                    ErrorKind::Invalid
                }
                StoreError::Missing(_)
                | StoreError::NotInitialised
                | StoreError::SchemaOutdated(_)
                | StoreError::SchemaNewer
                | StoreError::AlreadyInitialised
                | StoreError::Busy
                | StoreError::Duplicate(_) => ErrorKind::Conflict,
                StoreError::ReadOnly
                | StoreError::CommitLost
                | StoreError::DiskFull
                | StoreError::Replaced(_)
                | StoreError::NotADatabase(_)
                | StoreError::Connect { .. }
                | StoreError::Unavailable(_) => ErrorKind::Unreachable,
                StoreError::Migration(_) | StoreError::Database(_) => ErrorKind::Internal,
            },
            Self::Internal(_) => ErrorKind::Internal,
        }
    }

    /// A stable name for what went wrong, for programs.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Auth(e) => e.code(),
            Self::Denied(_) => "permission_denied",
            Self::NotFound { .. } => "not_found",
            Self::Invalid(e) => e.code,
            Self::ImportRejected(_) => "import_rejected",
            Self::Conflict(c) => c.code(),
            Self::Store(e) => match e {
                StoreError::BadUrl(_) => "invalid_database_url",
                StoreError::Missing(_) => "database_missing",
                StoreError::NotInitialised => "database_not_initialised",
                StoreError::SchemaOutdated(_) => "schema_outdated",
                StoreError::SchemaNewer => "schema_newer",
                StoreError::AlreadyInitialised => "already_initialised",
                StoreError::Duplicate(_) => "duplicate",
                StoreError::Busy => "busy",
                StoreError::Connect { .. } | StoreError::Unavailable(_) => "database_unreachable",
                StoreError::ReadOnly => "database_read_only",
                StoreError::CommitLost => "commit_unknown",
                StoreError::DiskFull => "disk_full",
                StoreError::NotADatabase(_) => "not_a_database",
                StoreError::Replaced(_) => "database_replaced",
                StoreError::NoCursor(_) => "unknown_cursor",
                StoreError::BadRolePrefix(_) => "invalid",
                _ => "internal",
            },
            Self::Internal(_) => "internal",
        }
    }

    /// The input field at fault, if one is.
    pub fn field(&self) -> Option<&'static str> {
        match self {
            Self::Invalid(e) => Some(e.field),
            Self::Store(StoreError::Duplicate(field)) => Some(field),
            Self::Store(StoreError::NoCursor(_)) => Some("after"),
            Self::Store(StoreError::BadRolePrefix(_)) => Some("role_prefix"),
            Self::ImportRejected(_) => Some("file"),
            _ => None,
        }
    }

    /// What a client may want besides the message.
    pub fn data(&self) -> Value {
        match self {
            Self::Denied(d) => json!({ "action": d.action.key(), "department": d.department }),
            Self::NotFound { what, id } => json!({ "what": what, "id": id }),
            Self::Invalid(e) => json!({ "rule": e.rule }),
            Self::ImportRejected(errors) => json!({ "errors": errors }),
            Self::Conflict(c) => c.data(),
            Self::Store(StoreError::SchemaOutdated(pending)) => json!({ "pending": pending }),
            Self::Auth(AuthError::LockedOut { minutes }) => json!({ "minutes": minutes }),
            _ => Value::Null,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use diesel::result::{DatabaseErrorKind, Error};

    #[test]
    fn database_states_met_inside_a_use_case_read_as_they_do_anywhere() {
        let said = |message: &str| {
            let e = Error::DatabaseError(DatabaseErrorKind::Unknown, Box::new(message.to_owned()));
            let e = ServiceError::from(StoreError::from(e));
            (e.kind(), e.code())
        };
        assert_eq!(said("database is locked"), (ErrorKind::Conflict, "busy"));
        assert_eq!(
            said("Lock wait timeout exceeded; try restarting transaction"),
            (ErrorKind::Conflict, "busy"),
            "MySQL's row lock held too long"
        );
        assert_eq!(
            said("attempt to write a readonly database"),
            (ErrorKind::Unreachable, "database_read_only")
        );
        assert_eq!(said("no such table: x"), (ErrorKind::Internal, "internal"));
    }
}
