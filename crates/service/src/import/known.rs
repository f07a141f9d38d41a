//! What the CRM already holds of a sheet's records — its events and
//! contracts (by the sheet's numbers or the CRM's ids) and its clients (by
//! e-mail) — read a block at a time before the events are matched, so that
//! an import of thousands costs a few statements, not a few per event.

use std::collections::HashMap;
use std::str::FromStr;

use super::SheetEvent;
use super::event::filled;
use crate::ServiceError;
use epicevents_domain::{ClientSummary, ContactParts, Contract, ContractId, Email, Event};
use epicevents_store::{DbConnection, clients, contracts, events};

/// A contract as an import needs it.
#[derive(Debug, Clone)]
pub(super) struct Deal {
    pub id: ContractId,
    pub client: ClientSummary,
    pub signed: bool,
    /// How the messages name it: the sheet's number, else the CRM's id.
    pub number: String,
}

impl From<Contract> for Deal {
    fn from(c: Contract) -> Self {
        Self {
            id: c.id,
            number: c.external_ref.unwrap_or_else(|| c.id.to_string()),
            client: c.client,
            signed: c.signed,
        }
    }
}

#[derive(Default)]
pub(super) struct Known {
    pub events_by_ref: HashMap<String, Event>,
    pub events_by_id: HashMap<i32, Event>,
    pub deals_by_ref: HashMap<String, Deal>,
    pub deals_by_id: HashMap<i32, Deal>,
    /// By e-mail as stored (normalised).
    pub clients_by_email: HashMap<String, ClientSummary>,
}

/// A CRM id as a cell holds it: a whole number, maybe written as `12.0`
/// by a spreadsheet's number cell.
pub(super) fn number(text: &str) -> Option<i32> {
    text.trim_end_matches(".0").parse().ok()
}

impl Known {
    pub fn read(c: &mut DbConnection, sheet: &[SheetEvent]) -> Result<Self, ServiceError> {
        let text = |cell| filled(cell).map(|(_, t)| t.to_owned());
        let event_refs: Vec<String> = sheet.iter().filter_map(|e| text(&e.event_ref)).collect();
        let event_ids: Vec<i32> = sheet
            .iter()
            .filter_map(|e| text(&e.crm_id).and_then(|t| number(&t)))
            .collect();
        let deal_refs: Vec<String> = sheet.iter().filter_map(|e| text(&e.contract_ref)).collect();
        let deal_ids: Vec<i32> = sheet
            .iter()
            .filter_map(|e| text(&e.crm_contract).and_then(|t| number(&t)))
            .collect();
        let emails: Vec<String> = sheet
            .iter()
            .filter_map(|e| ContactParts::read(&text(&e.client_contact)?).email)
            .filter_map(|e| Email::from_str(&e).ok())
            .map(|e| e.as_str().to_owned())
            .collect();
        let mut known = Self::default();
        for event in events::with_refs_or_ids(c, &event_refs, &event_ids)? {
            if let Some(r) = &event.external_ref {
                known.events_by_ref.insert(r.clone(), event.clone());
            }
            known.events_by_id.insert(event.id.0, event);
        }
        for contract in contracts::with_refs_or_ids(c, &deal_refs, &deal_ids)? {
            let deal = Deal::from(contract.clone());
            if let Some(r) = &contract.external_ref {
                known.deals_by_ref.insert(r.clone(), deal.clone());
            }
            known.deals_by_id.insert(contract.id.0, deal);
        }
        for client in clients::with_emails(c, &emails)? {
            let summary = ClientSummary {
                id: client.id,
                name: client.name,
                email: client.email,
                phone: client.phone,
                company: client.company,
            };
            // Duplicated e-mails (allowed with --allow-duplicate): the first.
            known
                .clients_by_email
                .entry(summary.email.as_str().to_owned())
                .or_insert(summary);
        }
        Ok(known)
    }
}
