//! The lists' order either way and the events' days: what the address
//! says is what the page shows, and what its links keep.

use chrono::{Duration, NaiveDate};

use super::Browser;
use crate::common;
use common::records::fixture;
use common::server::ServerProcess;
use common::{TestDb, World};

/// The records' ids a page links to under `prefix`, in the page's order.
fn ids(body: &str, prefix: &str) -> Vec<i32> {
    body.split(&format!(r#"href="{prefix}"#))
        .skip(1)
        .filter_map(|rest| rest.split('"').next()?.parse().ok())
        .collect()
}

/// The `th` that carries `aria-sort`, as the page writes it.
fn sorted_header(body: &str) -> &str {
    let at = body
        .find("aria-sort=")
        .unwrap_or_else(|| panic!("no sorted column: {body}"));
    &body[at..at + body[at..].find("</th>").unwrap()]
}

#[test]
fn a_list_runs_either_way_and_its_links_keep_the_way() {
    let db = TestDb::sqlite();
    World::new(&db);
    // The fixture's event starts 30 days after `at`.
    let at = |day, hour| {
        NaiveDate::from_ymd_opt(2027, 2, day)
            .and_then(|d| d.and_hms_opt(hour, 0, 0))
            .unwrap()
    };
    let a = fixture(&db, None, None, true, at(10, 9));
    let b = fixture(&db, None, None, true, at(8, 9));
    let c = fixture(&db, None, None, true, at(9, 9));
    let server = ServerProcess::start(&db, &[]);
    let ada = Browser::signed_in(&server, "ada@epic.test", common::MANAGER_PASSWORD);

    let soonest = ada.get("/events");
    assert_eq!(ids(&soonest.body, "/events/"), [b.event, c.event, a.event]);
    let header = sorted_header(&soonest.body);
    assert!(header.starts_with(r#"aria-sort="ascending""#), "{header}");
    assert!(
        header.contains(r#"href="/events?reverse=true&#38;limit=25""#),
        "{header}"
    );
    assert!(header.contains("Starts"), "the start's column: {header}");

    let latest = ada.get("/events?reverse=true&limit=2");
    assert_eq!(ids(&latest.body, "/events/"), [a.event, c.event]);
    assert!(sorted_header(&latest.body).starts_with(r#"aria-sort="descending""#));
    assert!(
        latest
            .body
            .contains(r#"<input type="hidden" name="reverse" value="true">"#),
        "the filters keep the way"
    );
    let next = format!(
        r#"href="/events?reverse=true&#38;limit=2&#38;after={}""#,
        c.event
    );
    assert!(latest.body.contains(&next), "{next} in {}", latest.body);
    assert!(
        latest.body.contains(r#"href="/events.csv?reverse=true""#),
        "{}",
        latest.body
    );
    let rest = ada.get(&format!("/events?reverse=true&limit=2&after={}", c.event));
    assert_eq!(ids(&rest.body, "/events/"), [b.event]);

    let contracts = ada.get("/contracts");
    assert_eq!(
        ids(&contracts.body, "/contracts/"),
        [a.contract, c.contract, b.contract],
        "newest first"
    );
    assert!(sorted_header(&contracts.body).starts_with(r#"aria-sort="descending""#));
    let oldest = ada.get("/contracts?reverse=true");
    assert_eq!(
        ids(&oldest.body, "/contracts/"),
        [b.contract, c.contract, a.contract]
    );
    assert!(sorted_header(&oldest.body).starts_with(r#"aria-sort="ascending""#));

    let clients = ada.get("/clients?reverse=true");
    assert!(sorted_header(&clients.body).starts_with(r#"aria-sort="descending""#));
    assert!(sorted_header(&clients.body).contains("Name"));
    // A home's short lists have no order to switch.
    assert!(!ada.get("/").body.contains("aria-sort"));
}

#[test]
fn the_events_of_some_days_are_those_of_the_companys_days() {
    let db = TestDb::sqlite();
    World::new(&db);
    let utc = |day, hour, minute| {
        NaiveDate::from_ymd_opt(2027, 3, day)
            .and_then(|d| d.and_hms_opt(hour, minute, 0))
            .unwrap()
            - Duration::days(30)
    };
    // In Paris (UTC+1 in March): the 12th at 00:30 and at 23:30; the 13th
    // at 01:00; the 11th at 23:30.
    let first = fixture(&db, None, None, true, utc(11, 23, 30));
    let last = fixture(&db, None, None, true, utc(12, 22, 30));
    let after = fixture(&db, None, None, true, utc(13, 0, 0));
    let before = fixture(&db, None, None, true, utc(11, 22, 30));
    let server = ServerProcess::start(&db, &[]);
    let ada = Browser::signed_in(&server, "ada@epic.test", common::MANAGER_PASSWORD);

    let day = ada.get("/events?from=2027-03-12&to=2027-03-12");
    assert_eq!(ids(&day.body, "/events/"), [first.event, last.event]);
    assert!(day.body.contains("2 records"), "{}", day.body);
    assert!(
        day.body
            .contains(r#"name="from" type="date" value="2027-03-12""#)
    );
    assert!(
        day.body
            .contains(r#"href="/events.csv?from=2027-03-12&#38;to=2027-03-12""#),
        "{}",
        day.body
    );
    let (_, _, csv) = ada.download("/events.csv?from=2027-03-12&to=2027-03-12");
    let rows = csv::Reader::from_reader(&csv[..]).records().count();
    assert_eq!(rows, 2, "the export keeps the days");

    let on = ada.get("/events?from=2027-03-13");
    assert_eq!(ids(&on.body, "/events/"), [after.event]);
    let until = ada.get("/events?to=2027-03-11");
    assert_eq!(ids(&until.body, "/events/"), [before.event]);
    // What no date field sends is no bound.
    let odd = ada.get("/events?from=12%2F03%2F2027&to=");
    assert_eq!(ids(&odd.body, "/events/").len(), 4);
}

#[test]
fn the_events_of_today_and_of_the_next_days_as_the_company_counts_them() {
    let db = TestDb::sqlite();
    World::new(&db);
    let now = chrono::Utc::now().naive_utc();
    let starting =
        |at: chrono::NaiveDateTime| fixture(&db, None, None, true, at - Duration::days(30)).event;
    let in_ten_days = starting(now + Duration::days(10));
    let in_three_days = starting(now + Duration::days(3));
    let server = ServerProcess::start(&db, &[]);
    let ada = Browser::signed_in(&server, "ada@epic.test", common::MANAGER_PASSWORD);

    let next = ada.get("/events?span=7d");
    assert_eq!(ids(&next.body, "/events/"), [in_three_days]);
    assert!(
        next.body
            .contains(r#"<option value="7d" selected>In the next 7 days</option>"#),
        "{}",
        next.body
    );
    assert!(
        next.body.contains(r#"href="/events.csv?span=7d""#),
        "the export keeps the span"
    );
    let fortnight = ada.get("/events?span=2w");
    assert_eq!(
        ids(&fortnight.body, "/events/"),
        [in_three_days, in_ten_days]
    );
    assert!(
        ada.get("/events?span=week")
            .body
            .contains(r#"<option value="week" selected>"#)
    );
    let unknown = ada.get("/events?span=someday");
    assert_eq!(
        ids(&unknown.body, "/events/").len(),
        2,
        "an unknown span is none"
    );
}
