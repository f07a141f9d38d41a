//! `/api/v1/inbox`: one's own notifications. Reading them marks them read,
//! so it is a POST.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use epicevents_api::routes;

use epicevents_domain::inbox::Notification;
use epicevents_service::{InboxRequest, Unread};

use crate::http::{Bearer, Body, Failure, reply};
use crate::{AppState, errors};

/// The caller's notifications, newest first: the unread ones, or with
/// `all` the read ones too; those shown are marked read.
#[utoipa::path(
    post, path = routes::READ_INBOX.path, operation_id = "read_inbox", tag = "inbox",
    security(("bearer" = [])),
    request_body = InboxRequest,
    responses((status = 200, description = "The notifications, newest first (`read`: read before now)", body = Vec<Notification>), errors::All),
)]
pub async fn read(
    State(state): State<AppState>,
    Bearer(token): Bearer,
    Body(input): Body<InboxRequest>,
) -> Result<Response, Failure> {
    let shown = state
        .run(move |s| s.inbox(token.as_ref(), input.all))
        .await?;
    Ok(reply(StatusCode::OK, shown))
}

/// How many notifications the caller has not read: what the command line
/// says after each command.
#[utoipa::path(
    get, path = routes::UNREAD.path, operation_id = "unread", tag = "inbox",
    security(("bearer" = [])),
    responses((status = 200, description = "The count", body = Unread), errors::All),
)]
pub async fn unread(
    State(state): State<AppState>,
    Bearer(token): Bearer,
) -> Result<Response, Failure> {
    let unread = state.run(move |s| s.unread(token.as_ref())).await?;
    Ok(reply(StatusCode::OK, Unread { unread }))
}
