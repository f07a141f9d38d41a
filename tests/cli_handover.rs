//! What a working day needs, in local mode and through the server: a sales
//! rep corrects the event they just created until support is assigned, a
//! start in the past is refused unless meant, and a leaving colleague's
//! records are handed over in one command.

use crate::common;

use common::machine::{CREATE_KEVIN, Machine};

/// Kevin's client, contract (signed) and a first event by Bill; the ids of
/// the contract and the event.
fn kevin_and_his_party(ada: &Machine, bill: &Machine) -> (String, String) {
    bill.expect(0, &CREATE_KEVIN, "");
    let contract = ada.json(&[
        "contract",
        "create",
        "--client",
        "Kevin Casey",
        "--total",
        "1000",
        "--signed",
    ]);
    let contract = contract["id"].as_i64().unwrap().to_string();
    let event = bill.json(&[
        "event",
        "create",
        "--contract",
        &contract,
        "--name",
        "Launch Party",
        "--start",
        "2030-03-12 18:00",
        "--end",
        "2030-03-12 23:00",
        "--location",
        "Paris",
        "--attendees",
        "80",
    ]);
    (contract, event["id"].as_i64().unwrap().to_string())
}

in_both_modes! {
    fn sales_correct_their_fresh_event_until_support_is_assigned(db: &TestDb, mode: Mode) {
        let ada = Machine::ready_in(db, mode);
        ada.hire("Bill Boquet", "bill@epic.test", "sales");
        ada.hire("Sally Seller", "sally@epic.test", "sales");
        ada.hire("Kate Hastroff", "kate@epic.test", "support");
        let bill = ada.colleague("bill@epic.test", "Bill Boquet");
        let sally = ada.colleague("sally@epic.test", "Sally Seller");
        let (_, event) = kevin_and_his_party(&ada, &bill);

        // Bill fixes what he typed wrong; the trail says he corrected it.
        let fixed = bill.json(&["event", "update", &event, "--start", "2030-03-12 19:00", "--attendees", "90"]);
        assert_eq!((fixed["attendees"].as_i64(), fixed["changed"].as_bool()), (Some(90), Some(true)));
        let story = ada.json(&["history", "event", &event]);
        assert!(story.to_string().contains("event.amend"), "{story}");
        // Nobody else's: another sales rep is refused, and nothing changes.
        let refused = sally.expect(4, &["event", "update", &event, "--notes", "Mine now"], "");
        assert!(refused.stderr.contains("sales may not correct events other than their own"), "{}", refused.stderr);

        // Once Kate runs it, it is hers.
        ada.expect(0, &["event", "assign", &event, "--support", "Kate Hastroff"], "");
        let late = bill.expect(7, &["event", "update", &event, "--attendees", "100"], "");
        assert!(late.stderr.contains(&format!("event {event} is run by Kate Hastroff now")), "{}", late.stderr);
        assert_eq!(ada.json(&["event", "show", &event])["attendees"], 90);
        let kate = ada.colleague("kate@epic.test", "Kate Hastroff");
        kate.expect(0, &["event", "update", &event, "--attendees", "100"], "");
    }

    fn a_start_in_the_past_is_refused_unless_meant(db: &TestDb, mode: Mode) {
        let ada = Machine::ready_in(db, mode);
        ada.hire("Bill Boquet", "bill@epic.test", "sales");
        let bill = ada.colleague("bill@epic.test", "Bill Boquet");
        let (contract, event) = kevin_and_his_party(&ada, &bill);
        let past = [
            "event", "create", "--contract", &contract, "--name", "Old Party",
            "--start", "2020-01-01 10:00", "--end", "2020-01-01 12:00", "--location", "Paris", "--attendees", "8",
        ];
        let refused = bill.expect(6, &past, "");
        assert_eq!(
            refused.stderr.trim(),
            "error: invalid start: must not be in the past; add --past if the event really took place then"
        );
        assert_eq!(ada.json(&["event", "list"])["total"], 1, "nothing was created");
        let mut meant = past.to_vec();
        meant.push("--past");
        bill.expect(0, &meant, "");
        // Moving a start into the past is refused the same way; the details
        // of an event under way are changed without moving its start.
        bill.expect(6, &["event", "update", &event, "--start", "2020-01-01 10:00"], "");
        bill.expect(0, &["event", "update", &event, "--start", "2020-01-01 10:00", "--end", "2020-01-01 12:00", "--past"], "");
        bill.expect(0, &["event", "update", &event, "--notes", "It went well."], "");
    }

    fn a_leaving_colleagues_records_are_handed_over_in_one_command(db: &TestDb, mode: Mode) {
        let ada = Machine::ready_in(db, mode);
        let bill_id = ada.hire("Bill Boquet", "bill@epic.test", "sales").to_string();
        ada.hire("Sally Seller", "sally@epic.test", "sales");
        let kate = ada.hire("Kate Hastroff", "kate@epic.test", "support").to_string();
        ada.hire("Lou Support", "lou@epic.test", "support");
        let bill = ada.colleague("bill@epic.test", "Bill Boquet");
        let (_, event) = kevin_and_his_party(&ada, &bill);
        let second = bill.json(&[
            "client", "create", "--name", "John Ouick", "--email", "john@ouick.test",
            "--phone", "+33 6 12 34 56 78", "--company", "Private",
        ]);
        let third = bill.json(&[
            "client", "create", "--name", "Jane Doe", "--email", "jane@doe.test",
            "--phone", "+33 6 12 34 56 79", "--company", "Doe SA",
        ]);
        ada.expect(0, &["event", "assign", &event, "--support", "Kate Hastroff"], "");

        // Bill leaves: his account cannot go while he holds clients, and the
        // refusal says how to hand them all over.
        let held = ada.expect(7, &["collaborator", "delete", &bill_id, "--yes"], "");
        assert!(held.stderr.contains(&format!("`client reassign --from {bill_id} --to OTHER`")), "{}", held.stderr);

        // Sales may not hand over; a colleague in support cannot take
        // clients (by name, only sales reps are looked for).
        bill.expect(4, &["client", "reassign", "--from", &bill_id, "--to", "3"], "");
        ada.expect(5, &["client", "reassign", "--from", "Bill Boquet", "--to", "Kate Hastroff"], "");
        let wrong = ada.expect(6, &["client", "reassign", "--from", "Bill Boquet", "--to", &kate], "");
        assert!(wrong.stderr.contains(&format!("invalid to: Kate Hastroff (#{kate}) is in support, not sales")), "{}", wrong.stderr);
        // Only some of them, or all the rest; one trail entry per client.
        let some = ada.json(&["client", "reassign", "--from", "Bill Boquet", "--to", "Sally Seller", "--client", &second["id"].to_string()]);
        assert_eq!(some["moved"], serde_json::json!([second["id"]]));
        let mine = ada.expect(6, &["client", "reassign", "--from", "Bill Boquet", "--to", "Sally Seller", "--client", &second["id"].to_string()], "");
        assert!(mine.stderr.contains(&format!("client {} is not Bill Boquet's", second["id"])), "{}", mine.stderr);
        let rest = ada.expect(0, &["client", "reassign", "--from", "bill@epic.test", "--to", "sally@epic.test"], "");
        assert!(rest.stdout.contains(&format!("Handed 2 clients from Bill Boquet to Sally Seller: 1, {}.", third["id"])), "{}", rest.stdout);
        assert_eq!(ada.json(&["client", "list", "--search", "Kevin"])["items"][0]["sales_contact"]["name"], "Sally Seller");
        assert_eq!(ada.json(&["contract", "show", "1"])["sales_contact"]["name"], "Sally Seller", "contracts follow");
        let trail = ada.json(&["history", "--action", "client.reassign"]);
        let done = trail["items"].as_array().unwrap().iter().filter(|e| e["outcome"] == "ok");
        let mut subjects: Vec<&str> = done.map(|e| e["subject"].as_str().unwrap()).collect();
        subjects.sort_unstable();
        assert_eq!(subjects, ["1", "2", "3"], "one entry per client: {trail}");
        let sally = ada.colleague("sally@epic.test", "Sally Seller");
        assert_eq!(sally.json(&["inbox"]).as_array().map(Vec::len), Some(3), "Sally hears of each client");
        let nothing = ada.expect(0, &["client", "reassign", "--from", "Bill Boquet", "--to", "Sally Seller"], "");
        assert!(nothing.stdout.contains("Bill Boquet had no clients to hand over; nothing changed."), "{}", nothing.stdout);
        ada.expect(0, &["collaborator", "delete", &bill_id, "--yes"], "");

        // Kate's events go to Lou the same way.
        let moved = ada.json(&["event", "reassign", "--from", "Kate Hastroff", "--to", "Lou Support"]);
        assert_eq!(moved["moved"], serde_json::json!([event.parse::<i64>().unwrap()]));
        assert_eq!(ada.json(&["event", "show", &event])["support_contact"]["name"], "Lou Support");
    }
}
