//! `/api/v1/collaborators`: accounts (management), and everyone's own password.

use epicevents_api::routes;
use std::net::SocketAddr;

use axum::extract::{ConnectInfo, State};
use axum::http::StatusCode;
use axum::response::Response;

use epicevents_domain::{Collaborator, Listing};
use epicevents_service::{
    CollaboratorQuery, NewCollaborator, PasswordChange, PasswordChanged, Unlocked,
    UpdateCollaborator, Updated,
};

use crate::http::{Bearer, Body, Failure, Id, Params, reply};
use crate::{AppState, errors, throttle};

/// Lists collaborators by name (management).
#[utoipa::path(
    get, path = routes::LIST_COLLABORATORS.path, operation_id = "list_collaborators", tag = "collaborators",
    security(("bearer" = [])),
    params(CollaboratorQuery),
    responses((status = 200, description = "The collaborators", body = Listing<Collaborator>), errors::All),
)]
pub async fn list(
    State(state): State<AppState>,
    Bearer(token): Bearer,
    Params(query): Params<CollaboratorQuery>,
) -> Result<Response, Failure> {
    let list = state
        .run(move |s| s.list_collaborators(token.as_ref(), &query))
        .await?;
    Ok(reply(StatusCode::OK, list))
}

/// Creates an account (management).
#[utoipa::path(
    post, path = routes::CREATE_COLLABORATOR.path, operation_id = "create_collaborator", tag = "collaborators",
    security(("bearer" = [])),
    request_body = NewCollaborator,
    responses((status = 201, description = "Created", body = Collaborator), errors::All),
)]
pub async fn create(
    State(state): State<AppState>,
    Bearer(token): Bearer,
    Body(input): Body<NewCollaborator>,
) -> Result<Response, Failure> {
    let created = state
        .run(move |s| s.create_collaborator(token.as_ref(), input))
        .await?;
    Ok(reply(StatusCode::CREATED, created))
}

/// One collaborator (management).
#[utoipa::path(
    get, path = routes::SHOW_COLLABORATOR.path, operation_id = "show_collaborator", tag = "collaborators",
    security(("bearer" = [])),
    params(("id" = i32, Path, description = "The collaborator's id")),
    responses((status = 200, description = "The collaborator", body = Collaborator), errors::All),
)]
pub async fn show(
    State(state): State<AppState>,
    Bearer(token): Bearer,
    Id(id): Id,
) -> Result<Response, Failure> {
    let found = state
        .run(move |s| s.show_collaborator(token.as_ref(), id))
        .await?;
    Ok(reply(StatusCode::OK, found))
}

/// Changes a name, e-mail or department (management). A department change
/// ends that collaborator's sessions.
#[utoipa::path(
    patch, path = routes::UPDATE_COLLABORATOR.path, operation_id = "update_collaborator", tag = "collaborators",
    security(("bearer" = [])),
    params(("id" = i32, Path, description = "The collaborator's id")),
    request_body = UpdateCollaborator,
    responses((status = 200, description = "Updated", body = Collaborator), errors::All),
)]
pub async fn update(
    State(state): State<AppState>,
    Bearer(token): Bearer,
    Id(id): Id,
    Body(input): Body<UpdateCollaborator>,
) -> Result<Response, Failure> {
    let updated = state
        .run(move |s| s.update_collaborator(token.as_ref(), id, input))
        .await?;
    Ok(reply(StatusCode::OK, updated))
}

/// Sets a password: one's own (the current one is required) or, for
/// management, anyone's. Every session of that collaborator ends.
#[utoipa::path(
    put, path = routes::SET_PASSWORD.path, operation_id = "set_password", tag = "collaborators",
    security(("bearer" = [])),
    params(("id" = i32, Path, description = "The collaborator's id")),
    request_body = PasswordChange,
    responses((status = 200, description = "Changed", body = PasswordChanged), errors::All),
)]
pub async fn set_password(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Bearer(token): Bearer,
    Id(id): Id,
    Body(change): Body<PasswordChange>,
) -> Result<Response, Failure> {
    let source = throttle::source_key(peer.ip());
    let own = state
        .run(move |s| {
            s.set_password(
                token.as_ref(),
                id,
                change.current_password.as_ref(),
                change.new_password,
                &source,
            )
        })
        .await?;
    Ok(reply(
        StatusCode::OK,
        PasswordChanged {
            own,
            sessions_revoked: true,
        },
    ))
}

/// Deletes an account no longer responsible for any client or event (management).
#[utoipa::path(
    delete, path = routes::DELETE_COLLABORATOR.path, operation_id = "delete_collaborator", tag = "collaborators",
    security(("bearer" = [])),
    params(("id" = i32, Path, description = "The collaborator's id"), DeleteQuery),
    responses((status = 200, description = "Deleted (or, with dry_run, deletable); the record as it was", body = Collaborator), errors::All),
)]
pub async fn delete(
    State(state): State<AppState>,
    Bearer(token): Bearer,
    Id(id): Id,
    Params(query): Params<DeleteQuery>,
) -> Result<Response, Failure> {
    let gone = state
        .run(move |s| s.delete_collaborator(token.as_ref(), id, query.dry_run))
        .await?;
    Ok(reply(StatusCode::OK, gone))
}

/// Forgets the failed logins counted against a collaborator, from every
/// address: the way back in for someone whose logins an attacker spent.
#[utoipa::path(
    post, path = routes::UNLOCK_COLLABORATOR.path, operation_id = "unlock_collaborator", tag = "collaborators",
    security(("bearer" = [])),
    params(("id" = i32, Path, description = "The collaborator's id")),
    responses((status = 200, description = "Unlocked", body = Unlocked), errors::All),
)]
pub async fn unlock(
    State(state): State<AppState>,
    Bearer(token): Bearer,
    Id(id): Id,
) -> Result<Response, Failure> {
    let unlocked = state
        .run(move |s| s.unlock_collaborator(token.as_ref(), id))
        .await?;
    Ok(reply(StatusCode::OK, unlocked))
}

/// Lets a deactivated collaborator log in again (management).
#[utoipa::path(
    post, path = routes::REACTIVATE_COLLABORATOR.path, operation_id = "reactivate_collaborator", tag = "collaborators",
    security(("bearer" = [])),
    params(("id" = i32, Path, description = "The collaborator's id")),
    responses((status = 200, description = "Reactivated, or unchanged (`changed`: false)", body = Updated<Collaborator>), errors::All),
)]
pub async fn reactivate(
    State(state): State<AppState>,
    Bearer(token): Bearer,
    Id(id): Id,
) -> Result<Response, Failure> {
    let done = state
        .run(move |s| s.reactivate_collaborator(token.as_ref(), id))
        .await?;
    Ok(reply(StatusCode::OK, done))
}

/// `DELETE /collaborators/{id}` options.
#[derive(Debug, Default, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(default, deny_unknown_fields)]
pub struct DeleteQuery {
    /// Check everything, change nothing.
    dry_run: bool,
}
