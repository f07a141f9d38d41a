//! `/api/v1/events`: everyone reads; the client's sales rep creates one for
//! a signed contract; management assigns support; support runs it.

use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::response::Response;
use epicevents_api::routes;

use epicevents_domain::policy::Action;
use epicevents_domain::{Event, Listing};
use epicevents_service::{
    EventChanges, EventQuery, HandedOver, Handover, ImportReport, ImportRequest, NewEvent,
    SupportAssignment, Updated,
};

use crate::http::{Bearer, Body, Failure, Id, IfMatch, Params, reply, reply_versioned};
use crate::{AppState, errors};

/// Lists events in the order they happen, a page at a time.
#[utoipa::path(
    get, path = routes::LIST_EVENTS.path, operation_id = "list_events", tag = "events",
    security(("bearer" = [])),
    params(EventQuery),
    responses((status = 200, description = "One page of events", body = Listing<Event>), errors::All),
)]
pub async fn list(
    State(state): State<AppState>,
    Bearer(token): Bearer,
    Params(query): Params<EventQuery>,
) -> Result<Response, Failure> {
    let page = state
        .run(move |s| s.list_events(token.as_ref(), &query))
        .await?;
    Ok(reply(StatusCode::OK, page))
}

/// Creates the event of a signed contract of one of the caller's clients (sales).
#[utoipa::path(
    post, path = routes::CREATE_EVENT.path, operation_id = "create_event", tag = "events",
    security(("bearer" = [])),
    request_body = NewEvent,
    responses((status = 201, description = "Created", body = Event), errors::All),
)]
pub async fn create(
    State(state): State<AppState>,
    Bearer(token): Bearer,
    Body(input): Body<NewEvent>,
) -> Result<Response, Failure> {
    let created = state
        .run(move |s| s.create_event(token.as_ref(), input))
        .await?;
    Ok(reply(StatusCode::CREATED, created))
}

/// One event, with its client's contact details.
#[utoipa::path(
    get, path = routes::SHOW_EVENT.path, operation_id = "show_event", tag = "events",
    security(("bearer" = [])),
    params(("id" = i32, Path, description = "The event's id")),
    responses((status = 200, description = "The event", body = Event), errors::All),
)]
pub async fn show(
    State(state): State<AppState>,
    Bearer(token): Bearer,
    Id(id): Id,
) -> Result<Response, Failure> {
    let found = state.run(move |s| s.show_event(token.as_ref(), id)).await?;
    let version = found.version;
    Ok(reply_versioned(StatusCode::OK, found, version))
}

/// Changes the details of an event the caller supports (support).
#[utoipa::path(
    patch, path = routes::UPDATE_EVENT.path, operation_id = "update_event", tag = "events",
    security(("bearer" = [])),
    params(
        ("id" = i32, Path, description = "The event's id"),
        ("If-Match" = Option<String>, Header, description = "The version read (`show`'s ETag): refuse the change if the record has moved on"),
    ),
    request_body = EventChanges,
    responses((status = 200, description = "Updated, or unchanged (`changed`: false)", body = Updated<Event>), errors::All),
)]
pub async fn update(
    State(state): State<AppState>,
    Bearer(token): Bearer,
    Id(id): Id,
    IfMatch(version): IfMatch,
    Body(mut input): Body<EventChanges>,
) -> Result<Response, Failure> {
    input.if_version = version.or(input.if_version);
    let updated = state
        .run(move |s| s.update_event(token.as_ref(), id, input))
        .await?;
    let version = updated.version;
    Ok(reply_versioned(StatusCode::OK, updated, version))
}

/// Gives an event to a support collaborator (management).
#[utoipa::path(
    put, path = routes::ASSIGN_EVENT.path, operation_id = "assign_event", tag = "events",
    security(("bearer" = [])),
    params(("id" = i32, Path, description = "The event's id")),
    request_body = SupportAssignment,
    responses((status = 200, description = "Assigned, or unchanged when it already was (`changed`: false)", body = Updated<Event>), errors::All),
)]
pub async fn assign(
    State(state): State<AppState>,
    Bearer(token): Bearer,
    Id(id): Id,
    Body(input): Body<SupportAssignment>,
) -> Result<Response, Failure> {
    let updated = state
        .run(move |s| s.assign_event(token.as_ref(), id, input.support))
        .await?;
    let version = updated.version;
    Ok(reply_versioned(StatusCode::OK, updated, version))
}

/// Takes an event from its support contact (management); an event with
/// none is left as it is (`changed`: false).
#[utoipa::path(
    delete, path = routes::UNASSIGN_EVENT.path, operation_id = "unassign_event", tag = "events",
    security(("bearer" = [])),
    params(("id" = i32, Path, description = "The event's id")),
    responses((status = 200, description = "Unassigned, or unchanged (`changed`: false)", body = Updated<Event>), errors::All),
)]
pub async fn unassign(
    State(state): State<AppState>,
    Bearer(token): Bearer,
    Id(id): Id,
) -> Result<Response, Failure> {
    let updated = state
        .run(move |s| s.unassign_event(token.as_ref(), id))
        .await?;
    let version = updated.version;
    Ok(reply_versioned(StatusCode::OK, updated, version))
}

/// Hands a support collaborator's events (all, or those of `only`) to
/// another (management): one transaction, one trail entry per event.
#[utoipa::path(
    post, path = routes::REASSIGN_EVENTS.path, operation_id = "reassign_events", tag = "events",
    security(("bearer" = [])),
    request_body = Handover,
    responses((status = 200, description = "The events handed over, by id", body = HandedOver), errors::All),
)]
pub async fn reassign(
    State(state): State<AppState>,
    Bearer(token): Bearer,
    Body(input): Body<Handover>,
) -> Result<Response, Failure> {
    let moved = state
        .run(move |s| s.reassign_events(token.as_ref(), &input))
        .await?;
    Ok(reply(StatusCode::OK, moved))
}

/// Brings in the events of the support team's sheet, as the command line
/// read them: all or nothing, every problem with its cell. The body may be
/// gzip-compressed (`Content-Encoding: gzip`); it is read only once the
/// sender is known to be allowed to import, a few at a time.
#[utoipa::path(
    post, path = routes::IMPORT_EVENTS.path, operation_id = "import_events", tag = "events",
    security(("bearer" = [])),
    request_body = ImportRequest,
    responses((status = 200, description = "What was (or, in a dry run, would be) created, updated and left unchanged", body = ImportReport), errors::All),
)]
pub async fn import(
    State(state): State<AppState>,
    Bearer(token): Bearer,
    request: Request,
) -> Result<Response, Failure> {
    // Nobody makes the server hold a body they may not send.
    let token = state
        .run(move |s| {
            s.ensure(token.as_ref(), Action::EventImport)
                .map(|()| token)
        })
        .await?;
    let (parts, body) = request.into_parts();
    let (input, turn) = state.uploads.read(&parts.headers, body).await?;
    let report = state
        .run(move |s| {
            let report = s.import_events(token.as_ref(), input);
            crate::upload::give_memory_back();
            report
        })
        .await;
    drop(turn);
    let report = report?;
    Ok(reply(StatusCode::OK, report))
}
