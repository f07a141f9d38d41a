//! Payments on contracts: whoever keeps a contract's amounts (its client's
//! sales rep, management) records what the client paid and when; the
//! amount due follows, one trail entry per payment. A due amount changed by
//! hand is recorded as an adjustment of the difference.

use chrono::{Duration, NaiveDate, NaiveDateTime};

use epicevents_api::NewPayment as Typed;
use epicevents_domain::history::Changes as _;
use epicevents_domain::policy::{Action, act};
use epicevents_domain::{Contract, Money, Payment, PaymentKind, ValidationError};
use epicevents_store::access::{Actor, Permit};
use epicevents_store::payments::{self as rows, NewPayment, WritesPayments};
use epicevents_store::{DbConnection, contracts};
use epicevents_telemetry as telemetry;

use super::notify;
use super::records::{check, existing, live, readable};
use super::{ServiceError, Services, SessionToken, record_change};

impl Services {
    /// Records a payment on a contract: no more than is due, on a day not
    /// to come.
    pub fn pay_contract(
        &self,
        token: Option<&SessionToken>,
        id: i32,
        input: &Typed,
    ) -> Result<Contract, ServiceError> {
        let actor = self.authenticate(token)?;
        let now = self.now();
        let contract = self.write_as(&actor, Some(id), |c| -> Result<_, ServiceError> {
            let found = contracts::get(c, id)?;
            let permit = check::<act::ContractPay, _>(&actor, found.as_ref(), id)?;
            let before = live(existing(found, id)?, id)?;
            if !before.amounts_known {
                return Err(ValidationError::new(
                    "amount",
                    "this contract's amounts are unknown: give its total and due amount first",
                )
                .with_code("amounts_unknown")
                .into());
            }
            let amount = Money::parse("amount", &input.amount)?;
            if amount == Money::ZERO {
                return Err(ValidationError::new("amount", "must be more than zero").into());
            }
            if amount > before.due {
                return Err(ValidationError::new(
                    "amount",
                    format!("must not exceed what is due ({})", before.due),
                )
                .with_code("more_than_due")
                .into());
            }
            let on = paid_on(input.on, now)?;
            let line = NewPayment {
                amount_cents: amount.cents(),
                on,
                kind: PaymentKind::Payment,
                author: actor.id(),
                now,
            };
            rows::record(c, &permit, &line)?;
            let due = Money::from_trusted(before.due.cents() - amount.cents());
            rows::set_due(c, &permit, due, now)?;
            let after = existing(contracts::get(c, id)?, id)?;
            let changed = Contract::changes(&before, &after);
            let detail = format!("payment of {amount} on {on}");
            record_change(
                c,
                now,
                &actor,
                Action::ContractPay,
                id,
                Some(detail),
                &changed,
            )?;
            notify::about_contract(c, self.telling(now), &actor, Action::ContractPay, &after)?;
            Ok(after)
        })?;
        telemetry::record_change(Action::ContractPay.key(), id);
        Ok(contract)
    }

    /// A contract's payments and adjustments, oldest first: whoever reads
    /// the contract reads them.
    pub fn payments(
        &self,
        token: Option<&SessionToken>,
        id: i32,
    ) -> Result<Vec<Payment>, ServiceError> {
        self.read_as(token, Some(id), |c, actor| {
            let contract = readable::<act::ContractShow, _>(c, actor, id, contracts::get)?;
            Ok(rows::of_contract(c, contract.id)?)
        })
    }
}

/// The day of a payment: today when not given, never a day to come (a
/// day ahead of UTC's is still today somewhere the company works).
fn paid_on(given: Option<NaiveDate>, now: NaiveDateTime) -> Result<NaiveDate, ValidationError> {
    let latest = (now + Duration::hours(14)).date();
    match given {
        Some(day) if day > latest => {
            Err(ValidationError::new("on", "must not be in the future").with_code("in_the_future"))
        }
        Some(day) => Ok(day),
        None => Ok(now.date()),
    }
}

/// A due amount changed by hand, as an adjustment of the difference, dated
/// today: what the due amount is always follows from the lines.
pub(super) fn adjusted<A: WritesPayments>(
    c: &mut DbConnection,
    actor: &Actor,
    permit: &Permit<A>,
    from: Money,
    to: Money,
    now: NaiveDateTime,
) -> Result<(), ServiceError> {
    let difference = from.cents() - to.cents();
    if difference == 0 {
        return Ok(());
    }
    let line = NewPayment {
        amount_cents: difference,
        on: now.date(),
        kind: PaymentKind::Adjustment,
        author: actor.id(),
        now,
    };
    Ok(rows::record(c, permit, &line)?)
}
