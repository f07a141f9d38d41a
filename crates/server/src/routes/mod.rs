//! The API's routes, one module per resource, and the document they make.

pub mod archive;
pub mod clients;
pub mod collaborators;
pub mod contracts;
pub mod events;
pub mod health;
pub mod history;
pub mod inbox;
pub mod session;

use utoipa::OpenApi;
use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::AppState;
use epicevents_api::routes::BASE;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Epic Events CRM",
        description = "Clients, contracts and events of Epic Events. Every operation but login \
                       takes the session token as `Authorization: Bearer <token>`. Errors are one \
                       JSON object: `kind`, a stable `code`, a `message`, the `field` at fault and \
                       `data`.",
    ),
    modifiers(&BearerScheme),
    tags(
        (name = "session", description = "Logging in and out"),
        (name = "collaborators", description = "Accounts: management's job"),
        (name = "clients", description = "Clients: sales find them and keep them"),
        (name = "contracts", description = "Contracts: management draws them up"),
        (name = "events", description = "Events: sales create, management staffs, support runs"),
        (name = "history", description = "What was changed, by whom and when"),
        (name = "inbox", description = "What others changed in one's records"),
        (name = "health", description = "For load balancers and supervisors"),
    ),
)]
struct ApiDoc;

struct BearerScheme;

impl utoipa::Modify for BearerScheme {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(Http::new(HttpAuthScheme::Bearer)),
        );
    }
}

/// The routes and the OpenAPI document they make, from the same handlers:
/// the requests answered within [`crate::REQUEST_TIMEOUT`], and an import's (a
/// whole sheet in one request and one transaction, with limits of its own).
pub(crate) fn api() -> (OpenApiRouter<AppState>, OpenApiRouter<AppState>) {
    let v1 = OpenApiRouter::new()
        .routes(routes!(session::login, session::whoami, session::logout))
        .routes(routes!(session::allowed))
        .routes(routes!(collaborators::list, collaborators::create))
        .routes(routes!(
            collaborators::show,
            collaborators::update,
            collaborators::delete
        ))
        .routes(routes!(collaborators::set_password))
        .routes(routes!(collaborators::unlock))
        .routes(routes!(collaborators::reactivate))
        .routes(routes!(clients::list, clients::create))
        .routes(routes!(clients::show, clients::update))
        .routes(routes!(clients::reassign))
        .routes(routes!(contracts::list, contracts::create))
        .routes(routes!(contracts::show, contracts::update))
        .routes(routes!(contracts::sign))
        .routes(routes!(contracts::pay, contracts::payments))
        .routes(routes!(events::list, events::create))
        .routes(routes!(events::show, events::update))
        .routes(routes!(events::assign, events::unassign))
        .routes(routes!(events::reassign))
        .routes(routes!(history::of_record))
        .routes(routes!(history::trail))
        .routes(routes!(archive::archive_client))
        .routes(routes!(archive::restore_client))
        .routes(routes!(archive::archive_contract))
        .routes(routes!(archive::restore_contract))
        .routes(routes!(archive::archive_event))
        .routes(routes!(archive::restore_event))
        .routes(routes!(inbox::read))
        .routes(routes!(inbox::unread));
    let quick = OpenApiRouter::with_openapi(ApiDoc::openapi())
        .nest(BASE, v1)
        .routes(routes!(health::healthz))
        .routes(routes!(health::readyz));
    let imports =
        OpenApiRouter::new().nest(BASE, OpenApiRouter::new().routes(routes!(events::import)));
    (quick, imports)
}
