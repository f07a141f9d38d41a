//! Creating clients, contracts and events: one form template for all,
//! each field labelled, each problem beside its field in the rules' own
//! words, nothing saved until all is right. A form is offered only to
//! whom the policy allows it; the server judges the request again.

use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use chrono::NaiveDateTime;
use epicevents_api::{ApiError, ErrorKind, NewClient, NewContract, NewEvent};
use epicevents_domain::Collaborator;
use epicevents_domain::policy::{self, Action, Target};
use epicevents_service::ServiceError;

use super::{Chrome, load, render};
use crate::i18n::Tr;
use crate::session::Visit;
use crate::{Host, Web};

/// A problem with what was sent: beside `field`, or above the form.
pub struct Problem {
    pub field: Option<String>,
    pub message: String,
}

impl Problem {
    pub fn at(&self, field: &str) -> bool {
        self.field.as_deref() == Some(field)
    }

    /// The problem an error is, beside its field when the form has one of
    /// that name (`fields`).
    pub(super) fn of(error: ApiError, fields: &[&str]) -> Self {
        let field = error.field.filter(|f| fields.contains(&f.as_str()));
        Self {
            field,
            message: error.message,
        }
    }
}

/// One field: its name (the rules' name for it), label, input and value.
pub struct Field {
    pub name: &'static str,
    pub label: String,
    /// An input `type`, `textarea` or `checkbox`.
    pub kind: &'static str,
    pub value: String,
    pub required: bool,
}

fn field(t: &Tr, name: &'static str, kind: &'static str, value: &str, required: bool) -> Field {
    Field {
        name,
        label: t.t(&format!("form-{}", name.replace('_', "-"))),
        kind,
        value: value.to_owned(),
        required,
    }
}

#[derive(Template)]
#[template(path = "form.html")]
struct FormPage {
    c: Chrome,
    title: String,
    action: String,
    back: String,
    fields: Vec<Field>,
    problem: Option<Problem>,
}

impl FormPage {
    fn wrong(&self, field: &Field) -> bool {
        self.problem.as_ref().is_some_and(|p| p.at(field.name))
    }
}

/// The form, or after a refused submission the form again with its
/// problem (422, or the refusal's own status).
fn page(
    c: Chrome,
    title: &str,
    action: String,
    back: String,
    fields: impl FnOnce(&Tr) -> Vec<Field>,
    problem: Option<ApiError>,
) -> Response {
    let fields = fields(&c.t);
    let status = problem.as_ref().map_or(StatusCode::OK, |e| {
        StatusCode::from_u16(e.kind.http_status()).unwrap_or(StatusCode::UNPROCESSABLE_ENTITY)
    });
    let names: Vec<&str> = fields.iter().map(|f| f.name).collect();
    let problem = problem.map(|e| Problem::of(e, &names));
    let title = c.t.t(title);
    let page = FormPage {
        c,
        title,
        action,
        back,
        fields,
        problem,
    };
    (status, render(&page)).into_response()
}

/// Refuses, before any form is shown, whom the policy refuses `action`.
fn allowed(me: &Collaborator, action: Action) -> Result<(), ServiceError> {
    Ok(policy::decide(me.department, action, Target::Collection)?)
}

/// A form's start and end, typed in the company's zone, as UTC; or the
/// problem, beside the first that is no time.
pub(super) fn times(
    t: &Tr,
    starts: &str,
    ends: &str,
) -> Result<(NaiveDateTime, NaiveDateTime), ApiError> {
    match (t.read_local_input(starts), t.read_local_input(ends)) {
        (Some(starts), Some(ends)) => Ok((starts, ends)),
        (starts, _) => {
            let field = if starts.is_none() {
                "starts_at"
            } else {
                "ends_at"
            };
            let mut problem = ApiError::new(ErrorKind::Invalid, "bad_time", t.t("edit-bad-time"));
            problem.field = Some(field.to_owned());
            Err(problem)
        }
    }
}

