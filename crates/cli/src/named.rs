//! Records named as people name them (`--support "Kate Hastroff"`,
//! `client show kevin@startup.io`): an id, an e-mail, or a name that
//! matches one record, whatever its case and accents. Several matches are
//! listed for the person to choose (exit 6); none is "not found", saying
//! what was looked for.

use std::ffi::OsString;

use epicevents_domain::{Department, ValidationError, fold};
use epicevents_service::{
    ApiError, ClientQuery, CollaboratorQuery, ContractQuery, Crm, ErrorKind, EventQuery,
};

use super::CliError;
use super::args::text;

/// A record that may be the one named: its id, how it is shown in a list of
/// matches, and the texts that name it whole (a name, an e-mail).
struct Candidate {
    id: i32,
    shown: String,
    names: Vec<String>,
}

/// Candidates read per look-up: a name that matches more is no name.
const LOOKED_AT: i64 = 100;

/// The id `typed` names among `candidates`: the one it names whole, or
/// else the one whose name holds each of its words.
fn pick(
    field: &'static str,
    what: &str,
    typed: &str,
    candidates: Vec<Candidate>,
    listed_by: &str,
) -> Result<i32, CliError> {
    let wanted = fold(typed.trim());
    let whole: Vec<&Candidate> = candidates
        .iter()
        .filter(|c| c.names.iter().any(|n| fold(n) == wanted))
        .collect();
    let matching = match whole.len() {
        0 => candidates
            .iter()
            .filter(|c| {
                wanted
                    .split_whitespace()
                    .all(|word| c.names.iter().any(|n| fold(n).contains(word)))
            })
            .collect(),
        _ => whole,
    };
    match matching.as_slice() {
        [one] => Ok(one.id),
        [] => Err(ApiError::new(
            ErrorKind::NotFound,
            "not_found",
            format!("no {what} is named \"{typed}\" (give its id, its e-mail or its name; `{listed_by}` lists them)"),
        )
        .into()),
        several => {
            let listed: Vec<&str> = several.iter().map(|c| c.shown.as_str()).collect();
            Err(epicevents_service::ServiceError::Invalid(ValidationError::new(
                field,
                format!(
                    "\"{typed}\" names {} {what}s: {}; give the id or the e-mail",
                    several.len(),
                    listed.join(", ")
                ),
            ))
            .into())
        }
    }
}

/// An id typed as such.
fn id(typed: &str) -> Option<i32> {
    typed
        .trim()
        .strip_prefix('#')
        .unwrap_or(typed.trim())
        .parse()
        .ok()
}

/// The collaborator `value` names (of `department`, when one is wanted).
pub fn collaborator(
    crm: &mut dyn Crm,
    field: &'static str,
    value: OsString,
    department: Option<Department>,
) -> Result<i32, CliError> {
    let typed = text(field, value)?;
    if let Some(id) = id(&typed) {
        return Ok(id);
    }
    let mut query = CollaboratorQuery {
        department: department.map(|d| d.as_str().to_owned()),
        limit: Some(1_000),
        ..Default::default()
    };
    let mut candidates = Vec::new();
    // A company's staff, a block at a time.
    loop {
        let page = crm.list_collaborators(&query)?;
        let next = epicevents_domain::next_block(&page.items, |c| c.id.0);
        candidates.extend(page.items.into_iter().map(|c| Candidate {
            id: c.id.0,
            shown: format!("#{} {} <{}>", c.id, c.name, c.email),
            names: vec![c.name.to_string(), c.email.to_string()],
        }));
        match next {
            Some(after) => query.after = Some(after),
            None => break,
        }
    }
    let listed_by = match department {
        Some(d) => format!("collaborator list --department {d}"),
        None => "collaborator list".into(),
    };
    pick(field, "collaborator", &typed, candidates, &listed_by)
}

/// The client `value` names.
pub fn client(crm: &mut dyn Crm, field: &'static str, value: OsString) -> Result<i32, CliError> {
    let typed = text(field, value)?;
    client_named(crm, field, &typed)
}

