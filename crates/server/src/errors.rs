//! The error responses every operation documents. Each is the API's error
//! object; which ones an operation can really give depends on it, and
//! documenting the whole set keeps the document honest for clients that
//! branch on status alone.

use epicevents_service::ApiError;

#[derive(utoipa::IntoResponses)]
#[allow(dead_code)] // Read by the OpenAPI derive only.
pub enum All {
    /// The request could not be read: a malformed id, query or JSON body.
    #[response(status = 400)]
    Unreadable(ApiError),
    /// No valid session: none given, expired, revoked, or wrong credentials.
    #[response(status = 401)]
    NotAuthenticated(ApiError),
    /// The policy refuses this action to the session's department.
    #[response(status = 403)]
    Denied(ApiError),
    /// No such record, route or action.
    #[response(status = 404)]
    NotFound(ApiError),
    /// A business rule refuses the change (e-mail in use, contract unsigned…).
    #[response(status = 409)]
    Conflict(ApiError),
    /// The body is larger than the server accepts.
    #[response(status = 413)]
    TooLarge(ApiError),
    /// The body is not JSON.
    #[response(status = 415)]
    NotJson(ApiError),
    /// A value breaks its rule; `field` names it and `data.rule` says the rule.
    #[response(status = 422)]
    Invalid(ApiError),
    /// Too many failed logins from this address; `Retry-After` says for how long.
    #[response(status = 429)]
    Throttled(ApiError),
    /// Unexpected: `data.reference` is the report's reference.
    #[response(status = 500)]
    Internal(ApiError),
}