/// What a refused submission gives back: the rules' refusals become the
/// form's problem; anything else (a refusal, a record gone) its own page.
pub(super) fn kept<T>(
    result: Result<T, ServiceError>,
) -> Result<Result<T, ApiError>, ServiceError> {
    match result {
        Ok(found) => Ok(Ok(found)),
        Err(error @ (ServiceError::Invalid(_) | ServiceError::Conflict(_))) => {
            Ok(Err(ApiError::from(error)))
        }
        Err(error) => Err(error),
    }
}

#[derive(Deserialize, Default)]
pub struct ClientForm {
    name: String,
    email: String,
    phone: String,
    company: String,
}

fn client_fields(form: &ClientForm) -> impl FnOnce(&Tr) -> Vec<Field> + '_ {
    move |t| {
        vec![
            field(t, "name", "text", &form.name, true),
            field(t, "email", "email", &form.email, true),
            field(t, "phone", "tel", &form.phone, true),
            field(t, "company", "text", &form.company, true),
        ]
    }
}

pub async fn new_client<H: Host>(State(web): State<Web<H>>, visit: Visit) -> Response {
    match load(&web, visit, |_, _, me| allowed(me, Action::ClientCreate)).await {
        Ok((c, ())) => {
            let form = ClientForm::default();
            page(
                c,
                "form-new-client",
                "/clients/new".into(),
                "/clients".into(),
                client_fields(&form),
                None,
            )
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
        Ok((c, Err(problem))) => page(
            c,
            "form-new-client",
            "/clients/new".into(),
            "/clients".into(),
            client_fields(&form),
            Some(problem),
        ),
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

fn contract_fields(form: &ContractForm) -> impl FnOnce(&Tr) -> Vec<Field> + '_ {
    move |t| {
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
            page(
                c,
                "form-new-contract",
                format!("/clients/{client}/contracts/new"),
                format!("/clients/{client}"),
                contract_fields(&form),
                None,
            )
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
        Ok((c, Err(problem))) => page(
            c,
            "form-new-contract",
            format!("/clients/{client}/contracts/new"),
            format!("/clients/{client}"),
            contract_fields(&form),
            Some(problem),
        ),
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
}

fn event_fields(form: &EventForm) -> impl FnOnce(&Tr) -> Vec<Field> + '_ {
    move |t| {
        vec![
            field(t, "name", "text", &form.name, true),
            field(t, "starts_at", "datetime-local", &form.starts_at, true),
            field(t, "ends_at", "datetime-local", &form.ends_at, true),
            field(t, "location", "text", &form.location, true),
            field(t, "attendees", "number", &form.attendees, true),
            field(t, "notes", "textarea", &form.notes, false),
        ]
    }
}

pub async fn new_event<H: Host>(
    State(web): State<Web<H>>,
    visit: Visit,
    Path(contract): Path<i32>,
) -> Response {
    let found = load(&web, visit, move |s, token, me| {
        let found = s.show_contract(token, contract)?;
        let target = Target::Record(policy::relation(me.id, Some(&found)));
        policy::decide(me.department, Action::EventCreate, target)?;
        Ok(())
    })
    .await;
    match found {
        Ok((c, ())) => {
            let form = EventForm::default();
            page(
                c,
                "form-new-event",
                format!("/contracts/{contract}/events/new"),
                format!("/contracts/{contract}"),
                event_fields(&form),
                None,
            )
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
    let (name, location, attendees, notes) = (
        form.name.clone(),
        form.location.clone(),
        form.attendees.clone(),
        form.notes.clone(),
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
        };
        kept(s.create_event(token, input))
    })
    .await;
    match outcome {
        Ok((_, Ok(event))) => Redirect::to(&format!("/events/{}", event.id)).into_response(),
        Ok((c, Err(problem))) => page(
            c,
            "form-new-event",
            format!("/contracts/{contract}/events/new"),
            format!("/contracts/{contract}"),
            event_fields(&form),
            Some(problem),
        ),
        Err(response) => response,
    }
}
