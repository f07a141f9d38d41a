//! `/api/v1/history`: the changes made to a record, for whoever may read
//! it; the whole trail, for management.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use epicevents_api::routes;

use epicevents_domain::Listing;
use epicevents_domain::history::{Entry, Step};
use epicevents_service::TrailQuery;

use crate::http::{Bearer, Failure, Params, RecordOf, reply};
use crate::{AppState, errors};

/// One record's story, oldest first: every change, who made it and when,
/// each changed field with its old and new value.
#[utoipa::path(
    get, path = routes::RECORD_HISTORY.path, operation_id = "record_history", tag = "history",
    security(("bearer" = [])),
    params(
        ("record" = epicevents_domain::history::Kind, Path, description = "client, contract, event or collaborator"),
        ("id" = i32, Path, description = "The record's id"),
    ),
    responses((status = 200, description = "The record's changes, oldest first", body = Vec<Step>), errors::All),
)]
pub async fn of_record(
    State(state): State<AppState>,
    Bearer(token): Bearer,
    RecordOf(of, id): RecordOf,
) -> Result<Response, Failure> {
    let steps = state
        .run(move |s| s.history(token.as_ref(), of, id))
        .await?;
    Ok(reply(StatusCode::OK, steps))
}

/// The whole trail, newest first: changes, refusals and logins (management).
#[utoipa::path(
    get, path = routes::TRAIL.path, operation_id = "trail", tag = "history",
    security(("bearer" = [])),
    params(TrailQuery),
    responses((status = 200, description = "A page of the trail, newest first", body = Listing<Entry>), errors::All),
)]
pub async fn trail(
    State(state): State<AppState>,
    Bearer(token): Bearer,
    Params(query): Params<TrailQuery>,
) -> Result<Response, Failure> {
    let listing = state.run(move |s| s.trail(token.as_ref(), &query)).await?;
    Ok(reply(StatusCode::OK, listing))
}
