//! What an import reads of a file, at most: what Excel itself can hold
//! (32,767 characters a cell, 1,048,576 rows a sheet), and a file that
//! expands past [`MAX_EXPANDED_BYTES`] is refused before it is read. A
//! 300 KB workbook holding one 300 MB cell took 1.2 GB to read, and a
//! larger one aborted the process.

use std::io::Cursor;

use epicevents_api::limits::megabytes;
use epicevents_domain::ValidationError;

/// Excel's limits, which every sheet the team keeps is within.
pub const MAX_CELL_CHARS: usize = 32_767;
pub const MAX_ROWS: usize = 1_048_576;
/// The most a file may hold once its compressed parts are expanded: a
/// sheet of 100,000 events is about 80 MB.
pub const MAX_EXPANDED_BYTES: u64 = 256 << 20;

fn refused(rule: String) -> ValidationError {
    ValidationError::new("file", rule)
}

/// Refuses a file whose contents, expanded, pass the limit: a workbook
/// (a zip archive) by the sizes its directory declares, before anything
/// is inflated; any other file by its own size.
pub fn check_size(file: &str, bytes: &[u8], zipped: bool) -> Result<(), ValidationError> {
    let unreadable = |e: &dyn std::fmt::Display| refused(format!("cannot be read: {file}: {e}"));
    let size = if zipped {
        let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| unreadable(&e))?;
        // The sizes its directory declares (raw: nothing is inflated).
        let mut total = 0u64;
        for i in 0..archive.len() {
            let part = archive.by_index_raw(i).map_err(|e| unreadable(&e))?;
            total = total.saturating_add(part.size());
        }
        total
    } else {
        bytes.len() as u64
    };
    check_total(size, if zipped { " once unzipped" } else { "" })
}

/// Refuses `size` bytes past the limit; `how` says how they were counted.
pub fn check_total(size: u64, how: &str) -> Result<(), ValidationError> {
    if size > MAX_EXPANDED_BYTES {
        return Err(refused(format!(
            "is {} MB{how}, and an import reads at most {} MB: split the sheet into several files",
            megabytes(size),
            megabytes(MAX_EXPANDED_BYTES)
        )));
    }
    Ok(())
}

/// A cell past Excel's limit, named by its place (`Sheet1!B8`).
pub fn check_cell(at: impl FnOnce() -> String, text: &str) -> Result<(), ValidationError> {
    // Bytes first: counting characters only when there may be too many.
    if text.len() > MAX_CELL_CHARS && text.chars().count() > MAX_CELL_CHARS {
        return Err(refused(format!(
            "cell {} holds {} characters, more than the {MAX_CELL_CHARS} a spreadsheet cell holds",
            at(),
            text.chars().count()
        )));
    }
    Ok(())
}

/// A sheet past Excel's rows.
pub fn check_rows(sheet: &str, rows: usize) -> Result<(), ValidationError> {
    if rows > MAX_ROWS {
        return Err(refused(format!(
            "sheet {sheet} has more than {MAX_ROWS} rows, the most a spreadsheet holds: split it"
        )));
    }
    Ok(())
}
