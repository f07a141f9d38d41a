//! Payment rows: each recorded with the contract's new due amount, in the
//! same transaction, through the permit of the action that made it (a
//! payment, or an update of the due amount by hand).

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::records::{ContactRow, contact};
use super::schema::{collaborators, contracts, payments};
use super::{DbConnection, StoreError};
use crate::At;
use crate::access::Permit;
use epicevents_domain::policy::{RecordAct, act};
use epicevents_domain::{CollaboratorId, ContractId, Money, Payment, PaymentKind};

/// The actions whose permit, on a contract, lets a payment line be written.
pub trait WritesPayments: RecordAct {}
impl WritesPayments for act::ContractPay {}
impl WritesPayments for act::ContractUpdate {}

/// One line: what it took off the due amount (negative: what it added).
pub struct NewPayment {
    pub amount_cents: i64,
    pub on: NaiveDate,
    pub kind: PaymentKind,
    pub author: CollaboratorId,
    pub now: NaiveDateTime,
}

/// Writes the line on the permit's contract.
pub fn record<A: WritesPayments>(
    conn: &mut DbConnection,
    permit: &Permit<A>,
    payment: &NewPayment,
) -> Result<(), StoreError> {
    diesel::insert_into(payments::table)
        .values((
            payments::contract_id.eq(permit.record()),
            payments::amount_cents.eq(payment.amount_cents),
            payments::paid_on.eq(At(payment.on.and_time(chrono::NaiveTime::MIN))),
            payments::kind.eq(payment.kind.as_str()),
            payments::author_id.eq(Some(payment.author.0)),
            payments::recorded_at.eq(At(payment.now)),
        ))
        .execute(conn)?;
    Ok(())
}

/// A payment's effect on the contract: its new due amount, one more version.
pub fn set_due(
    conn: &mut DbConnection,
    permit: &Permit<act::ContractPay>,
    due: Money,
    now: NaiveDateTime,
) -> Result<(), StoreError> {
    diesel::update(contracts::table.find(permit.record()))
        .set((
            contracts::due_cents.eq(due.cents()),
            contracts::updated_at.eq(At(now)),
            contracts::version.eq(contracts::version + 1),
        ))
        .execute(conn)?;
    Ok(())
}

type Row = (i32, i64, NaiveDateTime, String, NaiveDateTime, ContactRow);

/// A contract's lines, oldest first.
pub fn of_contract(conn: &mut DbConnection, id: ContractId) -> Result<Vec<Payment>, StoreError> {
    let rows: Vec<Row> = payments::table
        .left_join(collaborators::table)
        .filter(payments::contract_id.eq(id.0))
        .order(payments::id)
        .select((
            payments::id,
            payments::amount_cents,
            payments::paid_on,
            payments::kind,
            payments::recorded_at,
            (collaborators::id, collaborators::full_name).nullable(),
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(
            |(pid, amount_cents, on, kind, recorded_at, author)| Payment {
                id: pid,
                contract_id: id,
                amount_cents,
                on: on.date(),
                // The column's CHECK holds it to the two kinds.
                kind: PaymentKind::parse(&kind).unwrap_or(PaymentKind::Payment),
                author: contact(author),
                recorded_at,
            },
        )
        .collect())
}
