//! Events as typed, as listed, and staffed.

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

/// A new event as typed; times are already read (in the caller's zone) as UTC.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewEvent {
    /// The signed contract the event is for.
    pub contract: i32,
    pub name: String,
    #[serde(with = "epicevents_domain::time::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub starts_at: NaiveDateTime,
    #[serde(with = "epicevents_domain::time::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub ends_at: NaiveDateTime,
    pub location: String,
    /// How many people are expected, as typed.
    pub attendees: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    /// The start is in the past on purpose (an event recorded after it
    /// took place); without it, a past start is refused as a typing slip.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub past: bool,
}

/// Changes as typed; `None` keeps the current value.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct EventChanges {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "epicevents_domain::time::rfc3339_option"
    )]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub starts_at: Option<NaiveDateTime>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "epicevents_domain::time::rfc3339_option"
    )]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub ends_at: Option<NaiveDateTime>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attendees: Option<String>,
    /// Replaces the notes ("" empties them).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    /// Refuse the change unless the record is still at this version (what
    /// `show` said): someone else's change in between is not overwritten.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub if_version: Option<i32>,
    /// A new start in the past is meant (see [`NewEvent::past`]).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub past: bool,
}

impl EventChanges {
    pub fn is_empty(&self) -> bool {
        self.name.is_none()
            && self.starts_at.is_none()
            && self.ends_at.is_none()
            && self.location.is_none()
            && self.attendees.is_none()
            && self.notes.is_none()
    }
}

/// Which events a list shows, and which page of them.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(default, deny_unknown_fields)]
pub struct EventQuery {
    /// Only events the actor supports, or sold.
    pub mine: bool,
    /// Only archived records, which lists leave out otherwise.
    pub archived: bool,
    /// Only events with no support contact yet.
    pub unassigned: bool,
    /// Only this contract's events.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contract: Option<i32>,
    /// Only events not over yet.
    pub upcoming: bool,
    /// Only events starting at or after this time (RFC 3339).
    #[serde(
        with = "epicevents_domain::time::rfc3339_option",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "openapi", param(value_type = Option<String>))]
    pub starts_from: Option<NaiveDateTime>,
    /// Only events starting before this time (RFC 3339).
    #[serde(
        with = "epicevents_domain::time::rfc3339_option",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "openapi", param(value_type = Option<String>))]
    pub starts_before: Option<NaiveDateTime>,
    /// Only events whose name and place, or whose client (name, company,
    /// e-mail, phone), hold every word of this text, in any case and order.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub search: Option<String>,
    /// The list's order reversed: the latest start first.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub reverse: bool,
    /// Rows per page (1 to 100000; 50 by default).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limit: Option<i64>,
    /// Rows to skip.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub offset: Option<i64>,
    /// Only the rows after the one with this id, in the list's order: a
    /// whole list is read a page at a time by passing each page's last id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after: Option<i32>,
}

/// `PUT /api/v1/events/{id}/support`.
#[derive(Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SupportAssignment {
    /// The support collaborator's id.
    pub support: i32,
}
