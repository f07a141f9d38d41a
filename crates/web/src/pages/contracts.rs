//! Contracts: the list with the CLI's filters, kept in the address.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;

use epicevents_api::ContractQuery;
use epicevents_domain::{Contract, Listing};

use super::{Chrome, listed, render};
use crate::session::Visit;
use crate::{Host, Web};

#[derive(Template)]
#[template(path = "contracts.html")]
struct Page {
    c: Chrome,
    query: ContractQuery,
    listing: Listing<Contract>,
    next: Option<String>,
    exports: super::export::Exports,
}

pub async fn list<H: Host>(
    State(web): State<Web<H>>,
    visit: Visit,
    Query(query): Query<ContractQuery>,
) -> Response {
    listed(
        &web,
        visit,
        "/contracts",
        query,
        |s, token, q| s.list_contracts(token, q),
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
