//! Lists as spreadsheets read them: every field in its own column, amounts
//! as plain decimals, times as `YYYY-MM-DD HH:MM` in the reader's time zone
//! (the machine's on the command line, the company's on the web pages).
//! Events use the support team's own labels, so that an export reads back
//! as their plain-table layout. The command line and the web pages give the
//! same files from here.

use chrono::{NaiveDateTime, TimeZone};

use epicevents_domain::time::in_zone;
use epicevents_domain::{Client, Collaborator, Contact, Contract, Event, Money};

mod xlsx;
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
    /// The cell as CSV writes it: amounts as plain decimals, times as
    /// `YYYY-MM-DD HH:MM` in `zone`.
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

fn amount(m: Money) -> String {
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

/// A cell a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, or a
/// tab or carriage return before one) is written with a leading `'`, which
/// spreadsheets read as "text": a client named `=HYPERLINK(…)` stays a name.
pub fn neutralised(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}").into()
    } else {
        cell.into()
    }
}

/// CSV as RFC 4180 writes it (CRLF, quoted where needed), UTF-8, with a
/// header row; cells a spreadsheet would run as formulas are neutralised.
pub struct CsvStream<T: 'static, Z> {
    sheet: &'static Sheet<T>,
    zone: Z,
    started: bool,
}

impl<T, Z: TimeZone> CsvStream<T, Z>
where
    Z::Offset: std::fmt::Display,
{
    /// Times in `zone`.
    pub fn new(sheet: &'static Sheet<T>, zone: Z) -> Self {
        Self {
            sheet,
            zone,
            started: false,
        }
    }

    fn header(&mut self, writer: &mut csv::Writer<Vec<u8>>) -> Result<(), SheetError> {
        if !self.started {
            self.started = true;
            writer.write_record(self.sheet.headers).map_err(csv_error)?;
        }
        Ok(())
    }

    pub fn block(&mut self, items: &[T]) -> Result<String, SheetError> {
        let mut writer = csv_writer();
        self.header(&mut writer)?;
        for item in items {
            let cells = (self.sheet.record)(item);
            writer
                .write_record(
                    cells
                        .iter()
                        .map(|c| neutralised(&c.text(&self.zone)).into_owned()),
                )
                .map_err(csv_error)?;
        }
        csv_text(writer)
    }

    /// The header alone, when no row came.
    pub fn finish(mut self) -> String {
        let mut writer = csv_writer();
        // Constant headers written into memory: nothing here can fail.
        self.header(&mut writer)
            .and_then(|()| csv_text(writer))
            .unwrap_or_default()
    }
}

fn csv_writer() -> csv::Writer<Vec<u8>> {
    csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new())
}

fn csv_text(writer: csv::Writer<Vec<u8>>) -> Result<String, SheetError> {
    let bytes = writer
        .into_inner()
        .map_err(|e| SheetError::Csv(e.to_string()))?;
    String::from_utf8(bytes).map_err(|e| SheetError::Csv(e.to_string()))
}

fn csv_error(e: csv::Error) -> SheetError {
    SheetError::Csv(e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised_and_text_is_kept() {
        assert_eq!(neutralised("=1+1"), "'=1+1");
        assert_eq!(neutralised("+33 1 02 03 04 05"), "'+33 1 02 03 04 05");
        assert_eq!(neutralised("-2"), "'-2");
        assert_eq!(neutralised("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(neutralised("\t=cmd"), "'\t=cmd");
        assert_eq!(neutralised("Kevin Casey"), "Kevin Casey");
        assert_eq!(neutralised("a=b"), "a=b");
    }

    #[test]
    fn amounts_are_plain_decimals() {
        assert_eq!(amount(Money::from_cents(12_345_678).unwrap()), "123456.78");
        assert_eq!(amount(Money::from_cents(5).unwrap()), "0.05");
    }
}
