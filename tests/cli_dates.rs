//! Dates as people in France type them, and events found by the days they
//! start on, in local mode and through the server.

use crate::common;

use chrono::NaiveDate;

use common::machine::{Machine, json};
use common::records::fixture;

fn starts(ada: &Machine<'_>, args: &[&str]) -> Vec<String> {
    let mut all = vec!["event", "list"];
    all.extend_from_slice(args);
    ada.json(&all)["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["starts_at"].as_str().unwrap().to_owned())
        .collect()
}

in_both_modes! {
    fn events_are_found_by_the_days_they_start_on(db: &TestDb, mode: Mode) {
        let ada = Machine::ready_in(db, mode);
        // The fixture's event starts thirty days after its contract.
        for (m, d) in [(1, 1), (2, 1), (3, 1)] {
            let at = NaiveDate::from_ymd_opt(2030, m, d).unwrap().and_hms_opt(9, 0, 0).unwrap();
            fixture(db, None, None, true, at);
        }
        let (jan, mar3, mar31) = ("2030-01-31T09:00:00Z", "2030-03-03T09:00:00Z", "2030-03-31T09:00:00Z");
        assert_eq!(starts(&ada, &["--from", "2030-03-01"]), [mar3, mar31]);
        assert_eq!(starts(&ada, &["--to", "31/01/2030"]), [jan], "--to takes the whole day");
        assert_eq!(starts(&ada, &["--from", "1 mars 2030", "--to", "31 mars 2030"]), [mar3, mar31]);
        assert_eq!(starts(&ada, &["--to", "31/03/2030 9h"]), [jan, mar3], "before that time");
        assert_eq!(starts(&ada, &["--from", "03/03/2030 09h00", "--to", "3 mars 2030"]), [mar3]);
        let bad = ada.expect(6, &["event", "list", "--from", "someday"], "");
        assert!(bad.stderr.contains("invalid from: must be a day such as"), "{}", bad.stderr);
    }
}

in_both_modes! {
    /// The date and amount forms people also type: English, dotted, dashed;
    /// amounts grouped either way, with the euro written. A day that reads
    /// either way follows the configured order and says how it was read.
    fn the_forms_people_also_type_are_read(db: &TestDb, mode: Mode) {
        let ada = Machine::ready_in(db, mode);
        let f = fixture(db, None, None, true, NaiveDate::from_ymd_opt(2027, 1, 1).unwrap().and_hms_opt(9, 0, 0).unwrap());
        let client = f.client.to_string();
        for (typed, cents) in [("1.234,56", 123_456), ("1,234.56", 123_456), ("2500€", 250_000), ("2 500 €", 250_000)] {
            let made = ada.json(&["contract", "create", "--client", &client, "--total", typed]);
            assert_eq!(made["total_cents"].as_i64(), Some(cents), "{typed}");
        }
        ada.hire("Kate Hastroff", "kate@epic.test", "support");
        let event = f.event.to_string();
        ada.expect(0, &["event", "assign", &event, "--support", "2"], "");
        let kate = ada.colleague("kate@epic.test", "Kate Hastroff");
        let set = |start: &str, end: &str| {
            let run = kate.expect(0, &["--json", "event", "update", &event, "--start", start, "--end", end], "");
            let e = json(&run.stdout);
            (e["record"]["starts_at"].as_str().unwrap_or_else(|| e["starts_at"].as_str().unwrap()).to_owned(), run.stderr)
        };
        assert_eq!(set("March 20, 2027 9:00 AM", "Mar 20 2027 11pm").0, "2027-03-20T09:00:00Z");
        assert_eq!(set("20.03.2027 18:30", "20-03-2027 23:00").0, "2027-03-20T18:30:00Z");
        let (start, said) = set("03/04/2027 10:00", "03/04/2027 12:00");
        assert_eq!(start, "2027-04-03T10:00:00Z", "day first");
        assert!(said.contains("note: --start: read 03/04/2027 as 3 April 2027 (day first)"), "{said}");
        ada.expect(0, &["event", "list", "--from", "March 1, 2027"], "");
        drop(kate);
        // Month first, for those who write it so.
        let mut kate = ada.colleague("kate@epic.test", "Kate Hastroff");
        kate.env = vec![("EPICEVENTS_DATE_ORDER", "month-first")];
        let run = kate.expect(0, &["--json", "event", "update", &event, "--start", "03/04/2027 10:00", "--end", "03/04/2027 12:00"], "");
        assert!(run.stderr.contains("read 03/04/2027 as 4 March 2027 (month first)"), "{}", run.stderr);
    }
}
