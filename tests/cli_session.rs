//! The binary end to end: init, login, sessions, passwords.

use crate::common;

use std::os::unix::fs::PermissionsExt;

use common::TestDb;
use common::machine::{ADA, BILL, Machine, json};

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

        m.hire_bill();
        let list = m.expect(0, &["collaborator", "list"], "");
        assert!(list.stdout.contains("Bill Boquet") && list.stdout.contains("1–2 of 2"), "{}", list.stdout);
        // The same envelope and paging as every other list.
        let page = json(&m.expect(0, &["collaborator", "list", "--json", "--limit", "1", "--offset", "1"], "").stdout);
        assert_eq!((page["total"].as_i64(), page["offset"].as_i64(), page["items"].as_array().map(Vec::len)), (Some(2), Some(1), Some(1)));
        assert_eq!(page["items"][0]["name"], "Bill Boquet");
        m.login("bill@epic.test", BILL);
        assert_eq!(json(&m.expect(0, &["whoami", "--json"], "").stdout)["department"], "sales");

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
    let m = Machine::ready(&db);
    let dir_mode = std::fs::metadata(m.config_dir())
        .unwrap()
        .permissions()
        .mode()
        & 0o777;
    let file_mode = std::fs::metadata(m.session_path())
        .unwrap()
        .permissions()
        .mode()
        & 0o777;
    assert_eq!((dir_mode, file_mode), (0o700, 0o600));
    let token = std::fs::read_to_string(m.session_path()).unwrap();
    assert_eq!(token.len(), 64);
    assert!(token.bytes().all(|b| b.is_ascii_hexdigit()));
}

in_both_modes! {
    fn a_token_never_issued_is_not_logged_in(db: &TestDb, mode: Mode) {
    let m = Machine::ready_in(db, mode);
    m.put_session(&"ab".repeat(32));
    let run = m.expect(3, &["whoami"], "");
    assert!(run.stderr.contains("not logged in"), "{}", run.stderr);
    }
}

in_both_modes! {
    fn logout_revokes_the_token_on_the_server_not_only_on_disk(db: &TestDb, mode: Mode) {
    let m = Machine::ready_in(db, mode);
    let stolen = std::fs::read_to_string(m.session_path()).unwrap();
    m.expect(0, &["logout"], "");
    m.put_session(&stolen);
    let run = m.expect(3, &["whoami"], "");
    assert!(run.stderr.contains("no longer valid"), "{}", run.stderr);
    }
}

in_both_modes! {
    fn a_new_login_ends_the_previous_session_of_this_machine(db: &TestDb, mode: Mode) {
    let m = Machine::ready_in(db, mode);
    let first = std::fs::read_to_string(m.session_path()).unwrap();
    m.login("ada@epic.test", ADA);
    m.put_session(&first);
    m.expect(3, &["whoami"], "");
    }
}

in_both_modes! {
    /// A typo at the password prompt must not cost the session in use.
    fn a_failed_login_keeps_the_session_this_machine_has(db: &TestDb, mode: Mode) {
    let m = Machine::ready_in(db, mode);
    let before = std::fs::read_to_string(m.session_path()).unwrap();
    let run = m.expect(
        3,
        &["login", "--email", "ada@epic.test", "--password-stdin"],
        "not the password\n",
    );
    assert!(run.stderr.contains("wrong e-mail or password"), "{}", run.stderr);
    assert_eq!(std::fs::read_to_string(m.session_path()).unwrap(), before);
    let me = m.expect(0, &["whoami", "--json"], "");
    assert!(me.stdout.contains("ada@epic.test"), "{}", me.stdout);
    }
}

in_both_modes! {
    /// A typo reads as a typo; the lockout says so once it applies, alike
    /// for an e-mail that has no account.
    fn a_wrong_password_is_a_typo_until_the_lockout_says_so(db: &TestDb, mode: Mode) {
    let m = Machine::ready_in(db, mode);
    let login = |email: &str, password: &str| {
        m.expect(3, &["login", "--email", email, "--password-stdin"], &format!("{password}\n"))
    };
    let first = login("ada@epic.test", "typo");
    assert!(first.stderr.contains("wrong e-mail or password"), "{}", first.stderr);
    for word in ["too many", "wait", "unlock"] {
        assert!(!first.stderr.contains(word), "a typo is no lockout: {}", first.stderr);
    }
    for _ in 0..4 {
        login("ada@epic.test", "typo");
        login("nobody@epic.test", "typo");
    }
    login("nobody@epic.test", "typo");
    let locked = login("ada@epic.test", ADA);
    assert!(
        locked.stderr.contains("too many failed attempts with this e-mail: wait 15 minutes and try again, or ask a manager to unlock the account"),
        "{}",
        locked.stderr
    );
    let unknown = login("nobody@epic.test", "typo");
    assert_eq!(unknown.stderr, locked.stderr, "an e-mail with no account is locked out alike");
    }
}

