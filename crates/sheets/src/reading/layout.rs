//! The support team's layouts, read into events: vertical blocks (the
//! event's name, then one labelled row per field, blocks stacked with blank
//! rows between them or one per sheet), or a plain table whose header row
//! holds the same labels (what an export writes).

use chrono::TimeZone;

use super::grid::{Grid, Value};
use epicevents_api::{CellError, SheetCell, SheetEvent};
use epicevents_domain::time::{ClockChange, parse_when_resolving};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Label {
    Name,
    EventRef,
    CrmId,
    ContractRef,
    CrmContract,
    ClientName,
    ClientContact,
    Starts,
    Ends,
    Support,
    Location,
    Attendees,
    Notes,
}

fn label(text: &str) -> Option<Label> {
    let text = text.trim().trim_end_matches(':').trim_end().to_lowercase();
    Some(match text.as_str() {
        "event" | "event name" => Label::Name,
        "event id" => Label::EventRef,
        "crm id" => Label::CrmId,
        "contract id" => Label::ContractRef,
        "crm contract" => Label::CrmContract,
        "client name" => Label::ClientName,
        "client contact" => Label::ClientContact,
        "event date start" => Label::Starts,
        "event date end" => Label::Ends,
        "support contact" => Label::Support,
        "location" => Label::Location,
        "attendees" => Label::Attendees,
        "notes" => Label::Notes,
        _ => return None,
    })
}

/// The events a file's sheets hold, and the cells that could not be read.
pub struct Read<Z> {
    /// The zone the sheet's times were written in.
    zone: Z,
    pub events: Vec<SheetEvent>,
    pub errors: Vec<CellError>,
    /// Times a clock change repeats or skips, and how each was read.
    pub clock_changes: Vec<CellError>,
}

impl<Z: TimeZone> Read<Z> {
    pub fn new(zone: Z) -> Self {
        Self {
            zone,
            events: Vec::new(),
            errors: Vec::new(),
            clock_changes: Vec::new(),
        }
    }

    /// Files a labelled cell's value in `event`; times are read here, in
    /// the reader's zone (the machine's on the command line, the
    /// company's on the web pages), as every time they type is.
    fn put(&mut self, event: &mut SheetEvent, label: Label, grid: &Grid, row: usize, col: usize) {
        let value = grid.get(row, col);
        let cell = Some(SheetCell {
            at: grid.at(row, col),
            text: value.text(),
        });
        let mut time = |name: &str| {
            if value.is_empty() {
                return None;
            }
            let typed = match value {
                Value::Number(_) => {
                    self.errors.push(CellError::new(
                        grid.at(row, col),
                        format!("{name} is a number, not a date"),
                    ));
                    return None;
                }
                other => other.text(),
            };
            // A sheet holds no offsets: an hour that happens twice, or not
            // at all, is read as RFC 5545 reads it, and said in the report.
            match parse_when_resolving("start", &typed, &self.zone) {
                Ok((t, change)) => {
                    if let Some(change) = change {
                        let how = match change {
                            ClockChange::Repeated => {
                                "happens twice (clocks go back): read as the first".to_owned()
                            }
                            ClockChange::Skipped { minutes } => format!(
                                "does not exist (clocks go forward): moved {minutes} minutes later"
                            ),
                        };
                        self.clock_changes.push(CellError::new(
                            grid.at(row, col),
                            format!("{name} {} {how}", typed.trim()),
                        ));
                    }
                    Some(t)
                }
                Err(e) => {
                    self.errors.push(CellError::new(
                        grid.at(row, col),
                        format!("{name} {}", e.rule),
                    ));
                    None
                }
            }
        };
        match label {
            Label::Name => event.name = cell,
            Label::EventRef => event.event_ref = cell,
            Label::CrmId => event.crm_id = cell,
            Label::ContractRef => event.contract_ref = cell,
            Label::CrmContract => event.crm_contract = cell,
            Label::ClientName => event.client_name = cell,
            Label::ClientContact => event.client_contact = cell,
            Label::Starts => {
                event.starts_at = time("Event date start");
                event.starts = cell;
            }
            Label::Ends => {
                event.ends_at = time("Event date end");
                event.ends = cell;
            }
            Label::Support => event.support = cell,
            Label::Location => event.location = cell,
            Label::Attendees => event.attendees = cell,
            Label::Notes => event.notes = cell,
        }
    }

    pub fn grid(&mut self, grid: &Grid) {
        let first = grid
            .rows
            .iter()
            .position(|r| r.iter().any(|v| !v.is_empty()));
        let Some(first) = first else { return };
        let labels = grid.rows[first]
            .iter()
            .filter(|v| label(&v.text()).is_some())
            .count();
        if labels >= 3 {
            self.table(grid, first);
        } else {
            self.blocks(grid);
        }
    }

    fn table(&mut self, grid: &Grid, header: usize) {
        let columns: Vec<(usize, Label)> = grid.rows[header]
            .iter()
            .enumerate()
            .filter_map(|(col, v)| label(&v.text()).map(|l| (col, l)))
            .collect();
        for row in header + 1..grid.rows.len() {
            if grid.rows[row].iter().all(Value::is_empty) {
                continue;
            }
            let mut event = SheetEvent {
                origin: grid.at(row, 0),
                ..SheetEvent::default()
            };
            for &(col, label) in &columns {
                self.put(&mut event, label, grid, row, col);
            }
            self.events.push(event);
        }
    }

