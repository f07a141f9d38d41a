//! What a new employee reads when something is refused: the real reason,
//! the rule broken, the stored value in the way, and no question asked
//! before a refusal that was certain.

use crate::common;

use common::machine::{CREATE_KEVIN, Machine, json};
use common::records::{counts, fixture};

in_both_modes! {
    /// An id that does not exist is "not found" to anyone who may read such
    /// records; a refusal says what the department may not do, never "it
    /// belongs to someone else" for a record that is nobody's.
    fn unknown_ids_are_not_found_and_refusals_give_the_real_reason(db: &TestDb, mode: Mode) {
        let ada = Machine::ready_in(db, mode);
        ada.hire("Kate Hastroff", "kate@epic.test", "support");
        ada.hire("Bill Boquet", "bill@epic.test", "sales");
        let kate = ada.colleague("kate@epic.test", "Kate Hastroff");
        let bill = ada.colleague("bill@epic.test", "Bill Boquet");
        let missing = ada.expect(5, &["client", "update", "999", "--sales-contact", "2"], "");
        assert_eq!(missing.stderr.trim(), "error: client 999 not found");
        kate.expect(5, &["client", "update", "999", "--phone", "+33 1 23 45 67 89"], "");
        ada.expect(5, &["collaborator", "show", "999"], "");
        // Sales may not read accounts: a refusal, which tells nothing of the id.
        bill.expect(4, &["collaborator", "show", "999"], "");
        let f = fixture(db, None, None, true, chrono::Utc::now().naive_utc());
        let contract = f.contract.to_string();
        let refused = kate.expect(4, &["contract", "update", &contract, "--due", "10"], "");
        assert_eq!(refused.stderr.trim(), "error: permission denied: support may not update contracts");
        let refused = bill.expect(4, &["contract", "sign", &contract], "");
        assert_eq!(refused.stderr.trim(), "error: permission denied: sales may not sign contracts other than their own");
    }

    /// Everything that can be checked is checked before a question is asked.
    fn refusals_come_before_questions(db: &TestDb, mode: Mode) {
        let ada = Machine::ready_in(db, mode);
        ada.hire("Bill Boquet", "bill@epic.test", "sales");
        let bill = ada.colleague("bill@epic.test", "Bill Boquet");
        bill.expect(0, &CREATE_KEVIN, "");
        // In a terminal, where a question would be asked: the refusal comes
        // first, and nothing typed is needed to get it.
        let delete = ada.in_terminal(&["collaborator", "delete", "2"], b"");
        assert_eq!(delete.code, 7, "{}", delete.stdout);
        assert!(delete.stdout.contains("still owns client(s) 1") && !delete.stdout.contains("Delete collaborator"), "{}", delete.stdout);
        let create = ada.in_terminal(
            &["collaborator", "create", "--name", "New Hire", "--email", "not-an-email", "--department", "sales"],
            b"",
        );
        assert_eq!(create.code, 6, "{}", create.stdout);
        assert!(create.stdout.contains("invalid email") && !create.stdout.contains("Password"), "{}", create.stdout);
        // A password the rules refuse is asked again, not the end of the command.
        let retried = ada.in_terminal(
            &["collaborator", "create", "--name", "New Hire", "--email", "new@epic.test", "--department", "sales"],
            b"password1\rthe new hire's phrase\rthe new hire's phrase\r",
        );
        assert_eq!(retried.code, 0, "{}", retried.stdout);
        assert!(retried.stdout.contains("most common passwords") && retried.stdout.contains("Created collaborator"), "{}", retried.stdout);
    }

    fn a_client_whose_e_mail_exists_is_refused_unless_asked_for(db: &TestDb, mode: Mode) {
        let ada = Machine::ready_in(db, mode);
        ada.hire("Bill Boquet", "bill@epic.test", "sales");
        let bill = ada.colleague("bill@epic.test", "Bill Boquet");
        bill.expect(0, &CREATE_KEVIN, "");
        let mut again = CREATE_KEVIN.to_vec();
        again[5] = "KEVIN@startup.io";
        let refused = bill.expect(7, &again, "");
        assert_eq!(
            refused.stderr.trim(),
            "error: client 1 Kevin Casey already has the e-mail kevin@startup.io; to create another client with it anyway, add --allow-duplicate"
        );
        assert_eq!(counts(db)[0], 1);
        again.push("--allow-duplicate");
        bill.expect(0, &again, "");
        assert_eq!(counts(db)[0], 2);
    }

    fn errors_name_the_rule_and_the_stored_value_in_the_way(db: &TestDb, mode: Mode) {
        let ada = Machine::ready_in(db, mode);
        let f = fixture(db, None, None, true, chrono::Utc::now().naive_utc());
        let (contract, event) = (f.contract.to_string(), f.event.to_string());
        let total = ada.expect(6, &["contract", "update", &contract, "--total", "1234.567"], "");
        assert_eq!(total.stderr.trim(), "error: invalid total: must have at most two decimals (whole cents)");
        ada.hire("Kate Hastroff", "kate@epic.test", "support");
        let kate_id = "2";
        ada.expect(0, &["event", "assign", &event, "--support", kate_id], "");
        let kate = ada.colleague("kate@epic.test", "Kate Hastroff");
        let date = kate.expect(6, &["event", "update", &event, "--start", "2027-02-30 10:00"], "");
        assert_eq!(date.stderr.trim(), "error: invalid start: has no such date: 2027-02-30 is not in the calendar");
        let shown = json(&kate.expect(0, &["--json", "event", "show", &event], "").stdout);
        let end = shown["ends_at"].as_str().unwrap().to_owned();
        let late = kate.expect(6, &["event", "update", &event, "--start", "2100-01-01 10:00"], "");
        // As a person reads it: in their zone (UTC here), as the tables.
        let end = chrono::DateTime::parse_from_rfc3339(&end).unwrap().format("%Y-%m-%d %H:%M +00:00");
        assert_eq!(late.stderr.trim(), format!("error: invalid start: must be before the event's end, {end}"));
    }

    /// A negative number after its option is the option's value: the rule
    /// refuses it, not the parser.
    fn negative_numbers_reach_their_rule(db: &TestDb, mode: Mode) {
        let ada = Machine::ready_in(db, mode);
        let f = fixture(db, None, None, true, chrono::Utc::now().naive_utc());
        let client = f.client.to_string();
        let total = ada.expect(6, &["contract", "create", "--client", &client, "--total", "-100"], "");
        assert_eq!(total.stderr.trim(), "error: invalid total: must not be negative");
        let due = ada.expect(6, &["contract", "update", &f.contract.to_string(), "--due", "-5"], "");
        assert!(due.stderr.contains("invalid due: must not be negative"), "{}", due.stderr);
        ada.hire("Kate Hastroff", "kate@epic.test", "support");
        let event = f.event.to_string();
        ada.expect(0, &["event", "assign", &event, "--support", "2"], "");
        let kate = ada.colleague("kate@epic.test", "Kate Hastroff");
        let attendees = kate.expect(6, &["event", "update", &event, "--attendees", "-5"], "");
        assert!(attendees.stderr.contains("invalid attendees: must be a whole number from 0 to"), "{}", attendees.stderr);
    }

    /// Times in messages, `whoami` and `login` in the reader's zone, never
    /// UTC's `Z`: the event starts at 09:00 in Paris.
    fn times_in_messages_are_in_the_readers_zone(db: &TestDb, mode: Mode) {
        let mut ada = Machine::ready_in(db, mode);
        ada.tz = "Europe/Paris";
        // 08:00 UTC on 20 March 2027 (minus the fixture's 30 days): 09:00 in Paris.
        let at = chrono::NaiveDate::from_ymd_opt(2027, 2, 18).unwrap().and_hms_opt(8, 0, 0).unwrap();
        let f = fixture(db, None, None, true, at);
        let event = f.event.to_string();
        ada.hire("Kate Hastroff", "kate@epic.test", "support");
        ada.expect(0, &["event", "assign", &event, "--support", "2"], "");
        let mut kate = ada.colleague("kate@epic.test", "Kate Hastroff");
        kate.tz = "Europe/Paris";
        let early = kate.expect(6, &["event", "update", &event, "--end", "19/03/2027 10h"], "");
        assert_eq!(early.stderr.trim(), "error: invalid end: must be after the event's start, 2027-03-20 09:00 +01:00");
        let stale = kate.expect(7, &["event", "update", &event, "--location", "Lyon", "--if-version", "1"], "");
        assert!(stale.stderr.contains("2027-03-20 09:00 +01:00"), "{}", stale.stderr);
        for said in [&early.stderr, &stale.stderr] {
            assert!(!said.contains(":00Z"), "{said}");
        }
        let me = kate.expect(0, &["whoami"], "");
        assert!(me.stdout.contains("+01:00") && !me.stdout.contains(":00Z"), "{}", me.stdout);
        let login = kate.expect(0, &["login", "--email", "kate@epic.test", "--password-stdin"], "Kate Hastroff's passphrase\n");
        assert!(login.stdout.contains("The session ends at ") && login.stdout.contains(" +01:00."), "{}", login.stdout);
    }

    /// Names that would reorder the text around them, or that show nothing.
    fn reordering_and_invisible_names_are_refused(db: &TestDb, mode: Mode) {
        let ada = Machine::ready_in(db, mode);
        ada.hire("Bill Boquet", "bill@epic.test", "sales");
        let bill = ada.colleague("bill@epic.test", "Bill Boquet");
        for name in ["Kevin\u{202E}ysaC", "\u{200B}", "\u{00AD}"] {
            let mut create = CREATE_KEVIN.to_vec();
            create[3] = name;
            let run = bill.expect(6, &create, "");
            assert!(run.stderr.starts_with("error: invalid name: must"), "{}", run.stderr);
            assert!(!run.stderr.contains(name), "{}", run.stderr);
        }
        assert_eq!(counts(db)[0], 0);
    }
}

