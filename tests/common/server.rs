//! The real server, started as a user would start it (`epicevents serve` on
//! loopback port 0), for tests that drive it with the real CLI.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use super::TestDb;

pub struct ServerProcess {
    child: Child,
    /// `http://127.0.0.1:PORT` or `https://…`, as the server printed it.
    pub url: String,
    log: std::path::PathBuf,
    _home: tempfile::TempDir,
}

impl ServerProcess {
    /// Starts `epicevents serve --listen 127.0.0.1:0` on the test's database
    /// and waits for its one line on stdout.
    pub fn start(db: &TestDb, extra: &[&str]) -> Self {
        Self::try_start(db, extra).unwrap_or_else(|e| panic!("the server did not start: {e}"))
    }

    pub fn try_start(db: &TestDb, extra: &[&str]) -> Result<Self, String> {
        Self::try_start_with(db, extra, &[])
    }

    /// With these environment variables set too.
    pub fn start_with(db: &TestDb, extra: &[&str], env: &[(&str, &str)]) -> Self {
        Self::try_start_with(db, extra, env)
            .unwrap_or_else(|e| panic!("the server did not start: {e}"))
    }

    pub fn try_start_with(
        db: &TestDb,
        extra: &[&str],
        env: &[(&str, &str)],
    ) -> Result<Self, String> {
        let home = tempfile::tempdir().unwrap();
        let log = home.path().join("serve.log");
        let mut args = vec!["serve"];
        if !extra.contains(&"--listen") {
            args.extend(["--listen", "127.0.0.1:0"]);
        }
        args.extend_from_slice(extra);
        let mut child = Command::new(env!("CARGO_BIN_EXE_epicevents"))
            .args(&args)
            .env_clear()
            .env("HOME", home.path())
            .env("TZ", "UTC")
            .env("EPICEVENTS_DATABASE_URL", db.serve_url())
            .envs(env.iter().copied())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(std::fs::File::create(&log).unwrap())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let (lines, first) = mpsc::channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            let mut line = String::new();
            let _ = reader.read_line(&mut line);
            let _ = lines.send(line);
            // Anything more on stdout breaks the contract: keep it for the test.
            let mut rest = String::new();
            let _ = reader.read_to_string(&mut rest);
            assert!(rest.is_empty(), "serve printed more than one line: {rest}");
        });
        let line = match first.recv_timeout(Duration::from_secs(60)) {
            Ok(line) if !line.is_empty() => line,
            _ => {
                let code = child.wait().ok().and_then(|s| s.code());
                let log = std::fs::read_to_string(&log).unwrap_or_default();
                return Err(format!("exit code {code:?}; stderr: {log}"));
            }
        };
        let url = line
            .trim()
            .strip_prefix("listening on ")
            .unwrap_or_else(|| panic!("unexpected first line: {line:?}"))
            .to_owned();
        Ok(Self {
            child,
            url,
            log,
            _home: home,
        })
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// `127.0.0.1:PORT`, for raw requests.
    pub fn address(&self) -> String {
        self.url.rsplit("//").next().unwrap().to_owned()
    }

    /// What the server logged on stderr so far.
    pub fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    pub fn signal(&self, signal: &str) {
        let status = Command::new("kill")
            .args([&format!("-{signal}"), &self.pid().to_string()])
            .status()
            .unwrap();
        assert!(status.success());
    }

    pub fn is_running(&mut self) -> bool {
        self.child.try_wait().unwrap().is_none()
    }

    /// Waits for the process to end, at most `limit`.
    pub fn wait(&mut self, limit: Duration) -> Option<ExitStatus> {
        let start = Instant::now();
        while start.elapsed() < limit {
            if let Some(status) = self.child.try_wait().unwrap() {
                return Some(status);
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        None
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One raw HTTP/1.1 exchange, for what the CLI never sends (a huge body, a
/// request with no client at all): the status and the body.
pub fn raw_request(address: &str, request: &[u8]) -> (u16, String, String) {
    let mut stream = TcpStream::connect(address).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    // The server may answer (and close) before reading all of a huge body.
    let _ = stream.write_all(request);
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer);
    let answer = String::from_utf8_lossy(&answer).into_owned();
    let (head, body) = answer.split_once("\r\n\r\n").unwrap_or((&answer, ""));
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no status in {answer:?}"));
    (status, head.to_owned(), body.to_owned())
}

/// A plain GET, without credentials.
pub fn raw_get(address: &str, path: &str) -> (u16, String, String) {
    raw_request(
        address,
        format!("GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").as_bytes(),
    )
}

/// A certificate authority and a certificate it signed for 127.0.0.1 and
/// localhost, written as PEM files in `dir`: (ca, cert, key).
pub fn certificates(dir: &Path) -> (std::path::PathBuf, std::path::PathBuf, std::path::PathBuf) {
    use rcgen::{BasicConstraints, CertificateParams, CertifiedIssuer, DnType, IsCa, KeyPair};
    let mut ca_params = CertificateParams::new(Vec::<String>::new()).unwrap();
    ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    ca_params
        .distinguished_name
        .push(DnType::CommonName, "Epic Events test CA");
    let ca = CertifiedIssuer::self_signed(ca_params, KeyPair::generate().unwrap()).unwrap();
    let key = KeyPair::generate().unwrap();
    let cert = CertificateParams::new(vec!["127.0.0.1".to_owned(), "localhost".to_owned()])
        .unwrap()
        .signed_by(&key, &ca)
        .unwrap();
    let paths = (
        dir.join("ca.pem"),
        dir.join("server.pem"),
        dir.join("server-key.pem"),
    );
    std::fs::write(&paths.0, ca.pem()).unwrap();
    std::fs::write(&paths.1, cert.pem()).unwrap();
    std::fs::write(&paths.2, key.serialize_pem()).unwrap();
    paths
}
