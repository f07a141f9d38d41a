//! `/api/v1/{clients,contracts,events}/{id}/archive` and `…/restore`: a
//! record leaves the default lists whole, and comes back unchanged. A
//! record already in the state asked for is left as it is (`changed`:
//! false).

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use epicevents_api::routes;

use epicevents_domain::{Client, Contract, Event};
use epicevents_service::Updated;

use crate::http::{Bearer, Failure, Id, reply_versioned};
use crate::{AppState, errors};

/// One handler: `call` is the service's use case for it.
macro_rules! archiving {
    ($name:ident, $route:expr, $id:literal, $tag:literal, $record:ty, $what:literal, $call:ident) => {
        #[doc = $what]
        #[utoipa::path(
            post, path = $route.path, operation_id = $id, tag = $tag,
            security(("bearer" = [])),
            params(("id" = i32, Path, description = "The record's id")),
            responses((status = 200, description = "Done, or unchanged (`changed`: false)", body = Updated<$record>), errors::All),
        )]
        pub async fn $name(
            State(state): State<AppState>,
            Bearer(token): Bearer,
            Id(id): Id,
        ) -> Result<Response, Failure> {
            let updated = state.run(move |s| s.$call(token.as_ref(), id)).await?;
            let version = updated.version;
            Ok(reply_versioned(StatusCode::OK, updated, version))
        }
    };
}

archiving!(
    archive_client,
    routes::ARCHIVE_CLIENT,
    "archive_client",
    "clients",
    Client,
    "Archives a client with its unsigned contracts: management, or its own sales rep while none is signed; refused while an event is to come.",
    archive_client
);
archiving!(
    restore_client,
    routes::RESTORE_CLIENT,
    "restore_client",
    "clients",
    Client,
    "Restores an archived client and the contracts archived with it (management).",
    restore_client
);
archiving!(
    archive_contract,
    routes::ARCHIVE_CONTRACT,
    "archive_contract",
    "contracts",
    Contract,
    "Archives a contract with its past events: management, or its client's sales rep while it is unsigned.",
    archive_contract
);
archiving!(
    restore_contract,
    routes::RESTORE_CONTRACT,
    "restore_contract",
    "contracts",
    Contract,
    "Restores an archived contract and the events archived with it (management), once its client is live.",
    restore_contract
);
archiving!(
    archive_event,
    routes::ARCHIVE_EVENT,
    "archive_event",
    "events",
    Event,
    "Archives an event (management).",
    archive_event
);
archiving!(
    restore_event,
    routes::RESTORE_EVENT,
    "restore_event",
    "events",
    Event,
    "Restores an archived event (management), once its contract is live.",
    restore_event
);
