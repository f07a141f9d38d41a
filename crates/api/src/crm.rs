//! The one interface every client talks to ([`Crm`]): the same whether the
//! services run in-process or behind the HTTP server, so commands,
//! rendering and exit codes cannot tell which.

use secrecy::SecretString;

use crate::{
    ApiError, ClientChanges, ClientQuery, CollaboratorQuery, ContractChanges, ContractQuery,
    EventChanges, EventQuery, HandedOver, Handover, ImportReport, ImportRequest, LoginOutcome,
    NewClient, NewCollaborator, NewContract, NewEvent, NewPayment, PasswordChange, SignOutcome,
    TrailQuery, Unlocked, UpdateCollaborator, Updated, WhoAmI,
};
use epicevents_domain::history::{Entry, Kind, Step};
use epicevents_domain::inbox::Notification;
use epicevents_domain::policy::Action;
use epicevents_domain::{Client, Collaborator, Contract, Event, Listing, Payment};

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
    /// Records a payment: the amount due follows.
    fn pay_contract(&mut self, id: i32, payment: NewPayment) -> Result<Contract, ApiError>;
    /// A contract's payments and adjustments, oldest first.
    fn payments(&mut self, id: i32) -> Result<Vec<Payment>, ApiError>;

    fn list_events(&mut self, query: &EventQuery) -> Result<Listing<Event>, ApiError>;
    fn show_event(&mut self, id: i32) -> Result<Event, ApiError>;
    fn create_event(&mut self, input: NewEvent) -> Result<Event, ApiError>;
    fn update_event(&mut self, id: i32, input: EventChanges) -> Result<Updated<Event>, ApiError>;
    fn assign_event(&mut self, id: i32, support: i32) -> Result<Updated<Event>, ApiError>;
    fn unassign_event(&mut self, id: i32) -> Result<Updated<Event>, ApiError>;
    /// Hands a sales rep's clients (their contracts follow) to another, in
    /// one transaction.
    fn reassign_clients(&mut self, handover: Handover) -> Result<HandedOver, ApiError>;
    /// Hands a support collaborator's events to another, in one transaction.
    fn reassign_events(&mut self, handover: Handover) -> Result<HandedOver, ApiError>;
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
