//! A record's history: the changes made to it, oldest first, for whoever
//! may read the record.

use epicevents_domain::CollaboratorId;
use epicevents_domain::history::{Author, Change, Kind, Step};
use epicevents_domain::policy::act;
use epicevents_store::{audit, clients, collaborators, contracts, events};

use crate::records::readable;
use crate::{ServiceError, Services, SessionToken};

impl Services {
    pub fn history(
        &self,
        token: Option<&SessionToken>,
        of: Kind,
        id: i32,
    ) -> Result<Vec<Step>, ServiceError> {
        self.read_as(token, Some(id), |c, actor| {
            // The record must exist and be the actor's to read this way.
            match of {
                Kind::Client => {
                    readable::<act::ClientHistory, _>(c, actor, id, clients::get)?;
                }
                Kind::Contract => {
                    readable::<act::ContractHistory, _>(c, actor, id, contracts::get)?;
                }
                Kind::Event => {
                    readable::<act::EventHistory, _>(c, actor, id, events::get)?;
                }
                Kind::Collaborator => {
                    readable::<act::CollaboratorHistory, _>(c, actor, id, |c, id| {
                        collaborators::get(c, CollaboratorId(id))
                    })?;
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
