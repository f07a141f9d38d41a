//! One log line per request answered, for a log collector: method, route
//! (the pattern, never the ids or the query), status, time, and the user
//! id the request acted as. Never a header, a body or a token.

use std::time::Instant;

use axum::extract::{MatchedPath, Request};
use axum::middleware::Next;
use axum::response::Response;

use epicevents_telemetry::ActorSlot;

tokio::task_local! {
    /// The request being answered: its use cases write its actor here.
    pub static REQUEST: ActorSlot;
}

/// The request's slot, for work handed to another thread.
pub fn slot() -> Option<ActorSlot> {
    REQUEST.try_with(Clone::clone).ok()
}

/// Inside the router: the route the request matched, passed out to
/// [`log`] with the response.
pub async fn note_route(request: Request, next: Next) -> Response {
    let route = request.extensions().get::<MatchedPath>().cloned();
    let mut response = next.run(request).await;
    if let Some(route) = route {
        response.extensions_mut().insert(route);
    }
    response
}

/// Outside the router: times the request, gives its work a slot for its
/// actor, then writes its line (and counts it for `/metrics`).
pub async fn log(request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = request.method().clone();
    let slot = ActorSlot::default();
    let response = REQUEST.scope(slot.clone(), next.run(request)).await;
    let route = response
        .extensions()
        .get::<MatchedPath>()
        .map_or("(none)", MatchedPath::as_str);
    let seconds = started.elapsed().as_secs_f64();
    let status = response.status().as_u16();
    epicevents_telemetry::metrics::request(route, status, seconds);
    let ms = (seconds * 10_000.0).round() / 10.0;
    tracing::info!(
        target: "epicevents::request",
        method = %method,
        route,
        status,
        ms,
        user = slot.get(),
        "request"
    );
    response
}
