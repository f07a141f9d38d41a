//! The brief's whole story done by clicking, by three people in three
//! browser sessions at once, on a desk's screen and on a phone's; then the
//! command line reads what the browsers did.

use fantoccini::{Client, Locator};

use super::{Driver, browser, click, fits, log_in, runtime, screenshot};
use crate::common::TestDb;
use crate::common::machine::{ADA, Machine};
use crate::common::server::ServerProcess;

/// Types `text` into the field `id`, replacing what it held.
async fn fill(c: &Client, id: &str, text: &str) {
    let field = c.find(Locator::Id(id)).await.unwrap();
    field.clear().await.unwrap();
    field.send_keys(text).await.unwrap();
}

/// Sets a date-and-time field: its picker takes keys in the browser's own
/// order and separators, which are not what this story is about.
async fn pick(c: &Client, id: &str, value: &str) {
    c.execute(
        "document.getElementById(arguments[0]).value = arguments[1];",
        vec![id.into(), value.into()],
    )
    .await
    .unwrap();
}

/// Submits the page's form and waits to land on a record of `kind`
/// (`/clients/`…); returns its id.
async fn saved(c: &Client, kind: &str, shot: &str) -> i64 {
    click(c, "main form button[type=submit]").await;
    let path = wait_for_path(c, |path| {
        path.strip_prefix(kind)
            .is_some_and(|id| id.parse::<i64>().is_ok())
    })
    .await;
    assert!(fits(c).await, "{path} scrolls sideways");
    screenshot(c, shot).await;
    path[kind.len()..].parse().unwrap()
}