#[test]
fn passwords_are_never_taken_from_the_command_line() {
    let db = TestDb::sqlite();
    let m = Machine::new(&db);
    m.init();
    m.expect(
        2,
        &["login", "--email", "ada@epic.test", "--password", ADA],
        "",
    );
    // Without a terminal and without --password-stdin there is nobody to ask.
    let run = m.expect(2, &["login", "--email", "ada@epic.test"], "");
    assert!(run.stderr.contains("--password-stdin"), "{}", run.stderr);
}

in_both_modes! {
    /// The session used goes on; the others (another machine's) end.
    fn own_password_change_reads_current_then_new_and_ends_the_other_sessions(db: &TestDb, mode: Mode) {
    let m = Machine::ready_in(db, mode);
    // Ada's second machine.
    let elsewhere = Machine::new(db).through(&m);
    elsewhere.login("ada@epic.test", ADA);
    let change = ["collaborator", "set-password", "1", "--password-stdin"];
    m.expect(3, &change, "wrong current\nnew long passphrase\n");
    m.expect(6, &change, &format!("{ADA}\nshort\n"));
    let done = m.expect(0, &change, &format!("{ADA}\nnew long passphrase\n"));
    assert!(done.stdout.contains("This session goes on; your other sessions have ended."), "{}", done.stdout);
    assert!(m.session_path().exists());
    m.expect(0, &["whoami"], "");
    elsewhere.expect(3, &["whoami"], "");
    m.expect(
        3,
        &["login", "--email", "ada@epic.test", "--password-stdin"],
        &format!("{ADA}\n"),
    );
    m.login("ada@epic.test", "new long passphrase");
    }
}

#[test]
fn login_session_length_is_bounded() {
    let db = TestDb::sqlite();
    let m = Machine::new(&db);
    m.init();
    let login = [
        "login",
        "--email",
        "ada@epic.test",
        "--password-stdin",
        "--json",
        "--session-hours",
    ];
    m.expect(2, &[&login[..], &["0"]].concat(), &format!("{ADA}\n"));
    let run = m.expect(0, &[&login[..], &["1"]].concat(), &format!("{ADA}\n"));
    let expires = json(&run.stdout)["session_expires_at"]
        .as_str()
        .unwrap()
        .to_owned();
    let expires = chrono::DateTime::parse_from_rfc3339(&expires).unwrap();
    let left = expires.with_timezone(&chrono::Utc) - chrono::Utc::now();
    assert!(
        left <= chrono::Duration::hours(1) && left > chrono::Duration::minutes(55),
        "{left}"
    );
}

#[test]
fn demo_credentials_are_printed_once_and_work() {
    let db = TestDb::sqlite();
    let m = Machine::new(&db);
    let report = json(&m.expect(0, &["init", "--demo", "--json"], "").stdout);
    let accounts = report["created_accounts"].as_array().unwrap();
    let bill = accounts
        .iter()
        .find(|a| a["name"] == "Bill Boquet")
        .unwrap();
    assert_eq!(bill["department"], "sales");
    m.login(
        bill["email"].as_str().unwrap(),
        bill["password"].as_str().unwrap(),
    );
    assert_eq!(
        json(&m.expect(0, &["whoami", "--json"], "").stdout)["name"],
        "Bill Boquet"
    );
    // Run again, it creates nothing and shows no password.
    let again = json(&m.expect(0, &["init", "--json"], "").stdout);
    assert_eq!(again["created_accounts"], serde_json::json!([]));
    m.expect(7, &["init", "--demo"], "");
}

