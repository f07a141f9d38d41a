//! One event of an imported sheet: its cells read by the rules a record
//! typed by hand obeys, its client, contract and support contact found (or,
//! when asked, the client and contract created), then the event created or
//! brought up to date. Every problem is kept with its cell; an event with
//! one writes nothing, and the import as a whole is then refused.

use std::collections::HashMap;
use std::str::FromStr;

use chrono::NaiveDateTime;

use super::known::Known;
use super::rights::{Field, Rights, Told};
use super::{CellError, ImportOutcome, ImportReport, ImportedEvent, SheetCell, SheetEvent, Staff};
use crate::ServiceError;
use epicevents_domain::history::Kind;
use epicevents_domain::policy::act;
use epicevents_domain::policy::{Action, Denied};
use epicevents_domain::{
    Attendees, Collaborator, CollaboratorId, EventId, EventName, Location, Notes, Region,
    ValidationError, check_span,
};
use epicevents_store::DbConnection;
use epicevents_store::access::Actor;
use epicevents_store::events::{self as rows, Details};
use epicevents_store::imports::{self, ImportPermit, ImportedEvent as Row};

pub(super) struct Import<'a> {
    pub actor: &'a Actor,
    /// Management's right to create the sheet's new records; without it,
    /// an import only changes what the CRM holds.
    pub creating: Option<&'a ImportPermit>,
    pub now: NaiveDateTime,
    pub staff: &'a Staff,
    /// The sales rep of the clients the import creates; none: it creates none.
    pub owner: Option<&'a Collaborator>,
    pub region: Region,
    pub report: ImportReport,
    pub errors: Vec<CellError>,
    /// Each event number met so far, and the cell it was in.
    pub seen: HashMap<String, String>,
    pub known: Known,
    /// What the trail records: the kind of record, its id, what happened.
    /// The trail's entries: the record, its id, what happened and, for
    /// an update, its changes old → new (JSON, as every update writes).
    pub audit: Vec<(Kind, i32, String, Option<String>)>,
    /// Who is told what, once every event is written.
    pub notices: Vec<Told>,
}

/// A cell's trimmed text, and where it is; `None` when empty or absent.
pub(super) fn filled(cell: &Option<SheetCell>) -> Option<(&str, &str)> {
    cell.as_ref()
        .map(|c| (c.at.as_str(), c.text.trim()))
        .filter(|(_, text)| !text.is_empty())
}

/// The longest sheet number kept (`Event ID`, `Contract ID`).
const MAX_REFERENCE: usize = 64;

/// Where a cell is, or the event's own place when the sheet lacks it.
pub(super) fn at(cell: &Option<SheetCell>, origin: &str) -> String {
    cell.as_ref().map_or(origin, |c| c.at.as_str()).to_owned()
}

/// A rule broken by a cell, said with the sheet's label.
pub(super) fn broken(label: &str, e: &ValidationError) -> String {
    format!("{label} {}", e.rule)
}

/// The values an event's own cells give, all read.
struct Values {
    name: EventName,
    starts_at: NaiveDateTime,
    ends_at: NaiveDateTime,
    location: Location,
    attendees: Attendees,
    notes: Notes,
    support: Option<CollaboratorId>,
}

