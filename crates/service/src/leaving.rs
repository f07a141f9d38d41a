//! Collaborators who leave: deleted when nothing they did is on the trail,
//! deactivated otherwise (they cannot log in; their name stays on past
//! records), and reactivated when they come back.

use epicevents_domain::policy::{Action, act};
use epicevents_domain::{Collaborator, Department};
use epicevents_store::collaborators as rows;
use epicevents_telemetry as telemetry;

use super::collaborators::{current, ensure_not_last_manager, judged, still_responsible};
use super::{ServiceError, Services, SessionToken, record_change};
use epicevents_api::Updated;

impl Services {
    /// Deletes an account that is no longer responsible for anything. With
    /// `dry_run`, checks everything and changes nothing: what a client asks
    /// before it asks its user to confirm.
    pub fn delete_collaborator(
        &self,
        token: Option<&SessionToken>,
        id: i32,
        dry_run: bool,
    ) -> Result<Collaborator, ServiceError> {
        let actor = self.authenticate(token)?;
        let now = self.now();
        let deleted = self.write_as(&actor, Some(id), |c| -> Result<_, ServiceError> {
            let (target, permit) = judged::<act::CollaboratorDelete>(c, &actor, id)?;
            let remaining = rows::responsibilities(c, target.id)?;
            if !remaining.is_empty() {
                return Err(still_responsible(&target, remaining).into());
            }
            if target.department == Department::Management && target.deactivated_at.is_none() {
                ensure_not_last_manager(c, &target)?;
            }
            // Someone whose changes are on the trail keeps their account,
            // deactivated, so that the trail still names them.
            if rows::has_history(c, target.id)? {
                if target.deactivated_at.is_some() {
                    return Ok(target);
                }
                if !dry_run {
                    rows::deactivate(c, &permit, now)?;
                    let detail = Some("deactivated: their changes are on the trail".to_owned());
                    record_change(c, now, &actor, Action::CollaboratorDelete, id, detail, &[])?;
                }
                return Ok(Collaborator {
                    deactivated_at: Some(now),
                    ..target
                });
            }
            if dry_run {
                return Ok(target);
            }
            rows::delete(c, &permit)?;
            record_change(c, now, &actor, Action::CollaboratorDelete, id, None, &[])?;
            Ok(target)
        })?;
        if !dry_run {
            telemetry::record_change(Action::CollaboratorDelete.key(), id);
        }
        Ok(deleted)
    }
}

impl Services {
    /// Lets a deactivated collaborator log in again; `changed` is false
    /// when the account was active.
    pub fn reactivate_collaborator(
        &self,
        token: Option<&SessionToken>,
        id: i32,
    ) -> Result<Updated<Collaborator>, ServiceError> {
        let actor = self.authenticate(token)?;
        let now = self.now();
        let done = self.write_as(&actor, Some(id), |c| -> Result<_, ServiceError> {
            let (target, permit) = judged::<act::CollaboratorReactivate>(c, &actor, id)?;
            if target.deactivated_at.is_none() {
                return Ok(Updated {
                    record: target,
                    changed: false,
                });
            }
            rows::reactivate(c, &permit)?;
            record_change(
                c,
                now,
                &actor,
                Action::CollaboratorReactivate,
                id,
                None,
                &[],
            )?;
            Ok(Updated {
                record: current(c, id)?,
                changed: true,
            })
        })?;
        if done.changed {
            telemetry::record_change(Action::CollaboratorReactivate.key(), id);
        }
        Ok(done)
    }
}
