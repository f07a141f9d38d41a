//! Importing the support team's sheet from the browser: upload it, see the
//! dry run (each event's outcome, each problem by its cell), confirm. The
//! sheet is read here as the command line reads it, its times in the
//! company's zone; the import itself is the services' own, all or nothing.

use std::time::{Duration, Instant};

use askama::Template;
use axum::Form;
use axum::extract::{Multipart, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use epicevents_api::{ApiError, CellError, ImportReport, ImportRequest};
use epicevents_domain::policy::Action;
use epicevents_domain::{Collaborator, Department, ValidationError};
use epicevents_service::ServiceError;
use epicevents_sheets::reading;

use super::{Chrome, allowed, failure, load, render};
use crate::i18n::Tr;
use crate::session::Visit;
use crate::{Host, Web};

/// The largest sheet the page takes: what the API takes of a sheet sent
/// by the command line.
pub const MAX_UPLOAD_BYTES: usize = epicevents_api::limits::IMPORT_MAX_SENT_BYTES;

/// What the form was given, kept when it comes back with a problem.
#[derive(Default, Clone)]
pub struct Choices {
    sheet: String,
    create_missing: bool,
    sales_contact: Option<i32>,
}

#[derive(Template)]
#[template(path = "import.html")]
struct ImportPage {
    c: Chrome,
    choices: Choices,
    /// The sales reps who may own what the sheet creates: present only
    /// for whom the policy lets create what is missing.
    reps: Option<Vec<Collaborator>>,
    /// A problem with the file itself, shown beside its field.
    problem: Option<String>,
    /// The problems of a sheet the dry run refused, each by its cell.
    cells: Vec<CellError>,
    /// The dry run's or the import's report.
    report: Option<ImportReport>,
    /// The file the report is of.
    file: String,
    /// The key that confirms this dry run.
    confirm: Option<String>,
    /// A confirmation came after its dry run was forgotten.
    expired: bool,
}

impl ImportPage {
    fn new(c: Chrome, reps: Option<Vec<Collaborator>>) -> Self {
        Self {
            c,
            choices: Choices::default(),
            reps,
            problem: None,
            cells: Vec::new(),
            report: None,
            file: String::new(),
            confirm: None,
            expired: false,
        }
    }

    fn chosen(&self, rep: &Collaborator) -> bool {
        self.choices.sales_contact == Some(rep.id.0)
    }

    fn changed(&self, fields: &[String]) -> String {
        fields
            .iter()
            .map(|f| self.c.t.change(f))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// Who may import, and the reps to choose from when they may also create
/// what the sheet names and the CRM lacks.
fn who_may(
    s: &epicevents_service::Services,
    token: Option<&epicevents_api::SessionToken>,
    me: &Collaborator,
) -> Result<Option<Vec<Collaborator>>, ServiceError> {
    allowed(me, Action::EventImport)?;
    if allowed(me, Action::EventImportCreate).is_ok() {
        Ok(Some(super::staffing::people(s, token, Department::Sales)?))
    } else {
        Ok(None)
    }
}

pub async fn form<H: Host>(State(web): State<Web<H>>, visit: Visit) -> Response {
    match load(&web, visit, who_may).await {
        Ok((c, reps)) => render(&ImportPage::new(c, reps)),
        Err(response) => response,
    }
}

/// The upload: the sheet read, then its dry run. Whom the policy refuses
/// is refused before the file is read.
pub async fn check<H: Host>(
    State(web): State<Web<H>>,
    visit: Visit,
    // The same visit again, for the import's own turn: a session's token
    // is never copied.
    again: Visit,
    multipart: Multipart,
) -> Response {
    let token = again.token;
    let here = visit.here.clone();
    let (c, reps) = match load(&web, visit, who_may).await {
        Ok(found) => found,
        Err(response) => return response,
    };
    let t = c.t;
    let mut page = ImportPage::new(c, reps);
    let Ok(turn) = web.host.upload_turn().await else {
        return failure(t, &here, busy());
    };
    let (file, bytes, choices) = match upload(multipart).await {
        Ok(sent) => sent,
        Err(problem) => return refused(page, &t, problem),
    };
    page.choices = choices.clone();
    let zone = web.settings.zone;
    let name = file.clone();
    let sheet = Some(choices.sheet.trim().to_owned()).filter(|s| !s.is_empty());
    let read =
        tokio::task::spawn_blocking(move || reading::read(&name, &bytes, sheet.as_deref(), zone))
            .await;
    let read = match read {
        Ok(Ok(read)) => read,
        Ok(Err(problem)) => return refused(page, &t, problem),
        Err(_) => return failure(t, &here, busy()),
    };
    let request = ImportRequest {
        events: read.events,
        reading_errors: read.errors,
        dry_run: true,
        create_missing: choices.create_missing,
        sales_contact: choices.sales_contact.filter(|_| choices.create_missing),
    };
    let asked = request.clone();
    let outcome = web
        .host
        .run(move |s| kept(s.import_events(token.as_ref(), asked)))
        .await;
    drop(turn);
    let imports = web.imports.clone();
    shown(page, file, outcome, &here, move |owner, file| {
        imports.keep(owner, file, request)
    })
}

#[derive(Deserialize)]
pub struct Confirmation {
    key: String,
}

/// The dry run confirmed: the same events imported for good.
pub async fn confirm<H: Host>(
    State(web): State<Web<H>>,
    visit: Visit,
    again: Visit,
    Form(confirmation): Form<Confirmation>,
) -> Response {
    let token = again.token;
    let here = visit.here.clone();
    let (c, reps) = match load(&web, visit, who_may).await {
        Ok(found) => found,
        Err(response) => return response,
    };
    let t = c.t;
    let mut page = ImportPage::new(c, reps);
    let Some((file, mut request)) = web.imports.take(page.c.id, &confirmation.key) else {
        page.expired = true;
        return (StatusCode::CONFLICT, render(&page)).into_response();
    };
    request.dry_run = false;
    let Ok(turn) = web.host.upload_turn().await else {
        return failure(t, &here, busy());
    };
    let outcome = web
        .host
        .run(move |s| kept(s.import_events(token.as_ref(), request)))
        .await;
    drop(turn);
    // Refused now, the CRM changed between the dry run and the
    // confirmation: the problems are shown as a dry run's are.
    shown(page, file, outcome, &here, |_, _| None)
}

/// The page of an import's outcome: its report (and, for a dry run, the
/// key `confirm` gives it), or the form again with what refused it.
fn shown(
    mut page: ImportPage,
    file: String,
    outcome: Result<Result<ImportReport, Rejected>, ApiError>,
    here: &str,
    confirm: impl FnOnce(i32, String) -> Option<String>,
) -> Response {
    let t = page.c.t;
    page.file = file.clone();
    match outcome {
        Ok(Ok(report)) => {
            page.confirm = confirm(page.c.id, file);
            page.report = Some(report);
            render(&page)
        }
        Ok(Err(Rejected::Cells(cells))) => {
            page.cells = cells;
            (StatusCode::UNPROCESSABLE_ENTITY, render(&page)).into_response()
        }
        Ok(Err(Rejected::Rule(problem))) => {
            page.problem = Some(super::forms::Problem::of(&t, problem, &[]).message);
            (StatusCode::UNPROCESSABLE_ENTITY, render(&page)).into_response()
        }
        Err(error) => failure(t, here, error),
    }
}

/// Why an import wrote nothing, as the form shows it.
enum Rejected {
    Cells(Vec<CellError>),
    Rule(ApiError),
}

/// A refused sheet or a broken rule becomes the page's problem; anything
/// else (a refusal, an ended session) its own page.
fn kept(
    result: Result<ImportReport, ServiceError>,
) -> Result<Result<ImportReport, Rejected>, ServiceError> {
    match result {
        Ok(report) => Ok(Ok(report)),
        Err(ServiceError::ImportRejected(cells)) => Ok(Err(Rejected::Cells(cells))),
        Err(error @ ServiceError::Invalid(_)) => Ok(Err(Rejected::Rule(error.into()))),
        Err(error) => Err(error),
    }
}

fn busy() -> ApiError {
    ApiError::new(
        epicevents_api::ErrorKind::Unreachable,
        "busy",
        "the server is stopping; try again in a moment",
    )
}

/// The form again, its file refused: the rule beside the file's field.
fn refused(mut page: ImportPage, t: &Tr, problem: ValidationError) -> Response {
    let error = ApiError::from(ServiceError::Invalid(problem));
    page.problem = Some(super::forms::Problem::of(t, error, &[]).message);
    (StatusCode::UNPROCESSABLE_ENTITY, render(&page)).into_response()
}

/// The form's parts: the file's name and bytes, and the choices.
async fn upload(mut multipart: Multipart) -> Result<(String, Vec<u8>, Choices), ValidationError> {
    let cut = |_| ValidationError::new("file", "was not received whole: send it again");
    let mut file = None;
    let mut choices = Choices::default();
    while let Some(field) = multipart.next_field().await.map_err(cut)? {
        match field.name() {
            Some("file") => {
                let name = field.file_name().unwrap_or_default().to_owned();
                let bytes = field.bytes().await.map_err(cut)?;
                if !name.is_empty() || !bytes.is_empty() {
                    file = Some((name, bytes.to_vec()));
                }
            }
            Some("sheet") => choices.sheet = field.text().await.map_err(cut)?,
            Some("create_missing") => {
                choices.create_missing = !field.text().await.map_err(cut)?.is_empty()
            }
            Some("sales_contact") => {
                choices.sales_contact = field.text().await.map_err(cut)?.trim().parse().ok();
            }
            _ => {}
        }
    }
    let Some((name, bytes)) = file else {
        return Err(ValidationError::new(
            "file",
            "is required: choose the sheet to import (.xlsx, .xls, .ods or .csv)",
        ));
    };
    Ok((name, bytes, choices))
}

/// How long a dry run waits for its confirmation, and how many wait at
/// once (each person's last only): a sheet's events are held in memory.
const KEPT_FOR: Duration = Duration::from_secs(30 * 60);
const MOST_WAITING: usize = 8;

struct Waiting {
    key: String,
    owner: i32,
    file: String,
    request: ImportRequest,
    since: Instant,
}

/// The dry runs waiting for their confirmation.
#[derive(Clone, Default)]
pub struct Pending(std::sync::Arc<std::sync::Mutex<Vec<Waiting>>>);

impl Pending {
    /// Keeps `owner`'s dry run (in place of their previous one); the key
    /// that confirms it.
    fn keep(&self, owner: i32, file: String, request: ImportRequest) -> Option<String> {
        let key = fresh_key();
        let mut waiting = self
            .0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        waiting.retain(|w| w.owner != owner && w.since.elapsed() < KEPT_FOR);
        if waiting.len() >= MOST_WAITING {
            waiting.remove(0);
        }
        waiting.push(Waiting {
            key: key.clone(),
            owner,
            file,
            request,
            since: Instant::now(),
        });
        Some(key)
    }

    /// `owner`'s dry run under `key`, taken (a confirmation imports once).
    fn take(&self, owner: i32, key: &str) -> Option<(String, ImportRequest)> {
        let mut waiting = self
            .0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        waiting.retain(|w| w.since.elapsed() < KEPT_FOR);
        let at = waiting
            .iter()
            .position(|w| w.owner == owner && w.key == key)?;
        let found = waiting.remove(at);
        Some((found.file, found.request))
    }
}

/// 128 random bits, in hexadecimal.
fn fresh_key() -> String {
    let mut bytes = [0u8; 16];
    // Without the system's randomness the key is the time: still unique,
    // and a key is only ever taken by its owner.
    if getrandom::fill(&mut bytes).is_err() {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        bytes = nanos.to_le_bytes();
    }
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_dry_run_is_confirmed_once_and_by_its_owner_only() {
        let pending = Pending::default();
        let key = pending
            .keep(7, "sheet.xlsx".into(), ImportRequest::default())
            .unwrap();
        assert!(pending.take(8, &key).is_none(), "someone else's key");
        assert!(pending.take(7, "nope").is_none());
        assert_eq!(
            pending.take(7, &key).map(|(f, _)| f).as_deref(),
            Some("sheet.xlsx")
        );
        assert!(pending.take(7, &key).is_none(), "confirmed once");
    }

    #[test]
    fn each_person_keeps_their_last_dry_run_and_a_few_wait_at_most() {
        let pending = Pending::default();
        let first = pending
            .keep(1, "a".into(), ImportRequest::default())
            .unwrap();
        let second = pending
            .keep(1, "b".into(), ImportRequest::default())
            .unwrap();
        assert!(pending.take(1, &first).is_none(), "replaced by the next");
        let keys: Vec<String> = (2..2 + MOST_WAITING as i32)
            .filter_map(|owner| pending.keep(owner, "c".into(), ImportRequest::default()))
            .collect();
        assert!(pending.take(1, &second).is_none(), "the oldest made room");
        assert!(pending.take(2, &keys[0]).is_some());
        assert_ne!(keys[0], keys[1]);
    }
}
