//! Events: the list with the CLI's filters (kept in the address, so that
//! bookmarks and the back button work), and one event's page.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;

use epicevents_api::EventQuery;
use epicevents_domain::policy::Action;
use epicevents_domain::{Event, Listing};

use super::{Chrome, listed, load, render};
use crate::session::Visit;
use crate::{Host, Web};

#[derive(Template)]
#[template(path = "events.html")]
struct Page {
    c: Chrome,
    query: EventQuery,
    listing: Listing<Event>,
    next: Option<String>,
    exports: super::export::Exports,
}

pub async fn list<H: Host>(
    State(web): State<Web<H>>,
    visit: Visit,
    Query(query): Query<EventQuery>,
) -> Response {
    listed(
        &web,
        visit,
        "/events",
        query,
        |s, token, q| s.list_events(token, q),
        |r| r.id.0,
        |c, query, listing, next, exports| {
            render(&Page {
                c,
                query,
                listing,
                next,
                exports,
            })
        },
    )
    .await
}

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
