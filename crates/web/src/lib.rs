//! The browser interface, served by `epicevents serve` beside the API: pages
//! rendered on the server from templates checked at compile time (askama),
//! htmx embedded for what script makes smoother, and French and English
//! from Fluent catalogues. Handlers are thin: each runs one use case of the
//! same services the API runs, through the server ([`Host`]), so a rule is
//! never written twice and the policy decides what each person may do.

mod assets;
mod i18n;
mod pages;
mod security;
mod session;

use std::future::Future;
use std::net::IpAddr;
use std::sync::Arc;

use axum::Router;
use axum::routing::{get, post};
use secrecy::SecretString;

use epicevents_api::{ApiError, LoginOutcome};
use epicevents_domain::{Client, Contract, Event};
use epicevents_service::{ServiceError, Services};
use pages::edit::{ClientEdit, ContractEdit, EventEdit};
use pages::people::PersonEdit;

pub use i18n::Lang;

/// What the pages need of the server that serves them: its way of running
/// a use case (off the async workers, with a turn at the database) and its
/// login (the per-address throttle on top of the accounts' budget), the
/// same the API's handlers use.
pub trait Host: Clone + Send + Sync + 'static {
    fn run<T, F>(&self, work: F) -> impl Future<Output = Result<T, ApiError>> + Send
    where
        T: Send + 'static,
        F: FnOnce(&Services) -> Result<T, ServiceError> + Send + 'static;

    fn login(
        &self,
        peer: IpAddr,
        email: String,
        password: SecretString,
    ) -> impl Future<Output = Result<LoginOutcome, ApiError>> + Send;

    /// The key the login budget counts a peer's attempts under, for a
    /// check of the current password.
    fn source(peer: IpAddr) -> String;

    /// A turn at holding an uploaded sheet, shared with the API's imports
    /// (each may take hundreds of megabytes): held until it is imported.
    fn upload_turn(&self) -> impl Future<Output = Result<UploadTurn, ApiError>> + Send;
}

/// A turn [`Host::upload_turn`] gave: the next waits until it is dropped.
pub type UploadTurn = Box<dyn Send + Sync>;

/// A time zone of the IANA database.
pub use chrono_tz::Tz as Zone;

/// The zone `name` names (`Europe/Paris`), for the command line.
pub fn zone(name: &str) -> Result<Zone, String> {
    name.parse::<Zone>()
        .map_err(|_| format!("not a time zone of the IANA database (such as Europe/Paris): {name}"))
}

/// How the pages are served.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The company's time zone, in which every time is shown.
    pub zone: chrono_tz::Tz,
    /// Served over TLS: browsers are then told to come back over HTTPS only.
    pub tls: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            zone: chrono_tz::Europe::Paris,
            tls: false,
        }
    }
}

/// What every page handler reaches.
#[derive(Clone)]
pub(crate) struct Web<H> {
    host: H,
    settings: Arc<Settings>,
    figures: pages::figures::Cache,
    imports: pages::import::Pending,
}

/// Archiving and restoring records of one kind.
fn shelves<H: Host, R: pages::archive::Shelf + 'static>() -> Router<Web<H>> {
    Router::new()
        .route(
            &format!("{}/{{id}}/archive", R::PATH),
            post(pages::archive::archive::<H, R>),
        )
        .route(
            &format!("{}/{{id}}/restore", R::PATH),
            post(pages::archive::restore::<H, R>),
        )
}

/// The pages the server merges beside `/api/v1`: the quick ones, and the
/// sheet's upload, which takes a larger body and longer.
pub struct Pages<S> {
    pub quick: Router<S>,
    pub uploads: Router<S>,
}

/// The pages and their assets, with their security headers and the
/// cross-origin refusal.
pub fn router<H: Host, S: Clone + Send + Sync + 'static>(host: H, settings: Settings) -> Pages<S> {
    let web = Web {
        host,
        settings: Arc::new(settings),
        figures: pages::figures::Cache::default(),
        imports: pages::import::Pending::default(),
    };
    let uploads = Router::new()
        .route("/events/import/check", post(pages::import::check::<H>))
        .layer(axum::extract::DefaultBodyLimit::max(
            pages::import::MAX_UPLOAD_BYTES,
        ));
    Pages {
        quick: guarded(quick(), web.clone()),
        uploads: guarded(uploads, web),
    }
}

/// What every page answers under: its security headers, and no write from
/// another origin.
fn guarded<H: Host, S: Clone + Send + Sync + 'static>(
    pages: Router<Web<H>>,
    web: Web<H>,
) -> Router<S> {
    pages
        .layer(tower_http::compression::CompressionLayer::new())
        .layer(axum::middleware::from_fn(security::same_origin_writes))
        .layer(axum::middleware::from_fn_with_state(
            web.settings.tls,
            security::headers,
        ))
        .with_state(web)
}

