//! The binary's contract with scripts: exit codes, error lines, JSON, schema checks.

use crate::common;

use common::TestDb;
use common::machine::{ADA, Machine, json};

#[test]
fn every_exit_code_of_the_contract() {
    let db = TestDb::sqlite();
    let m = Machine::new(&db);
    m.expect(7, &["whoami"], "");
    m.init();
    m.expect(2, &["collaborator", "frobnicate"], "");
    m.expect(3, &["whoami"], "");
    m.expect(
        3,
        &["login", "--email", "ada@epic.test", "--password-stdin"],
        "wrong password\n",
    );
    m.login("ada@epic.test", ADA);
    m.hire_bill();
    m.expect(5, &["collaborator", "show", "99"], "");
    m.expect(
        6,
        &["collaborator", "update", "2", "--email", "not an email"],
        "",
    );
    m.expect(
        7,
        &["collaborator", "update", "2", "--email", "ADA@epic.test"],
        "",
    );
    m.expect(
        7,
        &[
            "init",
            "--name",
            "Eve",
            "--email",
            "eve@epic.test",
            "--password-stdin",
        ],
        "eve's long passphrase\n",
    );
    m.login("bill@epic.test", common::machine::BILL);
    let denied = m.expect(4, &["collaborator", "list"], "");
    assert_eq!(
        denied.stderr.trim(),
        "error: permission denied: sales may not list collaborators"
    );
    // Refused before any prompt: without the check first, this would fail as
    // "no terminal to prompt" (exit 2).
    let create = [
        "collaborator",
        "create",
        "--name",
        "X",
        "--email",
        "x@epic.test",
        "--department",
        "sales",
    ];
    m.expect(4, &create, "");
    // A database that a disk error damaged is unexpected: exit 1, with a
    // reference to quote (a file that is not a database at all is exit 8).
    let epicevents_store::DatabaseUrl::Sqlite(path) = &db.url else {
        unreachable!()
    };
    damage_pages(path);
    let broken = m.expect(1, &["client", "list"], "");
    assert!(
        broken
            .stderr
            .starts_with("error: internal error (reference "),
        "{}",
        broken.stderr
    );
}

/// Overwrites every page but the first (the header) with noise.
fn damage_pages(path: &std::path::Path) {
    use std::io::{Seek, SeekFrom, Write};
    let size = std::fs::metadata(path).unwrap().len();
    let mut file = std::fs::OpenOptions::new().write(true).open(path).unwrap();
    file.seek(SeekFrom::Start(4096)).unwrap();
    file.write_all(&vec![0xA5; (size - 4096) as usize]).unwrap();
}

in_both_modes! {
    fn errors_are_one_line_and_json_when_asked(db: &TestDb, mode: Mode) {
    let m = Machine::ready_in(db, mode);
    let create_hr = [
        "collaborator",
        "create",
        "--name",
        "X",
        "--email",
        "x@epic.test",
        "--department",
        "hr",
        "--password-stdin",
    ];
    for (code, args) in [
        (5, vec!["collaborator", "show", "42", "--json"]),
        (6, [&["--json"][..], &create_hr[..]].concat()),
        (2, vec!["--json", "collaborator", "update", "1"]),
    ] {
        let run = m.expect(code, &args, "some long passphrase\n");
        assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
        let body = json(&run.stderr);
        assert_eq!(body["code"], code);
        assert!(!body["message"].as_str().unwrap().is_empty());
        assert!(run.stdout.is_empty());
    }
    let run = m.expect(6, &create_hr, "some long passphrase\n");
    assert_eq!(
        run.stderr,
        "error: invalid department: must be one of sales (commercial), support, management (gestion)\n"
    );
    let usage = m.expect(2, &["collaborator", "update", "1"], "");
    assert_eq!(usage.stderr.lines().count(), 1, "{}", usage.stderr);
    }
}

