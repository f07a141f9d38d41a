//! Exit codes and error lines: the same for every command, in local and in
//! server mode alike, a contract.

use std::process::ExitCode;

use epicevents_service::{ApiError, ErrorKind, ServiceError};

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
    Unreachable = 8,
    /// What a shell reports for a command stopped by Ctrl-C (128 + SIGINT).
    Cancelled = 130,
    /// What a shell reports for a command killed by SIGPIPE (128 + 13).
    ClosedOutput = 141,
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
            Self::Unreachable => "unreachable",
            Self::Cancelled => "cancelled",
            Self::ClosedOutput => "closed_output",
        }
    }
}

/// Everything a command can fail with.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// What the CRM answered (in-process or through the server).
    #[error("{}", message(.0))]
    Api(#[from] ApiError),
    /// The command line itself is wrong or incomplete.
    #[error("{0}")]
    Usage(String),
    /// A local failure (session file, terminal): unexpected, reported.
    #[error("{0}")]
    Local(String),
    /// Something outside the program is in the way (a port in use, a
    /// certificate that does not load): exit 1, not a bug to report.
    #[error("{0}")]
    Failed(String),
    /// Whoever read the output stopped reading: nothing to say to anyone.
    #[error("the output was closed")]
    ClosedOutput,
    /// The user stopped a prompt (Ctrl-C, Esc): they know, nothing to say.
    #[error("cancelled")]
    Cancelled,
}

impl From<ServiceError> for CliError {
    fn from(e: ServiceError) -> Self {
        Self::Api(e.into())
    }
}

impl CliError {
    pub fn exit(&self) -> Exit {
        match self {
            Self::Usage(_) => Exit::Usage,
            Self::Local(_) | Self::Failed(_) => Exit::Internal,
            Self::ClosedOutput => Exit::ClosedOutput,
            Self::Cancelled => Exit::Cancelled,
            Self::Api(e) => match e.kind {
                ErrorKind::Internal => Exit::Internal,
                ErrorKind::NotAuthenticated | ErrorKind::Throttled => Exit::NotAuthenticated,
                ErrorKind::PermissionDenied => Exit::Denied,
                ErrorKind::NotFound => Exit::NotFound,
                ErrorKind::Invalid => Exit::Invalid,
                ErrorKind::Conflict => Exit::Conflict,
                ErrorKind::Unreachable => Exit::Unreachable,
            },
        }
    }
}

/// How the command line words an error: the CRM's message, with the field
/// named as its option is, and what to type next where there is a next step.
pub fn message(e: &ApiError) -> String {
    let base = match (e.kind, e.field.as_deref(), e.rule()) {
        (ErrorKind::Invalid, Some(field), Some(rule)) => format!("invalid {}: {rule}", flag(field)),
        _ => e.message.clone(),
    };
    match hint(e) {
        Some(hint) => format!("{base}{hint}"),
        None => base,
    }
}

/// An input field as the option that sets it: `sales_contact` → `sales-contact`.
fn flag(field: &str) -> String {
    field.replace('_', "-")
}

fn ids(ids: &[i64]) -> bool {
    !ids.is_empty()
}

/// The next step, in this program's commands, for the errors that have one.
fn hint(e: &ApiError) -> Option<String> {
    let n = |key| e.number(key).unwrap_or_default();
    Some(match e.code.as_str() {
        "no_session" | "session_expired" | "session_revoked" => "; run `epicevents login`".into(),
        "still_responsible" => {
            let who = n("collaborator");
            let mut how = Vec::new();
            if ids(&e.ids("clients")) {
                how.push(format!("`client reassign --from {who} --to OTHER`"));
            }
            if ids(&e.ids("events")) {
                how.push(format!("`event reassign --from {who} --to OTHER`"));
            }
            format!(" (with {})", how.join(" and "))
        }
        "contract_unsigned" => format!(
            " (sign it with `contract sign {}` once the client has)",
            n("contract")
        ),
        "in_the_past" => "; add --past if the event really took place then".into(),
        "due_exceeds_total" => "; lower --due or raise --total".into(),
        "duplicate_client" => {
            "; to create another client with it anyway, add --allow-duplicate".into()
        }
        "wrong_department" => {
            let department = match e.field.as_deref() {
                Some("sales_contact") => "sales",
                _ => "support",
            };
            format!("; pick someone from `collaborator list --department {department}`")
        }
        "already_initialised" => "; log in and use `collaborator create`".into(),
        "database_missing" => "; run `epicevents init` to create it".into(),
        "database_not_initialised" => "; run `epicevents init`".into(),
        "schema_outdated" => "; run `epicevents init` to migrate it".into(),
        _ => return None,
    })
}

