//! The real server on loopback port 0, driven by the real CLI: TLS, trust,
//! revocation, throttling, limits, shutdown, and what a machine keeps.

use crate::common;

use std::time::Duration;

use common::TestDb;
use common::machine::{ADA, BILL, Machine, Mode, json};
use common::server::{ServerProcess, certificates, raw_get, raw_request};

fn server_mode(db: &TestDb) -> Machine<'_> {
    Machine::ready_in(db, Mode::Server)
}

#[test]
fn serve_prints_one_line_and_answers_health_readiness_and_its_document() {
    let db = TestDb::sqlite();
    let ada = server_mode(&db);
    let server = ada.server().unwrap();
    assert!(
        server.url.starts_with("http://127.0.0.1:"),
        "{}",
        server.url
    );
    let (status, _, body) = raw_get(&server.address(), "/healthz");
    assert_eq!((status, json(&body)["status"].clone()), (200, "ok".into()));
    let (status, _, body) = raw_get(&server.address(), "/readyz");
    assert_eq!(
        (status, json(&body)["status"].clone()),
        (200, "ready".into())
    );
    let (status, _, body) = raw_get(&server.address(), "/api/v1/openapi.json");
    assert_eq!(status, 200);
    let doc = json(&body);
    assert_eq!(doc["openapi"], "3.1.0");
    for path in [
        "/api/v1/session",
        "/api/v1/clients",
        "/api/v1/clients/{id}",
        "/api/v1/contracts/{id}/sign",
        "/api/v1/events/{id}/support",
        "/api/v1/collaborators/{id}/password",
    ] {
        assert!(doc["paths"][path].is_object(), "{path} is not documented");
    }
    assert!(doc["components"]["securitySchemes"]["bearer"].is_object());
}

#[test]
fn serve_refuses_a_database_that_is_not_ready_with_the_usual_message() {
    let db = TestDb::sqlite();
    let failed = ServerProcess::try_start(&db, &[]).err().expect("refused");
    assert!(failed.contains("exit code Some(7)"), "{failed}");
    assert!(
        failed.contains("no database at") && failed.contains("run `epicevents init`"),
        "{failed}"
    );
}

