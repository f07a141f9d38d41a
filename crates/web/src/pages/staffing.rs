//! Who looks after a record: management assigns an event's support or
//! takes it off, and hands a client to another sales rep. Each form is
//! offered only to whom the policy allows it; the server judges every
//! request again.

use axum::Form;
use axum::extract::{Path, State};
use axum::response::Response;
use serde::Deserialize;

use epicevents_api::{ClientChanges, CollaboratorQuery, SessionToken};
use epicevents_domain::policy::Action;
use epicevents_domain::{Client, Collaborator, Department, Event};
use epicevents_service::{ServiceError, Services};

use super::{load, may, then_to};
use crate::session::Visit;
use crate::{Host, Web};

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
    then_to(outcome, &format!("/events/{id}"))
}

/// Management takes the event from its support contact.
pub async fn unassign<H: Host>(
    State(web): State<Web<H>>,
    visit: Visit,
    Path(id): Path<i32>,
) -> Response {
    let outcome = load(&web, visit, move |s, token, _| s.unassign_event(token, id)).await;
    then_to(outcome, &format!("/events/{id}"))
}

/// What the event page offers this person: the edit link, and the support
/// people to assign from (management's list of accounts).
pub struct Offers {
    pub edit: bool,
    pub assign: Option<Vec<Collaborator>>,
    pub unassign: bool,
    pub shelf: super::archive::Offer,
}

impl Offers {
    pub fn any(&self) -> bool {
        self.edit || self.assign.is_some() || self.unassign || self.shelf.any()
    }
}

pub fn offers(
    s: &Services,
    token: Option<&SessionToken>,
    me: &Collaborator,
    event: &Event,
) -> Result<Offers, ServiceError> {
    let assign = if may(me, Action::EventAssign, event) {
        Some(people(s, token, Department::Support)?)
    } else {
        None
    };
    Ok(Offers {
        edit: s.event_change_refusal(token, event)?.is_none(),
        assign,
        unassign: event.support_contact.is_some() && may(me, Action::EventUnassign, event),
        shelf: super::archive::Offer::of(me, event),
    })
}

/// The active people of a department, to choose from: management's list
/// of accounts, which no one else reads.
pub(super) fn people(
    s: &Services,
    token: Option<&SessionToken>,
    department: Department,
) -> Result<Vec<Collaborator>, ServiceError> {
    let query = CollaboratorQuery {
        department: Some(department.as_str().into()),
        limit: Some(500),
        ..Default::default()
    };
    Ok(s.list_collaborators(token, &query)?.items)
}

/// The sales reps a client can be handed to, for whom the policy lets
/// reassign it.
pub fn reps(
    s: &Services,
    token: Option<&SessionToken>,
    me: &Collaborator,
    client: &Client,
) -> Result<Option<Vec<Collaborator>>, ServiceError> {
    if may(me, Action::ClientReassign, client) {
        Ok(Some(people(s, token, Department::Sales)?))
    } else {
        Ok(None)
    }
}

#[derive(Deserialize)]
pub struct Handover {
    sales_contact: i32,
}

/// Management hands the client to another sales rep.
pub async fn reassign<H: Host>(
    State(web): State<Web<H>>,
    visit: Visit,
    Path(id): Path<i32>,
    Form(choice): Form<Handover>,
) -> Response {
    let changes = ClientChanges {
        sales_contact: Some(choice.sales_contact),
        ..Default::default()
    };
    let outcome = load(&web, visit, move |s, token, _| {
        s.update_client(token, id, changes)
    })
    .await;
    then_to(outcome, &format!("/clients/{id}"))
}
