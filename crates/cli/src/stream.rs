//! Printing a list: the page asked for, or with `--all` every row, read and
//! printed a block at a time (keyset paging: each block starts after the
//! last row of the one before), so that memory stays flat however long
//! the list, in local mode and through a server alike; as a table, JSON
//! or CSV, on standard output or into a file.

use chrono::Local;
use serde::Serialize;

use super::CliError;
use super::args::{Export, Format, Paging, Rows};
use super::destination::Destination;
use super::output::{Layout, Output, block, json};
use super::render::{View, footer};
use epicevents_service::Listing;
use epicevents_sheets::{CsvStream, SheetError, XlsxStream};

use epicevents_domain::BLOCK;

/// Which rows one read asks for: a limit, an offset, and the id of the last
/// row already printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ask {
    pub limit: Option<i64>,
    pub offset: Option<i64>,
    pub after: Option<i32>,
}

/// Prints a list as `export` says (a table, JSON or CSV; on standard
/// output or into a file): the page `paging` asks for, or every row.
pub fn print<T: Serialize>(
    out: &Output,
    export: &Export,
    paging: &Paging,
    view: &View<T>,
    mut read: impl FnMut(Ask) -> Result<Listing<T>, CliError>,
) -> Result<(), CliError> {
    let format = export.format(out.json)?;
    if format == Format::Xlsx && export.output().is_none() {
        return Err(CliError::Usage(
            "--format xlsx writes a workbook into a file: add --output FILE.xlsx".into(),
        ));
    }
    let mut destination = Destination::open(export.output())?;
    let mut sink = match format {
        Format::Table => Sink::Table(TableStream::new(view)),
        Format::Json => Sink::Json(JsonStream::default()),
        Format::Csv => Sink::Csv(CsvStream::new(view.sheet, Local).in_dialect(export.dialect())),
        Format::Xlsx => Sink::Xlsx(Box::new(
            XlsxStream::new(view.sheet, view.noun, Local).map_err(sheet_failed)?,
        )),
    };
    let rows = paging.rows(matches!(format, Format::Csv | Format::Xlsx));
    match rows {
        Rows::Page { limit, offset } => {
            let listing = read(Ask {
                limit: Some(limit),
                offset: Some(offset),
                after: None,
            })?;
            let text = match &mut sink {
                Sink::Table(_) => format!("{}\n", super::render::listed(&listing, view)),
                Sink::Json(_) => format!("{}\n", json(&listing)?),
                Sink::Csv(_) | Sink::Xlsx(_) => sink.block(&listing.items)?,
            };
            destination.emit(&text)?;
        }
        Rows::All => stream(&mut sink, view.id, read, |text| destination.emit(text))?,
    }
    match sink {
        Sink::Xlsx(workbook) => match destination.file() {
            Some(file) => workbook.save(file).map_err(sheet_failed)?,
            None => unreachable!("a workbook is written into a file, checked above"),
        },
        Sink::Csv(csv) => destination.emit(&csv.finish())?,
        // A page's table or JSON was printed whole; a stream ends here.
        sink if rows == Rows::All => destination.emit(&sink.finish())?,
        _ => {}
    }
    destination.close()
}

/// Reads blocks until one comes back short, handing each to `sink` and
/// what it renders to `emit` before reading the next.
fn stream<T: Serialize>(
    sink: &mut Sink<'_, T>,
    id: fn(&T) -> i32,
    mut read: impl FnMut(Ask) -> Result<Listing<T>, CliError>,
    mut emit: impl FnMut(&str) -> Result<(), CliError>,
) -> Result<(), CliError> {
    let mut after = None;
    loop {
        let listing = read(Ask {
            limit: Some(BLOCK),
            offset: None,
            after,
        })?;
        let text = sink.block(&listing.items)?;
        if !text.is_empty() {
            emit(&text)?;
        }
        match epicevents_domain::next_block(&listing.items, id) {
            None => return Ok(()),
            next => after = next,
        }
    }
}

/// The exit codes these failures had before the writers moved into their
/// own crate, shared with the web pages.
fn sheet_failed(e: SheetError) -> CliError {
    match e {
        SheetError::Csv(_) => CliError::Local(e.to_string()),
        SheetError::Xlsx(_) => CliError::Failed(e.to_string()),
    }
}

enum Sink<'v, T: 'static> {
    Table(TableStream<'v, T>),
    Json(JsonStream),
    Csv(CsvStream<T, Local>),
    Xlsx(Box<XlsxStream<T, Local>>),
}

impl<T: Serialize> Sink<'_, T> {
    fn block(&mut self, items: &[T]) -> Result<String, CliError> {
        match self {
            Sink::Table(t) => Ok(t.block(items)),
            Sink::Json(j) => j.block(items),
            Sink::Csv(c) => c.block(items).map_err(sheet_failed),
            Sink::Xlsx(x) => x.block(items).map(|()| String::new()).map_err(sheet_failed),
        }
    }

