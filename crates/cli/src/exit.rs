//! Exit codes and error lines: the same for every command, a contract.

use std::process::ExitCode;

use epicevents_service::{ErrorKind, ServiceError};
use epicevents_store::StoreError;
use epicevents_telemetry as telemetry;

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

/// What a user is told about an unexpected error. The database's own words
/// (SQL, constraint and table names) go to the log and Sentry, never to the
/// terminal.
fn user_text(error: &CliError) -> String {
    match error {
        CliError::Service(ServiceError::Store(StoreError::Database(_))) => {
            "the database could not complete the operation; nothing was changed".into()
        }
        other => telemetry::scrub_text(&other.to_string()),
    }
}

/// Prints the one error line on stderr and returns the exit code.
pub fn report(error: &CliError, json: bool) -> Exit {
    let exit = error.exit();
    let message = if exit == Exit::Internal {
        let reference = telemetry::capture_unexpected(error);
        format!(
            "internal error (reference {reference}): {}",
            user_text(error)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn database_errors_do_not_show_sql_to_users() {
        let sql_error = diesel::result::Error::DatabaseError(
            diesel::result::DatabaseErrorKind::CheckViolation,
            Box::new("CHECK constraint failed: due_cents <= total_cents".to_owned()),
        );
        let error = CliError::Service(ServiceError::Store(StoreError::Database(sql_error)));
        assert_eq!(error.exit(), Exit::Internal);
        let shown = user_text(&error);
        assert!(
            !shown.contains("CHECK") && !shown.contains("due_cents"),
            "{shown}"
        );
        assert!(shown.contains("nothing was changed"), "{shown}");
    }
}