    fn blocks(&mut self, grid: &Grid) {
        let mut current: Option<SheetEvent> = None;
        for row in 0..grid.rows.len() {
            let a = grid.get(row, 0);
            let b = grid.get(row, 1);
            if a.is_empty() {
                if !b.is_empty() {
                    self.errors.push(CellError::new(
                        grid.at(row, 0),
                        "has no label, though its row has a value",
                    ));
                }
                self.finish(current.take());
                continue;
            }
            match label(&a.text()) {
                Some(label) => {
                    let event = current.get_or_insert_with(|| SheetEvent {
                        origin: grid.at(row, 0),
                        ..SheetEvent::default()
                    });
                    self.put(event, label, grid, row, 1);
                }
                // A title with nothing beside it starts the next block.
                None if b.is_empty() => {
                    self.finish(current.take());
                    current = Some(SheetEvent {
                        origin: grid.at(row, 0),
                        name: Some(SheetCell {
                            at: grid.at(row, 0),
                            text: a.text(),
                        }),
                        ..SheetEvent::default()
                    });
                }
                None => self.errors.push(CellError::new(
                    grid.at(row, 0),
                    format!(
                        "\"{}\" is not one of the sheet's labels (Event ID, Contract ID, Client name, Client contact, Event date start, Event date end, Support contact, Location, Attendees, Notes)",
                        a.text().trim()
                    ),
                )),
            }
        }
        self.finish(current);
    }

    /// Keeps a block that has at least one labelled row: a title alone (a
    /// heading above the blocks) is not an event.
    fn finish(&mut self, block: Option<SheetEvent>) {
        if let Some(event) = block {
            let only_a_title = SheetEvent {
                origin: event.origin.clone(),
                name: event.name.clone(),
                ..SheetEvent::default()
            };
            if event != only_a_title {
                self.events.push(event);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Value {
        if s.is_empty() {
            Value::Empty
        } else {
            Value::Text(s.to_owned())
        }
    }

    fn grid(rows: &[&[&str]]) -> Grid {
        Grid {
            name: "Sheet1".into(),
            rows: rows
                .iter()
                .map(|r| r.iter().map(|c| text(c)).collect())
                .collect(),
        }
    }

    #[test]
    fn blocks_are_read_with_their_cells_and_headings_are_not_events() {
        let mut read = Read::new(chrono::Utc);
        read.grid(&grid(&[
            &["Events 2023", ""],
            &["", ""],
            &["Gala", ""],
            &["Event ID", "7"],
            &["Support contact", "Kate"],
            &["", ""],
            &["Party", ""],
            &["Event ID", "8"],
            &["Evnt date", "x"],
        ]));
        assert_eq!(read.events.len(), 2);
        let gala = &read.events[0];
        assert_eq!(gala.origin, "Sheet1!A3");
        assert_eq!(gala.name.as_ref().unwrap().text, "Gala");
        assert_eq!(
            gala.event_ref,
            Some(SheetCell {
                at: "Sheet1!B4".into(),
                text: "7".into()
            })
        );
        assert_eq!(gala.support.as_ref().unwrap().at, "Sheet1!B5");
        assert_eq!(read.events[1].origin, "Sheet1!A7");
        assert_eq!(read.errors.len(), 1);
        assert_eq!(read.errors[0].cell, "Sheet1!A9");
        assert!(read.errors[0].message.contains("\"Evnt date\""));
    }

    #[test]
    fn a_table_is_one_event_per_row_under_its_labels() {
        let mut read = Read::new(chrono::Utc);
        read.grid(&grid(&[
            &["Event", "Event ID", "Extra", "Support contact"],
            &["Gala", "7", "x", ""],
            &["", "", "", ""],
            &["Party", "8", "y", "Kate"],
        ]));
        assert_eq!(read.events.len(), 2);
        assert_eq!(read.events[1].origin, "Sheet1!A4");
        assert_eq!(read.events[1].support.as_ref().unwrap().at, "Sheet1!D4");
        assert_eq!(read.events[0].name.as_ref().unwrap().text, "Gala");
        assert!(read.errors.is_empty());
    }

    #[test]
    fn times_are_read_as_typed_or_as_dates_and_a_bad_one_is_named_by_its_cell() {
        let mut read = Read::new(chrono::Utc);
        let mut g = grid(&[&["Gala", ""], &["Event date start", "4 Jun 2023 @ 1PM"]]);
        g.rows.push(vec![
            text("Event date end"),
            Value::Time(
                chrono::NaiveDate::from_ymd_opt(2023, 6, 5)
                    .unwrap()
                    .and_hms_opt(2, 0, 0)
                    .unwrap(),
            ),
        ]);
        g.rows.push(vec![text("Attendees"), Value::Number(75.0)]);
        read.grid(&g);
        let gala = &read.events[0];
        assert!(gala.starts_at.is_some() && gala.ends_at.is_some());
        assert_eq!(gala.attendees.as_ref().unwrap().text, "75");

        let mut read = Read::new(chrono::Utc);
        read.grid(&grid(&[&["Gala", ""], &["Event date start", "someday"]]));
        assert_eq!(read.errors[0].cell, "Sheet1!B2");
        assert!(
            read.errors[0]
                .message
                .starts_with("Event date start must be")
        );
    }
}
