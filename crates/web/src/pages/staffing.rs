//! Changing an event from its page: support edits the details of the
//! events they run; management assigns support or takes it off. Each form
//! is offered only to whom the policy allows it; the server judges every
//! request again. A problem is shown beside its field in the rules' own
//! words, nothing saved; an edit based on a version someone changed since
//! is shown with what the event holds now, never written over it.

use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use epicevents_api::{CollaboratorQuery, ErrorKind, EventChanges, SessionToken};
use epicevents_domain::policy::Action;
use epicevents_domain::{Collaborator, Event};
use epicevents_service::{ServiceError, Services};

use super::forms::{Problem, kept, times};
use super::{Chrome, load, may, render};
use crate::i18n::Tr;
use crate::session::Visit;
use crate::{Host, Web};

/// What the edit form holds, as typed.
#[derive(Deserialize, Default, Clone)]
pub struct EventForm {
    name: String,
    starts_at: String,
    ends_at: String,
    location: String,
    attendees: String,
    notes: String,
    version: i32,
}

impl EventForm {
    /// The value of field `name`, as the form shows it.
    pub fn value(&self, name: &str) -> &str {
        match name {
            "name" => &self.name,
            "starts_at" => &self.starts_at,
            "ends_at" => &self.ends_at,
            "location" => &self.location,
            "attendees" => &self.attendees,
            _ => &self.notes,
        }
    }

    fn of(t: &Tr, event: &Event) -> Self {
        Self {
            name: event.name.to_string(),
            starts_at: t.local_input(&event.starts_at),
            ends_at: t.local_input(&event.ends_at),
            location: event.location.to_string(),
            attendees: event.attendees.to_string(),
            notes: event.notes.to_string(),
            version: event.version,
        }
    }
}

#[derive(Template)]
#[template(path = "event_edit.html")]
struct EditPage {
    c: Chrome,
    id: i32,
    form: EventForm,
    problem: Option<Problem>,
    /// When someone changed the event since the form was opened: what it
    /// holds now.
    now: Option<EventForm>,
}

impl EditPage {
    fn wrong(&self, field: &str) -> bool {
        self.problem.as_ref().is_some_and(|p| p.at(field))
    }

    /// The input a field is: its `type`, or a text area.
    fn kind(&self, field: &str) -> &'static str {
        match field {
            "notes" => "textarea",
            "starts_at" | "ends_at" => "datetime-local",
            _ => "text",
        }
    }

    fn numeric(&self, field: &str) -> bool {
        field == "attendees"
    }

    /// What the event holds now in `field`, when someone changed it since
    /// the form was opened.
    fn meanwhile(&self, field: &str) -> Option<&str> {
        let now = self.now.as_ref()?.value(field);
        (now != self.form.value(field)).then_some(now)
    }

    fn label(&self, field: &str) -> String {
        self.c.t.t(&format!("edit-field-{field}"))
    }
}

pub async fn edit_form<H: Host>(
    State(web): State<Web<H>>,
    visit: Visit,
    Path(id): Path<i32>,
) -> Response {
    match load(&web, visit, move |s, token, _| s.show_event(token, id)).await {
        Ok((c, event)) => {
            let form = EventForm::of(&c.t, &event);
            render(&EditPage {
                c,
                id,
                form,
                problem: None,
                now: None,
            })
        }
        Err(response) => response,
    }
}

pub async fn edit<H: Host>(
    State(web): State<Web<H>>,
    visit: Visit,
    Path(id): Path<i32>,
    Form(form): Form<EventForm>,
) -> Response {
    let t = Tr::new(visit.lang, web.settings.zone);
    let times = times(&t, &form.starts_at, &form.ends_at);
    let sent = form.clone();
    let outcome = load(&web, visit, move |s, token, _| {
        let (starts_at, ends_at) = match times {
            Ok(both) => both,
            Err(problem) => return Ok(Err((problem, None))),
        };
        let changes = EventChanges {
            name: Some(sent.name),
            starts_at: Some(starts_at),
            ends_at: Some(ends_at),
            location: Some(sent.location),
            attendees: Some(sent.attendees),
            notes: Some(sent.notes),
            if_version: Some(sent.version),
        };
        match kept(s.update_event(token, id, changes))? {
            Ok(_) => Ok(Ok(())),
            Err(problem) if problem.kind == ErrorKind::Conflict => {
                let now = s.show_event(token, id)?;
                Ok(Err((problem, Some(now))))
            }
            Err(problem) => Ok(Err((problem, None))),
        }
    })
    .await;
    let (c, result) = match outcome {
        Ok(found) => found,
        Err(response) => return response,
    };
    let (error, now) = match result {
        Ok(()) => return Redirect::to(&format!("/events/{id}")).into_response(),
        Err(refused) => refused,
    };
    let status =
        StatusCode::from_u16(error.kind.http_status()).unwrap_or(StatusCode::UNPROCESSABLE_ENTITY);
    let problem = Problem::of(error, FIELDS);
    let now = now.map(|event| EventForm::of(&c.t, &event));
    let mut form = form;
    // Sent again, the form is an informed choice over what is there now.
    if let Some(now) = &now {
        form.version = now.version;
    }
    let page = EditPage {
        c,
        id,
        form,
        problem: Some(problem),
        now,
    };
    (status, render(&page)).into_response()
}

/// The fields the form has, by the names the rules give them.
const FIELDS: &[&str] = &[
    "name",
    "starts_at",
    "ends_at",
    "location",
    "attendees",
    "notes",
];

#[derive(Deserialize)]
pub struct Assignment {
    support: i32,
}

/// Management gives the event to someone in support.
pub async fn assign<H: Host>(
    State(web): State<Web<H>>,
    visit: Visit,
    Path(id): Path<i32>,
    Form(choice): Form<Assignment>,
) -> Response {
    let outcome = load(&web, visit, move |s, token, _| {
        s.assign_event(token, id, choice.support)
    })
    .await;
    match outcome {
        Ok(_) => Redirect::to(&format!("/events/{id}")).into_response(),
        Err(response) => response,
    }
}

/// Management takes the event from its support contact.
pub async fn unassign<H: Host>(
    State(web): State<Web<H>>,
    visit: Visit,
    Path(id): Path<i32>,
) -> Response {
    match load(&web, visit, move |s, token, _| s.unassign_event(token, id)).await {
        Ok(_) => Redirect::to(&format!("/events/{id}")).into_response(),
        Err(response) => response,
    }
}

/// What the event page offers this person: the edit link, and the support
/// people to assign from (management's list of accounts).
pub struct Offers {
    pub edit: bool,
    pub assign: Option<Vec<Collaborator>>,
    pub unassign: bool,
}

pub fn offers(
    s: &Services,
    token: Option<&SessionToken>,
    me: &Collaborator,
    event: &Event,
) -> Result<Offers, ServiceError> {
    let assign = if may(me, Action::EventAssign, event) {
        let query = CollaboratorQuery {
            department: Some("support".into()),
            limit: Some(500),
            ..Default::default()
        };
        Some(s.list_collaborators(token, &query)?.items)
    } else {
        None
    };
    Ok(Offers {
        edit: may(me, Action::EventUpdate, event),
        assign,
        unassign: event.support_contact.is_some() && may(me, Action::EventUnassign, event),
    })
}
