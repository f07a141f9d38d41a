//! The support team's sheet, read into the events an import sends: the
//! file's bytes (`.xlsx`, `.xls`, `.ods` or `.csv`, by its name), within
//! what a spreadsheet itself holds, in the block or the table layout. The
//! command line reads a file from disk here, the web pages an upload.

mod bounds;
mod grid;
mod layout;

use chrono::TimeZone;

use epicevents_api::{CellError, SheetEvent};
use epicevents_domain::ValidationError;

pub use bounds::MAX_EXPANDED_BYTES;

/// What a sheet holds: its events, the cells that could not be read, and
/// the times a clock change made ambiguous (with how each was read).
#[derive(Debug, Default)]
pub struct Reading {
    pub events: Vec<SheetEvent>,
    pub errors: Vec<CellError>,
    pub clock_changes: Vec<CellError>,
}

/// Reads the file at `path`, as [`read`] does: a file larger on disk than
/// an import reads is refused before it is loaded.
pub fn read_file<Z: TimeZone>(
    path: &std::path::Path,
    only: Option<&str>,
    zone: Z,
) -> Result<Reading, ValidationError> {
    let file = path.display().to_string();
    let unreadable =
        |e: std::io::Error| ValidationError::new("file", format!("cannot be read: {file}: {e}"));
    let size = std::fs::metadata(path).map_err(unreadable)?.len();
    bounds::check_total(size, "")?;
    let bytes = std::fs::read(path).map_err(unreadable)?;
    read(&file, &bytes, only, zone)
}

/// Reads the file named `file` (its name says its format) from `bytes`,
/// all its sheets or only the one named `only`, its times as written in
/// `zone`. A file with no event at all is refused whole.
pub fn read<Z: TimeZone>(
    file: &str,
    bytes: &[u8],
    only: Option<&str>,
    zone: Z,
) -> Result<Reading, ValidationError> {
    let grids = grid::read(file, bytes, only)?;
    let mut read = layout::Read::new(zone);
    for g in &grids {
        read.grid(g);
    }
    if read.events.is_empty() && read.errors.is_empty() {
        return Err(ValidationError::new(
            "file",
            "holds no event: neither blocks (a name, then rows labelled Event ID, Contract ID…) nor a table with those labels as its header",
        ));
    }
    Ok(Reading {
        events: read.events,
        errors: read.errors,
        clock_changes: read.clock_changes,
    })
}
