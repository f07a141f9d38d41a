//! The one interface the command line talks to ([`Crm`]), with the values
//! that cross it: the same whether the services run in-process or behind
//! the HTTP server, so commands, rendering and exit codes cannot tell which.

use secrecy::SecretString;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::{
    ClientChanges, ClientQuery, CollaboratorQuery, ContractChanges, ContractQuery, ErrorKind,
    EventChanges, EventQuery, ImportReport, ImportRequest, LoginOutcome, NewClient,
    NewCollaborator, NewContract, NewEvent, ServiceError, TrailQuery, UpdateCollaborator, WhoAmI,
};
use epicevents_domain::history::{Entry, Kind, Step};
use epicevents_domain::inbox::Notification;
use epicevents_domain::policy::Action;
use epicevents_domain::{Client, Collaborator, Contract, Event, Listing};
use epicevents_store::StoreError;
use epicevents_telemetry as telemetry;

/// What the command line can ask of the CRM, wherever the CRM runs. Every
/// call but `login` acts with the session token the implementation holds.
pub trait Crm {
    fn login(&mut self, email: &str, password: &SecretString) -> Result<LoginOutcome, ApiError>;
    /// Ends the session; false when there was no live session to end.
    fn logout(&mut self) -> Result<bool, ApiError>;
    fn whoami(&mut self) -> Result<WhoAmI, ApiError>;
    /// Refuses, as the action itself would, a collection-level action the
    /// caller may not perform: lets the CLI refuse before prompting.
    fn ensure(&mut self, action: Action) -> Result<(), ApiError>;

    fn list_collaborators(
        &mut self,
        query: &CollaboratorQuery,
    ) -> Result<Listing<Collaborator>, ApiError>;
    fn show_collaborator(&mut self, id: i32) -> Result<Collaborator, ApiError>;
    fn create_collaborator(&mut self, input: NewCollaborator) -> Result<Collaborator, ApiError>;
    fn update_collaborator(
        &mut self,
        id: i32,
        input: UpdateCollaborator,
    ) -> Result<Collaborator, ApiError>;
    /// Returns whether the password was the caller's own.
    fn set_password(&mut self, id: i32, change: PasswordChange) -> Result<bool, ApiError>;
    /// With `dry_run`, every check and no change.
    fn delete_collaborator(&mut self, id: i32, dry_run: bool) -> Result<Collaborator, ApiError>;
    fn unlock_collaborator(&mut self, id: i32) -> Result<Unlocked, ApiError>;
    fn reactivate_collaborator(&mut self, id: i32) -> Result<Updated<Collaborator>, ApiError>;

    fn list_clients(&mut self, query: &ClientQuery) -> Result<Listing<Client>, ApiError>;
    fn show_client(&mut self, id: i32) -> Result<Client, ApiError>;
    fn create_client(&mut self, input: NewClient) -> Result<Client, ApiError>;
    fn update_client(&mut self, id: i32, input: ClientChanges)
    -> Result<Updated<Client>, ApiError>;

    fn list_contracts(&mut self, query: &ContractQuery) -> Result<Listing<Contract>, ApiError>;
    fn show_contract(&mut self, id: i32) -> Result<Contract, ApiError>;
    fn create_contract(&mut self, input: NewContract) -> Result<Contract, ApiError>;
    fn update_contract(
        &mut self,
        id: i32,
        input: ContractChanges,
    ) -> Result<Updated<Contract>, ApiError>;
    fn sign_contract(&mut self, id: i32) -> Result<SignOutcome, ApiError>;

    fn list_events(&mut self, query: &EventQuery) -> Result<Listing<Event>, ApiError>;
    fn show_event(&mut self, id: i32) -> Result<Event, ApiError>;
    fn create_event(&mut self, input: NewEvent) -> Result<Event, ApiError>;
    fn update_event(&mut self, id: i32, input: EventChanges) -> Result<Updated<Event>, ApiError>;
    fn assign_event(&mut self, id: i32, support: i32) -> Result<Updated<Event>, ApiError>;
    fn unassign_event(&mut self, id: i32) -> Result<Updated<Event>, ApiError>;
    /// Archives (`archived`) or restores a record; `changed` is false when
    /// it already was.
    fn set_client_archived(&mut self, id: i32, archived: bool)
    -> Result<Updated<Client>, ApiError>;
    fn set_contract_archived(
        &mut self,
        id: i32,
        archived: bool,
    ) -> Result<Updated<Contract>, ApiError>;
    fn set_event_archived(&mut self, id: i32, archived: bool) -> Result<Updated<Event>, ApiError>;
    /// The changes made to one record, oldest first.
    fn history(&mut self, of: Kind, id: i32) -> Result<Vec<Step>, ApiError>;
    /// One's notifications, newest first (unread, or `all`), marked read.
    fn inbox(&mut self, all: bool) -> Result<Vec<Notification>, ApiError>;
    /// How many notifications one has not read.
    fn unread(&mut self) -> Result<i64, ApiError>;
    /// The whole trail, newest first (management).
    fn trail(&mut self, query: &TrailQuery) -> Result<Listing<Entry>, ApiError>;
    fn import_events(&mut self, request: ImportRequest) -> Result<ImportReport, ApiError>;
}

