//! A list as a file: the CLI's CSV and Excel exports of the same filters,
//! every row (read a block at a time, by keyset, as `--all` does), times in
//! the company's zone.

use axum::extract::{Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::Utc;

use epicevents_api::{ClientQuery, CollaboratorQuery, ContractQuery, EventQuery};
use epicevents_domain::Listing;
use epicevents_sheets::{self as sheets, CsvStream, Sheet, SheetError, XlsxStream};

use super::{Fetch, Filters, failure, to_login};
use crate::i18n::Tr;
use crate::session::Visit;
use crate::{Host, Web, Zone};

/// Rows read per block: the CLI's `--all` block.
const BLOCK: i64 = 1_000;

/// The two files a list offers, its filters kept.
pub struct Exports {
    pub csv: String,
    pub xlsx: String,
}

impl Exports {
    /// For the list at `path` with these (tidied) filters: every row, from
    /// the first.
    pub fn of<Q: Filters>(path: &str, query: &Q) -> Self {
        let mut all = query.clone();
        all.set_block(None, None);
        let filters = serde_urlencoded::to_string(&all).unwrap_or_default();
        let href = |format| match filters.as_str() {
            "" => format!("{path}.{format}"),
            _ => format!("{path}.{format}?{filters}"),
        };
        Self {
            csv: href("csv"),
            xlsx: href("xlsx"),
        }
    }
}

#[derive(Clone, Copy)]
enum Format {
    Csv,
    Xlsx,
}

/// What one kind of list exports: its use case, its rows' ids, its sheet
/// and the file's name.
struct Kind<Q, T: 'static> {
    fetch: Fetch<Q, T>,
    id: fn(&T) -> i32,
    sheet: &'static Sheet<T>,
    noun: &'static str,
}

async fn export<H, Q, T>(
    web: &Web<H>,
    visit: Visit,
    mut query: Q,
    kind: Kind<Q, T>,
    format: Format,
) -> Response
where
    H: Host,
    Q: Filters,
    T: Send + 'static,
{
    let t = Tr::new(visit.lang, web.settings.zone);
    let Some(token) = visit.token else {
        return to_login(&visit.here);
    };
    // As the list page reads them: no offset (blocks go by keyset), no
    // empty search.
    query.tidy();
    let zone = web.settings.zone;
    let noun = kind.noun;
    // One turn at the database for the whole file: its blocks are one
    // list, read in order, and writing a workbook is work for the
    // blocking pool, not for the async workers.
    let written = web
        .host
        .run(move |s| {
            let mut file = match File::new(format, kind.sheet, noun, zone) {
                Ok(file) => file,
                Err(e) => return Ok(Err(e)),
            };
            let mut after = None;
            loop {
                query.set_block(Some(BLOCK), after);
                let Listing { items, .. } = (kind.fetch)(s, Some(&token), &query)?;
                if let Err(e) = file.add(&items) {
                    return Ok(Err(e));
                }
                if items.len() < BLOCK as usize {
                    return Ok(file.finish());
                }
                after = items.last().map(kind.id);
            }
        })
        .await;
    match written {
        Ok(Ok(bytes)) => attachment(format, noun, bytes),
        Ok(Err(error)) => {
            tracing::error!(%error, "an export could not be written");
            (StatusCode::INTERNAL_SERVER_ERROR, t.t("export-failed")).into_response()
        }
        Err(error) => failure(t, &visit.here, error),
    }
}

/// The file being written: CSV as text, a workbook in the writer.
enum File<T: 'static> {
    Csv(CsvStream<T, Zone>, Vec<u8>),
    Xlsx(Box<XlsxStream<T, Zone>>),
}

impl<T> File<T> {
    fn new(
        format: Format,
        sheet: &'static Sheet<T>,
        noun: &str,
        zone: Zone,
    ) -> Result<Self, SheetError> {
        Ok(match format {
            Format::Csv => File::Csv(CsvStream::new(sheet, zone), Vec::new()),
            Format::Xlsx => File::Xlsx(Box::new(XlsxStream::new(sheet, noun, zone)?)),
        })
    }

    fn add(&mut self, items: &[T]) -> Result<(), SheetError> {
        match self {
            File::Csv(stream, bytes) => {
                bytes.extend_from_slice(stream.block(items)?.as_bytes());
                Ok(())
            }
            File::Xlsx(stream) => stream.block(items),
        }
    }

    fn finish(self) -> Result<Vec<u8>, SheetError> {
        match self {
            File::Csv(stream, mut bytes) => {
                // The header, if no block wrote it.
                bytes.extend_from_slice(stream.finish().as_bytes());
                Ok(bytes)
            }
            File::Xlsx(stream) => {
                let mut out = std::io::Cursor::new(Vec::new());
                stream.save(&mut out)?;
                Ok(out.into_inner())
            }
        }
    }
}

/// The file, to be saved under a name that says what and when.
fn attachment(format: Format, noun: &str, bytes: Vec<u8>) -> Response {
    let (extension, kind) = match format {
        Format::Csv => ("csv", "text/csv; charset=utf-8"),
        Format::Xlsx => (
            "xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
    };
    let name = format!("{noun}-{}.{extension}", Utc::now().format("%Y-%m-%d"));
    let mut response = bytes.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(kind));
    if let Ok(value) = HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

macro_rules! exports {
    ($($csv:ident, $xlsx:ident: $query:ty, $fetch:ident, $sheet:ident, $noun:literal;)+) => {$(
        pub async fn $csv<H: Host>(
            State(web): State<Web<H>>,
            visit: Visit,
            Query(query): Query<$query>,
        ) -> Response {
            export(&web, visit, query, kind!($fetch, $sheet, $noun), Format::Csv).await
        }

        pub async fn $xlsx<H: Host>(
            State(web): State<Web<H>>,
            visit: Visit,
            Query(query): Query<$query>,
        ) -> Response {
            export(&web, visit, query, kind!($fetch, $sheet, $noun), Format::Xlsx).await
        }
    )+};
}

macro_rules! kind {
    ($fetch:ident, $sheet:ident, $noun:literal) => {
        Kind {
            fetch: |s, token, q| s.$fetch(token, q),
            id: |r| r.id.0,
            sheet: &sheets::$sheet,
            noun: $noun,
        }
    };
}

exports! {
    clients_csv, clients_xlsx: ClientQuery, list_clients, CLIENTS, "clients";
    contracts_csv, contracts_xlsx: ContractQuery, list_contracts, CONTRACTS, "contracts";
    events_csv, events_xlsx: EventQuery, list_events, EVENTS, "events";
    collaborators_csv, collaborators_xlsx: CollaboratorQuery, list_collaborators, COLLABORATORS, "collaborators";
}
