//! The database matrix's probes: for each action, the statement it makes,
//! run straight against the database on a cast of records.

use diesel::prelude::*;

use super::common::roles::noon;
use epicevents_domain::Department;
use epicevents_domain::policy::{Action, Relation, Target};
use epicevents_store::DbConnection;
use epicevents_store::raw::{self, roles};
use epicevents_store::schema::{
    audit_log, clients, collaborators, contracts, events, login_attempts, notifications, payments,
    sessions,
};

/// The records a probe acts on, as seen from one actor.
pub struct Cast {
    /// The role an import runs as, whoever asks for it.
    pub import_role: String,
    pub actor: i32,
    pub other: i32,
    /// Someone in sales other than the owner of the actor's records (the
    /// other, when the actor is in sales), to hand a client to.
    pub seller: i32,
    /// The same in support, to hand an event to.
    pub supporter: i32,
    pub clients: [Option<i32>; 3],
    pub contracts: [Option<i32>; 3],
    pub events: [Option<i32>; 3],
    /// Events nobody supports yet, on the actor's, someone else's and
    /// nobody's clients' contracts: what a sales rep corrects.
    pub fresh_events: [Option<i32>; 3],
    pub collaborators: [Option<i32>; 3],
    /// Archived records, for restores: clients, contracts, events.
    pub archived: [[Option<i32>; 3]; 3],
}

pub fn index(r: Relation) -> usize {
    match r {
        Relation::Own => 0,
        Relation::Other => 1,
        Relation::Unassigned => 2,
    }
}

pub fn email_of(c: &mut DbConnection, who: i32) -> QueryResult<String> {
    collaborators::table
        .find(who)
        .select(collaborators::email)
        .first(c)
}

pub fn hire(c: &mut DbConnection, name: &str, department: Department) -> i32 {
    diesel::insert_into(collaborators::table)
        .values((
            collaborators::full_name.eq(name),
            collaborators::email.eq(format!(
                "{}@epic.test",
                name.to_lowercase().replace(' ', ".")
            )),
            collaborators::department.eq(department.as_str()),
            collaborators::password_hash.eq("not a real hash"),
            collaborators::created_at.eq(epicevents_store::At(noon())),
            collaborators::updated_at.eq(epicevents_store::At(noon())),
        ))
        .execute(c)
        .map(|_| raw::last_insert_id(c).unwrap())
        .unwrap()
}

/// A client of `sales` (or nobody's), its signed contract, and an event
/// supported by `support` (or nobody).
pub fn records(c: &mut DbConnection, sales: Option<i32>, support: Option<i32>) -> (i32, i32, i32) {
    let client: i32 = diesel::insert_into(clients::table)
        .values((
            clients::full_name.eq("Kevin Casey"),
            clients::email.eq("kevin@startup.test"),
            clients::phone.eq("+33 1 02 03 04 05"),
            clients::company_name.eq("Cool Startup"),
            clients::sales_contact_id.eq(sales),
            clients::created_at.eq(epicevents_store::At(noon())),
            clients::updated_at.eq(epicevents_store::At(noon())),
        ))
        .execute(c)
        .map(|_| raw::last_insert_id(c).unwrap())
        .unwrap();
    let contract: i32 = diesel::insert_into(contracts::table)
        .values((
            contracts::client_id.eq(client),
            contracts::total_cents.eq(100_000),
            contracts::due_cents.eq(50_000),
            contracts::signed.eq(true),
            contracts::created_at.eq(epicevents_store::At(noon())),
            contracts::updated_at.eq(epicevents_store::At(noon())),
        ))
        .execute(c)
        .map(|_| raw::last_insert_id(c).unwrap())
        .unwrap();
    let event: i32 = diesel::insert_into(events::table)
        .values((
            events::contract_id.eq(contract),
            events::name.eq("Gala"),
            events::starts_at.eq(epicevents_store::At(noon())),
            events::ends_at.eq(epicevents_store::At(noon() + chrono::Duration::hours(4))),
            events::support_contact_id.eq(support),
            events::location.eq("Paris"),
            events::attendees.eq(10),
            events::notes.eq(""),
            events::created_at.eq(epicevents_store::At(noon())),
            events::updated_at.eq(epicevents_store::At(noon())),
        ))
        .execute(c)
        .map(|_| raw::last_insert_id(c).unwrap())
        .unwrap();
    (client, contract, event)
}

/// A record's history, as `history` reads it: the trail's entries on it.
pub fn story(c: &mut DbConnection, record: &str, id: i32) -> QueryResult<usize> {
    audit_log::table
        .filter(audit_log::record.eq(record))
        .filter(audit_log::subject.eq(id.to_string()))
        .select(audit_log::id)
        .load::<i32>(c)
        .map(|r| r.len())
}

