//! The audit trail: logins, refusals and every change, with who and when.
//! Never holds a secret: subjects are record ids or e-mail addresses.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use epicevents_domain::history::Kind;
use epicevents_domain::{Listing, Page};

use super::schema::audit_log;
use super::{At, DbConnection, StoreError};

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
    pub record: Option<Kind>,
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

/// Which entries of the whole trail to list.
#[derive(Debug, Clone, Default)]
pub struct TrailFilter {
    pub actor: Option<i32>,
    /// At or after this time.
    pub since: Option<NaiveDateTime>,
    /// Before this time.
    pub until: Option<NaiveDateTime>,
    /// An action's key (`event.assign`), or every action on a kind of
    /// record (`event`) or of a kind (`session`).
    pub action: Option<String>,
}

/// The whole trail, newest first, each entry with its author as they are
/// now. Read after an entry (`page.after`), it goes on with older ones.
pub fn trail(
    conn: &mut DbConnection,
    filter: &TrailFilter,
    page: Page,
) -> Result<Listing<Step>, StoreError> {
    use super::schema::collaborators;
    use crate::records::{listing, rows_to_read};
    let filtered = || {
        let mut query = audit_log::table.into_boxed();
        if let Some(actor) = filter.actor {
            query = query.filter(audit_log::actor_id.eq(actor));
        }
        if let Some(since) = filter.since {
            query = query.filter(audit_log::at.ge(At(since)));
        }
        if let Some(until) = filter.until {
            query = query.filter(audit_log::at.lt(At(until)));
        }
        if let Some(action) = &filter.action {
            query = match action.contains('.') {
                true => query.filter(audit_log::action.eq(action.clone())),
                false => query.filter(audit_log::action.like(format!("{action}.%"))),
            };
        }
        if let Some(after) = page.after {
            query = query.filter(audit_log::id.lt(after));
        }
        query
    };
    let rows: Vec<(Recorded, Option<(String, String)>)> = filtered()
        .left_join(collaborators::table.on(audit_log::actor_id.eq(collaborators::id.nullable())))
        .order(audit_log::id.desc())
        .limit(rows_to_read(page))
        .offset(page.offset)
        .select((
            Recorded::as_select(),
            (collaborators::full_name, collaborators::department).nullable(),
        ))
        .load(conn)?;
    let items = rows
        .into_iter()
        .map(|(entry, actor)| Step { entry, actor })
        .collect();
    Ok(listing(items, page, |n| {
        crate::records::count_up_to!(filtered().select(audit_log::id), n, conn)
    })?)
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
