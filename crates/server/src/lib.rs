//! The HTTP server: JSON under `/api/v1`, its OpenAPI document generated from
//! the handlers, the web pages (`epicevents-web`) beside it, TLS with rustls. Handlers are thin: each reads the request,
//! runs one use case of the services on a blocking thread, and writes the
//! answer. The server keeps no state of its own but the per-address login
//! throttle, so several servers can share one PostgreSQL database.

mod access_log;
mod errors;
mod http;
mod mail;
mod metrics;
mod routes;
mod throttle;
mod tls;
mod upload;

use std::convert::Infallible;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::{ConnectInfo, DefaultBodyLimit, Request};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::{GracefulShutdown, Watcher};
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::TcpListener;
use tower::ServiceExt;
use tower_http::timeout::TimeoutLayer;

use epicevents_service::{ApiError, ErrorKind, ServiceError, Services};
use epicevents_telemetry as telemetry;
use sentry::Hub;

pub use mail::{MailError, MailSettings};
pub use throttle::Limits as ThrottleLimits;

use http::Failure;
use routes::api;
use throttle::Throttle;

/// The largest request body accepted. The largest real one (an event with
/// 5,000 characters of notes) is a few kilobytes.
pub const MAX_BODY_BYTES: usize = 64 * 1024;
/// A client has this long to send its request headers…
const HEADER_TIMEOUT: Duration = Duration::from_secs(10);
/// …and to finish its TLS handshake…
const HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(10);
/// …and the whole request (body included) is answered within this, or 408.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);
/// …but for an import, whose answer comes once the whole sheet is written.
const IMPORT_TIMEOUT: Duration = Duration::from_secs(600);
/// After SIGTERM or Ctrl-C, requests in flight get this long to finish.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(30);

/// What every handler reaches.
#[derive(Clone)]
pub struct AppState {
    services: Services,
    throttle: Arc<Throttle>,
    /// The hub of whoever started the server: each request gets a child of
    /// it, with the same client but a scope of its own.
    hub: Arc<Hub>,
    uploads: upload::Uploads,
    /// A turn at the database: one per pooled connection, but one left for
    /// the bookkeeping writer (a session's last use, refusals' audit).
    database: Arc<tokio::sync::Semaphore>,
}

impl AppState {
    /// Runs a use case off the async workers, which never wait on the
    /// database: on the blocking pool, once one of the pool's connections is
    /// sure to be free. Requests beyond that wait here, without a thread,
    /// rather than each hold a blocking thread waiting on the pool (or, on
    /// SQLite, on the write lock).
    async fn run<T, F>(&self, work: F) -> Result<T, Failure>
    where
        T: Send + 'static,
        F: FnOnce(&Services) -> Result<T, ServiceError> + Send + 'static,
    {
        let Ok(turn) = Arc::clone(&self.database).acquire_owned().await else {
            return settle(Err(()));
        };
        let hub = Arc::new(Hub::new_from_top(&self.hub));
        let services = self.services.clone();
        let slot = access_log::slot();
        let outcome = tokio::task::spawn_blocking(move || {
            let _turn = turn;
            telemetry::within(slot.as_ref(), || {
                Hub::run(hub, || work(&services).map_err(ApiError::from))
            })
        })
        .await;
        settle(outcome.map_err(drop))
    }
}

/// The web pages run their use cases and logins as the API's handlers do.
impl epicevents_web::Host for AppState {
    fn run<T, F>(&self, work: F) -> impl std::future::Future<Output = Result<T, ApiError>> + Send
    where
        T: Send + 'static,
        F: FnOnce(&Services) -> Result<T, ServiceError> + Send + 'static,
    {
        let state = self.clone();
        async move { AppState::run(&state, work).await.map_err(|f| f.error) }
    }

    fn login(
        &self,
        peer: std::net::IpAddr,
        email: String,
        password: secrecy::SecretString,
    ) -> impl std::future::Future<Output = Result<epicevents_service::LoginOutcome, ApiError>> + Send
    {
        let state = self.clone();
        async move {
            state
                .throttled_login(peer, email, password)
                .await
                .map_err(|f| f.error)
        }
    }

    fn source(peer: std::net::IpAddr) -> String {
        throttle::source_key(peer)
    }

    fn upload_turn(
        &self,
    ) -> impl std::future::Future<Output = Result<epicevents_web::UploadTurn, ApiError>> + Send
    {
        let uploads = self.uploads.clone();
        async move {
            match uploads.turn().await {
                Ok(turn) => Ok(Box::new(turn) as epicevents_web::UploadTurn),
                Err(failure) => Err(failure.error),
            }
        }
    }
}

