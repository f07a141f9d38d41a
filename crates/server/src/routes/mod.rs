//! The API's routes, one module per resource, and the document they make.

pub mod archive;
pub mod clients;
pub mod collaborators;
pub mod contracts;
pub mod events;
pub mod health;
pub mod history;
pub mod inbox;
pub mod session;
