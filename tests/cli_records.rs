//! What people see of clients, contracts and events: pages with a footer,
//! times in their own time zone, and JSON for scripts.

use crate::common;

use chrono::NaiveDate;

use common::machine::{CREATE_KEVIN, Machine};
use common::records::fixture;

in_both_modes! {
    fn lists_come_in_pages_of_fifty_with_a_footer(db: &TestDb, mode: Mode) {
    let ada = Machine::ready_in(db, mode);
    let at = NaiveDate::from_ymd_opt(2030, 1, 1)
        .unwrap()
        .and_hms_opt(9, 0, 0)
        .unwrap();
    for _ in 0..60 {
        fixture(db, None, None, true, at);
    }
    let first = ada.expect(0, &["event", "list"], "");
    assert_eq!(first.stdout.matches("Fixture Party").count(), 50);
    assert!(
        first
            .stdout
            .trim_end()
            .ends_with("1–50 of 60 (next page: --offset 50; everything: --all)"),
        "{}",
        first.stdout
    );
    let rest = ada.expect(0, &["client", "list", "--offset", "50"], "");
    assert_eq!(rest.stdout.matches("Fixture Client").count(), 10);
    assert!(
        rest.stdout.trim_end().ends_with("51–60 of 60"),
        "{}",
        rest.stdout
    );
    let all = ada.expect(0, &["contract", "list", "--all"], "");
    assert!(
        all.stdout.trim_end().ends_with("1–60 of 60"),
        "{}",
        all.stdout
    );
    let page = ada.json(&["contract", "list", "--limit", "5", "--offset", "10"]);
    assert_eq!(
        (
            page["items"].as_array().unwrap().len(),
            page["total"].as_i64(),
            page["offset"].as_i64()
        ),
        (5, Some(60), Some(10))
    );
    let none = ada.expect(0, &["event", "list", "--mine"], "");
    assert_eq!(none.stdout.trim(), "No events.");
    ada.expect(2, &["event", "list", "--all", "--offset", "5"], "");
    ada.expect(2, &["event", "list", "--limit", "0"], "");
    }
}

/// Central European time, written as a POSIX rule so no tz database is needed.
const PARIS: &str = "CET-1CEST,M3.5.0,M10.5.0/3";

in_both_modes! {
    fn times_are_typed_and_shown_in_the_machines_time_zone(db: &TestDb, mode: Mode) {
    let mut ada = Machine::ready_in(db, mode);
    ada.tz = PARIS;
    ada.hire("Bill Boquet", "bill@epic.test", "sales");
    let mut bill = ada.colleague("bill@epic.test", "Bill Boquet");
    bill.tz = PARIS;
    let client = bill.json(&CREATE_KEVIN);
    let client = client["id"].to_string();
    let contract = ada.json(&[
        "contract", "create", "--client", &client, "--total", "1000", "--signed",
    ])["id"]
        .to_string();
    let create = |start: &str, end: &str| {
        vec![
            "event".to_owned(),
            "create".into(),
            "--contract".into(),
            contract.clone(),
            "--name".into(),
            "Launch".into(),
            "--start".into(),
            start.into(),
            "--end".into(),
            end.into(),
            "--location".into(),
            "Paris".into(),
            "--attendees".into(),
            "10".into(),
        ]
    };
    let args = create("4 Jun 2030 @ 1PM", "2030-06-04T18:00+00:00");
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let event = bill.json(&args);
    assert_eq!(
        event["starts_at"], "2030-06-04T11:00:00Z",
        "summer time is UTC+2"
    );
    assert_eq!(
        event["ends_at"], "2030-06-04T18:00:00Z",
        "an explicit offset wins"
    );
    let shown = bill.expect(0, &["event", "show", &event["id"].to_string()], "");
    assert!(
        shown.stdout.contains("2030-06-04 13:00 +02:00"),
        "{}",
        shown.stdout
    );
    assert!(
        shown.stdout.contains("2030-06-04 20:00 +02:00"),
        "{}",
        shown.stdout
    );

    for (start, rule) in [
        ("2030-03-31 02:30", "does not exist"),
        ("2030-10-27 02:30", "happens twice"),
    ] {
        let args = create(start, "2030-12-31 10:00");
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let run = bill.expect(6, &args, "");
        assert!(
            run.stderr.contains("invalid start") && run.stderr.contains(rule),
            "{}",
            run.stderr
        );
    }
    }
}

