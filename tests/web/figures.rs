//! The homes' figures: what each rep's clients still owe, as a chart with
//! its table for management and as one line for the rep; on every backend,
//! since the sum is written by hand for each.

use chrono::Utc;
use diesel::prelude::*;

use super::Browser;
use crate::common;
use common::records::fixture;
use common::server::ServerProcess;
use common::{TestDb, World};
use epicevents_store::StoreError;
use epicevents_store::schema::contracts;

const BILL: (&str, &str) = ("bill@epic.test", "Bill Boquet's passphrase");
const CARLA: (&str, &str) = ("carla@epic.test", "Carla Sales's passphrase");
const KATE: (&str, &str) = ("kate@epic.test", "Kate Hastroff's passphrase");
const ADA: (&str, &str) = ("ada@epic.test", common::MANAGER_PASSWORD);

/// Sets a fixture's record apart (each fixture's contract owes 500.00).
fn set(
    db: &TestDb,
    record: i32,
    change: impl Fn(&mut epicevents_store::DbConnection, i32) -> QueryResult<usize>,
) {
    db.store()
        .write(|c| -> Result<(), StoreError> {
            change(c, record)?;
            Ok(())
        })
        .unwrap();
}

/// The part of the home page that `id` heads.
fn part<'p>(home: &'p str, id: &str) -> &'p str {
    home.split(&format!(r#"id="{id}""#))
        .nth(1)
        .and_then(|s| s.split("</section>").next())
        .unwrap_or_else(|| panic!("no section {id}: {home}"))
}

on_every_backend! {
    fn amounts_due_are_summed_by_rep_for_management_and_for_the_rep(db: &TestDb) {
        let mut world = World::new(db);
        let (bill, _) = world.hire("Bill Boquet", BILL.0, "sales");
        let (carla, _) = world.hire("Carla Sales", CARLA.0, "sales");
        world.hire("Kate Hastroff", KATE.0, "support");
        let now = Utc::now().naive_utc();
        fixture(db, Some(bill), None, true, now);
        fixture(db, Some(bill), None, false, now);
        fixture(db, Some(carla), None, true, now);
        // Neither counts: an archived contract, and one whose amounts the
        // sheet did not give.
        let archived = fixture(db, Some(carla), None, true, now).contract;
        set(db, archived, |c, id| {
            diesel::update(contracts::table.find(id))
                .set(contracts::archived_at.eq(epicevents_store::At(now)))
                .execute(c)
        });
        let unknown = fixture(db, Some(bill), None, true, now).contract;
        set(db, unknown, |c, id| {
            diesel::update(contracts::table.find(id))
                .set(contracts::amounts_known.eq(false))
                .execute(c)
        });
        let server = ServerProcess::start(db, &[]);

        let home = Browser::signed_in(&server, ADA.0, ADA.1).get("/").body;
        let section = part(&home, "home-owed");
        assert!(section.contains("Amounts due by sales rep"), "{section}");
        assert!(section.contains(r#"<svg class="chart" role="img""#), "{section}");
        let bars: Vec<&str> = section
            .split(r#"<rect class="bar""#)
            .skip(1)
            .map(|r| r.split("width=\"").nth(1).unwrap().split('"').next().unwrap())
            .collect();
        assert_eq!(bars, ["100%", "50%"], "Bill's 1,000.00, then Carla's 500.00");
        let bill_row = section.find("<td data-label=\"Sales contact\">Bill Boquet</td>").unwrap();
        let carla_row = section.find("<td data-label=\"Sales contact\">Carla Sales</td>").unwrap();
        assert!(bill_row < carla_row, "most owed first");
        assert!(section[bill_row..carla_row].contains(">2</td>"));
        assert!(section[bill_row..carla_row].contains("€1,000.00"));
        assert!(section[carla_row..].contains("€500.00"));

        let mine = Browser::signed_in(&server, BILL.0, BILL.1).get("/").body;
        let section = part(&mine, "home-owed");
        assert!(section.contains("What my clients still owe"));
        assert!(section.contains("<strong>€1,000.00</strong> on 2 contracts"), "{section}");
        assert!(!section.contains("Carla") && !section.contains("<svg"));

        let support = Browser::signed_in(&server, KATE.0, KATE.1).get("/").body;
        assert!(!support.contains("home-owed"));
    }
}

/// Local midnight in Paris on the first of the month `ahead` months from
/// this one, as UTC: the first of April to October is in summer time.
fn paris_first_of_month(ahead: u32) -> chrono::NaiveDateTime {
    use chrono::{Datelike, Months};
    let today = Utc::now().naive_utc().date();
    let first = today.with_day(1).unwrap() + Months::new(ahead);
    let offset = if (4..=10).contains(&first.month()) {
        2
    } else {
        1
    };
    first.and_hms_opt(0, 0, 0).unwrap() - chrono::Duration::hours(offset)
}

#[test]
fn management_sees_the_events_of_each_month_ahead_in_the_companys_zone() {
    let db = TestDb::sqlite();
    World::new(&db).hire("Bill Boquet", BILL.0, "sales");
    // A fixture's event starts 30 days after its `at`.
    let month = chrono::Duration::days(30);
    let half = chrono::Duration::days(14);
    // Half an hour into next month in Paris, still this month in UTC.
    fixture(
        &db,
        None,
        None,
        true,
        paris_first_of_month(1) + chrono::Duration::minutes(30) - month,
    );
    fixture(
        &db,
        None,
        None,
        true,
        paris_first_of_month(2) + half - month,
    );
    fixture(
        &db,
        None,
        None,
        true,
        paris_first_of_month(2) + half - month,
    );
    let archived = fixture(
        &db,
        None,
        None,
        true,
        paris_first_of_month(2) + half - month,
    )
    .event;
    set(&db, archived, |c, id| {
        diesel::update(epicevents_store::schema::events::table.find(id))
            .set(
                epicevents_store::schema::events::archived_at
                    .eq(epicevents_store::At(Utc::now().naive_utc())),
            )
            .execute(c)
    });
    let server = ServerProcess::start(&db, &[]);
    let home = Browser::signed_in(&server, ADA.0, ADA.1).get("/").body;
    let section = part(&home, "home-months");
    assert!(
        section.contains(r#"<svg class="chart" role="img""#),
        "{section}"
    );
    let counts: Vec<i64> = section
        .split(r#"<td data-label="Events">"#)
        .skip(1)
        .map(|cell| cell.split('<').next().unwrap().parse().unwrap())
        .collect();
    let mut expected = vec![0; 12];
    expected[1] = 1;
    expected[2] = 2;
    assert_eq!(counts, expected, "this month and the eleven after");
    let year = paris_first_of_month(1) + chrono::Duration::hours(3);
    assert!(
        section.contains(&year.format("%B %Y").to_string()),
        "{section}"
    );

    let bill = Browser::signed_in(&server, BILL.0, BILL.1);
    assert!(!bill.get("/").body.contains("home-months"));
}