/// A record to archive or restore.
pub enum Archived {
    Client(i32),
    Contract(i32),
    Event(i32),
}

/// Archives (or restores) one record, as the archiving commands write it.
pub fn archive(c: &mut DbConnection, record: Archived, archiving: bool) -> QueryResult<usize> {
    let at = archiving.then(|| epicevents_store::At(noon()));
    match record {
        Archived::Client(id) => diesel::update(clients::table.find(id))
            .set((
                clients::archived_at.eq(at),
                clients::version.eq(clients::version + 1),
            ))
            .execute(c),
        Archived::Contract(id) => diesel::update(contracts::table.find(id))
            .set((
                contracts::archived_at.eq(at),
                contracts::version.eq(contracts::version + 1),
            ))
            .execute(c),
        Archived::Event(id) => diesel::update(events::table.find(id))
            .set((
                events::archived_at.eq(at),
                events::version.eq(events::version + 1),
            ))
            .execute(c),
    }
}

/// A notification for `recipient`.
pub fn notify(c: &mut DbConnection, recipient: i32) -> QueryResult<usize> {
    diesel::insert_into(notifications::table)
        .values((
            notifications::recipient_id.eq(recipient),
            notifications::at.eq(epicevents_store::At(noon())),
            notifications::action.eq("event.assign"),
            notifications::record.eq("event"),
            notifications::subject.eq(1),
            notifications::about.eq("Gala"),
        ))
        .execute(c)
}

/// An entry of the trail on every record of the cast, so that reading a
/// history finds something wherever the database lets it; and a failed
/// login, which only the whole trail shows.
pub fn trail(c: &mut DbConnection, cast: &Cast) -> QueryResult<()> {
    // A notification for the actor, and one for someone else.
    notify(c, cast.actor)?;
    notify(c, cast.other)?;
    diesel::insert_into(audit_log::table)
        .values((
            audit_log::at.eq(epicevents_store::At(noon())),
            audit_log::action.eq("session.login"),
            audit_log::subject.eq("someone@epic.test"),
            audit_log::outcome.eq("failed"),
        ))
        .execute(c)?;
    let kinds = [
        ("client", &cast.clients),
        ("contract", &cast.contracts),
        ("event", &cast.events),
        ("collaborator", &cast.collaborators),
    ];
    for (record, ids) in kinds {
        for id in ids.iter().flatten() {
            diesel::insert_into(audit_log::table)
                .values((
                    audit_log::at.eq(epicevents_store::At(noon())),
                    audit_log::actor_id.eq(cast.actor),
                    audit_log::action.eq(format!("{record}.update")),
                    audit_log::subject.eq(id.to_string()),
                    audit_log::outcome.eq("ok"),
                    audit_log::record.eq(record),
                ))
                .execute(c)?;
        }
    }
    Ok(())
}

