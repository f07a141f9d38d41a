//! How the database reads each list's first page and its footer's count:
//! for the test that fails when one of them falls back to reading a whole
//! table, which is what makes a list slow at a million rows.

use chrono::NaiveDate;
use diesel::prelude::*;

use crate::schema::collaborators;
use crate::{Store, StoreError, clients, contracts, events};
use epicevents_domain::{ClientId, CollaboratorId, ContractId};

/// One list with one set of filters, as a user would ask for it.
#[derive(Debug)]
pub struct Plan {
    /// The command it stands for, e.g. `event list --unassigned`.
    pub list: String,
    /// The first page's steps.
    pub page: Vec<String>,
    /// The footer count's steps.
    pub count: Vec<String>,
}

/// Every list the command line offers, alone and with each of its filters.
/// `search` is the term the client searches use (three characters or more
/// reach the trigram index).
pub fn first_pages(store: &Store, search: &str) -> Result<Vec<Plan>, StoreError> {
    store.read(|c| -> Result<Vec<Plan>, StoreError> {
        let someone: i32 = collaborators::table
            .select(collaborators::id)
            .order(collaborators::id)
            .first(c)?;
        let who = Some(CollaboratorId(someone));
        let mut plans = Vec::new();
        let mut add = |list: String, [page, count]: [Vec<String>; 2]| {
            plans.push(Plan { list, page, count });
        };
        for (flags, mut filter) in [
            ("", clients::Filter::default()),
            (
                " --mine",
                clients::Filter {
                    sales_contact: who,
                    ..Default::default()
                },
            ),
            (
                " --search",
                clients::Filter {
                    search: Some(search.into()),
                    ..Default::default()
                },
            ),
            (
                " --reverse",
                clients::Filter {
                    reverse: true,
                    ..Default::default()
                },
            ),
        ] {
            // Live records only, as the lists show by default.
            filter.archived = Some(false);
            add(
                format!("client list{flags}"),
                clients::plans(c, &filter, None)?,
            );
        }
        for (flags, mut filter) in [
            ("", contracts::Filter::default()),
            (
                " --mine",
                contracts::Filter {
                    sales_contact: who,
                    ..Default::default()
                },
            ),
            (
                " --unsigned",
                contracts::Filter {
                    unsigned_only: true,
                    ..Default::default()
                },
            ),
            (
                " --unpaid",
                contracts::Filter {
                    unpaid_only: true,
                    ..Default::default()
                },
            ),
            (
                " --search",
                contracts::Filter {
                    search: Some(search.into()),
                    ..Default::default()
                },
            ),
            (
                " --client",
                contracts::Filter {
                    client: Some(ClientId(1)),
                    ..Default::default()
                },
            ),
            (
                " --reverse",
                contracts::Filter {
                    reverse: true,
                    ..Default::default()
                },
            ),
        ] {
            // Live records only, as the lists show by default.
            filter.archived = Some(false);
            add(
                format!("contract list{flags}"),
                contracts::plans(c, &filter, None)?,
            );
        }
        let now = NaiveDate::from_ymd_opt(2026, 6, 1).and_then(|d| d.and_hms_opt(12, 0, 0));
        for (flags, mut filter) in [
            ("", events::Filter::default()),
            (
                " --mine",
                events::Filter {
                    involving: who,
                    ..Default::default()
                },
            ),
            (
                " --unassigned",
                events::Filter {
                    unassigned_only: true,
                    ..Default::default()
                },
            ),
            (
                " --contract",
                events::Filter {
                    contract: Some(ContractId(1)),
                    ..Default::default()
                },
            ),
            (
                " --upcoming",
                events::Filter {
                    not_ended_at: now,
                    ..Default::default()
                },
            ),
            (
                " --search",
                events::Filter {
                    search: Some("mufflins".into()),
                    ..Default::default()
                },
            ),
            (
                " --from --to",
                events::Filter {
                    starts_from: now,
                    starts_before: now.map(|t| t + chrono::Duration::days(30)),
                    ..Default::default()
                },
            ),
            (
                " --reverse",
                events::Filter {
                    reverse: true,
                    ..Default::default()
                },
            ),
            (
                " --unassigned --reverse",
                events::Filter {
                    unassigned_only: true,
                    reverse: true,
                    ..Default::default()
                },
            ),
        ] {
            // Live records only, as the lists show by default.
            filter.archived = Some(false);
            add(
                format!("event list{flags}"),
                events::plans(c, &filter, None)?,
            );
        }
        // `--all` reads on after the last row printed: here, after row 2,
        // which the seeded tables have.
        add(
            "client list --all".into(),
            clients::plans(c, &Default::default(), Some(2))?,
        );
        add(
            "contract list --all".into(),
            contracts::plans(c, &Default::default(), Some(2))?,
        );
        add(
            "event list --all".into(),
            events::plans(c, &Default::default(), Some(2))?,
        );
        Ok(plans)
    })
}
