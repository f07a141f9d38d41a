//! The binary when its environment misbehaves: databases that cannot be
//! reached, read, written or trusted, and passwords that must not leak.

use crate::common;

use std::os::unix::fs::PermissionsExt;

use common::machine::{CREATE_KEVIN, Machine};
use common::{POSTGRES_ENV, TestDb};

/// Passwords with the characters URLs reserve, typed unencoded.
const AWKWARD: &[&str] = &[
    "pa/SlashS3cret",
    "at@At2S3cret",
    "q?Mark#S3cret",
    "co:lon:S3cret",
    "sp ace S3cret",
];

/// Where a PostgreSQL server answers (its own error text is what may quote
/// a password), and a port where nothing does.
fn postgres_hosts() -> Vec<String> {
    let mut hosts = vec!["127.0.0.1:1".to_owned()];
    if let Ok(url) = std::env::var(POSTGRES_ENV) {
        let host = url.rsplit_once('@').map_or(url.as_str(), |(_, h)| h);
        hosts.push(host.split('/').next().unwrap().to_owned());
    }
    hosts
}

#[test]
fn database_passwords_never_show_whatever_they_hold() {
    let db = TestDb::sqlite();
    let m = Machine::away(&db);
    for host in postgres_hosts() {
        for password in AWKWARD {
            let url = format!("postgres://crm:{password}@{host}/x");
            for args in [
                vec!["--db", &url, "-vv", "whoami"],
                vec!["--db", &url, "--json", "client", "list"],
            ] {
                let run = m.run_with(&args, "");
                assert_eq!(run.code, 8, "{args:?}: {}", run.stderr);
                let all = format!("{}{}", run.stdout, run.stderr);
                assert!(!all.contains("S3cret"), "{password} leaked: {all}");
                assert!(all.contains("crm:***@"), "{all}");
            }
        }
    }
}

#[test]
fn an_unreachable_database_is_an_environment_problem_said_on_one_line() {
    let db = TestDb::sqlite();
    let m = Machine::away(&db);
    let run = m.expect(8, &["--db", "postgres://crm@127.0.0.1:1/crm", "whoami"], "");
    let said = run.stderr.trim_end();
    assert_eq!(said.lines().count(), 1, "{said}");
    assert!(!said.contains('\t') && !said.contains("internal"), "{said}");
    assert!(
        said.contains("127.0.0.1") && said.contains("Connection refused"),
        "{said}"
    );
}

#[test]
fn a_file_that_is_not_a_database_is_named() {
    let db = TestDb::sqlite();
    let m = Machine::away(&db);
    let file = m.home.path().join("notes.txt");
    std::fs::write(&file, "meeting notes, not a database\n".repeat(200)).unwrap();
    let path = file.to_str().unwrap();
    let run = m.expect(8, &["--db", path, "whoami"], "");
    assert_eq!(
        run.stderr.trim(),
        format!(
            "error: {path} is not an EpicEvents database (not an SQLite file, or a damaged one)"
        )
    );
}

#[test]
fn a_database_nobody_may_write_still_reads_and_refuses_changes_clearly() {
    let db = TestDb::sqlite();
    let m = Machine::ready(&db);
    let epicevents_store::DatabaseUrl::Sqlite(path) = &db.url else {
        unreachable!()
    };
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o444)).unwrap();
    m.expect(0, &["client", "list"], "");
    m.expect(0, &["whoami"], "");
    let create = m.expect(8, &CREATE_KEVIN, "");
    assert_eq!(
        create.stderr.trim(),
        "error: the database is read-only here: it can be read, not changed"
    );
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600)).unwrap();
    let list = m.expect(0, &["--json", "client", "list"], "");
    assert_eq!(common::machine::json(&list.stdout)["total"], 0);
}

in_both_modes! {
    /// Another process holds SQLite's write lock for longer than a writer
    /// waits: reads go on; a write says busy (exit 7) and changes nothing.
    fn a_busy_database_lets_reads_through_and_writes_say_busy(db: &TestDb, mode: Mode) {
        let epicevents_store::DatabaseUrl::Sqlite(path) = &db.url else {
            return; // PostgreSQL has no database-wide write lock.
        };
        let m = Machine::ready_in(db, mode);
        // A sales rep, whose creation is a write (a refusal is not, on a server).
        m.hire_bill();
        m.login("bill@epic.test", common::machine::BILL);
        common::while_sqlite_is_locked(path, |_| {
            m.expect(0, &["client", "list"], "");
            let create = m.expect(7, &CREATE_KEVIN, "");
            assert_eq!(
                create.stderr.trim(),
                "error: the database is busy with other changes; nothing was changed, try again"
            );
        });
        let list = m.expect(0, &["--json", "client", "list"], "");
        assert_eq!(common::machine::json(&list.stdout)["total"], 0);
    }
}

