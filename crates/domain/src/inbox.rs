//! What a collaborator is told about changes others made to their records.

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use crate::history::{Author, Kind};

/// One notification, as its recipient reads it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Notification {
    pub id: i32,
    #[serde(with = "crate::time::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub at: NaiveDateTime,
    /// Who made the change, as they are now (none for an account gone since).
    pub actor: Option<Author>,
    /// The change's action: `event.assign`, `contract.update`, …
    pub action: String,
    pub record: Kind,
    /// The record's id.
    pub subject: i32,
    /// The record's name when the change was made.
    pub about: String,
    /// Whether it had been read before this listing.
    pub read: bool,
}
