//! A spreadsheet file as grids of typed cells, one per sheet: `.xlsx`,
//! `.xls` and `.ods` through calamine, `.csv` through csv.

use std::io::Cursor;

use calamine::{Data, Reader, open_workbook_auto_from_rs};
use chrono::NaiveDateTime;

use super::bounds;
use epicevents_domain::ValidationError;

/// One cell as the file holds it.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Empty,
    Text(String),
    Number(f64),
    /// A real spreadsheet date: a wall-clock time, no zone.
    Time(NaiveDateTime),
}

impl Value {
    /// The cell as text: whole numbers without a decimal point.
    pub fn text(&self) -> String {
        match self {
            Value::Empty => String::new(),
            Value::Text(t) => t.clone(),
            Value::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => format!("{}", *n as i64),
            Value::Number(n) => n.to_string(),
            Value::Time(t) => t.format("%Y-%m-%d %H:%M:%S").to_string(),
        }
    }

    pub fn is_empty(&self) -> bool {
        match self {
            Value::Empty => true,
            Value::Text(t) => t.trim().is_empty(),
            _ => false,
        }
    }
}

/// One sheet: its name (as cell references quote it) and its rows, the
/// first being the sheet's row 1 and column A.
pub struct Grid {
    pub name: String,
    pub rows: Vec<Vec<Value>>,
}

impl Grid {
    pub fn get(&self, row: usize, col: usize) -> &Value {
        self.rows
            .get(row)
            .and_then(|r| r.get(col))
            .unwrap_or(&Value::Empty)
    }

    /// `Sheet1!B8` for the cell at 0-based `row` and `col`.
    pub fn at(&self, row: usize, col: usize) -> String {
        Self::at_in(&self.name, row, col)
    }

    /// The same, in the sheet named `name`.
    pub fn at_in(name: &str, row: usize, col: usize) -> String {
        let mut letters = String::new();
        let mut n = col + 1;
        while n > 0 {
            let rem = (n - 1) % 26;
            letters.insert(0, char::from(b'A' + rem as u8));
            n = (n - 1) / 26;
        }
        let plain = name.chars().all(|c| c.is_alphanumeric() || c == '_');
        if plain {
            format!("{name}!{letters}{}", row + 1)
        } else {
            format!("'{}'!{letters}{}", name.replace('\'', "''"), row + 1)
        }
    }
}

fn unreadable(file: &str, why: impl std::fmt::Display) -> ValidationError {
    ValidationError::new("file", format!("cannot be read: {file}: {why}"))
}

/// Every sheet of the file `file` (its name, whose extension says how to
/// read it), or only the one named `only`.
pub fn read(file: &str, bytes: &[u8], only: Option<&str>) -> Result<Vec<Grid>, ValidationError> {
    let name = std::path::Path::new(file);
    let extension = name
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    let grids = match extension.as_deref() {
        Some("csv") => {
            bounds::check_size(file, bytes, false)?;
            // As a spreadsheet opening the file names its one sheet.
            let sheet = name
                .file_stem()
                .map_or_else(|| "csv".to_owned(), |n| n.to_string_lossy().into_owned());
            vec![csv_grid(file, sheet, bytes)?]
        }
        Some("xlsx" | "xlsm" | "ods") => {
            bounds::check_size(file, bytes, true)?;
            workbook(file, bytes)?
        }
        Some("xls") => {
            bounds::check_size(file, bytes, false)?;
            workbook(file, bytes)?
        }
        _ => {
            return Err(ValidationError::new(
                "file",
                "must be a .xlsx, .xls, .ods or .csv file",
            ));
        }
    };
    let Some(only) = only else { return Ok(grids) };
    let names: Vec<String> = grids.iter().map(|g| g.name.clone()).collect();
    let chosen: Vec<Grid> = grids.into_iter().filter(|g| g.name == only).collect();
    if chosen.is_empty() {
        return Err(ValidationError::new(
            "sheet",
            format!(
                "no sheet is named \"{only}\"; the file has {}",
                names.join(", ")
            ),
        ));
    }
    Ok(chosen)
}

