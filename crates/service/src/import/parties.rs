//! Whom an imported event is for: its contract (by the CRM's id, else the
//! sheet's number), whose client must be the one the sheet names; or, for
//! a contract the CRM lacks, the client (by e-mail, else by name) and, when
//! asked, a new contract — and a new client — for it.

use std::str::FromStr;

use super::event::{Import, at, broken, filled};
use super::known::Deal;
use super::{CreatedClient, CreatedContract, SheetEvent};
use crate::ServiceError;
use epicevents_domain::history::Kind;
use epicevents_domain::{
    Client, ClientSummary, Collaborator, CompanyName, ContactParts, ContractId, Email, FullName,
    Money, Phone, fold,
};
use epicevents_store::DbConnection;
use epicevents_store::clients::NewClient;
use epicevents_store::contracts::NewContract;
use epicevents_store::imports;

fn summary(c: Client) -> ClientSummary {
    ClientSummary {
        id: c.id,
        name: c.name,
        email: c.email,
        phone: c.phone,
        company: c.company,
    }
}

/// What the sheet says of the client: the contact cell's parts, its
/// e-mail read, and the "Client name" cell.
struct Named {
    contact: ContactParts,
    email: Option<Email>,
    client_name: Option<String>,
    at: String,
}

impl Named {
    /// Whether `client` is the one the sheet names: the same e-mail, or
    /// (without one) the same name or company.
    fn is(&self, client: &ClientSummary) -> bool {
        if let Some(email) = &self.email {
            return client.email.as_str().eq_ignore_ascii_case(email.as_str());
        }
        let names: Vec<String> = [&self.contact.name, &self.client_name]
            .into_iter()
            .flatten()
            .map(|n| fold(n))
            .collect();
        names.is_empty()
            || names
                .iter()
                .any(|n| *n == fold(client.name.as_str()) || *n == fold(client.company.as_str()))
    }
}

