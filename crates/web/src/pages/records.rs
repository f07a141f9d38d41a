//! A client's and a contract's pages: the record, the records around it,
//! its history (who changed what, old → new), and signing a contract.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};

use epicevents_api::{ContractQuery, EventQuery};
use epicevents_domain::history::{Kind, Step};
use epicevents_domain::policy::Action;
use epicevents_domain::{Client, Contract, Event, Listing};

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
}

pub async fn client<H: Host>(
    State(web): State<Web<H>>,
    visit: Visit,
    Path(id): Path<i32>,
) -> Response {
    let found = load(&web, visit, move |s, token, _| {
        let client = s.show_client(token, id)?;
        let contracts = s.list_contracts(
            token,
            &ContractQuery {
                client: Some(id),
                limit: Some(super::PAGE),
                ..Default::default()
            },
        )?;
        let history = s.history(token, Kind::Client, id)?;
        Ok((client, contracts, history))
    })
    .await;
    match found {
        Ok((c, (client, contracts, history))) => render(&ClientPage {
            c,
            client,
            contracts,
            history,
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
        let events = s.list_events(
            token,
            &EventQuery {
                contract: Some(id),
                limit: Some(super::PAGE),
                ..Default::default()
            },
        )?;
        let history = s.history(token, Kind::Contract, id)?;
        Ok((contract, events, history, [may_sign, may_create_event]))
    })
    .await;
    match found {
        Ok((c, (contract, events, history, [may_sign, may_create_event]))) => {
            render(&ContractPage {
                c,
                contract,
                events,
                history,
                may_sign,
                may_create_event,
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
    match load(&web, visit, move |s, token, _| s.sign_contract(token, id)).await {
        Ok(_) => Redirect::to(&format!("/contracts/{id}")).into_response(),
        Err(response) => response,
    }
}
