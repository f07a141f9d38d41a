//! Each database holds the grants of the one table beside the policy
//! (`epicevents_store::privileges::GRANTS`), and nothing else: no column
//! granted that the table does not list, none listed and missing.

use crate::common;

use std::collections::BTreeSet;

use common::TestDb;
use common::roles::{mariadb, postgres, role_prefix};
use epicevents_store::privileges::{GRANTS, Role};
use epicevents_store::raw::catalogue::{self, Held};

#[test]
fn postgresql_holds_the_table_of_grants_and_nothing_more() {
    if let Some((db, _)) = postgres() {
        the_catalogue_is_the_table(&db, "server");
    }
}

#[test]
fn mariadb_holds_the_table_of_grants_and_nothing_more() {
    if let Some((db, _)) = mariadb() {
        the_catalogue_is_the_table(&db, "gate");
    }
}

/// `server`: the part of the role name the server's grants go to.
fn the_catalogue_is_the_table(db: &TestDb, server: &str) {
    let prefix = role_prefix(db);
    let name = |role: Role| {
        let part = match role {
            Role::Server => server,
            Role::Sales => "sales",
            Role::Support => "support",
            Role::Management => "management",
            Role::Import => "import",
        };
        format!("{prefix}_{part}")
    };
    let expected: BTreeSet<Held> = GRANTS
        .iter()
        .flat_map(|g| {
            let columns: Vec<Option<String>> = match g.columns {
                Some(columns) => columns.iter().map(|c| Some((*c).to_owned())).collect(),
                None => vec![None],
            };
            g.to.iter().flat_map(move |&role| {
                columns.clone().into_iter().map(move |column| Held {
                    grantee: name(role),
                    verb: g.verb.sql().to_owned(),
                    table: g.table.to_owned(),
                    column,
                })
            })
        })
        .collect();
    let held: BTreeSet<Held> = db
        .store()
        .read(|c| catalogue::held(c, &prefix))
        .unwrap()
        .into_iter()
        .collect();
    let extra: Vec<_> = held.difference(&expected).collect();
    let missing: Vec<_> = expected.difference(&held).collect();
    assert!(
        extra.is_empty() && missing.is_empty(),
        "granted but not in the table: {extra:#?}\nin the table but not granted: {missing:#?}"
    );
    assert!(held.len() > 100, "{}", held.len());
}
