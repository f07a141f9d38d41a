//! `/api/v1/clients`: everyone reads; sales create and keep their own;
//! management moves them between sales reps.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use epicevents_api::routes;

use epicevents_domain::{Client, Listing};
use epicevents_service::{ClientChanges, ClientQuery, HandedOver, Handover, NewClient, Updated};

use crate::http::{Bearer, Body, Failure, Id, IfMatch, Params, reply, reply_versioned};
use crate::{AppState, errors};

/// Lists clients by name, a page at a time.
#[utoipa::path(
    get, path = routes::LIST_CLIENTS.path, operation_id = "list_clients", tag = "clients",
    security(("bearer" = [])),
    params(ClientQuery),
    responses((status = 200, description = "One page of clients", body = Listing<Client>), errors::All),
)]
pub async fn list(
    State(state): State<AppState>,
    Bearer(token): Bearer,
    Params(query): Params<ClientQuery>,
) -> Result<Response, Failure> {
    let page = state
        .run(move |s| s.list_clients(token.as_ref(), &query))
        .await?;
    Ok(reply(StatusCode::OK, page))
}

/// Creates a client owned by the sales rep who creates it (sales).
#[utoipa::path(
    post, path = routes::CREATE_CLIENT.path, operation_id = "create_client", tag = "clients",
    security(("bearer" = [])),
    request_body = NewClient,
    responses((status = 201, description = "Created", body = Client), errors::All),
)]
pub async fn create(
    State(state): State<AppState>,
    Bearer(token): Bearer,
    Body(input): Body<NewClient>,
) -> Result<Response, Failure> {
    let created = state
        .run(move |s| s.create_client(token.as_ref(), input))
        .await?;
    Ok(reply(StatusCode::CREATED, created))
}

/// One client.
#[utoipa::path(
    get, path = routes::SHOW_CLIENT.path, operation_id = "show_client", tag = "clients",
    security(("bearer" = [])),
    params(("id" = i32, Path, description = "The client's id")),
    responses((status = 200, description = "The client", body = Client), errors::All),
)]
pub async fn show(
    State(state): State<AppState>,
    Bearer(token): Bearer,
    Id(id): Id,
) -> Result<Response, Failure> {
    let found = state
        .run(move |s| s.show_client(token.as_ref(), id))
        .await?;
    let version = found.version;
    Ok(reply_versioned(StatusCode::OK, found, version))
}

/// Changes a client's details (its sales rep) and/or its sales contact
/// (management): all of it or none.
#[utoipa::path(
    patch, path = routes::UPDATE_CLIENT.path, operation_id = "update_client", tag = "clients",
    security(("bearer" = [])),
    params(
        ("id" = i32, Path, description = "The client's id"),
        ("If-Match" = Option<String>, Header, description = "The version read (`show`'s ETag): refuse the change if the record has moved on"),
    ),
    request_body = ClientChanges,
    responses((status = 200, description = "Updated, or unchanged (`changed`: false)", body = Updated<Client>), errors::All),
)]
pub async fn update(
    State(state): State<AppState>,
    Bearer(token): Bearer,
    Id(id): Id,
    IfMatch(version): IfMatch,
    Body(mut input): Body<ClientChanges>,
) -> Result<Response, Failure> {
    input.if_version = version.or(input.if_version);
    let updated = state
        .run(move |s| s.update_client(token.as_ref(), id, input))
        .await?;
    let version = updated.version;
    Ok(reply_versioned(StatusCode::OK, updated, version))
}

/// Hands a sales rep's clients (all, or those of `only`), with their
/// contracts, to another (management): one transaction, one trail entry
/// per client.
#[utoipa::path(
    post, path = routes::REASSIGN_CLIENTS.path, operation_id = "reassign_clients", tag = "clients",
    security(("bearer" = [])),
    request_body = Handover,
    responses((status = 200, description = "The clients handed over, by id", body = HandedOver), errors::All),
)]
pub async fn reassign(
    State(state): State<AppState>,
    Bearer(token): Bearer,
    Body(input): Body<Handover>,
) -> Result<Response, Failure> {
    let moved = state
        .run(move |s| s.reassign_clients(token.as_ref(), &input))
        .await?;
    Ok(reply(StatusCode::OK, moved))
}
