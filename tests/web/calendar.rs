//! The calendar: each event on the day it starts, in the company's zone,
//! by month and by week, all or mine, those without support marked.

use chrono::{Duration, NaiveDate};

use super::Browser;
use crate::common;
use common::TestDb;
use common::server::ServerProcess;

#[test]
fn events_sit_on_their_days_by_month_and_by_week() {
    let db = TestDb::sqlite();
    let (bill, kate) = super::staffed(&db);
    // The two events of `staffed` start 30 days from now; one more, on
    // 4 June 2031 at 23:30 in Paris (21:30 UTC): still the 4th there.
    let june = NaiveDate::from_ymd_opt(2031, 6, 4)
        .unwrap()
        .and_hms_opt(21, 30, 0)
        .unwrap();
    let f = common::records::fixture(&db, Some(bill), Some(kate), true, june - Duration::days(30));
    let server = ServerProcess::start(&db, &[]);
    let ada = Browser::signed_in(&server, "ada@epic.test", common::MANAGER_PASSWORD);

    let month = ada.get("/calendar?at=2031-06-17");
    assert_eq!(month.status, 200, "{}", month.body);
    assert!(month.body.contains("<h1>June 2031</h1>"), "{}", month.body);
    let day = month
        .body
        .split(r#"<time datetime="2031-06-04">"#)
        .nth(1)
        .unwrap();
    let day = day.split("</td>").next().unwrap();
    assert!(
        day.contains(&format!(
            r#"href="/events/{}">23:30 Fixture Party"#,
            f.event
        )),
        "{day}"
    );
    // The grid runs Monday to Sunday: 26 May to 6 July.
    assert!(month.body.contains(r#"datetime="2031-05-26""#));
    assert!(month.body.contains(r#"datetime="2031-07-06""#));
    assert!(!month.body.contains(r#"datetime="2031-07-07""#));
    assert!(
        month.body.contains(r#"href="/calendar?at=2031-05-01""#),
        "previous month"
    );

    let week = ada.get("/calendar?view=week&at=2031-06-04");
    assert!(
        week.body.contains("Week of 2 Jun 2031 – 8 Jun 2031"),
        "{}",
        week.body
    );
    assert!(week.body.contains("23:30 Fixture Party"));
    assert!(!week.body.contains(r#"datetime="2031-06-09""#));

    // This month: the events of `staffed`, the one without support marked.
    let soon = (chrono::Utc::now() + Duration::days(30)).date_naive();
    let now = ada.get(&format!("/calendar?at={soon}"));
    assert_eq!(now.body.matches("Fixture Party").count(), 2, "{}", now.body);
    assert!(now.body.contains("No support yet"));

    // Kate's own: hers only.
    let kate_web = Browser::signed_in(&server, "kate@epic.test", "Kate Hastroff's passphrase");
    let mine = kate_web.get(&format!("/calendar?at={soon}&mine=true"));
    assert_eq!(
        mine.body.matches("Fixture Party").count(),
        1,
        "{}",
        mine.body
    );
    assert!(!mine.body.contains("No support yet"));

    // In French, the month's name and the days as the French write them.
    let mut fr = Browser::signed_in(&server, "ada@epic.test", common::MANAGER_PASSWORD);
    fr.language = "fr-FR";
    let juin = fr.get("/calendar?view=week&at=2031-06-04");
    assert!(
        juin.body.contains("Semaine du 02/06/2031 – 08/06/2031"),
        "{}",
        juin.body
    );
    assert!(juin.body.contains("Mercredi 04/06/2031"));
}
