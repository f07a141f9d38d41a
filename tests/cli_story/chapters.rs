//! Chapters of the story in `cli_story.rs`: archiving, and the inbox.

use super::common::machine::Machine;
use super::{id, refused};

/// Management unassigns and reassigns Kate's event: she is told of both,
/// newest first; every other command ends with the count until she reads
/// them (not in --json or --quiet output).
pub fn kates_inbox(kate: &Machine, bill: &Machine, event_id: &str) {
    let event_id = event_id.to_owned();
    let hinted = kate.expect(0, &["whoami"], "").stderr;
    assert!(
        hinted.contains("new notifications: epicevents inbox"),
        "{hinted}"
    );
    assert_eq!(kate.expect(0, &["whoami", "--quiet"], "").stderr, "");
    let inbox = kate.json(&["inbox"]);
    let told: Vec<_> = inbox
        .as_array()
        .unwrap()
        .iter()
        .map(|n| {
            (
                n["action"].as_str().unwrap(),
                n["subject"].to_string(),
                n["read"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        told[..2],
        [
            ("event.assign", event_id.clone(), false),
            ("event.unassign", event_id.clone(), false),
        ],
        "{inbox}"
    );
    assert_eq!(kate.json(&["inbox"]), serde_json::json!([]), "read now");
    assert_eq!(kate.expect(0, &["whoami"], "").stderr, "");
    let all = kate.expect(0, &["inbox", "--all"], "").stdout;
    assert!(
        all.contains(&format!(
            "Ada Manager (management) unassigned event #{event_id}"
        )),
        "{all}"
    );
    // Bill sold it: management's assigning support to his client's event is his news too.
    let bills = bill.json(&["inbox"]);
    assert!(
        bills
            .as_array()
            .unwrap()
            .iter()
            .any(|n| n["action"] == "event.assign"),
        "{bills}"
    );
}

/// Bill types a client he already has under another name: he archives the
/// wrong one, which leaves the lists but stays readable; a client with a
/// signed contract stays; only management restores. Returns its id.
pub fn a_wrong_client_archived_and_restored(
    ada: &Machine,
    bill: &Machine,
    kate: &Machine,
    client_id: &str,
    contract_id: &str,
) -> String {
    let wrong = bill.json(&[
        "client",
        "create",
        "--name",
        "Kevin Kasey",
        "--email",
        "kevin.k@startup.io",
        "--phone",
        "+678 123 456 79",
        "--company",
        "Cool Startup LLC",
    ]);
    let wrong_id = id(&wrong);
    let listed = |m: &Machine, args: &[&str]| -> Vec<i64> {
        m.json(args)["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["id"].as_i64().unwrap())
            .collect()
    };
    refused(kate, ada, 4, &["client", "archive", &wrong_id]);
    let run = refused(bill, ada, 7, &["client", "archive", client_id]);
    assert!(
        run.stderr
            .contains(&format!("signed contract(s) {contract_id}")),
        "{}",
        run.stderr
    );
    let said = bill.expect(0, &["client", "archive", &wrong_id], "").stdout;
    assert!(
        said.starts_with(&format!("Archived client #{wrong_id} Kevin Kasey")),
        "{said}"
    );
    let wrong_n: i64 = wrong_id.parse().unwrap();
    assert!(!listed(ada, &["client", "list", "--all"]).contains(&wrong_n));
    assert_eq!(listed(ada, &["client", "list", "--archived"]), [wrong_n]);
    assert!(kate.json(&["client", "show", &wrong_id])["archived_at"].is_string());
    refused(
        bill,
        ada,
        7,
        &["client", "update", &wrong_id, "--phone", "+1 555 0100"],
    );
    refused(bill, ada, 4, &["client", "restore", &wrong_id]);
    let said = ada.expect(0, &["client", "restore", &wrong_id], "").stdout;
    assert!(
        said.starts_with(&format!("Restored client #{wrong_id}")),
        "{said}"
    );
    assert!(listed(ada, &["client", "list", "--all"]).contains(&wrong_n));
    let told = kate.expect(0, &["history", "client", &wrong_id], "").stdout;
    for line in [
        "Bill Boquet (sales)  archived\n    archived: no → yes",
        "Ada Manager (management)  restored",
    ] {
        assert!(told.contains(line), "{line:?} in:\n{told}");
    }

    wrong_id
}