in_both_modes! {
    /// Search ignores case and accents, and finds a phone by its digits in
    /// either form; names sort as a French reader expects, not by bytes.
    fn search_folds_accents_and_names_sort_in_french_order(db: &TestDb, mode: Mode) {
        let ada = Machine::ready_in(db, mode);
        ada.hire("Bill Boquet", "bill@epic.test", "sales");
        let bill = ada.colleague("bill@epic.test", "Bill Boquet");
        for (name, email, phone) in [
            ("Eve Adam", "eve@adam.test", "06 99 88 77 66"),
            ("Émile Zoé", "emile@zoe.test", "+33 6 12 34 56 78"),
            ("Élodie Martin", "elodie@martin.test", "+1 212 555 0100"),
        ] {
            bill.expect(0, &["client", "create", "--name", name, "--email", email, "--phone", phone, "--company", "Œuvres SA"], "");
        }
        let names = |args: &[&str]| -> Vec<String> {
            let mut all = vec!["client", "list"];
            all.extend_from_slice(args);
            bill.json(&all)["items"].as_array().unwrap().iter().map(|c| c["name"].as_str().unwrap().to_owned()).collect()
        };
        assert_eq!(names(&[]), ["Élodie Martin", "Émile Zoé", "Eve Adam"]);
        assert_eq!(names(&["--search", "emile"]), ["Émile Zoé"]);
        assert_eq!(names(&["--search", "ZOE"]), ["Émile Zoé"]);
        assert_eq!(names(&["--search", "oeuvres"]).len(), 3);
        assert_eq!(names(&["--search", "06 12"]), ["Émile Zoé"]);
        assert_eq!(names(&["--search", "+33 6 99"]), ["Eve Adam"]);
        assert_eq!(names(&["--search", "212-555"]), ["Élodie Martin"]);
        assert_eq!(names(&["--reverse"]), ["Eve Adam", "Émile Zoé", "Élodie Martin"], "from Z to A");
        // Every word, in any field and any order.
        assert_eq!(names(&["--search", "martin elodie"]), ["Élodie Martin"]);
        assert_eq!(names(&["--search", "zoe oeuvres"]), ["Émile Zoé"]);
        assert!(names(&["--search", "zoe martin"]).is_empty(), "each word must be found");
        // A contract's and an event's search look in their client too.
        let elodie = bill.json(&["client", "show", "Élodie Martin"])["id"].as_i64().unwrap().to_string();
        ada.expect(0, &["contract", "create", "--client", &elodie, "--total", "100", "--signed"], "");
        let found = bill.json(&["contract", "list", "--search", "Élodie"]);
        assert_eq!(found["total"], 1, "{found}");
        let contract = found["items"][0]["id"].as_i64().unwrap().to_string();
        bill.expect(0, &["event", "create", "--contract", &contract, "--name", "Gala", "--start", "2030-01-02 20:00", "--end", "2030-01-02 23:00", "--location", "Lyon", "--attendees", "50"], "");
        let events = bill.json(&["event", "list", "--search", "Élodie"]);
        assert_eq!(events["items"][0]["name"], "Gala", "{events}");
        assert_eq!(bill.json(&["event", "list", "--search", "gala martin"])["total"], 1);
        assert_eq!(bill.json(&["event", "list", "--search", "+1 212"])["total"], 1, "the client's phone");
        let shown = bill.expect(0, &["client", "show", "1"], "").stdout;
        assert!(shown.lines().count() > 5, "{shown}");
        for line in shown.lines() {
            assert_eq!(line, line.trim_end(), "no line of `show` ends in spaces");
        }
        assert_eq!(names(&["--reverse", "--limit", "1", "--offset", "1"]), ["Émile Zoé"]);
    }
}

