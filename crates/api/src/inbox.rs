//! One's notifications: reading them, and counting the unread.

use serde::{Deserialize, Serialize};

/// `POST /api/v1/inbox/read`.
#[derive(Debug, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default, deny_unknown_fields)]
pub struct InboxRequest {
    /// The read notifications too, not only the unread ones.
    pub all: bool,
}

/// `GET /api/v1/inbox/unread`.
#[derive(Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Unread {
    pub unread: i64,
}
