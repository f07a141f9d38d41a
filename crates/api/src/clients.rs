//! Clients as typed and as listed.

use serde::{Deserialize, Serialize};

/// A new client as typed.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewClient {
    pub name: String,
    pub email: String,
    pub phone: String,
    pub company: String,
    /// Create it even if a client already has this e-mail (two people at
    /// one switchboard address); otherwise that is refused as a duplicate.
    #[serde(default)]
    pub allow_duplicate: bool,
}

/// Changes as typed; `None` keeps the current value.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ClientChanges {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub company: Option<String>,
    /// A new sales contact, by collaborator id (management only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sales_contact: Option<i32>,
    /// Refuse the change unless the record is still at this version (what
    /// `show` said): someone else's change in between is not overwritten.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub if_version: Option<i32>,
}

impl ClientChanges {
    pub fn touches_fields(&self) -> bool {
        self.name.is_some()
            || self.email.is_some()
            || self.phone.is_some()
            || self.company.is_some()
    }
}

/// Which clients a list shows, and which page of them.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(default, deny_unknown_fields)]
pub struct ClientQuery {
    /// Only the actor's own clients.
    pub mine: bool,
    /// Only archived records, which lists leave out otherwise.
    pub archived: bool,
    /// Only clients whose name, e-mail, phone or company hold every word of this text, in any case and order.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub search: Option<String>,
    /// The list's order reversed: by name from Z to A.
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
