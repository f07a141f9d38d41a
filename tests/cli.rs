//! Black-box tests: the real `epicevents` binary, as a user or a script runs it.

mod common;

use std::os::unix::fs::PermissionsExt;
use std::path::PathBuf;

use assert_cmd::Command;
use common::TestDb;

const ADA: &str = "ada's long passphrase";

/// One user's machine: a database and a private config directory.
struct Machine<'a> {
    db: &'a TestDb,
    home: tempfile::TempDir,
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl<'a> Machine<'a> {
    fn new(db: &'a TestDb) -> Self {
        Self { db, home: tempfile::tempdir().unwrap() }
    }

    fn config_dir(&self) -> PathBuf {
        self.home.path().join("config")
    }

    fn session_path(&self) -> PathBuf {
        self.config_dir().join("session")
    }

    fn run_with(&self, args: &[&str], stdin: &str) -> Run {
        let out = Command::new(env!("CARGO_BIN_EXE_epicevents"))
            .args(args)
            .env_clear()
            .env("HOME", self.home.path())
            .env("EPICEVENTS_DATABASE_URL", self.db.url_string())
            .env("EPICEVENTS_CONFIG_DIR", self.config_dir())
            .write_stdin(stdin)
            .output()
            .unwrap();
        Run {
            code: out.status.code().expect("exited"),
            stdout: String::from_utf8(out.stdout).unwrap(),
            stderr: String::from_utf8(out.stderr).unwrap(),
        }
    }

    /// Runs and checks the exit code, showing everything when it differs.
    fn expect(&self, code: i32, args: &[&str], stdin: &str) -> Run {
        let run = self.run_with(args, stdin);
        assert_eq!(run.code, code, "{args:?}\nstdout: {}\nstderr: {}", run.stdout, run.stderr);
        run
    }

    fn init(&self) {
        self.expect(0, &["init", "--name", "Ada Manager", "--email", "ada@epic.test", "--password-stdin"], &format!("{ADA}\n"));
    }

    fn login(&self, email: &str, password: &str) {
        self.expect(0, &["login", "--email", email, "--password-stdin"], &format!("{password}\n"));
    }
}

fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"))
}

on_every_backend! {
    fn a_first_session_from_init_to_logout(db: &TestDb) {
        let m = Machine::new(db);
        let init = m.expect(0, &["init", "--name", "Ada Manager", "--email", "ada@epic.test", "--password-stdin"], &format!("{ADA}\n"));
        assert!(init.stdout.contains("Created the first management account: #1 Ada Manager"), "{}", init.stdout);
        let again = m.expect(0, &["init"], "");
        assert!(again.stdout.contains("up to date"), "{}", again.stdout);

        m.login("ada@epic.test", ADA);
        let me = json(&m.expect(0, &["whoami", "--json"], "").stdout);
        assert_eq!(me["name"], "Ada Manager");
        assert_eq!(me["department"], "management");
        assert!(me["session_expires_at"].as_str().unwrap().ends_with('Z'));

        let created = m.expect(0, &["collaborator", "create", "--name", "Bill Boquet", "--email", "bill@epic.test", "--department", "commercial", "--password-stdin"], "bill's long passphrase\n");
        assert!(created.stdout.contains("Created collaborator #2 Bill Boquet (sales)"), "{}", created.stdout);
        let list = m.expect(0, &["collaborator", "list"], "");
        assert!(list.stdout.contains("Bill Boquet") && list.stdout.contains("2 collaborator(s)"), "{}", list.stdout);

        let logout = m.expect(0, &["logout"], "");
        assert_eq!(logout.stdout.trim(), "Logged out.");
        assert!(!m.session_path().exists());
        let after = m.expect(3, &["whoami"], "");
        assert_eq!(after.stderr.trim(), "error: not logged in; run `epicevents login`");
    }
}

#[test]
fn the_session_file_is_private_and_holds_only_an_opaque_token() {
    let db = TestDb::sqlite();
    let m = Machine::new(&db);
    m.init();
    m.login("ada@epic.test", ADA);
    let dir_mode = std::fs::metadata(m.config_dir()).unwrap().permissions().mode() & 0o777;
    let file_mode = std::fs::metadata(m.session_path()).unwrap().permissions().mode() & 0o777;
    assert_eq!((dir_mode, file_mode), (0o700, 0o600));
    let token = std::fs::read_to_string(m.session_path()).unwrap();
    assert_eq!(token.len(), 64);
    assert!(token.bytes().all(|b| b.is_ascii_hexdigit()));
    assert!(!token.contains("ada"));
}

