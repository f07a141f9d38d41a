//! Keeps SQLite's write-ahead log and its index between processes.
//!
//! A command-line process is usually the database's only connection, so by
//! default SQLite deletes the `-wal` and `-shm` files when it closes and the
//! next command creates them again: two unlinks, two creations and their
//! directory updates per command. With `SQLITE_FCNTL_PERSIST_WAL` the files
//! stay (emptied at checkpoint, never replayed twice), and a command that
//! only reads writes nothing at all.
//!
//! The one reviewed FFI module of the store: the only place it allows
//! unsafe code.
#![allow(unsafe_code)]

use std::ffi::{c_char, c_int};
use std::sync::Once;

use libsqlite3_sys as ffi;

/// Called by SQLite for every connection this process opens.
unsafe extern "C" fn persist_wal(
    db: *mut ffi::sqlite3,
    _error: *mut *mut c_char,
    _api: *const ffi::sqlite3_api_routines,
) -> c_int {
    let mut on: c_int = 1;
    // SAFETY: SQLite passes an open connection; "main" names its database
    // file, and the flag is read through a pointer valid for this call only.
    unsafe {
        ffi::sqlite3_file_control(
            db,
            c"main".as_ptr(),
            ffi::SQLITE_FCNTL_PERSIST_WAL,
            (&raw mut on).cast(),
        );
    }
    // A file system that refuses the hint only costs speed: never fail an open.
    ffi::SQLITE_OK
}

/// Registers the hook once per process, before the first connection opens.
pub(crate) fn keep_between_processes() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        // SAFETY: the entry point has the signature SQLite documents for
        // auto-extensions and lives for the whole program.
        unsafe {
            ffi::sqlite3_auto_extension(Some(persist_wal));
        }
    });
}
