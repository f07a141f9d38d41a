//! The CRM through its server: [`Remote`] implements the same [`Crm`]
//! interface as the in-process services, over HTTPS with a bearer token.
//! Whatever the server answers comes back as the same values and errors;
//! what keeps it from answering (refused, timed out, an untrusted
//! certificate, something that is not the API) is an `Unreachable` error.

mod pinned;
mod server;
mod transport;
mod upload;

use secrecy::{ExposeSecret, SecretString};
use serde::Serialize;
use serde_json::json;

use epicevents_api::routes::{self, Route};
use epicevents_api::{
    ApiError, ClientChanges, ClientQuery, CollaboratorQuery, ContractChanges, ContractQuery, Crm,
    EventChanges, EventQuery, HandedOver, Handover, ImportReport, ImportRequest, InboxRequest,
    LoginOutcome, LoginResponse, LogoutResponse, NewClient, NewCollaborator, NewContract, NewEvent,
    NewPayment, PasswordChange, PasswordChanged, SessionToken, SignOutcome, SupportAssignment,
    TrailQuery, Unlocked, Unread, UpdateCollaborator, Updated, WhoAmI,
};
use epicevents_domain::history::{Entry, Kind, Step};
use epicevents_domain::inbox::Notification;
use epicevents_domain::policy::Action;
use epicevents_domain::{Client, Collaborator, Contract, Event, Listing, Payment};

pub use server::{Server, ServerError};

use transport::Transport;

