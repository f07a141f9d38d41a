//! `serve --metrics-listen ADDR:PORT`: Prometheus' scrape of this server,
//! on an address of its own (plain HTTP, no session: keep it where only
//! the monitoring reaches), so that the API's port serves nothing else.

use std::net::SocketAddr;

use axum::Router;
use axum::http::header::CONTENT_TYPE;
use axum::routing::get;
use tokio::net::TcpListener;

use epicevents_service::Services;
use epicevents_telemetry::metrics::{self, Pool};

use crate::ServeError;

pub async fn start(addr: SocketAddr, services: Services) -> Result<(), ServeError> {
    let listener = TcpListener::bind(addr)
        .await
        .map_err(|source| ServeError::Bind { addr, source })?;
    let local = listener.local_addr().map_err(ServeError::Runtime)?;
    let app = Router::new().route(
        "/metrics",
        get(move || {
            let state = services.pool_state();
            let text = metrics::render(Pool {
                in_use: state.in_use,
                idle: state.idle,
                waiting: state.waiting,
            });
            async move { ([(CONTENT_TYPE, "text/plain; version=0.0.4")], text) }
        }),
    );
    tracing::info!(%local, "metrics on http://{local}/metrics");
    tokio::spawn(async move {
        if let Err(e) = axum::serve(listener, app).await {
            tracing::error!(error = %e, "the metrics listener stopped");
        }
    });
    Ok(())
}
