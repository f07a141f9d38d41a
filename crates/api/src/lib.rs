//! The contract between every client of the CRM and its services: the
//! [`Crm`] interface, the values that cross it, the one error form, and
//! each route's method and path. The command line's local mode implements
//! it in-process, the HTTP client over the wire, and the server answers
//! it; none of it knows a database. With the `openapi` feature the types
//! carry their OpenAPI schemas, for the server's document.

mod clients;
mod collaborators;
mod contracts;
mod crm;
mod error;
mod events;
mod handover;
mod history;
mod import;
mod inbox;
pub mod limits;
pub mod routes;
mod session;
pub mod token;
mod updated;

pub use clients::{ClientChanges, ClientQuery, NewClient};
pub use collaborators::{CollaboratorQuery, NewCollaborator, Unlocked, UpdateCollaborator};
pub use contracts::{ContractChanges, ContractQuery, NewContract, NewPayment, SignOutcome};
pub use crm::Crm;
pub use error::{ApiError, ErrorKind};
pub use events::{EventChanges, EventQuery, NewEvent, SupportAssignment};
pub use handover::{HandedOver, Handover};
pub use history::TrailQuery;
pub use import::{
    CellError, CreatedClient, CreatedContract, ImportOutcome, ImportReport, ImportRequest,
    ImportedEvent, SheetCell, SheetEvent,
};
pub use inbox::{InboxRequest, Unread};
pub use session::{
    LoginOutcome, LoginRequest, LoginResponse, LogoutResponse, PasswordChange, PasswordChanged,
    WhoAmI,
};
pub use token::SessionToken;
pub use updated::Updated;
