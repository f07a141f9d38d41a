//! Arguments several commands share: paging, and free text read from argv.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use clap::Args;

use super::CliError;
use epicevents_domain::ValidationError;
use epicevents_service::ServiceError;

/// Which page of a list to print.
#[derive(Debug, Args)]
pub struct Paging {
    /// Rows per page (50 by default; a csv or xlsx export has every row
    /// unless this or --offset is given)
    #[arg(long, value_parser = clap::value_parser!(i64).range(1..=100_000))]
    limit: Option<i64>,
    /// Rows to skip (the footer says where the next page starts)
    #[arg(long, value_parser = clap::value_parser!(i64).range(0..))]
    offset: Option<i64>,
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
    /// The rows asked for; `whole` (an export) means every row unless a
    /// page was asked for.
    pub fn rows(&self, whole: bool) -> Rows {
        let paged = self.limit.is_some() || self.offset.is_some();
        if self.all || (whole && !paged) {
            Rows::All
        } else {
            Rows::Page {
                limit: self.limit.unwrap_or(epicevents_domain::DEFAULT_LIMIT),
                offset: self.offset.unwrap_or(0),
            }
        }
    }
}

/// How a list is written: the format, and where.
#[derive(Debug, Args)]
pub struct Export {
    /// table (the default), json, csv (RFC 4180, UTF-8, with a header row)
    /// or xlsx (typed cells; needs --output); csv and xlsx have every row
    /// unless --limit or --offset asks for a page
    #[arg(long, value_enum, value_name = "FORMAT")]
    format: Option<Format>,
    /// Write to FILE (created readable by you only) instead of standard output
    #[arg(long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Replace FILE if it exists
    #[arg(long, requires = "output")]
    force: bool,
    /// How a csv is written: rfc4180 (commas, 1234.56) or excel-fr
    /// (semicolons, 1234,56, UTF-8 with a byte-order mark, as French Excel
    /// opens it in columns) [default: excel-fr when LANG is French]
    #[arg(long, value_enum, value_name = "DIALECT")]
    csv_dialect: Option<Dialect>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Dialect {
    Rfc4180,
    ExcelFr,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Table,
    Json,
    Csv,
    Xlsx,
}

impl Export {
    /// The CSV dialect: `--csv-dialect`, else French Excel's for a French
    /// language (`LC_ALL`, `LC_MESSAGES`, `LANG`, the first set), else RFC 4180.
    pub fn dialect(&self) -> epicevents_sheets::CsvDialect {
        use epicevents_sheets::CsvDialect;
        match self.csv_dialect {
            Some(Dialect::Rfc4180) => CsvDialect::Rfc4180,
            Some(Dialect::ExcelFr) => CsvDialect::ExcelFr,
            None => {
                let language = ["LC_ALL", "LC_MESSAGES", "LANG"]
                    .iter()
                    .find_map(|name| std::env::var(name).ok().filter(|v| !v.is_empty()))
                    .unwrap_or_default();
                match language.starts_with("fr") {
                    true => CsvDialect::ExcelFr,
                    false => CsvDialect::Rfc4180,
                }
            }
        }
    }

    /// The format: `--format`, else JSON with `--json`, else a table.
    pub fn format(&self, json: bool) -> Result<Format, CliError> {
        match (self.format, json) {
            (None, false) => Ok(Format::Table),
            (None | Some(Format::Json), true) => Ok(Format::Json),
            (Some(f), false) => Ok(f),
            (Some(_), true) => Err(CliError::Usage(
                "--json and --format ask for two formats; give one".into(),
            )),
        }
    }

    pub fn output(&self) -> Option<(&Path, bool)> {
        self.output.as_deref().map(|p| (p, self.force))
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

/// A day typed with numbers only, put day first as the parser reads it
/// when `EPICEVENTS_DATE_ORDER=month-first`; where it could be read either
/// way (`03/04/2027`), how it was read is said on stderr.
fn in_order(field: &'static str, typed: &str) -> Result<String, CliError> {
    use epicevents_domain::time::{DateOrder, ordered};
    let order = match std::env::var("EPICEVENTS_DATE_ORDER") {
        Ok(order) => order.parse().map_err(|e: ValidationError| {
            CliError::Usage(format!("EPICEVENTS_DATE_ORDER {}", e.rule))
        })?,
        Err(_) => DateOrder::default(),
    };
    let (read, how) = ordered(typed, order);
    if let Some(how) = how {
        eprintln!("note: --{}: {how}", field.replace('_', "-"));
    }
    Ok(read)
}

/// A time as typed, read in this machine's time zone (`TZ`) unless it
/// carries an offset; UTC from here on.
pub fn when(field: &'static str, value: OsString) -> Result<chrono::NaiveDateTime, CliError> {
    let typed = in_order(field, &text(field, value)?)?;
    epicevents_domain::time::parse_when(field, &typed, &chrono::Local)
        .map_err(|e| ServiceError::Invalid(e).into())
}

/// A day (or a time) for a filter, read in this machine's time zone: the
/// first moment of the day and of the next, or the time itself.
pub fn maybe_day(
    field: &'static str,
    value: Option<OsString>,
) -> Result<Option<(chrono::NaiveDateTime, Option<chrono::NaiveDateTime>)>, CliError> {
    let Some(value) = value else {
        return Ok(None);
    };
    let typed = in_order(field, &text(field, value)?)?;
    epicevents_domain::time::parse_day(field, &typed, &chrono::Local)
        .map(Some)
        .map_err(|e| ServiceError::Invalid(e).into())
}

pub fn maybe_when(
    field: &'static str,
    value: Option<OsString>,
) -> Result<Option<chrono::NaiveDateTime>, CliError> {
    value.map(|v| when(field, v)).transpose()
}

/// A department as typed: any text (the rule that judges it is the
/// domain's, with its own message), offered by completion and help as the
/// names the rule accepts.
#[derive(Debug, Clone, Copy)]
pub struct DepartmentName;

impl clap::builder::TypedValueParser for DepartmentName {
    type Value = String;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<String, clap::Error> {
        clap::builder::StringValueParser::new().parse_ref(cmd, arg, value)
    }

    fn possible_values(
        &self,
    ) -> Option<Box<dyn Iterator<Item = clap::builder::PossibleValue> + '_>> {
        use clap::builder::PossibleValue;
        Some(Box::new(
            [
                PossibleValue::new("sales").help("sales (commercial)"),
                PossibleValue::new("support"),
                PossibleValue::new("management").help("management (gestion)"),
                PossibleValue::new("commercial").hide(true),
                PossibleValue::new("gestion").hide(true),
            ]
            .into_iter(),
        ))
    }
}

/// A day as typed (`2027-03-01`, `01/03/2027`, `1 mars 2027`): the date it
/// is on this machine's calendar.
pub fn maybe_date(
    field: &'static str,
    value: Option<OsString>,
) -> Result<Option<chrono::NaiveDate>, CliError> {
    use chrono::TimeZone;
    Ok(maybe_day(field, value)?
        .map(|(start, _)| chrono::Local.from_utc_datetime(&start).date_naive()))
}
