//! A record's history: the changes made to it, oldest first, for whoever
//! may read the record; and the whole trail, for management.

use epicevents_api::TrailQuery;

use epicevents_domain::history::{Author, Change, Entry, Kind, Step};
use epicevents_domain::policy::{Action, act};
use epicevents_domain::{CollaboratorId, Listing, ValidationError};
use epicevents_store::{audit, clients, collaborators, contracts, events};

use crate::records::{page, readable};
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
        actor: Author::of(s.entry.actor_id, s.actor),
        action: s.entry.action,
        changes,
        detail: s.entry.detail,
    }
}

/// What the trail records besides the policy's actions.
const OTHER_ACTIONS: [&str; 2] = [crate::auth::LOGIN, crate::setup::ACCOUNT];

/// An action's key, or a kind every action of which starts with it.
fn action_filter(name: &str) -> Result<String, ValidationError> {
    let name = name.trim().to_lowercase();
    let keys = || Action::ALL.iter().map(|a| a.key()).chain(OTHER_ACTIONS);
    let known = keys().any(|k| k == name || k.split('.').next() == Some(name.as_str()));
    if known {
        Ok(name)
    } else {
        Err(ValidationError::new(
            "action",
            "must be an action such as event.assign or session.login, or a kind such as event",
        ))
    }
}

impl Services {
    /// The whole trail, newest first: changes, refusals and logins.
    pub fn trail(
        &self,
        token: Option<&SessionToken>,
        query: &TrailQuery,
    ) -> Result<Listing<Entry>, ServiceError> {
        // The refusals already answered are on the trail it reads.
        self.flush_bookkeeping();
        self.read_as(token, None, |c, actor| {
            actor.permit::<act::HistoryList>()?;
            if let (Some(since), Some(until)) = (query.since, query.until)
                && until <= since
            {
                return Err(ValidationError::new("until", "must be later than since").into());
            }
            let filter = audit::TrailFilter {
                actor: query.actor,
                since: query.since,
                until: query.until,
                action: query.action.as_deref().map(action_filter).transpose()?,
            };
            let page = page(query.limit, query.offset, query.after)?;
            let listing = audit::trail(c, &filter, page)?;
            Ok(Listing {
                items: listing.items.into_iter().map(entry).collect(),
                total: listing.total,
                total_exact: listing.total_exact,
                offset: listing.offset,
            })
        })
    }
}

fn entry(s: audit::Step) -> Entry {
    let (id, outcome) = (s.entry.id, s.entry.outcome.clone());
    // A refusal names no record kind, but its action does ("event.assign").
    let record = s
        .entry
        .record
        .as_deref()
        .or_else(|| {
            s.entry
                .subject
                .as_ref()
                .and(s.entry.action.split('.').next())
        })
        .and_then(Kind::parse);
    let subject = s.entry.subject.clone();
    Entry {
        id,
        step: step(s),
        outcome,
        record,
        subject,
    }
}
