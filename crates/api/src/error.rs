//! The error every client sees, the same in-process and over HTTP, and
//! its categories.

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

/// An error as every client sees it: the same in-process and over HTTP.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, thiserror::Error)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[error("{message}")]
pub struct ApiError {
    /// The category: what the CLI's exit code and the HTTP status say.
    pub kind: ErrorKind,
    /// A stable machine name for what went wrong, such as `still_responsible`.
    pub code: String,
    /// One line for people.
    pub message: String,
    /// The input field at fault, when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// Details a client may use: the rule broken, the records involved, a
    /// reference to quote for an internal error.
    #[serde(default, skip_serializing_if = "Value::is_null")]
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub data: Value,
}

impl ApiError {
    pub fn new(kind: ErrorKind, code: &str, message: impl Into<String>) -> Self {
        Self {
            kind,
            code: code.to_owned(),
            message: message.into(),
            field: None,
            data: Value::Null,
        }
    }

    pub fn with_data(mut self, data: Value) -> Self {
        self.data = data;
        self
    }

    /// A number from `data`, such as `minutes` or `retry_after`.
    pub fn number(&self, key: &str) -> Option<i64> {
        self.data.get(key).and_then(Value::as_i64)
    }

    /// A list of ids from `data`, such as `clients` or `events`.
    pub fn ids(&self, key: &str) -> Vec<i64> {
        self.data
            .get(key)
            .and_then(Value::as_array)
            .map(|a| a.iter().filter_map(Value::as_i64).collect())
            .unwrap_or_default()
    }

    /// The rule an invalid input broke, without the field's name.
    pub fn rule(&self) -> Option<&str> {
        self.data.get("rule").and_then(Value::as_str)
    }

    /// An unexpected failure as people see it: with the reference its
    /// report carries, to quote, and never the database's own words (SQL,
    /// constraint and table names). Reporting it is the caller's part.
    pub fn internal(reference: &str, shown: &str) -> Self {
        Self::new(
            ErrorKind::Internal,
            "internal",
            format!("internal error (reference {reference}): {shown}"),
        )
        .with_data(json!({ "reference": reference }))
    }
}

/// What went wrong, in the categories every caller (CLI exit codes, HTTP
/// statuses) distinguishes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum ErrorKind {
    /// A bug or an outage: reported to Sentry, with a reference to quote.
    Internal,
    NotAuthenticated,
    /// Too many attempts from one place: try again later.
    Throttled,
    PermissionDenied,
    NotFound,
    Invalid,
    Conflict,
    /// The server or the database could not be reached or used (down, a
    /// file that is not a database, read-only): the environment's problem,
    /// not a bug, and nothing was changed.
    Unreachable,
}

impl ErrorKind {
    /// The HTTP status that says this kind, for the API and the pages alike.
    pub fn http_status(self) -> u16 {
        match self {
            ErrorKind::NotAuthenticated => 401,
            ErrorKind::Throttled => 429,
            ErrorKind::PermissionDenied => 403,
            ErrorKind::NotFound => 404,
            ErrorKind::Invalid => 422,
            ErrorKind::Conflict => 409,
            ErrorKind::Internal => 500,
            ErrorKind::Unreachable => 503,
        }
    }
}
