//! Notifications: the people concerned by a change someone else made are
//! told, in the change's own transaction; each reads their inbox, which
//! marks what it shows read.

use chrono::NaiveDateTime;
use epicevents_api::WhoAmI;

use epicevents_domain::history::{Author, Kind};
use epicevents_domain::inbox::Notification;
use epicevents_domain::policy::{Action, act};
use epicevents_domain::{CollaboratorId, Contract, Event};
use epicevents_store::access::Actor;
use epicevents_store::notifications::{self, New};
use epicevents_store::outbox::{self, NewMail};
use epicevents_store::{DbConnection, collaborators};

use super::records::Archivable as _;
use super::{ServiceError, Services, SessionToken};

/// The most an inbox shows at once, newest first.
const SHOWN: i64 = 200;

/// What a change tells: the action, and the record it was made to.
pub(crate) struct Notice<'a> {
    pub action: Action,
    pub record: Kind,
    pub subject: i32,
    pub about: &'a str,
}

/// When a change is made, and whether its notifications go by e-mail too.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Telling {
    pub now: NaiveDateTime,
    pub mail: bool,
}

impl Services {
    pub(crate) fn telling(&self, now: NaiveDateTime) -> Telling {
        Telling {
            now,
            mail: self.config.mail,
        }
    }
}

/// Writes `notice` to each of `to` but the actor (nobody is told what they
/// did themselves), once each; and queues its e-mail when the server has a
/// relay.
pub(crate) fn notify(
    c: &mut DbConnection,
    when: Telling,
    actor: &Actor,
    notice: &Notice<'_>,
    to: impl IntoIterator<Item = Option<CollaboratorId>>,
) -> Result<(), ServiceError> {
    let now = when.now;
    let mut recipients: Vec<CollaboratorId> = Vec::new();
    for who in to.into_iter().flatten() {
        if who != actor.id() && !recipients.contains(&who) {
            recipients.push(who);
        }
    }
    let rows: Vec<New<'_>> = recipients
        .iter()
        .map(|who| New {
            recipient_id: who.0,
            at: now,
            actor_id: Some(actor.id().0),
            action: notice.action.key(),
            record: notice.record.as_str(),
            subject: notice.subject,
            about: notice.about,
        })
        .collect();
    notifications::write(c, &rows)?;
    if when.mail {
        let who = actor.record();
        let line = format!(
            "{} {} {} #{} {}",
            who.name,
            notice.action.done(),
            notice.record.as_str(),
            notice.subject,
            notice.about
        );
        let body = format!(
            "{} ({}) {} {} #{} \"{}\" at {} UTC.\n\n\
             This message copies a notification in your Epic Events CRM inbox.\n",
            who.name,
            who.department,
            notice.action.done(),
            notice.record.as_str(),
            notice.subject,
            notice.about,
            now.format("%Y-%m-%d %H:%M"),
        );
        for recipient in &recipients {
            if let Some(to) = collaborators::get(c, *recipient)? {
                let mail = NewMail {
                    recipient: to.email.as_str(),
                    subject: &format!("Epic Events: {line}"),
                    body: &body,
                };
                outbox::enqueue(c, &mail, now)?;
                epicevents_telemetry::metrics::count(
                    epicevents_telemetry::metrics::Counter::MailQueued,
                );
            }
        }
    }
    Ok(())
}

impl Services {
    /// The actor's notifications, newest first: the unread ones (or with
    /// `all`, the read ones too), each marked read from now on.
    pub fn inbox(
        &self,
        token: Option<&SessionToken>,
        all: bool,
    ) -> Result<Vec<Notification>, ServiceError> {
        let actor = self.authenticate(token)?;
        let now = self.now();
        self.write_as(&actor, None, |c| -> Result<_, ServiceError> {
            actor.permit::<act::InboxRead>()?;
            let rows = notifications::inbox(c, actor.id(), all, SHOWN)?;
            let unread: Vec<i32> = rows
                .iter()
                .filter(|(r, _)| r.read_at.is_none())
                .map(|(r, _)| r.id)
                .collect();
            notifications::mark_read(c, actor.id(), &unread, now)?;
            Ok(shown(rows))
        })
    }

    /// The same list, marking nothing: what a page shows before its reader
    /// says they have read it (a page's GET changes nothing).
    pub fn peek_inbox(
        &self,
        token: Option<&SessionToken>,
        all: bool,
    ) -> Result<Vec<Notification>, ServiceError> {
        self.read_as(token, None, |c, actor| {
            actor.permit::<act::InboxRead>()?;
            Ok(shown(notifications::inbox(c, actor.id(), all, SHOWN)?))
        })
    }

    /// How many notifications the actor has not read.
    pub fn unread(&self, token: Option<&SessionToken>) -> Result<i64, ServiceError> {
        self.read_as(token, None, |c, actor| {
            actor.permit::<act::InboxRead>()?;
            Ok(notifications::unread(c, actor.id())?)
        })
    }

    /// Who is asking and their unread count, in one read: what a web
    /// page's header shows, where asking for each took a transaction (and
    /// a session check) of its own.
    pub fn visitor(&self, token: Option<&SessionToken>) -> Result<(WhoAmI, i64), ServiceError> {
        self.read_as(token, None, |c, actor| {
            actor.permit::<act::SessionWhoami>()?;
            actor.permit::<act::InboxRead>()?;
            let me = WhoAmI {
                collaborator: actor.record().clone(),
                session_expires_at: actor.session_expires_at(),
            };
            Ok((me, notifications::unread(c, actor.id())?))
        })
    }
}

/// Stored notifications as their reader sees them (a record of a kind
/// this version does not know is left out).
fn shown(rows: Vec<(notifications::Row, notifications::Author)>) -> Vec<Notification> {
    rows.into_iter()
        .filter_map(|(r, who)| {
            Some(Notification {
                id: r.id,
                at: r.at,
                actor: Author::of(r.actor_id, who),
                read: r.read_at.is_some(),
                record: Kind::parse(&r.record)?,
                action: r.action,
                subject: r.subject,
                about: r.about,
            })
        })
        .collect()
}

/// Tells `to` about a change to `event`.
pub(crate) fn about_event(
    c: &mut DbConnection,
    when: Telling,
    actor: &Actor,
    action: Action,
    event: &Event,
    to: impl IntoIterator<Item = Option<CollaboratorId>>,
) -> Result<(), ServiceError> {
    let notice = Notice {
        action,
        record: Kind::Event,
        subject: event.id.0,
        about: event.name.as_str(),
    };
    notify(c, when, actor, &notice, to)
}

/// Tells a contract's sales contact about a change someone else made to it.
pub(crate) fn about_contract(
    c: &mut DbConnection,
    when: Telling,
    actor: &Actor,
    action: Action,
    contract: &Contract,
) -> Result<(), ServiceError> {
    let about = contract.about();
    let notice = Notice {
        action,
        record: Kind::Contract,
        subject: contract.id.0,
        about: &about,
    };
    let seller = contract.sales_contact.as_ref().map(|s| s.id);
    notify(c, when, actor, &notice, [seller])
}
