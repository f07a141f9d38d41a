//! Changing a client, a contract or an event from its page: one flow for
//! all three. The form is offered only to whom the policy lets change the
//! record, opened on the record's version; a problem is shown beside its
//! field in the rules' own words, nothing saved; an edit based on a
//! version someone changed since is shown again with what the record holds
//! now under each field, never written over it.

use axum::Form;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde::de::DeserializeOwned;

use epicevents_api::{ApiError, ClientChanges, ContractChanges, EventChanges, SessionToken};
use epicevents_domain::policy::{Action, Owned};
use epicevents_domain::{Client, Collaborator, Contract, Event};
use epicevents_service::{ServiceError, Services};

use super::forms::{Field, Frame, client_fields, event_fields, field, kept, page, ticked, times};
use super::{allowed_on, load};
use crate::i18n::Tr;
use crate::session::Visit;
use crate::{Host, Web};

/// A record's edit form: what it holds as typed, and how it is saved.
pub trait Edit: DeserializeOwned + Send + 'static {
    type Record: Owned + Send + 'static;
    /// The records' path: `/clients`.
    const PATH: &'static str;
    /// The policy's action for the change.
    const ACTION: Action;
    /// The form's title, from the catalogue.
    const TITLE: &'static str;

    fn show(
        s: &Services,
        token: Option<&SessionToken>,
        id: i32,
    ) -> Result<Self::Record, ServiceError>;
    /// Refuses, before the form is shown, whom a change would be refused.
    fn allowed(
        s: &Services,
        token: Option<&SessionToken>,
        me: &Collaborator,
        record: &Self::Record,
    ) -> Result<(), ServiceError> {
        let _ = (s, token);
        allowed_on(me, Self::ACTION, record)
    }
    /// The form as the record fills it.
    fn of(t: &Tr, record: &Self::Record) -> Self;
    /// The version the form was opened on, for records that keep one.
    fn version(&self) -> Option<i32>;
    fn fields(&self, t: &Tr) -> Vec<Field>;
    /// Saves what was sent: `Ok(Err)` for a problem with it (a time that is
    /// no time, or one the rules refuse).
    fn save(
        self,
        t: &Tr,
        s: &Services,
        token: Option<&SessionToken>,
        id: i32,
    ) -> Result<Result<(), ApiError>, ServiceError>;
}

fn frame<E: Edit>(t: &Tr, id: i32, version: Option<i32>) -> Frame {
    Frame {
        title: t.t(E::TITLE),
        action: format!("{}/{id}/edit", E::PATH),
        back: format!("{}/{id}", E::PATH),
        version,
    }
}

pub async fn form<H: Host, E: Edit>(
    State(web): State<Web<H>>,
    visit: Visit,
    Path(id): Path<i32>,
) -> Response {
    let found = load(&web, visit, move |s, token, me| {
        let record = E::show(s, token, id)?;
        E::allowed(s, token, me, &record)?;
        Ok(record)
    })
    .await;
    match found {
        Ok((c, record)) => {
            let form = E::of(&c.t, &record);
            let frame = frame::<E>(&c.t, id, form.version());
            let fields = form.fields(&c.t);
            page(c, frame, fields, None)
        }
        Err(response) => response,
    }
}

pub async fn save<H: Host, E: Edit>(
    State(web): State<Web<H>>,
    visit: Visit,
    Path(id): Path<i32>,
    Form(sent): Form<E>,
) -> Response {
    let t = Tr::new(visit.lang, web.settings.zone);
    let outcome = load(&web, visit, move |s, token, _| {
        let fields = sent.fields(&t);
        let version = sent.version();
        match sent.save(&t, s, token, id)? {
            Ok(()) => Ok(Ok(())),
            // Only a stale version is shown with what the record holds
            // now; another conflict (an event support runs now) is its
            // message.
            Err(problem) if problem.code == "stale_version" => {
                let now = E::show(s, token, id)?;
                Ok(Err((problem, fields, version, Some(now))))
            }
            Err(problem) => Ok(Err((problem, fields, version, None))),
        }
    })
    .await;
    let (c, (problem, mut fields, mut version, now)) = match outcome {
        Ok((_, Ok(()))) => return Redirect::to(&format!("{}/{id}", E::PATH)).into_response(),
        Ok((c, Err(refused))) => (c, refused),
        Err(response) => return response,
    };
    if let Some(now) = now {
        let now = E::of(&c.t, &now);
        // Sent again, the form is an informed choice over what is there now.
        version = now.version();
        for (field, there) in fields.iter_mut().zip(now.fields(&c.t)) {
            // A box ticked for this change ("it took place already") is
            // no part of what the record holds.
            if field.value != there.value && field.kind != "checkbox" {
                field.now = Some(there.value);
            }
        }
    }
    let frame = frame::<E>(&c.t, id, version);
    page(c, frame, fields, Some(problem))
}

/// Only what is filled in: an empty amount is left as it is.
fn filled(text: String) -> Option<String> {
    Some(text).filter(|t| !t.trim().is_empty())
}

#[derive(serde::Deserialize)]
pub struct ClientEdit {
    name: String,
    email: String,
    phone: String,
    company: String,
    version: i32,
}

impl Edit for ClientEdit {
    type Record = Client;
    const PATH: &'static str = "/clients";
    const ACTION: Action = Action::ClientUpdate;
    const TITLE: &'static str = "client-edit";

