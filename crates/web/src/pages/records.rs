//! A client's and a contract's pages: the record, the records around it,
//! its history (who changed what, old → new), and signing a contract.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;

use epicevents_api::{ContractQuery, EventQuery};
use epicevents_domain::history::{Kind, Step};
use epicevents_domain::policy::Action;
use epicevents_domain::{Client, Collaborator, Contract, Event, Listing};

use super::archive::Offer;
use super::{Chrome, load, may, render};
use crate::session::Visit;
use crate::{Host, Web};

#[derive(Template)]
#[template(path = "client.html")]
struct ClientPage {
    c: Chrome,
    client: Client,
    contracts: Listing<Contract>,
    history: Vec<Step>,
    offers: ClientOffers,
}

/// What the client's page offers this person.
struct ClientOffers {
    edit: bool,
    /// The sales reps to hand the client to, for management.
    reassign: Option<Vec<Collaborator>>,
    shelf: Offer,
}

impl ClientOffers {
    fn any(&self) -> bool {
        self.edit || self.reassign.is_some() || self.shelf.any()
    }
}

pub async fn client<H: Host>(
    State(web): State<Web<H>>,
    visit: Visit,
    Path(id): Path<i32>,
) -> Response {
    let found = load(&web, visit, move |s, token, me| {
        let client = s.show_client(token, id)?;
        let offers = ClientOffers {
            edit: may(me, Action::ClientUpdate, &client),
            reassign: super::staffing::reps(s, token, me, &client)?,
            shelf: Offer::of(me, &client),
        };
        let contracts = s.list_contracts(
            token,
            &ContractQuery {
                client: Some(id),
                limit: Some(super::PAGE),
                ..Default::default()
            },
        )?;
        let history = s.history(token, Kind::Client, id)?;
        Ok((client, contracts, history, offers))
    })
    .await;
    match found {
        Ok((c, (client, contracts, history, offers))) => render(&ClientPage {
            c,
            client,
            contracts,
            history,
            offers,
        }),
        Err(response) => response,
    }
}

#[derive(Template)]
#[template(path = "contract.html")]
struct ContractPage {
    c: Chrome,
    contract: Contract,
    events: Listing<Event>,
    history: Vec<Step>,
    /// Offered to whom the policy lets sign this contract, while unsigned.
    may_sign: bool,
    /// Offered to its client's sales rep once it is signed.
    may_create_event: bool,
    may_edit: bool,
    shelf: Offer,
}

impl ContractPage {
    fn any(&self) -> bool {
        self.may_sign || self.may_create_event || self.may_edit || self.shelf.any()
    }
}

pub async fn contract<H: Host>(
    State(web): State<Web<H>>,
    visit: Visit,
    Path(id): Path<i32>,
) -> Response {
    let found = load(&web, visit, move |s, token, me| {
        let contract = s.show_contract(token, id)?;
        let may_sign = !contract.signed && may(me, Action::ContractSign, &contract);
        let may_create_event = contract.signed && may(me, Action::EventCreate, &contract);
        let may_edit = may(me, Action::ContractUpdate, &contract);
        let shelf = Offer::of(me, &contract);
        let events = s.list_events(
            token,
            &EventQuery {
                contract: Some(id),
                limit: Some(super::PAGE),
                ..Default::default()
            },
        )?;
        let history = s.history(token, Kind::Contract, id)?;
        let offers = ([may_sign, may_create_event, may_edit], shelf);
        Ok((contract, events, history, offers))
    })
    .await;
    match found {
        Ok((c, (contract, events, history, ([may_sign, may_create_event, may_edit], shelf)))) => {
            render(&ContractPage {
                c,
                contract,
                events,
                history,
                may_sign,
                may_create_event,
                may_edit,
                shelf,
            })
        }
        Err(response) => response,
    }
}

/// Signs the contract (its client's sales rep, or management).
pub async fn sign<H: Host>(
    State(web): State<Web<H>>,
    visit: Visit,
    Path(id): Path<i32>,
) -> Response {
    let outcome = load(&web, visit, move |s, token, _| s.sign_contract(token, id)).await;
    super::then_to(outcome, &format!("/contracts/{id}"))
}
