//! The brief's whole story, driven through the real binary by each of its
//! people on their own machine, with every denied path along the way
//! checked to exit as promised and to change nothing.

use crate::common;

use common::TestDb;
use common::machine::{CREATE_KEVIN, Machine, Mode, Run};
use serde_json::Value;

#[path = "cli_story/chapters.rs"]
mod chapters;

/// Everything a user can see about clients, contracts and events.
fn snapshot(m: &Machine) -> Value {
    serde_json::json!({
        "clients": m.json(&["client", "list", "--all"]),
        "contracts": m.json(&["contract", "list", "--all"]),
        "events": m.json(&["event", "list", "--all"]),
    })
}

/// Runs a command that must fail with `code`, and checks nothing changed.
fn refused(m: &Machine, observer: &Machine, code: i32, args: &[&str]) -> Run {
    let before = snapshot(observer);
    let run = m.expect(code, args, "");
    assert_eq!(snapshot(observer), before, "{args:?} changed something");
    assert_eq!(
        run.stderr.lines().count(),
        1,
        "one error line: {}",
        run.stderr
    );
    run
}

fn id(v: &Value) -> String {
    v["id"].as_i64().expect("an id").to_string()
}

fn story(db: &TestDb, mode: Mode) {
    let ada = Machine::ready_in(db, mode);
    let bill_id = ada
        .hire("Bill Boquet", "bill@epic.test", "sales")
        .to_string();
    let kate_id = ada
        .hire("Kate Hastroff", "kate@epic.test", "support")
        .to_string();
    let alienor_id = ada
        .hire("Aliénor Vichum", "alienor@epic.test", "support")
        .to_string();
    let bill = ada.colleague("bill@epic.test", "Bill Boquet");
    let kate = ada.colleague("kate@epic.test", "Kate Hastroff");
    let alienor = ada.colleague("alienor@epic.test", "Aliénor Vichum");

    // Sales finds a client; it is Bill's.
    let kevin = CREATE_KEVIN;
    refused(&kate, &ada, 4, &kevin);
    refused(&ada, &ada, 4, &kevin);
    let client = bill.json(&kevin);
    assert_eq!(client["sales_contact"]["name"], "Bill Boquet");
    let client_id = id(&client);
    refused(
        &kate,
        &ada,
        4,
        &["client", "update", &client_id, "--phone", "+1 555 0100"],
    );
    refused(
        &ada,
        &ada,
        4,
        &["client", "update", &client_id, "--phone", "+1 555 0100"],
    );
    refused(
        &bill,
        &ada,
        4,
        &["client", "update", &client_id, "--sales-contact", &bill_id],
    );

    // Management draws up the contract.
    let draft = [
        "contract",
        "create",
        "--client",
        &client_id,
        "--total",
        "12 500,00",
        "--due",
        "12 500",
    ];
    refused(&bill, &ada, 4, &draft);
    refused(&kate, &ada, 4, &draft);
    let over = [
        "contract", "create", "--client", &client_id, "--total", "100", "--due", "100.01",
    ];
    let run = refused(&ada, &ada, 6, &over);
    assert!(run.stderr.contains("invalid due"), "{}", run.stderr);
    let contract = ada.json(&draft);
    assert_eq!(contract["total_cents"], 1_250_000);
    assert_eq!(contract["sales_contact"]["name"], "Bill Boquet");
    let contract_id = id(&contract);

    // No event before the signature; then Bill signs and creates it.
    let wedding = [
        "event",
        "create",
        "--contract",
        &contract_id,
        "--name",
        "Kevin Casey Launch",
        "--start",
        "4 Jun 2027 @ 1PM",
        "--end",
        "2027-06-05 02:00",
        "--location",
        "53 Rue du Château, 41120 Candé-sur-Beuvron",
        "--attendees",
        "75",
    ];
    let run = refused(&bill, &ada, 7, &wedding);
    assert!(run.stderr.contains("contract sign"), "{}", run.stderr);
    refused(&kate, &ada, 4, &["contract", "sign", &contract_id]);
    bill.expect(0, &["contract", "sign", &contract_id], "");
    refused(&ada, &ada, 4, &wedding);
    refused(&kate, &ada, 4, &wedding);
    let event = bill.json(&wedding);
    assert_eq!(event["starts_at"], "2027-06-04T13:00:00Z");
    assert_eq!(event["support_contact"], Value::Null);
    let event_id = id(&event);
    let unassigned = ada.json(&["event", "list", "--unassigned"]);
    assert_eq!(unassigned["total"], 1);

    // Management assigns Kate, and only someone from support.
    refused(
        &bill,
        &ada,
        4,
        &["event", "assign", &event_id, "--support", &kate_id],
    );
    refused(
        &kate,
        &ada,
        4,
        &["event", "assign", &event_id, "--support", &kate_id],
    );
    let run = refused(
        &ada,
        &ada,
        6,
        &["event", "assign", &event_id, "--support", &bill_id],
    );
    assert!(run.stderr.contains("not support"), "{}", run.stderr);
    refused(
        &ada,
        &ada,
        5,
        &["event", "assign", &event_id, "--support", "999"],
    );
    ada.expect(
        0,
        &["event", "assign", &event_id, "--support", &kate_id],
        "",
    );

    // Kate runs it: she updates the notes; nobody else may.
    let notes = [
        "event",
        "update",
        &event_id,
        "--notes",
        "DJ booked for the after party.",
    ];
    refused(&alienor, &ada, 4, &notes);
    // Bill created it, and corrected it while nobody ran it: Kate's now.
    let run = refused(&bill, &ada, 7, &notes);
    assert!(
        run.stderr.contains("is run by Kate Hastroff now"),
        "{}",
        run.stderr
    );
    refused(&ada, &ada, 4, &notes);
    let run = refused(
        &kate,
        &ada,
        6,
        &["event", "update", &event_id, "--end", "2027-06-04 12:00"],
    );
    assert!(
        run.stderr
            .contains("invalid end: must be after the event's start, 2027-06-04 13:00 +00:00"),
        "{}",
        run.stderr
    );
    refused(
        &kate,
        &ada,
        2,
        &["event", "update", &event_id, "--support", &alienor_id],
    );
    kate.expect(0, &notes, "");
    let shown = kate.json(&["event", "show", &event_id]);
    assert_eq!(shown["notes"], "DJ booked for the after party.");
    assert_eq!(shown["client"]["email"], "kevin@startup.io");
    assert_eq!(shown["client"]["phone"], "+678 12345678");
    assert_eq!(kate.json(&["event", "list", "--mine"])["total"], 1);
    assert_eq!(alienor.json(&["event", "list", "--mine"])["total"], 0);

    // Management takes the event from Kate, then gives it back: she runs
    // it again; nobody else may take it.
    let unassign = ["event", "unassign", &event_id];
    refused(&kate, &ada, 4, &unassign);
    refused(&bill, &ada, 4, &unassign);
    let taken = ada.json(&unassign);
    assert_eq!(
        (&taken["support_contact"], &taken["changed"]),
        (&Value::Null, &Value::Bool(true))
    );
    assert_eq!(
        ada.json(&unassign)["changed"],
        false,
        "already unassigned: nothing changes"
    );
    assert_eq!(ada.json(&["event", "list", "--unassigned"])["total"], 1);
    refused(&kate, &ada, 4, &notes);
    ada.expect(
        0,
        &["event", "assign", &event_id, "--support", &kate_id],
        "",
    );
    assert_eq!(kate.json(&["event", "list", "--mine"])["total"], 1);
    chapters::kates_inbox(&kate, &bill, &event_id);

    // The event's whole story, oldest first, for anyone who reads it: who
    // did what, and each changed field as old → new, as people read them.
    let story = bill.json(&["history", "event", &event_id]);
    let actions: Vec<_> = story
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        actions,
        [
            "event.create",
            "event.assign",
            "event.update",
            "event.unassign",
            "event.assign"
        ]
    );
    assert_eq!(story[2]["actor"]["name"], "Kate Hastroff");
    assert_eq!(story[2]["changes"][0]["field"], "notes");
    let told = bill.expect(0, &["history", "event", &event_id], "").stdout;
    for line in [
        "Bill Boquet (sales)  created",
        "Ada Manager (management)  assigned\n    support contact: none → Kate Hastroff",
        "Kate Hastroff (support)  updated\n    notes: (empty) → \"DJ booked for the after party.\"",
        "unassigned\n    support contact: Kate Hastroff → none",
    ] {
        assert!(told.contains(line), "{line:?} in:\n{told}");
    }
    // An account's history is management's.
    refused(&kate, &ada, 4, &["history", "collaborator", &kate_id]);
    ada.expect(0, &["history", "collaborator", &kate_id], "");
    // The whole trail, refusals included, newest first, is management's.
    refused(&bill, &ada, 4, &["history"]);
    let kates = ada.json(&["history", "--actor", &kate_id, "--action", "event"]);
    let tried: Vec<_> = kates["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["action"].as_str().unwrap(),
                e["outcome"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(tried[0], ("event.update", "denied"), "{tried:?}");
    assert!(tried.contains(&("event.unassign", "denied")), "{tried:?}");
    assert!(tried.contains(&("event.update", "ok")), "{tried:?}");
    let csv = ada
        .expect(
            0,
            &["history", "--action", "event.assign", "--format", "csv"],
            "",
        )
        .stdout;
    let rows: Vec<_> = csv.lines().collect();
    assert!(
        rows[0].starts_with("Entry ID,When,Actor ID,Actor,Department,Action"),
        "{csv}"
    );
    let done: Vec<_> = rows.iter().filter(|r| r.contains(",ok,event,")).collect();
    assert_eq!(done.len(), 2, "two assignments: {csv}");
    assert!(
        done[0].contains("support contact: none → Kate Hastroff"),
        "{csv}"
    );
    assert!(
        rows.iter()
            .any(|r| r.contains("Bill Boquet,sales,event.assign,denied,event,")),
        "refusals too, naming the record: {csv}"
    );

    let wrong_id = chapters::a_wrong_client_archived_and_restored(
        &ada,
        &bill,
        &kate,
        &client_id,
        &contract_id,
    );

    // People who still hold records cannot leave before handing them over.
    let run = refused(
        &ada,
        &ada,
        7,
        &["collaborator", "delete", &kate_id, "--yes"],
    );
    assert!(
        run.stderr.contains(&format!("event(s) {event_id}")),
        "{}",
        run.stderr
    );
    let run = refused(
        &ada,
        &ada,
        7,
        &["collaborator", "delete", &bill_id, "--yes"],
    );
    assert!(
        run.stderr.contains(&format!("client(s) {client_id}")),
        "{}",
        run.stderr
    );
    ada.expect(
        0,
        &["event", "assign", &event_id, "--support", &alienor_id],
        "",
    );
    // Kate's changes are on the trail: her account stays, deactivated.
    let said = ada
        .expect(0, &["collaborator", "delete", &kate_id, "--yes"], "")
        .stdout;
    assert!(
        said.starts_with(&format!("Deactivated collaborator #{kate_id}")),
        "{said}"
    );
    kate.expect(3, &["whoami"], "");
    let kept = ada.json(&["collaborator", "show", &kate_id]);
    assert!(kept["deactivated_at"].is_string(), "{kept}");
    refused(
        &ada,
        &ada,
        6,
        &["event", "assign", &event_id, "--support", &kate_id],
    );
    ada.expect(0, &["collaborator", "reactivate", &kate_id], "");
    ada.expect(0, &["collaborator", "delete", &kate_id, "--yes"], "");
    let sally_id = ada
        .hire("Sally Seller", "sally@epic.test", "sales")
        .to_string();
    ada.expect(
        0,
        &["client", "update", &client_id, "--sales-contact", &sally_id],
        "",
    );
    ada.expect(
        0,
        &["client", "update", &wrong_id, "--sales-contact", &sally_id],
        "",
    );
    ada.expect(0, &["collaborator", "delete", &bill_id, "--yes"], "");
    let contract = ada.json(&["contract", "show", &contract_id]);
    assert_eq!(contract["sales_contact"]["name"], "Sally Seller");
}

in_both_modes! {
    fn the_briefs_story(db: &TestDb, mode: Mode) {
        story(db, mode);
    }
}
