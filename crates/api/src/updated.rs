//! What an update answers.

use serde::{Deserialize, Serialize};

/// What an update answers: the record as it is now, and whether the update
/// changed it (typing the values it already has changes nothing: no new
/// version, no audit line).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Updated<T> {
    #[serde(flatten)]
    pub record: T,
    pub changed: bool,
}

impl<T> std::ops::Deref for Updated<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.record
    }
}
