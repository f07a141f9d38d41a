//! The CRM in-process: the services over a database this machine reaches
//! (an SQLite file, or a PostgreSQL URL), for a one-person installation or
//! an administrator on the server machine.

use secrecy::SecretString;

use super::{
    ApiError, ClientChanges, ClientQuery, CollaboratorQuery, ContractChanges, ContractQuery, Crm,
    EventChanges, EventQuery, HandedOver, Handover, ImportReport, ImportRequest, LoginOutcome,
    NewClient, NewCollaborator, NewContract, NewEvent, NewPayment, PasswordChange, Services,
    SessionToken, SignOutcome, TrailQuery, Unlocked, UpdateCollaborator, Updated, WhoAmI,
};
use crate::auth::LOCAL_SOURCE;
use epicevents_domain::history::{Entry, Kind, Step};
use epicevents_domain::inbox::Notification;
use epicevents_domain::policy::Action;
use epicevents_domain::{Client, Collaborator, Contract, Event, Listing, Payment};

pub struct Local {
    services: Services,
    token: Option<SessionToken>,
}

impl Local {
    pub fn new(services: Services, token: Option<SessionToken>) -> Self {
        Self { services, token }
    }

    fn token(&self) -> Option<&SessionToken> {
        self.token.as_ref()
    }
}

impl Crm for Local {
    fn login(&mut self, email: &str, password: &SecretString) -> Result<LoginOutcome, ApiError> {
        Ok(self.services.login(email, password, LOCAL_SOURCE)?)
    }

    fn logout(&mut self) -> Result<bool, ApiError> {
        match &self.token {
            Some(token) => Ok(self.services.logout(token)?),
            None => Ok(false),
        }
    }

    fn whoami(&mut self) -> Result<WhoAmI, ApiError> {
        Ok(self.services.whoami(self.token())?)
    }

    fn ensure(&mut self, action: Action) -> Result<(), ApiError> {
        Ok(self.services.ensure(self.token(), action)?)
    }

    fn list_collaborators(
        &mut self,
        query: &CollaboratorQuery,
    ) -> Result<Listing<Collaborator>, ApiError> {
        Ok(self.services.list_collaborators(self.token(), query)?)
    }

    fn show_collaborator(&mut self, id: i32) -> Result<Collaborator, ApiError> {
        Ok(self.services.show_collaborator(self.token(), id)?)
    }

    fn create_collaborator(&mut self, input: NewCollaborator) -> Result<Collaborator, ApiError> {
        Ok(self.services.create_collaborator(self.token(), input)?)
    }

    fn update_collaborator(
        &mut self,
        id: i32,
        input: UpdateCollaborator,
    ) -> Result<Collaborator, ApiError> {
        Ok(self.services.update_collaborator(self.token(), id, input)?)
    }

    fn set_password(&mut self, id: i32, change: PasswordChange) -> Result<bool, ApiError> {
        let current = change.current_password.as_ref();
        Ok(self.services.set_password(
            self.token(),
            id,
            current,
            change.new_password,
            LOCAL_SOURCE,
        )?)
    }

    fn unlock_collaborator(&mut self, id: i32) -> Result<Unlocked, ApiError> {
        Ok(self.services.unlock_collaborator(self.token(), id)?)
    }

    fn reactivate_collaborator(&mut self, id: i32) -> Result<Updated<Collaborator>, ApiError> {
        Ok(self.services.reactivate_collaborator(self.token(), id)?)
    }

    fn delete_collaborator(&mut self, id: i32, dry_run: bool) -> Result<Collaborator, ApiError> {
        Ok(self
            .services
            .delete_collaborator(self.token(), id, dry_run)?)
    }

    fn list_clients(&mut self, query: &ClientQuery) -> Result<Listing<Client>, ApiError> {
        Ok(self.services.list_clients(self.token(), query)?)
    }

    fn show_client(&mut self, id: i32) -> Result<Client, ApiError> {
        Ok(self.services.show_client(self.token(), id)?)
    }

    fn create_client(&mut self, input: NewClient) -> Result<Client, ApiError> {
        Ok(self.services.create_client(self.token(), input)?)
    }

    fn update_client(
        &mut self,
        id: i32,
        input: ClientChanges,
    ) -> Result<Updated<Client>, ApiError> {
        Ok(self.services.update_client(self.token(), id, input)?)
    }

