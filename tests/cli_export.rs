//! Lists leave the CRM as CSV a spreadsheet opens: every row of the list
//! with its filters, a header, nothing a spreadsheet would run, into a file
//! only its owner reads and that is never overwritten by accident.

use crate::common;

use std::os::unix::fs::PermissionsExt;

use chrono::NaiveDate;

use common::machine::Machine;
use common::records::fixture;

fn records(csv_text: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    let headers = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    let rows = reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect();
    (headers, rows)
}

in_both_modes! {
    fn lists_export_to_csv_every_row_and_into_private_files(db: &TestDb, mode: Mode) {
        let ada = Machine::ready_in(db, mode);
        let at = NaiveDate::from_ymd_opt(2030, 1, 1).unwrap().and_hms_opt(9, 0, 0).unwrap();
        for _ in 0..60 {
            fixture(db, None, None, true, at);
        }
        let all = ada.expect(0, &["event", "list", "--format", "csv"], "");
        assert!(all.stdout.contains("\r\n"), "RFC 4180 lines end with CRLF");
        let (headers, rows) = records(&all.stdout);
        assert_eq!(
            headers,
            [
                "CRM ID", "Event", "Event ID", "CRM contract", "Contract ID", "Client name",
                "Client contact", "Event date start", "Event date end", "Support contact",
                "Location", "Attendees", "Notes",
            ]
        );
        assert_eq!(rows.len(), 60, "an export has every row, not a page");
        assert_eq!(rows[0][7], "2030-01-31 09:00", "times in the user's zone (TZ=UTC here)");
        assert_eq!(rows[0][9], "", "an unassigned event has no support contact");
        assert_eq!(rows[0][2], "", "an event typed in the CRM has no sheet number");
        let (_, five) = records(&ada.expect(0, &["client", "list", "--format", "csv", "--limit", "5"], "").stdout);
        assert_eq!(five.len(), 5, "a page when one is asked for");
        let (headers, contracts) = records(&ada.expect(0, &["contract", "list", "--format", "csv"], "").stdout);
        assert_eq!(headers[5], "Total");
        assert_eq!(contracts.len(), 60);
        assert!(contracts[0][5].parse::<f64>().is_ok(), "amounts are plain decimals: {}", contracts[0][5]);

        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("events.csv");
        let path = file.to_str().unwrap();
        let written = ada.expect(0, &["event", "list", "--format", "csv", "--output", path], "");
        assert_eq!(written.stdout, "", "the file has the list, not the terminal");
        assert_eq!(std::fs::read_to_string(&file).unwrap(), all.stdout);
        let mode = std::fs::metadata(&file).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "clients' details are readable by their owner only");
        let refused = ada.expect(7, &["event", "list", "--format", "csv", "--output", path], "");
        assert!(refused.stderr.contains("--force"), "{}", refused.stderr);
        std::fs::write(&file, "kept").unwrap();
        ada.expect(7, &["client", "list", "--output", path], "");
        assert_eq!(std::fs::read_to_string(&file).unwrap(), "kept", "nothing overwritten");
        ada.expect(0, &["event", "list", "--format", "csv", "--output", path, "--force"], "");
        assert_eq!(std::fs::read_to_string(&file).unwrap(), all.stdout);

        let json = ada.expect(0, &["event", "list", "--format", "json"], "");
        assert_eq!(json.stdout, ada.expect(0, &["--json", "event", "list"], "").stdout);
        ada.expect(2, &["--json", "event", "list", "--format", "csv"], "");

        // A refusal leaves no file, and no part of one.
        ada.expect(0, &["logout"], "");
        let refused_file = dir.path().join("refused.csv");
        let run = ada.run_with(&["client", "list", "--format", "csv", "--output", refused_file.to_str().unwrap()], "");
        assert_eq!(run.code, 3, "{}", run.stderr);
        let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(left, [std::ffi::OsString::from("events.csv")]);
    }

    fn lists_export_to_typed_xlsx_workbooks(db: &TestDb, mode: Mode) {
        use calamine::{Data, Reader, Xlsx, open_workbook};
        let ada = Machine::ready_in(db, mode);
        let at = NaiveDate::from_ymd_opt(2030, 1, 1).unwrap().and_hms_opt(9, 0, 0).unwrap();
        for _ in 0..30 {
            fixture(db, None, None, true, at);
        }
        ada.expect(2, &["contract", "list", "--format", "xlsx"], "");
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("contracts.xlsx");
        let path = file.to_str().unwrap();
        ada.expect(0, &["contract", "list", "--format", "xlsx", "--output", path], "");
        let mode = std::fs::metadata(&file).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        let mut workbook: Xlsx<_> = open_workbook(&file).unwrap();
        let sheet = workbook.worksheet_range_at(0).unwrap().unwrap();
        let rows: Vec<_> = sheet.rows().collect();
        assert_eq!(rows.len(), 31, "a header and every contract");
        assert_eq!(rows[0][0], Data::String("Contract ID".into()));
        assert_eq!(rows[0][5], Data::String("Total".into()));
        let (_, csv_rows) = records(&ada.expect(0, &["contract", "list", "--format", "csv"], "").stdout);
        for (row, csv) in rows[1..].iter().zip(&csv_rows) {
            assert_eq!(row[0], Data::Float(csv[0].parse().unwrap()), "ids are numbers");
            assert_eq!(row[5], Data::Float(csv[5].parse().unwrap()), "amounts are numbers");
            let Data::DateTime(created) = &row[8] else { panic!("a time is a date: {:?}", row[8]) };
            let created = created.as_datetime().unwrap().format("%Y-%m-%d %H:%M").to_string();
            assert_eq!(created, csv[8], "the same local time as the CSV");
        }
        ada.expect(7, &["contract", "list", "--format", "xlsx", "--output", path], "");
    }
}

