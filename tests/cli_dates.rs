//! Dates as people in France type them, and events found by the days they
//! start on, in local mode and through the server.

use crate::common;

use chrono::NaiveDate;

use common::machine::Machine;
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
