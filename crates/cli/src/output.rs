//! Rendering: aligned tables for people, JSON for programs. Nothing else
//! writes to stdout.

use comfy_table::{ContentArrangement, Table, presets};
use serde::Serialize;

use super::CliError;
use epicevents_domain::time::to_rfc3339;
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
        let text = if self.json {
            serde_json::to_string_pretty(value)
                .map_err(|e| CliError::Local(format!("cannot render JSON: {e}")))?
        } else {
            human()
        };
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

/// Writes one result on stdout. A reader that went away (`| head`) ends the
/// command quietly, as it does other tools: it is not an error to report.
fn print(text: &str) -> Result<(), CliError> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match writeln!(out, "{text}").and_then(|()| out.flush()) {
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

pub fn table(header: &[&str]) -> Table {
    let mut t = Table::new();
    t.load_preset(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_header(header.to_vec());
    t
}

/// A single record as two aligned columns.
pub fn record(rows: &[(&str, String)]) -> String {
    let mut t = Table::new();
    t.load_preset(presets::NOTHING)
        .set_content_arrangement(ContentArrangement::Dynamic);
    for (key, value) in rows {
        t.add_row(vec![key.to_string(), safe(value)]);
    }
    t.to_string()
}

pub fn collaborator_rows(c: &Collaborator) -> Vec<(&'static str, String)> {
    vec![
        ("ID", c.id.to_string()),
        ("Name", c.name.to_string()),
        ("E-mail", c.email.to_string()),
        ("Department", c.department.to_string()),
        ("Created", to_rfc3339(&c.created_at)),
        ("Updated", to_rfc3339(&c.updated_at)),
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
