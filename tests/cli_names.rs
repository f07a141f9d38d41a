//! Records named as people name them, in local mode and through the
//! server: an id, an e-mail or a name that matches one record; several
//! matches listed (exit 6), none said as not found (exit 5).

use crate::common;

use common::machine::{CREATE_KEVIN, Machine};

in_both_modes! {
    fn people_clients_contracts_and_events_are_named_as_people_name_them(db: &TestDb, mode: Mode) {
        let ada = Machine::ready_in(db, mode);
        ada.hire("Bill Boquet", "bill@epic.test", "sales");
        ada.hire("Kate Hastroff", "kate@epic.test", "support");
        ada.hire("Kate Martin", "kate.martin@epic.test", "support");
        let bill = ada.colleague("bill@epic.test", "Bill Boquet");
        bill.expect(0, &CREATE_KEVIN, "");

        // A client by its e-mail or its name, whatever the case.
        assert_eq!(ada.json(&["client", "show", "kevin@startup.io"])["name"], "Kevin Casey");
        assert_eq!(ada.json(&["client", "show", "kevin casey"])["name"], "Kevin Casey");
        let made = ada.json(&["contract", "create", "--client", "Kevin Casey", "--total", "1000", "--signed"]);
        let contract = made["id"].as_i64().unwrap().to_string();
        assert_eq!(ada.json(&["contract", "show", "Kevin Casey"])["id"].as_i64().unwrap().to_string(), contract, "a client's one contract");
        assert_eq!(ada.json(&["contract", "list", "--client", "kevin@startup.io"])["total"], 1);

        let event = bill.json(&[
            "event", "create", "--contract", "kevin@startup.io", "--name", "Launch Party",
            "--start", "2030-03-12 18:00", "--end", "2030-03-12 23:00", "--location", "Paris", "--attendees", "80",
        ]);
        let event = event["id"].as_i64().unwrap().to_string();
        assert_eq!(ada.json(&["event", "show", "launch party"])["id"].as_i64().unwrap().to_string(), event);
        assert_eq!(ada.json(&["event", "list", "--contract", "Kevin Casey"])["total"], 1);

        // People by name or e-mail; a name two people share lists them.
        let shared = ada.expect(6, &["event", "assign", &event, "--support", "Kate"], "");
        assert!(shared.stderr.contains("\"Kate\" names 2 collaborators: #3 Kate Hastroff <kate@epic.test>, #4 Kate Martin <kate.martin@epic.test>"), "{}", shared.stderr);
        let nobody = ada.expect(5, &["event", "assign", &event, "--support", "Bob"], "");
        assert!(nobody.stderr.contains("no collaborator is named \"Bob\""), "{}", nobody.stderr);
        let given = ada.json(&["event", "assign", &event, "--support", "Kate Hastroff"]);
        assert_eq!(given["support_contact"]["name"], "Kate Hastroff");
        ada.json(&["event", "assign", &event, "--support", "kate.martin@epic.test"]);
        assert_eq!(ada.json(&["collaborator", "show", "Bill Boquet"])["email"], "bill@epic.test");
        ada.hire("Sally Seller", "sally@epic.test", "sales");
        ada.expect(0, &["client", "update", "1", "--sales-contact", "Sally Seller"], "");
        assert_eq!(ada.json(&["client", "show", "1"])["sales_contact"]["name"], "Sally Seller");
        // Only support runs events: a sales rep's name is none of theirs.
        ada.expect(5, &["event", "assign", &event, "--support", "Bill Boquet"], "");

        // What is not found is said as such, not as a parse error.
        let unknown = ada.expect(5, &["event", "show", "abc"], "");
        assert!(unknown.stderr.contains("no event is named \"abc\""), "{}", unknown.stderr);
        assert!(!unknown.stderr.contains("invalid digit"), "{}", unknown.stderr);
    }
}
