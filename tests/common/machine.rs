//! Drives the real binary as a user would, on a private home directory.

use std::ffi::OsStr;
use std::path::PathBuf;
use std::sync::Arc;

use assert_cmd::Command;

use super::TestDb;
use super::server::ServerProcess;

/// How a machine reaches the CRM: the database itself, or a server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Local,
    Server,
}

pub const ADA: &str = "ada's long passphrase";
pub const BILL: &str = "bill's long passphrase";

/// The brief's example client, created as `client create` arguments.
pub const CREATE_KEVIN: [&str; 10] = [
    "client",
    "create",
    "--name",
    "Kevin Casey",
    "--email",
    "kevin@startup.io",
    "--phone",
    "+678 123 456 78",
    "--company",
    "Cool Startup LLC",
];

/// Bill's account, created as `collaborator create` arguments (his
/// password, [`BILL`], on standard input).
pub const HIRE_BILL: [&str; 9] = [
    "collaborator",
    "create",
    "--name",
    "Bill Boquet",
    "--email",
    "bill@epic.test",
    "--department",
    "sales",
    "--password-stdin",
];

/// One user's machine: a database and a private config directory.
pub struct Machine<'a> {
    db: &'a TestDb,
    /// In server mode, the server every command goes through.
    server: Option<Arc<ServerProcess>>,
    /// An employee's machine: no database variable, ever.
    away: bool,
    pub home: tempfile::TempDir,
    /// The machine's time zone (`TZ`): UTC unless a test says otherwise.
    pub tz: &'static str,
    /// The terminal's width (`COLUMNS`), when a test sets one.
    pub columns: Option<u16>,
    /// The folder commands run in, when a test sets one.
    pub cwd: Option<std::path::PathBuf>,
    /// More of the environment, when a test sets some.
    pub env: Vec<(&'static str, &'static str)>,
}

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl<'a> Machine<'a> {
    pub fn new(db: &'a TestDb) -> Self {
        Self {
            db,
            server: None,
            away: false,
            home: tempfile::tempdir().unwrap(),
            tz: "UTC",
            columns: None,
            cwd: None,
            env: Vec::new(),
        }
    }

    /// A machine that knows no database: it reaches the CRM only through
    /// the server its commands (or its `login --server`) name.
    pub fn away(db: &'a TestDb) -> Self {
        Self {
            away: true,
            ..Self::new(db)
        }
    }

    /// This machine, going through the same server as `other`.
    pub fn through(mut self, other: &Machine<'a>) -> Self {
        self.server = other.server.clone();
        self
    }

    /// Waits for this machine's server to exit (after a signal the test sent).
    pub fn stop_server(&mut self, limit: std::time::Duration) -> Option<std::process::ExitStatus> {
        let server =
            Arc::get_mut(self.server.as_mut()?).expect("no colleague still holds the server");
        server.wait(limit)
    }

    pub fn server(&self) -> Option<&ServerProcess> {
        self.server.as_deref()
    }

    pub fn config_dir(&self) -> PathBuf {
        self.home.path().join("config")
    }

    pub fn session_path(&self) -> PathBuf {
        self.config_dir().join("session")
    }

    /// Puts a token back in the session file, as privately as login writes it.
    pub fn put_session(&self, token: &str) {
        use std::os::unix::fs::PermissionsExt;
        std::fs::write(self.session_path(), token).unwrap();
        std::fs::set_permissions(self.session_path(), std::fs::Permissions::from_mode(0o600))
            .unwrap();
    }

    pub fn run_with(&self, args: &[&str], stdin: &str) -> Run {
        let args: Vec<&OsStr> = args.iter().map(OsStr::new).collect();
        self.run_os(&args, stdin)
    }

    /// Runs with arguments that need not be UTF-8: through the server in
    /// server mode, on the database otherwise.
    pub fn run_os(&self, args: &[&OsStr], stdin: &str) -> Run {
        self.run_on(args, stdin, self.server.is_none())
    }

    /// Runs in a terminal (`script` makes one), typing `keys` once the
    /// program had time to show its prompt.
    pub fn in_terminal(&self, args: &[&str], keys: &[u8]) -> Run {
        use std::io::Write;
        let line = std::iter::once(env!("CARGO_BIN_EXE_epicevents"))
            .chain(args.iter().copied())
            .map(|a| format!("'{}'", a.replace('\'', "'\\''")))
            .collect::<Vec<_>>()
            .join(" ");
        let mut command = std::process::Command::new("script");
        command.args(["-qec", &line, "/dev/null"]);
        self.environment(&mut command, self.server.is_none());
        // As every terminal says what it is (without, programs take it for
        // a dumb one, and draw no progress).
        command.env("PATH", std::env::var_os("PATH").unwrap_or_default());
        command.env("TERM", "xterm");
        let mut child = command
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(1500));
        let mut stdin = child.stdin.take().unwrap();
        stdin.write_all(keys).unwrap();
        let out = child.wait_with_output().unwrap();
        drop(stdin);
        Run {
            code: out.status.code().expect("exited"),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    fn environment(&self, command: &mut std::process::Command, on_database: bool) {
        command
            .env_clear()
            .env("HOME", self.home.path())
            .env("TZ", self.tz)
            .env("EPICEVENTS_CONFIG_DIR", self.config_dir());
        if let Some(columns) = self.columns {
            command.env("COLUMNS", columns.to_string());
        }
        if let Some(dir) = &self.cwd {
            command.current_dir(dir);
        }
        command.envs(self.env.iter().copied());
        match &self.server {
            Some(server) if !on_database => {
                command.env("EPICEVENTS_SERVER", &server.url);
            }
            _ if self.away => {}
            _ => {
                command.env("EPICEVENTS_DATABASE_URL", self.db.url_string());
            }
        }
    }

    fn run_on(&self, args: &[&OsStr], stdin: &str, on_database: bool) -> Run {
        let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_epicevents"));
        command.args(args);
        self.environment(&mut command, on_database);
        let mut command = Command::from_std(command);
        let out = command.write_stdin(stdin).output().unwrap();
        Run {
            code: out.status.code().expect("exited"),
            stdout: String::from_utf8(out.stdout).unwrap(),
            stderr: String::from_utf8(out.stderr).unwrap(),
        }
    }

    /// Runs and checks the exit code, showing everything when it differs.
    pub fn expect(&self, code: i32, args: &[&str], stdin: &str) -> Run {
        let run = self.run_with(args, stdin);
        assert_eq!(
            run.code, code,
            "{args:?}\nstdout: {}\nstderr: {}",
            run.stdout, run.stderr
        );
        run
    }

    /// Creates the database and Ada's account: on the database itself, as an
    /// administrator on the server machine does, whatever the mode.
    pub fn init(&self) {
        let args = [
            "init",
            "--name",
            "Ada Manager",
            "--email",
            "ada@epic.test",
            "--password-stdin",
        ];
        let args: Vec<&OsStr> = args.iter().map(OsStr::new).collect();
        let run = self.run_on(&args, &format!("{ADA}\n"), true);
        assert_eq!(run.code, 0, "init: {}", run.stderr);
        if let Some(url) = run
            .stdout
            .lines()
            .find_map(|l| l.strip_prefix("server database URL: "))
        {
            self.db.set_server_database_url(url);
        }
    }

    /// An initialised database with Ada (management) logged in.
    pub fn ready(db: &'a TestDb) -> Self {
        Self::ready_in(db, Mode::Local)
    }

    /// The same, reaching the CRM as `mode` says: in server mode, a server
    /// is started on the database once it is initialised.
    pub fn ready_in(db: &'a TestDb, mode: Mode) -> Self {
        let mut m = Self::new(db);
        m.init();
        if mode == Mode::Server {
            m.server = Some(Arc::new(ServerProcess::start(db, &[])));
        }
        m.login("ada@epic.test", ADA);
        m
    }

    /// Creates Bill Boquet (sales, id 2) through the CLI, as the logged-in manager.
    pub fn hire_bill(&self) {
        self.expect(0, &HIRE_BILL, &format!("{BILL}\n"));
    }

    /// Creates a collaborator as the logged-in manager; returns its id.
    pub fn hire(&self, name: &str, email: &str, department: &str) -> i64 {
        let run = self.expect(
            0,
            &[
                "--json",
                "collaborator",
                "create",
                "--name",
                name,
                "--email",
                email,
                "--department",
                department,
                "--password-stdin",
            ],
            &format!("{name}'s passphrase\n"),
        );
        json(&run.stdout)["id"].as_i64().expect("an id")
    }

    /// Another user's machine on the same database, logged in.
    pub fn colleague(&self, email: &str, name: &str) -> Machine<'a> {
        let mut m = Machine::new(self.db);
        m.server = self.server.clone();
        m.login(email, &format!("{name}'s passphrase"));
        m
    }

    /// Runs a command that prints JSON and returns it.
    pub fn json(&self, args: &[&str]) -> serde_json::Value {
        let mut all = vec!["--json"];
        all.extend_from_slice(args);
        json(&self.expect(0, &all, "").stdout)
    }

    pub fn login(&self, email: &str, password: &str) {
        self.expect(
            0,
            &["login", "--email", email, "--password-stdin"],
            &format!("{password}\n"),
        );
    }

    /// Ada logs in to the server at `url` (with `extra` flags), expecting
    /// exit `code`.
    pub fn login_to(&self, url: &str, extra: &[&str], code: i32) -> Run {
        self.login_to_with(url, extra, ADA, code)
    }

    /// The same with another password (a wrong one, say).
    pub fn login_to_with(&self, url: &str, extra: &[&str], password: &str, code: i32) -> Run {
        let mut args = vec!["login", "--server", url, "--email", "ada@epic.test"];
        args.push("--password-stdin");
        args.extend_from_slice(extra);
        self.expect(code, &args, &format!("{password}\n"))
    }
}

pub fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"))
}
