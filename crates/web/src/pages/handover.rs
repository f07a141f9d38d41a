//! Handing everything a collaborator holds to a colleague in one go, from
//! their page (management): a sales rep's clients, with their contracts, or
//! a support collaborator's events. The services judge each record.

use axum::Form;
use axum::extract::{Path, State};
use axum::response::Response;
use serde::Deserialize;

use epicevents_api::{Handover, SessionToken};
use epicevents_domain::policy::Action;
use epicevents_domain::{Collaborator, Department};
use epicevents_service::{ServiceError, Services};

use super::{load, then_to};
use crate::session::Visit;
use crate::{Host, Web};

/// What the collaborator's page offers: the colleagues who could take over
/// what `person` holds, when `me` may hand it over.
pub fn takers(
    s: &Services,
    token: Option<&SessionToken>,
    me: &Collaborator,
    person: &Collaborator,
) -> Result<Option<Vec<Collaborator>>, ServiceError> {
    let Some(action) = handing(person.department) else {
        return Ok(None);
    };
    // An account is its owner's own (`Owned`), as the services judge it.
    if !super::may(me, action, person) {
        return Ok(None);
    }
    let others = super::staffing::people(s, token, person.department)?
        .into_iter()
        .filter(|p| p.id != person.id && p.deactivated_at.is_none())
        .collect();
    Ok(Some(others))
}

/// The action that hands over what someone of `department` holds.
fn handing(department: Department) -> Option<Action> {
    match department {
        Department::Sales => Some(Action::ClientReassign),
        Department::Support => Some(Action::EventAssign),
        Department::Management => None,
    }
}

#[derive(Deserialize)]
pub struct Taker {
    to: i32,
}

pub async fn hand_over<H: Host>(
    State(web): State<Web<H>>,
    visit: Visit,
    Path(id): Path<i32>,
    Form(taker): Form<Taker>,
) -> Response {
    let outcome = load(&web, visit, move |s, token, _| {
        let person = s.show_collaborator(token, id)?;
        let handover = Handover {
            from: id,
            to: taker.to,
            only: Vec::new(),
        };
        match person.department {
            Department::Support => s.reassign_events(token, &handover),
            _ => s.reassign_clients(token, &handover),
        }
    })
    .await;
    then_to(outcome, &format!("/collaborators/{id}"))
}