impl Import<'_> {
    /// The id of a record this import created, as the report shows it: a
    /// dry run's rolled-back ids mean nothing.
    pub(super) fn created(&self, id: i32) -> Option<i32> {
        (!self.report.dry_run).then_some(id)
    }

    pub(super) fn audit(&mut self, record: Kind, subject: i32, detail: String) {
        self.audit.push((record, subject, detail, None));
    }

    pub(super) fn problem(&mut self, at: &str, message: impl Into<String>) {
        self.errors.push(CellError::new(at, message));
    }

    /// The cell read as `T`, or a problem named with `label`.
    fn parsed<T: FromStr<Err = ValidationError>>(
        &mut self,
        origin: &str,
        cell: &Option<SheetCell>,
        label: &str,
        required: bool,
    ) -> Option<T> {
        let Some((at, text)) = filled(cell) else {
            if required {
                let at = at(cell, origin);
                self.problem(&at, format!("{label} is empty"));
                return None;
            }
            return "".parse().ok();
        };
        match text.parse() {
            Ok(value) => Some(value),
            Err(e) => {
                self.problem(at, broken(label, &e));
                None
            }
        }
    }

    fn time(
        &mut self,
        origin: &str,
        cell: &Option<SheetCell>,
        read: Option<NaiveDateTime>,
        label: &str,
    ) -> Option<NaiveDateTime> {
        match (read, filled(cell)) {
            (Some(t), _) => Some(t),
            // The caller could not read it, and said why.
            (None, Some(_)) => None,
            (None, None) => {
                let at = at(cell, origin);
                self.problem(&at, format!("{label} is empty"));
                None
            }
        }
    }

    fn support(&mut self, cell: &Option<SheetCell>) -> Option<Option<CollaboratorId>> {
        let Some((at, name)) = filled(cell) else {
            return Some(None);
        };
        match self.staff.named(name) {
            [one] => Some(Some(one.id)),
            [] => {
                self.problem(at, format!("no support collaborator named \"{name}\""));
                None
            }
            many => {
                let ids: Vec<String> = many.iter().map(|c| format!("#{}", c.id)).collect();
                self.problem(
                    at,
                    format!(
                        "{} support collaborators are named \"{name}\" ({}): assign the event by id afterwards",
                        many.len(),
                        ids.join(", ")
                    ),
                );
                None
            }
        }
    }

    fn values(&mut self, sheet: &SheetEvent) -> Option<Values> {
        let origin = sheet.origin.as_str();
        let name = self.parsed::<EventName>(origin, &sheet.name, "Event", true);
        let starts_at = self.time(origin, &sheet.starts, sheet.starts_at, "Event date start");
        let ends_at = self.time(origin, &sheet.ends, sheet.ends_at, "Event date end");
        if let (Some(s), Some(e)) = (starts_at, ends_at)
            && let Err(e) = check_span(s, e)
        {
            let at = at(&sheet.ends, origin);
            self.problem(&at, broken("Event date end", &e));
        }
        let location = self.parsed::<Location>(origin, &sheet.location, "Location", true);
        let attendees = self.attendees(origin, &sheet.attendees);
        let notes = self.parsed::<Notes>(origin, &sheet.notes, "Notes", false);
        let support = self.support(&sheet.support);
        Some(Values {
            name: name?,
            starts_at: starts_at?,
            ends_at: ends_at?,
            location: location?,
            attendees: attendees?,
            notes: notes?,
            support: support?,
        })
    }

    /// A number, or a number as text; "75.0" from a sheet's number cell too.
    fn attendees(&mut self, origin: &str, cell: &Option<SheetCell>) -> Option<Attendees> {
        if let Some(whole) = filled(cell).and_then(|(_, t)| t.strip_suffix(".0")) {
            let cell = cell.as_ref().map(|c| SheetCell {
                at: c.at.clone(),
                text: whole.to_owned(),
            });
            return self.parsed(origin, &cell, "Attendees", true);
        }
        self.parsed(origin, cell, "Attendees", true)
    }

    /// One event of the sheet.
    pub fn event(&mut self, c: &mut DbConnection, sheet: &SheetEvent) -> Result<(), ServiceError> {
        let before = self.errors.len();
        let origin = sheet.origin.as_str();
        let crm_id = self.number(&sheet.crm_id, "CRM ID");
        let event_ref = self.reference(&sheet.event_ref, "Event ID");
        match &event_ref {
            Some((at, r)) => {
                if let Some(first) = self.seen.insert(r.clone(), at.clone()) {
                    self.problem(at, format!("Event ID {r} is also at {first}"));
                }
            }
            None if crm_id.is_none() && filled(&sheet.event_ref).is_none() => {
                let at = at(&sheet.event_ref, origin);
                self.problem(
                    &at,
                    "Event ID is empty: the sheet's number is what lets a second import update the event instead of creating it twice",
                );
            }
            None => {}
        }
        // Every cell is judged, the client and contract too, so that one
        // pass reports all of a block's problems.
        let values = self.values(sheet);
        let Some(contract) = self.contract(c, sheet)? else {
            return Ok(());
        };
        let existing = match (crm_id, &event_ref) {
            (Some(id), _) => match self.known.events_by_id.get(&id) {
                Some(e) => Some(e.clone()),
                None => {
                    let at = at(&sheet.crm_id, origin);
                    self.problem(&at, format!("CRM ID: no event {id}"));
                    return Ok(());
                }
            },
            (None, Some((_, r))) => self.known.events_by_ref.get(r).cloned(),
            (None, None) => None,
        };
        let Some(values) = values.filter(|_| self.errors.len() == before) else {
            return Ok(());
        };
        let event_ref = match (&event_ref, &existing) {
            (Some((_, r)), _) => r.clone(),
            (None, Some(e)) => e.external_ref.clone().unwrap_or_default(),
            (None, None) => String::new(),
        };
        let row = Row {
            contract,
            details: Details {
                name: &values.name,
                starts_at: values.starts_at,
                ends_at: values.ends_at,
                location: &values.location,
                attendees: values.attendees,
                notes: &values.notes,
            },
            support: values.support,
            external_ref: &event_ref,
        };
        let Some(event) = existing else {
            let Some(permit) = self.creating else {
                let denied = self.actor.permit::<act::EventImportCreate>();
                let rule = denied
                    .err()
                    .map_or_else(String::new, |d: Denied| d.to_string());
                self.problem(
                    origin,
                    format!("the CRM has no event {event_ref} yet, and {rule}"),
                );
                return Ok(());
            };
            let id = imports::create_event(c, permit, &row, self.now)?;
            let detail = format!("created event {id} from sheet event {event_ref} ({origin})");
            self.audit(Kind::Event, id.0, detail);
            if let Some(support) = values.support {
                self.told(
                    Action::EventAssign,
                    id,
                    values.name.as_str(),
                    vec![Some(support)],
                    true,
                );
            }
            self.done(
                sheet,
                &event_ref,
                &values.name,
                id,
                ImportOutcome::Created,
                vec![],
            );
            return Ok(());
        };
        // An archived event is read-only, to an import as to anyone.
        if event.archived_at.is_some() {
            self.problem(
                origin,
                format!(
                    "event {} is archived; restore it first, or leave it out of the sheet",
                    event.id
                ),
            );
            return Ok(());
        }
        if event.contract_id != contract {
            let at = at(&sheet.contract_ref, origin);
            self.problem(
                &at,
                format!(
                    "event {} is for contract {}, not contract {contract}",
                    event.id, event.contract_id
                ),
            );
            return Ok(());
        }
        if let (Some(stored), false) = (&event.external_ref, event_ref.is_empty())
            && *stored != event_ref
        {
            let at = at(&sheet.event_ref, origin);
            self.problem(
                &at,
                format!(
                    "event {} is the sheet's event {stored}, not {event_ref}",
                    event.id
                ),
            );
            return Ok(());
        }
        // An empty support cell keeps whoever runs the event: taking an
        // event from its support contact is not an import's decision.
        let support = values
            .support
            .or(event.support_contact.as_ref().map(|s| s.id));
        let row = Row { support, ..row };
        let changed: Vec<Field> = [
            (Field::Name, event.name == values.name),
            (Field::Start, event.starts_at == values.starts_at),
            (Field::End, event.ends_at == values.ends_at),
            (Field::Location, event.location == values.location),
            (Field::Attendees, event.attendees == values.attendees),
            (Field::Notes, event.notes == values.notes),
            (
                Field::Support,
                event.support_contact.as_ref().map(|s| s.id) == support,
            ),
            (
                Field::EventRef,
                event.external_ref.as_deref().unwrap_or("") == event_ref,
            ),
        ]
        .into_iter()
        .filter_map(|(field, same)| (!same).then_some(field))
        .collect();
        if changed.is_empty() {
            self.done(
                sheet,
                &event_ref,
                &values.name,
                event.id,
                ImportOutcome::Unchanged,
                Vec::new(),
            );
            return Ok(());
        }
        let Some(Rights { update, assign }) = self.rights(sheet, &event, &changed) else {
            return Ok(());
        };
        if let Some(permit) = &update {
            imports::update_event(c, permit, &row.details, &event_ref, self.now)?;
        }
        if let (Some(permit), Some(to)) = (&assign, support) {
            rows::set_support_contact(c, permit, to, self.now)?;
        }
        let to = support.filter(|_| assign.is_some());
        self.told_of_update(&event, values.name.as_str(), update.is_some(), to);
        let changed: Vec<String> = changed.iter().map(|f| f.key().to_owned()).collect();
        let detail = format!(
            "updated event {} from {origin}: {}",
            event.id,
            changed.join(", ")
        );
        // Old → new, as a single update's entry has them.
        let after = rows::get(c, event.id.0)?.ok_or(ServiceError::NotFound {
            what: "event",
            id: event.id.0,
        })?;
        let changes = <epicevents_domain::Event as epicevents_domain::history::Changes>::changes(
            &event, &after,
        );
        let changes =
            (!changes.is_empty()).then(|| serde_json::to_string(&changes).unwrap_or_default());
        self.audit.push((Kind::Event, event.id.0, detail, changes));
        self.done(
            sheet,
            &event_ref,
            &values.name,
            event.id,
            ImportOutcome::Updated,
            changed,
        );
        Ok(())
    }

    fn done(
        &mut self,
        sheet: &SheetEvent,
        event_ref: &str,
        name: &EventName,
        id: EventId,
        outcome: ImportOutcome,
        changed: Vec<String>,
    ) {
        let id = match outcome {
            ImportOutcome::Created => self.created(id.0),
            _ => Some(id.0),
        };
        let report = &mut self.report;
        match outcome {
            ImportOutcome::Created => report.created += 1,
            ImportOutcome::Updated => report.updated += 1,
            ImportOutcome::Unchanged => report.unchanged += 1,
        }
        report.events.push(ImportedEvent {
            origin: sheet.origin.clone(),
            event_ref: event_ref.to_owned(),
            name: name.to_string(),
            id,
            outcome,
            changed,
        });
    }

    /// The sheet's own number for a record, kept as text: at most
    /// [`MAX_REFERENCE`] characters, as every backend's column holds.
    pub(super) fn reference(
        &mut self,
        cell: &Option<SheetCell>,
        label: &str,
    ) -> Option<(String, String)> {
        let (at, text) = filled(cell)?;
        if text.chars().count() > MAX_REFERENCE {
            self.problem(
                at,
                format!("{label} must be at most {MAX_REFERENCE} characters"),
            );
            return None;
        }
        Some((at.to_owned(), text.to_owned()))
    }

    /// A whole number in a cell (an id the CRM gave), if the cell has one.
    pub(super) fn number(&mut self, cell: &Option<SheetCell>, label: &str) -> Option<i32> {
        let (at, text) = filled(cell)?;
        let n = super::known::number(text);
        if n.is_none() {
            self.problem(at, format!("{label} must be a whole number"));
        }
        n
    }
}
