//! Collaborators: their ids, names and accounts as the CRM knows them.

use std::fmt;

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use super::{Department, Email, FullName};

/// A collaborator's id. A distinct type so it cannot be mixed up with other ids.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(transparent)]
pub struct CollaboratorId(pub i32);

impl fmt::Display for CollaboratorId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// An employee of Epic Events, as everyone may see them. Holds no credential.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Collaborator {
    pub id: CollaboratorId,
    pub name: FullName,
    pub email: Email,
    pub department: Department,
    #[serde(with = "super::time::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub created_at: NaiveDateTime,
    #[serde(with = "super::time::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub updated_at: NaiveDateTime,
    /// When they left: a deactivated account cannot log in, and keeps its
    /// name on past records. None while they work here.
    #[serde(default, with = "super::time::rfc3339_option")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub deactivated_at: Option<NaiveDateTime>,
}
