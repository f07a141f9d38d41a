//! A list as a file: the CLI's CSV and Excel exports of the same filters,
//! every row (read a block at a time, by keyset, as `--all` does), times in
//! the company's zone.

use axum::extract::{Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::Utc;

use std::sync::Arc;

use futures_util::StreamExt as _;

use epicevents_api::{ApiError, ClientQuery, CollaboratorQuery, ContractQuery, SessionToken};
use epicevents_domain::{BLOCK, Listing, next_block};
use epicevents_sheets::{self as sheets, CsvDialect, CsvStream, Sheet, SheetError, XlsxStream};

use super::lists::{EventFilters, Fetch, Filters};
use super::{failure, to_login};
use crate::i18n::Tr;
use crate::session::Visit;
use crate::{Host, Web, Zone};

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

// By hand: derived, they would ask the same of `Q` and `T`.
impl<Q, T> Clone for Kind<Q, T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<Q, T> Copy for Kind<Q, T> {}

/// A list's rows as a CSV file, sent as they are read: a block at a time,
/// each its own turn at the database, so that a million rows cost the
/// server one block's memory and no other request waits on the file. The
/// first block is read before answering: a refusal or an ended session
/// is then a page, not a broken download.
async fn csv<H, Q, T>(web: &Web<H>, visit: Visit, mut query: Q, kind: Kind<Q, T>) -> Response
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
    query.tidy(web.settings.zone);
    let mut rows = Rows {
        host: web.host.clone(),
        // The token is shared by the blocks' turns, never copied.
        token: Arc::new(token),
        query,
        kind,
        // What the visitor's spreadsheet opens in columns.
        stream: Some(
            CsvStream::new(kind.sheet, web.settings.zone).in_dialect(match t.lang {
                crate::Lang::Fr => CsvDialect::ExcelFr,
                crate::Lang::En => CsvDialect::Rfc4180,
            }),
        ),
        after: None,
    };
    let first = match rows.next().await {
        Ok(Some(text)) => text,
        Ok(None) => String::new(),
        Err(Failed::Read(error)) => return failure(t, &visit.here, error),
        Err(Failed::Write(error)) => return unwritten(&t, &error),
    };
    let rest = futures_util::stream::unfold(rows, |mut rows| async move {
        match rows.next().await {
            Ok(Some(text)) => Some((Ok(text), rows)),
            Ok(None) => None,
            // The answer has begun: the download breaks off, and says so.
            Err(error) => {
                tracing::error!(error = %error, "an export broke off");
                Some((Err(std::io::Error::other(error.to_string())), rows.ended()))
            }
        }
    });
    let body = futures_util::stream::once(async { Ok::<_, std::io::Error>(first) }).chain(rest);
    attachment(Format::Csv, kind.noun, axum::body::Body::from_stream(body))
}

/// Why a block of a file was not had.
#[derive(Debug, thiserror::Error)]
enum Failed {
    #[error("{}", .0.message)]
    Read(ApiError),
    #[error(transparent)]
    Write(SheetError),
}

/// The rows of a CSV file still to read and write.
struct Rows<H, Q, T: 'static> {
    host: H,
    token: Arc<SessionToken>,
    query: Q,
    kind: Kind<Q, T>,
    /// Taken while a block is written; `None` once the file is whole.
    stream: Option<CsvStream<T, Zone>>,
    after: Option<i32>,
}

impl<H: Host, Q: Filters, T: Send + 'static> Rows<H, Q, T> {
    /// The next block's text; `None` once the file is whole.
    async fn next(&mut self) -> Result<Option<String>, Failed> {
        let Some(mut stream) = self.stream.take() else {
            return Ok(None);
        };
        let mut query = self.query.clone();
        query.set_block(Some(BLOCK), self.after);
        let (token, kind) = (Arc::clone(&self.token), self.kind);
        let read = self
            .host
            .run(move |s| {
                let Listing { items, .. } = (kind.fetch)(s, Some(&token), &query)?;
                let text = stream.block(&items);
                Ok((text, stream, next_block(&items, kind.id)))
            })
            .await
            .map_err(Failed::Read)?;
        let (text, stream, after) = read;
        let mut text = text.map_err(Failed::Write)?;
        match after {
            Some(after) => {
                self.after = Some(after);
                self.stream = Some(stream);
            }
            // The header, if no block wrote it.
            None => text.push_str(&stream.finish()),
        }
        Ok(Some(text))
    }

    fn ended(mut self) -> Self {
        self.stream = None;
        self
    }
}