in_both_modes! {
    /// Every list the other way round, page after page: the latest event,
    /// the oldest contract first.
    fn lists_run_the_other_way_round_with_reverse(db: &TestDb, mode: Mode) {
        let ada = Machine::ready_in(db, mode);
        let day = |d| NaiveDate::from_ymd_opt(2030, 1, d).unwrap().and_hms_opt(9, 0, 0).unwrap();
        for d in [3, 1, 2] {
            fixture(db, None, None, true, day(d));
        }
        let ids = |args: &[&str]| -> Vec<i64> {
            ada.json(args)["items"].as_array().unwrap().iter().map(|r| r["id"].as_i64().unwrap()).collect()
        };
        assert_eq!(ids(&["event", "list"]), [2, 3, 1], "soonest first");
        assert_eq!(ids(&["event", "list", "--reverse"]), [1, 3, 2]);
        assert_eq!(ids(&["contract", "list"]), [1, 3, 2], "newest first");
        assert_eq!(ids(&["contract", "list", "--reverse"]), [2, 3, 1]);
        let all = ada.expect(0, &["event", "list", "--reverse", "--all", "--format", "csv"], "");
        let firsts: Vec<String> = csv::Reader::from_reader(all.stdout.as_bytes())
            .records()
            .map(|r| r.unwrap()[0].to_owned())
            .collect();
        assert_eq!(firsts, ["1", "3", "2"], "--all reads on the same way");
    }
}

in_both_modes! {
    /// At 60 columns, lists leave out their least useful columns before
    /// they break a word, and never split a date.
    fn narrow_terminals_get_fewer_columns_not_broken_words(db: &TestDb, mode: Mode) {
        let mut ada = Machine::ready_in(db, mode);
        let at = NaiveDate::from_ymd_opt(2030, 6, 4).unwrap().and_hms_opt(13, 0, 0).unwrap();
        fixture(db, None, None, true, at);
        ada.columns = Some(60);
        for list in ["event", "client", "contract"] {
            let run = ada.expect(0, &[list, "list"], "");
            for line in run.stdout.lines() {
                assert!(line.chars().count() <= 60, "{list}: {line:?} is wider than 60\n{}", run.stdout);
            }
            // Every date shown is whole: "2030-MM-DD HH:MM" on one line.
            for line in run.stdout.lines().filter(|l| l.contains("2030")) {
                let date = &line[line.find("2030").unwrap()..];
                let whole = date.get(..16).is_some_and(|d| chrono::NaiveDateTime::parse_from_str(d, "%Y-%m-%d %H:%M").is_ok());
                assert!(whole, "{list}: a split date in {line:?}");
            }
            let name = if list == "event" { "Fixture Party" } else { "Fixture Client" };
            assert!(run.stdout.contains(name), "{list}: {name} was split\n{}", run.stdout);
        }
        // Without a width (a file, a pipe), every column is there.
        ada.columns = None;
        let wide = ada.expect(0, &["event", "list"], "");
        assert!(wide.stdout.contains("Location") && wide.stdout.contains("Attendees"), "{}", wide.stdout);
        assert!(!wide.stdout.contains("Not shown"), "{}", wide.stdout);
        // At 80 columns the client and the place stay, before the end; the
        // footer says what was left out and how to see it, --wide shows it.
        ada.columns = Some(80);
        let events = ada.expect(0, &["event", "list"], "").stdout;
        let header = events.lines().nth(1).unwrap();
        assert!(header.contains("Client") && header.contains("Location"), "{events}");
        assert!(!header.contains("End"), "{events}");
        let footer: String = events.lines().skip_while(|l| !l.starts_with("1–1 of 1")).collect::<Vec<_>>().join(" ");
        assert!(footer.contains("Not shown at this width: End"), "{events}");
        assert!(footer.contains("--wide shows every column, --json every field"), "{events}");
        let all = ada.expect(0, &["event", "list", "--wide"], "").stdout;
        assert!(all.lines().nth(1).unwrap().contains("End"), "{all}");
        let streamed = ada.expect(0, &["event", "list", "--all"], "").stdout;
        assert!(streamed.contains("Not shown at this width: End"), "{streamed}");
    }
}

