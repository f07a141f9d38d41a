use epicevents_domain::ValidationError;
use epicevents_domain::policy::Denied;
use epicevents_store::StoreError;

/// Why a caller is not (or no longer) authenticated. Deliberately coarse: an
/// unknown e-mail and a wrong password read the same.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AuthError {
    #[error("not logged in; run `epicevents login`")]
    NoSession,
    #[error("your session has expired; run `epicevents login`")]
    Expired,
    #[error(
        "your session is no longer valid (logged out, password or department changed); run `epicevents login`"
    )]
    Revoked,
    #[error("wrong e-mail or password")]
    BadCredentials,
    #[error("too many failed logins: this account is locked for {minutes} more minute(s)")]
    Locked { minutes: i64 },
}

/// What went wrong, in the categories every caller (CLI exit codes, HTTP
/// statuses) distinguishes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// A bug or an outage: reported to Sentry.
    Internal,
    NotAuthenticated,
    PermissionDenied,
    NotFound,
    Invalid,
    Conflict,
}

#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    #[error(transparent)]
    Auth(#[from] AuthError),
    #[error("permission denied: {0}")]
    Denied(#[from] Denied),
    #[error("{what} {id} not found")]
    NotFound { what: &'static str, id: i32 },
    #[error(transparent)]
    Invalid(#[from] ValidationError),
    #[error("{0}")]
    Conflict(String),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("{0}")]
    Internal(String),
}

impl From<diesel::result::Error> for ServiceError {
    fn from(e: diesel::result::Error) -> Self {
        Self::Store(StoreError::Database(e))
    }
}

impl epicevents_store::TxError for ServiceError {
    fn is_serialization_failure(&self) -> bool {
        matches!(self, Self::Store(e) if e.is_serialization_failure())
    }
}

impl ServiceError {
    pub fn kind(&self) -> ErrorKind {
        match self {
            Self::Auth(_) => ErrorKind::NotAuthenticated,
            Self::Denied(_) => ErrorKind::PermissionDenied,
            Self::NotFound { .. } => ErrorKind::NotFound,
            Self::Invalid(_) => ErrorKind::Invalid,
            Self::Conflict(_) => ErrorKind::Conflict,
            Self::Store(e) => match e {
                StoreError::BadUrl(_) => ErrorKind::Invalid,
                StoreError::Missing(_)
                | StoreError::NotInitialised
                | StoreError::SchemaOutdated(_)
                | StoreError::SchemaNewer
                | StoreError::AlreadyInitialised
                | StoreError::Duplicate(_) => ErrorKind::Conflict,
                StoreError::Connect { .. } | StoreError::Migration(_) | StoreError::Database(_) => {
                    ErrorKind::Internal
                }
            },
            Self::Internal(_) => ErrorKind::Internal,
        }
    }
}