/// Each request runs under a Sentry hub of its own (a child of the server's),
/// so one request's actor and breadcrumbs never appear in another's report.
/// A panic in a use case is reported by the panic hook; the client still
/// gets the API's answer and a reference.
fn settle<T>(outcome: Result<Result<T, ApiError>, ()>) -> Result<T, Failure> {
    match outcome {
        Ok(result) => result.map_err(Failure::from),
        Err(()) => {
            let error = std::io::Error::other("a request's use case panicked");
            Err(epicevents_service::reported(
                &error,
                "the request could not be completed; nothing was changed",
            )
            .into())
        }
    }
}

/// A certificate chain and its private key, in PEM files.
#[derive(Debug, Clone)]
pub struct TlsFiles {
    pub cert: PathBuf,
    pub key: PathBuf,
}

pub struct ServeOptions {
    pub listen: SocketAddr,
    /// `None` serves plain HTTP (the caller decided it may).
    pub tls: Option<TlsFiles>,
    pub services: Services,
    pub throttle: ThrottleLimits,
    /// Notifications go by e-mail too, through this relay.
    pub mail: Option<MailSettings>,
    /// Where `/metrics` is served (plain HTTP, apart from the API).
    pub metrics: Option<SocketAddr>,
    /// How the web pages show times.
    pub web: epicevents_web::Settings,
}

#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error(transparent)]
    Mail(#[from] MailError),
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: SocketAddr,
        source: std::io::Error,
    },
    #[error("{0}")]
    Tls(String),
    #[error("cannot start the server: {0}")]
    Runtime(std::io::Error),
}

/// The API's routes (the quick ones, and the imports', which take other
/// limits) and the OpenAPI document generated from them.
fn routes_and_document() -> (Router<AppState>, Router<AppState>, utoipa::openapi::OpenApi) {
    let (quick, imports) = api();
    let (router, mut doc) = quick.split_for_parts();
    let (imports, import_doc) = imports.split_for_parts();
    doc.merge(import_doc);
    (router, imports, doc)
}

#[cfg(test)]
mod document;

/// The whole application: routes, the document, limits and timeouts.
#[allow(
    clippy::expect_used,
    reason = "at start-up: the document is generated from constants"
)]
fn app(services: Services, throttle: ThrottleLimits, web: epicevents_web::Settings) -> Router {
    let turns = services.pool_size().saturating_sub(1).max(1) as usize;
    let state = AppState {
        database: Arc::new(tokio::sync::Semaphore::new(turns)),
        services,
        throttle: Arc::new(Throttle::new(throttle)),
        hub: Hub::current(),
        uploads: upload::Uploads::default(),
    };
    let pages = epicevents_web::router(state.clone(), web);
    let (router, imports, doc) = routes_and_document();
    let doc = Arc::new(doc.to_json().expect("the OpenAPI document serialises"));
    let imports = imports
        .merge(pages.uploads)
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            IMPORT_TIMEOUT,
        ));
    router
        .route(
            "/api/v1/openapi.json",
            axum::routing::get(move || {
                let doc = doc.clone();
                async move {
                    (
                        [(axum::http::header::CONTENT_TYPE, "application/json")],
                        doc.as_ref().clone(),
                    )
                }
            }),
        )
        .merge(pages.quick)
        .fallback(no_route)
        .method_not_allowed_fallback(no_method)
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            REQUEST_TIMEOUT,
        ))
        .merge(imports)
        .route_layer(axum::middleware::from_fn(access_log::note_route))
        .layer(axum::middleware::from_fn(access_log::log))
        .with_state(state)
}

async fn no_route() -> Failure {
    ApiError::new(
        ErrorKind::NotFound,
        "no_route",
        "there is nothing at this address",
    )
    .into()
}

async fn no_method() -> Failure {
    Failure {
        error: ApiError::new(
            ErrorKind::NotFound,
            "method_not_allowed",
            "this address does not take that method",
        ),
        status: Some(StatusCode::METHOD_NOT_ALLOWED),
    }
}

