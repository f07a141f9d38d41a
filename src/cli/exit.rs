//! Exit codes and error lines: the same for every command, a contract.

use std::process::ExitCode;

use crate::service::{ErrorKind, ServiceError};
use crate::telemetry;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    Ok = 0,
    Internal = 1,
    Usage = 2,
    NotAuthenticated = 3,
    Denied = 4,
    NotFound = 5,
    Invalid = 6,
    Conflict = 7,
}

impl From<Exit> for ExitCode {
    fn from(e: Exit) -> Self {
        ExitCode::from(e as u8)
    }
}

impl Exit {
    fn label(self) -> &'static str {
        match self {
            Self::Ok => "ok",
            Self::Internal => "internal",
            Self::Usage => "usage",
            Self::NotAuthenticated => "not_authenticated",
            Self::Denied => "permission_denied",
            Self::NotFound => "not_found",
            Self::Invalid => "invalid_input",
            Self::Conflict => "conflict",
        }
    }
}

/// Everything a command can fail with.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error(transparent)]
    Service(#[from] ServiceError),
    /// The command line itself is wrong or incomplete.
    #[error("{0}")]
    Usage(String),
    /// A local failure (session file, terminal): unexpected, reported.
    #[error("{0}")]
    Local(String),
}

impl CliError {
    pub fn exit(&self) -> Exit {
        match self {
            Self::Usage(_) => Exit::Usage,
            Self::Local(_) => Exit::Internal,
            Self::Service(e) => match e.kind() {
                ErrorKind::Internal => Exit::Internal,
                ErrorKind::NotAuthenticated => Exit::NotAuthenticated,
                ErrorKind::PermissionDenied => Exit::Denied,
                ErrorKind::NotFound => Exit::NotFound,
                ErrorKind::Invalid => Exit::Invalid,
                ErrorKind::Conflict => Exit::Conflict,
            },
        }
    }
}

/// Prints the one error line on stderr and returns the exit code.
pub fn report(error: &CliError, json: bool) -> Exit {
    let exit = error.exit();
    let message = if exit == Exit::Internal {
        let reference = telemetry::capture_unexpected(error);
        format!(
            "internal error (reference {reference}): {}",
            telemetry::scrub_text(&error.to_string())
        )
    } else {
        error.to_string()
    };
    // One line, whatever the message holds.
    let message = message.replace(['\n', '\r'], " ");
    if json {
        let body =
            serde_json::json!({ "code": exit as u8, "error": exit.label(), "message": message });
        eprintln!("{body}");
    } else {
        eprintln!("error: {message}");
    }
    exit
}