/// An error as every client sees it: the same in-process and over HTTP.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema, thiserror::Error)]
#[error("{message}")]
pub struct ApiError {
    /// The category: what the CLI's exit code and the HTTP status say.
    pub kind: ErrorKind,
    /// A stable machine name for what went wrong, such as `still_responsible`.
    pub code: String,
    /// One line for people.
    pub message: String,
    /// The input field at fault, when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// Details a client may use: the rule broken, the records involved, a
    /// reference to quote for an internal error.
    #[serde(default, skip_serializing_if = "Value::is_null")]
    #[schema(value_type = Object)]
    pub data: Value,
}

impl ApiError {
    pub fn new(kind: ErrorKind, code: &str, message: impl Into<String>) -> Self {
        Self {
            kind,
            code: code.to_owned(),
            message: message.into(),
            field: None,
            data: Value::Null,
        }
    }

    pub fn with_data(mut self, data: Value) -> Self {
        self.data = data;
        self
    }

    /// A number from `data`, such as `minutes` or `retry_after`.
    pub fn number(&self, key: &str) -> Option<i64> {
        self.data.get(key).and_then(Value::as_i64)
    }

    /// A list of ids from `data`, such as `clients` or `events`.
    pub fn ids(&self, key: &str) -> Vec<i64> {
        self.data
            .get(key)
            .and_then(Value::as_array)
            .map(|a| a.iter().filter_map(Value::as_i64).collect())
            .unwrap_or_default()
    }

    /// The rule an invalid input broke, without the field's name.
    pub fn rule(&self) -> Option<&str> {
        self.data.get("rule").and_then(Value::as_str)
    }

    /// An unexpected failure: reported (to Sentry when it is on) and shown
    /// with the reference the report carries, never with the database's own
    /// words (SQL, constraint and table names).
    pub fn internal(error: &(dyn std::error::Error + 'static), shown: &str) -> Self {
        let reference = telemetry::capture_unexpected(error);
        Self::new(
            ErrorKind::Internal,
            "internal",
            format!("internal error (reference {reference}): {shown}"),
        )
        .with_data(json!({ "reference": reference }))
    }
}

impl From<ServiceError> for ApiError {
    fn from(e: ServiceError) -> Self {
        let kind = e.kind();
        if kind == ErrorKind::Internal {
            let shown = match &e {
                ServiceError::Store(StoreError::Database(_)) => {
                    "the database could not complete the operation; nothing was changed".to_owned()
                }
                other => telemetry::scrub_text(&other.to_string()),
            };
            return Self::internal(&e, &shown);
        }
        Self {
            kind,
            code: e.code().to_owned(),
            message: e.to_string(),
            field: e.field().map(str::to_owned),
            data: e.data(),
        }
    }
}

/// `POST /api/v1/session`.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    pub email: String,
    #[schema(value_type = String, format = Password)]
    pub password: SecretString,
}

/// A new session: the token to send as `Authorization: Bearer …`, and who it is for.
#[derive(Serialize, Deserialize, utoipa::ToSchema)]
pub struct LoginResponse {
    pub token: String,
    #[serde(flatten)]
    pub whoami: WhoAmI,
}

/// `DELETE /api/v1/session`: whether a live session was ended.
#[derive(Debug, Serialize, Deserialize, utoipa::ToSchema)]
pub struct LogoutResponse {
    pub revoked: bool,
}

/// `PUT /api/v1/collaborators/{id}/password`. The current password is
/// required to change one's own.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PasswordChange {
    #[serde(default)]
    #[schema(value_type = Option<String>, format = Password)]
    pub current_password: Option<SecretString>,
    #[schema(value_type = String, format = Password)]
    pub new_password: SecretString,
}

#[derive(Debug, Serialize, Deserialize, utoipa::ToSchema)]
pub struct PasswordChanged {
    /// The password was the caller's own (their session has ended too).
    pub own: bool,
    /// Every session of that collaborator has ended.
    pub sessions_revoked: bool,
}

/// `POST /api/v1/collaborators/{id}/unlock`.
#[derive(Debug, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Unlocked {
    pub collaborator: Collaborator,
    /// Whether failed logins were counted against them (false: nothing to unlock).
    pub had_failures: bool,
}

/// What an update answers: the record as it is now, and whether the update
/// changed it (typing the values it already has changes nothing: no new
/// version, no audit line).
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Updated<T> {
    #[serde(flatten)]
    pub record: T,
    pub changed: bool,
}

impl<T> std::ops::Deref for Updated<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.record
    }
}

/// `POST /api/v1/contracts/{id}/sign`.
#[derive(Debug, Serialize, Deserialize, utoipa::ToSchema)]
pub struct SignOutcome {
    pub contract: Contract,
    /// False when the contract was already signed (nothing changed).
    pub signed_now: bool,
}

/// `PUT /api/v1/events/{id}/support`.
#[derive(Debug, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SupportAssignment {
    /// The support collaborator's id.
    pub support: i32,
}

/// `POST /api/v1/inbox/read`.
#[derive(Debug, Default, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct InboxRequest {
    /// The read notifications too, not only the unread ones.
    pub all: bool,
}

/// `GET /api/v1/inbox/unread`.
#[derive(Debug, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Unread {
    pub unread: i64,
}
