use std::fmt;

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use super::{Department, Email, FullName};

/// A collaborator's id. A distinct type so it cannot be mixed up with other ids.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct CollaboratorId(pub i32);

impl fmt::Display for CollaboratorId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// An employee of Epic Events, as everyone may see them. Holds no credential.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Collaborator {
    pub id: CollaboratorId,
    pub name: FullName,
    pub email: Email,
    pub department: Department,
    #[serde(serialize_with = "super::time::serialize")]
    pub created_at: NaiveDateTime,
    #[serde(serialize_with = "super::time::serialize")]
    pub updated_at: NaiveDateTime,
}
