//! Clients: the list with the CLI's filters, kept in the address.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;

use epicevents_api::ClientQuery;
use epicevents_domain::policy::Action;
use epicevents_domain::{Client, Listing};

use super::{Chrome, listed, render};
use crate::session::Visit;
use crate::{Host, Web};

#[derive(Template)]
#[template(path = "clients.html")]
struct Page {
    c: Chrome,
    query: ClientQuery,
    listing: Listing<Client>,
    next: Option<String>,
    exports: super::export::Exports,
}

pub async fn list<H: Host>(
    State(web): State<Web<H>>,
    visit: Visit,
    Query(query): Query<ClientQuery>,
) -> Response {
    listed(
        &web,
        visit,
        "/clients",
        query,
        |s, token, q| s.list_clients(token, q),
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
