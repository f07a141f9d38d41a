//! The e-mail queue: a copy of each notification for its recipient, when
//! the server has an SMTP relay. Queued in the notification's transaction;
//! the mailer claims a due message for a while before sending it and marks
//! it sent after, so that a crash or a relay that is down loses nothing.

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;

use super::schema::outbox;
use super::{At, DbConnection, StoreError};

/// A message to queue.
pub struct NewMail<'a> {
    pub recipient: &'a str,
    pub subject: &'a str,
    pub body: &'a str,
}

pub fn enqueue(
    conn: &mut DbConnection,
    mail: &NewMail<'_>,
    now: NaiveDateTime,
) -> Result<(), StoreError> {
    diesel::insert_into(outbox::table)
        .values((
            outbox::recipient.eq(mail.recipient),
            outbox::subject.eq(mail.subject),
            outbox::body.eq(mail.body),
            outbox::queued_at.eq(At(now)),
            outbox::next_attempt_at.eq(At(now)),
        ))
        .execute(conn)?;
    Ok(())
}

/// A queued message, claimed for sending.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = outbox)]
pub struct Mail {
    pub id: i32,
    pub recipient: String,
    pub subject: String,
    pub body: String,
    pub attempts: i32,
    pub queued_at: NaiveDateTime,
}

/// Claims the oldest message due at `now` until `now + lease`: nobody else
/// takes it meanwhile, and if the claimer dies it is due again after.
/// `None` when nothing is due (or another mailer took it first).
pub fn claim(
    conn: &mut DbConnection,
    now: NaiveDateTime,
    lease: Duration,
) -> Result<Option<Mail>, StoreError> {
    let due = outbox::table
        .filter(outbox::sent_at.is_null())
        .filter(outbox::next_attempt_at.le(At(now)))
        .order(outbox::id)
        .select(Mail::as_select())
        .first(conn)
        .optional()?;
    let Some(mail) = due else { return Ok(None) };
    let taken = diesel::update(
        outbox::table
            .find(mail.id)
            .filter(outbox::sent_at.is_null())
            .filter(outbox::next_attempt_at.le(At(now))),
    )
    .set(outbox::next_attempt_at.eq(At(now + lease)))
    .execute(conn)?;
    Ok((taken == 1).then_some(mail))
}

pub fn sent(conn: &mut DbConnection, id: i32, now: NaiveDateTime) -> Result<(), StoreError> {
    diesel::update(outbox::table.find(id))
        .set((
            outbox::sent_at.eq(Some(At(now))),
            outbox::attempts.eq(outbox::attempts + 1),
            outbox::last_error.eq(None::<String>),
        ))
        .execute(conn)?;
    Ok(())
}

/// Records a failed attempt; the message is due again at `retry`.
pub fn failed(
    conn: &mut DbConnection,
    id: i32,
    retry: NaiveDateTime,
    error: &str,
) -> Result<(), StoreError> {
    diesel::update(outbox::table.find(id))
        .set((
            outbox::attempts.eq(outbox::attempts + 1),
            outbox::next_attempt_at.eq(At(retry)),
            outbox::last_error.eq(Some(error)),
        ))
        .execute(conn)?;
    Ok(())
}