/// One cell, as the database sees it: the write the action makes, on the
/// record of that relation. `None`: the cell has no record (a collaborator
/// is never "nobody's"). Every action has a probe: a new action without
/// one does not compile.
pub fn probe(
    c: &mut DbConnection,
    action: Action,
    target: Target,
    cast: &Cast,
) -> Option<QueryResult<usize>> {
    let pick = |ids: &[Option<i32>; 3]| match target {
        Target::Record(r) => ids[index(r)],
        Target::Collection => None,
    };
    let on_record = target != Target::Collection;
    if on_record && action.on_record() {
        let ids = match action {
            Action::CollaboratorShow
            | Action::CollaboratorUpdate
            | Action::CollaboratorSetPassword
            | Action::CollaboratorDelete
            | Action::CollaboratorUnlock
            | Action::CollaboratorReactivate
            | Action::CollaboratorHistory => &cast.collaborators,
            Action::ClientShow
            | Action::ClientUpdate
            | Action::ClientReassign
            | Action::ClientHistory
            | Action::ClientArchive => &cast.clients,
            Action::ClientRestore => &cast.archived[0],
            Action::ContractRestore => &cast.archived[1],
            Action::EventRestore => &cast.archived[2],
            Action::EventAmend => &cast.fresh_events,
            Action::ContractShow
            | Action::ContractUpdate
            | Action::ContractSign
            | Action::ContractPay
            | Action::ContractHistory
            | Action::ContractArchive
            | Action::EventCreate => &cast.contracts,
            _ => &cast.events,
        };
        pick(ids)?;
    }
    let id = |ids: &[Option<i32>; 3]| pick(ids).unwrap_or(0);
    Some(match action {
        Action::SessionWhoami => collaborators::table
            .find(cast.actor)
            .select(collaborators::full_name)
            .load::<String>(c)
            .map(|r| r.len()),
        Action::SessionLogout => {
            diesel::delete(sessions::table.filter(sessions::collaborator_id.eq(cast.actor)))
                .execute(c)
        }
        // Reading accounts' non-secret columns is open to every department
        // (records name their contacts); see NOT_IN_THE_DATABASE.
        Action::CollaboratorList => collaborators::table
            .select(collaborators::email)
            .load::<String>(c)
            .map(|r| r.len()),
        Action::CollaboratorShow => collaborators::table
            .find(id(&cast.collaborators))
            .select(collaborators::email)
            .load::<String>(c)
            .map(|r| r.len()),
        Action::CollaboratorCreate => diesel::insert_into(collaborators::table)
            .values((
                collaborators::full_name.eq("New Hire"),
                collaborators::email.eq("new.hire@epic.test"),
                collaborators::department.eq("support"),
                collaborators::password_hash.eq("h"),
                collaborators::created_at.eq(epicevents_store::At(noon())),
                collaborators::updated_at.eq(epicevents_store::At(noon())),
            ))
            .execute(c),
        Action::CollaboratorUpdate => {
            diesel::update(collaborators::table.find(id(&cast.collaborators)))
                .set((
                    collaborators::full_name.eq("Renamed"),
                    collaborators::department.eq("sales"),
                ))
                .execute(c)
        }
        Action::CollaboratorSetPassword => {
            diesel::update(collaborators::table.find(id(&cast.collaborators)))
                .set((
                    collaborators::password_hash.eq("new"),
                    collaborators::updated_at.eq(epicevents_store::At(noon())),
                ))
                .execute(c)
        }
        Action::CollaboratorDelete => {
            diesel::delete(collaborators::table.find(id(&cast.collaborators))).execute(c)
        }
        Action::CollaboratorUnlock => email_of(c, id(&cast.collaborators)).and_then(|email| {
            diesel::delete(login_attempts::table.filter(login_attempts::subject.eq(email)))
                .execute(c)
        }),
        Action::ClientList | Action::ClientShow => clients::table
            .select(clients::id)
            .load::<i32>(c)
            .map(|r| r.len()),
        Action::ContractList | Action::ContractShow => contracts::table
            .select(contracts::id)
            .load::<i32>(c)
            .map(|r| r.len()),
        Action::EventList | Action::EventShow | Action::EventImport => events::table
            .select(events::id)
            .load::<i32>(c)
            .map(|r| r.len()),
        Action::ClientCreate => diesel::insert_into(clients::table)
            .values((
                clients::full_name.eq("New Client"),
                clients::email.eq("new@client.test"),
                clients::phone.eq("+33 1 00 00 00 00"),
                clients::company_name.eq("New Co"),
                clients::sales_contact_id.eq(cast.actor),
                clients::created_at.eq(epicevents_store::At(noon())),
                clients::updated_at.eq(epicevents_store::At(noon())),
            ))
            .execute(c),
        Action::ClientUpdate => diesel::update(clients::table.find(id(&cast.clients)))
            .set((
                clients::full_name.eq("Kevin Casey Jr"),
                clients::version.eq(clients::version + 1),
            ))
            .execute(c),
        Action::ClientReassign => diesel::update(clients::table.find(id(&cast.clients)))
            .set((
                clients::sales_contact_id.eq(cast.seller),
                clients::version.eq(clients::version + 1),
            ))
            .execute(c),
        Action::ContractCreate => diesel::insert_into(contracts::table)
            .values((
                contracts::client_id.eq(cast.clients[1].unwrap()),
                contracts::total_cents.eq(1),
                contracts::due_cents.eq(1),
                contracts::signed.eq(false),
                contracts::created_at.eq(epicevents_store::At(noon())),
                contracts::updated_at.eq(epicevents_store::At(noon())),
            ))
            .execute(c),
        Action::ContractUpdate => diesel::update(contracts::table.find(id(&cast.contracts)))
            .set((
                contracts::due_cents.eq(0),
                contracts::version.eq(contracts::version + 1),
            ))
            .execute(c),
        Action::ContractSign => diesel::update(contracts::table.find(id(&cast.contracts)))
            .set((
                contracts::signed.eq(true),
                contracts::updated_at.eq(epicevents_store::At(noon())),
            ))
            .execute(c),
        // A payment is its line, in its author's name.
        Action::ContractPay => diesel::insert_into(payments::table)
            .values((
                payments::contract_id.eq(id(&cast.contracts)),
                payments::amount_cents.eq(100i64),
                payments::paid_on.eq(epicevents_store::At(noon())),
                payments::kind.eq("payment"),
                payments::author_id.eq(Some(cast.actor)),
                payments::recorded_at.eq(epicevents_store::At(noon())),
            ))
            .execute(c),
        Action::EventCreate => diesel::insert_into(events::table)
            .values((
                events::contract_id.eq(id(&cast.contracts)),
                events::name.eq("New event"),
                events::starts_at.eq(epicevents_store::At(noon())),
                events::ends_at.eq(epicevents_store::At(noon() + chrono::Duration::hours(1))),
                events::support_contact_id.eq(None::<i32>),
                events::location.eq("Lyon"),
                events::attendees.eq(5),
                events::notes.eq(""),
                events::created_at.eq(epicevents_store::At(noon())),
                events::updated_at.eq(epicevents_store::At(noon())),
            ))
            .execute(c),
        Action::EventUpdate => diesel::update(events::table.find(id(&cast.events)))
            .set((
                events::notes.eq("Changed"),
                events::version.eq(events::version + 1),
            ))
            .execute(c),
        Action::EventAmend => diesel::update(events::table.find(id(&cast.fresh_events)))
            .set((
                events::notes.eq("Corrected"),
                events::version.eq(events::version + 1),
            ))
            .execute(c),
        // What an import creates, it creates as the import role, which
        // lets only a manager's writes through.
        Action::EventImportCreate => roles::assume(c, &cast.import_role, cast.actor)
            .map_err(|e| panic!("cannot act as the import role: {e}"))
            .and_then(|()| {
                diesel::insert_into(events::table)
                    .values((
                        events::contract_id.eq(cast.contracts[1].unwrap()),
                        events::name.eq("Imported event"),
                        events::starts_at.eq(epicevents_store::At(noon())),
                        events::ends_at
                            .eq(epicevents_store::At(noon() + chrono::Duration::hours(1))),
                        events::support_contact_id.eq(cast.supporter),
                        events::location.eq("Nantes"),
                        events::attendees.eq(5),
                        events::notes.eq(""),
                        events::external_ref.eq("1"),
                        events::created_at.eq(epicevents_store::At(noon())),
                        events::updated_at.eq(epicevents_store::At(noon())),
                    ))
                    .execute(c)
            }),
        Action::ClientHistory => story(c, "client", id(&cast.clients)),
        Action::ContractHistory => story(c, "contract", id(&cast.contracts)),
        Action::EventHistory => story(c, "event", id(&cast.events)),
        Action::CollaboratorHistory => story(c, "collaborator", id(&cast.collaborators)),
        Action::CollaboratorReactivate => {
            diesel::update(collaborators::table.find(id(&cast.collaborators)))
                .set(collaborators::deactivated_at.eq(None::<epicevents_store::At>))
                .execute(c)
        }
        Action::ClientArchive => archive(c, Archived::Client(id(&cast.clients)), true),
        Action::ClientRestore => archive(c, Archived::Client(id(&cast.archived[0])), false),
        Action::ContractArchive => archive(c, Archived::Contract(id(&cast.contracts)), true),
        Action::ContractRestore => archive(c, Archived::Contract(id(&cast.archived[1])), false),
        Action::EventArchive => archive(c, Archived::Event(id(&cast.events)), true),
        Action::EventRestore => archive(c, Archived::Event(id(&cast.archived[2])), false),
        // Reading one's inbox marks it read (one's own, and on PostgreSQL
        // only one's own: `notifications_are_their_recipients_own`).
        Action::InboxRead => diesel::update(notifications::table)
            .filter(notifications::recipient_id.eq(cast.actor))
            .set(notifications::read_at.eq(Some(epicevents_store::At(noon()))))
            .execute(c),
        // The entries no record's history shows: logins and refusals.
        Action::HistoryList => audit_log::table
            .filter(audit_log::record.is_null())
            .select(audit_log::id)
            .load::<i32>(c)
            .map(|r| r.len()),
        Action::EventUnassign => diesel::update(events::table.find(id(&cast.events)))
            .set((
                events::support_contact_id.eq(None::<i32>),
                events::version.eq(events::version + 1),
            ))
            .execute(c),
        Action::EventAssign => diesel::update(events::table.find(id(&cast.events)))
            .set((
                events::support_contact_id.eq(cast.supporter),
                events::version.eq(events::version + 1),
            ))
            .execute(c),
    })
}
