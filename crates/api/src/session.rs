//! Logging in and out, and one's password: what `/session` and
//! `/collaborators/{id}/password` take and answer.

use chrono::NaiveDateTime;
use secrecy::SecretString;
use serde::{Deserialize, Serialize};

use crate::SessionToken;
use epicevents_domain::Collaborator;

/// `POST /api/v1/session`.
#[derive(Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    pub email: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Password))]
    pub password: SecretString,
}

/// A new session: the token to send as `Authorization: Bearer …`, and who it is for.
#[derive(Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LoginResponse {
    pub token: String,
    #[serde(flatten)]
    pub whoami: WhoAmI,
}

/// `DELETE /api/v1/session`: whether a live session was ended.
#[derive(Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LogoutResponse {
    pub revoked: bool,
}

#[derive(Debug)]
pub struct LoginOutcome {
    pub token: SessionToken,
    pub collaborator: Collaborator,
    pub expires_at: NaiveDateTime,
}

/// Who is logged in, and until when.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WhoAmI {
    #[serde(flatten)]
    pub collaborator: Collaborator,
    #[serde(with = "epicevents_domain::time::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub session_expires_at: NaiveDateTime,
}

/// `PUT /api/v1/collaborators/{id}/password`. The current password is
/// required to change one's own.
#[derive(Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PasswordChange {
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Password))]
    pub current_password: Option<SecretString>,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Password))]
    pub new_password: SecretString,
}

#[derive(Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PasswordChanged {
    /// The password was the caller's own (their session has ended too).
    pub own: bool,
    /// Every session of that collaborator has ended.
    pub sessions_revoked: bool,
}