in_both_modes! {
    /// French Excel opens a CSV in columns when it has semicolons, decimal
    /// commas and a byte-order mark: chosen with --csv-dialect excel-fr,
    /// and by default where the language is French. A phone number stays
    /// a phone number; a formula is still neutralised; the file imports.
    fn csv_for_french_spreadsheets(db: &TestDb, mode: Mode) {
        let mut ada = Machine::ready_in(db, mode);
        let at = NaiveDate::from_ymd_opt(2030, 1, 1).unwrap().and_hms_opt(9, 0, 0).unwrap();
        fixture(db, None, None, true, at);
        let plain = ada.expect(0, &["contract", "list", "--format", "csv"], "").stdout;
        assert!(plain.starts_with("Contract ID,") && plain.contains(",1000.00,"), "{plain}");
        let fr = ada.expect(0, &["contract", "list", "--format", "csv", "--csv-dialect", "excel-fr"], "").stdout;
        assert!(fr.starts_with("\u{feff}Contract ID;"), "{fr}");
        assert!(fr.contains(";1000,00;"), "{fr}");
        ada.env = vec![("LANG", "fr_FR.UTF-8")];
        let clients = ada.expect(0, &["client", "list", "--format", "csv"], "").stdout;
        assert!(clients.starts_with('\u{feff}'), "French by default for a French language: {clients}");
        assert!(clients.contains(";+33 1 23 45 67 89;"), "a phone is no formula: {clients}");
        let chosen = ada.expect(0, &["client", "list", "--format", "csv", "--csv-dialect", "rfc4180"], "").stdout;
        assert!(chosen.starts_with("Client ID,"), "{chosen}");
        // Read back as a sheet: the events' export in French Excel's form.
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("events.csv");
        ada.expect(0, &["event", "list", "--format", "csv", "--output", file.to_str().unwrap()], "");
        assert!(std::fs::read_to_string(&file).unwrap().starts_with("\u{feff}CRM ID;"));
        let again = ada.json(&["event", "import", file.to_str().unwrap(), "--dry-run"]);
        assert_eq!(again["unchanged"], 1, "{again}");
    }
}
