//! What an import reads of a file, at most: what Excel itself can hold
//! (32,767 characters a cell, 1,048,576 rows a sheet), and a file that
//! expands past [`MAX_EXPANDED_BYTES`] is refused before it is read. A
//! 300 KB workbook holding one 300 MB cell took 1.2 GB to read, and a
//! larger one aborted the process.

use std::fs::File;
use std::path::Path;

use crate::CliError;
use epicevents_domain::ValidationError;
use epicevents_service::ServiceError;
use epicevents_service::limits::megabytes;

/// Excel's limits, which every sheet the team keeps is within.
pub const MAX_CELL_CHARS: usize = 32_767;
pub const MAX_ROWS: usize = 1_048_576;
/// The most a file may hold once its compressed parts are expanded: a
/// sheet of 100,000 events is about 80 MB.
pub const MAX_EXPANDED_BYTES: u64 = 256 << 20;

fn refused(rule: String) -> CliError {
    ServiceError::Invalid(ValidationError::new("file", rule)).into()
}

/// Refuses a file whose contents, expanded, pass the limit: a workbook
/// (a zip archive) by the sizes its directory declares, before anything
/// is inflated; any other file by its own size.
pub fn check_size(path: &Path, zipped: bool) -> Result<(), CliError> {
    let unreadable =
        |e: &dyn std::fmt::Display| refused(format!("cannot be read: {}: {e}", path.display()));
    let size = if zipped {
        let file = File::open(path).map_err(|e| unreadable(&e))?;
        let mut archive = zip::ZipArchive::new(file).map_err(|e| unreadable(&e))?;
        // The sizes its directory declares (raw: nothing is inflated).
        let mut total = 0u64;
        for i in 0..archive.len() {
            let part = archive.by_index_raw(i).map_err(|e| unreadable(&e))?;
            total = total.saturating_add(part.size());
        }
        total
    } else {
        std::fs::metadata(path).map_err(|e| unreadable(&e))?.len()
    };
    if size > MAX_EXPANDED_BYTES {
        let how = if zipped { " once unzipped" } else { "" };
        return Err(refused(format!(
            "is {} MB{how}, and an import reads at most {} MB: split the sheet into several files",
            megabytes(size),
            megabytes(MAX_EXPANDED_BYTES)
        )));
    }
    Ok(())
}

/// A cell past Excel's limit, named by its place (`Sheet1!B8`).
pub fn check_cell(at: impl FnOnce() -> String, text: &str) -> Result<(), CliError> {
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
pub fn check_rows(sheet: &str, rows: usize) -> Result<(), CliError> {
    if rows > MAX_ROWS {
        return Err(refused(format!(
            "sheet {sheet} has more than {MAX_ROWS} rows, the most a spreadsheet holds: split it"
        )));
    }
    Ok(())
}