/// Serves until SIGTERM or Ctrl-C, then lets the requests in flight finish.
/// `ready` is called once, with `listening on <URL>`, when requests are taken.
pub fn serve(options: ServeOptions, ready: impl FnOnce(&str)) -> Result<(), ServeError> {
    let acceptor = options.tls.as_ref().map(tls::acceptor).transpose()?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_name("epicevents-http")
        .build()
        .map_err(ServeError::Runtime)?;
    let services = options.services.with_deferred_bookkeeping();
    let web = epicevents_web::Settings {
        tls: acceptor.is_some(),
        ..options.web
    };
    let app = app(services.clone(), options.throttle, web);
    if let Some(settings) = &options.mail {
        mail::start(services.clone(), settings)?;
    }
    let for_metrics = services.clone();
    let outcome = runtime.block_on(async move {
        if let Some(addr) = options.metrics {
            metrics::start(addr, for_metrics).await?;
        }
        let listener =
            TcpListener::bind(options.listen)
                .await
                .map_err(|source| ServeError::Bind {
                    addr: options.listen,
                    source,
                })?;
        let local = listener.local_addr().map_err(ServeError::Runtime)?;
        let scheme = if acceptor.is_some() { "https" } else { "http" };
        ready(&format!("listening on {scheme}://{local}"));
        tracing::info!(%local, scheme, "serving");
        accept_until_shutdown(listener, acceptor, app).await;
        Ok(())
    });
    runtime.shutdown_timeout(Duration::from_secs(5));
    services.finish_bookkeeping();
    outcome
}

async fn accept_until_shutdown(
    listener: TcpListener,
    acceptor: Option<tokio_rustls::TlsAcceptor>,
    app: Router,
) {
    let graceful = GracefulShutdown::new();
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(HEADER_TIMEOUT);
    let mut shutdown = std::pin::pin!(shutdown_signal());
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let (stream, peer) = match accepted {
                    Ok(accepted) => accepted,
                    Err(e) => {
                        // Out of file descriptors and the like: pause, go on.
                        tracing::warn!(error = %e, "cannot accept a connection");
                        tokio::time::sleep(Duration::from_millis(50)).await;
                        continue;
                    }
                };
                let _ = stream.set_nodelay(true);
                let connection = Connection {
                    peer,
                    app: app.clone(),
                    http: http.clone(),
                    watcher: graceful.watcher(),
                };
                let acceptor = acceptor.clone();
                tokio::spawn(async move {
                    match acceptor {
                        None => connection.serve(stream).await,
                        Some(acceptor) => {
                            match tokio::time::timeout(HANDSHAKE_TIMEOUT, acceptor.accept(stream)).await {
                                Ok(Ok(stream)) => connection.serve(stream).await,
                                Ok(Err(e)) => tracing::debug!(%peer, error = %e, "TLS handshake failed"),
                                Err(_) => tracing::debug!(%peer, "TLS handshake timed out"),
                            }
                        }
                    }
                });
            }
            () = &mut shutdown => break,
        }
    }
    drop(listener);
    tracing::info!("shutting down: finishing the requests in flight");
    if tokio::time::timeout(SHUTDOWN_GRACE, graceful.shutdown())
        .await
        .is_err()
    {
        tracing::warn!("requests still in flight after the grace period were cut");
    }
}

/// One accepted connection, ready to be served once its stream is ready.
struct Connection {
    peer: SocketAddr,
    app: Router,
    http: hyper::server::conn::http1::Builder,
    watcher: Watcher,
}

impl Connection {
    async fn serve<IO>(self, io: IO)
    where
        IO: AsyncRead + AsyncWrite + Unpin + Send + 'static,
    {
        let Self {
            peer,
            app,
            http,
            watcher,
        } = self;
        let service =
            hyper::service::service_fn(move |mut request: Request<hyper::body::Incoming>| {
                request.extensions_mut().insert(ConnectInfo(peer));
                let app = app.clone();
                async move {
                    Ok::<Response, Infallible>(
                        app.oneshot(request.map(axum::body::Body::new))
                            .await
                            .into_response(),
                    )
                }
            });
        let connection = http.serve_connection(TokioIo::new(io), service);
        if let Err(e) = watcher.watch(connection).await {
            tracing::debug!(%peer, error = %e, "connection ended with an error");
        }
    }
}

async fn shutdown_signal() {
    use tokio::signal::unix::{SignalKind, signal};
    let mut terminate = match signal(SignalKind::terminate()) {
        Ok(s) => s,
        Err(e) => {
            tracing::error!(error = %e, "cannot watch for SIGTERM; stop with Ctrl-C");
            let _ = tokio::signal::ctrl_c().await;
            return;
        }
    };
    tokio::select! {
        _ = tokio::signal::ctrl_c() => {},
        _ = terminate.recv() => {},
    }
}