#[test]
fn logout_revokes_the_token_on_the_server_not_only_on_disk() {
    let db = TestDb::sqlite();
    let m = Machine::new(&db);
    m.init();
    m.login("ada@epic.test", ADA);
    let stolen = std::fs::read_to_string(m.session_path()).unwrap();
    m.expect(0, &["logout"], "");
    std::fs::create_dir_all(m.config_dir()).unwrap();
    std::fs::write(m.session_path(), &stolen).unwrap();
    let run = m.expect(3, &["whoami"], "");
    assert!(run.stderr.contains("no longer valid"), "{}", run.stderr);
}

#[test]
fn a_new_login_ends_the_previous_session_of_this_machine() {
    let db = TestDb::sqlite();
    let m = Machine::new(&db);
    m.init();
    m.login("ada@epic.test", ADA);
    let first = std::fs::read_to_string(m.session_path()).unwrap();
    m.login("ada@epic.test", ADA);
    std::fs::write(m.session_path(), &first).unwrap();
    m.expect(3, &["whoami"], "");
}

#[test]
fn every_exit_code_of_the_contract() {
    let db = TestDb::sqlite();
    let m = Machine::new(&db);
    m.expect(7, &["whoami"], "");
    m.init();
    m.expect(2, &["collaborator", "frobnicate"], "");
    m.expect(3, &["whoami"], "");
    m.expect(3, &["login", "--email", "ada@epic.test", "--password-stdin"], "wrong password\n");
    m.login("ada@epic.test", ADA);
    m.expect(0, &["collaborator", "create", "--name", "Bill Boquet", "--email", "bill@epic.test", "--department", "sales", "--password-stdin"], "bill's long passphrase\n");
    m.expect(5, &["collaborator", "show", "99"], "");
    m.expect(6, &["collaborator", "update", "2", "--email", "not an email"], "");
    m.expect(7, &["collaborator", "update", "2", "--email", "ADA@epic.test"], "");
    m.expect(7, &["init", "--name", "Eve", "--email", "eve@epic.test", "--password-stdin"], "eve's long passphrase\n");
    m.login("bill@epic.test", "bill's long passphrase");
    let denied = m.expect(4, &["collaborator", "list"], "");
    assert_eq!(denied.stderr.trim(), "error: permission denied: sales may not list collaborators");
    // An unreadable database is unexpected: exit 1 with a reference to quote.
    let broken = Command::new(env!("CARGO_BIN_EXE_epicevents"))
        .args(["whoami", "--db", m.home.path().to_str().unwrap()])
        .env_clear()
        .env("EPICEVENTS_CONFIG_DIR", m.config_dir())
        .output()
        .unwrap();
    assert_eq!(broken.status.code(), Some(1));
    let stderr = String::from_utf8(broken.stderr).unwrap();
    assert!(stderr.starts_with("error: internal error (reference "), "{stderr}");
}

#[test]
fn errors_are_one_line_and_json_when_asked() {
    let db = TestDb::sqlite();
    let m = Machine::new(&db);
    m.init();
    m.login("ada@epic.test", ADA);
    for (code, args) in [
        (5, vec!["collaborator", "show", "42", "--json"]),
        (6, vec!["--json", "collaborator", "create", "--name", "X", "--email", "x@epic.test", "--department", "hr", "--password-stdin"]),
        (2, vec!["--json", "collaborator", "update", "1"]),
    ] {
        let run = m.expect(code, &args, "some long passphrase\n");
        assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
        let body = json(&run.stderr);
        assert_eq!(body["code"], code);
        assert!(!body["message"].as_str().unwrap().is_empty());
        assert!(run.stdout.is_empty());
    }
    let run = m.expect(6, &["collaborator", "create", "--name", "X", "--email", "x@epic.test", "--department", "hr", "--password-stdin"], "some long passphrase\n");
    assert_eq!(run.stderr, "error: invalid department: must be one of sales (commercial), support, management (gestion)\n");
    let usage = m.expect(2, &["collaborator", "update", "1"], "");
    assert_eq!(usage.stderr.lines().count(), 1, "{}", usage.stderr);
}

#[test]
fn passwords_are_never_taken_from_the_command_line() {
    let db = TestDb::sqlite();
    let m = Machine::new(&db);
    m.init();
    m.expect(2, &["login", "--email", "ada@epic.test", "--password", ADA], "");
    // Without a terminal and without --password-stdin there is nobody to ask.
    let run = m.expect(2, &["login", "--email", "ada@epic.test"], "");
    assert!(run.stderr.contains("--password-stdin"), "{}", run.stderr);
}