/// A route's path parameters, in order.
type Args<'a> = &'a [&'a dyn std::fmt::Display];

/// An unexpected failure on this side of the wire: reported, and shown
/// with the report's reference.
fn reported(error: &(dyn std::error::Error + 'static), shown: &str) -> ApiError {
    ApiError::internal(&epicevents_telemetry::capture_unexpected(error), shown)
}

/// The archiving route or the restoring one.
fn archiving(archived: bool, archive: Route, restore: Route) -> Route {
    if archived { archive } else { restore }
}

pub struct Remote {
    transport: Transport,
    token: Option<SessionToken>,
}

impl Remote {
    /// Fails only when the CA certificate given for the server cannot be read.
    pub fn new(server: &Server, token: Option<SessionToken>) -> Result<Self, ApiError> {
        Ok(Self {
            transport: Transport::new(server)?,
            token,
        })
    }

    fn call<T: serde::de::DeserializeOwned>(
        &self,
        route: Route,
        args: Args,
        body: Option<String>,
    ) -> Result<T, ApiError> {
        self.transport
            .call(route.method, &route.with(args), self.token.as_ref(), body)?
            .json()
    }

    fn send<T: serde::de::DeserializeOwned, B: Serialize>(
        &self,
        route: Route,
        args: Args,
        body: &B,
    ) -> Result<T, ApiError> {
        // Straight to text: a tree of values first would cost a sheet's
        // import ten times its size in memory.
        let body = serde_json::to_string(body)
            .map_err(|e| reported(&e, "the request could not be written"))?;
        self.call(route, args, Some(body))
    }

    fn list<T: serde::de::DeserializeOwned, Q: Serialize>(
        &self,
        route: Route,
        query: &Q,
    ) -> Result<T, ApiError> {
        let query = serde_urlencoded::to_string(query)
            .map_err(|e| reported(&e, "the list's query could not be written"))?;
        let path = match query.as_str() {
            "" => route.path.to_owned(),
            query => format!("{}?{query}", route.path),
        };
        self.transport
            .call(route.method, &path, self.token.as_ref(), None)?
            .json()
    }
}

fn secret(s: &SecretString) -> &str {
    s.expose_secret()
}

impl Crm for Remote {
    fn login(&mut self, email: &str, password: &SecretString) -> Result<LoginOutcome, ApiError> {
        let body = json!({ "email": email, "password": secret(password) });
        let answer: LoginResponse = self
            .transport
            .call(
                routes::LOGIN.method,
                routes::LOGIN.path,
                None,
                Some(body.to_string()),
            )?
            .json()?;
        Ok(LoginOutcome {
            token: SessionToken::from_secret(SecretString::from(answer.token)),
            collaborator: answer.whoami.collaborator,
            expires_at: answer.whoami.session_expires_at,
        })
    }

    fn logout(&mut self) -> Result<bool, ApiError> {
        if self.token.is_none() {
            return Ok(false);
        }
        let answer: LogoutResponse = self.call(routes::LOGOUT, &[], None)?;
        Ok(answer.revoked)
    }

    fn whoami(&mut self) -> Result<WhoAmI, ApiError> {
        self.call(routes::WHOAMI, &[], None)
    }

    fn ensure(&mut self, action: Action) -> Result<(), ApiError> {
        let path = routes::ALLOWED.with(&[&action.key()]);
        self.transport
            .call(routes::ALLOWED.method, &path, self.token.as_ref(), None)
            .map(drop)
    }

    fn list_collaborators(
        &mut self,
        query: &CollaboratorQuery,
    ) -> Result<Listing<Collaborator>, ApiError> {
        self.list(routes::LIST_COLLABORATORS, query)
    }

    fn show_collaborator(&mut self, id: i32) -> Result<Collaborator, ApiError> {
        self.call(routes::SHOW_COLLABORATOR, &[&id], None)
    }

    fn create_collaborator(&mut self, input: NewCollaborator) -> Result<Collaborator, ApiError> {
        let body = json!({
            "name": input.name,
            "email": input.email,
            "department": input.department,
            "password": secret(&input.password),
        });
        self.call(routes::CREATE_COLLABORATOR, &[], Some(body.to_string()))
    }

    fn update_collaborator(
        &mut self,
        id: i32,
        input: UpdateCollaborator,
    ) -> Result<Collaborator, ApiError> {
        self.send(routes::UPDATE_COLLABORATOR, &[&id], &input)
    }

    fn set_password(&mut self, id: i32, change: PasswordChange) -> Result<bool, ApiError> {
        let mut body = json!({ "new_password": secret(&change.new_password) });
        if let Some(current) = &change.current_password {
            body["current_password"] = json!(secret(current));
        }
        let answer: PasswordChanged =
            self.call(routes::SET_PASSWORD, &[&id], Some(body.to_string()))?;
        Ok(answer.own)
    }

    fn unlock_collaborator(&mut self, id: i32) -> Result<Unlocked, ApiError> {
        self.call(routes::UNLOCK_COLLABORATOR, &[&id], None)
    }

    fn reactivate_collaborator(&mut self, id: i32) -> Result<Updated<Collaborator>, ApiError> {
        self.call(routes::REACTIVATE_COLLABORATOR, &[&id], None)
    }

    fn delete_collaborator(&mut self, id: i32, dry_run: bool) -> Result<Collaborator, ApiError> {
        let route = routes::DELETE_COLLABORATOR;
        let mut path = route.with(&[&id]);
        if dry_run {
            path.push_str("?dry_run=true");
        }
        self.transport
            .call(route.method, &path, self.token.as_ref(), None)?
            .json()
    }

    fn list_clients(&mut self, query: &ClientQuery) -> Result<Listing<Client>, ApiError> {
        self.list(routes::LIST_CLIENTS, query)
    }

    fn show_client(&mut self, id: i32) -> Result<Client, ApiError> {
        self.call(routes::SHOW_CLIENT, &[&id], None)
    }

    fn create_client(&mut self, input: NewClient) -> Result<Client, ApiError> {
        self.send(routes::CREATE_CLIENT, &[], &input)
    }

    fn update_client(
        &mut self,
        id: i32,
        input: ClientChanges,
    ) -> Result<Updated<Client>, ApiError> {
        self.send(routes::UPDATE_CLIENT, &[&id], &input)
    }

    fn list_contracts(&mut self, query: &ContractQuery) -> Result<Listing<Contract>, ApiError> {
        self.list(routes::LIST_CONTRACTS, query)
    }

    fn show_contract(&mut self, id: i32) -> Result<Contract, ApiError> {
        self.call(routes::SHOW_CONTRACT, &[&id], None)
    }

    fn create_contract(&mut self, input: NewContract) -> Result<Contract, ApiError> {
        self.send(routes::CREATE_CONTRACT, &[], &input)
    }

    fn update_contract(
        &mut self,
        id: i32,
        input: ContractChanges,
    ) -> Result<Updated<Contract>, ApiError> {
        self.send(routes::UPDATE_CONTRACT, &[&id], &input)
    }

    fn pay_contract(&mut self, id: i32, payment: NewPayment) -> Result<Contract, ApiError> {
        self.send(routes::PAY_CONTRACT, &[&id], &payment)
    }

    fn payments(&mut self, id: i32) -> Result<Vec<Payment>, ApiError> {
        self.call(routes::CONTRACT_PAYMENTS, &[&id], None)
    }

    fn sign_contract(&mut self, id: i32) -> Result<SignOutcome, ApiError> {
        self.call(routes::SIGN_CONTRACT, &[&id], None)
    }

    fn list_events(&mut self, query: &EventQuery) -> Result<Listing<Event>, ApiError> {
        self.list(routes::LIST_EVENTS, query)
    }

    fn show_event(&mut self, id: i32) -> Result<Event, ApiError> {
        self.call(routes::SHOW_EVENT, &[&id], None)
    }

    fn create_event(&mut self, input: NewEvent) -> Result<Event, ApiError> {
        self.send(routes::CREATE_EVENT, &[], &input)
    }

    fn update_event(&mut self, id: i32, input: EventChanges) -> Result<Updated<Event>, ApiError> {
        self.send(routes::UPDATE_EVENT, &[&id], &input)
    }

    fn assign_event(&mut self, id: i32, support: i32) -> Result<Updated<Event>, ApiError> {
        self.send(routes::ASSIGN_EVENT, &[&id], &SupportAssignment { support })
    }

    fn unassign_event(&mut self, id: i32) -> Result<Updated<Event>, ApiError> {
        self.call(routes::UNASSIGN_EVENT, &[&id], None)
    }

    fn reassign_clients(&mut self, handover: Handover) -> Result<HandedOver, ApiError> {
        self.send(routes::REASSIGN_CLIENTS, &[], &handover)
    }

    fn reassign_events(&mut self, handover: Handover) -> Result<HandedOver, ApiError> {
        self.send(routes::REASSIGN_EVENTS, &[], &handover)
    }

    fn set_client_archived(
        &mut self,
        id: i32,
        archived: bool,
    ) -> Result<Updated<Client>, ApiError> {
        let route = archiving(archived, routes::ARCHIVE_CLIENT, routes::RESTORE_CLIENT);
        self.call(route, &[&id], None)
    }

    fn set_contract_archived(
        &mut self,
        id: i32,
        archived: bool,
    ) -> Result<Updated<Contract>, ApiError> {
        let route = archiving(archived, routes::ARCHIVE_CONTRACT, routes::RESTORE_CONTRACT);
        self.call(route, &[&id], None)
    }

    fn set_event_archived(&mut self, id: i32, archived: bool) -> Result<Updated<Event>, ApiError> {
        let route = archiving(archived, routes::ARCHIVE_EVENT, routes::RESTORE_EVENT);
        self.call(route, &[&id], None)
    }

    fn history(&mut self, of: Kind, id: i32) -> Result<Vec<Step>, ApiError> {
        self.call(routes::RECORD_HISTORY, &[&of.as_str(), &id], None)
    }

    fn inbox(&mut self, all: bool) -> Result<Vec<Notification>, ApiError> {
        self.send(routes::READ_INBOX, &[], &InboxRequest { all })
    }

    fn unread(&mut self) -> Result<i64, ApiError> {
        let counted: Unread = self.call(routes::UNREAD, &[], None)?;
        Ok(counted.unread)
    }

    fn trail(&mut self, query: &TrailQuery) -> Result<Listing<Entry>, ApiError> {
        self.list(routes::TRAIL, query)
    }

    fn import_events(&mut self, request: ImportRequest) -> Result<ImportReport, ApiError> {
        let body = upload::compress(&request)?;
        self.transport
            .upload(routes::IMPORT_EVENTS, self.token.as_ref(), body)?
            .json()
    }
}
