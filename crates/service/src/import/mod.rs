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

pub(crate) use epicevents_api::{
    CellError, CreatedClient, CreatedContract, ImportOutcome, ImportReport, ImportRequest,
    ImportedEvent, SheetCell, SheetEvent,
};

use super::records::assignee;
use super::{ServiceError, Services, SessionToken};
use epicevents_domain::policy::Act as _;
use epicevents_domain::policy::act;
use epicevents_domain::{Collaborator, Department, Page, fold};
use epicevents_store::audit::{Entry, Outcome};
use epicevents_store::unguarded::audit;
use epicevents_store::{collaborators, imports};

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

impl From<epicevents_store::StoreError> for Halt {
    fn from(e: epicevents_store::StoreError) -> Self {
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
            true => Some(self.authorize::<act::EventImportCreate>(&actor)?),
            false => actor.permit::<act::EventImportCreate>().ok(),
        };
        self.authorize::<act::EventImport>(&actor)?;
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
            let halted = epicevents_store::transaction(c, |c| -> Result<ImportReport, Halt> {
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
                    .map(|(record, subject, detail, changes)| Entry {
                        at: now,
                        actor_id: Some(actor.id().0),
                        action,
                        subject: Some(subject.to_string()),
                        outcome: Outcome::Ok,
                        detail: Some(detail),
                        changes,
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
