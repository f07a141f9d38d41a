//! `event import`: the support team's sheet brought in, in local mode and
//! through the server — the shared fixture, a sheet per event, a plain
//! table, a CSV, broken blocks (every problem named by its cell, nothing
//! written), a second import (nothing twice, changes applied), and every
//! export format read back without a change.

use crate::common;

use std::path::{Path, PathBuf};

use common::TestDb;
use common::machine::{Machine, Run, json};
use common::records::{counts, fixture};

/// A copy of `../shared/fixtures/support-sheet.xlsx`: CI has the clone only.
const SHARED_FIXTURE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/support-sheet.xlsx"
);
const PER_SHEET: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/sheet-per-event.ods"
);

/// The brief's two events as the demo data describes them (UTC).
struct Expected {
    name: &'static str,
    starts_at: &'static str,
    ends_at: &'static str,
    support: &'static str,
    location: &'static str,
    attendees: i64,
    client: (&'static str, &'static str, &'static str),
    event_ref: &'static str,
    contract_ref: &'static str,
}

const BRIEF: [Expected; 2] = [
    Expected {
        name: "Lou Bouzin General Assembly",
        starts_at: "2023-05-05T13:00:00Z",
        ends_at: "2023-05-05T15:00:00Z",
        support: "Aliénor Vichum",
        location: "Salle des fêtes de Mufflins",
        attendees: 200,
        client: ("Jacky Blangier", "jacky@loubouzin.grd", "Lou Bouzin"),
        event_ref: "1023",
        contract_ref: "412",
    },
    Expected {
        name: "John Ouick Wedding",
        starts_at: "2023-06-04T11:00:00Z",
        ends_at: "2023-06-05T00:00:00Z",
        support: "Kate Hastroff",
        location: "53 Rue du Château, 41120 Candé-sur-Beuvron, France",
        attendees: 75,
        client: ("John Ouick", "john.ouick@gmail.com", "John Ouick"),
        event_ref: "109",
        contract_ref: "652",
    },
];

/// A manager in Paris (the sheet's times are Paris times), with the
/// brief's support team and Bill (sales, #2).
fn team(db: &TestDb, mode: common::machine::Mode) -> Machine<'_> {
    let mut ada = Machine::ready_in(db, mode);
    ada.tz = "Europe/Paris";
    assert_eq!(ada.hire("Bill Boquet", "bill@epic.test", "sales"), 2);
    ada.hire("Kate Hastroff", "kate@epic.test", "support");
    ada.hire("Aliénor Vichum", "alienor@epic.test", "support");
    ada
}

fn import(ada: &Machine<'_>, code: i32, file: &Path, extra: &[&str]) -> Run {
    let mut args = vec!["event", "import", file.to_str().unwrap()];
    args.extend_from_slice(extra);
    ada.expect(code, &args, "")
}

fn report(ada: &Machine<'_>, file: &Path, extra: &[&str]) -> serde_json::Value {
    let mut args = vec!["--json", "event", "import", file.to_str().unwrap()];
    args.extend_from_slice(extra);
    json(&ada.expect(0, &args, "").stdout)
}

