//! The brief's records: clients, their contracts, and the events those pay for.
//!
//! Each record carries the names of the people it refers to, so that every
//! reader shows names, not bare ids.

use std::fmt;

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use super::{
    CollaboratorId, CompanyName, Email, EventName, FullName, Location, Money, Notes, Phone,
};

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        #[serde(transparent)]
        pub struct $name(pub i32);

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }
    };
}

id_type!(ClientId);
id_type!(ContractId);
id_type!(EventId);

/// A collaborator referred to by a record: enough to show and to reach them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Contact {
    pub id: CollaboratorId,
    pub name: FullName,
}

/// What one sales rep's clients still owe on their live contracts (no rep:
/// clients nobody has), in cents: a sum over many contracts may pass what
/// one contract's amount may be.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Owed {
    pub sales_contact: Option<Contact>,
    /// Contracts with something left to pay.
    pub contracts: i64,
    pub due_cents: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Client {
    pub id: ClientId,
    pub name: FullName,
    pub email: Email,
    pub phone: Phone,
    pub company: CompanyName,
    /// The sales collaborator who owns the client.
    pub sales_contact: Option<Contact>,
    /// First contact.
    #[serde(with = "super::time::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub created_at: NaiveDateTime,
    /// Last update or contact.
    #[serde(with = "super::time::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub updated_at: NaiveDateTime,
    /// One more with each change: what `--if-version` (`If-Match`) names.
    pub version: i32,
    /// When the record was archived (out of the default lists); none while
    /// it is live.
    #[serde(default, with = "super::time::rfc3339_option")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub archived_at: Option<NaiveDateTime>,
}

/// The client as contracts and events show it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ClientSummary {
    pub id: ClientId,
    pub name: FullName,
    pub email: Email,
    pub phone: Phone,
    pub company: CompanyName,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Contract {
    pub id: ContractId,
    pub client: ClientSummary,
    /// Always the client's sales contact: derived, never stored twice.
    pub sales_contact: Option<Contact>,
    #[serde(rename = "total_cents")]
    pub total: Money,
    #[serde(rename = "due_cents")]
    pub due: Money,
    /// False when nobody has given the amounts yet (a contract an import
    /// created): `total` and `due` then hold zero and mean nothing.
    pub amounts_known: bool,
    /// The support team's own number for the contract, from an imported sheet.
    pub external_ref: Option<String>,
    pub signed: bool,
    #[serde(with = "super::time::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub created_at: NaiveDateTime,
    #[serde(with = "super::time::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub updated_at: NaiveDateTime,
    /// One more with each change: what `--if-version` (`If-Match`) names.
    pub version: i32,
    /// When the record was archived (out of the default lists); none while
    /// it is live.
    #[serde(default, with = "super::time::rfc3339_option")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub archived_at: Option<NaiveDateTime>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Event {
    pub id: EventId,
    pub contract_id: ContractId,
    pub client: ClientSummary,
    pub name: EventName,
    #[serde(with = "super::time::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub starts_at: NaiveDateTime,
    #[serde(with = "super::time::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub ends_at: NaiveDateTime,
    /// The support collaborator who runs it, once management has assigned one.
    pub support_contact: Option<Contact>,
    pub location: Location,
    pub attendees: Attendees,
    pub notes: Notes,
    /// The support team's own number for the event, from an imported sheet.
    pub external_ref: Option<String>,
    /// The support team's own number for the event's contract.
    pub contract_external_ref: Option<String>,
    #[serde(with = "super::time::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub created_at: NaiveDateTime,
    #[serde(with = "super::time::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub updated_at: NaiveDateTime,
    /// One more with each change: what `--if-version` (`If-Match`) names.
    pub version: i32,
    /// When the record was archived (out of the default lists); none while
    /// it is live.
    #[serde(default, with = "super::time::rfc3339_option")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub archived_at: Option<NaiveDateTime>,
}

/// How many people are expected: a whole number, zero allowed (not yet known).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Attendees(i32);

#[cfg(feature = "openapi")]
impl utoipa::PartialSchema for Attendees {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        crate::wire::integer_schema("How many people are expected", 0, Attendees::MAX.into())
    }
}

