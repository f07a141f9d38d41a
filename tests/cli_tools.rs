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