fn outcomes(report: &serde_json::Value) -> Vec<String> {
    report["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["outcome"].as_str().unwrap().to_owned())
        .collect()
}

fn events(ada: &Machine<'_>) -> Vec<serde_json::Value> {
    ada.json(&["event", "list", "--all"])["items"]
        .as_array()
        .unwrap()
        .clone()
}

/// The rows of a workbook written for a test: text, numbers, or dates.
enum Cell {
    T(&'static str),
    N(f64),
    D(&'static str),
}

fn workbook(path: &Path, sheets: &[(&str, Vec<Vec<Cell>>)]) {
    let mut book = rust_xlsxwriter::Workbook::new();
    let date = rust_xlsxwriter::Format::new().set_num_format("yyyy-mm-dd hh:mm");
    for (name, rows) in sheets {
        let sheet = book.add_worksheet();
        sheet.set_name(*name).unwrap();
        for (r, row) in rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let (r, c) = (r as u32, c as u16);
                match cell {
                    Cell::T("") => {}
                    Cell::T(t) => drop(sheet.write_string(r, c, *t).unwrap()),
                    Cell::N(n) => drop(sheet.write_number(r, c, *n).unwrap()),
                    Cell::D(d) => {
                        let t = chrono::NaiveDateTime::parse_from_str(d, "%Y-%m-%d %H:%M").unwrap();
                        sheet.write_datetime_with_format(r, c, t, &date).unwrap();
                    }
                }
            }
        }
    }
    book.save(path).unwrap();
}

use Cell::{D, N, T};

/// One block of the team's layout.
#[allow(clippy::too_many_arguments)]
fn block(
    name: &'static str,
    id: Cell,
    contract: Cell,
    client: &'static str,
    contact: &'static str,
    start: Cell,
    end: Cell,
    support: &'static str,
    attendees: Cell,
) -> Vec<Vec<Cell>> {
    vec![
        vec![T(name)],
        vec![T("Event ID"), id],
        vec![T("Contract ID"), contract],
        vec![T("Client name"), T(client)],
        vec![T("Client contact"), T(contact)],
        vec![T("Event date start"), start],
        vec![T("Event date end"), end],
        vec![T("Support contact"), T(support)],
        vec![T("Location"), T("Nantes")],
        vec![T("Attendees"), attendees],
        vec![T("Notes"), T("")],
    ]
}

fn temp(dir: &tempfile::TempDir, name: &str) -> PathBuf {
    dir.path().join(name)
}

in_both_modes! {
    fn the_shared_fixture_lands_as_the_brief_describes_and_a_second_import_changes_nothing(db: &TestDb, mode: Mode) {
        let ada = team(db, mode);
        let fixture = Path::new(SHARED_FIXTURE);
        let refused = import(&ada, 6, fixture, &[]);
        assert!(refused.stderr.contains("Événements!B3: no contract numbered 652"), "{}", refused.stderr);
        assert!(refused.stderr.contains("Événements!B15: no contract numbered 412"), "{}", refused.stderr);
        assert!(refused.stderr.contains("Événements!B5: no client with the e-mail john.ouick@gmail.com"), "{}", refused.stderr);
        assert!(refused.stderr.contains("4 problems in the file; nothing was imported"), "{}", refused.stderr);
        assert_eq!(counts(db), [0, 0, 0]);

        let dry = report(&ada, fixture, &["--dry-run", "--create-missing", "--sales-contact", "2"]);
        assert_eq!((dry["dry_run"].as_bool(), dry["created"].as_i64()), (Some(true), Some(2)));
        assert_eq!(dry["events"][0]["id"], serde_json::Value::Null, "a dry run creates nothing to name");
        assert_eq!(counts(db), [0, 0, 0], "a dry run writes nothing");

        let shown = import(&ada, 0, fixture, &["--create-missing", "--sales-contact", "2"]);
        assert!(shown.stdout.contains("Imported"), "{}", shown.stdout);
        assert!(shown.stdout.contains("2 created, 0 updated, 0 unchanged"), "{}", shown.stdout);
        assert!(shown.stdout.contains("amounts unknown"), "{}", shown.stdout);
        assert_eq!(counts(db), [2, 2, 2]);
        let landed = events(&ada);
        for (event, want) in landed.iter().zip(&BRIEF) {
            assert_eq!(event["name"], want.name);
            assert_eq!(event["starts_at"], want.starts_at, "{}", want.name);
            assert_eq!(event["ends_at"], want.ends_at, "{}", want.name);
            assert_eq!(event["support_contact"]["name"], want.support);
            assert_eq!(event["location"], want.location);
            assert_eq!(event["attendees"], want.attendees);
            assert_eq!(event["external_ref"], want.event_ref);
            assert_eq!(event["contract_external_ref"], want.contract_ref);
            assert_eq!(
                (event["client"]["name"].as_str(), event["client"]["email"].as_str(), event["client"]["company"].as_str()),
                (Some(want.client.0), Some(want.client.1), Some(want.client.2))
            );
        }
        assert!(landed[1]["notes"].as_str().unwrap().starts_with("Wedding starts at 3PM"));
        let contract = ada.json(&["contract", "show", landed[0]["contract_id"].to_string().as_str()]);
        assert_eq!((contract["signed"].as_bool(), contract["amounts_known"].as_bool()), (Some(true), Some(false)));
        let shown = ada.expect(0, &["contract", "show", landed[0]["contract_id"].to_string().as_str()], "");
        assert!(shown.stdout.contains("unknown"), "amounts not invented: {}", shown.stdout);
        let clients = ada.json(&["client", "list"]);
        assert_eq!(clients["items"][0]["sales_contact"]["id"], 2, "owned by --sales-contact");

        let again = report(&ada, fixture, &[]);
        assert_eq!(outcomes(&again), ["unchanged", "unchanged"]);
        assert_eq!(counts(db), [2, 2, 2], "nothing twice");
        // The same two events, one per sheet, in an OpenDocument file with
        // a real date cell: the same records.
        assert_eq!(outcomes(&report(&ada, Path::new(PER_SHEET), &[])), ["unchanged", "unchanged"]);
        assert_eq!(counts(db), [2, 2, 2]);

        // Half the amounts of an unknown contract would be invented.
        let id = landed[0]["contract_id"].to_string();
        let half = ada.expect(6, &["contract", "update", &id, "--total", "8500"], "");
        assert!(half.stderr.contains("due"), "{}", half.stderr);
        ada.expect(0, &["contract", "update", &id, "--total", "8500", "--due", "0"], "");
        assert_eq!(ada.json(&["contract", "show", &id])["amounts_known"], true);

        // Sales import nothing.
        let bill = ada.colleague("bill@epic.test", "Bill Boquet");
        assert_eq!(bill.run_with(&["event", "import", SHARED_FIXTURE], "").code, 4);
    }

    fn a_second_import_applies_what_changed_and_a_sheet_per_event_reads_like_blocks(db: &TestDb, mode: Mode) {
        let ada = team(db, mode);
        let dir = tempfile::tempdir().unwrap();
        let first = temp(&dir, "first.xlsx");
        workbook(&first, &[
            ("Gala", block("Winter Gala", N(501.0), N(77.0), "Léa Martin", "Léa Martin\nlea@martin.test\n06 12 34 56 78", T("12/12/2027 19h"), T("13/12/2027 01h"), "", N(120.0))),
            ("Launch", block("Product Launch", N(502.0), N(77.0), "Martin SA", "lea@martin.test", D("2027-10-01 09:30"), D("2027-10-01 12:00"), "Kate Hastroff", T("45"))),
        ]);
        let created = report(&ada, &first, &["--create-missing", "--sales-contact", "2"]);
        assert_eq!(outcomes(&created), ["created", "created"]);
        assert_eq!(created["clients_created"].as_array().unwrap().len(), 1, "one client, found again by e-mail");
        assert_eq!(created["contracts_created"].as_array().unwrap().len(), 1, "one contract for both");
        assert_eq!(counts(db), [1, 1, 2]);
        let launch = &events(&ada)[0];
        assert_eq!(launch["starts_at"], "2027-10-01T07:30:00Z", "a real date cell, in Paris time");
        assert_eq!(launch["attendees"], 45, "attendees as text");
        assert_eq!(events(&ada)[1]["support_contact"], serde_json::Value::Null, "an empty support contact: unassigned");

        // Management hands the gala over through the sheet, and may not
        // rewrite its details: each such cell is refused, with the rule,
        // and nothing is written.
        let second = temp(&dir, "second.xlsx");
        workbook(&second, &[
            ("Gala", block("Winter Gala", N(501.0), N(77.0), "Léa Martin", "lea@martin.test", T("12/12/2027 19h"), T("13/12/2027 02h"), "Aliénor Vichum", N(150.0))),
            ("Launch", block("Product Launch", N(502.0), N(77.0), "Martin SA", "lea@martin.test", D("2027-10-01 09:30"), D("2027-10-01 12:00"), "Kate Hastroff", N(45.0))),
        ]);
        let refused = import(&ada, 6, &second, &[]);
        for problem in [
            "Gala!B7: Event date end differs from event 1's, and management may not update events (nobody runs it yet)",
            "Gala!B10: Attendees differs from event 1's, and management may not update events",
        ] {
            assert!(refused.stderr.contains(problem), "{problem}\n{}", refused.stderr);
        }
        assert!(!refused.stderr.contains("Gala!B8"), "handing over is management's: {}", refused.stderr);
        assert_eq!(events(&ada)[1]["version"], 1, "nothing written");

        let handover = temp(&dir, "handover.xlsx");
        workbook(&handover, &[
            ("Gala", block("Winter Gala", N(501.0), N(77.0), "Léa Martin", "lea@martin.test", T("12/12/2027 19h"), T("13/12/2027 01h"), "Aliénor Vichum", N(120.0))),
        ]);
        let updated = report(&ada, &handover, &[]);
        assert_eq!(outcomes(&updated), ["updated"]);
        assert_eq!(updated["events"][0]["changed"], serde_json::json!(["support contact"]));
        assert_eq!(counts(db), [1, 1, 2], "nothing duplicated");
        let gala = &events(&ada)[1];
        assert_eq!(gala["support_contact"]["name"], "Aliénor Vichum");
        assert_eq!(gala["version"], 2, "one update, one version");
        // The trail says what the import changed, old → new, as a single
        // update's entry does.
        let gala_id = gala["id"].as_i64().unwrap().to_string();
        let trail = ada.expect(0, &["history", "event", &gala_id], "").stdout;
        assert!(trail.contains("support contact: none → Aliénor Vichum"), "{trail}");

        // The new support contact is told, as after `event assign`; and now
        // re-imports the sheet to bring her event's details up to date, but
        // not Kate's event, nor one the CRM lacks.
        let mut alienor = ada.colleague("alienor@epic.test", "Aliénor Vichum");
        alienor.tz = "Europe/Paris";
        let inbox = alienor.json(&["inbox"]);
        let told: Vec<_> = inbox.as_array().unwrap().iter().map(|n| (n["action"].as_str().unwrap().to_owned(), n["subject"].as_i64())).collect();
        assert_eq!(told, [("event.assign".to_owned(), Some(1))], "{inbox}");
        let hers = temp(&dir, "hers.xlsx");
        workbook(&hers, &[
            ("Gala", block("Winter Gala", N(501.0), N(77.0), "Léa Martin", "lea@martin.test", T("12/12/2027 19h"), T("13/12/2027 02h"), "Aliénor Vichum", N(150.0))),
            ("Launch", block("Product Launch", N(502.0), N(77.0), "Martin SA", "lea@martin.test", D("2027-10-01 09:30"), D("2027-10-01 12:00"), "Kate Hastroff", N(45.0))),
        ]);
        let done = report(&alienor, &hers, &[]);
        assert_eq!(outcomes(&done), ["updated", "unchanged"]);
        assert_eq!(done["events"][0]["changed"], serde_json::json!(["end", "attendees"]));
        let gala = &events(&ada)[1];
        assert_eq!((gala["attendees"].as_i64(), gala["version"].as_i64()), (Some(150), Some(3)));

        let others = temp(&dir, "others.xlsx");
        workbook(&others, &[
            ("Launch", block("Product Launch", N(502.0), N(77.0), "Martin SA", "lea@martin.test", D("2027-10-01 09:30"), D("2027-10-01 13:00"), "Aliénor Vichum", N(45.0))),
            ("New", block("Spring Fair", N(503.0), N(77.0), "Martin SA", "lea@martin.test", D("2028-03-01 09:30"), D("2028-03-01 13:00"), "", N(30.0))),
        ]);
        let before = counts(db);
        let refused = alienor.run_with(&["event", "import", others.to_str().unwrap()], "");
        assert_eq!(refused.code, 6, "{}", refused.stderr);
        for problem in [
            "Launch!B7: Event date end differs from event 2's, and support may not update events other than their own (Kate Hastroff runs it)",
            "Launch!B8: Support contact differs from event 2's, and support may not assign events' support contacts",
            "New!A1: the CRM has no event 503 yet, and support may not create events, clients and contracts from a sheet",
        ] {
            assert!(refused.stderr.contains(problem), "{problem}\n{}", refused.stderr);
        }
        assert_eq!(counts(db), before);
        let create = alienor.run_with(&["event", "import", others.to_str().unwrap(), "--create-missing", "--sales-contact", "2"], "");
        assert_eq!(create.code, 4, "{}", create.stderr);
        assert!(create.stderr.contains("support may not create events, clients and contracts from a sheet"), "{}", create.stderr);
    }

    fn a_plain_table_and_a_csv_are_read_by_their_header(db: &TestDb, mode: Mode) {
        let ada = team(db, mode);
        let dir = tempfile::tempdir().unwrap();
        let table = temp(&dir, "tidy.xlsx");
        workbook(&table, &[("Events", vec![
            vec![T("Event"), T("Location"), T("Event ID"), T("Contract ID"), T("Client name"), T("Client contact"), T("Event date start"), T("Event date end"), T("Support contact"), T("Attendees"), T("Notes"), T("Comment")],
            vec![T("Board Meeting"), T("Lyon"), N(7.0), N(70.0), T("Acme"), T("+33 4 72 00 00 00 ; Paul Durand ; paul@acme.test"), T("12 mars 2027 18h"), T("12 mars 2027 20h"), T("kate hastroff"), N(12.0), T("Projector"), T("ignored")],
        ])]);
        let done = report(&ada, &table, &["--create-missing", "--sales-contact", "2"]);
        assert_eq!(outcomes(&done), ["created"]);
        let event = &events(&ada)[0];
        assert_eq!(event["starts_at"], "2027-03-12T17:00:00Z");
        assert_eq!(event["support_contact"]["name"], "Kate Hastroff", "names match in any case");
        assert_eq!((event["client"]["name"].as_str(), event["client"]["company"].as_str()), (Some("Paul Durand"), Some("Acme")));

        let csv = temp(&dir, "events.csv");
        std::fs::write(&csv, "Event ID,Event,Contract ID,Client name,Client contact,Event date start,Event date end,Support contact,Location,Attendees,Notes\r\n\
            8,Team Day,70,Acme,paul@acme.test,2027-05-01 10:00,2027-05-01 18:00,,Annecy,30,\"Bus at 8,\nlunch at noon\"\r\n").unwrap();
        let done = report(&ada, &csv, &[]);
        assert_eq!(done["events"][0]["origin"], "events!A2");
        assert_eq!(outcomes(&done), ["created"]);
        assert_eq!(counts(db), [1, 1, 2], "the client and the contract found again");
        assert_eq!(events(&ada)[1]["notes"], "Bus at 8,\nlunch at noon");
    }

    fn broken_blocks_are_all_reported_with_their_cells_and_nothing_is_written(db: &TestDb, mode: Mode) {
        let ada = team(db, mode);
        let dir = tempfile::tempdir().unwrap();
        let broken = temp(&dir, "broken.xlsx");
        let mut rows = block("Fine Event", N(1.0), N(10.0), "Acme", "boss@acme.test\n+33 1 02 03 04 05", T("1 Jun 2027 @ 1PM"), T("1 Jun 2027 @ 5PM"), "Kate Hastroff", N(10.0));
        rows.push(vec![]);
        rows.extend(block("Bad Event", N(2.0), N(10.0), "Acme", "boss@acme.test", T("31 Feb 2027 @ 1PM"), T("1 Jun 2027 @ 5PM"), "Nobody Atall", T("lots")));
        rows.push(vec![]);
        rows.extend(block("Backwards", T(""), N(10.0), "Acme", "boss@acme.test", T("2 Jun 2027 @ 5PM"), T("2 Jun 2027 @ 1PM"), "", N(5.0)));
        rows.push(vec![]);
        rows.extend(block("Twice", N(1.0), N(10.0), "Acme", "boss@acme.test", T("3 Jun 2027 @ 1PM"), T("3 Jun 2027 @ 5PM"), "", N(5.0)));
        rows.push(vec![]);
        // A cell of its own and its client's: both reported in one pass.
        rows.extend(block("Lost", N(5.0), N(11.0), "Nobody", "nobody@", T("someday"), T("4 Jun 2027 @ 5PM"), "", N(5.0)));
        rows.push(vec![]);
        rows.extend(block("Long", T("X-0123456789-0123456789-0123456789-0123456789-0123456789-0123456789"), N(10.0), "Acme", "boss@acme.test", T("5 Jun 2027 @ 1PM"), T("5 Jun 2027 @ 5PM"), "", N(5.0)));
        workbook(&broken, &[("Sheet1", rows)]);
        let before = counts(db);
        let run = import(&ada, 6, &broken, &["--create-missing", "--sales-contact", "2"]);
        for problem in [
            "Sheet1!B18: Event date start",
            "Sheet1!B20: no support collaborator named \"Nobody Atall\"",
            "Sheet1!B22: Attendees",
            "Sheet1!B26: Event ID is empty",
            "Sheet1!B31: Event date end must be after",
            "Sheet1!B38: Event ID 1 is also at Sheet1!B2",
            "Sheet1!B54: Event date start must be",
            "Sheet1!B53: Client contact: the e-mail",
            "Sheet1!B62: Event ID must be at most 64 characters",
        ] {
            assert!(run.stderr.contains(problem), "{problem}\n{}", run.stderr);
        }
        assert!(run.stderr.contains("9 problems in the file; nothing was imported"), "{}", run.stderr);
        assert_eq!(counts(db), before, "not even the fine event, nor its client");
        let as_json = ada.run_with(&["--json", "event", "import", broken.to_str().unwrap(), "--create-missing", "--sales-contact", "2"], "");
        assert_eq!(as_json.code, 6);
        assert_eq!(json(&as_json.stdout)["errors"].as_array().unwrap().len(), 9);
    }

    fn a_large_sheet_shows_its_progress_on_a_terminal_and_nothing_on_a_pipe(db: &TestDb, mode: Mode) {
        let mut ada = team(db, mode);
        ada.columns = Some(100);
        let dir = tempfile::tempdir().unwrap();
        let (small, large) = (temp(&dir, "small.xlsx"), temp(&dir, "large.xlsx"));
        let sheet = |events: u32| {
            let mut rows = Vec::new();
            for n in 0..events {
                rows.extend(block("Gala", N(f64::from(n)), N(9.0), "Acme", "boss@acme.test\n+33 1 02 03 04 05", T("1 Jun 2027 @ 1PM"), T("1 Jun 2027 @ 5PM"), "", N(10.0)));
                rows.push(vec![]);
            }
            vec![("Sheet1", rows)]
        };
        workbook(&small, &sheet(3));
        workbook(&large, &sheet(301));
        let options = ["--dry-run", "--create-missing", "--sales-contact", "2"];
        let mut args = vec!["event", "import", large.to_str().unwrap()];
        args.extend_from_slice(&options);
        let piped = ada.expect(0, &args, "");
        assert_eq!(piped.stderr, "", "nothing on a pipe");
        let shown = ada.in_terminal(&args, b"");
        assert!(shown.stdout.contains("importing 301 events"), "{}", shown.stdout);
        args[2] = small.to_str().unwrap();
        let quick = ada.in_terminal(&args, b"");
        assert!(!quick.stdout.contains("importing"), "a few events need no bar: {}", quick.stdout);
    }

    fn every_export_reads_back_without_a_change(db: &TestDb, mode: Mode) {
        let ada = team(db, mode);
        import(&ada, 0, Path::new(SHARED_FIXTURE), &["--create-missing", "--sales-contact", "2"]);
        // Events typed in the CRM, with no sheet numbers: matched by the CRM's ids.
        let at = chrono::NaiveDate::from_ymd_opt(2030, 1, 1).unwrap().and_hms_opt(9, 0, 0).unwrap();
        for _ in 0..3 {
            fixture(db, None, None, true, at);
        }
        let before = counts(db);
        let versions: Vec<_> = events(&ada).iter().map(|e| e["version"].clone()).collect();
        let dir = tempfile::tempdir().unwrap();
        for format in ["csv", "xlsx"] {
            let file = temp(&dir, &format!("events.{format}"));
            ada.expect(0, &["event", "list", "--format", format, "--output", file.to_str().unwrap()], "");
            let back = report(&ada, &file, &[]);
            assert_eq!(outcomes(&back), ["unchanged"; 5], "{format}: {back}");
            assert_eq!(counts(db), before, "{format}");
        }
        let after: Vec<_> = events(&ada).iter().map(|e| e["version"].clone()).collect();
        assert_eq!(after, versions, "no event was written");
    }
}

in_both_modes! {
    // A sheet holds no offsets: the hour that happens twice when clocks go
    // back is its first occurrence, the one that never happens is moved
    // forward by the gap (RFC 5545), and the report names both cells.
    fn times_a_clock_change_repeats_or_skips_are_read_as_rfc_5545_reads_them(db: &TestDb, mode: Mode) {
        let ada = team(db, mode);
        let dir = tempfile::tempdir().unwrap();
        let file = temp(&dir, "clocks.xlsx");
        let mut rows = block("Autumn", N(1.0), N(9.0), "Acme", "boss@acme.test\n+33 1 02 03 04 05", T("31 Oct 2027 @ 2:30AM"), T("31 Oct 2027 @ 6PM"), "", N(10.0));
        rows.push(vec![]);
        rows.extend(block("Spring", N(2.0), N(9.0), "Acme", "boss@acme.test\n+33 1 02 03 04 05", T("28 Mar 2027 @ 2:30AM"), T("28 Mar 2027 @ 6PM"), "", N(10.0)));
        workbook(&file, &[("Sheet1", rows)]);
        let found = report(&ada, &file, &["--create-missing", "--sales-contact", "2"]);
        assert_eq!(outcomes(&found), ["created", "created"], "{found}");
        let changes = found["clock_changes"].as_array().expect("the clock changes");
        let said: Vec<(&str, &str)> = changes
            .iter()
            .map(|c| (c["cell"].as_str().unwrap(), c["message"].as_str().unwrap()))
            .collect();
        assert_eq!(said.len(), 2, "{said:?}");
        assert!(said[0].1.contains("happens twice") && said[0].1.contains("the first"), "{said:?}");
        assert!(said[1].1.contains("does not exist") && said[1].1.contains("60 minutes later"), "{said:?}");
        let starts: Vec<String> = events(&ada).iter().map(|e| e["starts_at"].as_str().unwrap().to_owned()).collect();
        assert!(starts.contains(&"2027-10-31T00:30:00Z".to_owned()), "02:30 at +02:00: {starts:?}");
        assert!(starts.contains(&"2027-03-28T01:30:00Z".to_owned()), "03:30 at +02:00: {starts:?}");
        let text = import(&ada, 0, &file, &["--dry-run"]);
        assert!(text.stdout.contains("Clock change"), "{}", text.stdout);
    }
}

on_every_backend! {
    // The demo data is the brief's: its two events carry the sheet's
    // numbers, so the team's sheet finds them exactly as they are.
    fn the_shared_fixture_finds_the_demo_events_unchanged(db: &TestDb) {
        let mut ada = Machine::new(db);
        ada.tz = "Europe/Paris";
        let demo = ada.expect(0, &["init", "--demo"], "");
        let password = demo
            .stdout
            .lines()
            .find(|l| l.contains("manager@epicevents.demo"))
            .and_then(|l| l.split('┆').nth(4))
            .map(|p| p.trim_matches(|c: char| c.is_whitespace() || c == '│').to_owned())
            .expect("the demo manager's password");
        ada.login("manager@epicevents.demo", &password);
        let before = counts(db);
        let found = report(&ada, Path::new(SHARED_FIXTURE), &[]);
        assert_eq!(outcomes(&found), ["unchanged", "unchanged"], "{found}");
        assert_eq!(counts(db), before);
    }
}

diesel::table! {
    /// PostgreSQL's catalogue of tables, for their statistics.
    pg_class (relname) {
        relname -> Text,
        reltuples -> Float,
    }
}

on_every_backend! {
    // A large import leaves the planner statistics that count its rows:
    // stale ones made a second import of 20,000 events take 11 s, not 0.9.
    fn a_large_import_refreshes_the_planners_statistics(db: &TestDb) {
        use diesel::prelude::*;
        if !matches!(db.url, epicevents_store::DatabaseUrl::Postgres(_)) {
            // SQLite's `PRAGMA optimize` on closing does it already; InnoDB
            // refreshes its statistics itself once a tenth of a table changed.
            return;
        }
        let ada = team(db, common::machine::Mode::Local);
        let dir = tempfile::tempdir().unwrap();
        let file = temp(&dir, "large.xlsx");
        let mut rows = Vec::new();
        for n in 0..1_000 {
            rows.extend(block("Gala", N(f64::from(n)), N(9.0), "Acme", "boss@acme.test\n+33 1 02 03 04 05", T("1 Jun 2027 @ 1PM"), T("1 Jun 2027 @ 5PM"), "", N(10.0)));
            rows.push(vec![]);
        }
        workbook(&file, &[("Sheet1", rows)]);
        let rows_known = || {
            db.query(|c| {
                pg_class::table
                    .filter(pg_class::relname.eq("events"))
                    .select(pg_class::reltuples)
                    .first::<f32>(c)
            })
        };
        assert!(rows_known() < 1.0, "no statistics before");
        import(&ada, 0, &file, &["--create-missing", "--sales-contact", "2"]);
        assert_eq!(rows_known(), 1_000.0);
    }
}

#[path = "cli_import/bounds.rs"]
mod bounds;
