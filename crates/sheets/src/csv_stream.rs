//! Lists as CSV: RFC 4180 by default, or as French Excel opens a file in
//! columns (semicolons, decimal commas, UTF-8 with its byte-order mark);
//! cells a spreadsheet would run as formulas are neutralised either way.

use chrono::TimeZone;

use super::{Cell, Sheet, SheetError, amount};

/// How a CSV file is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CsvDialect {
    /// RFC 4180: commas, `1234.56`, UTF-8.
    #[default]
    Rfc4180,
    /// What French Excel opens in columns: semicolons, `1234,56`, UTF-8
    /// with a byte-order mark (without it, Excel reads the accents wrong).
    ExcelFr,
}

impl CsvDialect {
    fn delimiter(self) -> u8 {
        match self {
            Self::Rfc4180 => b',',
            Self::ExcelFr => b';',
        }
    }

    fn cell<Z: TimeZone>(self, cell: &Cell, zone: &Z) -> String
    where
        Z::Offset: std::fmt::Display,
    {
        match (self, cell) {
            (Self::ExcelFr, Cell::Amount(m)) => amount(*m).replace('.', ","),
            _ => cell.text(zone),
        }
    }
}

/// A cell a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, or a
/// tab or carriage return before one) is written with a leading `'`, which
/// spreadsheets read as "text": a client named `=HYPERLINK(…)` stays a name.
/// A phone number (`+33 1 45 67 89 10`) or an amount (`-100`, `1 234,56`)
/// is no formula anyone can abuse, and is left as it is.
pub fn neutralised(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) && !a_number(cell) {
        format!("'{cell}").into()
    } else {
        cell.into()
    }
}

/// A phone number (a `+`, then digits, spaces, parentheses, dots and
/// dashes, six digits at least) or an amount (an optional `-`, then digits
/// with spaces, dots or commas).
fn a_number(cell: &str) -> bool {
    let digits = cell.chars().filter(char::is_ascii_digit).count();
    if let Some(rest) = cell.strip_prefix('+') {
        return digits >= 6
            && rest
                .chars()
                .all(|c| c.is_ascii_digit() || " ().-".contains(c));
    }
    let rest = cell.strip_prefix('-').unwrap_or(cell);
    rest.starts_with(|c: char| c.is_ascii_digit())
        && rest
            .chars()
            .all(|c| c.is_ascii_digit() || " .,".contains(c))
}

/// CSV with a header row, written a block of rows at a time.
pub struct CsvStream<T: 'static, Z> {
    sheet: &'static Sheet<T>,
    zone: Z,
    dialect: CsvDialect,
    started: bool,
}

impl<T, Z: TimeZone> CsvStream<T, Z>
where
    Z::Offset: std::fmt::Display,
{
    /// Times in `zone`, as RFC 4180 writes CSV.
    pub fn new(sheet: &'static Sheet<T>, zone: Z) -> Self {
        Self {
            sheet,
            zone,
            dialect: CsvDialect::default(),
            started: false,
        }
    }

    /// The same, in `dialect`.
    pub fn in_dialect(mut self, dialect: CsvDialect) -> Self {
        self.dialect = dialect;
        self
    }

    fn header(&mut self, writer: &mut csv::Writer<Vec<u8>>) -> Result<(), SheetError> {
        if !self.started {
            self.started = true;
            writer.write_record(self.sheet.headers).map_err(csv_error)?;
        }
        Ok(())
    }

    /// The file's start, for the first block: the byte-order mark.
    fn start(&self) -> &'static str {
        match (self.started, self.dialect) {
            (false, CsvDialect::ExcelFr) => "\u{feff}",
            _ => "",
        }
    }

    pub fn block(&mut self, items: &[T]) -> Result<String, SheetError> {
        let start = self.start();
        let mut writer = csv_writer(self.dialect);
        self.header(&mut writer)?;
        for item in items {
            let cells = (self.sheet.record)(item);
            writer
                .write_record(
                    cells
                        .iter()
                        .map(|c| neutralised(&self.dialect.cell(c, &self.zone)).into_owned()),
                )
                .map_err(csv_error)?;
        }
        Ok(format!("{start}{}", csv_text(writer)?))
    }

    /// The header alone, when no row came.
    pub fn finish(mut self) -> String {
        let start = self.start();
        let mut writer = csv_writer(self.dialect);
        // Constant headers written into memory: nothing here can fail.
        let header = self
            .header(&mut writer)
            .and_then(|()| csv_text(writer))
            .unwrap_or_default();
        match header.is_empty() {
            true => String::new(),
            false => format!("{start}{header}"),
        }
    }
}

fn csv_writer(dialect: CsvDialect) -> csv::Writer<Vec<u8>> {
    csv::WriterBuilder::new()
        .delimiter(dialect.delimiter())
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
    fn formulas_are_neutralised_and_numbers_are_not() {
        assert_eq!(neutralised("=1+1"), "'=1+1");
        assert_eq!(neutralised("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(neutralised("\t=cmd"), "'\t=cmd");
        assert_eq!(neutralised("+cmd|' /C calc'!A0"), "'+cmd|' /C calc'!A0");
        assert_eq!(neutralised("-2+SUM(A1)"), "'-2+SUM(A1)");
        assert_eq!(neutralised("+1+1"), "'+1+1", "no phone: too few digits");
        assert_eq!(neutralised("Kevin Casey"), "Kevin Casey");
        assert_eq!(neutralised("a=b"), "a=b");
        // A phone number or an amount reads as itself.
        assert_eq!(neutralised("+33 1 45 67 89 10"), "+33 1 45 67 89 10");
        assert_eq!(neutralised("+1 (212) 555-0100"), "+1 (212) 555-0100");
        assert_eq!(neutralised("-2"), "-2");
        assert_eq!(neutralised("-1 234,56"), "-1 234,56");
    }

    #[test]
    fn french_excel_gets_semicolons_decimal_commas_and_a_byte_order_mark() {
        static AMOUNTS: Sheet<(&str, i64)> = Sheet {
            headers: &["Name", "Total"],
            record: |(name, cents)| {
                vec![
                    Cell::Text((*name).to_owned()),
                    Cell::Amount(epicevents_domain::Money::from_cents(*cents).unwrap_or_default()),
                ]
            },
        };
        let mut fr = CsvStream::new(&AMOUNTS, chrono::Utc).in_dialect(CsvDialect::ExcelFr);
        let first = fr.block(&[("Zoé; SA", 1_500_000)]).unwrap();
        assert_eq!(first, "\u{feff}Name;Total\r\n\"Zoé; SA\";15000,00\r\n");
        assert_eq!(
            fr.block(&[("B", 5)]).unwrap(),
            "B;0,05\r\n",
            "the mark once"
        );
        assert_eq!(fr.finish(), "");
        let mut plain = CsvStream::new(&AMOUNTS, chrono::Utc);
        assert_eq!(
            plain.block(&[("A", 1_500_000)]).unwrap(),
            "Name,Total\r\nA,15000.00\r\n"
        );
        let empty = CsvStream::new(&AMOUNTS, chrono::Utc).in_dialect(CsvDialect::ExcelFr);
        assert_eq!(empty.finish(), "\u{feff}Name;Total\r\n");
    }
}
