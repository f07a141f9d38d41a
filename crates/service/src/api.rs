//! From the services' errors to the contract's: what every client sees of
//! a failure, and the report of one nobody expected.

use epicevents_api::{ApiError, ErrorKind};
use epicevents_store::StoreError;
use epicevents_telemetry as telemetry;

use super::ServiceError;

/// An unexpected failure: reported (to Sentry when it is on) and shown
/// with the reference the report carries.
pub fn reported(error: &(dyn std::error::Error + 'static), shown: &str) -> ApiError {
    ApiError::internal(&telemetry::capture_unexpected(error), shown)
}

impl From<ServiceError> for ApiError {
    fn from(e: ServiceError) -> Self {
        let kind = e.kind();
        if kind == ErrorKind::Internal {
            let shown = match &e {
                ServiceError::Store(StoreError::Database(_)) => {
                    "the database could not complete the operation; nothing was changed".to_owned()
                }
                other => telemetry::scrub_text(&other.to_string()),
            };
            return reported(&e, &shown);
        }
        Self {
            kind,
            code: e.code().to_owned(),
            message: e.to_string(),
            field: e.field().map(str::to_owned),
            data: e.data(),
        }
    }
}
