//! A database connection cut under the server (a restart, a failover, an
//! idle connection dropped by a firewall) is replaced: reads are read
//! again and writes made again on a new one, since nothing was committed;
//! the commands go on as if nothing happened.

use super::common::TestDb;
use super::common::machine::{BILL, CREATE_KEVIN, Machine, Mode};

/// As a manager and a sales rep; the manager's machine, for more.
fn survives_cut_connections(db: &TestDb) -> Machine<'_> {
    let ada = Machine::ready_in(db, Mode::Server);
    ada.hire_bill();
    let bill = Machine::new(db).through(&ada);
    bill.login("bill@epic.test", BILL);
    bill.expect(0, &CREATE_KEVIN, "");
    assert!(db.cut_connections() > 0, "the server holds connections");
    assert_eq!(
        ada.json(&["client", "list"])["total"],
        1,
        "a read on a cut connection"
    );
    db.cut_connections();
    bill.expect(
        0,
        &["client", "update", "1", "--company", "Cool Startup SA"],
        "",
    );
    db.cut_connections();
    let run = ada.run_with(&["whoami"], "");
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        ada.json(&["client", "show", "1"])["company"],
        "Cool Startup SA"
    );
    ada
}

#[test]
fn a_cut_postgresql_connection_is_replaced() {
    let Some(db) = TestDb::postgres() else {
        eprintln!("skipped: {} is not set", super::common::POSTGRES_ENV);
        return;
    };
    let ada = survives_cut_connections(&db);
    // A database that cannot be reached again is said to be: exit 8, 503.
    db.accept_connections(false);
    db.cut_connections();
    let run = ada.run_with(&["client", "list"], "");
    db.accept_connections(true);
    assert_eq!(run.code, 8, "{}", run.stderr);
    assert!(
        run.stderr.contains("cannot open the database"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("internal"), "{}", run.stderr);
}

#[test]
fn a_cut_mariadb_connection_is_replaced() {
    let Some(db) = TestDb::mysql() else {
        eprintln!("skipped: {} is not set", super::common::MYSQL_ENV);
        return;
    };
    survives_cut_connections(&db);
}
