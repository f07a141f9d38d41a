//! The grants against the policy table: no allowed cell without a grant
//! behind it, no grant that no allowed cell needs.

use super::*;
use epicevents_domain::policy::{self, Relation, Target};

fn allowed_anywhere(department: Department, action: Action) -> bool {
    std::iter::once(Target::Collection)
        .chain(Relation::ALL.map(Target::Record))
        .any(|target| policy::allows(department, action, target))
}

#[test]
fn every_action_the_policy_allows_a_department_has_a_grant_behind_it() {
    let mut missing = Vec::new();
    for &action in Action::ALL {
        for department in Department::ALL {
            if !allowed_anywhere(department, action) || BY_THE_SERVER.contains(&action) {
                continue;
            }
            let granted = GRANTS.iter().any(|g| {
                matches!(g.serves, Serves::Actions(acts) if acts.contains(&action))
                    && g.to.iter().any(|r| r.department() == Some(department))
            });
            if !granted {
                missing.push(format!("{department:?} × {action}"));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "allowed by the policy, granted by no row: {missing:?}"
    );
}

#[test]
fn every_grant_serves_an_action_each_of_its_roles_may_take() {
    let mut idle = Vec::new();
    for g in GRANTS {
        let (Serves::Actions(acts) | Serves::Alongside(acts)) = g.serves else {
            continue;
        };
        for role in g.to {
            let Some(department) = role.department() else {
                idle.push(format!(
                    "{} {} to the server, for actions",
                    g.verb.sql(),
                    g.table
                ));
                continue;
            };
            if !acts.iter().any(|&a| allowed_anywhere(department, a)) {
                idle.push(format!("{} {} to {role:?}", g.verb.sql(), g.table));
            }
        }
        for &action in acts {
            if !g
                .to
                .iter()
                .filter_map(|r| r.department())
                .any(|d| allowed_anywhere(d, action))
            {
                idle.push(format!("{} {} for {action}", g.verb.sql(), g.table));
            }
        }
    }
    assert!(idle.is_empty(), "grants no policy row needs: {idle:?}");
}

#[test]
fn the_servers_own_grants_go_to_the_server_only() {
    for g in GRANTS {
        let server_only = g.to == [Role::Server];
        match g.serves {
            Serves::TheServer => assert!(server_only, "{g:?}"),
            Serves::Actions(acts) | Serves::Alongside(acts) => {
                assert!(!g.to.contains(&Role::Server), "{g:?}");
                assert!(!acts.is_empty(), "{g:?}");
            }
            Serves::EveryAction => {}
        }
    }
    // What the server does for a collaborator, the policy allows someone.
    for &action in BY_THE_SERVER {
        assert!(
            Department::ALL
                .into_iter()
                .any(|d| allowed_anywhere(d, action)),
            "{action}"
        );
    }
}

#[test]
fn names_need_no_quoting_and_deletes_take_no_columns() {
    let plain =
        |name: &str| !name.is_empty() && name.chars().all(|c| c.is_ascii_lowercase() || c == '_');
    for g in GRANTS {
        assert!(plain(g.table), "{g:?}");
        assert!(!g.to.is_empty(), "{g:?}");
        if let Some(columns) = g.columns {
            assert!(g.verb != Verb::Delete, "{g:?}");
            assert!(!columns.is_empty(), "{g:?}");
            assert!(columns.iter().all(|c| plain(c)), "{g:?}");
        }
    }
}

#[test]
fn a_password_hash_is_read_by_no_role() {
    for g in GRANTS
        .iter()
        .filter(|g| ["collaborators", "sessions", "ended_sessions"].contains(&g.table))
    {
        if g.verb == Verb::Select {
            let columns = g.columns.unwrap_or_default();
            assert!(g.columns.is_some(), "{g:?}");
            assert!(
                !columns.contains(&"password_hash") && !columns.contains(&"token_hash"),
                "{g:?}"
            );
        }
    }
}
