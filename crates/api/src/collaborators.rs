//! Accounts as typed, as listed, and unlocked.

use secrecy::SecretString;
use serde::{Deserialize, Serialize};

use epicevents_domain::Collaborator;

/// A new account as typed: every field is validated by the service.
#[derive(Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewCollaborator {
    pub name: String,
    pub email: String,
    /// sales (commercial), support or management (gestion)
    pub department: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Password))]
    pub password: SecretString,
}

/// Changes as typed; `None` keeps the current value.
#[derive(Debug, Default, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UpdateCollaborator {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub department: Option<String>,
}

/// Which collaborators a list shows.
#[derive(Debug, Default, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct CollaboratorQuery {
    /// Only this department (sales/commercial, support, management/gestion)
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub department: Option<String>,
    /// Rows per page (1 to 100000; 50 by default).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<i64>,
    /// Rows to skip.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub offset: Option<i64>,
    /// Only the rows after the one with this id, in the list's order: a
    /// whole list is read a page at a time by passing each page's last id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after: Option<i32>,
}

/// `POST /api/v1/collaborators/{id}/unlock`.
#[derive(Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Unlocked {
    pub collaborator: Collaborator,
    /// Whether failed logins were counted against them (false: nothing to unlock).
    pub had_failures: bool,
}
