//! What the server and the CLI say about the requests between them: `-v`
//! shows each request the CLI sends; `serve` logs each one it answers,
//! in lines or JSON, with its route, status, time and user id, and no
//! secret.

use super::common::TestDb;
use super::common::machine::{ADA, Machine};
use super::common::server::ServerProcess;

#[test]
fn the_cli_shows_its_requests_with_v_and_the_server_logs_each_one_as_json() {
    let db = TestDb::sqlite();
    Machine::new(&db).init();
    let server = ServerProcess::start(&db, &["--log-format", "json"]);
    let m = Machine::away(&db);
    m.login_to(&server.url, &[], 0);
    let run = m.expect(0, &["-v", "client", "list", "--search", "dupont"], "");
    let line = run
        .stderr
        .lines()
        .find(|l| l.contains("GET ") && l.contains("/api/v1/clients?"))
        .unwrap_or_else(|| panic!("no request line: {}", run.stderr));
    assert!(line.contains(" 200 in ") && line.ends_with(" ms"), "{line}");
    m.expect(5, &["collaborator", "show", "999"], "");
    let token = std::fs::read_to_string(m.session_path()).unwrap();

    let log = server.log();
    assert!(!log.contains(token.trim()), "the token is logged: {log}");
    assert!(!log.contains(ADA), "the password is logged");
    let requests: Vec<serde_json::Value> = log
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter(|l| l["message"] == "request")
        .collect();
    let seen: Vec<(String, String, i64, Option<i64>)> = requests
        .iter()
        .map(|r| {
            (
                r["method"].as_str().unwrap().to_owned(),
                r["route"].as_str().unwrap().to_owned(),
                r["status"].as_i64().unwrap(),
                r["user"].as_i64(),
            )
        })
        .collect();
    for wanted in [
        (
            "POST".to_owned(),
            "/api/v1/session".to_owned(),
            201,
            Some(1),
        ),
        ("GET".to_owned(), "/api/v1/clients".to_owned(), 200, Some(1)),
        (
            "GET".to_owned(),
            "/api/v1/collaborators/{id}".to_owned(),
            404,
            Some(1),
        ),
    ] {
        assert!(seen.contains(&wanted), "{wanted:?} not in {seen:?}");
    }
    assert!(
        requests.iter().all(|r| r["ms"].as_f64().is_some()),
        "{requests:?}"
    );
}