#[test]
fn plain_http_is_for_loopback_or_behind_a_proxy() {
    let db = TestDb::sqlite();
    let m = Machine::new(&db);
    m.init();
    let run = m.expect(2, &["serve", "--listen", "0.0.0.0:0"], "");
    assert!(run.stderr.contains("--tls-cert"), "{}", run.stderr);
    let server = ServerProcess::start(&db, &["--listen", "0.0.0.0:0", "--insecure-http"]);
    assert!(server.url.starts_with("http://0.0.0.0:"), "{}", server.url);
    // Both places to look for the database is a mistake, said as one, and
    // as the person set each: here the database is in the environment.
    let run = m.expect(2, &["--server", "http://127.0.0.1:1", "whoami"], "");
    assert!(
        run.stderr.contains("--server cannot be used with a database: EPICEVENTS_DATABASE_URL is set in your environment"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("'--db <URL>'"), "{}", run.stderr);
    let both = m.expect(
        2,
        &[
            "--server",
            "http://127.0.0.1:1",
            "--db",
            "x.sqlite3",
            "whoami",
        ],
        "",
    );
    assert!(
        both.stderr
            .contains("--server and --db cannot be used together"),
        "{}",
        both.stderr
    );
    m.expect(2, &["--server", "http://127.0.0.1:1", "init"], "");
}

#[test]
fn tls_with_a_company_ca_and_a_cli_that_refuses_what_it_does_not_trust() {
    let db = TestDb::sqlite();
    let admin = Machine::new(&db);
    admin.init();
    let pki = tempfile::tempdir().unwrap();
    let (ca, cert, key) = certificates(pki.path());
    let (cert, key, ca) = (
        cert.to_str().unwrap().to_owned(),
        key.to_str().unwrap().to_owned(),
        ca.to_str().unwrap().to_owned(),
    );
    let server = ServerProcess::start(&db, &["--tls-cert", &cert, "--tls-key", &key]);
    assert!(
        server.url.starts_with("https://127.0.0.1:"),
        "{}",
        server.url
    );

    let untrusting = Machine::away(&db);
    let login = [
        "login",
        "--server",
        &server.url,
        "--email",
        "ada@epic.test",
        "--password-stdin",
    ];
    let run = untrusting.expect(8, &login, &format!("{ADA}\n"));
    assert!(run.stderr.contains(&server.url), "{}", run.stderr);
    assert!(run.stderr.contains("not trusted"), "{}", run.stderr);
    assert!(!untrusting.session_path().exists());

    // The authority's file named from its own folder: remembered whole,
    // so that a command from anywhere else still finds it.
    let mut ada = Machine::away(&db);
    ada.cwd = Some(pki.path().to_owned());
    let relative = std::path::Path::new(&ca)
        .file_name()
        .unwrap()
        .to_str()
        .unwrap();
    let login = [&login[..], &["--ca-cert", relative]].concat();
    ada.expect(0, &login, &format!("{ADA}\n"));
    ada.cwd = None;
    // Remembered: later commands need no flag, and go through the server.
    assert_eq!(ada.json(&["whoami"])["name"], "Ada Manager");
    let remembered = json(&std::fs::read_to_string(ada.config_dir().join("server")).unwrap());
    assert_eq!(remembered["url"], server.url.as_str());
    assert_eq!(remembered["ca_cert"], ca.as_str());
    // Plain HTTP to a TLS port is not the API.
    let plain = server.url.replace("https://", "http://");
    let run = ada.expect(8, &["--server", &plain, "whoami"], "");
    assert!(run.stderr.contains(&plain), "{}", run.stderr);
}

#[test]
fn the_machine_keeps_a_server_url_and_a_token_and_nothing_else() {
    let db = TestDb::sqlite();
    let admin = Machine::new(&db);
    admin.init();
    let server = ServerProcess::start(&db, &[]);
    // No database variable on this machine at all.
    let m = Machine::away(&db);
    let login = [
        "login",
        "--server",
        &server.url,
        "--email",
        "ada@epic.test",
        "--password-stdin",
    ];
    m.expect(0, &login, &format!("{ADA}\n"));
    let mut files: Vec<_> = std::fs::read_dir(m.config_dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    files.sort();
    assert_eq!(files, ["server", "session"]);
    let remembered = json(&std::fs::read_to_string(m.config_dir().join("server")).unwrap());
    assert_eq!(remembered, serde_json::json!({ "url": server.url }));
    let token = std::fs::read_to_string(m.session_path()).unwrap();
    assert_eq!(token.len(), 64);
    use std::os::unix::fs::PermissionsExt;
    let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&m.config_dir()), 0o700);
    assert_eq!(mode(&m.config_dir().join("server")), 0o600);
    assert_eq!(mode(&m.session_path()), 0o600);
    for file in files {
        let text = std::fs::read_to_string(m.config_dir().join(file)).unwrap();
        assert!(!text.contains(ADA) && !text.contains("sqlite"), "{text}");
    }
}

#[test]
fn logout_revokes_the_token_on_the_server_and_a_stolen_copy_is_refused() {
    let db = TestDb::sqlite();
    let ada = server_mode(&db);
    let stolen = std::fs::read_to_string(ada.session_path()).unwrap();
    ada.expect(0, &["logout"], "");
    ada.put_session(&stolen);
    let run = ada.expect(3, &["whoami"], "");
    assert!(run.stderr.contains("no longer valid"), "{}", run.stderr);
}