fn client_named(crm: &mut dyn Crm, field: &'static str, typed: &str) -> Result<i32, CliError> {
    if let Some(id) = id(typed) {
        return Ok(id);
    }
    let found = crm.list_clients(&ClientQuery {
        search: Some(typed.to_owned()),
        limit: Some(LOOKED_AT),
        ..Default::default()
    })?;
    let candidates = found
        .items
        .into_iter()
        .map(|c| Candidate {
            id: c.id.0,
            shown: format!("#{} {} <{}>", c.id, c.name, c.email),
            names: vec![
                c.name.to_string(),
                c.email.to_string(),
                c.company.to_string(),
            ],
        })
        .collect();
    let listed_by = format!("client list --search \"{typed}\"");
    pick(field, "client", typed, candidates, &listed_by)
}

/// The contract `value` names: its id, or its client's (id, e-mail or
/// name) when that client has one contract.
pub fn contract(crm: &mut dyn Crm, field: &'static str, value: OsString) -> Result<i32, CliError> {
    let typed = text(field, value)?;
    if let Some(id) = id(&typed) {
        return Ok(id);
    }
    let client = client_named(crm, field, &typed)?;
    let found = crm.list_contracts(&ContractQuery {
        client: Some(client),
        limit: Some(LOOKED_AT),
        ..Default::default()
    })?;
    let candidates = found
        .items
        .into_iter()
        .map(|k| Candidate {
            id: k.id.0,
            shown: format!(
                "#{} (total {}, {})",
                k.id,
                k.total,
                if k.signed { "signed" } else { "unsigned" }
            ),
            names: vec![typed.clone()],
        })
        .collect();
    let listed_by = format!("contract list --client {client}");
    pick(field, "contract", &typed, candidates, &listed_by)
}

/// The event `value` names: its id, or its name.
pub fn event(crm: &mut dyn Crm, field: &'static str, value: OsString) -> Result<i32, CliError> {
    let typed = text(field, value)?;
    if let Some(id) = id(&typed) {
        return Ok(id);
    }
    let found = crm.list_events(&EventQuery {
        search: Some(typed.clone()),
        limit: Some(LOOKED_AT),
        ..Default::default()
    })?;
    let candidates = found
        .items
        .into_iter()
        .map(|e| Candidate {
            id: e.id.0,
            shown: format!(
                "#{} {} ({})",
                e.id,
                e.name,
                super::render::local_with_offset(&e.starts_at)
            ),
            names: vec![e.name.to_string()],
        })
        .collect();
    let listed_by = format!("event list --search \"{typed}\"");
    pick(field, "event", &typed, candidates, &listed_by)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn people() -> Vec<Candidate> {
        [
            (3, "Kate Hastroff", "kate@epic.test"),
            (4, "Aliénor Vichum", "alienor@epic.test"),
            (7, "Kate Martin", "km@epic.test"),
        ]
        .into_iter()
        .map(|(id, name, email)| Candidate {
            id,
            shown: format!("#{id} {name}"),
            names: vec![name.into(), email.into()],
        })
        .collect()
    }

    #[test]
    fn a_name_an_email_or_its_words_name_one_record() {
        let found = |typed| {
            pick(
                "support",
                "collaborator",
                typed,
                people(),
                "collaborator list",
            )
        };
        assert_eq!(found("Kate Hastroff").unwrap(), 3);
        assert_eq!(found("kate hastroff").unwrap(), 3);
        assert_eq!(found("alienor").unwrap(), 4, "accents folded");
        assert_eq!(found("km@epic.test").unwrap(), 7);
        assert_eq!(
            found("hastroff kate").unwrap(),
            3,
            "its words, in any order"
        );
        let several = found("Kate").unwrap_err();
        assert_eq!(several.exit(), super::super::Exit::Invalid);
        assert!(
            several
                .to_string()
                .contains("\"Kate\" names 2 collaborators: #3 Kate Hastroff, #7 Kate Martin"),
            "{several}"
        );
        let none = found("Bob").unwrap_err();
        assert_eq!(none.exit(), super::super::Exit::NotFound);
        assert!(
            none.to_string()
                .contains("no collaborator is named \"Bob\""),
            "{none}"
        );
    }

    #[test]
    fn an_id_is_an_id() {
        assert_eq!(id("12"), Some(12));
        assert_eq!(id("#12"), Some(12));
        assert_eq!(id("12a"), None);
    }
}
