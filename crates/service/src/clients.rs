//! Clients: sales find them and keep their records; management moves them
//! between sales reps; everyone reads them.

use epicevents_api::{ClientChanges, ClientQuery, NewClient};
use epicevents_domain::history::{Changes as _, Kind};

use super::notify::{Notice, notify};
use super::records::Archivable as _;
use super::records::{assignee, check, existing, fresh, handover, live, page, parsed};
use super::{Conflict, Listing, ServiceError, Services, SessionToken, Updated, record_change};
use chrono::NaiveDateTime;
use epicevents_domain::policy::{Action, act};
use epicevents_domain::{
    Client, CollaboratorId, CompanyName, Department, Email, FullName, Phone, ValidationError,
    search_term,
};
use epicevents_store::DbConnection;
use epicevents_store::access::{Actor, Permit};
use epicevents_store::clients::{self as rows, Changes, Filter, NewClient as NewRow};
use epicevents_telemetry as telemetry;

impl Services {
    pub fn list_clients(
        &self,
        token: Option<&SessionToken>,
        query: &ClientQuery,
    ) -> Result<Listing<Client>, ServiceError> {
        self.read_as(token, None, |c, actor| {
            actor.permit::<act::ClientList>()?;
            let filter = Filter {
                archived: Some(query.archived),
                sales_contact: query.mine.then(|| actor.id()),
                search: query.search.as_deref().map(search_term).transpose()?,
                reverse: query.reverse,
            };
            let page = page(query.limit, query.offset, query.after)?;
            Ok(rows::list(c, &filter, page)?)
        })
    }

    pub fn show_client(
        &self,
        token: Option<&SessionToken>,
        id: i32,
    ) -> Result<Client, ServiceError> {
        self.show::<act::ClientShow, _>(token, id, rows::get)
    }

    /// Creates a client owned by the sales rep who creates it.
    pub fn create_client(
        &self,
        token: Option<&SessionToken>,
        input: NewClient,
    ) -> Result<Client, ServiceError> {
        let actor = self.authenticate(token)?;
        let permit = self.authorize::<act::ClientCreate>(&actor)?;
        let name: FullName = input.name.parse()?;
        let email: Email = input.email.parse()?;
        let phone = Phone::parse_in(&input.phone, self.config.phone_region)?;
        let company: CompanyName = input.company.parse()?;
        let now = self.now();
        let client = self.write_acting(&actor, |c| -> Result<_, ServiceError> {
            if !input.allow_duplicate
                && let Some((id, name)) = rows::with_email(c, &email)?
            {
                return Err(Conflict::DuplicateClient {
                    email: email.to_string(),
                    id,
                    name,
                }
                .into());
            }
            let new = NewRow {
                name: &name,
                email: &email,
                phone: &phone,
                company: &company,
                sales_contact: actor.id(),
                created_at: now,
            };
            let id = rows::insert(c, &permit, &new)?;
            record_change(c, now, &actor, Action::ClientCreate, id.0, None, &[])?;
            existing(rows::get(c, id.0)?, id.0)
        })?;
        telemetry::record_change(Action::ClientCreate.key(), client.id.0);
        Ok(client)
    }

