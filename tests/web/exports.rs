//! A list's export buttons: the CLI's CSV and workbook, of every row the
//! filters keep (beyond one block of reads), times in the company's zone,
//! and only for those who may read the list.

use chrono::NaiveDate;

use super::Browser;
use crate::common;
use common::records::fixture;
use common::server::ServerProcess;
use common::{TestDb, World};

const BILL: (&str, &str) = ("bill@epic.test", "Bill Boquet's passphrase");
const ADA: (&str, &str) = ("ada@epic.test", common::MANAGER_PASSWORD);

/// More than the export's block of 1,000 rows, so that the file is read in
/// two blocks; all Bill's but two.
const CLIENTS: usize = 1_003;

fn header<'h>(headers: &'h ureq::http::HeaderMap, name: &str) -> &'h str {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
}

#[test]
fn every_row_the_filters_keep_comes_as_the_clis_csv_and_workbook() {
    use calamine::{Data, Reader, Xlsx};
    let db = TestDb::sqlite();
    let mut world = World::new(&db);
    let (bill, _) = world.hire("Bill Boquet", BILL.0, "sales");
    // 17:30 UTC in March is 18:30 in Paris.
    let at = NaiveDate::from_ymd_opt(2027, 3, 12)
        .unwrap()
        .and_hms_opt(17, 30, 0)
        .unwrap();
    for n in 0..CLIENTS {
        fixture(&db, (n >= 2).then_some(bill), None, false, at);
    }
    let server = ServerProcess::start(&db, &[]);
    let ada = Browser::signed_in(&server, ADA.0, ADA.1);
    let bill_web = Browser::signed_in(&server, BILL.0, BILL.1);

    let page = bill_web.get("/clients?mine=true&search=fixture");
    let link = page
        .body
        .split(r#"href="/clients.csv"#)
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap()
        .replace("&amp;", "&");
    assert!(
        link.contains("mine=true") && link.contains("search=fixture"),
        "{link}"
    );
    assert!(
        !link.contains("after=") && !link.contains("limit="),
        "{link}"
    );

    let (status, headers, body) = bill_web.download(&format!("/clients.csv{link}"));
    assert_eq!(status, 200);
    assert_eq!(header(&headers, "content-type"), "text/csv; charset=utf-8");
    assert!(
        header(&headers, "content-disposition").starts_with("attachment; filename=\"clients-"),
        "{headers:?}"
    );
    // Sent as it is read, a block at a time: its length unknown when it
    // starts.
    assert_eq!(
        header(&headers, "transfer-encoding"),
        "chunked",
        "{headers:?}"
    );
    assert_eq!(header(&headers, "content-length"), "", "{headers:?}");
    let text = String::from_utf8(body).unwrap();
    let lines: Vec<&str> = text.split("\r\n").filter(|l| !l.is_empty()).collect();
    assert_eq!(
        lines[0],
        "Client ID,Name,Company,E-mail,Phone,Sales contact,First contact,Last update"
    );
    assert_eq!(lines.len(), 1 + CLIENTS - 2, "a header and Bill's clients");
    assert!(
        lines[1].ends_with(",Bill Boquet,2027-03-12 18:30,2027-03-12 18:30"),
        "{}",
        lines[1]
    );

    let (status, headers, body) = ada.download("/clients.xlsx?offset=1000&search=");
    assert_eq!(status, 200);
    assert!(header(&headers, "content-disposition").ends_with(".xlsx\""));
    let mut workbook = Xlsx::new(std::io::Cursor::new(body)).unwrap();
    let sheet = workbook.worksheet_range_at(0).unwrap().unwrap();
    let rows: Vec<_> = sheet.rows().collect();
    assert_eq!(
        rows.len(),
        1 + CLIENTS,
        "a header and every client, whatever the offset"
    );
    assert_eq!(rows[0][0], Data::String("Client ID".into()));
    let Data::DateTime(created) = &rows[1][6] else {
        panic!("a time is a date: {:?}", rows[1][6])
    };
    let created = created.as_datetime().unwrap();
    assert_eq!(
        created.format("%Y-%m-%d %H:%M").to_string(),
        "2027-03-12 18:30"
    );
}

#[test]
fn an_export_is_refused_to_whom_the_list_is_and_to_no_session() {
    let db = TestDb::sqlite();
    let mut world = World::new(&db);
    world.hire("Bill Boquet", BILL.0, "sales");
    let server = ServerProcess::start(&db, &[]);
    let bill_web = Browser::signed_in(&server, BILL.0, BILL.1);
    let (status, _, body) = bill_web.download("/collaborators.csv");
    assert_eq!(status, 403, "{}", String::from_utf8_lossy(&body));
    let ada = Browser::signed_in(&server, ADA.0, ADA.1);
    let (status, _, body) = ada.download("/collaborators.csv?department=sales");
    assert_eq!(status, 200);
    let text = String::from_utf8(body).unwrap();
    assert!(
        text.contains("Bill Boquet") && !text.contains("Ada"),
        "{text}"
    );
    let (status, _, body) = ada.download("/collaborators.csv?department=nobody");
    assert_eq!(
        status, 422,
        "the first block's refusal is a page, not a broken file"
    );
    assert!(String::from_utf8_lossy(&body).contains("department"));
    // A French page's CSV opens in columns in French Excel.
    let mut french = Browser::signed_in(&server, ADA.0, ADA.1);
    french.language = "fr-FR,fr;q=0.9";
    let (_, _, body) = french.download("/collaborators.csv?department=sales");
    let text = String::from_utf8(body).unwrap();
    assert!(text.starts_with("\u{feff}Collaborator ID;"), "{text}");
    let (_, _, body) = ada.download("/clients.csv?search=no+such+client");
    assert_eq!(
        String::from_utf8(body).unwrap(),
        "Client ID,Name,Company,E-mail,Phone,Sales contact,First contact,Last update\r\n",
        "no row: the header alone"
    );

    let stranger = Browser::new(&server);
    let page = stranger.get("/events.csv");
    assert_eq!(page.status, 303);
    assert_eq!(page.location.as_deref(), Some("/login?next=%2Fevents.csv"));
}