#[test]
fn own_password_change_reads_current_then_new_and_ends_the_session() {
    let db = TestDb::sqlite();
    let m = Machine::new(&db);
    m.init();
    m.login("ada@epic.test", ADA);
    m.expect(3, &["collaborator", "set-password", "1", "--password-stdin"], "wrong current\nnew long passphrase\n");
    m.expect(6, &["collaborator", "set-password", "1", "--password-stdin"], &format!("{ADA}\nshort\n"));
    m.expect(0, &["collaborator", "set-password", "1", "--password-stdin"], &format!("{ADA}\nnew long passphrase\n"));
    assert!(!m.session_path().exists());
    m.expect(3, &["login", "--email", "ada@epic.test", "--password-stdin"], &format!("{ADA}\n"));
    m.login("ada@epic.test", "new long passphrase");
}

#[test]
fn deletion_asks_for_confirmation_unless_told_yes() {
    let db = TestDb::sqlite();
    let m = Machine::new(&db);
    m.init();
    m.login("ada@epic.test", ADA);
    m.expect(0, &["collaborator", "create", "--name", "Bill Boquet", "--email", "bill@epic.test", "--department", "sales", "--password-stdin"], "bill's long passphrase\n");
    let run = m.expect(2, &["collaborator", "delete", "2"], "");
    assert!(run.stderr.contains("--yes"), "{}", run.stderr);
    m.expect(0, &["collaborator", "show", "2"], "");
    let run = m.expect(0, &["collaborator", "delete", "2", "--yes", "--json"], "");
    assert_eq!(json(&run.stdout)["name"], "Bill Boquet");
    m.expect(5, &["collaborator", "show", "2"], "");
}

#[test]
fn quiet_silences_confirmations_but_not_results() {
    let db = TestDb::sqlite();
    let m = Machine::new(&db);
    m.init();
    m.login("ada@epic.test", ADA);
    let run = m.expect(0, &["--quiet", "collaborator", "create", "--name", "Kate Hastroff", "--email", "kate@epic.test", "--department", "support", "--password-stdin"], "kate's long passphrase\n");
    assert_eq!(run.stdout, "");
    let run = m.expect(0, &["-q", "collaborator", "list", "--department", "support"], "");
    assert!(run.stdout.contains("Kate Hastroff"));
}

#[test]
fn demo_credentials_are_printed_once_and_work() {
    let db = TestDb::sqlite();
    let m = Machine::new(&db);
    let run = m.expect(0, &["init", "--demo", "--json"], "");
    let report = json(&run.stdout);
    let accounts = report["created_accounts"].as_array().unwrap();
    let bill = accounts.iter().find(|a| a["name"] == "Bill Boquet").unwrap();
    assert_eq!(bill["department"], "sales");
    m.login(bill["email"].as_str().unwrap(), bill["password"].as_str().unwrap());
    assert_eq!(json(&m.expect(0, &["whoami", "--json"], "").stdout)["name"], "Bill Boquet");
    // Run again, it creates nothing and shows no password.
    let again = m.expect(0, &["init", "--json"], "");
    assert_eq!(json(&again.stdout)["created_accounts"], serde_json::json!([]));
    m.expect(7, &["init", "--demo"], "");
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
    let db = TestDb::sqlite();
    let m = Machine::new(&db);
    m.init();
    m.login("ada@epic.test", ADA);
    let mut store = db.store();
    let now = chrono::Utc::now().naive_utc();
    store
        .write(|c| {
            diesel::insert_into(__diesel_schema_migrations::table)
                .values((__diesel_schema_migrations::version.eq("99991231000000"), __diesel_schema_migrations::run_on.eq(now)))
                .execute(c)
        })
        .unwrap();
    let run = m.expect(7, &["whoami"], "");
    assert!(run.stderr.contains("newer epicevents"), "{}", run.stderr);
    m.expect(7, &["init"], "");
    // And one whose schema is behind is refused until `init` migrates it.
    store
        .write(|c| {
            diesel::delete(__diesel_schema_migrations::table.filter(__diesel_schema_migrations::version.ne("20261122000001")))
                .execute(c)
        })
        .unwrap();
    let run = m.expect(7, &["whoami"], "");
    assert!(run.stderr.contains("run `epicevents init` to migrate it"), "{}", run.stderr);
}

#[test]
fn login_session_length_is_bounded() {
    let db = TestDb::sqlite();
    let m = Machine::new(&db);
    m.init();
    m.expect(2, &["login", "--email", "ada@epic.test", "--password-stdin", "--session-hours", "0"], &format!("{ADA}\n"));
    let run = m.expect(0, &["login", "--email", "ada@epic.test", "--password-stdin", "--session-hours", "1", "--json"], &format!("{ADA}\n"));
    let login = json(&run.stdout);
    let expires = chrono::DateTime::parse_from_rfc3339(login["session_expires_at"].as_str().unwrap()).unwrap();
    let left = expires.with_timezone(&chrono::Utc) - chrono::Utc::now();
    assert!(left <= chrono::Duration::hours(1) && left > chrono::Duration::minutes(55), "{left}");
}