async fn wait_for_path(c: &Client, done: impl Fn(&str) -> bool) -> String {
    for _ in 0..100 {
        let path = c.current_url().await.unwrap().path().to_owned();
        if done(&path) {
            return path;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let body = c.source().await.unwrap();
    panic!("never got there; the page is {body}");
}

/// What each browser ended with: the client, contract and event ids.
async fn story(driver: &Driver, base: &str, width: u32) -> (i64, i64, i64) {
    let tag = |page: &str| format!("story-{page}-{width}");
    let bill = browser(driver, width).await;
    let ada = browser(driver, width).await;
    let kate = browser(driver, width).await;
    log_in(&bill, base, "bill@epic.test", "Bill Boquet's passphrase").await;
    log_in(&ada, base, "ada@epic.test", ADA).await;
    log_in(&kate, base, "kate@epic.test", "Kate Hastroff's passphrase").await;

    // Bill creates his client from the clients' list.
    click(&bill, "header.top nav a[href='/clients']").await;
    click(&bill, "a[href='/clients/new']").await;
    fill(&bill, "name", "Kevin Casey").await;
    fill(&bill, "email", &format!("kevin-{width}@startup.io")).await;
    fill(&bill, "phone", "+33 1 02 03 04 05").await;
    fill(&bill, "company", "Cool Startup LLC").await;
    let client = saved(&bill, "/clients/", &tag("client")).await;

    // The manager finds it and draws up its contract.
    ada.goto(&format!("{base}/clients/{client}")).await.unwrap();
    click(&ada, &format!("a[href='/clients/{client}/contracts/new']")).await;
    fill(&ada, "total", "10000").await;
    fill(&ada, "due", "2500").await;
    let contract = saved(&ada, "/contracts/", &tag("contract")).await;

    // Bill signs it, then creates the event from the signed contract.
    bill.goto(&format!("{base}/contracts/{contract}"))
        .await
        .unwrap();
    click(
        &bill,
        &format!("form[action='/contracts/{contract}/sign'] button"),
    )
    .await;
    let new_event = format!("a[href='/contracts/{contract}/events/new']");
    bill.wait()
        .for_element(Locator::Css(&new_event))
        .await
        .expect("a signed contract offers its event");
    // The client paid part of the deposit: Bill records it, dated today.
    fill(&bill, "amount", "500").await;
    click(
        &bill,
        &format!("form[action='/contracts/{contract}/payments'] button"),
    )
    .await;
    bill.wait()
        .for_element(Locator::XPath("//td[contains(., 'Bill Boquet')]"))
        .await
        .expect("the payment is listed");
    click(&bill, &new_event).await;
    fill(&bill, "name", "John Quick Wedding").await;
    pick(&bill, "starts_at", "2031-06-04T13:00").await;
    pick(&bill, "ends_at", "2031-06-05T02:00").await;
    fill(
        &bill,
        "location",
        "53 Rue du Château, 41120 Candé-sur-Beuvron",
    )
    .await;
    fill(&bill, "attendees", "75").await;
    fill(&bill, "notes", "Wedding starts at 3PM, by the river.").await;
    let event = saved(&bill, "/events/", &tag("event")).await;

    // Bill got the head count wrong: his to correct while nobody runs it.
    let edit = format!("a[href='/events/{event}/edit']");
    click(&bill, &edit).await;
    fill(&bill, "attendees", "80").await;
    assert_eq!(
        saved(&bill, "/events/", &tag("event-corrected")).await,
        event
    );

    // The manager sees it among the events without support, and assigns Kate.
    ada.goto(&format!("{base}/")).await.unwrap();
    click(&ada, &format!("main a[href='/events/{event}']")).await;
    ada.find(Locator::XPath(
        "//select[@id='support']/option[.='Kate Hastroff']",
    ))
    .await
    .unwrap()
    .click()
    .await
    .unwrap();
    click(
        &ada,
        &format!("form[action='/events/{event}/support'] button"),
    )
    .await;
    ada.wait()
        .for_element(Locator::XPath("//dd[contains(., 'Kate Hastroff')]"))
        .await
        .expect("the event shows its support");

    // From then on it is Kate's: Bill's page no longer offers the edit.
    bill.goto(&format!("{base}/events/{event}")).await.unwrap();
    assert!(
        bill.find(Locator::Css(&edit)).await.is_err(),
        "Kate runs it now"
    );

    // Kate finds it on her home page and writes her notes.
    kate.goto(&format!("{base}/")).await.unwrap();
    click(&kate, &format!("main a[href='/events/{event}']")).await;
    click(&kate, &format!("a[href='/events/{event}/edit']")).await;
    fill(&kate, "notes", "DJ confirmed.").await;
    assert_eq!(saved(&kate, "/events/", &tag("event-support")).await, event);
    kate.wait()
        .for_element(Locator::XPath("//*[contains(., 'DJ confirmed.')]"))
        .await
        .expect("the saved notes");
    for c in [bill, ada, kate] {
        c.close().await.unwrap();
    }
    (client, contract, event)
}

#[test]
fn three_people_do_the_briefs_story_by_clicking_on_a_desk_and_on_a_phone() {
    let Some(path) = std::env::var_os(super::DRIVER_ENV) else {
        return;
    };
    let db = TestDb::sqlite();
    let cli = Machine::ready(&db);
    cli.hire("Bill Boquet", "bill@epic.test", "sales");
    let kate = cli.hire("Kate Hastroff", "kate@epic.test", "support");
    let server = ServerProcess::start(&db, &[]);
    // The cookie is Secure: browsers keep it over plain HTTP for localhost.
    let base = server.url.replace("127.0.0.1", "localhost");
    let driver = Driver::start(&path);
    for width in [1280, 375] {
        let (client, contract, event) = runtime().block_on(story(&driver, &base, width));
        // The command line reads what the browsers did.
        let shown = cli.json(&["client", "show", &client.to_string()]);
        assert_eq!(shown["company"], "Cool Startup LLC", "{shown}");
        let shown = cli.json(&["contract", "show", &contract.to_string()]);
        assert_eq!(shown["signed"], true, "{shown}");
        assert_eq!(shown["client"]["id"], client, "{shown}");
        assert_eq!(
            shown["due_cents"], 200_000,
            "2 500 less Bill's 500: {shown}"
        );
        let shown = cli.json(&["event", "show", &event.to_string()]);
        assert_eq!(shown["contract_id"], contract, "{shown}");
        assert_eq!(shown["support_contact"]["id"], kate, "{shown}");
        assert_eq!(shown["notes"], "DJ confirmed.", "{shown}");
        assert_eq!(shown["attendees"], 80, "Bill's correction: {shown}");
        // 13:00 in Paris in June is 11:00 UTC.
        assert_eq!(shown["starts_at"], "2031-06-04T11:00:00Z", "{shown}");
    }
}