#[cfg(feature = "openapi")]
impl utoipa::ToSchema for Attendees {}

impl Attendees {
    /// Far above any venue; keeps the value well inside the column's range.
    const MAX: i32 = 1_000_000;

    pub fn get(self) -> i32 {
        self.0
    }

    pub fn from_trusted(n: i32) -> Self {
        Self(n)
    }
}

impl std::str::FromStr for Attendees {
    type Err = super::ValidationError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let rule = || {
            super::ValidationError::new(
                "attendees",
                format!("must be a whole number from 0 to {}", Self::MAX),
            )
        };
        let s = s.trim();
        if s.is_empty() || !s.chars().all(|c| c.is_ascii_digit()) || s.len() > 9 {
            return Err(rule());
        }
        let n: i32 = s.parse().map_err(|_| rule())?;
        if n > Self::MAX {
            return Err(rule());
        }
        Ok(Self(n))
    }
}

impl fmt::Display for Attendees {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// An event's time span: the end comes after the start.
pub fn check_span(
    starts_at: NaiveDateTime,
    ends_at: NaiveDateTime,
) -> Result<(), super::ValidationError> {
    if ends_at <= starts_at {
        return Err(super::ValidationError::new(
            "end",
            "must be after the start",
        ));
    }
    if ends_at - starts_at > chrono::Duration::days(MAX_EVENT_DAYS) {
        return Err(super::ValidationError::new(
            "end",
            format!(
                "must be at most {MAX_EVENT_DAYS} days after the start (a longer event is several events)"
            ),
        ));
    }
    Ok(())
}

/// The longest an event lasts. Weddings, assemblies and off-site days last
/// hours or days; the bound lets "events not over yet" be read from the
/// start index from a month back, instead of from the first event ever.
pub const MAX_EVENT_DAYS: i64 = 31;

/// A contract's amounts: what is still due cannot exceed the total.
pub fn check_amounts(total: Money, due: Money) -> Result<(), super::ValidationError> {
    if due > total {
        return Err(super::ValidationError::new(
            "due",
            format!("must not exceed the total ({total})"),
        )
        .with_code("due_exceeds_total"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {

    #[test]
    fn an_event_lasts_a_month_at_most() {
        let start = chrono::NaiveDate::from_ymd_opt(2027, 3, 1)
            .and_then(|d| d.and_hms_opt(9, 0, 0))
            .unwrap();
        assert!(check_span(start, start + chrono::Duration::days(MAX_EVENT_DAYS)).is_ok());
        let long = check_span(
            start,
            start + chrono::Duration::days(MAX_EVENT_DAYS) + chrono::Duration::minutes(1),
        )
        .unwrap_err();
        assert_eq!(long.field, "end");
        assert!(
            long.rule.contains("at most 31 days after the start"),
            "{}",
            long.rule
        );
    }
    use super::*;

    #[test]
    fn attendees_are_whole_and_bounded() {
        assert_eq!("75".parse::<Attendees>().unwrap().get(), 75);
        assert_eq!(" 0 ".parse::<Attendees>().unwrap().get(), 0);
        for s in ["-1", "1.5", "lots", "", "1000001", "99999999999999", "+3"] {
            assert_eq!(
                s.parse::<Attendees>().unwrap_err().field,
                "attendees",
                "{s:?}"
            );
        }
    }

    #[test]
    fn an_event_ends_after_it_starts() {
        let t = chrono::DateTime::from_timestamp(1_700_000_000, 0)
            .unwrap()
            .naive_utc();
        assert!(check_span(t, t + chrono::Duration::minutes(1)).is_ok());
        assert_eq!(check_span(t, t).unwrap_err().field, "end");
        assert_eq!(
            check_span(t, t - chrono::Duration::hours(1))
                .unwrap_err()
                .field,
            "end"
        );
    }

    #[test]
    fn due_never_exceeds_total() {
        let m = |c| Money::from_cents(c).unwrap();
        assert!(check_amounts(m(100), m(100)).is_ok());
        assert!(check_amounts(m(100), m(0)).is_ok());
        let err = check_amounts(m(100), m(101)).unwrap_err();
        assert_eq!(err.field, "due");
        assert!(err.rule.contains("1.00"), "{}", err.rule);
    }
}