/// A workbook of the list's rows: written whole (a workbook is a zip
/// archive, complete only at its end), in one turn at the blocking pool.
async fn xlsx<H, Q, T>(web: &Web<H>, visit: Visit, mut query: Q, kind: Kind<Q, T>) -> Response
where
    H: Host,
    Q: Filters,
    T: Send + 'static,
{
    let t = Tr::new(visit.lang, web.settings.zone);
    let Some(token) = visit.token else {
        return to_login(&visit.here);
    };
    query.tidy(web.settings.zone);
    let zone = web.settings.zone;
    let written = web
        .host
        .run(move |s| {
            let mut book = match XlsxStream::new(kind.sheet, kind.noun, zone) {
                Ok(book) => book,
                Err(e) => return Ok(Err(e)),
            };
            let mut after = None;
            loop {
                query.set_block(Some(BLOCK), after);
                let Listing { items, .. } = (kind.fetch)(s, Some(&token), &query)?;
                if let Err(e) = book.block(&items) {
                    return Ok(Err(e));
                }
                after = next_block(&items, kind.id);
                if after.is_none() {
                    let mut out = std::io::Cursor::new(Vec::new());
                    return Ok(book.save(&mut out).map(|()| out.into_inner()));
                }
            }
        })
        .await;
    match written {
        Ok(Ok(bytes)) => attachment(Format::Xlsx, kind.noun, bytes.into()),
        Ok(Err(error)) => unwritten(&t, &error),
        Err(error) => failure(t, &visit.here, error),
    }
}

fn unwritten(t: &Tr, error: &SheetError) -> Response {
    tracing::error!(%error, "an export could not be written");
    (StatusCode::INTERNAL_SERVER_ERROR, t.t("export-failed")).into_response()
}

/// The file, to be saved under a name that says what and when.
fn attachment(format: Format, noun: &str, body: axum::body::Body) -> Response {
    let (extension, kind) = match format {
        Format::Csv => ("csv", "text/csv; charset=utf-8"),
        Format::Xlsx => (
            "xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
    };
    let name = format!("{noun}-{}.{extension}", Utc::now().format("%Y-%m-%d"));
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(kind));
    if let Ok(value) = HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

macro_rules! exports {
    ($($csv:ident, $xlsx:ident: $query:ty, $fetch:expr, $sheet:ident, $noun:literal;)+) => {$(
        pub async fn $csv<H: Host>(
            State(web): State<Web<H>>,
            visit: Visit,
            Query(query): Query<$query>,
        ) -> Response {
            csv(&web, visit, query, kind!($fetch, $sheet, $noun)).await
        }

        pub async fn $xlsx<H: Host>(
            State(web): State<Web<H>>,
            visit: Visit,
            Query(query): Query<$query>,
        ) -> Response {
            xlsx(&web, visit, query, kind!($fetch, $sheet, $noun)).await
        }
    )+};
}

macro_rules! kind {
    ($fetch:expr, $sheet:ident, $noun:literal) => {
        Kind {
            fetch: $fetch,
            id: |r| r.id.0,
            sheet: &sheets::$sheet,
            noun: $noun,
        }
    };
}

exports! {
    clients_csv, clients_xlsx: ClientQuery, |s, token, q| s.list_clients(token, q), CLIENTS, "clients";
    contracts_csv, contracts_xlsx: ContractQuery, |s, token, q| s.list_contracts(token, q), CONTRACTS, "contracts";
    events_csv, events_xlsx: EventFilters, |s, token, q| s.list_events(token, &q.query()), EVENTS, "events";
    collaborators_csv, collaborators_xlsx: CollaboratorQuery, |s, token, q| s.list_collaborators(token, q), COLLABORATORS, "collaborators";
}