in_both_modes! {
    /// `show` gives the version; an update from an older one is refused with
    /// what the record holds now; an update that changes nothing says so.
    fn stale_updates_are_refused_and_no_ops_say_so(db: &TestDb, mode: Mode) {
        let ada = Machine::ready_in(db, mode);
        let f = fixture(db, None, None, false, chrono::Utc::now().naive_utc());
        let id = f.contract.to_string();
        let shown = json(&ada.expect(0, &["--json", "contract", "show", &id], "").stdout);
        assert_eq!(shown["version"], 1);
        ada.expect(0, &["contract", "update", &id, "--due", "400", "--if-version", "1"], "");
        let stale = ada.expect(7, &["contract", "update", &id, "--due", "300", "--if-version", "1"], "");
        assert_eq!(
            stale.stderr.trim(),
            format!("error: contract {id} changed since version 1 (it is at version 2: total 1 000.00, due 400.00, not signed); nothing was changed")
        );
        let same = ada.expect(0, &["contract", "update", &id, "--due", "400.00"], "");
        assert!(same.stdout.starts_with(&format!("Nothing to change: contract #{id} already has these values.")), "{}", same.stdout);
        let after = json(&ada.expect(0, &["--json", "contract", "show", &id], "").stdout);
        assert_eq!((after["version"].as_i64(), after["due_cents"].as_i64()), (Some(2), Some(40_000)));
    }
}
