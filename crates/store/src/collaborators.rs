//! Collaborator rows. Writes that need authority take the policy's permit and
//! touch only the record it names.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{clients, collaborators, events};
use super::{DbConnection, StoreError, unique_as};
use epicevents_domain::policy::act;

use crate::At;
use crate::access::Permit;
use epicevents_domain::{Collaborator, CollaboratorId, Department, Email, FullName, Listing, Page};

#[derive(Queryable, Selectable)]
#[diesel(table_name = collaborators)]
pub(crate) struct Row {
    pub(crate) id: i32,
    pub(crate) full_name: String,
    pub(crate) email: String,
    pub(crate) department: String,
    pub(crate) created_at: NaiveDateTime,
    pub(crate) updated_at: NaiveDateTime,
    pub(crate) deactivated_at: Option<NaiveDateTime>,
}

impl Row {
    pub(crate) fn into_domain(self) -> Result<Collaborator, StoreError> {
        Ok(Collaborator {
            id: CollaboratorId(self.id),
            name: FullName::from_trusted(self.full_name),
            email: Email::from_trusted(self.email),
            department: parse_department(&self.department)?,
            created_at: self.created_at,
            updated_at: self.updated_at,
            deactivated_at: self.deactivated_at,
        })
    }
}

fn parse_department(stored: &str) -> Result<Department, StoreError> {
    // The column has a CHECK constraint; a bad value means the database was
    // edited by hand, which is a corruption to report, not to guess around.
    stored.parse().map_err(|_| {
        StoreError::Database(diesel::result::Error::DeserializationError(
            format!("unknown department {stored:?} in collaborators").into(),
        ))
    })
}

/// A new account, already validated, its password already hashed.
pub struct NewAccount<'a> {
    pub name: &'a FullName,
    pub email: &'a Email,
    pub department: Department,
    pub password_hash: &'a str,
}

#[derive(Insertable)]
#[diesel(table_name = collaborators)]
struct InsertRow<'a> {
    full_name: &'a str,
    email: &'a str,
    department: &'a str,
    password_hash: &'a str,
    #[diesel(serialize_as = At)]
    created_at: NaiveDateTime,
    #[diesel(serialize_as = At)]
    updated_at: NaiveDateTime,
}

pub(crate) fn insert_row(
    conn: &mut DbConnection,
    account: &NewAccount<'_>,
    now: NaiveDateTime,
) -> Result<Collaborator, StoreError> {
    diesel::insert_into(collaborators::table)
        .values(InsertRow {
            full_name: account.name.as_str(),
            email: account.email.as_str(),
            department: account.department.as_str(),
            password_hash: account.password_hash,
            created_at: now,
            updated_at: now,
        })
        .execute(conn)
        .map_err(unique_as("email"))?;
    let id = crate::raw::last_insert_id(conn)?;
    get(conn, CollaboratorId(id))?.ok_or(StoreError::Database(diesel::result::Error::NotFound))
}

pub fn get(
    conn: &mut DbConnection,
    id: CollaboratorId,
) -> Result<Option<Collaborator>, StoreError> {
    collaborators::table
        .find(id.0)
        .select(Row::as_select())
        .first(conn)
        .optional()?
        .map(Row::into_domain)
        .transpose()
}

pub fn list(
    conn: &mut DbConnection,
    department: Option<Department>,
    page: Page,
) -> Result<Listing<Collaborator>, StoreError> {
    use crate::records::{cursor_of, following, rows_to_read};
    let after = cursor_of!(
        conn,
        collaborators::table,
        collaborators::full_name,
        String,
        page.after
    )?;
    let mut query = following!(
        collaborators::table.select(Row::as_select()).into_boxed(),
        &after,
        collaborators::full_name,
        collaborators::id,
        asc
    )
    .order((collaborators::full_name.asc(), collaborators::id.asc()))
    .limit(rows_to_read(page))
    .offset(page.offset);
    if let Some(d) = department {
        query = query.filter(collaborators::department.eq(d.as_str()));
    }
    let items = query
        .load(conn)?
        .into_iter()
        .map(Row::into_domain)
        .collect::<Result<Vec<_>, _>>()?;
    // A handful of people: the count is exact whatever the limit.
    Ok(crate::records::listing(items, page, |_| {
        counted(conn, department)
    })?)
}

pub fn count(conn: &mut DbConnection, department: Option<Department>) -> Result<i64, StoreError> {
    Ok(counted(conn, department)?)
}

fn counted(conn: &mut DbConnection, department: Option<Department>) -> QueryResult<i64> {
    let mut query = collaborators::table.count().into_boxed();
    if let Some(d) = department {
        query = query.filter(collaborators::department.eq(d.as_str()));
    }
    query.get_result(conn)
}

pub fn insert(
    conn: &mut DbConnection,
    _permit: &Permit<act::CollaboratorCreate>,
    account: &NewAccount<'_>,
    now: NaiveDateTime,
) -> Result<Collaborator, StoreError> {
    insert_row(conn, account, now)
}

/// Field changes; `None` leaves a field as it is.
#[derive(Default, AsChangeset)]
#[diesel(table_name = collaborators)]
pub struct Changes<'a> {
    pub full_name: Option<&'a str>,
    pub email: Option<&'a str>,
    pub department: Option<&'a str>,
    pub updated_at: Option<At>,
}

