//! Rendering: aligned tables for people, JSON for programs. Nothing else
//! writes to stdout.

use comfy_table::{ColumnConstraint, ContentArrangement, Table, Width, presets};
use serde::Serialize;

use super::CliError;
use super::render::local_with_offset;
use epicevents_domain::{Collaborator, is_bidi_control};

#[derive(Debug, Clone, Copy)]
pub struct Output {
    pub json: bool,
    pub quiet: bool,
}

impl Output {
    /// Prints a result: as JSON, or as the human rendering.
    pub fn data<T: Serialize + ?Sized>(
        &self,
        value: &T,
        human: impl FnOnce() -> String,
    ) -> Result<(), CliError> {
        let text = if self.json { json(value)? } else { human() };
        print(&text)
    }

    /// The outcome of a change: JSON for programs; for people, a confirmation
    /// that `--quiet` silences.
    pub fn done<T: Serialize + ?Sized>(
        &self,
        value: &T,
        human: impl FnOnce() -> String,
    ) -> Result<(), CliError> {
        if self.quiet && !self.json {
            return Ok(());
        }
        self.data(value, human)
    }
}

/// A value as the JSON the CLI prints: pretty, one document.
pub fn json<T: Serialize + ?Sized>(value: &T) -> Result<String, CliError> {
    serde_json::to_string_pretty(value)
        .map_err(|e| CliError::Local(format!("cannot render JSON: {e}")))
}

/// Writes one result on stdout.
fn print(text: &str) -> Result<(), CliError> {
    write(&format!("{text}\n"))
}

/// Writes text on stdout as it is. A reader that went away (`| head`) ends
/// the command quietly, as it does other tools: it is not an error to
/// report.
pub fn write(text: &str) -> Result<(), CliError> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Err(CliError::ClosedOutput),
        Err(e) => Err(CliError::Local(format!("cannot write the result: {e}"))),
    }
}

