//! Lists as Excel workbooks: typed cells (ids and counts as numbers,
//! amounts as numbers with two decimals, times as dates in the reader's
//! time zone), a bold header row that stays in view, and filters on every
//! column. Rows go to disk as they come (the writer's constant-memory
//! mode), so a workbook of any length costs the memory of one block.

use chrono::{NaiveDateTime, TimeZone};
use rust_xlsxwriter::{Format, Workbook};

use super::{Cell, Sheet, SheetError};

pub struct XlsxStream<T: 'static, Z> {
    sheet: &'static Sheet<T>,
    zone: Z,
    workbook: Workbook,
    /// The last row written (0: the header).
    row: u32,
    amount: Format,
    time: Format,
}

/// A stored (UTC) time as the wall-clock time in `zone`: spreadsheets have
/// no time zones.
fn local<Z: TimeZone>(t: &NaiveDateTime, zone: &Z) -> NaiveDateTime {
    zone.from_utc_datetime(t).naive_local()
}

impl<T, Z: TimeZone> XlsxStream<T, Z> {
    /// Times in `zone`.
    pub fn new(sheet: &'static Sheet<T>, title: &str, zone: Z) -> Result<Self, SheetError> {
        let mut workbook = Workbook::new();
        let header = Format::new().set_bold();
        let worksheet = workbook.add_worksheet_with_constant_memory()?;
        worksheet.set_name(title)?;
        for (col, title) in (0u16..).zip(sheet.headers) {
            worksheet.write_string_with_format(0, col, *title, &header)?;
            worksheet.set_column_width(col, title.chars().count().max(12) as f64 + 2.0)?;
        }
        worksheet.set_freeze_panes(1, 0)?;
        Ok(Self {
            sheet,
            zone,
            workbook,
            row: 0,
            amount: Format::new().set_num_format("0.00"),
            time: Format::new().set_num_format("yyyy-mm-dd hh:mm"),
        })
    }

    pub fn block(&mut self, items: &[T]) -> Result<(), SheetError> {
        let worksheet = self.workbook.worksheet_from_index(0)?;
        for item in items {
            self.row += 1;
            for (col, cell) in (0u16..).zip((self.sheet.record)(item)) {
                let row = self.row;
                match cell {
                    // A string cell is never a formula: no neutralising.
                    Cell::Text(t) => worksheet.write_string(row, col, t),
                    Cell::Number(n) => worksheet.write_number(row, col, n as f64),
                    Cell::Amount(m) => worksheet.write_number_with_format(
                        row,
                        col,
                        m.cents() as f64 / 100.0,
                        &self.amount,
                    ),
                    Cell::Time(t) => worksheet.write_datetime_with_format(
                        row,
                        col,
                        local(&t, &self.zone),
                        &self.time,
                    ),
                }?;
            }
        }
        Ok(())
    }

    /// Adds the filters over every row written, then writes the workbook.
    pub fn save<W>(mut self, writer: W) -> Result<(), SheetError>
    where
        W: std::io::Write + std::io::Seek + Send,
    {
        let last_col = u16::try_from(self.sheet.headers.len().saturating_sub(1)).unwrap_or(0);
        let worksheet = self.workbook.worksheet_from_index(0)?;
        worksheet.autofilter(0, 0, self.row, last_col)?;
        self.workbook.save_to_writer(writer)?;
        Ok(())
    }
}
