//! A record's history: the changes made to it, oldest first, for whoever
//! may read the record.

use epicevents_domain::CollaboratorId;
use epicevents_domain::history::{Author, Change, Kind, Step};
use epicevents_domain::policy::act;
use epicevents_store::{audit, clients, collaborators, contracts, events};

use crate::records::{check, existing};
use crate::{ServiceError, Services, SessionToken};

impl Services {
    pub fn history(
        &self,
        token: Option<&SessionToken>,
        of: Kind,
        id: i32,
    ) -> Result<Vec<Step>, ServiceError> {
        self.read_as(token, Some(id), |c, actor| {
            match of {
                Kind::Client => {
                    let found = clients::get(c, id)?;
                    check::<act::ClientHistory, _>(actor, found.as_ref(), id)?;
                    existing(found, id)?;
                }
                Kind::Contract => {
                    let found = contracts::get(c, id)?;
                    check::<act::ContractHistory, _>(actor, found.as_ref(), id)?;
                    existing(found, id)?;
                }
                Kind::Event => {
                    let found = events::get(c, id)?;
                    check::<act::EventHistory, _>(actor, found.as_ref(), id)?;
                    existing(found, id)?;
                }
                Kind::Collaborator => {
                    let found = collaborators::get(c, CollaboratorId(id))?;
                    check::<act::CollaboratorHistory, _>(actor, found.as_ref(), id)?;
                    existing(found, id)?;
                }
            }
            Ok(audit::story(c, of.as_str(), id)?
                .into_iter()
                .map(step)
                .collect())
        })
    }
}

fn step(s: audit::Step) -> Step {
    let changes = s.entry.changes.as_deref().map_or_else(Vec::new, |json| {
        serde_json::from_str::<Vec<Change>>(json).unwrap_or_else(|e| {
            // A trail written by a later version: its words still show.
            tracing::warn!(entry = s.entry.id, error = %e, "unreadable changes in the audit trail");
            Vec::new()
        })
    });
    Step {
        at: s.entry.at,
        actor: s
            .entry
            .actor_id
            .zip(s.actor)
            .map(|(id, (name, department))| Author {
                id,
                name,
                department,
            }),
        action: s.entry.action,
        changes,
        detail: s.entry.detail,
    }
}
