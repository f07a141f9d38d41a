//! What a browser may do with the pages: no script or style but the
//! server's own files (no inline, no eval), no framing, no sniffing, no
//! referrer sent elsewhere; and no request that changes anything from
//! another origin, whatever the cookie's SameSite says.

use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; \
                   connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

pub async fn headers(State(tls): State<bool>, request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let h = response.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    if tls {
        h.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000"),
        );
    }
    response
}

/// Refuses a request that may change something unless the browser says it
/// comes from this very origin (Sec-Fetch-Site, or else Origin against
/// Host). A request with neither is no browser's: refused too.
pub async fn same_origin_writes(request: Request, next: Next) -> Response {
    let safe = matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    );
    if safe || from_this_origin(request.headers()) {
        next.run(request).await
    } else {
        tracing::warn!("cross-origin write refused");
        (StatusCode::FORBIDDEN, "cross-origin request refused").into_response()
    }
}

fn from_this_origin(headers: &HeaderMap) -> bool {
    let text = |name| {
        headers
            .get(name)
            .and_then(|v: &HeaderValue| v.to_str().ok())
    };
    if let Some(site) = text(header::HeaderName::from_static("sec-fetch-site")) {
        return site == "same-origin";
    }
    match (text(header::ORIGIN), text(header::HOST)) {
        (Some(origin), Some(host)) => origin
            .split_once("://")
            .is_some_and(|(_, authority)| authority == host),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (name, value) in pairs {
            h.insert(*name, HeaderValue::from_static(value));
        }
        h
    }

    #[test]
    fn only_this_origin_may_write() {
        assert!(from_this_origin(&with(&[(
            "sec-fetch-site",
            "same-origin"
        )])));
        assert!(!from_this_origin(&with(&[(
            "sec-fetch-site",
            "cross-site"
        )])));
        assert!(!from_this_origin(&with(&[("sec-fetch-site", "same-site")])));
        // Sec-Fetch-Site wins over a forged-looking Origin.
        assert!(!from_this_origin(&with(&[
            ("sec-fetch-site", "cross-site"),
            ("origin", "http://crm.test"),
            ("host", "crm.test"),
        ])));
        assert!(from_this_origin(&with(&[
            ("origin", "https://crm.test:8443"),
            ("host", "crm.test:8443"),
        ])));
        assert!(!from_this_origin(&with(&[
            ("origin", "https://evil.test"),
            ("host", "crm.test"),
        ])));
        assert!(!from_this_origin(&with(&[
            ("origin", "null"),
            ("host", "crm.test")
        ])));
        assert!(!from_this_origin(&with(&[("host", "crm.test")])));
    }
}
