//! `serve --metrics-listen`: Prometheus' text format on an address of its
//! own, counting what the server answered.

use std::time::Duration;

use super::common::TestDb;
use super::common::machine::Machine;
use super::common::server::{ServerProcess, raw_get};

#[test]
fn metrics_count_requests_by_route_and_status_and_the_pool() {
    let db = TestDb::sqlite();
    Machine::new(&db).init();
    let server = ServerProcess::start(&db, &["--metrics-listen", "127.0.0.1:0"]);
    let mut address = None;
    for _ in 0..50 {
        address = server
            .log()
            .lines()
            .find_map(|l| l.split("metrics on http://").nth(1))
            .and_then(|rest| rest.split('/').next())
            .map(str::to_owned);
        if address.is_some() {
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let address = address.unwrap_or_else(|| panic!("no metrics address: {}", server.log()));
    let m = Machine::away(&db);
    m.login_to_with(&server.url, &[], "not the passphrase", 3);
    m.login_to(&server.url, &[], 0);
    m.expect(0, &["client", "list"], "");
    m.expect(5, &["client", "show", "42"], "");

    let (status, head, text) = raw_get(&address, "/metrics");
    assert_eq!(status, 200);
    assert!(
        head.to_ascii_lowercase()
            .contains("content-type: text/plain; version=0.0.4"),
        "{head}"
    );
    for line in [
        "epicevents_requests_total{route=\"/api/v1/clients\",status=\"200\"} 1",
        "epicevents_requests_total{route=\"/api/v1/clients/{id}\",status=\"404\"} 1",
        "epicevents_requests_total{route=\"/api/v1/session\",status=\"401\"} 1",
        "epicevents_request_duration_seconds_count{route=\"/api/v1/clients\"} 1",
        "epicevents_login_refusals_total 1",
        "# TYPE epicevents_db_connections_in_use gauge",
        "epicevents_db_connections_waiting 0",
        "epicevents_emails_failed_total 0",
    ] {
        assert!(text.lines().any(|l| l == line), "{line} not in\n{text}");
    }
    // The API's own port serves no metrics.
    assert_eq!(raw_get(&server.address(), "/metrics").0, 404);
}