pub fn update(
    conn: &mut DbConnection,
    permit: &Permit<act::CollaboratorUpdate>,
    changes: Changes<'_>,
) -> Result<Collaborator, StoreError> {
    let id = permit.record();
    diesel::update(collaborators::table.find(id))
        .set(changes)
        .execute(conn)
        .map_err(unique_as("email"))?;
    get(conn, CollaboratorId(id))?.ok_or(StoreError::Database(diesel::result::Error::NotFound))
}

pub fn set_password_hash(
    conn: &mut DbConnection,
    permit: &Permit<act::CollaboratorSetPassword>,
    hash: &str,
    now: NaiveDateTime,
) -> Result<(), StoreError> {
    let id = permit.record();
    diesel::update(collaborators::table.find(id))
        .set((
            collaborators::password_hash.eq(hash),
            collaborators::updated_at.eq(At(now)),
        ))
        .execute(conn)?;
    forget_failed_logins(conn, id)?;
    Ok(())
}

/// Lets a collaborator try their password again from everywhere, however
/// many failures were counted. Returns whether any were.
pub fn unlock(
    conn: &mut DbConnection,
    permit: &Permit<act::CollaboratorUnlock>,
) -> Result<bool, StoreError> {
    forget_failed_logins(conn, permit.record())
}

fn forget_failed_logins(conn: &mut DbConnection, id: i32) -> Result<bool, StoreError> {
    use crate::schema::login_attempts as la;
    let email: String = collaborators::table
        .find(id)
        .select(collaborators::email)
        .first(conn)?;
    let subject = crate::unguarded::logins::subject(&email);
    let failures: i64 = la::table
        .filter(la::subject.eq(&subject).and(la::attempts.gt(0)))
        .count()
        .get_result(conn)?;
    diesel::delete(la::table.filter(la::subject.eq(&subject))).execute(conn)?;
    Ok(failures > 0)
}

pub fn delete(
    conn: &mut DbConnection,
    permit: &Permit<act::CollaboratorDelete>,
) -> Result<(), StoreError> {
    use super::schema::sessions;
    let id = permit.record();
    // Its sessions first, by a statement of their own: MariaDB fires no
    // trigger for a foreign key's cascade, and the trigger is what tells
    // their holders that they ended.
    diesel::delete(sessions::table.filter(sessions::collaborator_id.eq(id))).execute(conn)?;
    diesel::delete(collaborators::table.find(id)).execute(conn)?;
    Ok(())
}

/// Whether a collaborator changed anything (a client, contract, event or
/// account): then their account is deactivated rather than deleted, so
/// that the trail keeps who they were.
pub fn has_history(conn: &mut DbConnection, id: CollaboratorId) -> Result<bool, StoreError> {
    use super::schema::audit_log;
    Ok(diesel::select(diesel::dsl::exists(
        audit_log::table
            .filter(audit_log::actor_id.eq(id.0))
            .filter(audit_log::outcome.eq("ok"))
            .filter(audit_log::record.is_not_null()),
    ))
    .get_result(conn)?)
}

/// Deactivates an account instead of deleting it: it can no longer log
/// in, and every session it has ends now.
pub fn deactivate(
    conn: &mut DbConnection,
    permit: &Permit<act::CollaboratorDelete>,
    now: NaiveDateTime,
) -> Result<(), StoreError> {
    use super::schema::sessions;
    let id = permit.record();
    diesel::update(collaborators::table.find(id))
        .set(collaborators::deactivated_at.eq(Some(At(now))))
        .execute(conn)?;
    diesel::delete(sessions::table.filter(sessions::collaborator_id.eq(id))).execute(conn)?;
    Ok(())
}

pub fn reactivate(
    conn: &mut DbConnection,
    permit: &Permit<act::CollaboratorReactivate>,
) -> Result<(), StoreError> {
    diesel::update(collaborators::table.find(permit.record()))
        .set(collaborators::deactivated_at.eq(None::<At>))
        .execute(conn)?;
    Ok(())
}

/// How many password checks one e-mail address gets from one source, per
/// window. Past that, attempts are refused until the window ends.
#[derive(Debug, Clone, Copy)]
pub struct Lockout {
    pub threshold: i32,
    pub window: chrono::Duration,
}

/// What a collaborator is still responsible for, by record id.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Responsibilities {
    pub clients: Vec<i32>,
    pub events: Vec<i32>,
}

impl Responsibilities {
    pub fn is_empty(&self) -> bool {
        self.clients.is_empty() && self.events.is_empty()
    }
}

pub fn responsibilities(
    conn: &mut DbConnection,
    id: CollaboratorId,
) -> Result<Responsibilities, StoreError> {
    let clients = clients::table
        .filter(clients::sales_contact_id.eq(id.0))
        .select(clients::id)
        .order(clients::id)
        .load(conn)?;
    let events = events::table
        .filter(events::support_contact_id.eq(id.0))
        .select(events::id)
        .order(events::id)
        .load(conn)?;
    Ok(Responsibilities { clients, events })
}