    fn show(s: &Services, token: Option<&SessionToken>, id: i32) -> Result<Client, ServiceError> {
        s.show_client(token, id)
    }

    fn of(_: &Tr, client: &Client) -> Self {
        Self {
            name: client.name.to_string(),
            email: client.email.to_string(),
            phone: client.phone.to_string(),
            company: client.company.to_string(),
            version: client.version,
        }
    }

    fn version(&self) -> Option<i32> {
        Some(self.version)
    }

    fn fields(&self, t: &Tr) -> Vec<Field> {
        client_fields(t, [&self.name, &self.email, &self.phone, &self.company])
    }

    fn save(
        self,
        _: &Tr,
        s: &Services,
        token: Option<&SessionToken>,
        id: i32,
    ) -> Result<Result<(), ApiError>, ServiceError> {
        let changes = ClientChanges {
            name: Some(self.name),
            email: Some(self.email),
            phone: Some(self.phone),
            company: Some(self.company),
            sales_contact: None,
            if_version: Some(self.version),
        };
        Ok(kept(s.update_client(token, id, changes))?.map(drop))
    }
}

#[derive(serde::Deserialize)]
pub struct ContractEdit {
    total: String,
    due: String,
    version: i32,
}

impl Edit for ContractEdit {
    type Record = Contract;
    const PATH: &'static str = "/contracts";
    const ACTION: Action = Action::ContractUpdate;
    const TITLE: &'static str = "contract-edit";

    fn show(s: &Services, token: Option<&SessionToken>, id: i32) -> Result<Contract, ServiceError> {
        s.show_contract(token, id)
    }

    /// Amounts as the rules read them back (`12 500.00`); none when the
    /// import did not know them.
    fn of(_: &Tr, contract: &Contract) -> Self {
        let amount = |m: &epicevents_domain::Money| {
            if contract.amounts_known {
                m.to_string()
            } else {
                String::new()
            }
        };
        Self {
            total: amount(&contract.total),
            due: amount(&contract.due),
            version: contract.version,
        }
    }

    fn version(&self) -> Option<i32> {
        Some(self.version)
    }

    fn fields(&self, t: &Tr) -> Vec<Field> {
        let mut due = field(t, "due", "text", &self.due, false);
        due.label = t.t("form-due-now");
        vec![field(t, "total", "text", &self.total, true), due]
    }

    fn save(
        self,
        _: &Tr,
        s: &Services,
        token: Option<&SessionToken>,
        id: i32,
    ) -> Result<Result<(), ApiError>, ServiceError> {
        let changes = ContractChanges {
            total: filled(self.total),
            due: filled(self.due),
            signed: None,
            if_version: Some(self.version),
        };
        Ok(kept(s.update_contract(token, id, changes))?.map(drop))
    }
}

#[derive(serde::Deserialize)]
pub struct EventEdit {
    name: String,
    starts_at: String,
    ends_at: String,
    location: String,
    attendees: String,
    #[serde(default)]
    notes: String,
    #[serde(default)]
    past: String,
    version: i32,
}

impl Edit for EventEdit {
    type Record = Event;
    const PATH: &'static str = "/events";
    const ACTION: Action = Action::EventUpdate;
    const TITLE: &'static str = "event-edit";

    fn show(s: &Services, token: Option<&SessionToken>, id: i32) -> Result<Event, ServiceError> {
        s.show_event(token, id)
    }

    /// Support's own events, or a sales rep's before support is assigned:
    /// the services say which.
    fn allowed(
        s: &Services,
        token: Option<&SessionToken>,
        _: &Collaborator,
        event: &Event,
    ) -> Result<(), ServiceError> {
        match s.event_change_refusal(token, event)? {
            Some(refused) => Err(refused),
            None => Ok(()),
        }
    }

    fn of(t: &Tr, event: &Event) -> Self {
        Self {
            name: event.name.to_string(),
            starts_at: t.local_input(&event.starts_at),
            ends_at: t.local_input(&event.ends_at),
            location: event.location.to_string(),
            attendees: event.attendees.to_string(),
            notes: event.notes.to_string(),
            past: String::new(),
            version: event.version,
        }
    }

    fn version(&self) -> Option<i32> {
        Some(self.version)
    }

    fn fields(&self, t: &Tr) -> Vec<Field> {
        event_fields(
            t,
            [
                &self.name,
                &self.starts_at,
                &self.ends_at,
                &self.location,
                &self.attendees,
                &self.notes,
                &self.past,
            ],
        )
    }

    fn save(
        self,
        t: &Tr,
        s: &Services,
        token: Option<&SessionToken>,
        id: i32,
    ) -> Result<Result<(), ApiError>, ServiceError> {
        let (starts_at, ends_at) = match times(t, &self.starts_at, &self.ends_at) {
            Ok(both) => both,
            Err(problem) => return Ok(Err(problem)),
        };
        let changes = EventChanges {
            name: Some(self.name),
            starts_at: Some(starts_at),
            ends_at: Some(ends_at),
            location: Some(self.location),
            attendees: Some(self.attendees),
            notes: Some(self.notes),
            if_version: Some(self.version),
            past: ticked(&self.past),
        };
        Ok(kept(s.update_event(token, id, changes))?.map(drop))
    }
}
