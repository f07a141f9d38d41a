//! The audit trail: logins, refusals and every change, with who and when.
//! Never holds a secret: subjects are record ids or e-mail addresses.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::audit_log;
use super::{DbConnection, StoreError};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Ok,
    Denied,
    Failed,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Ok => "ok",
            Self::Denied => "denied",
            Self::Failed => "failed",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Entry<'a> {
    pub at: NaiveDateTime,
    pub actor_id: Option<i32>,
    pub action: &'a str,
    pub subject: Option<String>,
    pub outcome: Outcome,
    pub detail: Option<String>,
    /// The fields changed, as JSON (see `epicevents_domain::history`).
    pub changes: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, serde::Serialize)]
#[diesel(table_name = audit_log)]
pub struct Recorded {
    pub id: i32,
    pub at: NaiveDateTime,
    pub actor_id: Option<i32>,
    pub action: String,
    pub subject: Option<String>,
    pub outcome: String,
    pub detail: Option<String>,
    pub changes: Option<String>,
}

/// The most recent entries, newest first.
pub fn recent(conn: &mut DbConnection, limit: i64) -> Result<Vec<Recorded>, StoreError> {
    Ok(audit_log::table
        .select(Recorded::as_select())
        .order(audit_log::id.desc())
        .limit(limit)
        .load(conn)?)
}