#[test]
fn a_deleted_or_moved_collaborator_is_refused_at_once() {
    let db = TestDb::sqlite();
    let ada = server_mode(&db);
    ada.hire_bill();
    let bill = Machine::away(&db).through(&ada);
    bill.login("bill@epic.test", BILL);
    bill.expect(0, &["client", "list"], "");
    ada.expect(
        0,
        &["collaborator", "update", "2", "--department", "support"],
        "",
    );
    let run = bill.expect(3, &["client", "list"], "");
    assert!(run.stderr.contains("no longer valid"), "{}", run.stderr);
    bill.login("bill@epic.test", BILL);
    bill.expect(0, &["whoami"], "");
    ada.expect(0, &["collaborator", "delete", "2", "--yes"], "");
    bill.expect(3, &["whoami"], "");
}

#[test]
fn two_servers_on_one_postgres_serve_the_same_sessions() {
    let Some(db) = TestDb::postgres() else {
        eprintln!("skipped: {} is not set", common::POSTGRES_ENV);
        return;
    };
    let admin = Machine::new(&db);
    admin.init();
    let first = ServerProcess::start(&db, &[]);
    let second = ServerProcess::start(&db, &[]);
    let m = Machine::away(&db);
    let login = [
        "login",
        "--server",
        &first.url,
        "--email",
        "ada@epic.test",
        "--password-stdin",
    ];
    m.expect(0, &login, &format!("{ADA}\n"));
    let through_second = ["--server", second.url.as_str()];
    let me = json(
        &m.expect(
            0,
            &[&through_second[..], &["--json", "whoami"]].concat(),
            "",
        )
        .stdout,
    );
    assert_eq!(me["name"], "Ada Manager");
    m.expect(0, &[&through_second[..], &["client", "list"]].concat(), "");
    let token = std::fs::read_to_string(m.session_path()).unwrap();
    m.expect(0, &[&through_second[..], &["logout"]].concat(), "");
    m.put_session(&token);
    m.expect(3, &["--server", &first.url, "whoami"], "");
    m.expect(3, &[&through_second[..], &["whoami"]].concat(), "");
}

