//! What a change did to a record, field by field: the audit trail keeps
//! these as data (field, old value, new value), so that they can be shown
//! in any form and exported, rather than as prose.

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use crate::{Client, Collaborator, Contact, Contract, Event};

/// A field's value, typed so that a reader can show it as users see it:
/// an amount with its decimals, a time in the reader's zone, a contact by
/// name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum Shown {
    /// No value (no contact, say).
    Nothing,
    Text(String),
    /// An amount, in cents.
    Money(i64),
    /// A UTC time (RFC 3339).
    Time(Utc),
    Count(i64),
    Flag(bool),
    /// A collaborator, with their name as it was then.
    Contact {
        id: i32,
        name: String,
    },
}

/// A UTC time, as RFC 3339 text on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Utc(#[serde(with = "crate::time::rfc3339")] pub NaiveDateTime);

#[cfg(feature = "openapi")]
impl utoipa::PartialSchema for Utc {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::schema::ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::Type::String)
            .format(Some(utoipa::openapi::SchemaFormat::KnownFormat(
                utoipa::openapi::KnownFormat::DateTime,
            )))
            .description(Some("A UTC time"))
            .into()
    }
}

#[cfg(feature = "openapi")]
impl utoipa::ToSchema for Utc {}

impl From<Option<&Contact>> for Shown {
    fn from(contact: Option<&Contact>) -> Self {
        match contact {
            Some(c) => Shown::Contact {
                id: c.id.0,
                name: c.name.to_string(),
            },
            None => Shown::Nothing,
        }
    }
}

/// One field's change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Change {
    pub field: String,
    pub old: Shown,
    pub new: Shown,
}

/// The changes between two versions of a record, in the record's field
/// order; a field that did not change is not listed.
pub trait Changes {
    fn changes(before: &Self, after: &Self) -> Vec<Change>;
}

/// Collects the fields whose values differ.
#[derive(Default)]
struct Diff(Vec<Change>);

impl Diff {
    fn field(mut self, field: &str, old: Shown, new: Shown) -> Self {
        if old != new {
            self.0.push(Change {
                field: field.to_owned(),
                old,
                new,
            });
        }
        self
    }

    /// Archived or live, as a yes/no.
    fn archived(self, before: Option<NaiveDateTime>, after: Option<NaiveDateTime>) -> Self {
        self.field(
            "archived",
            Shown::Flag(before.is_some()),
            Shown::Flag(after.is_some()),
        )
    }

    fn text(self, field: &str, old: &impl ToString, new: &impl ToString) -> Self {
        self.field(
            field,
            Shown::Text(old.to_string()),
            Shown::Text(new.to_string()),
        )
    }
}

impl Changes for Client {
    fn changes(before: &Self, after: &Self) -> Vec<Change> {
        Diff::default()
            .text("name", &before.name, &after.name)
            .text("email", &before.email, &after.email)
            .text("phone", &before.phone, &after.phone)
            .text("company", &before.company, &after.company)
            .field(
                "sales_contact",
                before.sales_contact.as_ref().into(),
                after.sales_contact.as_ref().into(),
            )
            .archived(before.archived_at, after.archived_at)
            .0
    }
}

impl Changes for Contract {
    fn changes(before: &Self, after: &Self) -> Vec<Change> {
        // Amounts nobody has given yet are shown as nothing, not zero.
        let amount = |c: &Contract, m: crate::Money| {
            if c.amounts_known {
                Shown::Money(m.cents())
            } else {
                Shown::Nothing
            }
        };
        Diff::default()
            .field(
                "total",
                amount(before, before.total),
                amount(after, after.total),
            )
            .field("due", amount(before, before.due), amount(after, after.due))
            .field(
                "signed",
                Shown::Flag(before.signed),
                Shown::Flag(after.signed),
            )
            .archived(before.archived_at, after.archived_at)
            .0
    }
}

