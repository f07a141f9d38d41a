//! An import's body as sent: JSON written straight into gzip (a sheet's
//! JSON compresses about tenfold), checked against the server's limits
//! before anything is sent, so that a sheet too large is said to be, by
//! how much, rather than cut off as a broken connection.

use std::io::Write;

use flate2::Compression;
use flate2::write::GzEncoder;

use epicevents_api::limits::{IMPORT_MAX_JSON_BYTES, IMPORT_MAX_SENT_BYTES, megabytes};
use epicevents_api::{ApiError, ErrorKind, ImportRequest};

/// Counts what goes through it, and stops past the server's limit.
struct Counted<W> {
    inner: W,
    written: usize,
}

impl<W: Write> Write for Counted<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.written += buf.len();
        if self.written > IMPORT_MAX_JSON_BYTES {
            return Err(std::io::Error::other("past the limit"));
        }
        self.inner.write(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// `size`: what the sheet is ("more than 256 MB as JSON").
fn too_large(size: String, limit: usize) -> ApiError {
    let mut e = ApiError::new(
        ErrorKind::Invalid,
        "payload_too_large",
        format!(
            "invalid file: the sheet is {size}, and the server takes at most {} MB: split it, or import it in local mode",
            megabytes(limit as u64)
        ),
    );
    e.field = Some("file".into());
    e
}

pub fn compress(request: &ImportRequest) -> Result<Vec<u8>, ApiError> {
    // Fast compression: the sheet's text is repetitive, and the best
    // level would take seconds for a small gain.
    let mut out = Counted {
        inner: GzEncoder::new(Vec::new(), Compression::fast()),
        written: 0,
    };
    if serde_json::to_writer(&mut out, request).is_err() {
        let size = format!(
            "more than {} MB as JSON",
            megabytes(IMPORT_MAX_JSON_BYTES as u64)
        );
        return Err(too_large(size, IMPORT_MAX_JSON_BYTES));
    }
    let gzipped = out
        .inner
        .finish()
        .map_err(|e| crate::reported(&e, "the sheet could not be compressed"))?;
    if gzipped.len() > IMPORT_MAX_SENT_BYTES {
        let size = format!("{} MB compressed", megabytes(gzipped.len() as u64));
        return Err(too_large(size, IMPORT_MAX_SENT_BYTES));
    }
    Ok(gzipped)
}