in_both_modes! {
    fn deletion_asks_for_confirmation_unless_told_yes(db: &TestDb, mode: Mode) {
    let m = Machine::ready_in(db, mode);
    m.hire_bill();
    let run = m.expect(2, &["collaborator", "delete", "2"], "");
    assert!(run.stderr.contains("--yes"), "{}", run.stderr);
    m.expect(0, &["collaborator", "show", "2"], "");
    let run = m.expect(0, &["collaborator", "delete", "2", "--yes", "--json"], "");
    assert_eq!(json(&run.stdout)["name"], "Bill Boquet");
    m.expect(5, &["collaborator", "show", "2"], "");
    }
}

in_both_modes! {
    fn quiet_silences_confirmations_but_not_results(db: &TestDb, mode: Mode) {
    let m = Machine::ready_in(db, mode);
    let create = [
        "--quiet",
        "collaborator",
        "create",
        "--name",
        "Kate Hastroff",
        "--email",
        "kate@epic.test",
        "--department",
        "support",
        "--password-stdin",
    ];
    assert_eq!(m.expect(0, &create, "kate's long passphrase\n").stdout, "");
    let run = m.expect(
        0,
        &["-q", "collaborator", "list", "--department", "support"],
        "",
    );
    assert!(run.stdout.contains("Kate Hastroff"));
    }
}

#[test]
fn a_database_migrated_by_a_newer_binary_is_refused() {
    use diesel::prelude::*;
    diesel::table! {
        __diesel_schema_migrations (version) {
            version -> Text,
            run_on -> Timestamp,
        }
    }
    use __diesel_schema_migrations as migrations;
    let db = TestDb::sqlite();
    let m = Machine::ready(&db);
    let now = chrono::Utc::now().naive_utc();
    let newer = (
        migrations::version.eq("99991231000000"),
        migrations::run_on.eq(now),
    );
    db.execute(|c| {
        diesel::insert_into(migrations::table)
            .values(newer)
            .execute(c)
    });
    let run = m.expect(7, &["whoami"], "");
    assert!(run.stderr.contains("newer epicevents"), "{}", run.stderr);
    m.expect(7, &["init"], "");
    // And one whose schema is behind is refused until `init` migrates it.
    let later = migrations::table.filter(migrations::version.ne("20261122000001"));
    db.execute(|c| diesel::delete(later).execute(c));
    let run = m.expect(7, &["whoami"], "");
    assert!(
        run.stderr.contains("run `epicevents init` to migrate it"),
        "{}",
        run.stderr
    );
}

/// `epicevents --json client list --all | head -c 100`: the reader goes
/// away; the command ends quietly, with no panic and nothing on stderr.
#[test]
fn a_closed_output_ends_the_command_quietly() {
    use std::io::Read;
    use std::process::{Command, Stdio};
    let db = TestDb::sqlite();
    let m = Machine::ready(&db);
    let at = chrono::NaiveDate::from_ymd_opt(2030, 1, 1)
        .unwrap()
        .and_hms_opt(9, 0, 0)
        .unwrap();
    // Far more than a pipe holds, so the writer is still writing when the
    // reader leaves.
    for _ in 0..400 {
        common::records::fixture(&db, None, None, true, at);
    }
    let mut child = Command::new(env!("CARGO_BIN_EXE_epicevents"))
        .args(["--json", "client", "list", "--all"])
        .env_clear()
        .env("HOME", m.home.path())
        .env("EPICEVENTS_DATABASE_URL", db.url_string())
        .env("EPICEVENTS_CONFIG_DIR", m.config_dir())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 100];
    child.stdout.take().unwrap().read_exact(&mut first).unwrap();
    // The read end is closed here, when the handle is dropped.
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    let status = child.wait().unwrap();
    assert!(matches!(status.code(), Some(0 | 141)), "{status:?}");
    assert!(stderr.is_empty(), "{stderr}");
}

/// `-v 2>log`: the log holds words, not colour codes.
#[test]
fn a_log_written_to_a_file_has_no_colour_codes() {
    let db = TestDb::sqlite();
    let m = Machine::ready(&db);
    let run = m.expect(
        0,
        &[
            "-v",
            "login",
            "--email",
            "ada@epic.test",
            "--password-stdin",
        ],
        &format!("{ADA}\n"),
    );
    assert!(run.stderr.contains("login succeeded"), "{}", run.stderr);
    assert!(!run.stderr.contains('\u{1b}'), "{:?}", run.stderr);
}
