//! The one large body the API takes, an import's: read only for someone
//! allowed to send it, compressed by the CLI, and past the server's limits
//! refused with the limit named.

use std::io::{Read, Write};
use std::time::{Duration, Instant};

use flate2::Compression;
use flate2::write::GzEncoder;

use super::common::TestDb;
use super::common::machine::{BILL, Machine, json};
use super::common::server::raw_request;
use super::server_mode;

/// Sends the headers of a 60 MB import and none of its body: the answer
/// must come without the body, as for someone who may not send it.
fn headers_only(address: &str, token: Option<&str>) -> (u16, Duration) {
    let mut stream = std::net::TcpStream::connect(address).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    let auth = token.map_or(String::new(), |t| format!("Authorization: Bearer {t}\r\n"));
    let head = format!(
        "POST /api/v1/events/import HTTP/1.1\r\nHost: x\r\n{auth}Content-Type: application/json\r\nContent-Length: 62000000\r\n\r\n"
    );
    stream.write_all(head.as_bytes()).unwrap();
    let started = Instant::now();
    let mut answer = [0u8; 512];
    let n = stream.read(&mut answer).unwrap_or(0);
    let answer = String::from_utf8_lossy(&answer[..n]).into_owned();
    let status = answer
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no answer before the body: {answer:?}"));
    (status, started.elapsed())
}

fn token(m: &Machine<'_>) -> String {
    std::fs::read_to_string(m.session_path()).unwrap()
}

#[test]
fn an_import_body_is_read_only_for_someone_allowed_to_send_it() {
    let db = TestDb::sqlite();
    let ada = server_mode(&db);
    ada.hire_bill();
    let bill = Machine::new(&db).through(&ada);
    bill.login("bill@epic.test", BILL);
    let address = ada.server().unwrap().address();
    for (who, token, want) in [("nobody", None, 401), ("sales", Some(token(&bill)), 403)] {
        let (status, waited) = headers_only(&address, token.as_deref());
        assert_eq!(status, want, "{who}");
        assert!(
            waited < Duration::from_secs(10),
            "{who}: answered after {waited:?}"
        );
    }
    ada.expect(0, &["whoami"], "");
}

fn gzipped(json: &[u8]) -> Vec<u8> {
    let mut out = GzEncoder::new(Vec::new(), Compression::fast());
    out.write_all(json).unwrap();
    out.finish().unwrap()
}

fn post_import(address: &str, token: &str, body: &[u8], gzip: bool) -> (u16, String) {
    let encoding = if gzip {
        "Content-Encoding: gzip\r\n"
    } else {
        ""
    };
    let mut request = format!(
        "POST /api/v1/events/import HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {token}\r\nContent-Type: application/json\r\n{encoding}Content-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    )
    .into_bytes();
    request.extend_from_slice(body);
    let (status, _, answer) = raw_request(address, &request);
    (status, answer)
}

#[test]
fn a_compressed_import_is_taken_and_one_too_large_inflated_is_refused_by_its_limit() {
    let db = TestDb::sqlite();
    let ada = server_mode(&db);
    let address = ada.server().unwrap().address();
    let token = token(&ada);
    let (status, answer) = post_import(
        &address,
        &token,
        &gzipped(br#"{"events":[],"dry_run":true}"#),
        true,
    );
    assert_eq!(status, 200, "{answer}");
    assert_eq!(json(&answer)["dry_run"], true);

    // 300 MB of JSON (of blanks) in a few hundred kilobytes.
    let mut bomb = b"{\"events\":[".to_vec();
    bomb.resize(300 << 20, b' ');
    bomb.extend_from_slice(b"]}");
    let (status, answer) = post_import(&address, &token, &gzipped(&bomb), true);
    assert_eq!(status, 413, "{answer}");
    let error = json(&answer);
    assert_eq!(error["code"], "payload_too_large");
    let message = error["message"].as_str().unwrap();
    assert!(
        message.contains("at most 256 MB once inflated"),
        "{message}"
    );
    ada.expect(0, &["whoami"], "");
}

/// A sheet whose JSON is past the server's 64 MB as sent (70 MB of it
/// here) reaches the server compressed, and comes back with the server's
/// report of its cells: not as a broken connection.
#[test]
fn a_sheet_larger_than_the_servers_body_limit_goes_through_compressed() {
    let db = TestDb::sqlite();
    let ada = server_mode(&db);
    let dir = tempfile::tempdir().unwrap();
    let sheet = dir.path().join("big.csv");
    let mut out = std::io::BufWriter::new(std::fs::File::create(&sheet).unwrap());
    writeln!(out, "Event ID,Event,Contract ID,Client name,Client contact,Event date start,Event date end,Support contact,Location,Attendees,Notes").unwrap();
    let notes = "n".repeat(5_000);
    for i in 0..14_000 {
        writeln!(out, "{i},Gala {i},C-1,Acme,boss@acme.test,1 Jun 2027 @ 1PM,1 Jun 2027 @ 5PM,,Nantes,10,{notes}").unwrap();
    }
    drop(out);
    let run = ada.run_with(&["--json", "event", "import", sheet.to_str().unwrap()], "");
    assert_eq!(run.code, 6, "{}", run.stderr);
    let report = json(&run.stdout);
    let contracts = report["errors"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| {
            e["message"]
                .as_str()
                .unwrap()
                .contains("no contract numbered C-1")
        })
        .count();
    assert_eq!(contracts, 14_000, "each event's contract, by the server");
}
