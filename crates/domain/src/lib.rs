//! Entities and value types. Pure: no I/O, no clock, no database.
//!
//! Every value that crosses a trust boundary (typed by a user, read from a
//! request) is parsed here into a type that cannot hold an invalid value, so the
//! layers above never re-check.

mod collaborator;
mod contact_cell;
mod department;
mod email;
mod fold;
pub mod history;
pub mod inbox;
mod money;
mod page;
mod password;
mod payment;
mod phone;
mod phone_plan;
pub mod policy;
mod records;
mod span;
mod text;
pub mod time;
mod wire;

pub use collaborator::{Collaborator, CollaboratorId};
pub use contact_cell::ContactParts;
pub use department::Department;
pub use email::Email;
pub use fold::{client_search_text, event_search_text, fold, search_pattern, search_words};
pub use money::Money;
pub use page::{BLOCK, COUNT_LIMIT, DEFAULT_LIMIT, Listing, Page, next_block};
pub use password::Password;
pub use payment::{Payment, PaymentKind};
pub use phone::{Phone, Region};
pub use records::{
    Attendees, Client, ClientId, ClientSummary, Contact, Contract, ContractId, Event, EventId,
    MAX_EVENT_DAYS, Owed, check_amounts, check_span,
};
pub use span::Span;
pub use text::{CompanyName, EventName, FullName, Location, Notes, is_bidi_control, search_term};

/// A rejected input: which field, and the rule it broke, in words a user can act on.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid {field}: {rule}")]
pub struct ValidationError {
    pub field: &'static str,
    pub rule: String,
    /// A stable name for the rule, for programs: `invalid` unless a caller
    /// may want to react to this rule in particular.
    pub code: &'static str,
}

impl ValidationError {
    pub fn new(field: &'static str, rule: impl Into<String>) -> Self {
        Self {
            field,
            rule: rule.into(),
            code: "invalid",
        }
    }

    pub fn with_code(mut self, code: &'static str) -> Self {
        self.code = code;
        self
    }
}
