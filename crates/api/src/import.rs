//! The support team's sheet as the command line read it, and what
//! importing it did (or, in a dry run, would do).

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

/// One cell's text, and where it is: `Sheet1!B8`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SheetCell {
    pub at: String,
    pub text: String,
}

/// One event as a sheet gives it. A value the sheet does not have is
/// `None`; times are read by the caller, in the zone the sheet was
/// written in, and sent as UTC (a time the caller could not read is
/// reported by it, in `ImportRequest::reading_errors`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default, deny_unknown_fields)]
pub struct SheetEvent {
    /// Where the event is in the file: a block's first cell, a table's row.
    pub origin: String,
    /// The event's name ("Event", or a block's title).
    pub name: Option<SheetCell>,
    /// The sheet's own number for the event ("Event ID").
    pub event_ref: Option<SheetCell>,
    /// The CRM's id for the event ("CRM ID"), in sheets the CRM exported.
    pub crm_id: Option<SheetCell>,
    /// The sheet's own number for the contract ("Contract ID").
    pub contract_ref: Option<SheetCell>,
    /// The CRM's id for the contract ("CRM contract"), in exported sheets.
    pub crm_contract: Option<SheetCell>,
    pub client_name: Option<SheetCell>,
    /// Name, e-mail and phone, in any order ("Client contact").
    pub client_contact: Option<SheetCell>,
    pub starts: Option<SheetCell>,
    #[serde(with = "epicevents_domain::time::rfc3339_option")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub starts_at: Option<NaiveDateTime>,
    pub ends: Option<SheetCell>,
    #[serde(with = "epicevents_domain::time::rfc3339_option")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub ends_at: Option<NaiveDateTime>,
    /// A support collaborator's name; empty: nobody yet.
    pub support: Option<SheetCell>,
    pub location: Option<SheetCell>,
    pub attendees: Option<SheetCell>,
    pub notes: Option<SheetCell>,
}

/// `POST /api/v1/events/import`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ImportRequest {
    pub events: Vec<SheetEvent>,
    /// Problems the caller met reading the file, reported with the rest.
    #[serde(default)]
    pub reading_errors: Vec<CellError>,
    /// Check everything, report, and write nothing.
    #[serde(default)]
    pub dry_run: bool,
    /// Create the clients and contracts the sheet names and the CRM lacks.
    #[serde(default)]
    pub create_missing: bool,
    /// The sales collaborator who owns the clients an import creates.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sales_contact: Option<i32>,
}

/// A problem with one cell (or a block, or the file).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CellError {
    pub cell: String,
    pub message: String,
}

impl CellError {
    pub fn new(cell: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            cell: cell.into(),
            message: message.into(),
        }
    }
}

/// What became of one event of the sheet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ImportOutcome {
    Created,
    Updated,
    Unchanged,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportedEvent {
    pub origin: String,
    /// The sheet's number for it.
    pub event_ref: String,
    pub name: String,
    /// The CRM's id (none for an event a dry run would create).
    pub id: Option<i32>,
    pub outcome: ImportOutcome,
    /// The fields an update changes.
    pub changed: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreatedClient {
    pub origin: String,
    pub id: Option<i32>,
    pub name: String,
    pub email: String,
}

/// A contract an import created: signed, its amounts unknown until
/// management gives them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreatedContract {
    pub origin: String,
    pub id: Option<i32>,
    pub contract_ref: String,
    pub client: String,
}

/// What an import did (or, with `dry_run`, would do).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportReport {
    pub dry_run: bool,
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub events: Vec<ImportedEvent>,
    pub clients_created: Vec<CreatedClient>,
    /// For management to complete: their amounts are unknown.
    pub contracts_created: Vec<CreatedContract>,
}
