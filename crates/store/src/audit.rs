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
    /// Which kind of record `subject` is, for a change made to one.
    pub record: Option<&'a str>,
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
    pub record: Option<String>,
}

/// The most recent entries, newest first.
pub fn recent(conn: &mut DbConnection, limit: i64) -> Result<Vec<Recorded>, StoreError> {
    Ok(audit_log::table
        .select(Recorded::as_select())
        .order(audit_log::id.desc())
        .limit(limit)
        .load(conn)?)
}

/// An entry of a record's history, with who made it as they are now (none
/// when there was no actor or the account is gone).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    pub entry: Recorded,
    pub actor: Option<(String, String)>,
}

/// The changes made to one record (`record` is its kind: client, contract,
/// event or collaborator), oldest first.
pub fn story(conn: &mut DbConnection, record: &str, id: i32) -> Result<Vec<Step>, StoreError> {
    use super::schema::collaborators;
    let rows: Vec<(Recorded, Option<(String, String)>)> = audit_log::table
        .left_join(collaborators::table.on(audit_log::actor_id.eq(collaborators::id.nullable())))
        .filter(audit_log::record.eq(record))
        .filter(audit_log::subject.eq(id.to_string()))
        .filter(audit_log::outcome.eq(Outcome::Ok.as_str()))
        .order(audit_log::id)
        .select((
            Recorded::as_select(),
            (collaborators::full_name, collaborators::department).nullable(),
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(entry, actor)| Step { entry, actor })
        .collect())
}
