//! A client's and a contract's pages: the record, the records around it,
//! its history (who changed what, old → new), and signing a contract.

use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::response::Response;

use epicevents_api::{ContractQuery, EventQuery, NewPayment};
use epicevents_domain::history::{Kind, Step};
use epicevents_domain::policy::Action;
use epicevents_domain::{Client, Collaborator, Contract, Event, Listing, Payment, ValidationError};

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
    payments: Vec<Payment>,
    /// Offered to whom keeps the contract's amounts, while something is due.
    may_pay: bool,
    /// Today in the company's zone: the payment form's day.
    today: String,
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
        let payments = s.payments(token, id)?;
        let may_pay = contract.amounts_known
            && contract.due.cents() > 0
            && may(me, Action::ContractPay, &contract);
        let offers = ([may_sign, may_create_event, may_edit, may_pay], shelf);
        Ok((contract, events, (history, payments), offers))
    })
    .await;
    match found {
        Ok((c, (contract, events, (history, payments), (offered, shelf)))) => {
            let [may_sign, may_create_event, may_edit, may_pay] = offered;
            let today = chrono::Utc::now().with_timezone(&c.t.zone).date_naive();
            render(&ContractPage {
                today: today.to_string(),
                c,
                contract,
                events,
                history,
                may_sign,
                may_create_event,
                may_edit,
                shelf,
                payments,
                may_pay,
            })
        }
        Err(response) => response,
    }
}

#[derive(serde::Deserialize)]
pub struct PaymentForm {
    amount: String,
    #[serde(default)]
    on: String,
}

/// Records a payment (its client's sales rep, or management); a problem
/// with it is said on its own page, nothing recorded.
pub async fn pay<H: Host>(
    State(web): State<Web<H>>,
    visit: Visit,
    Path(id): Path<i32>,
    Form(form): Form<PaymentForm>,
) -> Response {
    let on = match form.on.trim() {
        "" => Ok(None),
        day => day
            .parse()
            .map(Some)
            .map_err(|_| ValidationError::new("on", "must be a day such as 2027-03-01")),
    };
    let outcome = load(&web, visit, move |s, token, _| {
        let payment = NewPayment {
            amount: form.amount,
            on: on?,
        };
        s.pay_contract(token, id, &payment)
    })
    .await;
    super::then_to(outcome, &format!("/contracts/{id}"))
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
