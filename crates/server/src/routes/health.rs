//! Liveness and readiness, for load balancers and supervisors.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use serde::Serialize;

use crate::AppState;
use crate::http::{Failure, reply};
use epicevents_service::ApiError;

#[derive(Serialize, utoipa::ToSchema)]
pub struct Health {
    /// `ok` or `ready`.
    pub status: &'static str,
}

/// Answers as long as the process serves requests; touches no database.
#[utoipa::path(
    get, path = "/healthz", operation_id = "healthz", tag = "health",
    responses((status = 200, description = "The process is up", body = Health)),
)]
pub async fn healthz() -> Response {
    reply(StatusCode::OK, Health { status: "ok" })
}

/// Answers once the database answers and its schema is the expected one.
#[utoipa::path(
    get, path = "/readyz", operation_id = "readyz", tag = "health",
    responses(
        (status = 200, description = "Ready to serve", body = Health),
        (status = 503, description = "The database does not answer, or its schema is not this server's", body = ApiError),
    ),
)]
pub async fn readyz(State(state): State<AppState>) -> Result<Response, Failure> {
    match state.run(move |s| s.ready()).await {
        Ok(()) => Ok(reply(StatusCode::OK, Health { status: "ready" })),
        Err(mut failure) => {
            failure.status = Some(StatusCode::SERVICE_UNAVAILABLE);
            Err(failure)
        }
    }
}