    /// Changes a client's details (its sales rep) and/or its sales contact
    /// (management): each part needs its own right, and all happen or none.
    pub fn update_client(
        &self,
        token: Option<&SessionToken>,
        id: i32,
        input: ClientChanges,
    ) -> Result<Updated<Client>, ServiceError> {
        let actor = self.authenticate(token)?;
        if !input.touches_fields() && input.sales_contact.is_none() {
            return Err(ValidationError::new(
                "update",
                "give at least one of name, email, phone, company, sales_contact",
            )
            .into());
        }
        let now = self.now();
        let client = self.write_as(&actor, Some(id), |c| -> Result<_, ServiceError> {
            let found = rows::get(c, id)?;
            let edit = input
                .touches_fields()
                .then(|| check::<act::ClientUpdate, _>(&actor, found.as_ref(), id))
                .transpose()?;
            let reassign = input
                .sales_contact
                .map(|to| {
                    check::<act::ClientReassign, _>(&actor, found.as_ref(), id).map(|p| (p, to))
                })
                .transpose()?;
            let before = live(existing(found, id)?, id)?;
            fresh::<Client>(input.if_version, id, before.version, || {
                let owner = before
                    .sales_contact
                    .as_ref()
                    .map_or("nobody".into(), |c| c.name.to_string());
                format!(
                    "{}, {}, {}, {}, sales contact {owner}",
                    before.name, before.email, before.phone, before.company
                )
            })?;
            // Only what differs from the record counts as a change.
            let name = parsed::<FullName>(input.name.as_ref())?.filter(|v| v != &before.name);
            let email = parsed::<Email>(input.email.as_ref())?.filter(|v| v != &before.email);
            let region = self.config.phone_region;
            let phone = (input.phone.as_ref())
                .map(|p| Phone::parse_in(p, region))
                .transpose()?
                .filter(|v| v != &before.phone);
            let company =
                parsed::<CompanyName>(input.company.as_ref())?.filter(|v| v != &before.company);
            let edits = name.is_some() || email.is_some() || phone.is_some() || company.is_some();
            let current_owner = before.sales_contact.as_ref().map(|c| c.id.0);
            let reassign = reassign.filter(|(_, to)| Some(*to) != current_owner);
            if !edits && reassign.is_none() {
                return Ok(Updated {
                    record: before,
                    changed: false,
                });
            }
            let mut last = before.clone();
            if let (Some(permit), true) = (edit, edits) {
                let changes = Changes {
                    full_name: name.as_ref().map(FullName::as_str),
                    email: email.as_ref().map(Email::as_str),
                    phone: phone.as_ref().map(Phone::as_str),
                    company_name: company.as_ref().map(CompanyName::as_str),
                    updated_at: epicevents_store::At(now),
                };
                rows::update(c, &permit, &changes)?;
                let after = existing(rows::get(c, id)?, id)?;
                let changed = Client::changes(&last, &after);
                record_change(c, now, &actor, Action::ClientUpdate, id, None, &changed)?;
                last = after;
            }
            if let Some((permit, to)) = reassign {
                let to = assignee(c, to, Department::Sales, "sales_contact")?;
                last = self.hand_client(c, now, &actor, &permit, &last, to.id)?;
            }
            Ok(Updated {
                record: last,
                changed: true,
            })
        })?;
        if client.changed {
            telemetry::record_change(Action::ClientUpdate.key(), client.id.0);
        }
        Ok(client)
    }
}

impl Services {
    /// Writes a client's new sales contact, `to` (checked to be in sales),
    /// with the trail's entry; both sales reps are told: the client is now
    /// the other's. `last` is the client as it stands.
    pub(crate) fn hand_client(
        &self,
        c: &mut DbConnection,
        now: NaiveDateTime,
        actor: &Actor,
        permit: &Permit<act::ClientReassign>,
        last: &Client,
        to: CollaboratorId,
    ) -> Result<Client, ServiceError> {
        let id = last.id.0;
        rows::set_sales_contact(c, permit, to, now)?;
        let detail = handover("sales contact", last.sales_contact.as_ref(), Some(to));
        let after = existing(rows::get(c, id)?, id)?;
        let changed = Client::changes(last, &after);
        record_change(
            c,
            now,
            actor,
            Action::ClientReassign,
            id,
            Some(detail),
            &changed,
        )?;
        let about = after.about();
        let notice = Notice {
            action: Action::ClientReassign,
            record: Kind::Client,
            subject: id,
            about: &about,
        };
        let was = last.sales_contact.as_ref().map(|s| s.id);
        notify(c, self.telling(now), actor, &notice, [was, Some(to)])?;
        Ok(after)
    }
}