fn quick<H: Host>() -> Router<Web<H>> {
    Router::new()
        .route("/", get(pages::home::page::<H>))
        .route(
            "/login",
            get(pages::login::form::<H>).post(pages::login::submit::<H>),
        )
        .route("/logout", post(pages::login::logout::<H>))
        .route("/language", post(pages::language::choose))
        .route("/account", get(pages::account::page::<H>))
        .route(
            "/account/password",
            post(pages::account::change_password::<H>),
        )
        .route("/inbox", get(pages::inbox::page::<H>))
        .route("/inbox/read", post(pages::inbox::mark_read::<H>))
        .route("/events", get(pages::lists::events::<H>))
        .route("/events.csv", get(pages::export::events_csv::<H>))
        .route("/events.xlsx", get(pages::export::events_xlsx::<H>))
        .route("/events/import", get(pages::import::form::<H>))
        .route("/events/import/confirm", post(pages::import::confirm::<H>))
        .route("/events/{id}", get(pages::events::show::<H>))
        .route(
            "/events/{id}/edit",
            get(pages::edit::form::<H, EventEdit>).post(pages::edit::save::<H, EventEdit>),
        )
        .route("/events/{id}/support", post(pages::staffing::assign::<H>))
        .route(
            "/events/{id}/unassign",
            post(pages::staffing::unassign::<H>),
        )
        .route("/calendar", get(pages::calendar::page::<H>))
        .route("/clients", get(pages::lists::clients::<H>))
        .route("/clients.csv", get(pages::export::clients_csv::<H>))
        .route("/clients.xlsx", get(pages::export::clients_xlsx::<H>))
        .route(
            "/clients/new",
            get(pages::create::new_client::<H>).post(pages::create::create_client::<H>),
        )
        .route("/clients/{id}", get(pages::records::client::<H>))
        .route(
            "/clients/{id}/edit",
            get(pages::edit::form::<H, ClientEdit>).post(pages::edit::save::<H, ClientEdit>),
        )
        .route(
            "/clients/{id}/sales-contact",
            post(pages::staffing::reassign::<H>),
        )
        .route(
            "/clients/{id}/contracts/new",
            get(pages::create::new_contract::<H>).post(pages::create::create_contract::<H>),
        )
        .route("/contracts", get(pages::lists::contracts::<H>))
        .route("/contracts.csv", get(pages::export::contracts_csv::<H>))
        .route("/contracts.xlsx", get(pages::export::contracts_xlsx::<H>))
        .route("/contracts/{id}", get(pages::records::contract::<H>))
        .route("/contracts/{id}/sign", post(pages::records::sign::<H>))
        .route("/contracts/{id}/payments", post(pages::records::pay::<H>))
        .route(
            "/contracts/{id}/edit",
            get(pages::edit::form::<H, ContractEdit>).post(pages::edit::save::<H, ContractEdit>),
        )
        .route(
            "/contracts/{id}/events/new",
            get(pages::create::new_event::<H>).post(pages::create::create_event::<H>),
        )
        .merge(shelves::<H, Client>())
        .merge(shelves::<H, Contract>())
        .merge(shelves::<H, Event>())
        .route("/collaborators", get(pages::people::list::<H>))
        .route(
            "/collaborators.csv",
            get(pages::export::collaborators_csv::<H>),
        )
        .route(
            "/collaborators.xlsx",
            get(pages::export::collaborators_xlsx::<H>),
        )
        .route(
            "/collaborators/new",
            get(pages::people::new_form::<H>).post(pages::people::create::<H>),
        )
        .route("/collaborators/{id}", get(pages::people::show::<H>))
        .route(
            "/collaborators/{id}/edit",
            get(pages::edit::form::<H, PersonEdit>).post(pages::edit::save::<H, PersonEdit>),
        )
        .route(
            "/collaborators/{id}/password",
            post(pages::people::reset_password::<H>),
        )
        .route(
            "/collaborators/{id}/unlock",
            post(pages::people::unlock::<H>),
        )
        .route(
            "/collaborators/{id}/reactivate",
            post(pages::people::reactivate::<H>),
        )
        .route("/collaborators/{id}/leave", post(pages::people::leave::<H>))
        .route(
            "/collaborators/{id}/handover",
            post(pages::handover::hand_over::<H>),
        )
        .route("/assets/{name}", get(assets::serve))
}
