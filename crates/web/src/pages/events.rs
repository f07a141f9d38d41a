//! One event's page: its details, the records around it, its history and
//! what this person may do with it.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;

use epicevents_domain::Event;

use super::{Chrome, load, render};
use crate::session::Visit;
use crate::{Host, Web};

#[derive(Template)]
#[template(path = "event.html")]
struct EventPage {
    c: Chrome,
    event: Event,
    history: Vec<epicevents_domain::history::Step>,
    offers: super::staffing::Offers,
}

pub async fn show<H: Host>(
    State(web): State<Web<H>>,
    visit: Visit,
    Path(id): Path<i32>,
) -> Response {
    let found = load(&web, visit, move |s, token, me| {
        let event = s.show_event(token, id)?;
        let history = s.history(token, epicevents_domain::history::Kind::Event, id)?;
        let offers = super::staffing::offers(s, token, me, &event)?;
        Ok((event, history, offers))
    })
    .await;
    match found {
        Ok((c, (event, history, offers))) => render(&EventPage {
            c,
            event,
            history,
            offers,
        }),
        Err(response) => response,
    }
}
