//! The plumbing every handler shares: reading the bearer token, ids, query
//! strings and bodies (refusing them in the API's error format), and turning
//! errors into statuses.

use axum::Json;
use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::extract::{FromRequest, FromRequestParts, Path, Query, Request};
use axum::http::header::{AUTHORIZATION, ETAG, IF_MATCH, RETRY_AFTER, WWW_AUTHENTICATE};
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use secrecy::SecretString;
use serde::Serialize;
use serde::de::DeserializeOwned;

use epicevents_service::{ApiError, ErrorKind, ServiceError, SessionToken};

/// An error on its way out, as JSON with the status its kind calls for.
#[derive(Debug)]
pub struct Failure {
    pub error: ApiError,
    /// Set when the request itself was unreadable (400, 413, 415…).
    pub status: Option<StatusCode>,
}

impl From<ApiError> for Failure {
    fn from(error: ApiError) -> Self {
        Self {
            error,
            status: None,
        }
    }
}

impl From<ServiceError> for Failure {
    fn from(e: ServiceError) -> Self {
        ApiError::from(e).into()
    }
}

/// The HTTP status of each kind of error: the CLI's exit codes, in HTTP.
pub fn status_of(kind: ErrorKind) -> StatusCode {
    StatusCode::from_u16(kind.http_status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
}

impl IntoResponse for Failure {
    fn into_response(self) -> Response {
        let status = self.status.unwrap_or_else(|| status_of(self.error.kind));
        let retry_after = self.error.number("retry_after");
        let mut response = (status, Json(self.error)).into_response();
        let headers = response.headers_mut();
        if status == StatusCode::UNAUTHORIZED {
            headers.insert(WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        if let Some(seconds) = retry_after {
            headers.insert(RETRY_AFTER, HeaderValue::from(seconds.max(1)));
        }
        response
    }
}

/// A request the server could not read: wrong JSON, a query parameter of the
/// wrong type, a body too large. Said as invalid input, with the status
/// HTTP has for it.
pub fn unreadable(status: StatusCode, what: &str, detail: String) -> Failure {
    let code = if status == StatusCode::PAYLOAD_TOO_LARGE {
        "payload_too_large"
    } else {
        "unreadable_request"
    };
    Failure {
        error: ApiError::new(
            ErrorKind::Invalid,
            code,
            format!("invalid {what}: {detail}"),
        ),
        status: Some(status),
    }
}

/// The session token from `Authorization: Bearer …`, if the request has one.
/// A missing or malformed header is simply no session: the service says so.
pub struct Bearer(pub Option<SessionToken>);

impl<S: Send + Sync> FromRequestParts<S> for Bearer {
    type Rejection = Failure;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Failure> {
        let token = parts
            .headers
            .get(AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(|t| SessionToken::from_secret(SecretString::from(t.to_owned())));
        Ok(Self(token))
    }
}

/// A record id from the path.
pub struct Id(pub i32);

impl<S: Send + Sync> FromRequestParts<S> for Id {
    type Rejection = Failure;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Failure> {
        match Path::<i32>::from_request_parts(parts, state).await {
            Ok(Path(id)) => Ok(Self(id)),
            Err(e) => Err(path_rejection(e)),
        }
    }
}

/// A kind of record and its id, from `/{record}/{id}`.
pub struct RecordOf(pub epicevents_domain::history::Kind, pub i32);

impl<S: Send + Sync> FromRequestParts<S> for RecordOf {
    type Rejection = Failure;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Failure> {
        type Both = Path<(epicevents_domain::history::Kind, i32)>;
        match Both::from_request_parts(parts, state).await {
            Ok(Path((kind, id))) => Ok(Self(kind, id)),
            Err(e) => Err(path_rejection(e)),
        }
    }
}

fn path_rejection(e: PathRejection) -> Failure {
    // The parser's own words go to the log, not to the message.
    tracing::debug!(detail = %e.body_text(), "unreadable id");
    unreadable(
        StatusCode::BAD_REQUEST,
        "id",
        "must be a whole number".to_owned(),
    )
}

/// `If-Match: "N"` (or `W/"N"`, or `N`): the version of the record the
/// client read, which an update must still find.
pub struct IfMatch(pub Option<i32>);

impl<S: Send + Sync> FromRequestParts<S> for IfMatch {
    type Rejection = Failure;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Failure> {
        let Some(value) = parts.headers.get(IF_MATCH) else {
            return Ok(Self(None));
        };
        let text = value.to_str().unwrap_or_default().trim();
        let text = text.strip_prefix("W/").unwrap_or(text).trim_matches('"');
        text.parse().map(|v| Self(Some(v))).map_err(|_| {
            unreadable(
                StatusCode::BAD_REQUEST,
                "if_version",
                "If-Match must be a record version, such as \"3\"".to_owned(),
            )
        })
    }
}

/// A record's answer, with its version as the entity tag for `If-Match`.
pub fn reply_versioned<T: Serialize>(status: StatusCode, body: T, version: i32) -> Response {
    let mut response = reply(status, body);
    if let Ok(tag) = HeaderValue::from_str(&format!("\"{version}\"")) {
        response.headers_mut().insert(ETAG, tag);
    }
    response
}

/// Query parameters, refused in the API's format when they do not parse.
pub struct Params<T>(pub T);

impl<T: DeserializeOwned + Send, S: Send + Sync> FromRequestParts<S> for Params<T> {
    type Rejection = Failure;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Failure> {
        match Query::<T>::from_request_parts(parts, state).await {
            Ok(Query(value)) => Ok(Self(value)),
            Err(e) => Err(query_rejection(e)),
        }
    }
}

fn query_rejection(e: QueryRejection) -> Failure {
    let detail = e.body_text();
    let detail = detail
        .strip_prefix("Failed to deserialize query string: ")
        .unwrap_or(&detail)
        .to_owned();
    unreadable(StatusCode::BAD_REQUEST, "query", detail)
}

/// What a body sent without a JSON content type is told.
pub const NOT_JSON: &str = "the body must be JSON (Content-Type: application/json)";

/// A JSON body, refused in the API's format when it does not parse.
pub struct Body<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for Body<T> {
    type Rejection = Failure;

    async fn from_request(req: Request, state: &S) -> Result<Self, Failure> {
        match Json::<T>::from_request(req, state).await {
            Ok(Json(value)) => Ok(Self(value)),
            Err(e) => Err(json_rejection(e)),
        }
    }
}

fn json_rejection(e: JsonRejection) -> Failure {
    let status = e.status();
    let detail = match &e {
        JsonRejection::MissingJsonContentType(_) => NOT_JSON.to_owned(),
        _ if status == StatusCode::PAYLOAD_TOO_LARGE => {
            format!("the body is larger than {} bytes", crate::MAX_BODY_BYTES)
        }
        _ => e.body_text(),
    };
    unreadable(status, "body", detail)
}

/// A JSON answer with a status.
///
/// Written into a `Vec` rather than through axum's `Json`, whose writer over
/// a `BytesMut` pays a reservation check on each of the thousands of small
/// writes a page makes (a page of 50 events is 22 KB): that was 40 % of a
/// list request's time in this process.
pub fn reply<T: Serialize>(status: StatusCode, body: T) -> Response {
    match serde_json::to_vec(&body) {
        Ok(bytes) => (
            status,
            [(
                axum::http::header::CONTENT_TYPE,
                axum::http::HeaderValue::from_static("application/json"),
            )],
            bytes,
        )
            .into_response(),
        // What `Json` answers when a value cannot be serialised.
        Err(_) => (status, Json(body)).into_response(),
    }
}