impl Changes for Event {
    fn changes(before: &Self, after: &Self) -> Vec<Change> {
        Diff::default()
            .text("name", &before.name, &after.name)
            .field(
                "start",
                Shown::Time(Utc(before.starts_at)),
                Shown::Time(Utc(after.starts_at)),
            )
            .field(
                "end",
                Shown::Time(Utc(before.ends_at)),
                Shown::Time(Utc(after.ends_at)),
            )
            .field(
                "support_contact",
                before.support_contact.as_ref().into(),
                after.support_contact.as_ref().into(),
            )
            .text("location", &before.location, &after.location)
            .field(
                "attendees",
                Shown::Count(before.attendees.get().into()),
                Shown::Count(after.attendees.get().into()),
            )
            .text("notes", &before.notes, &after.notes)
            .archived(before.archived_at, after.archived_at)
            .0
    }
}

impl Changes for Collaborator {
    fn changes(before: &Self, after: &Self) -> Vec<Change> {
        Diff::default()
            .text("name", &before.name, &after.name)
            .text("email", &before.email, &after.email)
            .text("department", &before.department, &after.department)
            .0
    }
}

/// The kinds of record that have a history.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Client,
    Contract,
    Event,
    Collaborator,
}

impl Kind {
    /// How the trail names it (the first part of its actions' keys).
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Client => "client",
            Kind::Contract => "contract",
            Kind::Event => "event",
            Kind::Collaborator => "collaborator",
        }
    }
}

/// Who made a change, as they are now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Author {
    pub id: i32,
    pub name: String,
    pub department: String,
}

impl Author {
    /// The author as the store reads them: an id, and (name, department)
    /// unless the account is gone since.
    pub fn of(id: Option<i32>, found: Option<(String, String)>) -> Option<Self> {
        id.zip(found).map(|(id, (name, department))| Author {
            id,
            name,
            department,
        })
    }
}

/// One step of a record's story.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Step {
    #[serde(with = "crate::time::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub at: NaiveDateTime,
    /// None for the installation itself, or an account deleted since.
    pub actor: Option<Author>,
    /// The action's key: `event.assign`, `contract.sign`, …
    pub action: String,
    /// The fields it changed; empty for a creation.
    pub changes: Vec<Change>,
    /// What the trail says in words (a creation's terms, an import's
    /// cell), for steps that changed no field one by one.
    pub detail: Option<String>,
}

/// "event.assign" → "assigned", for an action read back from the trail,
/// which holds logins and the first account beside the policy's actions.
pub fn verb(action: &str) -> &str {
    match (crate::policy::Action::from_key(action), action) {
        (Some(known), _) => known.done(),
        (None, "session.login") => "logged in",
        (None, "setup.account") => "created",
        (None, other) => other,
    }
}

/// An entry of the whole trail: a change, a refusal or a login, newest
/// first in a listing (management's).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Entry {
    /// Its place in the trail; later entries have larger ids.
    pub id: i32,
    #[serde(flatten)]
    pub step: Step,
    /// `ok`, `denied` (refused by the policy) or `failed` (a login, say).
    pub outcome: String,
    /// The kind of record changed, if the entry changed one.
    pub record: Option<Kind>,
    /// The record's id, or the e-mail a login was tried with.
    pub subject: Option<String>,
}

impl Kind {
    /// The kind named by the trail's `record` column.
    pub fn parse(name: &str) -> Option<Self> {
        [
            Kind::Client,
            Kind::Contract,
            Kind::Event,
            Kind::Collaborator,
        ]
        .into_iter()
        .find(|k| k.as_str() == name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_travel_as_tagged_json() {
        let change = Change {
            field: "support_contact".into(),
            old: Shown::Contact {
                id: 3,
                name: "Kate Hastroff".into(),
            },
            new: Shown::Nothing,
        };
        let json = serde_json::to_string(&change).unwrap();
        assert_eq!(
            json,
            r#"{"field":"support_contact","old":{"kind":"contact","value":{"id":3,"name":"Kate Hastroff"}},"new":{"kind":"nothing"}}"#
        );
        assert_eq!(serde_json::from_str::<Change>(&json).unwrap(), change);
        let at = chrono::NaiveDate::from_ymd_opt(2027, 6, 4)
            .unwrap()
            .and_hms_opt(13, 0, 0)
            .unwrap();
        let time = serde_json::to_string(&Shown::Time(Utc(at))).unwrap();
        assert_eq!(time, r#"{"kind":"time","value":"2027-06-04T13:00:00Z"}"#);
        assert_eq!(
            serde_json::from_str::<Shown>(&time).unwrap(),
            Shown::Time(Utc(at))
        );
    }
}