    fn list_contracts(&mut self, query: &ContractQuery) -> Result<Listing<Contract>, ApiError> {
        Ok(self.services.list_contracts(self.token(), query)?)
    }

    fn show_contract(&mut self, id: i32) -> Result<Contract, ApiError> {
        Ok(self.services.show_contract(self.token(), id)?)
    }

    fn create_contract(&mut self, input: NewContract) -> Result<Contract, ApiError> {
        Ok(self.services.create_contract(self.token(), input)?)
    }

    fn update_contract(
        &mut self,
        id: i32,
        input: ContractChanges,
    ) -> Result<Updated<Contract>, ApiError> {
        Ok(self.services.update_contract(self.token(), id, input)?)
    }

    fn pay_contract(&mut self, id: i32, payment: NewPayment) -> Result<Contract, ApiError> {
        Ok(self.services.pay_contract(self.token(), id, &payment)?)
    }

    fn payments(&mut self, id: i32) -> Result<Vec<Payment>, ApiError> {
        Ok(self.services.payments(self.token(), id)?)
    }

    fn sign_contract(&mut self, id: i32) -> Result<SignOutcome, ApiError> {
        let (contract, signed_now) = self.services.sign_contract(self.token(), id)?;
        Ok(SignOutcome {
            contract,
            signed_now,
        })
    }

    fn list_events(&mut self, query: &EventQuery) -> Result<Listing<Event>, ApiError> {
        Ok(self.services.list_events(self.token(), query)?)
    }

    fn show_event(&mut self, id: i32) -> Result<Event, ApiError> {
        Ok(self.services.show_event(self.token(), id)?)
    }

    fn create_event(&mut self, input: NewEvent) -> Result<Event, ApiError> {
        Ok(self.services.create_event(self.token(), input)?)
    }

    fn update_event(&mut self, id: i32, input: EventChanges) -> Result<Updated<Event>, ApiError> {
        Ok(self.services.update_event(self.token(), id, input)?)
    }

    fn assign_event(&mut self, id: i32, support: i32) -> Result<Updated<Event>, ApiError> {
        Ok(self.services.assign_event(self.token(), id, support)?)
    }

    fn unassign_event(&mut self, id: i32) -> Result<Updated<Event>, ApiError> {
        Ok(self.services.unassign_event(self.token(), id)?)
    }

    fn reassign_clients(&mut self, handover: Handover) -> Result<HandedOver, ApiError> {
        Ok(self.services.reassign_clients(self.token(), &handover)?)
    }

    fn reassign_events(&mut self, handover: Handover) -> Result<HandedOver, ApiError> {
        Ok(self.services.reassign_events(self.token(), &handover)?)
    }

    fn set_client_archived(
        &mut self,
        id: i32,
        archived: bool,
    ) -> Result<Updated<Client>, ApiError> {
        let s = &self.services;
        Ok(match archived {
            true => s.archive_client(self.token(), id)?,
            false => s.restore_client(self.token(), id)?,
        })
    }

    fn set_contract_archived(
        &mut self,
        id: i32,
        archived: bool,
    ) -> Result<Updated<Contract>, ApiError> {
        let s = &self.services;
        Ok(match archived {
            true => s.archive_contract(self.token(), id)?,
            false => s.restore_contract(self.token(), id)?,
        })
    }

    fn set_event_archived(&mut self, id: i32, archived: bool) -> Result<Updated<Event>, ApiError> {
        let s = &self.services;
        Ok(match archived {
            true => s.archive_event(self.token(), id)?,
            false => s.restore_event(self.token(), id)?,
        })
    }

    fn history(&mut self, of: Kind, id: i32) -> Result<Vec<Step>, ApiError> {
        Ok(self.services.history(self.token(), of, id)?)
    }

    fn inbox(&mut self, all: bool) -> Result<Vec<Notification>, ApiError> {
        Ok(self.services.inbox(self.token(), all)?)
    }

    fn unread(&mut self) -> Result<i64, ApiError> {
        Ok(self.services.unread(self.token())?)
    }

    fn trail(&mut self, query: &TrailQuery) -> Result<Listing<Entry>, ApiError> {
        Ok(self.services.trail(self.token(), query)?)
    }

    fn import_events(&mut self, request: ImportRequest) -> Result<ImportReport, ApiError> {
        Ok(self.services.import_events(self.token(), request)?)
    }
}
