//! What an import may change of an event the CRM holds: exactly what its
//! importer could change with single commands, field by field. A cell that
//! would change what the importer may not is refused by that cell, with the
//! rule; and whoever a change concerns is told, as after a command.

use epicevents_domain::history::Kind;
use epicevents_domain::policy::{Action, Denied, act};
use epicevents_domain::{CollaboratorId, Event, EventId};
use epicevents_store::access::{Actor, Permit};
use epicevents_store::{DbConnection, notifications};

use super::SheetEvent;
use super::event::{Import, at};
use crate::ServiceError;
use crate::notify::{self, Notice, Telling};

/// A field of an event an update through the sheet may change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Field {
    Name,
    Start,
    End,
    Location,
    Attendees,
    Notes,
    Support,
    EventRef,
}

impl Field {
    /// How the report names it among an update's changes.
    pub(super) fn key(self) -> &'static str {
        match self {
            Self::Name => "name",
            Self::Start => "start",
            Self::End => "end",
            Self::Location => "location",
            Self::Attendees => "attendees",
            Self::Notes => "notes",
            Self::Support => "support contact",
            Self::EventRef => "event id",
        }
    }

    /// The cell it is read from, and the sheet's label for it.
    fn cell(self, sheet: &SheetEvent) -> (&Option<super::SheetCell>, &'static str) {
        match self {
            Self::Name => (&sheet.name, "Event"),
            Self::Start => (&sheet.starts, "Event date start"),
            Self::End => (&sheet.ends, "Event date end"),
            Self::Location => (&sheet.location, "Location"),
            Self::Attendees => (&sheet.attendees, "Attendees"),
            Self::Notes => (&sheet.notes, "Notes"),
            Self::Support => (&sheet.support, "Support contact"),
            Self::EventRef => (&sheet.event_ref, "Event ID"),
        }
    }

    /// Whose right a change is: the support contact is handed over
    /// (`event.assign`); everything else, the sheet's number included, is
    /// the event's details (`event.update`).
    fn is_handover(self) -> bool {
        self == Self::Support
    }
}

/// The permits the changes of one event need, once each was granted.
pub(super) struct Rights {
    pub update: Option<Permit<act::EventUpdate>>,
    pub assign: Option<Permit<act::EventAssign>>,
}

/// Someone to tell about a change an import made, once it is written.
pub(super) struct Told {
    action: Action,
    event: EventId,
    name: String,
    to: Vec<Option<CollaboratorId>>,
    /// The client's sales rep is told of a hand-over too.
    seller: bool,
}

impl Told {
    pub(super) fn tell(
        &self,
        c: &mut DbConnection,
        when: Telling,
        actor: &Actor,
    ) -> Result<(), ServiceError> {
        let mut to = self.to.clone();
        if self.seller {
            to.push(notifications::seller_of_event(c, self.event.0)?);
        }
        let notice = Notice {
            action: self.action,
            record: Kind::Event,
            subject: self.event.0,
            about: &self.name,
        };
        notify::notify(c, when, actor, &notice, to)
    }
}

impl Import<'_> {
    /// Asks the policy for each kind of change in `changed` to `event`; a
    /// refusal is recorded at each cell it concerns, and gives `None`.
    pub(super) fn rights(
        &mut self,
        sheet: &SheetEvent,
        event: &Event,
        changed: &[Field],
    ) -> Option<Rights> {
        let id = event.id.0;
        let details = changed.iter().any(|f| !f.is_handover());
        let handover = changed.iter().any(|f| f.is_handover());
        let update = details.then(|| {
            self.actor
                .permit_on::<act::EventUpdate, Event>(Some(event), id)
        });
        let assign = handover.then(|| {
            self.actor
                .permit_on::<act::EventAssign, Event>(Some(event), id)
        });
        if let Some(Err(denied)) = &update {
            self.refuse(sheet, event, changed, false, denied);
        }
        if let Some(Err(denied)) = &assign {
            self.refuse(sheet, event, changed, true, denied);
        }
        match (update.transpose(), assign.transpose()) {
            (Ok(update), Ok(assign)) => Some(Rights { update, assign }),
            _ => None,
        }
    }

    /// Each cell of `changed` that is (or is not) a hand-over, refused.
    fn refuse(
        &mut self,
        sheet: &SheetEvent,
        event: &Event,
        changed: &[Field],
        handover: bool,
        denied: &Denied,
    ) {
        let runs = match &event.support_contact {
            Some(s) if s.id == self.actor.id() => "you run it".to_owned(),
            Some(s) => format!("{} runs it", s.name),
            None => "nobody runs it yet".to_owned(),
        };
        for field in changed.iter().filter(|f| f.is_handover() == handover) {
            let (cell, label) = field.cell(sheet);
            let at = at(cell, &sheet.origin);
            let id = event.id;
            self.problem(
                &at,
                format!("{label} differs from event {id}'s, and {denied} ({runs})"),
            );
        }
    }

    /// Who hears of changes to `before`'s details, and of its being handed
    /// to `to`: as after `event update` and `event assign`.
    pub(super) fn told_of_update(
        &mut self,
        before: &Event,
        name: &str,
        details: bool,
        to: Option<CollaboratorId>,
    ) {
        let was = before.support_contact.as_ref().map(|s| s.id);
        if details {
            self.told(
                Action::EventUpdate,
                before.id,
                name,
                vec![to.or(was)],
                false,
            );
        }
        if let Some(to) = to.filter(|&t| Some(t) != was) {
            self.told(Action::EventAssign, before.id, name, vec![Some(to)], true);
            self.told(Action::EventUnassign, before.id, name, vec![was], false);
        }
    }

    pub(super) fn told(
        &mut self,
        action: Action,
        event: EventId,
        name: &str,
        to: Vec<Option<CollaboratorId>>,
        seller: bool,
    ) {
        self.notices.push(Told {
            action,
            event,
            name: name.to_owned(),
            to,
            seller,
        });
    }
}
