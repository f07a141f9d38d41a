//! The pages' own files, embedded in the binary: served under names that
//! carry a hash of their content, so that a browser keeps each for a year
//! and a new version is a new name. Nothing is fetched from another host.

use std::sync::OnceLock;

use axum::extract::Path;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};

pub struct Asset {
    stem: &'static str,
    extension: &'static str,
    content_type: &'static str,
    body: &'static [u8],
    named: OnceLock<(String, String)>,
}

impl Asset {
    const fn new(
        stem: &'static str,
        extension: &'static str,
        content_type: &'static str,
        body: &'static [u8],
    ) -> Self {
        Self {
            stem,
            extension,
            content_type,
            body,
            named: OnceLock::new(),
        }
    }

    /// Its address, `/assets/<stem>.<hash>.<extension>`, and its ETag.
    fn named(&self) -> &(String, String) {
        self.named.get_or_init(|| {
            let digest = Sha256::digest(self.body);
            let hash: String = digest.iter().take(6).map(|b| format!("{b:02x}")).collect();
            (
                format!("/assets/{}.{hash}.{}", self.stem, self.extension),
                format!("\"{hash}\""),
            )
        })
    }

    pub fn path(&self) -> &str {
        &self.named().0
    }
}

pub static CSS: Asset = Asset::new(
    "site",
    "css",
    "text/css; charset=utf-8",
    include_bytes!("../assets/site.css"),
);
/// htmx 2.0.11, as published (sha256 d6fdc75f…f717).
pub static JS: Asset = Asset::new(
    "htmx",
    "js",
    "text/javascript; charset=utf-8",
    include_bytes!("../assets/htmx-2.0.11.min.js"),
);

/// The pages' own script: what htmx's events leave to say (an upload's
/// progress).
pub static SCRIPT: Asset = Asset::new(
    "site",
    "js",
    "text/javascript; charset=utf-8",
    include_bytes!("../assets/site.js"),
);

static ALL: [&Asset; 3] = [&CSS, &JS, &SCRIPT];

pub async fn serve(Path(name): Path<String>, headers: HeaderMap) -> Response {
    let wanted = format!("/assets/{name}");
    let Some(asset) = ALL.iter().find(|a| a.path() == wanted) else {
        return (StatusCode::NOT_FOUND, "no such file").into_response();
    };
    let etag = &asset.named().1;
    let cached = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == etag));
    let mut response = if cached {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        ([(header::CONTENT_TYPE, asset.content_type)], asset.body).into_response()
    };
    let h = response.headers_mut();
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=31536000, immutable"),
    );
    if let Ok(value) = HeaderValue::from_str(etag) {
        h.insert(header::ETAG, value);
    }
    response
}