fn workbook(file: &str, bytes: &[u8]) -> Result<Vec<Grid>, ValidationError> {
    let mut book =
        open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(|e| unreadable(file, e))?;
    let mut grids = Vec::new();
    for name in book.sheet_names() {
        let range = book
            .worksheet_range(&name)
            .map_err(|e| unreadable(file, e))?;
        let (top, left) = range.start().unwrap_or((0, 0));
        bounds::check_rows(&name, top as usize + range.height())?;
        let mut rows = vec![Vec::new(); top as usize];
        for (r, row) in range.rows().enumerate() {
            let mut cells = vec![Value::Empty; left as usize];
            for (c, cell) in row.iter().enumerate() {
                if let Data::String(text) = cell {
                    let at = || Grid::at_in(&name, top as usize + r, left as usize + c);
                    bounds::check_cell(at, text)?;
                }
                cells.push(value(cell));
            }
            rows.push(cells);
        }
        grids.push(Grid { name, rows });
    }
    Ok(grids)
}

fn value(cell: &Data) -> Value {
    match cell {
        Data::Empty | Data::Error(_) => Value::Empty,
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => Value::Text(s.clone()),
        Data::Int(n) => Value::Number(*n as f64),
        Data::Float(f) => Value::Number(*f),
        Data::Bool(b) => Value::Text(b.to_string()),
        Data::DateTime(t) => t
            .as_datetime()
            .map_or_else(|| Value::Number(t.as_f64()), Value::Time),
    }
}

/// A CSV file as one sheet, named `name`. Cells the export wrote with a
/// leading `'` (so that a spreadsheet would not run them) lose it.
/// A CSV file's delimiter, as its first line says: the semicolons French
/// Excel writes (and our `excel-fr` exports), else commas.
fn delimiter(bytes: &[u8]) -> u8 {
    let first = bytes.split(|b| *b == b'\n').next().unwrap_or_default();
    let count = |mark: u8| first.iter().filter(|b| **b == mark).count();
    if count(b';') > count(b',') {
        b';'
    } else {
        b','
    }
}

fn csv_grid(file: &str, name: String, bytes: &[u8]) -> Result<Grid, ValidationError> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter(bytes))
        .from_reader(bytes);
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| unreadable(file, e))?;
        bounds::check_rows(&name, rows.len() + 1)?;
        for (c, cell) in record.iter().enumerate() {
            bounds::check_cell(|| Grid::at_in(&name, rows.len(), c), cell)?;
        }
        rows.push(
            record
                .iter()
                .map(|cell| {
                    let cell = cell.strip_prefix('\u{feff}').unwrap_or(cell);
                    let cell = match cell.strip_prefix('\'') {
                        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest,
                        _ => cell,
                    };
                    if cell.is_empty() {
                        Value::Empty
                    } else {
                        Value::Text(cell.to_owned())
                    }
                })
                .collect(),
        );
    }
    Ok(Grid { name, rows })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_cells_as_spreadsheets_do() {
        let grid = |name: &str| Grid {
            name: name.to_owned(),
            rows: vec![],
        };
        assert_eq!(grid("Sheet1").at(7, 1), "Sheet1!B8");
        assert_eq!(grid("Événements").at(0, 0), "Événements!A1");
        assert_eq!(grid("My sheet").at(0, 26), "'My sheet'!AA1");
        assert_eq!(grid("Bob's").at(9, 27), "'Bob''s'!AB10");
        assert_eq!(grid("x").at(0, 701), "x!ZZ1");
        assert_eq!(grid("x").at(0, 702), "x!AAA1");
    }

    #[test]
    fn whole_numbers_read_without_a_decimal_point() {
        assert_eq!(Value::Number(75.0).text(), "75");
        assert_eq!(Value::Number(2.5).text(), "2.5");
        assert!(Value::Text("  ".into()).is_empty());
        assert!(!Value::Number(0.0).is_empty());
    }
}
