//! Arguments several commands share: paging, and free text read from argv.

use std::ffi::OsString;

use clap::Args;

use super::CliError;
use epicevents_domain::ValidationError;
use epicevents_service::ServiceError;

/// Which page of a list to print.
#[derive(Debug, Args)]
pub struct Paging {
    /// Rows per page
    #[arg(long, default_value_t = 50, value_parser = clap::value_parser!(i64).range(1..=100_000))]
    limit: i64,
    /// Rows to skip (the footer says where the next page starts)
    #[arg(long, default_value_t = 0, value_parser = clap::value_parser!(i64).range(0..))]
    offset: i64,
    /// Print every row
    #[arg(long, conflicts_with_all = ["limit", "offset"])]
    all: bool,
}

/// The rows a list prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rows {
    Page { limit: i64, offset: i64 },
    All,
}

impl Paging {
    pub fn rows(&self) -> Rows {
        if self.all {
            Rows::All
        } else {
            Rows::Page {
                limit: self.limit,
                offset: self.offset,
            }
        }
    }
}

/// Text from the command line, which the operating system does not promise
/// is UTF-8: refused as invalid input naming its option, like any bad value.
pub fn text(field: &'static str, value: OsString) -> Result<String, CliError> {
    value.into_string().map_err(|_| {
        ServiceError::Invalid(ValidationError::new(field, "must be valid UTF-8 text")).into()
    })
}

pub fn maybe_text(
    field: &'static str,
    value: Option<OsString>,
) -> Result<Option<String>, CliError> {
    value.map(|v| text(field, v)).transpose()
}

/// A time as typed, read in this machine's time zone (`TZ`) unless it
/// carries an offset; UTC from here on.
pub fn when(field: &'static str, value: OsString) -> Result<chrono::NaiveDateTime, CliError> {
    let typed = text(field, value)?;
    epicevents_domain::time::parse_when(field, &typed, &chrono::Local)
        .map_err(|e| ServiceError::Invalid(e).into())
}

pub fn maybe_when(
    field: &'static str,
    value: Option<OsString>,
) -> Result<Option<chrono::NaiveDateTime>, CliError> {
    value.map(|v| when(field, v)).transpose()
}