in_both_modes! {
    /// The database file is deleted while a write waits for its lock: the
    /// write must not say it saved what no one can ever read.
    fn a_write_into_a_deleted_database_is_not_reported_as_saved(db: &TestDb, mode: Mode) {
        let epicevents_store::DatabaseUrl::Sqlite(path) = &db.url else {
            return; // A PostgreSQL database is not a file anyone deletes by mistake.
        };
        let m = Machine::ready_in(db, mode);
        m.hire_bill();
        m.login("bill@epic.test", common::machine::BILL);
        let run = common::while_sqlite_is_locked(path, |lock| {
            std::thread::scope(|scope| {
                let create = scope.spawn(|| m.run_with(&CREATE_KEVIN, ""));
                std::thread::sleep(std::time::Duration::from_millis(700));
                for suffix in ["", "-wal", "-shm"] {
                    let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
                }
                lock.release();
                create.join().unwrap()
            })
        });
        assert_eq!(run.code, 8, "{}{}", run.stdout, run.stderr);
        assert!(run.stderr.contains("was removed or replaced while this command ran; nothing was saved"), "{}", run.stderr);
        assert!(!run.stdout.contains("Created"), "{}", run.stdout);
        if mode == Mode::Local {
            // `init` does not quietly start over where a database was.
            let again = m.expect(7, &["init", "--name", "Ada Manager", "--email", "ada@epic.test", "--password-stdin"], "x\n");
            assert!(again.stderr.contains("it is gone") && again.stderr.contains("init --new"), "{}", again.stderr);
            assert!(!path.exists());
            m.expect(0, &["init", "--new", "--name", "Ada Manager", "--email", "ada@epic.test", "--password-stdin"], &format!("{}\n", common::machine::ADA));
        }
    }
}

/// On a server a read writes nothing inside the request: a refusal, whose
/// audit entry is written after the answer, is answered while another
/// process holds SQLite's write lock (a write there says "busy" after its
/// wait), and it is on the trail once the lock is free.
#[test]
fn a_refused_read_on_a_server_waits_for_no_lock() {
    let db = TestDb::sqlite();
    let epicevents_store::DatabaseUrl::Sqlite(path) = &db.url else {
        unreachable!("TestDb::sqlite is a file");
    };
    let m = Machine::ready_in(&db, common::machine::Mode::Server);
    m.hire_bill();
    m.login("bill@epic.test", common::machine::BILL);
    common::while_sqlite_is_locked(path, |_| {
        let refused = m.expect(4, &["history"], "");
        assert!(
            refused
                .stderr
                .contains("sales may not read the whole trail"),
            "{}",
            refused.stderr
        );
    });
    m.login("ada@epic.test", common::machine::ADA);
    let trail = m.expect(0, &["--json", "history", "--limit", "100"], "");
    let entries = common::machine::json(&trail.stdout);
    let refusal = entries["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["action"] == "history.list" && e["outcome"] == "denied");
    assert!(refusal.is_some(), "{}", trail.stdout);
}

/// A small filesystem of its own (tmpfs), unmounted when dropped; `None`
/// where this process may not mount one (not root), said on stderr.
struct SmallDisk(tempfile::TempDir);

impl SmallDisk {
    fn mount(bytes: usize) -> Option<Self> {
        let dir = tempfile::tempdir().unwrap();
        let mounted = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={bytes}"), "tmpfs"])
            .arg(dir.path())
            .status()
            .is_ok_and(|s| s.success());
        if !mounted {
            eprintln!(
                "skipped: cannot mount a small filesystem here (CI runs as root, and mounts one)"
            );
            return None;
        }
        Some(Self(dir))
    }

    /// Fills what is left of it.
    fn fill(&self) -> std::path::PathBuf {
        use std::io::Write;
        let path = self.0.path().join("filler");
        let mut f = std::fs::File::create(&path).unwrap();
        let block = vec![0u8; 64 * 1024];
        while f.write_all(&block).is_ok() {}
        for _ in 0..64 {
            if f.write_all(&[0u8; 512]).is_err() {
                break;
            }
        }
        let _ = f.sync_all();
        path
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount")
            .arg(self.0.path())
            .status();
    }
}

/// A write on a full disk says so, changes nothing and damages nothing,
/// in local mode and through the server (which answers 503).
#[test]
fn a_full_disk_is_said_and_nothing_is_changed() {
    use common::machine::{BILL, HIRE_BILL, Mode};
    let password = format!("{BILL}\n");
    if std::env::var_os("CI").is_some() {
        assert!(root(), "CI must run as root to prove this");
    }
    for mode in [Mode::Local, Mode::Server] {
        let Some(disk) = SmallDisk::mount(8 << 20) else {
            return;
        };
        let db = TestDb::sqlite_in(disk.0.path());
        let m = Machine::ready_in(&db, mode);
        let before = m.json(&["collaborator", "list"])["total"].clone();
        let filler = disk.fill();
        let run = m.expect(8, &HIRE_BILL, &password);
        assert!(
            run.stderr
                .contains("the disk holding the database is full; nothing was changed"),
            "{mode:?}: {}",
            run.stderr
        );
        assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
        std::fs::remove_file(filler).unwrap();
        assert_eq!(
            m.json(&["collaborator", "list"])["total"],
            before,
            "{mode:?}: nothing half-written"
        );
        m.expect(0, &HIRE_BILL, &password);
    }
}

fn root() -> bool {
    std::process::Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout.trim_ascii() == b"0")
}