/// Prints the one error line on stderr and returns the exit code. Internal
/// errors were reported where they happened (here, or on the server) and
/// carry the reference to quote.
pub fn report(error: &CliError, json: bool) -> Exit {
    let exit = error.exit();
    if matches!(exit, Exit::ClosedOutput | Exit::Cancelled) {
        return exit;
    }
    let message = match error {
        CliError::Local(_) => {
            let reference = epicevents_telemetry::capture_unexpected(error);
            format!(
                "internal error (reference {reference}): {}",
                epicevents_telemetry::scrub_text(&error.to_string())
            )
        }
        other => other.to_string(),
    };
    // One line, whatever the message holds.
    let message = message.replace(['\n', '\r'], " ");
    if json {
        let body =
            serde_json::json!({ "code": exit as u8, "error": exit.label(), "message": message });
        eprintln!("{body}");
    } else {
        // A person reads it: its times in their zone.
        eprintln!("error: {}", super::render::local_times(&message));
    }
    exit
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn api(kind: ErrorKind, code: &str, message: &str) -> ApiError {
        ApiError::new(kind, code, message)
    }

    #[test]
    fn invalid_input_names_the_option() {
        let mut e = api(
            ErrorKind::Invalid,
            "wrong_department",
            "invalid sales_contact: Kate (#3) is in support, not sales",
        )
        .with_data(json!({ "rule": "Kate (#3) is in support, not sales" }));
        e.field = Some("sales_contact".into());
        assert_eq!(
            message(&e),
            "invalid sales-contact: Kate (#3) is in support, not sales; pick someone from `collaborator list --department sales`"
        );
    }

    #[test]
    fn hand_overs_say_which_commands_to_use() {
        let e = api(
            ErrorKind::Conflict,
            "still_responsible",
            "Bill still owns client(s) 1; reassign these first",
        )
        .with_data(json!({ "collaborator": 4, "clients": [1], "events": [] }));
        assert_eq!(
            message(&e),
            "Bill still owns client(s) 1; reassign these first (with `client reassign --from 4 --to OTHER`)"
        );
        assert_eq!(CliError::Api(e).exit(), Exit::Conflict);
    }

    #[test]
    fn errors_without_a_next_step_are_shown_as_they_came() {
        let e = api(
            ErrorKind::PermissionDenied,
            "permission_denied",
            "permission denied: sales may not list collaborators",
        );
        assert_eq!(message(&e), e.message);
        assert_eq!(CliError::Api(e).exit(), Exit::Denied);
        let throttled = api(ErrorKind::Throttled, "throttled", "too many failed logins");
        assert_eq!(CliError::Api(throttled).exit(), Exit::NotAuthenticated);
        let unreachable = api(ErrorKind::Unreachable, "unreachable", "cannot reach");
        assert_eq!(CliError::Api(unreachable).exit(), Exit::Unreachable);
    }

    #[test]
    fn database_errors_do_not_show_sql_to_users() {
        let sql_error = diesel::result::Error::DatabaseError(
            diesel::result::DatabaseErrorKind::CheckViolation,
            Box::new("CHECK constraint failed: due_cents <= total_cents".to_owned()),
        );
        let error = CliError::from(ServiceError::Store(
            epicevents_service::StoreError::Database(sql_error),
        ));
        assert_eq!(error.exit(), Exit::Internal);
        let shown = error.to_string();
        assert!(
            !shown.contains("CHECK") && !shown.contains("due_cents"),
            "{shown}"
        );
        assert!(shown.contains("nothing was changed"), "{shown}");
        assert!(shown.starts_with("internal error (reference "), "{shown}");
    }
}