impl Import<'_> {
    fn named(&mut self, sheet: &SheetEvent) -> Option<Named> {
        let contact = ContactParts::read(filled(&sheet.client_contact).map_or("", |(_, t)| t));
        let at = at(&sheet.client_contact, &sheet.origin);
        let email = match contact.email.as_deref().map(Email::from_str).transpose() {
            Ok(email) => email,
            Err(e) => {
                self.problem(&at, broken("Client contact: the e-mail", &e));
                return None;
            }
        };
        Some(Named {
            contact,
            email,
            client_name: filled(&sheet.client_name).map(|(_, t)| t.to_owned()),
            at,
        })
    }

    /// The event's contract; `None` once the problem is recorded.
    pub(super) fn contract(
        &mut self,
        c: &mut DbConnection,
        sheet: &SheetEvent,
    ) -> Result<Option<ContractId>, ServiceError> {
        let origin = sheet.origin.as_str();
        let crm = self.number(&sheet.crm_contract, "CRM contract");
        let reference = self
            .reference(&sheet.contract_ref, "Contract ID")
            .map(|(_, r)| r);
        let cell = match crm {
            Some(_) => at(&sheet.crm_contract, origin),
            None => at(&sheet.contract_ref, origin),
        };
        let found = match (crm, &reference) {
            (Some(id), _) => match self.known.deals_by_id.get(&id) {
                Some(found) => Some(found.clone()),
                None => {
                    self.problem(&cell, format!("CRM contract: no contract {id}"));
                    return Ok(None);
                }
            },
            (None, Some(r)) => self.known.deals_by_ref.get(r).cloned(),
            (None, None) => {
                self.problem(&cell, "Contract ID is empty");
                return Ok(None);
            }
        };
        let Some(named) = self.named(sheet) else {
            return Ok(None);
        };
        if let Some(found) = found {
            let number = &found.number;
            if !named.is(&found.client) {
                self.problem(
                    &named.at,
                    format!(
                        "contract {number} is {}'s ({}), not this client's",
                        found.client.name, found.client.email
                    ),
                );
                return Ok(None);
            }
            if !found.signed {
                self.problem(
                    &cell,
                    format!("contract {number} is not signed: events need a signed contract"),
                );
                return Ok(None);
            }
            return Ok(Some(found.id));
        }
        let reference = reference.unwrap_or_default();
        let client = self.client(c, sheet, named)?;
        let Some(permit) = self.creating.filter(|_| self.owner.is_some()) else {
            self.problem(&cell, format!("no contract numbered {reference}"));
            return Ok(None);
        };
        let Some(client) = client else {
            return Ok(None);
        };
        let zero = Money::from_cents(0)?;
        let new = NewContract {
            client: client.id,
            total: zero,
            due: zero,
            signed: true,
            created_at: self.now,
            amounts_known: false,
            external_ref: Some(reference.clone()),
        };
        let id = imports::create_contract(c, permit, &new)?;
        let detail = format!("created contract {id} (sheet contract {reference}) from {origin}");
        self.audit(Kind::Contract, id.0, detail);
        let shown = self.created(id.0);
        self.report.contracts_created.push(CreatedContract {
            origin: origin.to_owned(),
            id: shown,
            contract_ref: reference.clone(),
            client: client.name.to_string(),
        });
        let deal = Deal {
            id,
            client,
            signed: true,
            number: reference.clone(),
        };
        self.known.deals_by_ref.insert(reference, deal);
        Ok(Some(id))
    }

    /// The client of a contract the CRM lacks: by e-mail, else by name;
    /// created when asked. `None` once the problem is recorded.
    fn client(
        &mut self,
        c: &mut DbConnection,
        sheet: &SheetEvent,
        named: Named,
    ) -> Result<Option<ClientSummary>, ServiceError> {
        if let Some(e) = &named.email
            && let Some(found) = self.known.clients_by_email.get(e.as_str())
        {
            return Ok(Some(found.clone()));
        }
        let names = [named.contact.name.clone(), named.client_name.clone()];
        for name in names.into_iter().flatten() {
            match imports::clients_named(c, &name)?.as_slice() {
                [] => {}
                [one] => return Ok(Some(summary(one.clone()))),
                many => {
                    self.problem(
                        &named.at,
                        format!(
                            "{} clients are named \"{name}\": give the client's e-mail in Client contact",
                            many.len()
                        ),
                    );
                    return Ok(None);
                }
            }
        }
        match (self.owner, self.creating) {
            (Some(owner), Some(permit)) => self.create_client(c, sheet, named, owner, permit),
            _ => {
                let which = match (
                    &named.email,
                    named.contact.name.as_ref().or(named.client_name.as_ref()),
                ) {
                    (Some(e), Some(n)) => format!("with the e-mail {e} or named \"{n}\""),
                    (Some(e), None) => format!("with the e-mail {e}"),
                    (None, Some(n)) => format!("named \"{n}\""),
                    (None, None) => {
                        self.problem(&named.at, "Client contact and Client name are empty");
                        return Ok(None);
                    }
                };
                self.problem(&named.at, format!("no client {which}"));
                Ok(None)
            }
        }
    }

    fn create_client(
        &mut self,
        c: &mut DbConnection,
        sheet: &SheetEvent,
        named: Named,
        owner: &Collaborator,
        permit: &imports::ImportPermit,
    ) -> Result<Option<ClientSummary>, ServiceError> {
        let origin = sheet.origin.as_str();
        let name_at = at(&sheet.client_name, origin);
        let Some(email) = named.email else {
            self.problem(
                &named.at,
                "Client contact has no e-mail, which a new client needs",
            );
            return Ok(None);
        };
        let phone = match named.contact.phone.as_deref() {
            Some(p) => match Phone::parse_in(p, self.region) {
                Ok(phone) => phone,
                Err(e) => {
                    self.problem(&named.at, broken("Client contact: the phone", &e));
                    return Ok(None);
                }
            },
            None => {
                self.problem(
                    &named.at,
                    "Client contact has no phone number, which a new client needs",
                );
                return Ok(None);
            }
        };
        let Some(typed) = named.contact.name.clone().or(named.client_name.clone()) else {
            self.problem(
                &name_at,
                "Client name is empty, and Client contact has no name",
            );
            return Ok(None);
        };
        // The sheet's "Client name" is a company when the contact names a
        // person; otherwise the client is a person, their own company.
        let company = named.client_name.as_deref().unwrap_or(&typed);
        let (name, company) = match (FullName::from_str(&typed), CompanyName::from_str(company)) {
            (Ok(name), Ok(company)) => (name, company),
            (Err(e), _) | (_, Err(e)) => {
                self.problem(&name_at, broken("Client name", &e));
                return Ok(None);
            }
        };
        let new = NewClient {
            name: &name,
            email: &email,
            phone: &phone,
            company: &company,
            sales_contact: owner.id,
            created_at: self.now,
        };
        let id = imports::create_client(c, permit, &new)?;
        let detail = format!("created client {id} from {origin}");
        self.audit(Kind::Client, id.0, detail);
        let shown = self.created(id.0);
        self.report.clients_created.push(CreatedClient {
            origin: origin.to_owned(),
            id: shown,
            name: name.to_string(),
            email: email.to_string(),
        });
        let client = ClientSummary {
            id,
            name,
            email,
            phone,
            company,
        };
        self.known
            .clients_by_email
            .insert(client.email.as_str().to_owned(), client.clone());
        Ok(Some(client))
    }
}
