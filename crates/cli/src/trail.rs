//! The whole trail as a list (`history` without a record): a table, JSON,
//! CSV or a workbook, newest first, one entry per row.

use chrono::Local;

use super::history::{author, change};
use super::output::col;
use super::render::View;
use epicevents_domain::history::Entry;
use epicevents_domain::time::in_zone;
use epicevents_sheets::{Cell, Sheet};

/// "event 4", or what a login was tried with.
fn about(e: &Entry) -> String {
    match (e.record, &e.subject) {
        (Some(kind), Some(id)) => format!("{} {id}", kind.as_str()),
        (_, Some(subject)) => subject.clone(),
        _ => String::new(),
    }
}

/// Every changed field as `old → new`, or the trail's words.
fn what(e: &Entry) -> String {
    if e.step.changes.is_empty() {
        return e.step.detail.clone().unwrap_or_default();
    }
    e.step
        .changes
        .iter()
        .map(change)
        .collect::<Vec<_>>()
        .join("; ")
}

pub const TRAIL: View<Entry> = View {
    id: |e| e.id,
    sheet: &TRAIL_SHEET,
    noun: "entries",
    columns: &[
        // What a row means (done or refused, to what, how) is never left
        // out: a denied action must not read as done.
        col("ID", 2, false),
        col("When", 0, false),
        col("Who", 1, true),
        col("Action", 0, false),
        col("Outcome", 0, false),
        col("Record", 0, true),
        col("Changes", 0, true),
    ],
    cells: |e| {
        vec![
            e.id.to_string(),
            in_zone(&e.step.at, &Local),
            author(&e.step),
            e.step.action.clone(),
            e.outcome.clone(),
            about(e),
            what(e),
        ]
    },
};

static TRAIL_SHEET: Sheet<Entry> = Sheet {
    headers: &[
        "Entry ID",
        "When",
        "Actor ID",
        "Actor",
        "Department",
        "Action",
        "Outcome",
        "Record",
        "Record ID",
        "Changes",
    ],
    record: |e| {
        let actor = e.step.actor.as_ref();
        let text = |t: Option<&str>| Cell::Text(t.unwrap_or_default().to_owned());
        vec![
            Cell::Number(e.id.into()),
            Cell::Time(e.step.at),
            actor.map_or_else(|| text(None), |a| Cell::Number(a.id.into())),
            text(actor.map(|a| a.name.as_str())),
            text(actor.map(|a| a.department.as_str())),
            Cell::Text(e.step.action.clone()),
            Cell::Text(e.outcome.clone()),
            text(e.record.map(|k| k.as_str())),
            text(e.subject.as_deref()),
            Cell::Text(what(e)),
        ]
    },
};
