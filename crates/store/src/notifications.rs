//! Notifications: written in the transaction of the change they tell
//! about, to the people concerned; each recipient reads and marks read
//! their own.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{clients, collaborators, contracts, events, notifications};
use super::{At, DbConnection, StoreError};
use epicevents_domain::{CollaboratorId, Department};

/// One notification to write.
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = notifications)]
pub struct New<'a> {
    pub recipient_id: i32,
    #[diesel(serialize_as = At)]
    pub at: NaiveDateTime,
    pub actor_id: Option<i32>,
    pub action: &'a str,
    pub record: &'a str,
    pub subject: i32,
    pub about: &'a str,
}

/// One statement per recipient (a handful): a multi-row insert is not
/// one statement on every backend Diesel's `MultiConnection` serves.
pub fn write(conn: &mut DbConnection, rows: &[New<'_>]) -> Result<(), StoreError> {
    for row in rows {
        diesel::insert_into(notifications::table)
            .values(row.clone())
            .execute(conn)?;
    }
    Ok(())
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = notifications)]
pub struct Row {
    pub id: i32,
    pub at: NaiveDateTime,
    pub actor_id: Option<i32>,
    pub action: String,
    pub record: String,
    pub subject: i32,
    pub about: String,
    pub read_at: Option<NaiveDateTime>,
}

/// Who made a change, as they are now: name and department, none for an
/// account gone since.
pub type Author = Option<(String, String)>;

/// A recipient's notifications, newest first: the unread ones, or with
/// `all` the read ones too; each with its author as they are now.
pub fn inbox(
    conn: &mut DbConnection,
    recipient: CollaboratorId,
    all: bool,
    limit: i64,
) -> Result<Vec<(Row, Author)>, StoreError> {
    let mut query = notifications::table
        .left_join(
            collaborators::table.on(notifications::actor_id.eq(collaborators::id.nullable())),
        )
        .filter(notifications::recipient_id.eq(recipient.0))
        .order(notifications::id.desc())
        .limit(limit)
        .select((
            Row::as_select(),
            (collaborators::full_name, collaborators::department).nullable(),
        ))
        .into_boxed();
    if !all {
        query = query.filter(notifications::read_at.is_null());
    }
    Ok(query.load(conn)?)
}

/// Marks these notifications of `recipient` read.
pub fn mark_read(
    conn: &mut DbConnection,
    recipient: CollaboratorId,
    ids: &[i32],
    now: NaiveDateTime,
) -> Result<(), StoreError> {
    if !ids.is_empty() {
        diesel::update(
            notifications::table
                .filter(notifications::recipient_id.eq(recipient.0))
                .filter(notifications::id.eq_any(ids))
                .filter(notifications::read_at.is_null()),
        )
        .set(notifications::read_at.eq(Some(At(now))))
        .execute(conn)?;
    }
    Ok(())
}

pub fn unread(conn: &mut DbConnection, recipient: CollaboratorId) -> Result<i64, StoreError> {
    Ok(notifications::table
        .filter(notifications::recipient_id.eq(recipient.0))
        .filter(notifications::read_at.is_null())
        .count()
        .get_result(conn)?)
}

/// The managers who work here now: told when sales create an event.
pub fn managers(conn: &mut DbConnection) -> Result<Vec<CollaboratorId>, StoreError> {
    Ok(collaborators::table
        .filter(collaborators::department.eq(Department::Management.as_str()))
        .filter(collaborators::deactivated_at.is_null())
        .select(collaborators::id)
        .load::<i32>(conn)?
        .into_iter()
        .map(CollaboratorId)
        .collect())
}

/// The sales contact of an event's client.
pub fn seller_of_event(
    conn: &mut DbConnection,
    event: i32,
) -> Result<Option<CollaboratorId>, StoreError> {
    Ok(events::table
        .inner_join(contracts::table.inner_join(clients::table))
        .filter(events::id.eq(event))
        .select(clients::sales_contact_id)
        .first::<Option<i32>>(conn)
        .optional()?
        .flatten()
        .map(CollaboratorId))
}
