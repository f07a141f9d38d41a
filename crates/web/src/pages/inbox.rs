//! The inbox: what others changed in this person's records. Reading the
//! page marks nothing (no GET changes anything); "Mark all as read" does.

use askama::Template;
use axum::extract::State;
use axum::response::Response;

use epicevents_domain::history::Kind;
use epicevents_domain::inbox::Notification;

use super::{Chrome, load, render};
use crate::session::Visit;
use crate::{Host, Web};

#[derive(Template)]
#[template(path = "inbox.html")]
struct InboxPage {
    c: Chrome,
    notifications: Vec<Notification>,
}

impl InboxPage {
    /// The page of the record a notification is about, if it has one.
    fn link(&self, n: &Notification) -> Option<String> {
        let noun = match n.record {
            Kind::Client => "clients",
            Kind::Contract => "contracts",
            Kind::Event => "events",
            Kind::Collaborator => return None,
        };
        Some(format!("/{noun}/{}", n.subject))
    }
}

pub async fn page<H: Host>(State(web): State<Web<H>>, visit: Visit) -> Response {
    match load(&web, visit, |s, token, _| s.peek_inbox(token, true)).await {
        Ok((c, notifications)) => render(&InboxPage { c, notifications }),
        Err(response) => response,
    }
}

pub async fn mark_read<H: Host>(State(web): State<Web<H>>, visit: Visit) -> Response {
    let outcome = load(&web, visit, |s, token, _| s.inbox(token, false)).await;
    super::then_to(outcome, "/inbox")
}