    fn finish(self) -> String {
        match self {
            Sink::Table(t) => t.finish(),
            Sink::Json(j) => j.finish(),
            Sink::Csv(c) => c.finish(),
            // Saved into its file by `print`, not printed.
            Sink::Xlsx(_) => String::new(),
        }
    }
}

/// A table printed a block at a time: the first block settles the columns
/// and their widths; each later block is rendered under them and printed
/// without its header and borders, so that the blocks read as one table.
pub struct TableStream<'v, T: 'static> {
    view: &'v View<T>,
    layout: Option<Layout>,
    bottom: String,
    rows: i64,
}

impl<'v, T: 'static> TableStream<'v, T> {
    pub fn new(view: &'v View<T>) -> Self {
        Self {
            view,
            layout: None,
            bottom: String::new(),
            rows: 0,
        }
    }

    /// The lines that print `items`, short of the table's bottom border.
    pub fn block(&mut self, items: &[T]) -> String {
        if items.is_empty() {
            return String::new();
        }
        self.rows += items.len() as i64;
        let cells = items.iter().map(self.view.cells).collect();
        let (table, shown) = block(self.view.columns, cells, self.layout.as_ref());
        let rendered = table.to_string();
        let mut lines: Vec<&str> = rendered.lines().collect();
        self.bottom = lines.pop().unwrap_or_default().to_owned();
        if self.layout.is_some() {
            // The top border, the header and the line under it.
            let body = lines
                .iter()
                .position(|l| l.starts_with('╞'))
                .map_or(0, |i| i + 1);
            lines.drain(..body);
        } else {
            self.layout = Some(Layout::of(&rendered, shown));
        }
        let mut text = lines.join("\n");
        text.push('\n');
        text
    }

    /// The bottom border and the footer.
    pub fn finish(self) -> String {
        let all = Listing::<()> {
            items: vec![(); usize::try_from(self.rows).unwrap_or(0)],
            total: self.rows,
            total_exact: true,
            offset: 0,
        };
        let footer = footer(&all, self.view.noun);
        let note = self
            .layout
            .as_ref()
            .and_then(|l| super::output::left_out(self.view.columns, l.shown()))
            .map(|note| format!("{note}\n"))
            .unwrap_or_default();
        if self.rows == 0 {
            format!("{footer}\n")
        } else {
            format!("{}\n{footer}\n{note}", self.bottom)
        }
    }
}

/// A listing's JSON written an item at a time, exactly as the whole
/// listing would print pretty.
#[derive(Default)]
pub struct JsonStream {
    items: i64,
}

impl JsonStream {
    pub fn block<T: Serialize>(&mut self, items: &[T]) -> Result<String, CliError> {
        let mut text = String::new();
        for item in items {
            let pretty = json(item)?;
            text.push_str(if self.items == 0 {
                "{\n  \"items\": [\n"
            } else {
                ",\n"
            });
            let indented: Vec<String> = pretty.lines().map(|l| format!("    {l}")).collect();
            text.push_str(&indented.join("\n"));
            self.items += 1;
        }
        Ok(text)
    }