in_both_modes! {
    /// At 80 columns the trail keeps what changes a row's meaning: a
    /// refusal reads as one, with what it was about.
    fn the_trail_never_hides_a_refusal(db: &TestDb, mode: Mode) {
        let mut ada = Machine::ready_in(db, mode);
        ada.hire("Jean Test", "jean@epic.test", "sales");
        let f = fixture(db, None, None, false, chrono::Utc::now().naive_utc());
        let jean = ada.colleague("jean@epic.test", "Jean Test");
        jean.expect(4, &["contract", "sign", &f.contract.to_string()], "");
        ada.columns = Some(80);
        let trail = ada.expect(0, &["history", "--limit", "3"], "").stdout;
        let header = trail.lines().nth(1).unwrap();
        for column in ["Outcome", "Changes", "Record"] {
            assert!(header.contains(column), "{column}: {trail}");
        }
        let refused = trail.lines().find(|l| l.contains("contract.sign")).unwrap_or_else(|| panic!("{trail}"));
        assert!(refused.contains("denied"), "{trail}");
        for line in trail.lines() {
            assert!(line.chars().count() <= 80, "{line:?} is wider than 80\n{trail}");
        }
    }
}

in_both_modes! {
    /// One number, one value: however it is typed, a phone is stored in its
    /// international form, so retyping it another way changes nothing.
    fn phones_are_stored_in_one_form(db: &TestDb, mode: Mode) {
        let ada = Machine::ready_in(db, mode);
        ada.hire("Bill Boquet", "bill@epic.test", "sales");
        let bill = ada.colleague("bill@epic.test", "Bill Boquet");
        let created = bill.json(&["client", "create", "--name", "Émile Zoé", "--email", "e@zoe.test", "--phone", "06 12 34 56 78", "--company", "Zoé SA"]);
        assert_eq!(created["phone"], "+33 6 12 34 56 78");
        let id = created["id"].to_string();
        let again = bill.expect(0, &["client", "update", &id, "--phone", "+33 (0)6-12.34.56.78"], "");
        assert!(again.stdout.starts_with("Nothing to change"), "{}", again.stdout);
    }
}

in_both_modes! {
    /// Today, this week and the next days, as the person's own days.
    fn events_of_today_this_week_and_the_next_days(db: &TestDb, mode: Mode) {
        let ada = Machine::ready_in(db, mode);
        let now = chrono::Utc::now().naive_utc();
        // The fixture's event starts 30 days after its date.
        let starting = |at: chrono::NaiveDateTime| fixture(db, None, None, true, at - chrono::Duration::days(30)).event as i64;
        let today = starting(now.date().and_hms_opt(12, 0, 0).unwrap());
        let in_three_days = starting(now + chrono::Duration::days(3));
        let in_ten_days = starting(now + chrono::Duration::days(10));
        let ids = |args: &[&str]| -> Vec<i64> {
            let mut all = vec!["event", "list"];
            all.extend_from_slice(args);
            ada.json(&all)["items"].as_array().unwrap().iter().map(|r| r["id"].as_i64().unwrap()).collect()
        };
        assert_eq!(ids(&["--today"]), [today]);
        let week = ids(&["--this-week"]);
        assert!(week.contains(&today) && !week.contains(&in_ten_days), "{week:?}");
        let next = ids(&["--next", "7d"]);
        assert!(next.contains(&in_three_days) && !next.contains(&in_ten_days), "{next:?}");
        assert_eq!(ids(&["--next", "2w"]).iter().filter(|id| **id == in_ten_days).count(), 1);
        let wrong = ada.expect(6, &["event", "list", "--next", "soon"], "");
        assert!(wrong.stderr.contains("invalid next: must be a number of days or weeks, such as 7d or 2w"), "{}", wrong.stderr);
        ada.expect(2, &["event", "list", "--today", "--from", "2027-01-01"], "");
    }
}
