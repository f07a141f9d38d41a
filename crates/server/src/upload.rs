//! An import's body, the one large body the API takes: read only once its
//! sender has been found allowed to import, a bounded number at a time,
//! plain or gzip-compressed, within limits the message names.

use std::io::Read;
use std::sync::Arc;

use axum::body::Body;
use axum::http::{HeaderMap, StatusCode, header};
use tokio::sync::Semaphore;

use epicevents_service::ImportRequest;
use epicevents_service::limits::{IMPORT_MAX_JSON_BYTES, IMPORT_MAX_SENT_BYTES, megabytes};

use crate::http::{Failure, NOT_JSON, unreadable};

/// Gives the memory an import freed back to the system. mimalloc (the
/// binary's allocator) purges freed pages only when the thread that freed
/// them allocates again, and the blocking pool's threads then sit idle:
/// after eight 62 MB imports the server stayed 110 MB larger. Where
/// mimalloc is not the allocator (the test binaries), its heaps are empty
/// and this does nothing.
pub fn give_memory_back() {
    // SAFETY: `mi_collect` takes no pointer and may be called from any
    // thread at any time; it only frees and purges mimalloc's own pages.
    #[allow(unsafe_code)]
    unsafe {
        libmimalloc_sys::mi_collect(true);
    }
}

/// How many import bodies the server holds at once: each may take a few
/// hundred megabytes once read, and the writes take turns anyway.
pub const IMPORT_SLOTS: usize = 2;

/// The turns imports take at reading and writing their bodies.
#[derive(Clone)]
pub struct Uploads(Arc<Semaphore>);

impl Default for Uploads {
    fn default() -> Self {
        Self(Arc::new(Semaphore::new(IMPORT_SLOTS)))
    }
}

/// A turn at holding an upload (the API's import body, the web pages'
/// sheet); the memory it held is given back when it ends.
pub struct Turn(
    #[allow(dead_code, reason = "held for its drop")] tokio::sync::OwnedSemaphorePermit,
);

impl Drop for Turn {
    fn drop(&mut self) {
        give_memory_back();
    }
}

impl Uploads {
    /// Waits for a turn.
    pub async fn turn(&self) -> Result<Turn, Failure> {
        let permit = self.0.clone().acquire_owned().await.map_err(|_| {
            unreadable(
                StatusCode::SERVICE_UNAVAILABLE,
                "body",
                "the server is stopping".into(),
            )
        })?;
        Ok(Turn(permit))
    }

    /// Checks the headers, waits for a turn (the body stays unread, in the
    /// sender's hands, meanwhile), then reads and parses it off the async
    /// workers. The turn is held until the import is written.
    pub async fn read(
        &self,
        headers: &HeaderMap,
        body: Body,
    ) -> Result<(ImportRequest, Turn), Failure> {
        let gzip = match headers.get(header::CONTENT_ENCODING).map(|v| v.to_str()) {
            None => false,
            Some(Ok(v)) if v.eq_ignore_ascii_case("gzip") => true,
            Some(Ok(v)) if v.eq_ignore_ascii_case("identity") => false,
            Some(_) => {
                return Err(unreadable(
                    StatusCode::UNSUPPORTED_MEDIA_TYPE,
                    "body",
                    "Content-Encoding must be gzip or none".into(),
                ));
            }
        };
        let json = headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("application/json"));
        if !json {
            return Err(unreadable(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "body",
                NOT_JSON.into(),
            ));
        }
        // A body that will be refused anyway waits for no turn.
        let turn = self.turn().await?;
        let bytes = collect(headers, body).await?;
        let parsed = tokio::task::spawn_blocking(move || {
            let parsed = parse(bytes, gzip);
            give_memory_back();
            parsed
        })
        .await
        .map_err(|_| unreadable(StatusCode::BAD_REQUEST, "body", "could not be read".into()))??;
        Ok((parsed, turn))
    }
}

/// The body as sent, in one buffer sized by its `Content-Length`: grown a
/// frame at a time, it was copied at each doubling and peaked at twice its
/// size, leaving the smaller copies behind in the allocator.
async fn collect(headers: &HeaderMap, body: Body) -> Result<Vec<u8>, Failure> {
    use http_body_util::BodyExt as _;
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|n| n > IMPORT_MAX_SENT_BYTES) {
        return Err(too_large("as sent", IMPORT_MAX_SENT_BYTES));
    }
    let mut bytes = Vec::with_capacity(declared.unwrap_or(0));
    let mut body = body;
    while let Some(frame) = body.frame().await {
        let frame = frame.map_err(|_| {
            unreadable(
                StatusCode::BAD_REQUEST,
                "body",
                "was cut off before its end".into(),
            )
        })?;
        if let Ok(data) = frame.into_data() {
            if bytes.len() + data.len() > IMPORT_MAX_SENT_BYTES {
                return Err(too_large("as sent", IMPORT_MAX_SENT_BYTES));
            }
            bytes.extend_from_slice(&data);
        }
    }
    Ok(bytes)
}

fn too_large(how: &str, limit: usize) -> Failure {
    unreadable(
        StatusCode::PAYLOAD_TOO_LARGE,
        "body",
        format!(
            "an import takes at most {} MB {how}: split the sheet, or import it in local mode",
            megabytes(limit as u64)
        ),
    )
}

/// The JSON of an import, inflated as it is parsed (never whole in memory
/// as text), and refused past [`IMPORT_MAX_JSON_BYTES`] of it.
fn parse(bytes: Vec<u8>, gzip: bool) -> Result<ImportRequest, Failure> {
    let sent = std::io::Cursor::new(bytes);
    let raw: Box<dyn Read> = match gzip {
        true => Box::new(flate2::read::GzDecoder::new(sent)),
        false => Box::new(sent),
    };
    // One byte past the limit tells a body that reaches it from one that
    // goes past it.
    let mut limited = std::io::BufReader::new(raw.take(IMPORT_MAX_JSON_BYTES as u64 + 1));
    let mut read = serde_json::Deserializer::from_reader(&mut limited);
    let outcome = serde::Deserialize::deserialize(&mut read).and_then(|r| read.end().map(|()| r));
    let consumed = limited.into_inner().limit() == 0;
    match outcome {
        Ok(request) => Ok(request),
        Err(_) if consumed => Err(too_large("once inflated", IMPORT_MAX_JSON_BYTES)),
        Err(e) if e.is_io() => Err(unreadable(
            StatusCode::BAD_REQUEST,
            "body",
            "is not gzip data, though Content-Encoding says so".into(),
        )),
        Err(e) => Err(unreadable(
            StatusCode::UNPROCESSABLE_ENTITY,
            "body",
            e.to_string(),
        )),
    }
}
