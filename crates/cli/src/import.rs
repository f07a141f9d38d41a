//! `event import FILE`: reads the sheet here (layouts, cells, times in this
//! machine's zone), sends the events to the CRM in one request, and shows
//! the report — or every problem, each with its cell.

use std::io::IsTerminal;
use std::path::PathBuf;

use clap::Args;

use super::output::{self, table};
use super::{CliError, Context};
use epicevents_service::{ApiError, CellError, Crm, ImportOutcome, ImportReport, ImportRequest};
use epicevents_sheets::reading;

/// Files with more events than this show a progress bar on a terminal.
const PROGRESS_FROM: usize = 300;

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The sheet: .xlsx, .xls, .ods or .csv, in the support team's block
    /// layout or as a table (one event per row, the labels as header)
    file: PathBuf,
    /// Check everything and show what would change; write nothing
    #[arg(long)]
    dry_run: bool,
    /// Read only this sheet of the workbook (all sheets by default)
    #[arg(long, value_name = "NAME")]
    sheet: Option<String>,
    /// Create the clients and contracts the sheet names and the CRM lacks
    /// (contracts signed, their amounts unknown until management gives them)
    #[arg(long, requires = "sales_contact")]
    create_missing: bool,
    /// The sales collaborator who will own the clients --create-missing
    /// creates: an id, an e-mail or a name
    #[arg(long, value_name = "WHO", requires = "create_missing")]
    sales_contact: Option<std::ffi::OsString>,
}

pub fn run(ctx: &Context, crm: &mut dyn Crm, args: ImportArgs) -> Result<(), CliError> {
    crm.ensure(epicevents_domain::policy::Action::EventImport)?;
    // Times in the sheet are read as every time typed here is: in this
    // machine's zone.
    let reading = reading::read_file(&args.file, args.sheet.as_deref(), chrono::Local)
        .map_err(epicevents_service::ServiceError::Invalid)?;
    let reading::Reading {
        events,
        errors,
        clock_changes,
    } = reading;
    let progress = Progress::start(ctx, events.len());
    let request = ImportRequest {
        events,
        reading_errors: errors,
        dry_run: args.dry_run,
        create_missing: args.create_missing,
        sales_contact: args
            .sales_contact
            .map(|who| {
                super::named::collaborator(
                    crm,
                    "sales_contact",
                    who,
                    Some(epicevents_domain::Department::Sales),
                )
            })
            .transpose()?,
    };
    let outcome = crm.import_events(request);
    drop(progress);
    match outcome {
        Ok(report) => {
            let file = args.file.display().to_string();
            let shown = Shown {
                report: &report,
                clock_changes: &clock_changes,
            };
            ctx.out
                .data(&shown, || render(&report, &clock_changes, &file))
        }
        Err(e) => Err(rejected(ctx, e)),
    }
}

/// Shows every problem of a refused sheet (the error line says how many).
fn rejected(ctx: &Context, e: ApiError) -> CliError {
    if e.code == "import_rejected" {
        let errors: Vec<CellError> = e
            .data
            .get("errors")
            .cloned()
            .and_then(|v| serde_json::from_value(v).ok())
            .unwrap_or_default();
        if ctx.out.json {
            let body = serde_json::json!({ "errors": errors });
            if let Ok(text) = output::json(&body) {
                let _ = output::write(&format!("{text}\n"));
            }
        } else {
            for problem in &errors {
                eprintln!("{}: {}", problem.cell, output::safe(&problem.message));
            }
        }
    }
    e.into()
}

/// The report as the service made it, and what reading the sheet resolved.
#[derive(serde::Serialize)]
struct Shown<'a> {
    #[serde(flatten)]
    report: &'a ImportReport,
    #[serde(skip_serializing_if = "<[CellError]>::is_empty")]
    clock_changes: &'a [CellError],
}

/// A record's id in the report; a dry run's new records have none yet.
fn crm_id(id: Option<i32>) -> String {
    id.map_or_else(|| "—".to_owned(), |id| id.to_string())
}

fn render(report: &ImportReport, clock_changes: &[CellError], file: &str) -> String {
    let mut out = String::new();
    if !clock_changes.is_empty() {
        let mut t = table(&["Cell", "Clock change"]);
        for c in clock_changes {
            t.add_row(output::row(vec![c.cell.clone(), c.message.clone()]));
        }
        out.push_str(&format!("{t}\n"));
    }
    if !report.events.is_empty() {
        let mut t = table(&["Cell", "Event ID", "Event", "CRM ID", "Outcome"]);
        for e in &report.events {
            let outcome = match e.outcome {
                ImportOutcome::Created => "created".to_owned(),
                ImportOutcome::Unchanged => "unchanged".to_owned(),
                ImportOutcome::Updated => format!("updated: {}", e.changed.join(", ")),
            };
            t.add_row(output::row(vec![
                e.origin.clone(),
                e.event_ref.clone(),
                e.name.clone(),
                crm_id(e.id),
                outcome,
            ]));
        }
        out.push_str(&format!("{t}\n"));
    }
    if !report.clients_created.is_empty() {
        let mut t = table(&["Cell", "New client", "E-mail", "CRM ID"]);
        for c in &report.clients_created {
            t.add_row(output::row(vec![
                c.origin.clone(),
                c.name.clone(),
                c.email.clone(),
                crm_id(c.id),
            ]));
        }
        out.push_str(&format!("{t}\n"));
    }
    if !report.contracts_created.is_empty() {
        let mut t = table(&["Cell", "New contract", "Client", "CRM ID"]);
        for c in &report.contracts_created {
            t.add_row(output::row(vec![
                c.origin.clone(),
                c.contract_ref.clone(),
                c.client.clone(),
                crm_id(c.id),
            ]));
        }
        out.push_str(&format!(
            "{t}\nThese contracts are signed and their amounts unknown: give them with `contract update ID --total AMOUNT --due AMOUNT`.\n"
        ));
    }
    let counts = format!(
        "{} created, {} updated, {} unchanged",
        report.created, report.updated, report.unchanged
    );
    if report.dry_run {
        out.push_str(&format!(
            "Dry run of {}: {counts}; nothing was written.",
            output::safe(file)
        ));
    } else {
        out.push_str(&format!("Imported {}: {counts}.", output::safe(file)));
    }
    out
}

/// A bar while the file's events are sent and written, on a terminal only,
/// for files large enough to take a while.
struct Progress(Option<indicatif::ProgressBar>);

impl Progress {
    fn start(ctx: &Context, events: usize) -> Self {
        if events < PROGRESS_FROM || ctx.out.quiet || !std::io::stderr().is_terminal() {
            return Self(None);
        }
        let bar = indicatif::ProgressBar::new_spinner()
            .with_message(format!("importing {events} events in one transaction…"));
        bar.tick();
        bar.enable_steady_tick(std::time::Duration::from_millis(120));
        Self(Some(bar))
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        if let Some(bar) = &self.0 {
            bar.finish_and_clear();
        }
    }
}