    pub fn finish(self) -> String {
        let head = if self.items == 0 {
            "{\n  \"items\": []"
        } else {
            "\n  ]"
        };
        format!(
            "{head},\n  \"total\": {},\n  \"total_exact\": true,\n  \"offset\": 0\n}}\n",
            self.items
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::col;
    use epicevents_sheets::{Cell, Sheet};

    type Row = (i32, String);

    const SHEET: Sheet<Row> = Sheet {
        headers: &["ID", "Name"],
        record: |r| vec![Cell::Number(r.0.into()), Cell::Text(r.1.clone())],
    };

    const ROWS: View<Row> = View {
        noun: "rows",
        columns: &[col("ID", 0, false), col("Name", 0, true)],
        cells: |r| vec![r.0.to_string(), r.1.clone()],
        id: |r| r.0,
        sheet: &SHEET,
    };

    /// Streams `rows` as the list would be read: blocks of [`BLOCK`] after
    /// each block's last id. Returns what was printed and the asks.
    fn streamed(rows: &[Row], json: bool) -> (String, Vec<Ask>) {
        let sink = if json {
            Sink::Json(JsonStream::default())
        } else {
            Sink::Table(TableStream::new(&ROWS))
        };
        streamed_into(rows, sink)
    }

    fn streamed_into(rows: &[Row], sink: Sink<'_, Row>) -> (String, Vec<Ask>) {
        let mut asks = Vec::new();
        let mut printed = String::new();
        let read = |ask: Ask| {
            asks.push(ask);
            let start = ask.after.map_or(0, |id| id as usize);
            let items: Vec<Row> = rows
                .iter()
                .skip(start)
                .take(BLOCK as usize)
                .cloned()
                .collect();
            Ok(Listing {
                total: items.len() as i64,
                items,
                total_exact: false,
                offset: 0,
            })
        };
        let mut sink = sink;
        stream(&mut sink, ROWS.id, read, |text| {
            printed.push_str(text);
            Ok(())
        })
        .unwrap();
        printed.push_str(&sink.finish());
        (printed, asks)
    }

    fn rows(n: i32, name: impl Fn(i32) -> String) -> Vec<Row> {
        (1..=n).map(|i| (i, name(i))).collect()
    }

    fn whole(rows: &[Row]) -> Listing<Row> {
        Listing {
            items: rows.to_vec(),
            total: rows.len() as i64,
            total_exact: true,
            offset: 0,
        }
    }

    #[test]
    fn blocks_are_read_after_the_last_row_until_one_is_short() {
        let (_, asks) = streamed(&rows(2_500, |i| format!("n{i}")), false);
        let after: Vec<_> = asks.iter().map(|a| a.after).collect();
        assert_eq!(after, [None, Some(1_000), Some(2_000)]);
        assert!(
            asks.iter()
                .all(|a| a.limit == Some(BLOCK) && a.offset.is_none())
        );
        // A list that fills its last block exactly ends on an empty one.
        let (_, asks) = streamed(&rows(2_000, |i| format!("n{i}")), false);
        assert_eq!(asks.len(), 3);
    }

    #[test]
    fn streamed_json_is_the_whole_listing_as_it_would_print() {
        for n in [0, 1, 2_500] {
            let all = rows(n, |i| format!("name \"{i}\"\nline two"));
            let (printed, _) = streamed(&all, true);
            let expected = serde_json::to_string_pretty(&whole(&all)).unwrap() + "\n";
            assert_eq!(printed, expected, "{n} rows");
        }
    }

    #[test]
    fn a_streamed_table_reads_as_one_table() {
        // Same widths in every block: exactly the table printed at once.
        let all = rows(2_500, |i| format!("client {:04}", i % 7_000));
        let (printed, _) = streamed(&all, false);
        assert_eq!(
            printed,
            super::super::render::listed(&whole(&all), &ROWS) + "\n"
        );
        // A longer name in a later block wraps inside the column the
        // first block set: every line keeps the same width.
        let mut all = rows(1_500, |_| "short".to_owned());
        all[1_200].1 = "a much longer name than any before".to_owned();
        let (printed, _) = streamed(&all, false);
        let widths: std::collections::BTreeSet<usize> = printed
            .lines()
            .filter(|l| !l.starts_with("1–"))
            .map(|l| l.chars().count())
            .collect();
        assert_eq!(widths.len(), 1, "{printed}");
        assert!(printed.ends_with("1–1500 of 1500\n"));
        assert_eq!(printed.matches("Name").count(), 1, "one header");
    }

    #[test]
    fn csv_has_a_header_crlf_lines_quoting_and_no_formulas() {
        let mut all = rows(1_500, |i| format!("client {i}"));
        all[0].1 = "=HYPERLINK(\"http://x\")".to_owned();
        all[1].1 = "Dupont, \"Jr\"\nsecond line".to_owned();
        let (printed, asks) = streamed_into(&all, Sink::Csv(CsvStream::new(&SHEET, Local)));
        assert_eq!(asks.len(), 2, "read a block at a time");
        let lines: Vec<&str> = printed.split("\r\n").collect();
        assert_eq!(lines[0], "ID,Name");
        assert_eq!(lines[1], "1,\"'=HYPERLINK(\"\"http://x\"\")\"");
        assert_eq!(lines[2], "2,\"Dupont, \"\"Jr\"\"\nsecond line\"");
        assert_eq!(lines[1_500], "1500,client 1500");
        assert_eq!(
            lines.len(),
            1_502,
            "a header, 1,500 rows, and the final CRLF"
        );
        let (empty, _) = streamed_into(&[], Sink::Csv(CsvStream::new(&SHEET, Local)));
        assert_eq!(empty, "ID,Name\r\n", "an empty list is its header");
    }

    #[test]
    fn an_empty_list_prints_its_footer_alone() {
        assert_eq!(streamed(&[], false).0, "No rows.\n");
    }
}