/// A cell as it may reach a terminal: characters that would reorder what
/// follows them (bidirectional controls, from data stored before they were
/// refused) are shown by their code instead.
pub fn safe(text: &str) -> String {
    if !text.chars().any(is_bidi_control) {
        return text.to_owned();
    }
    text.chars()
        .map(|c| {
            if is_bidi_control(c) {
                format!("<U+{:04X}>", c as u32)
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// A row of cells, each made safe.
pub fn row(cells: Vec<String>) -> Vec<String> {
    cells.iter().map(|c| safe(c)).collect()
}

/// A list's column: its title, how dispensable it is when the terminal is
/// narrow (0: always shown, as is every column that changes what a row
/// means; the highest goes first), and whether its cells may wrap (names
/// may; ids, dates and amounts never split).
pub struct Column {
    pub title: &'static str,
    pub drop_order: u8,
    pub wraps: bool,
}

pub const fn col(title: &'static str, drop_order: u8, wraps: bool) -> Column {
    Column {
        title,
        drop_order,
        wraps,
    }
}

/// `--wide`: every column, as wide as its content, whatever the terminal.
static WIDE: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

pub fn set_wide(wide: bool) {
    WIDE.store(wide, std::sync::atomic::Ordering::Relaxed);
}

/// The width to fit: `COLUMNS` when set (as shells export it), else the
/// terminal's; none when printing to a file or a pipe, or with `--wide`.
fn available_width() -> Option<u16> {
    if WIDE.load(std::sync::atomic::Ordering::Relaxed) {
        return None;
    }
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse().ok())
        .or_else(|| Table::new().width())
}

/// What the footer adds when a table leaves columns out to fit: which, and
/// how to see them. None when every column is shown.
pub fn left_out(columns: &[Column], shown: &[usize]) -> Option<String> {
    let missing: Vec<&str> = (0..columns.len())
        .filter(|i| !shown.contains(i))
        .map(|i| columns[i].title)
        .collect();
    (!missing.is_empty()).then(|| {
        let note = format!(
            "Not shown at this width: {} (--wide shows every column, --json every field, or widen the terminal).",
            missing.join(", ")
        );
        wrapped(&note, available_width().map_or(usize::MAX, usize::from))
    })
}

/// `text` in lines of at most `width` characters, broken between words.
fn wrapped(text: &str, width: usize) -> String {
    let mut lines: Vec<String> = Vec::new();
    for word in text.split(' ') {
        match lines.last_mut() {
            Some(line) if line.chars().count() + 1 + word.chars().count() <= width => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.to_owned()),
        }
    }
    lines.join("\n")
}

/// A list as a table that fits the terminal: the most dispensable columns
/// are left out first, then what may wrap wraps; a date, an id or an
/// amount is never split.
pub fn grid(columns: &[Column], rows: Vec<Vec<String>>) -> (Table, Vec<usize>) {
    block(columns, rows, None)
}

/// What the first block of a table printed a block at a time settled: the
/// columns shown and their widths, borders included, which later blocks
/// keep so that the blocks read as one table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layout {
    shown: Vec<usize>,
    widths: Vec<u16>,
}

impl Layout {
    /// The columns shown, by their place in the list's columns.
    pub fn shown(&self) -> &[usize] {
        &self.shown
    }

    /// Reads the widths off a rendered block's top border (`┌───┬──┐`).
    pub fn of(rendered: &str, shown: Vec<usize>) -> Self {
        let top = rendered.lines().next().unwrap_or("");
        let inner = top.trim_start_matches('┌').trim_end_matches('┐');
        let widths = inner
            .split('┬')
            .map(|w| u16::try_from(w.chars().count()).unwrap_or(u16::MAX))
            .collect();
        Self { shown, widths }
    }
}

/// One block of a table: the whole table when `layout` is none, else rows
/// under the columns and widths of an earlier block. A cell that may not
/// wrap and is wider than its column's earlier width widens the column
/// rather than split (the one case where blocks do not align).
pub fn block(
    columns: &[Column],
    rows: Vec<Vec<String>>,
    layout: Option<&Layout>,
) -> (Table, Vec<usize>) {
    let rows: Vec<Vec<String>> = rows.into_iter().map(row).collect();
    let natural = |i: usize| {
        let cells = rows.iter().map(|r| r[i].chars().count());
        cells
            .chain([columns[i].title.chars().count()])
            .max()
            .unwrap_or(0)
            + 3
    };
    let width = available_width();
    let shown = match layout {
        Some(layout) => layout.shown.clone(),
        None => fitting(columns, width, natural),
    };
    let mut t = table(&shown.iter().map(|&i| columns[i].title).collect::<Vec<_>>());
    if let Some(width) = width {
        t.set_width(width);
    }
    for r in &rows {
        t.add_row(shown.iter().map(|&i| r[i].clone()).collect::<Vec<_>>());
    }
    for (position, &i) in shown.iter().enumerate() {
        let Some(column) = t.column_mut(position) else {
            continue;
        };
        let earlier = layout.and_then(|l| l.widths.get(position).copied());
        match earlier {
            // `natural` counts a border; the earlier width counts one too.
            Some(w) if columns[i].wraps || natural(i) - 1 <= usize::from(w) => {
                column.set_constraint(ColumnConstraint::Absolute(Width::Fixed(w)));
            }
            _ if !columns[i].wraps => {
                column.set_constraint(ColumnConstraint::ContentWidth);
            }
            _ => {}
        }
    }
    (t, shown)
}

/// The columns that fit `width`: the most dispensable left out first.
fn fitting(columns: &[Column], width: Option<u16>, natural: impl Fn(usize) -> usize) -> Vec<usize> {
    let mut shown: Vec<usize> = (0..columns.len()).collect();
    if let Some(width) = width.map(usize::from) {
        while 1 + shown.iter().map(|&i| natural(i)).sum::<usize>() > width {
            let Some(&last) = shown
                .iter()
                .filter(|&&i| columns[i].drop_order > 0)
                .max_by_key(|&&i| (columns[i].drop_order, i))
            else {
                break;
            };
            shown.retain(|&i| i != last);
        }
    }
    shown
}

pub fn table(header: &[&str]) -> Table {
    let mut t = Table::new();
    t.load_preset(presets::UTF8_FULL_CONDENSED)
        .set_header(header.to_vec());
    fit(&mut t);
    t
}

/// Wraps a table's cells to the width available. A terminal that tells no
/// width (a pseudo-terminal nobody sized) gets the table as wide as its
/// content, not squeezed into nothing.
fn fit(t: &mut Table) {
    if let Some(width) = available_width().filter(|&w| w > 0) {
        t.set_content_arrangement(ContentArrangement::Dynamic)
            .set_width(width);
    }
}

/// A single record as two aligned columns.
pub fn record(rows: &[(&str, String)]) -> String {
    let mut t = Table::new();
    t.load_preset(presets::NOTHING);
    fit(&mut t);
    for (key, value) in rows {
        t.add_row(vec![key.to_string(), safe(value)]);
    }
    // The table pads every cell to its column's width, the last too.
    t.to_string()
        .lines()
        .map(str::trim_end)
        .collect::<Vec<_>>()
        .join("\n")
}

pub fn collaborator_rows(c: &Collaborator) -> Vec<(&'static str, String)> {
    vec![
        ("ID", c.id.to_string()),
        ("Name", c.name.to_string()),
        ("E-mail", c.email.to_string()),
        ("Department", c.department.to_string()),
        ("Created", local_with_offset(&c.created_at)),
        ("Updated", local_with_offset(&c.updated_at)),
        (
            "Deactivated",
            c.deactivated_at
                .as_ref()
                .map_or_else(|| "no".to_owned(), local_with_offset),
        ),
    ]
}

pub fn collaborator(c: &Collaborator) -> String {
    record(&collaborator_rows(c))
}

#[cfg(test)]
mod safety {
    use super::*;

    #[test]
    fn cells_show_reordering_characters_by_their_code() {
        assert_eq!(safe("Bill\u{202E}euqoB"), "Bill<U+202E>euqoB");
        assert_eq!(safe("Aliénor"), "Aliénor");
        let shown = record(&[("Name", "\u{2066}x\u{2069}".to_owned())]);
        assert!(!shown.chars().any(is_bidi_control), "{shown}");
        assert!(shown.contains("<U+2066>x<U+2069>"), "{shown}");
    }
}
