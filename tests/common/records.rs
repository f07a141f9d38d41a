//! Client, contract and event rows written straight into the tables, for
//! tests that need a record in a given state (say, a client nobody owns)
//! whatever the services would allow.

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;
use epicevents_store::schema::{audit_log, clients, contracts, events};
use epicevents_store::{StoreError, raw};

use super::TestDb;
use epicevents_domain::policy::Action;

#[derive(Debug, Clone, Copy)]
pub struct Fixture {
    pub client: i32,
    pub contract: i32,
    pub event: i32,
}

/// One client (owned by `owner`), one contract for it, one event on that
/// contract (supported by `support`).
pub fn fixture(
    db: &TestDb,
    owner: Option<i32>,
    support: Option<i32>,
    signed: bool,
    at: NaiveDateTime,
) -> Fixture {
    db.store()
        .write(|c| -> Result<Fixture, StoreError> {
            diesel::insert_into(clients::table)
                .values((
                    clients::full_name.eq("Fixture Client"),
                    clients::email.eq("fixture@client.test"),
                    clients::phone.eq("+33 1 23 45 67 89"),
                    clients::company_name.eq("Fixture SA"),
                    clients::sales_contact_id.eq(owner),
                    clients::created_at.eq(epicevents_store::At(at)),
                    clients::updated_at.eq(epicevents_store::At(at)),
                ))
                .execute(c)?;
            let client = raw::last_insert_id(c)?;
            diesel::insert_into(contracts::table)
                .values((
                    contracts::client_id.eq(client),
                    contracts::total_cents.eq(100_000i64),
                    contracts::due_cents.eq(50_000i64),
                    contracts::signed.eq(signed),
                    contracts::created_at.eq(epicevents_store::At(at)),
                    contracts::updated_at.eq(epicevents_store::At(at)),
                ))
                .execute(c)?;
            let contract = raw::last_insert_id(c)?;
            diesel::insert_into(events::table)
                .values((
                    events::contract_id.eq(contract),
                    events::name.eq("Fixture Party"),
                    events::starts_at.eq(epicevents_store::At(at + Duration::days(30))),
                    events::ends_at.eq(epicevents_store::At(
                        at + Duration::days(30) + Duration::hours(4),
                    )),
                    events::support_contact_id.eq(support),
                    events::location.eq("Somewhere"),
                    events::attendees.eq(10),
                    events::notes.eq(""),
                    events::created_at.eq(epicevents_store::At(at)),
                    events::updated_at.eq(epicevents_store::At(at)),
                ))
                .execute(c)?;
            let event = raw::last_insert_id(c)?;
            Ok(Fixture {
                client,
                contract,
                event,
            })
        })
        .expect("write the fixture")
}

/// Makes the fixture what an archiving action needs to do real work: for a
/// restore, the record archived (with what goes with it); to archive a
/// client or a contract, its event archived already, so none is to come.
pub fn archive_for(db: &TestDb, action: Action, f: &Fixture) {
    let at = Some(epicevents_store::At(NaiveDateTime::default()));
    let (client, contract, event) = match action {
        Action::ClientRestore => (true, true, false),
        Action::ContractRestore => (false, true, true),
        Action::EventRestore | Action::ClientArchive | Action::ContractArchive => {
            (false, false, true)
        }
        _ => return,
    };
    db.execute(|c| {
        if client {
            diesel::update(clients::table.find(f.client))
                .set(clients::archived_at.eq(at))
                .execute(c)?;
        }
        if contract {
            diesel::update(contracts::table.find(f.contract))
                .set(contracts::archived_at.eq(at))
                .execute(c)?;
        }
        if event {
            diesel::update(events::table.find(f.event))
                .set(events::archived_at.eq(at))
                .execute(c)?;
        }
        Ok(())
    });
}

/// Removes every client, contract, event and audit entry.
pub fn clear(db: &TestDb) {
    db.store()
        .write(|c| -> Result<(), StoreError> {
            diesel::delete(events::table).execute(c)?;
            diesel::delete(contracts::table).execute(c)?;
            diesel::delete(clients::table).execute(c)?;
            diesel::delete(audit_log::table).execute(c)?;
            Ok(())
        })
        .expect("clear the records")
}

/// Rows per table, to show that a refused command changed nothing.
pub fn counts(db: &TestDb) -> [i64; 3] {
    db.store()
        .read(|c| -> Result<[i64; 3], StoreError> {
            Ok([
                clients::table.count().get_result(c)?,
                contracts::table.count().get_result(c)?,
                events::table.count().get_result(c)?,
            ])
        })
        .expect("count the records")
}