#[test]
fn a_new_database_file_is_readable_by_its_owner_only() {
    let db = TestDb::sqlite();
    let m = Machine::ready(&db);
    let epicevents_store::DatabaseUrl::Sqlite(path) = &db.url else {
        unreachable!()
    };
    let mode = std::fs::metadata(path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    m.expect(0, &["whoami"], "");
}

#[test]
fn init_checks_its_input_before_creating_anything() {
    let db = TestDb::sqlite();
    let m = Machine::new(&db);
    let epicevents_store::DatabaseUrl::Sqlite(path) = &db.url else {
        unreachable!()
    };
    let init = [
        "init",
        "--name",
        "Ada",
        "--email",
        "not-an-email",
        "--password-stdin",
    ];
    let run = m.expect(6, &init, &format!("{ADA}\n"));
    assert!(
        run.stderr.starts_with("error: invalid email:"),
        "{}",
        run.stderr
    );
    m.expect(
        6,
        &[
            "init",
            "--name",
            "Ada",
            "--email",
            "ada@epic.test",
            "--password-stdin",
        ],
        "password\n",
    );
    // No terminal to ask for the missing name.
    m.expect(2, &["init"], "");
    assert!(!path.exists(), "a refused init created the database");
}

#[test]
fn a_demo_with_a_typed_first_account_never_prints_the_typed_password() {
    let db = TestDb::sqlite();
    let m = Machine::new(&db);
    let init = [
        "init",
        "--demo",
        "--name",
        "Ada Manager",
        "--email",
        "ada@epic.test",
        "--password-stdin",
    ];
    let run = m.expect(0, &init, &format!("{ADA}\n"));
    assert!(!run.stdout.contains(ADA), "{}", run.stdout);
    assert!(run.stdout.contains("(as typed)"), "{}", run.stdout);
    m.login("ada@epic.test", ADA);
    let list = json(&m.expect(0, &["collaborator", "list", "--json"], "").stdout);
    assert_eq!(list["items"].as_array().unwrap().len(), 4);
}

in_both_modes! {
    /// As ssh does with a key: a session others could read is not used.
    fn a_session_others_can_read_is_refused_until_repaired(db: &TestDb, mode: Mode) {
        let m = Machine::ready_in(db, mode);
        let chmod = |path: &std::path::Path, mode: u32| {
            std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap()
        };
        chmod(&m.session_path(), 0o644);
        let run = m.expect(3, &["whoami"], "");
        assert!(run.stderr.contains("can be read by others") && run.stderr.contains("chmod 600"), "{}", run.stderr);
        chmod(&m.session_path(), 0o600);
        chmod(&m.config_dir(), 0o755);
        let run = m.expect(3, &["client", "list"], "");
        assert!(run.stderr.contains("chmod 700"), "{}", run.stderr);
        // Logging in again repairs it: the old token is ended, a new one written privately.
        let exposed = std::fs::read_to_string(m.session_path()).unwrap();
        m.login("ada@epic.test", ADA);
        m.expect(0, &["whoami"], "");
        m.put_session(&exposed);
        m.expect(3, &["whoami"], "");
    }
}

in_both_modes! {
    /// An expired session says so, and the machine forgets its token.
    fn an_expired_session_says_so_and_is_forgotten(db: &TestDb, mode: Mode) {
        use diesel::prelude::*;
        use epicevents_store::schema::sessions;
        let m = Machine::ready_in(db, mode);
        let past = chrono::Utc::now().naive_utc() - chrono::Duration::minutes(1);
        db.execute(|c| diesel::update(sessions::table).set(sessions::expires_at.eq(epicevents_store::At(past))).execute(c));
        let token = std::fs::read_to_string(m.session_path()).unwrap();
        let run = m.expect(3, &["whoami"], "");
        assert!(run.stderr.contains("expired"), "{}", run.stderr);
        assert!(!m.session_path().exists(), "the useless token was kept");
        m.expect(3, &["whoami"], "");
        // The same token, tried again, still says why it is refused.
        m.put_session(&token);
        let run = m.expect(3, &["client", "list"], "");
        assert!(run.stderr.contains("expired"), "{}", run.stderr);
    }
}

in_both_modes! {
    /// A session file that holds no token (damaged bytes, or a directory in
    /// its place) is named with the way out; login and logout repair it.
    fn a_damaged_session_file_is_said_and_repaired_by_login_or_logout(db: &TestDb, mode: Mode) {
        let m = Machine::ready_in(db, mode);
        std::fs::write(m.session_path(), [0xff, 0xfe, 0x00, 0x80]).unwrap();
        let run = m.expect(3, &["whoami"], "");
        assert!(run.stderr.contains("is damaged") && run.stderr.contains("epicevents login"), "{}", run.stderr);
        m.expect(0, &["logout"], "");
        assert!(!m.session_path().exists());
        std::fs::create_dir(m.session_path()).unwrap();
        let run = m.expect(3, &["client", "list"], "");
        assert!(run.stderr.contains("is a directory"), "{}", run.stderr);
        m.login("ada@epic.test", ADA);
        m.expect(0, &["whoami"], "");
    }
}

in_both_modes! {
    /// Ctrl-C or Esc at a prompt: the user knows, so nothing is said, and
    /// the shell's own code for an interrupted command (130).
    fn a_cancelled_prompt_exits_130_quietly(db: &TestDb, mode: Mode) {
        let m = Machine::ready_in(db, mode);
        for key in [b"\x03", b"\x1b"] {
            let run = m.in_terminal(&["login", "--email", "ada@epic.test"], key);
            assert_eq!(run.code, 130, "{key:?}: {}{}", run.stdout, run.stderr);
            assert!(!run.stdout.contains("error") && run.stderr.is_empty(), "{}{}", run.stdout, run.stderr);
        }
        m.expect(0, &["whoami"], "");
    }
}
