//! Contracts: management draws them up; the client's sales rep (and
//! management) keeps their amounts and signature up to date.

use epicevents_api::{ContractChanges, ContractQuery, NewContract};
use epicevents_domain::history::Changes as _;

use super::notify;
use super::records::{check, existing, fresh, live, page};
use super::{Conflict, Listing, ServiceError, Services, SessionToken, Updated, record_change};
use epicevents_domain::policy::{Action, act};
use epicevents_domain::{ClientId, Contract, Money, ValidationError, check_amounts, search_term};
use epicevents_store::contracts::{self as rows, Filter, NewContract as NewRow, Terms};
use epicevents_store::{DbConnection, clients, contracts};
use epicevents_telemetry as telemetry;

fn amount(field: &'static str, s: Option<&String>) -> Result<Option<Money>, ValidationError> {
    s.map(|s| Money::parse(field, s)).transpose()
}

impl Services {
    pub fn list_contracts(
        &self,
        token: Option<&SessionToken>,
        query: &ContractQuery,
    ) -> Result<Listing<Contract>, ServiceError> {
        self.read_as(token, None, |c, actor| {
            actor.permit::<act::ContractList>()?;
            let filter = Filter {
                archived: Some(query.archived),
                sales_contact: query.mine.then(|| actor.id()),
                unsigned_only: query.unsigned,
                unpaid_only: query.unpaid,
                client: query.client.map(ClientId),
                search: query.search.as_deref().map(search_term).transpose()?,
                reverse: query.reverse,
            };
            let page = page(query.limit, query.offset, query.after)?;
            Ok(rows::list(c, &filter, page)?)
        })
    }

    /// What each sales rep's clients still owe: a reading of the contract
    /// list, which everyone may read.
    pub fn owed_by_sales_contact(
        &self,
        token: Option<&SessionToken>,
    ) -> Result<Vec<epicevents_domain::Owed>, ServiceError> {
        self.read_as(token, None, |c, actor| {
            actor.permit::<act::ContractList>()?;
            Ok(rows::owed_by_sales_contact(c)?)
        })
    }

    pub fn show_contract(
        &self,
        token: Option<&SessionToken>,
        id: i32,
    ) -> Result<Contract, ServiceError> {
        self.show::<act::ContractShow, _>(token, id, rows::get)
    }

    pub fn create_contract(
        &self,
        token: Option<&SessionToken>,
        input: NewContract,
    ) -> Result<Contract, ServiceError> {
        let actor = self.authenticate(token)?;
        let permit = self.authorize::<act::ContractCreate>(&actor)?;
        let total = Money::parse("total", &input.total)?;
        let due = amount("due", input.due.as_ref())?.unwrap_or(total);
        check_amounts(total, due)?;
        let now = self.now();
        let contract = self.write_acting(&actor, |c| -> Result<_, ServiceError> {
            let client = live(
                existing(clients::get(c, input.client)?, input.client)?,
                input.client,
            )?;
            let new = NewRow {
                client: client.id,
                total,
                due,
                signed: input.signed,
                created_at: now,
                amounts_known: true,
                external_ref: None,
            };
            let id = rows::insert(c, &permit, &new)?;
            let detail = format!("client {}", client.id);
            record_change(
                c,
                now,
                &actor,
                Action::ContractCreate,
                id.0,
                Some(detail),
                &[],
            )?;
            let contract = existing(rows::get(c, id.0)?, id.0)?;
            notify::about_contract(
                c,
                self.telling(now),
                &actor,
                Action::ContractCreate,
                &contract,
            )?;
            Ok(contract)
        })?;
        telemetry::record_change(Action::ContractCreate.key(), contract.id.0);
        Ok(contract)
    }

