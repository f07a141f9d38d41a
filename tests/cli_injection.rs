//! Hostile input through the real binary: every text option and the text
//! filter, including arguments that are not UTF-8. Each exits 0 (and reads
//! back exactly) or 6, and no database wording ever reaches the terminal.
//! The full corpus runs through the services in `injection.rs`.

use crate::common;

use std::ffi::OsStr;
use std::os::unix::ffi::OsStrExt;

use common::machine::{CREATE_KEVIN, Machine, Mode, Run, json};
use common::{SQL_PAYLOADS, TestDb};

/// Database wording that would betray SQL built from input.
const LEAKS: &[&str] = &[
    "sql",
    "syntax",
    "constraint",
    "postgres",
    "relation",
    "near \"",
];

fn samples() -> Vec<Vec<u8>> {
    let mut all: Vec<Vec<u8>> = SQL_PAYLOADS
        .iter()
        .filter(|s| !s.contains('\0')) // argv cannot carry NUL at all
        .map(|s| s.as_bytes().to_vec())
        .collect();
    for s in [
        "<script>alert(1)</script>",
        "😀 Ω ﷽",
        "$(rm -rf /)",
        "%s%n%x",
        "   ",
        "-1",
    ] {
        all.push(s.as_bytes().to_vec());
    }
    all.push(b"caf\xe9".to_vec()); // Latin-1, not UTF-8
    all.push(b"\xc3\x28\xff".to_vec());
    all
}

fn check(run: &Run, args: &[&OsStr]) {
    assert!(
        matches!(run.code, 0 | 6),
        "{args:?} exited {}: {}",
        run.code,
        run.stderr
    );
    let err = run.stderr.to_lowercase();
    for leak in LEAKS {
        assert!(
            !err.contains(leak),
            "{args:?} leaked {leak:?}: {}",
            run.stderr
        );
    }
}

fn run(m: &Machine, fixed: &[&str], option: &str, value: &[u8]) -> Run {
    let mut args: Vec<&OsStr> = vec![OsStr::new("--json")];
    args.extend(fixed.iter().map(OsStr::new));
    // `--option=value`: a value may itself start with a dash.
    let pair = [option.as_bytes(), b"=", value].concat();
    args.push(OsStr::from_bytes(&pair));
    let run = m.run_os(&args, "");
    check(&run, &args);
    if std::str::from_utf8(value).is_err() {
        assert_eq!(run.code, 6, "{args:?}: {}", run.stderr);
        assert!(run.stderr.contains("valid UTF-8"), "{}", run.stderr);
    }
    run
}

fn through_the_binary(db: &TestDb, mode: Mode) {
    let ada = Machine::ready_in(db, mode);
    ada.hire("Bill Boquet", "bill@epic.test", "sales");
    let kate_id = ada
        .hire("Kate Hastroff", "kate@epic.test", "support")
        .to_string();
    let bill = ada.colleague("bill@epic.test", "Bill Boquet");
    let kate = ada.colleague("kate@epic.test", "Kate Hastroff");
    let client = CREATE_KEVIN;
    let client_id = bill.json(&client)["id"].to_string();
    let contract = ada.json(&[
        "contract", "create", "--client", &client_id, "--total", "1000", "--signed",
    ])["id"]
        .to_string();
    let event = [
        "event",
        "create",
        "--contract",
        &contract,
        "--name",
        "Launch",
        "--start",
        "2030-01-01 10:00",
        "--end",
        "2030-01-01 12:00",
        "--location",
        "Paris",
        "--attendees",
        "10",
    ];
    let event_id = bill.json(&event)["id"].to_string();
    ada.expect(
        0,
        &["event", "assign", &event_id, "--support", &kate_id],
        "",
    );
    let before = ada.json(&["client", "list", "--all"])["total"]
        .as_i64()
        .unwrap();

    let mut created = 0;
    for value in samples() {
        let text = std::str::from_utf8(&value).ok().map(str::trim);
        for (i, option) in ["--name", "--email", "--phone", "--company"]
            .iter()
            .enumerate()
        {
            let fixed: Vec<&str> = client[..2]
                .iter()
                .copied()
                .chain(
                    client[2..]
                        .chunks(2)
                        .enumerate()
                        .filter(|(j, _)| *j != i)
                        .flat_map(|(_, pair)| pair.iter().copied()),
                )
                // The same e-mail, client after client.
                .chain(["--allow-duplicate"])
                .collect();
            let r = run(&bill, &fixed, option, &value);
            if r.code == 0 {
                created += 1;
                let shown = json(&r.stdout);
                let key = ["name", "email", "phone", "company"][i];
                if matches!(key, "name" | "company") {
                    assert_eq!(shown[key].as_str(), text, "{option} read back");
                }
            }
        }
        run(&bill, &["client", "update", &client_id], "--name", &value);
        run(&bill, &["client", "list"], "--search", &value);
        run(
            &ada,
            &["contract", "create", "--client", &client_id],
            "--total",
            &value,
        );
        run(
            &ada,
            &[
                "contract", "create", "--client", &client_id, "--total", "10",
            ],
            "--due",
            &value,
        );
        for option in ["--name", "--location", "--notes", "--attendees", "--start"] {
            let fixed: Vec<&str> = event
                .chunks(2)
                .filter(|pair| pair[0] != option)
                .flatten()
                .copied()
                .collect();
            run(&bill, &fixed, option, &value);
        }
        let r = run(&kate, &["event", "update", &event_id], "--notes", &value);
        if r.code == 0 {
            assert_eq!(json(&r.stdout)["notes"].as_str(), text, "notes read back");
        }
    }
    let after = ada.json(&["client", "list", "--all"])["total"]
        .as_i64()
        .unwrap();
    assert_eq!(after, before + created, "clients appeared or vanished");
}

in_both_modes! {
    fn hostile_arguments(db: &TestDb, mode: Mode) {
        through_the_binary(db, mode);
    }
}
