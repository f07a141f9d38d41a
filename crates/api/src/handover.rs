//! Handing one collaborator's records to another in one go: the clients of
//! a sales rep who leaves, the events of a support collaborator who is away.

use serde::{Deserialize, Serialize};

use epicevents_domain::Contact;

/// `POST /api/v1/clients/reassign`, `POST /api/v1/events/reassign`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Handover {
    /// Whose records are handed over.
    pub from: i32,
    /// Who takes them, in the same department.
    pub to: i32,
    /// Only these of `from`'s records (their ids); all of them when empty.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub only: Vec<i32>,
}

/// What a hand-over moved, in id order (empty when `from` had nothing),
/// and between whom.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HandedOver {
    pub moved: Vec<i32>,
    pub from: Contact,
    pub to: Contact,
}
