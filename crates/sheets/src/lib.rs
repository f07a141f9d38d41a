//! Lists as spreadsheets read them: every field in its own column, amounts
//! as plain decimals, times as `YYYY-MM-DD HH:MM` in the reader's time zone
//! (the machine's on the command line, the company's on the web pages).
//! Events use the support team's own labels, so that an export reads back
//! as their plain-table layout. The command line and the web pages give the
//! same files from here.

use chrono::{NaiveDateTime, TimeZone};

use epicevents_domain::time::in_zone;
use epicevents_domain::{Client, Collaborator, Contact, Contract, Event, Money};

mod csv_stream;
mod xlsx;
pub use csv_stream::{CsvDialect, CsvStream, neutralised};
pub use xlsx::XlsxStream;

pub mod reading;

/// Why a sheet could not be written.
#[derive(Debug, thiserror::Error)]
pub enum SheetError {
    #[error("cannot write CSV: {0}")]
    Csv(String),
    #[error("cannot write the workbook: {0}")]
    Xlsx(#[from] rust_xlsxwriter::XlsxError),
}

/// A list's columns for export, and the cells of one row.
pub struct Sheet<T> {
    pub headers: &'static [&'static str],
    pub record: fn(&T) -> Vec<Cell>,
}

/// One exported value, typed so that a spreadsheet gets numbers, amounts
/// and times, not text that looks like them.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Number(i64),
    Amount(Money),
    /// A stored (UTC) time, shown in this machine's time zone.
    Time(NaiveDateTime),
}

impl Cell {
    /// The cell as CSV writes it: amounts as plain decimals (`1234.56`),
    /// times as `YYYY-MM-DD HH:MM` in `zone`.
    pub fn text<Z: TimeZone>(&self, zone: &Z) -> String
    where
        Z::Offset: std::fmt::Display,
    {
        match self {
            Cell::Text(t) => t.clone(),
            Cell::Number(n) => n.to_string(),
            Cell::Amount(m) => amount(*m),
            Cell::Time(t) => in_zone(t, zone),
        }
    }
}

fn text(t: impl ToString) -> Cell {
    Cell::Text(t.to_string())
}

pub(crate) fn amount(m: Money) -> String {
    let cents = m.cents();
    format!("{}.{:02}", cents / 100, cents % 100)
}

/// An amount, or nothing where the contract's amounts are unknown.
fn known(c: &Contract, amount: Money) -> Cell {
    if c.amounts_known {
        Cell::Amount(amount)
    } else {
        Cell::Text(String::new())
    }
}

/// The sheet's own number: a number where it is one, as a spreadsheet
/// would hold it.
fn reference(r: &Option<String>) -> Cell {
    match r.as_deref().map(|r| (r, r.parse::<i64>())) {
        Some((_, Ok(n))) => Cell::Number(n),
        Some((r, Err(_))) => text(r),
        None => text(""),
    }
}

fn name(c: &Option<Contact>) -> Cell {
    Cell::Text(c.as_ref().map_or_else(String::new, |c| c.name.to_string()))
}

pub const CLIENTS: Sheet<Client> = Sheet {
    headers: &[
        "Client ID",
        "Name",
        "Company",
        "E-mail",
        "Phone",
        "Sales contact",
        "First contact",
        "Last update",
    ],
    record: |c| {
        vec![
            Cell::Number(c.id.0.into()),
            text(&c.name),
            text(&c.company),
            text(&c.email),
            text(&c.phone),
            name(&c.sales_contact),
            Cell::Time(c.created_at),
            Cell::Time(c.updated_at),
        ]
    },
};

pub const CONTRACTS: Sheet<Contract> = Sheet {
    headers: &[
        "Contract ID",
        "Client ID",
        "Client name",
        "Company",
        "Sales contact",
        "Total",
        "Due",
        "Signed",
        "Created",
    ],
    record: |c| {
        vec![
            Cell::Number(c.id.0.into()),
            Cell::Number(c.client.id.0.into()),
            text(&c.client.name),
            text(&c.client.company),
            name(&c.sales_contact),
            known(c, c.total),
            known(c, c.due),
            text(if c.signed { "yes" } else { "no" }),
            Cell::Time(c.created_at),
        ]
    },
};

/// "Event ID" and "Contract ID" are the support team's own numbers (empty
/// for records the CRM created); "CRM ID" and "CRM contract" are the CRM's,
/// which an import of this sheet matches first.
pub const EVENTS: Sheet<Event> = Sheet {
    headers: &[
        "CRM ID",
        "Event",
        "Event ID",
        "CRM contract",
        "Contract ID",
        "Client name",
        "Client contact",
        "Event date start",
        "Event date end",
        "Support contact",
        "Location",
        "Attendees",
        "Notes",
    ],
    record: |e| {
        vec![
            Cell::Number(e.id.0.into()),
            text(&e.name),
            reference(&e.external_ref),
            Cell::Number(e.contract_id.0.into()),
            reference(&e.contract_external_ref),
            text(&e.client.name),
            Cell::Text(format!("{}\n{}", e.client.email, e.client.phone)),
            Cell::Time(e.starts_at),
            Cell::Time(e.ends_at),
            name(&e.support_contact),
            text(&e.location),
            Cell::Number(e.attendees.get().into()),
            text(&e.notes),
        ]
    },
};

pub const COLLABORATORS: Sheet<Collaborator> = Sheet {
    headers: &[
        "Collaborator ID",
        "Name",
        "E-mail",
        "Department",
        "Deactivated",
    ],
    record: |c| {
        vec![
            Cell::Number(c.id.0.into()),
            text(&c.name),
            text(&c.email),
            text(c.department),
            c.deactivated_at.map_or_else(|| text(""), Cell::Time),
        ]
    },
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_are_plain_decimals() {
        assert_eq!(amount(Money::from_cents(12_345_678).unwrap()), "123456.78");
        assert_eq!(amount(Money::from_cents(5).unwrap()), "0.05");
    }
}
