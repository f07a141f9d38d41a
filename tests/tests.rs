//! Every integration test, in one binary of modules (as ripgrep's are): the
//! whole product is linked once, not once per file. One file's tests run
//! with `cargo test --test tests <module>::`.

#[macro_use]
mod common;

mod archive;
mod authorization;
mod browser;
mod cli_contract;
mod cli_dates;
mod cli_environment;
mod cli_export;
mod cli_handover;
mod cli_import;
mod cli_injection;
mod cli_messages;
mod cli_names;
mod cli_payments;
mod cli_records;
mod cli_session;
mod cli_story;
mod cli_tools;
mod contention;
mod database_grants;
mod database_matrix;
mod database_roles;
mod history;
mod injection;
mod keyset;
mod leaving;
mod mail;
mod notifications;
mod plans;
mod readme;
mod records;
mod server;
mod server_telemetry;
mod sessions;
mod storage;
mod telemetry;
mod web;
