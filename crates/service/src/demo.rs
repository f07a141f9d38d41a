//! The brief's examples, loaded by `init --demo` in the same transaction as
//! the demo accounts: a client per sheet, their contracts and two events,
//! with the support team's numbers for them (so that importing the team's
//! sheet finds them instead of creating them again).
//!
//! Written without permits, like the first accounts: there is nobody to hold
//! one yet, and it only runs on a database that has no client at all.

use chrono::{DateTime, NaiveDateTime};

use super::{Conflict, ServiceError};
use epicevents_domain::{Attendees, Collaborator, CollaboratorId, Money};
use epicevents_store::unguarded::setup;
use epicevents_store::{DbConnection, clients, contracts, events};

struct DemoClient {
    name: &'static str,
    email: &'static str,
    phone: &'static str,
    company: &'static str,
    first_contact: &'static str,
    last_contact: &'static str,
    /// Total and due, in cents; signed.
    contract: (i64, i64, bool),
    /// The support team's number for the contract, in their sheet.
    contract_ref: Option<&'static str>,
    event: Option<DemoEvent>,
}

struct DemoEvent {
    /// The support team's number for the event, in their sheet.
    sheet_ref: &'static str,
    name: &'static str,
    starts: &'static str,
    ends: &'static str,
    support: &'static str,
    location: &'static str,
    attendees: i32,
    notes: &'static str,
}

const CLIENTS: [DemoClient; 3] = [
    DemoClient {
        name: "Kevin Casey",
        email: "kevin@startup.io",
        phone: "+678 123 456 78",
        company: "Cool Startup LLC",
        first_contact: "2021-04-18T10:00:00+02:00",
        last_contact: "2023-03-29T16:00:00+02:00",
        // Drawn up, not yet signed: the next step of the workflow.
        contract: (1_250_000, 1_250_000, false),
        contract_ref: None,
        event: None,
    },
    DemoClient {
        name: "John Ouick",
        email: "john.ouick@gmail.com",
        phone: "+1 234 567 8901",
        company: "Private client",
        first_contact: "2022-11-02T11:00:00+01:00",
        last_contact: "2023-05-20T09:30:00+02:00",
        contract: (2_400_000, 600_000, true),
        contract_ref: Some("652"),
        event: Some(DemoEvent {
            sheet_ref: "109",
            name: "John Ouick Wedding",
            starts: "2023-06-04T13:00:00+02:00",
            ends: "2023-06-05T02:00:00+02:00",
            support: "Kate Hastroff",
            location: "53 Rue du Château, 41120 Candé-sur-Beuvron, France",
            attendees: 75,
            notes: "Wedding starts at 3PM, by the river. Catering is organized, reception starts at 5PM. Kate needs to organize the DJ for after party.",
        }),
    },
    DemoClient {
        name: "Jacky Blangier",
        email: "jacky@loubouzin.grd",
        phone: "+ 666 12345",
        company: "Lou Bouzin",
        first_contact: "2023-01-09T14:00:00+01:00",
        last_contact: "2023-04-12T10:00:00+02:00",
        contract: (850_000, 0, true),
        contract_ref: Some("412"),
        event: Some(DemoEvent {
            sheet_ref: "1023",
            name: "Lou Bouzin General Assembly",
            starts: "2023-05-05T15:00:00+02:00",
            ends: "2023-05-05T17:00:00+02:00",
            support: "Aliénor Vichum",
            location: "Salle des fêtes de Mufflins",
            attendees: 200,
            notes: "Assemblée générale des actionnaires (~200 personnes).",
        }),
    },
];

/// The sales rep who owns every demo client.
const SALES: &str = "Bill Boquet";

#[allow(clippy::expect_used, reason = "constant demo times")]
fn at(s: &str) -> NaiveDateTime {
    DateTime::parse_from_rfc3339(s)
        .expect("demo times are valid RFC 3339")
        .naive_utc()
}

fn staff(accounts: &[Collaborator], name: &str) -> Result<CollaboratorId, ServiceError> {
    accounts
        .iter()
        .find(|a| a.name.as_str() == name)
        .map(|a| a.id)
        .ok_or_else(|| ServiceError::Internal(format!("demo account {name} is missing")))
}

/// Loads the examples; refuses if any client exists.
pub(super) fn load(
    c: &mut DbConnection,
    accounts: &[Collaborator],
    now: NaiveDateTime,
) -> Result<(), ServiceError> {
    if clients::count(c)? > 0 {
        return Err(Conflict::DemoNeedsEmptyDatabase.into());
    }
    let sales = staff(accounts, SALES)?;
    for demo in &CLIENTS {
        let client = setup::client(
            c,
            &clients::NewClient {
                name: &demo.name.parse()?,
                email: &demo.email.parse()?,
                phone: &demo.phone.parse()?,
                company: &demo.company.parse()?,
                sales_contact: sales,
                created_at: at(demo.first_contact),
            },
            at(demo.last_contact),
        )?;
        let (total, due, signed) = demo.contract;
        let contract = setup::contract(
            c,
            &contracts::NewContract {
                client,
                total: Money::from_cents(total)?,
                due: Money::from_cents(due)?,
                signed,
                created_at: at(demo.last_contact),
                amounts_known: true,
                external_ref: demo.contract_ref.map(str::to_owned),
            },
        )?;
        if let Some(event) = &demo.event {
            let details = events::Details {
                name: &event.name.parse()?,
                starts_at: at(event.starts),
                ends_at: at(event.ends),
                location: &event.location.parse()?,
                attendees: event.attendees.to_string().parse::<Attendees>()?,
                notes: &event.notes.parse()?,
            };
            let support = staff(accounts, event.support)?;
            setup::event(
                c,
                contract,
                &details,
                Some(support),
                Some(event.sheet_ref),
                now,
            )?;
        }
    }
    Ok(())
}
