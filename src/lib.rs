//! Epic Events CRM.
//!
//! Layers, each depending only on those below it:
//! `cli` → `service` → `policy` / `domain` / `store`, with `telemetry` beside.

pub mod cli;
pub mod domain;
pub mod policy;
pub mod service;
pub mod store;
pub mod telemetry;
