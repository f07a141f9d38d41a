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

use epicevents_domain::history::{Entry, Kind, Step};
use epicevents_domain::inbox::Notification;
use epicevents_domain::policy::Action;
use epicevents_domain::{Client, Collaborator, Contract, Event, Listing};
use epicevents_service::{
    ApiError, ClientChanges, ClientQuery, CollaboratorQuery, ContractChanges, ContractQuery, Crm,
    EventChanges, EventQuery, ImportReport, ImportRequest, InboxRequest, LoginOutcome,
    LoginResponse, LogoutResponse, NewClient, NewCollaborator, NewContract, NewEvent,
    PasswordChange, PasswordChanged, SessionToken, SignOutcome, SupportAssignment, TrailQuery,
    Unlocked, Unread, UpdateCollaborator, Updated, WhoAmI,
};

pub use server::{Server, ServerError};

/// `/clients/3/archive`, or `/clients/3/restore`.
fn archiving(noun: &str, id: i32, archived: bool) -> String {
    let verb = if archived { "archive" } else { "restore" };
    format!("/{noun}/{id}/{verb}")
}
use transport::{Method, Transport};

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
        method: Method,
        path: &str,
        body: Option<String>,
    ) -> Result<T, ApiError> {
        self.transport
            .call(method, path, self.token.as_ref(), body)?
            .json()
    }

    fn get<T: serde::de::DeserializeOwned>(&self, path: &str) -> Result<T, ApiError> {
        self.call(Method::Get, path, None)
    }

    fn send<T: serde::de::DeserializeOwned, B: Serialize>(
        &self,
        method: Method,
        path: &str,
        body: &B,
    ) -> Result<T, ApiError> {
        // Straight to text: a tree of values first would cost a sheet's
        // import ten times its size in memory.
        let body = serde_json::to_string(body)
            .map_err(|e| ApiError::internal(&e, "the request could not be written"))?;
        self.call(method, path, Some(body))
    }

    fn list<T: serde::de::DeserializeOwned, Q: Serialize>(
        &self,
        path: &str,
        query: &Q,
    ) -> Result<T, ApiError> {
        let query = serde_urlencoded::to_string(query)
            .map_err(|e| ApiError::internal(&e, "the list's query could not be written"))?;
        if query.is_empty() {
            self.get(path)
        } else {
            self.get(&format!("{path}?{query}"))
        }
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
            .call(Method::Post, "/session", None, Some(body.to_string()))?
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
        let answer: LogoutResponse = self.call(Method::Delete, "/session", None)?;
        Ok(answer.revoked)
    }

    fn whoami(&mut self) -> Result<WhoAmI, ApiError> {
        self.get("/session")
    }

    fn ensure(&mut self, action: Action) -> Result<(), ApiError> {
        self.transport
            .call(
                Method::Get,
                &format!("/session/allowed/{}", action.key()),
                self.token.as_ref(),
                None,
            )
            .map(drop)
    }

    fn list_collaborators(
        &mut self,
        query: &CollaboratorQuery,
    ) -> Result<Listing<Collaborator>, ApiError> {
        self.list("/collaborators", query)
    }

    fn show_collaborator(&mut self, id: i32) -> Result<Collaborator, ApiError> {
        self.get(&format!("/collaborators/{id}"))
    }

    fn create_collaborator(&mut self, input: NewCollaborator) -> Result<Collaborator, ApiError> {
        let body = json!({
            "name": input.name,
            "email": input.email,
            "department": input.department,
            "password": secret(&input.password),
        });
        self.call(Method::Post, "/collaborators", Some(body.to_string()))
    }

    fn update_collaborator(
        &mut self,
        id: i32,
        input: UpdateCollaborator,
    ) -> Result<Collaborator, ApiError> {
        self.send(Method::Patch, &format!("/collaborators/{id}"), &input)
    }

    fn set_password(&mut self, id: i32, change: PasswordChange) -> Result<bool, ApiError> {
        let mut body = json!({ "new_password": secret(&change.new_password) });
        if let Some(current) = &change.current_password {
            body["current_password"] = json!(secret(current));
        }
        let answer: PasswordChanged = self.call(
            Method::Put,
            &format!("/collaborators/{id}/password"),
            Some(body.to_string()),
        )?;
        Ok(answer.own)
    }

    fn unlock_collaborator(&mut self, id: i32) -> Result<Unlocked, ApiError> {
        self.call(Method::Post, &format!("/collaborators/{id}/unlock"), None)
    }

    fn reactivate_collaborator(&mut self, id: i32) -> Result<Updated<Collaborator>, ApiError> {
        self.call(
            Method::Post,
            &format!("/collaborators/{id}/reactivate"),
            None,
        )
    }

    fn delete_collaborator(&mut self, id: i32, dry_run: bool) -> Result<Collaborator, ApiError> {
        let path = if dry_run {
            format!("/collaborators/{id}?dry_run=true")
        } else {
            format!("/collaborators/{id}")
        };
        self.call(Method::Delete, &path, None)
    }

    fn list_clients(&mut self, query: &ClientQuery) -> Result<Listing<Client>, ApiError> {
        self.list("/clients", query)
    }

    fn show_client(&mut self, id: i32) -> Result<Client, ApiError> {
        self.get(&format!("/clients/{id}"))
    }

    fn create_client(&mut self, input: NewClient) -> Result<Client, ApiError> {
        self.send(Method::Post, "/clients", &input)
    }

    fn update_client(
        &mut self,
        id: i32,
        input: ClientChanges,
    ) -> Result<Updated<Client>, ApiError> {
        self.send(Method::Patch, &format!("/clients/{id}"), &input)
    }

    fn list_contracts(&mut self, query: &ContractQuery) -> Result<Listing<Contract>, ApiError> {
        self.list("/contracts", query)
    }

    fn show_contract(&mut self, id: i32) -> Result<Contract, ApiError> {
        self.get(&format!("/contracts/{id}"))
    }

    fn create_contract(&mut self, input: NewContract) -> Result<Contract, ApiError> {
        self.send(Method::Post, "/contracts", &input)
    }

    fn update_contract(
        &mut self,
        id: i32,
        input: ContractChanges,
    ) -> Result<Updated<Contract>, ApiError> {
        self.send(Method::Patch, &format!("/contracts/{id}"), &input)
    }

    fn sign_contract(&mut self, id: i32) -> Result<SignOutcome, ApiError> {
        self.call(Method::Post, &format!("/contracts/{id}/sign"), None)
    }

    fn list_events(&mut self, query: &EventQuery) -> Result<Listing<Event>, ApiError> {
        self.list("/events", query)
    }

    fn show_event(&mut self, id: i32) -> Result<Event, ApiError> {
        self.get(&format!("/events/{id}"))
    }

    fn create_event(&mut self, input: NewEvent) -> Result<Event, ApiError> {
        self.send(Method::Post, "/events", &input)
    }

    fn update_event(&mut self, id: i32, input: EventChanges) -> Result<Updated<Event>, ApiError> {
        self.send(Method::Patch, &format!("/events/{id}"), &input)
    }

    fn assign_event(&mut self, id: i32, support: i32) -> Result<Updated<Event>, ApiError> {
        self.send(
            Method::Put,
            &format!("/events/{id}/support"),
            &SupportAssignment { support },
        )
    }

    fn unassign_event(&mut self, id: i32) -> Result<Updated<Event>, ApiError> {
        self.call(Method::Delete, &format!("/events/{id}/support"), None)
    }

    fn set_client_archived(
        &mut self,
        id: i32,
        archived: bool,
    ) -> Result<Updated<Client>, ApiError> {
        self.call(Method::Post, &archiving("clients", id, archived), None)
    }

    fn set_contract_archived(
        &mut self,
        id: i32,
        archived: bool,
    ) -> Result<Updated<Contract>, ApiError> {
        self.call(Method::Post, &archiving("contracts", id, archived), None)
    }

    fn set_event_archived(&mut self, id: i32, archived: bool) -> Result<Updated<Event>, ApiError> {
        self.call(Method::Post, &archiving("events", id, archived), None)
    }

    fn history(&mut self, of: Kind, id: i32) -> Result<Vec<Step>, ApiError> {
        self.call(Method::Get, &format!("/history/{}/{id}", of.as_str()), None)
    }

    fn inbox(&mut self, all: bool) -> Result<Vec<Notification>, ApiError> {
        self.send(Method::Post, "/inbox/read", &InboxRequest { all })
    }

    fn unread(&mut self) -> Result<i64, ApiError> {
        let counted: Unread = self.get("/inbox/unread")?;
        Ok(counted.unread)
    }

    fn trail(&mut self, query: &TrailQuery) -> Result<Listing<Entry>, ApiError> {
        self.list("/history", query)
    }

    fn import_events(&mut self, request: ImportRequest) -> Result<ImportReport, ApiError> {
        let body = upload::compress(&request)?;
        self.transport
            .upload("/events/import", self.token.as_ref(), body)?
            .json()
    }
}
