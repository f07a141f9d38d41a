//! The sizes the API takes, shared by the server that enforces them and
//! the client that checks them before sending.

/// The largest import body as sent: the client compresses it (gzip), so a
/// sheet of 100,000 events (about 70 MB of JSON) fits in a few.
pub const IMPORT_MAX_SENT_BYTES: usize = 64 << 20;
/// The largest import body once inflated: about 350,000 events.
pub const IMPORT_MAX_JSON_BYTES: usize = 256 << 20;

/// A size in whole megabytes (MiB), for messages: rounded up, so that a
/// size past a limit never reads as the limit itself.
pub fn megabytes(bytes: u64) -> u64 {
    bytes.div_ceil(1 << 20)
}