#[test]
fn failed_logins_are_throttled_per_address_even_for_the_right_password() {
    let db = TestDb::sqlite();
    let admin = Machine::new(&db);
    admin.init();
    let server = ServerProcess::start(&db, &["--login-failures-per-address", "3"]);
    let m = Machine::away(&db);
    let login = |password: &str| {
        m.run_with(
            &[
                "--server",
                &server.url,
                "--json",
                "login",
                "--email",
                "ada@epic.test",
                "--password-stdin",
            ],
            &format!("{password}\n"),
        )
    };
    for _ in 0..3 {
        assert_eq!(login("a wrong guess").code, 3);
    }
    let throttled = login(ADA);
    assert_eq!(throttled.code, 3, "{}", throttled.stderr);
    let error = json(&throttled.stderr);
    assert!(
        error["message"].as_str().unwrap().contains("try again in"),
        "{error}"
    );
    // Said by HTTP too: 429 with Retry-After.
    let body = r#"{"email":"ada@epic.test","password":"x"}"#;
    let request = format!(
        "POST /api/v1/session HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let (status, head, body) = raw_request(&server.address(), request.as_bytes());
    assert_eq!(status, 429);
    assert!(head.to_ascii_lowercase().contains("retry-after:"), "{head}");
    assert_eq!(json(&body)["code"], "throttled");
    // The account itself is not locked by it: another address gets in.
    let other = ServerProcess::start(&db, &[]);
    m.expect(
        0,
        &[
            "login",
            "--server",
            &other.url,
            "--email",
            "ada@epic.test",
            "--password-stdin",
        ],
        &format!("{ADA}\n"),
    );
}

#[test]
fn an_oversized_body_is_refused_in_the_apis_format() {
    let db = TestDb::sqlite();
    let ada = server_mode(&db);
    let server = ada.server().unwrap();
    let token = std::fs::read_to_string(ada.session_path()).unwrap();
    let notes = "x".repeat(1 << 20);
    let body = format!(
        r#"{{"name":"Big","email":"big@x.test","phone":"+33 1 23 45 67 89","company":"{notes}"}}"#
    );
    let request = format!(
        "POST /api/v1/clients HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {token}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let (status, _, answer) = raw_request(&server.address(), request.as_bytes());
    assert_eq!(status, 413);
    let error = json(&answer);
    assert_eq!(
        (error["kind"].as_str(), error["code"].as_str()),
        (Some("invalid"), Some("payload_too_large"))
    );
    assert_eq!(ada.json(&["client", "list"])["total"], 0);
}

/// HTTP's own way to say which version a change was made from: the ETag of
/// `show`, sent back in `If-Match`.
#[test]
fn a_stale_if_match_is_refused_with_409_and_changes_nothing() {
    let db = TestDb::sqlite();
    let ada = server_mode(&db);
    let server = ada.server().unwrap();
    let token = std::fs::read_to_string(ada.session_path()).unwrap();
    let f = common::records::fixture(&db, None, None, false, chrono::Utc::now().naive_utc());
    let send = |method: &str, extra: &str, body: &str| {
        let request = format!(
            "{method} /api/v1/contracts/{} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {token}\r\n{extra}Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            f.contract,
            body.len()
        );
        raw_request(&server.address(), request.as_bytes())
    };
    let (status, head, _) = send("GET", "", "");
    assert_eq!(status, 200);
    assert!(head.to_ascii_lowercase().contains("etag: \"1\""), "{head}");
    let (status, head, _) = send("PATCH", "If-Match: \"1\"\r\n", r#"{"due":"10"}"#);
    assert_eq!(status, 200);
    assert!(head.to_ascii_lowercase().contains("etag: \"2\""), "{head}");
    let (status, _, body) = send("PATCH", "If-Match: \"1\"\r\n", r#"{"due":"20"}"#);
    assert_eq!(status, 409, "{body}");
    assert_eq!(json(&body)["code"], "stale_version");
    let (status, _, body) = send("PATCH", "If-Match: soon\r\n", r#"{"due":"20"}"#);
    assert_eq!(status, 400, "{body}");
    assert_eq!(
        ada.json(&["contract", "show", &f.contract.to_string()])["due_cents"],
        1000
    );
}

#[test]
fn requests_nobody_documented_are_answered_in_the_apis_format() {
    let db = TestDb::sqlite();
    let ada = server_mode(&db);
    let address = ada.server().unwrap().address();
    let (status, _, body) = raw_get(&address, "/nowhere");
    assert_eq!(
        (status, json(&body)["code"].clone()),
        (404, "no_route".into())
    );
    let (status, _, body) = raw_get(&address, "/api/v1/clients/abc");
    assert_eq!(
        (status, json(&body)["kind"].clone()),
        (400, "invalid".into())
    );
    let (status, head, body) = raw_get(&address, "/api/v1/clients");
    assert_eq!(
        (status, json(&body)["code"].clone()),
        (401, "no_session".into())
    );
    assert!(
        head.contains("www-authenticate: Bearer") || head.contains("WWW-Authenticate: Bearer"),
        "{head}"
    );
}

#[test]
fn an_unreachable_server_or_one_that_is_not_the_api_is_exit_8() {
    let db = TestDb::sqlite();
    let m = Machine::away(&db);
    // A port nobody listens on.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", closed.local_addr().unwrap());
    drop(closed);
    let run = m.expect(8, &["--server", &url, "whoami"], "");
    assert!(
        run.stderr.contains(&url) && run.stderr.contains("refused"),
        "{}",
        run.stderr
    );
    // Something that answers, but not as the API.
    let impostor = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", impostor.local_addr().unwrap());
    std::thread::spawn(move || {
        use std::io::{Read, Write};
        for stream in impostor.incoming().take(2) {
            let mut stream = stream.unwrap();
            let mut buf = [0u8; 4096];
            let _ = stream.read(&mut buf);
            let _ = stream.write_all(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 13\r\nConnection: close\r\n\r\n<html></html>");
        }
    });
    let run = m.expect(8, &["--server", &url, "--json", "whoami"], "");
    let error = json(&run.stderr);
    assert_eq!(error["code"], 8);
    assert!(
        error["message"]
            .as_str()
            .unwrap()
            .contains("not answer as the Epic Events API"),
        "{error}"
    );
}

/// A request is in flight (waiting for SQLite's write lock) when SIGTERM
/// arrives: it is answered, then the server exits 0.
#[test]
fn sigterm_finishes_the_request_in_flight_then_exits_0() {
    let db = TestDb::sqlite();
    let ada = server_mode(&db);
    ada.hire_bill();
    let bill = Machine::away(&db).through(&ada);
    bill.login("bill@epic.test", BILL);
    let epicevents_store::DatabaseUrl::Sqlite(path) = &db.url else {
        unreachable!()
    };
    let server_pid_alive_after_signal = common::while_sqlite_is_locked(path, |lock| {
        std::thread::scope(|scope| {
            let create = scope.spawn(|| bill.run_with(&common::machine::CREATE_KEVIN, ""));
            // Let the request reach the server and wait on the lock.
            std::thread::sleep(Duration::from_millis(700));
            let server = ada.server().unwrap();
            server.signal("TERM");
            std::thread::sleep(Duration::from_millis(300));
            let alive = std::process::Command::new("kill")
                .args(["-0", &server.pid().to_string()])
                .status()
                .unwrap()
                .success();
            lock.release();
            let run = create.join().unwrap();
            assert_eq!(run.code, 0, "{}", run.stderr);
            alive
        })
    });
    assert!(
        server_pid_alive_after_signal,
        "the server exited with a request in flight"
    );
    drop(bill);
    let mut ada = ada;
    let status = ada
        .stop_server(Duration::from_secs(20))
        .expect("the server exits");
    assert!(status.success(), "{status:?}");
    let clients = db.query(|c| {
        use diesel::prelude::*;
        epicevents_store::schema::clients::table
            .count()
            .get_result::<i64>(c)
    });
    assert_eq!(clients, 1);
}

#[test]
fn completions_and_man_page_are_printed() {
    let db = TestDb::sqlite();
    let m = Machine::new(&db);
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let run = m.expect(0, &["completions", shell], "");
        assert!(run.stdout.contains("epicevents"), "{shell}");
        assert!(run.stdout.contains("collaborator"), "{shell}");
    }
    let man = m.expect(0, &["man"], "");
    assert!(
        man.stdout.starts_with(".ie") || man.stdout.contains(".TH epicevents"),
        "{}",
        &man.stdout[..200]
    );
    assert!(man.stdout.contains("serve"));
}

/// A client that never finishes its request headers is cut off, instead of
/// holding a connection (and a file descriptor) for ever.
#[test]
fn a_slow_client_is_timed_out() {
    use std::io::{Read, Write};
    let db = TestDb::sqlite();
    let ada = server_mode(&db);
    let address = ada.server().unwrap().address();
    let mut stream = std::net::TcpStream::connect(&address).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    stream
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
        .unwrap();
    let started = std::time::Instant::now();
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer);
    let waited = started.elapsed();
    assert!(
        waited >= Duration::from_secs(5) && waited < Duration::from_secs(25),
        "closed after {waited:?}"
    );
    // The server goes on serving everyone else.
    ada.expect(0, &["whoami"], "");
}

#[path = "server/imports.rs"]
mod imports;

#[path = "server/logs.rs"]
mod logs;

#[path = "server/pinned.rs"]
mod pinned;

#[path = "server/metrics.rs"]
mod metrics;

#[path = "server/reconnect.rs"]
mod reconnect;
