//! Which part of the whole trail to list.

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

/// Which entries of the whole trail to list, and which page of them.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(default, deny_unknown_fields)]
pub struct TrailQuery {
    /// Only what this collaborator did (or tried).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub actor: Option<i32>,
    /// Only entries at or after this time (RFC 3339).
    #[serde(
        with = "epicevents_domain::time::rfc3339_option",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "openapi", param(value_type = Option<String>))]
    pub since: Option<NaiveDateTime>,
    /// Only entries before this time (RFC 3339).
    #[serde(
        with = "epicevents_domain::time::rfc3339_option",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "openapi", param(value_type = Option<String>))]
    pub until: Option<NaiveDateTime>,
    /// Only this action (`event.assign`, `session.login`), or every action
    /// of a kind (`event`, `session`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub action: Option<String>,
    /// Rows per page (1 to 100000; 50 by default).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limit: Option<i64>,
    /// Rows to skip.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub offset: Option<i64>,
    /// Only the entries older than the one with this id: a whole trail is
    /// read a page at a time by passing each page's last id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub after: Option<i32>,
}
