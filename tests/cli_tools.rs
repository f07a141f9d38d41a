//! The tools around the commands: completion scripts, manual pages, and
//! what the environment sets, said as the person set it.

use crate::common;

use common::TestDb;
use common::machine::Machine;

/// `epicevents completions zsh | head -1`: the reader goes away at once;
/// the command ends quietly, as the lists do.
#[test]
fn a_completion_script_read_in_part_ends_quietly() {
    use std::io::Read;
    use std::process::{Command, Stdio};
    for shell in ["zsh", "bash", "fish"] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_epicevents"))
            .args(["completions", shell])
            .env_clear()
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // Closed before a byte is read: the first write finds no reader.
        drop(child.stdout.take());
        let mut stderr = String::new();
        child
            .stderr
            .take()
            .unwrap()
            .read_to_string(&mut stderr)
            .unwrap();
        let status = child.wait().unwrap();
        assert_eq!(status.code(), Some(141), "{shell}: {status:?} {stderr}");
        assert!(stderr.is_empty(), "{shell}: {stderr}");
    }
}

/// A server in the environment and a database on the command line: the
/// variable is named, not a flag nobody typed.
#[test]
fn a_server_set_in_the_environment_is_named_as_such() {
    let db = TestDb::sqlite();
    let m = Machine::ready_in(&db, common::machine::Mode::Server);
    let run = m.expect(2, &["--db", "other.sqlite3", "whoami"], "");
    assert!(
        run.stderr.contains(
            "--db cannot be used with a server: EPICEVENTS_SERVER is set in your environment"
        ),
        "{}",
        run.stderr
    );
}

/// `man --dir` writes a page for every command, each with the exit codes
/// and the environment, and every page a page names is there.
#[test]
fn every_command_has_a_manual_page_man_can_read() {
    let dir = tempfile::tempdir().unwrap();
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_epicevents"))
        .args(["man", "--dir"])
        .arg(dir.path())
        .env_clear()
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let pages: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    for page in [
        "epicevents.1",
        "epicevents-event-list.1",
        "epicevents-contract-sign.1",
        "epicevents-collaborator-create.1",
    ] {
        assert!(pages.contains(&page.to_owned()), "{page} in {pages:?}");
    }
    for page in &pages {
        let text = std::fs::read_to_string(dir.path().join(page)).unwrap();
        assert!(
            text.contains(".SH \"EXIT STATUS\"") && text.contains("EPICEVENTS_DATABASE_URL"),
            "{page}"
        );
        for named in text
            .lines()
            .filter_map(|l| l.strip_suffix("(1)"))
            .filter(|l| l.starts_with("epicevents"))
        {
            let file = format!("{}.1", named.replace("\\-", "-"));
            assert!(
                pages.contains(&file),
                "{page} names {file}, which was not written"
            );
        }
    }
}

/// Completing `--department` offers the departments, not file names.
#[test]
fn completion_offers_the_departments() {
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_epicevents"))
        .args(["completions", "bash"])
        .env_clear()
        .output()
        .unwrap();
    let script = String::from_utf8(run.stdout).unwrap();
    let offered = script
        .split("--department)")
        .skip(1)
        .map(|rest| rest.lines().nth(1).unwrap_or_default().to_owned())
        .collect::<Vec<_>>();
    assert!(!offered.is_empty(), "{script}");
    for line in offered {
        assert!(
            line.contains(r#"compgen -W "sales support management""#),
            "{line}"
        );
    }
}
