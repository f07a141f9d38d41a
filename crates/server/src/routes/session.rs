//! `/api/v1/session`: logging in and out, and who is logged in.

use epicevents_api::routes;
use std::net::{IpAddr, SocketAddr};
use std::time::Instant;

use axum::extract::{ConnectInfo, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::json;

use epicevents_domain::policy::Action;
use epicevents_service::{
    ApiError, ErrorKind, LoginOutcome, LoginRequest, LoginResponse, LogoutResponse, ServiceError,
    WhoAmI,
};
use secrecy::SecretString;

use epicevents_telemetry::metrics::{self, Counter};

use crate::http::{Bearer, Body, Failure, reply};
use crate::{AppState, errors, throttle};

/// Opens a session. Failed logins are counted per account (which locks after
/// a few) and per source address (which is refused for a while).
#[utoipa::path(
    post, path = routes::LOGIN.path, operation_id = "login", tag = "session",
    request_body = LoginRequest,
    responses(
        (status = 201, description = "Logged in", body = LoginResponse),
        errors::All,
    ),
)]
pub async fn login(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Body(request): Body<LoginRequest>,
) -> Result<Response, Failure> {
    let outcome = state
        .throttled_login(peer.ip(), request.email, request.password)
        .await?;
    let body = LoginResponse {
        token: outcome.token.expose().to_owned(),
        whoami: WhoAmI {
            collaborator: outcome.collaborator,
            session_expires_at: outcome.expires_at,
        },
    };
    Ok(reply(StatusCode::CREATED, body))
}

impl AppState {
    /// A login, from the API or the web pages alike: refused for a while
    /// from an address that failed too often, then the account's budget.
    pub(crate) async fn throttled_login(
        &self,
        peer: IpAddr,
        email: String,
        password: SecretString,
    ) -> Result<LoginOutcome, Failure> {
        if let Err(wait) = self.throttle.check(peer, Instant::now()) {
            let seconds = wait.as_secs().max(1);
            tracing::warn!(peer = %peer, "login refused: too many failures from this address");
            metrics::count(Counter::LoginRefused);
            return Err(ApiError::new(
                ErrorKind::Throttled,
                "throttled",
                format!(
                    "too many failed logins from this address; try again in {seconds} second(s)"
                ),
            )
            .with_data(json!({ "retry_after": seconds }))
            .into());
        }
        let source = throttle::source_key(peer);
        let outcome = self.run(move |s| s.login(&email, &password, &source)).await;
        if let Err(Failure { error, .. }) = &outcome
            && error.kind == ErrorKind::NotAuthenticated
        {
            self.throttle.failed(peer, Instant::now());
            metrics::count(Counter::LoginRefused);
        }
        outcome
    }
}

/// Who the bearer token belongs to, and until when.
#[utoipa::path(
    get, path = routes::WHOAMI.path, operation_id = "whoami", tag = "session",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The session's collaborator", body = WhoAmI),
        errors::All,
    ),
)]
pub async fn whoami(
    State(state): State<AppState>,
    Bearer(token): Bearer,
) -> Result<Response, Failure> {
    let me = state.run(move |s| s.whoami(token.as_ref())).await?;
    Ok(reply(StatusCode::OK, me))
}

/// Ends the session the bearer token names, at once, on every server.
#[utoipa::path(
    delete, path = routes::LOGOUT.path, operation_id = "logout", tag = "session",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Whether a live session was ended", body = LogoutResponse),
        errors::All,
    ),
)]
pub async fn logout(
    State(state): State<AppState>,
    Bearer(token): Bearer,
) -> Result<Response, Failure> {
    let revoked = state
        .run(move |s| match token {
            Some(token) => s.logout(&token),
            None => Ok::<_, ServiceError>(false),
        })
        .await?;
    Ok(reply(StatusCode::OK, LogoutResponse { revoked }))
}

/// Says whether the session's collaborator may perform an action on a whole
/// collection (such as `collaborator.create`), without performing it.
#[utoipa::path(
    get, path = routes::ALLOWED.path, operation_id = "allowed", tag = "session",
    security(("bearer" = [])),
    params(("action" = String, Path, description = "An action key, such as collaborator.create")),
    responses(
        (status = 204, description = "Allowed"),
        errors::All,
    ),
)]
pub async fn allowed(
    State(state): State<AppState>,
    Bearer(token): Bearer,
    axum::extract::Path(action): axum::extract::Path<String>,
) -> Result<StatusCode, Failure> {
    let Some(action) = Action::ALL.iter().copied().find(|a| a.key() == action) else {
        return Err(ApiError::new(
            ErrorKind::NotFound,
            "no_such_action",
            format!("there is no action {action:?}"),
        )
        .into());
    };
    state.run(move |s| s.ensure(token.as_ref(), action)).await?;
    Ok(StatusCode::NO_CONTENT)
}
