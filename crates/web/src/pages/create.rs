//! Creating clients, contracts and events, each from where it belongs: a
//! client from the list, a contract from its client, an event from its
//! signed contract. A form is offered only to whom the policy allows it;
//! the server judges the request again.

use axum::Form;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use epicevents_api::{NewClient, NewContract, NewEvent};
use epicevents_domain::policy::Action;

use super::forms::{Field, Frame, client_fields, event_fields, field, kept, page, ticked, times};
use super::{allowed, allowed_on, load};
use crate::i18n::Tr;
use crate::session::Visit;
use crate::{Host, Web};

/// A creation form's frame: `title` translated, no version.
fn creating(t: &Tr, title: &str, action: String, back: String) -> Frame {
    Frame {
        title: t.t(title),
        action,
        back,
        version: None,
    }
}

#[derive(Deserialize, Default)]
pub struct ClientForm {
    name: String,
    email: String,
    phone: String,
    company: String,
}

impl ClientForm {
    fn fields(&self, t: &Tr) -> Vec<Field> {
        client_fields(t, [&self.name, &self.email, &self.phone, &self.company])
    }
}

pub async fn new_client<H: Host>(State(web): State<Web<H>>, visit: Visit) -> Response {
    match load(&web, visit, |_, _, me| allowed(me, Action::ClientCreate)).await {
        Ok((c, ())) => {
            let form = ClientForm::default();
            let frame = creating(
                &c.t,
                "form-new-client",
                "/clients/new".into(),
                "/clients".into(),
            );
            let fields = form.fields(&c.t);
            page(c, frame, fields, None)
        }
        Err(response) => response,
    }
}

pub async fn create_client<H: Host>(
    State(web): State<Web<H>>,
    visit: Visit,
    Form(form): Form<ClientForm>,
) -> Response {
    let input = NewClient {
        name: form.name.clone(),
        email: form.email.clone(),
        phone: form.phone.clone(),
        company: form.company.clone(),
        allow_duplicate: false,
    };
    match load(&web, visit, move |s, token, _| {
        kept(s.create_client(token, input))
    })
    .await
    {
        Ok((_, Ok(client))) => Redirect::to(&format!("/clients/{}", client.id)).into_response(),
        Ok((c, Err(problem))) => {
            let frame = creating(
                &c.t,
                "form-new-client",
                "/clients/new".into(),
                "/clients".into(),
            );
            let fields = form.fields(&c.t);
            page(c, frame, fields, Some(problem))
        }
        Err(response) => response,
    }
}

#[derive(Deserialize, Default)]
pub struct ContractForm {
    total: String,
    #[serde(default)]
    due: String,
    #[serde(default)]
    signed: Option<String>,
}

fn contract_fields(t: &Tr, form: &ContractForm) -> Vec<Field> {
    vec![
        field(t, "total", "text", &form.total, true),
        field(t, "due", "text", &form.due, false),
        field(
            t,
            "signed",
            "checkbox",
            if form.signed.is_some() { "true" } else { "" },
            false,
        ),
    ]
}

pub async fn new_contract<H: Host>(
    State(web): State<Web<H>>,
    visit: Visit,
    Path(client): Path<i32>,
) -> Response {
    let found = load(&web, visit, move |s, token, me| {
        allowed(me, Action::ContractCreate)?;
        s.show_client(token, client).map(drop)
    })
    .await;
    match found {
        Ok((c, ())) => {
            let form = ContractForm::default();
            let frame = creating(
                &c.t,
                "form-new-contract",
                format!("/clients/{client}/contracts/new"),
                format!("/clients/{client}"),
            );
            let fields = contract_fields(&c.t, &form);
            page(c, frame, fields, None)
        }
        Err(response) => response,
    }
}

pub async fn create_contract<H: Host>(
    State(web): State<Web<H>>,
    visit: Visit,
    Path(client): Path<i32>,
    Form(form): Form<ContractForm>,
) -> Response {
    let input = NewContract {
        client,
        total: form.total.clone(),
        due: Some(form.due.clone()).filter(|d| !d.trim().is_empty()),
        signed: form.signed.is_some(),
    };
    match load(&web, visit, move |s, token, _| {
        kept(s.create_contract(token, input))
    })
    .await
    {
        Ok((_, Ok(contract))) => {
            Redirect::to(&format!("/contracts/{}", contract.id)).into_response()
        }
        Ok((c, Err(problem))) => {
            let frame = creating(
                &c.t,
                "form-new-contract",
                format!("/clients/{client}/contracts/new"),
                format!("/clients/{client}"),
            );
            let fields = contract_fields(&c.t, &form);
            page(c, frame, fields, Some(problem))
        }
        Err(response) => response,
    }
}

#[derive(Deserialize, Default)]
pub struct EventForm {
    name: String,
    starts_at: String,
    ends_at: String,
    location: String,
    attendees: String,
    #[serde(default)]
    notes: String,
    #[serde(default)]
    past: String,
}

impl EventForm {
    fn fields(&self, t: &Tr) -> Vec<Field> {
        event_fields(
            t,
            [
                &self.name,
                &self.starts_at,
                &self.ends_at,
                &self.location,
                &self.attendees,
                &self.notes,
                &self.past,
            ],
        )
    }
}

pub async fn new_event<H: Host>(
    State(web): State<Web<H>>,
    visit: Visit,
    Path(contract): Path<i32>,
) -> Response {
    let found = load(&web, visit, move |s, token, me| {
        let found = s.show_contract(token, contract)?;
        allowed_on(me, Action::EventCreate, &found)
    })
    .await;
    match found {
        Ok((c, ())) => {
            let form = EventForm::default();
            let frame = creating(
                &c.t,
                "form-new-event",
                format!("/contracts/{contract}/events/new"),
                format!("/contracts/{contract}"),
            );
            let fields = form.fields(&c.t);
            page(c, frame, fields, None)
        }
        Err(response) => response,
    }
}

pub async fn create_event<H: Host>(
    State(web): State<Web<H>>,
    visit: Visit,
    Path(contract): Path<i32>,
    Form(form): Form<EventForm>,
) -> Response {
    let t = Tr::new(visit.lang, web.settings.zone);
    let times = times(&t, &form.starts_at, &form.ends_at);
    let (name, location, attendees, notes, past) = (
        form.name.clone(),
        form.location.clone(),
        form.attendees.clone(),
        form.notes.clone(),
        ticked(&form.past),
    );
    let outcome = load(&web, visit, move |s, token, _| {
        let (starts_at, ends_at) = match times {
            Ok(both) => both,
            Err(problem) => return Ok(Err(problem)),
        };
        let input = NewEvent {
            contract,
            name,
            starts_at,
            ends_at,
            location,
            attendees,
            notes: Some(notes).filter(|n| !n.is_empty()),
            past,
        };
        kept(s.create_event(token, input))
    })
    .await;
    match outcome {
        Ok((_, Ok(event))) => Redirect::to(&format!("/events/{}", event.id)).into_response(),
        Ok((c, Err(problem))) => {
            let frame = creating(
                &c.t,
                "form-new-event",
                format!("/contracts/{contract}/events/new"),
                format!("/contracts/{contract}"),
            );
            let fields = form.fields(&c.t);
            page(c, frame, fields, Some(problem))
        }
        Err(response) => response,
    }
}
