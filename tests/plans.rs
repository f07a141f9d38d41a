//! Every list's first page and its footer's count are read through an
//! index, on every backend: a plan that reads a whole table (or sorts every
//! match) is what made lists grow with the table, and is caught here rather
//! than by a user at a million rows.

mod common;

use common::{TestDb, World};
use epicevents_store::plans::{Plan, first_pages};

/// The steps that read a whole table or sort all its matches.
fn whole_table_steps(plan: &[String], searched: bool) -> Vec<String> {
    plan.iter()
        .filter(|step| {
            let step = step.trim_start().trim_start_matches("-> ").trim_start();
            // SQLite: a table scan names no index; PostgreSQL: a sequential
            // scan (priced out, so chosen only when no index can serve).
            let sqlite_scan = ["clients", "contracts", "events"]
                .iter()
                .any(|t| step == format!("SCAN {t}") || step.starts_with(&format!("SCAN {t} AS ")))
                && !step.contains("USING");
            let pg_scan = step.starts_with("Seq Scan on");
            // Sorting is expected only for a search: the trigram index
            // finds the matches, in no useful order.
            let sort = step.contains("USE TEMP B-TREE FOR ORDER BY")
                || step.starts_with("Sort ")
                || step.starts_with("Incremental Sort");
            sqlite_scan || pg_scan || (sort && !searched)
        })
        .cloned()
        .collect()
}

fn plans(db: &TestDb) -> Vec<Plan> {
    let mut world = World::new(db);
    world.hire("Sam Sales", "sam@epic.test", "sales");
    world.hire("Sue Support", "sue@epic.test", "support");
    let store = db.store();
    // Enough rows for the planners' statistics to describe a real table.
    epicevents_store::seed::fill(&store, 3_000).unwrap();
    first_pages(&store, "dupont").unwrap()
}

/// Known and measured, not fixed: a sales contact's own contracts and
/// events are found through their clients, in another table, so the rows
/// come from the client index and are then sorted (SQLite) or tested one by
/// one (PostgreSQL cannot combine "supports it" with "sold it" through the
/// sub-select). The cost grows with what one person owns, not with the
/// table; a column of the owner on each row would remove it.
const KNOWN: &[(&str, &str)] = &[
    ("contract list --mine", "page"),
    ("event list --mine", "count"),
];

on_every_backend! {
    fn no_list_reads_a_whole_table_for_its_first_page_or_its_count(db: &TestDb) {
        let plans = plans(db);
        assert_eq!(plans.len(), 19, "every list and filter is planned, and each list read on after a row");
        let mut offenders = Vec::new();
        for plan in &plans {
            let searched = plan.list.contains("--search");
            for (what, steps) in [("page", &plan.page), ("count", &plan.count)] {
                let bad = whole_table_steps(steps, searched);
                if !bad.is_empty() && !KNOWN.contains(&(plan.list.as_str(), what)) {
                    offenders.push(format!("{} ({what}): {bad:?} in {steps:#?}", plan.list));
                }
            }
        }
        assert!(offenders.is_empty(), "{}", offenders.join("\n"));
    }

    // The first page may rightly walk the name index and test each row (a
    // common term fills a page at once); the count reads every match, which
    // only the trigram index finds without reading every client.
    fn a_search_counts_through_the_trigram_index(db: &TestDb) {
        let plans = plans(db);
        let search = plans.iter().find(|p| p.list == "client list --search").unwrap();
        assert!(search.count.iter().any(|s| s.contains("clients_search")), "{:#?}", search.count);
    }
}

#[test]
fn the_check_catches_a_whole_table_read() {
    let steps = |s: &[&str]| s.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    assert!(!whole_table_steps(&steps(&["SCAN clients"]), false).is_empty());
    assert!(!whole_table_steps(&steps(&["USE TEMP B-TREE FOR ORDER BY"]), false).is_empty());
    assert!(!whole_table_steps(&steps(&["  ->  Seq Scan on events  (cost=…)"]), false).is_empty());
    assert!(!whole_table_steps(&steps(&["Sort  (cost=…)"]), false).is_empty());
    assert!(
        whole_table_steps(&steps(&["SCAN clients USING INDEX clients_sort_id"]), false).is_empty()
    );
    assert!(whole_table_steps(&steps(&["USE TEMP B-TREE FOR ORDER BY"]), true).is_empty());
}
