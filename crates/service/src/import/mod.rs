//! Bringing the support team's sheet in (`event import`): the events the
//! command line read from a file, each value with the cell it came from,
//! matched to what the CRM holds, checked by the same rules as a record
//! typed by hand, and written in one transaction — or not at all, with
//! every problem named by its cell.

mod event;
mod known;
mod parties;
mod rights;

use std::collections::HashMap;

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use super::records::assignee;
use super::{ServiceError, Services, SessionToken};
use diesel::Connection as _;
use epicevents_domain::policy::Act as _;
use epicevents_domain::policy::{Target, act};
use epicevents_domain::{Collaborator, Department, Page, fold};
use epicevents_store::audit::{Entry, Outcome};
use epicevents_store::unguarded::audit;
use epicevents_store::{collaborators, imports};

/// One cell's text, and where it is: `Sheet1!B8`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SheetCell {
    pub at: String,
    pub text: String,
}

/// One event as a sheet gives it. A value the sheet does not have is
/// `None`; times are read by the caller, in the zone the sheet was
/// written in, and sent as UTC (a time the caller could not read is
/// reported by it, in `ImportRequest::reading_errors`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
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
    #[schema(value_type = Option<String>, format = DateTime)]
    pub starts_at: Option<NaiveDateTime>,
    pub ends: Option<SheetCell>,
    #[serde(with = "epicevents_domain::time::rfc3339_option")]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub ends_at: Option<NaiveDateTime>,
    /// A support collaborator's name; empty: nobody yet.
    pub support: Option<SheetCell>,
    pub location: Option<SheetCell>,
    pub attendees: Option<SheetCell>,
    pub notes: Option<SheetCell>,
}

/// `POST /api/v1/events/import`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, utoipa::ToSchema)]
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ImportOutcome {
    Created,
    Updated,
    Unchanged,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
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

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct CreatedClient {
    pub origin: String,
    pub id: Option<i32>,
    pub name: String,
    pub email: String,
}

/// A contract an import created: signed, its amounts unknown until
/// management gives them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct CreatedContract {
    pub origin: String,
    pub id: Option<i32>,
    pub contract_ref: String,
    pub client: String,
}

/// What an import did (or, with `dry_run`, would do).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
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

/// Imports that create this many events refresh the planner's statistics.
const ANALYZE_FROM: usize = 1_000;

/// Why a transaction that imports stops: the report of a dry run (which
/// writes nothing), problems in the sheet, or an error of its own.
enum Halt {
    DryRun(ImportReport),
    Rejected(Vec<CellError>),
    Failed(ServiceError),
}

impl From<ServiceError> for Halt {
    fn from(e: ServiceError) -> Self {
        Self::Failed(e)
    }
}

impl From<diesel::result::Error> for Halt {
    fn from(e: diesel::result::Error) -> Self {
        Self::Failed(e.into())
    }
}

/// Support collaborators by their folded name, to match the sheet's.
pub(crate) struct Staff(HashMap<String, Vec<Collaborator>>);

impl Staff {
    fn read(c: &mut epicevents_store::DbConnection) -> Result<Self, ServiceError> {
        let everyone = Page {
            limit: 100_000,
            offset: 0,
            after: None,
        };
        let mut by_name: HashMap<String, Vec<Collaborator>> = HashMap::new();
        for who in collaborators::list(c, Some(Department::Support), everyone)?.items {
            by_name
                .entry(fold(who.name.as_str()))
                .or_default()
                .push(who);
        }
        Ok(Self(by_name))
    }

    fn named(&self, name: &str) -> &[Collaborator] {
        self.0.get(&fold(name)).map_or(&[], Vec::as_slice)
    }
}

impl Services {
    pub fn import_events(
        &self,
        token: Option<&SessionToken>,
        request: ImportRequest,
    ) -> Result<ImportReport, ServiceError> {
        let actor = self.authenticate(token)?;
        // Management's import-only right: without it, an import creates
        // nothing, and asking it to create clients is refused whole (as
        // that right's refusal, whoever asks).
        let creating = match request.create_missing {
            true => {
                Some(self.authorize::<act::EventImportCreate>(&actor, Target::Collection, None)?)
            }
            false => actor
                .permit::<act::EventImportCreate>(Target::Collection, None)
                .ok(),
        };
        self.authorize::<act::EventImport>(&actor, Target::Collection, None)?;
        let now = self.now();
        let report = self.store.write(|c| -> Result<ImportReport, ServiceError> {
            // What creates runs as the import role; what only changes, as
            // the importer's own department, as a single command would.
            match &creating {
                Some(permit) => self.store.act_as_importer(c, &actor, permit)?,
                None => self.store.act_as(c, &actor)?,
            }
            let owner = match (request.create_missing, request.sales_contact) {
                (true, Some(id)) => Some(assignee(c, id, Department::Sales, "sales_contact")?),
                (true, None) => {
                    return Err(epicevents_domain::ValidationError::new(
                        "sales_contact",
                        "is required with create_missing: the clients it creates need a sales contact",
                    )
                    .into());
                }
                (false, _) => None,
            };
            let staff = Staff::read(c)?;
            // A savepoint: a dry run and a rejected sheet roll back to here.
            let halted = c.transaction(|c| -> Result<ImportReport, Halt> {
                let mut import = event::Import {
                    actor: &actor,
                    creating: creating.as_ref(),
                    now,
                    staff: &staff,
                    owner: owner.as_ref(),
                    region: self.config.phone_region,
                    report: ImportReport {
                        dry_run: request.dry_run,
                        ..ImportReport::default()
                    },
                    errors: request.reading_errors.clone(),
                    seen: HashMap::new(),
                    known: known::Known::read(c, &request.events)?,
                    audit: Vec::new(),
                    notices: Vec::new(),
                };
                for sheet in &request.events {
                    import.event(c, sheet)?;
                }
                if !import.errors.is_empty() {
                    return Err(Halt::Rejected(import.errors));
                }
                if request.dry_run {
                    return Err(Halt::DryRun(import.report));
                }
                let action = act::EventImport::ACTION.key();
                let entries: Vec<Entry<'_>> = import
                    .audit
                    .into_iter()
                    .map(|(record, subject, detail)| Entry {
                        at: now,
                        actor_id: Some(actor.id().0),
                        action,
                        subject: Some(subject.to_string()),
                        outcome: Outcome::Ok,
                        detail: Some(detail),
                        changes: None,
                        record: Some(record),
                    })
                    .collect();
                audit::record_all(c, &entries).map_err(ServiceError::from)?;
                let told = self.telling(now);
                for notice in &import.notices {
                    notice.tell(c, told, &actor)?;
                }
                if let Some(permit) = &creating
                    && import.report.created >= ANALYZE_FROM
                {
                    imports::refresh_statistics(c, permit).map_err(ServiceError::from)?;
                }
                Ok(import.report)
            });
            match halted {
                Ok(report) | Err(Halt::DryRun(report)) => Ok(report),
                Err(Halt::Rejected(errors)) => Err(ServiceError::ImportRejected(errors)),
                Err(Halt::Failed(e)) => Err(e),
            }
        })?;
        if !report.dry_run {
            tracing::info!(
                created = report.created,
                updated = report.updated,
                unchanged = report.unchanged,
                "events imported"
            );
        }
        Ok(report)
    }
}