    pub fn update_contract(
        &self,
        token: Option<&SessionToken>,
        id: i32,
        input: ContractChanges,
    ) -> Result<Updated<Contract>, ServiceError> {
        let actor = self.authenticate(token)?;
        if input.total.is_none() && input.due.is_none() && input.signed.is_none() {
            return Err(
                ValidationError::new("update", "give at least one of total, due, signed").into(),
            );
        }
        let now = self.now();
        let contract = self.write_as(&actor, Some(id), |c| -> Result<_, ServiceError> {
            let found = rows::get(c, id)?;
            let permit = check::<act::ContractUpdate, _>(&actor, found.as_ref(), id)?;
            let before = live(existing(found, id)?, id)?;
            fresh::<Contract>(input.if_version, id, before.version, || {
                let signed = if before.signed {
                    "signed"
                } else {
                    "not signed"
                };
                format!("total {}, due {}, {signed}", before.total, before.due)
            })?;
            // Unknown amounts (an import's) become known only whole: half
            // of them next to a meaningless zero would be invented.
            let amounts_known = match (&input.total, &input.due) {
                _ if before.amounts_known => true,
                (Some(_), Some(_)) => true,
                (None, None) => false,
                (total, _) => {
                    let field = if total.is_some() { "due" } else { "total" };
                    return Err(ValidationError::new(
                        field,
                        "this contract's amounts are unknown: give the total and the due amount together",
                    )
                    .with_code("amounts_unknown")
                    .into());
                }
            };
            let total = amount("total", input.total.as_ref())?.unwrap_or(before.total);
            let due = amount("due", input.due.as_ref())?.unwrap_or(before.due);
            check_amounts(total, due)?;
            let signed = input.signed.unwrap_or(before.signed);
            if (total, due, signed, amounts_known)
                == (before.total, before.due, before.signed, before.amounts_known)
            {
                return Ok(Updated {
                    record: before,
                    changed: false,
                });
            }
            if before.signed && !signed {
                ensure_no_events(c, &before)?;
            }
            let terms = Terms {
                total,
                due,
                signed,
                amounts_known,
                updated_at: now,
            };
            rows::update(c, &permit, &terms)?;
            // Amounts given for the first time adjust nothing.
            if before.amounts_known {
                super::payments::adjusted(c, &actor, &permit, before.due, due, now)?;
            }
            let detail = format!(
                "total {} -> {}, due {} -> {}, signed {} -> {signed}",
                before.total.cents(),
                total.cents(),
                before.due.cents(),
                due.cents(),
                before.signed
            );
            let after = existing(rows::get(c, id)?, id)?;
            let changed = Contract::changes(&before, &after);
            record_change(c, now, &actor, Action::ContractUpdate, id, Some(detail), &changed)?;
            // What the people concerned read: an update that signs the
            // contract is its signature.
            let told = match (before.signed, signed) {
                (false, true) => Action::ContractSign,
                _ => Action::ContractUpdate,
            };
            notify::about_contract(c, self.telling(now), &actor, told, &after)?;
            Ok(Updated {
                record: after,
                changed: true,
            })
        })?;
        if contract.changed {
            telemetry::record_change(Action::ContractUpdate.key(), id);
        }
        Ok(contract)
    }

    /// Marks a contract signed. Signing a signed contract changes nothing and
    /// is not an error: the second return value says whether it was signed now.
    pub fn sign_contract(
        &self,
        token: Option<&SessionToken>,
        id: i32,
    ) -> Result<(Contract, bool), ServiceError> {
        let actor = self.authenticate(token)?;
        let now = self.now();
        let outcome = self.write_as(&actor, Some(id), |c| -> Result<_, ServiceError> {
            let found = rows::get(c, id)?;
            let permit = check::<act::ContractSign, _>(&actor, found.as_ref(), id)?;
            let before = live(existing(found, id)?, id)?;
            if before.signed {
                return Ok((before, false));
            }
            rows::sign(c, &permit, now)?;
            let after = existing(rows::get(c, id)?, id)?;
            let changed = Contract::changes(&before, &after);
            record_change(c, now, &actor, Action::ContractSign, id, None, &changed)?;
            notify::about_contract(c, self.telling(now), &actor, Action::ContractSign, &after)?;
            Ok((after, true))
        })?;
        if outcome.1 {
            telemetry::record_change(Action::ContractSign.key(), id);
        }
        Ok(outcome)
    }
}

/// Events exist only for signed contracts, so a contract with events stays signed.
fn ensure_no_events(c: &mut DbConnection, contract: &Contract) -> Result<(), ServiceError> {
    let events = contracts::event_ids(c, contract.id)?;
    if events.is_empty() {
        return Ok(());
    }
    Err(Conflict::ContractHasEvents {
        contract: contract.id.0,
        events,
    }
    .into())
}
