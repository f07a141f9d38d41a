//! Collaborators, for management: the list by department, each account's
//! page with its history, and the accounts' life: create, edit, reset a
//! password, unlock, deactivate or delete, reactivate. No one else reads
//! these pages; the policy says so, and the server refuses all the same.

use std::net::SocketAddr;

use askama::Template;
use axum::Form;
use axum::extract::{ConnectInfo, Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use secrecy::SecretString;
use serde::Deserialize;

use epicevents_api::{
    ApiError, CollaboratorQuery, NewCollaborator, SessionToken, UpdateCollaborator,
};
use epicevents_domain::history::{Kind, Step};
use epicevents_domain::policy::Action;
use epicevents_domain::{Collaborator, Department, Listing};
use epicevents_service::{ServiceError, Services};

use super::edit::Edit;
use super::forms::{Field, Frame, field, kept, page};
use super::lists::{Around, Filters, listed};
use super::{Chrome, allowed, load, may, render, then_to};
use crate::i18n::Tr;
use crate::session::Visit;
use crate::{Host, Web};

impl Filters for CollaboratorQuery {
    fn tidy(&mut self, _zone: crate::Zone) {
        self.department = self.department.take().filter(|d| !d.is_empty());
        self.limit = Some(self.limit.unwrap_or(super::PAGE).clamp(1, 100));
        self.offset = None;
    }
    fn set_after(&mut self, after: Option<i32>) {
        self.after = after;
    }
    fn set_block(&mut self, limit: Option<i64>, after: Option<i32>) {
        self.limit = limit;
        self.after = after;
    }
}

#[derive(Template)]
#[template(path = "collaborators.html")]
struct ListPage {
    c: Chrome,
    query: CollaboratorQuery,
    listing: Listing<Collaborator>,
    around: Around,
}

impl ListPage {
    fn chosen(&self, department: &Department) -> bool {
        self.query.department.as_deref() == Some(department.as_str())
    }
}

pub async fn list<H: Host>(
    State(web): State<Web<H>>,
    visit: Visit,
    Query(query): Query<CollaboratorQuery>,
) -> Response {
    listed(
        &web,
        visit,
        "/collaborators",
        query,
        |s, token, q| s.list_collaborators(token, q),
        |r| r.id.0,
        |c, query, listing, around| {
            render(&ListPage {
                c,
                query,
                listing,
                around,
            })
        },
    )
    .await
}

#[derive(Template)]
#[template(path = "collaborator.html")]
struct ShowPage {
    c: Chrome,
    person: Collaborator,
    history: Vec<Step>,
    offers: Offers,
}

/// What an account's page offers this person.
struct Offers {
    edit: bool,
    password: bool,
    unlock: bool,
    leave: bool,
    reactivate: bool,
    /// Colleagues who could take over what this person holds.
    hand_over: Option<Vec<Collaborator>>,
}

pub async fn show<H: Host>(
    State(web): State<Web<H>>,
    visit: Visit,
    Path(id): Path<i32>,
) -> Response {
    let found = load(&web, visit, move |s, token, me| {
        let person = s.show_collaborator(token, id)?;
        let history = s.history(token, Kind::Collaborator, id)?;
        let active = person.deactivated_at.is_none();
        let offers = Offers {
            edit: may(me, Action::CollaboratorUpdate, &person),
            // One's own password is changed from one's account, with the
            // current one.
            password: person.id != me.id && may(me, Action::CollaboratorSetPassword, &person),
            unlock: may(me, Action::CollaboratorUnlock, &person),
            leave: active && may(me, Action::CollaboratorDelete, &person),
            reactivate: !active && may(me, Action::CollaboratorReactivate, &person),
            hand_over: super::handover::takers(s, token, me, &person)?,
        };
        Ok((person, history, offers))
    })
    .await;
    match found {
        Ok((c, (person, history, offers))) => render(&ShowPage {
            c,
            person,
            history,
            offers,
        }),
        Err(response) => response,
    }
}

/// The departments to choose from, the chosen one first selected.
fn departments(t: &Tr, name: &'static str, chosen: &str) -> Field {
    let mut f = field(t, name, "select", chosen, true);
    f.options = Department::ALL
        .iter()
        .map(|d| (d.as_str().to_owned(), t.t(&format!("department-{d}"))))
        .collect();
    f
}

#[derive(Deserialize, Default)]
pub struct NewForm {
    name: String,
    email: String,
    department: String,
    password: SecretString,
}

fn new_fields(t: &Tr, form: &NewForm) -> Vec<Field> {
    vec![
        field(t, "name", "text", &form.name, true),
        field(t, "email", "email", &form.email, true),
        departments(t, "department", &form.department),
        // Never sent back: a refused form asks for it again.
        field(t, "password", "password", "", true),
    ]
}

fn new_frame(t: &Tr) -> Frame {
    Frame {
        title: t.t("form-new-collaborator"),
        action: "/collaborators/new".into(),
        back: "/collaborators".into(),
        version: None,
    }
}

pub async fn new_form<H: Host>(State(web): State<Web<H>>, visit: Visit) -> Response {
    match load(&web, visit, |_, _, me| {
        allowed(me, Action::CollaboratorCreate)
    })
    .await
    {
        Ok((c, ())) => {
            let frame = new_frame(&c.t);
            let fields = new_fields(&c.t, &NewForm::default());
            page(c, frame, fields, None)
        }
        Err(response) => response,
    }
}

pub async fn create<H: Host>(
    State(web): State<Web<H>>,
    visit: Visit,
    Form(form): Form<NewForm>,
) -> Response {
    let input = NewCollaborator {
        name: form.name.clone(),
        email: form.email.clone(),
        department: form.department.clone(),
        password: form.password.clone(),
    };
    let outcome = load(&web, visit, move |s, token, _| {
        kept(s.create_collaborator(token, input))
    })
    .await;
    match outcome {
        Ok((_, Ok(person))) => {
            Redirect::to(&format!("/collaborators/{}", person.id)).into_response()
        }
        Ok((c, Err(problem))) => {
            let frame = new_frame(&c.t);
            let fields = new_fields(&c.t, &form);
            page(c, frame, fields, Some(problem))
        }
        Err(response) => response,
    }
}

#[derive(Deserialize)]
pub struct PersonEdit {
    name: String,
    email: String,
    department: String,
}

impl Edit for PersonEdit {
    type Record = Collaborator;
    const PATH: &'static str = "/collaborators";
    const ACTION: Action = Action::CollaboratorUpdate;
    const TITLE: &'static str = "collaborator-edit";

    fn show(
        s: &Services,
        token: Option<&SessionToken>,
        id: i32,
    ) -> Result<Collaborator, ServiceError> {
        s.show_collaborator(token, id)
    }

    fn of(_: &Tr, person: &Collaborator) -> Self {
        Self {
            name: person.name.to_string(),
            email: person.email.to_string(),
            department: person.department.as_str().to_owned(),
        }
    }

    /// Accounts keep no version: a change made meanwhile is in the
    /// history.
    fn version(&self) -> Option<i32> {
        None
    }

    fn fields(&self, t: &Tr) -> Vec<Field> {
        vec![
            field(t, "name", "text", &self.name, true),
            field(t, "email", "email", &self.email, true),
            departments(t, "department", &self.department),
        ]
    }

    fn save(
        self,
        _: &Tr,
        s: &Services,
        token: Option<&SessionToken>,
        id: i32,
    ) -> Result<Result<(), ApiError>, ServiceError> {
        let changes = UpdateCollaborator {
            name: Some(self.name),
            email: Some(self.email),
            department: Some(self.department),
        };
        Ok(kept(s.update_collaborator(token, id, changes))?.map(drop))
    }
}

#[derive(Deserialize)]
pub struct Reset {
    password: SecretString,
}

/// Management sets someone else's password (every session of theirs
/// ends); a password the rules refuse is a problem page, nothing changed.
pub async fn reset_password<H: Host>(
    State(web): State<Web<H>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    visit: Visit,
    Path(id): Path<i32>,
    Form(reset): Form<Reset>,
) -> Response {
    let source = H::source(peer.ip());
    let outcome = load(&web, visit, move |s, token, _| {
        s.set_password(token, id, None, reset.password, &source)
    })
    .await;
    then_to(outcome, &format!("/collaborators/{id}"))
}

pub async fn unlock<H: Host>(
    State(web): State<Web<H>>,
    visit: Visit,
    Path(id): Path<i32>,
) -> Response {
    let outcome = load(&web, visit, move |s, token, _| {
        s.unlock_collaborator(token, id).map(drop)
    })
    .await;
    then_to(outcome, &format!("/collaborators/{id}"))
}

pub async fn reactivate<H: Host>(
    State(web): State<Web<H>>,
    visit: Visit,
    Path(id): Path<i32>,
) -> Response {
    let outcome = load(&web, visit, move |s, token, _| {
        s.reactivate_collaborator(token, id).map(drop)
    })
    .await;
    then_to(outcome, &format!("/collaborators/{id}"))
}

/// Deletes the account, or deactivates it when its changes are on the
/// trail (so the trail still names them); someone still responsible for
/// clients or events is refused, with the records to hand over first.
pub async fn leave<H: Host>(
    State(web): State<Web<H>>,
    visit: Visit,
    Path(id): Path<i32>,
) -> Response {
    let outcome = load(&web, visit, move |s, token, _| {
        s.delete_collaborator(token, id, false)
    })
    .await;
    match outcome {
        Ok((_, person)) if person.deactivated_at.is_some() => {
            Redirect::to(&format!("/collaborators/{id}")).into_response()
        }
        Ok(_) => Redirect::to("/collaborators").into_response(),
        Err(response) => response,
    }
}
