//! Managing collaborators' accounts: management's job, plus everyone's own password.

use epicevents_api::{CollaboratorQuery, NewCollaborator, Unlocked, UpdateCollaborator};
use epicevents_domain::history::Changes as _;
use secrecy::SecretString;

use super::auth::Check;
use super::records::{check, existing, page, parsed};
use super::{AuthError, Conflict, ServiceError, Services, SessionToken, passwords, record_change};
use epicevents_domain::policy::{self, Action, RecordAct, Relation, act};
use epicevents_domain::{
    Collaborator, CollaboratorId, Department, Email, FullName, Listing, Password, ValidationError,
};
use epicevents_store::DbConnection;
use epicevents_store::access::{Actor, Permit};
use epicevents_store::collaborators::{self as rows, Changes, NewAccount};
use epicevents_store::unguarded::{logins, sessions};
use epicevents_telemetry as telemetry;

fn parse_department(s: Option<&str>) -> Result<Option<Department>, ValidationError> {
    s.map(str::parse).transpose()
}

impl Services {
    pub fn list_collaborators(
        &self,
        token: Option<&SessionToken>,
        query: &CollaboratorQuery,
    ) -> Result<Listing<Collaborator>, ServiceError> {
        self.read_as(token, None, |c, actor| {
            actor.permit::<act::CollaboratorList>()?;
            let department = parse_department(query.department.as_deref())?;
            let page = page(query.limit, query.offset, query.after)?;
            Ok(rows::list(c, department, page)?)
        })
    }

    pub fn show_collaborator(
        &self,
        token: Option<&SessionToken>,
        id: i32,
    ) -> Result<Collaborator, ServiceError> {
        self.show::<act::CollaboratorShow, _>(token, id, |c, id| rows::get(c, CollaboratorId(id)))
    }

    pub fn create_collaborator(
        &self,
        token: Option<&SessionToken>,
        input: NewCollaborator,
    ) -> Result<Collaborator, ServiceError> {
        let actor = self.authenticate(token)?;
        let permit = self.authorize::<act::CollaboratorCreate>(&actor)?;
        let name: FullName = input.name.parse()?;
        let email: Email = input.email.parse()?;
        let department: Department = input.department.parse()?;
        let password = Password::new(input.password)?;
        let hash = passwords::hash(&password)?;
        let now = self.now();
        let created = self.write_acting(&actor, |c| -> Result<_, ServiceError> {
            let account = NewAccount {
                name: &name,
                email: &email,
                department,
                password_hash: &hash,
            };
            let created = rows::insert(c, &permit, &account, now)?;
            record_change(
                c,
                now,
                &actor,
                Action::CollaboratorCreate,
                created.id.0,
                Some(format!("department={department}")),
                &[],
            )?;
            Ok(created)
        })?;
        telemetry::record_change(Action::CollaboratorCreate.key(), created.id.0);
        Ok(created)
    }

    pub fn update_collaborator(
        &self,
        token: Option<&SessionToken>,
        id: i32,
        input: UpdateCollaborator,
    ) -> Result<Collaborator, ServiceError> {
        let actor = self.authenticate(token)?;
        let now = self.now();
        let updated = self.write_as(&actor, Some(id), |c| -> Result<_, ServiceError> {
            let (before, permit) = judged::<act::CollaboratorUpdate>(c, &actor, id)?;
            let name = parsed::<FullName>(input.name.as_ref())?;
            let email = parsed::<Email>(input.email.as_ref())?;
            let department = parse_department(input.department.as_deref())?;
            if name.is_none() && email.is_none() && department.is_none() {
                return Err(ValidationError::new(
                    "update",
                    "give at least one of name, email, department",
                )
                .into());
            }
            let moved = department.filter(|d| *d != before.department);
            if before.department == Department::Management && moved.is_some() {
                ensure_not_last_manager(c, &before)?;
            }
            if moved.is_some() {
                ensure_nothing_to_hand_over(c, &before)?;
            }
            let changes = Changes {
                full_name: name.as_ref().map(FullName::as_str),
                email: email.as_ref().map(Email::as_str),
                department: department.map(Department::as_str),
                updated_at: Some(epicevents_store::At(now)),
            };
            let updated = rows::update(c, &permit, changes)?;
            if moved.is_some() {
                // Rights follow the department: sessions opened under the old one end now.
                sessions::revoke_all(c, updated.id)?;
            }
            let detail = moved.map(|d| format!("department {} -> {d}", before.department));
            let changed = Collaborator::changes(&before, &updated);
            record_change(
                c,
                now,
                &actor,
                Action::CollaboratorUpdate,
                id,
                detail,
                &changed,
            )?;
            Ok(updated)
        })?;
        telemetry::record_change(Action::CollaboratorUpdate.key(), id);
        Ok(updated)
    }

    /// Changes a password. For one's own, the current password is required,
    /// and every other session of one's own ends (the one used goes on);
    /// management may reset anyone else's without it, which ends all of
    /// theirs. Returns whether it was the actor's own.
    pub fn set_password(
        &self,
        token: Option<&SessionToken>,
        id: i32,
        current: Option<&SecretString>,
        new: SecretString,
        source: &str,
    ) -> Result<bool, ServiceError> {
        let actor = self.authenticate(token)?;
        // Judged first, so that a refusal costs no check of the current
        // password (its own transaction, and argon2's time); judged again
        // where the new one is written.
        let target = self.audited(
            &actor,
            Some(id),
            self.store
                .read(|c| Ok(judged::<act::CollaboratorSetPassword>(c, &actor, id)?.0)),
        )?;
        let own = policy::relation(actor.id(), Some(&target)) == Relation::Own;
        // Checked before the current password, so a weak new one costs no
        // check from the budget.
        let password = Password::new(new)?;
        if own {
            let current = current.ok_or_else(|| {
                ValidationError::new(
                    "current_password",
                    "is required to change your own password",
                )
            })?;
            self.check_current_password(&actor, &target, current, source)?;
        }
        let hash = passwords::hash(&password)?;
        let now = self.now();
        self.write_as(&actor, Some(id), |c| -> Result<_, ServiceError> {
            let (_, permit) = judged::<act::CollaboratorSetPassword>(c, &actor, id)?;
            rows::set_password_hash(c, &permit, &hash, now)?;
            match own {
                true => sessions::revoke_all_but(c, target.id, actor.session_id())?,
                false => sessions::revoke_all(c, target.id)?,
            };
            record_change(
                c,
                now,
                &actor,
                Action::CollaboratorSetPassword,
                id,
                None,
                &[],
            )
        })?;
        telemetry::record_change(Action::CollaboratorSetPassword.key(), id);
        Ok(own)
    }

    /// A stolen session must not become a way to guess the password: the
    /// current password is checked from the same budget as logins, and every
    /// wrong one is audited. A spent budget refuses the change outright.
    fn check_current_password(
        &self,
        actor: &Actor,
        target: &Collaborator,
        current: &SecretString,
        source: &str,
    ) -> Result<(), ServiceError> {
        let subject = logins::subject(target.email.as_str());
        let (detail, refusal) = match self.check_password(&subject, source, current)? {
            // Setting the new password forgets the budget's failures.
            (Check::Right, Some(id)) if id == target.id.0 => return Ok(()),
            (_, None) => return Err(AuthError::Revoked.into()),
            (Check::Spent, _) => ("too many failures; not checked", self.locked_out()),
            _ => ("wrong current password", AuthError::BadCredentials),
        };
        tracing::warn!(
            collaborator = target.id.0,
            detail,
            "password change refused"
        );
        self.audit_failure(actor, Action::CollaboratorSetPassword, target.id.0, detail)?;
        Err(refusal.into())
    }

    /// Forgets every failed login counted against a collaborator, from every
    /// source: the way back in for someone an attacker locked out.
    pub fn unlock_collaborator(
        &self,
        token: Option<&SessionToken>,
        id: i32,
    ) -> Result<Unlocked, ServiceError> {
        let actor = self.authenticate(token)?;
        let now = self.now();
        self.write_as(&actor, Some(id), |c| -> Result<_, ServiceError> {
            let (target, permit) = judged::<act::CollaboratorUnlock>(c, &actor, id)?;
            let had_failures = rows::unlock(c, &permit)?;
            record_change(c, now, &actor, Action::CollaboratorUnlock, id, None, &[])?;
            Ok(Unlocked {
                collaborator: target,
                had_failures,
            })
        })
    }
}

/// The row as the transaction sees it; gone means someone deleted it meanwhile.
pub(super) fn current(c: &mut DbConnection, id: i32) -> Result<Collaborator, ServiceError> {
    rows::get(c, CollaboratorId(id))?.ok_or(ServiceError::NotFound {
        what: "collaborator",
        id,
    })
}

/// The collaborator as this transaction sees it, once the policy allows
/// `A` on them (see [`check`]): the permit is taken in the transaction that
/// uses it, so that it judges the row the write changes.
pub(super) fn judged<A: RecordAct>(
    c: &mut DbConnection,
    actor: &Actor,
    id: i32,
) -> Result<(Collaborator, Permit<A>), ServiceError> {
    let found = rows::get(c, CollaboratorId(id))?;
    let permit = check::<A, Collaborator>(actor, found.as_ref(), id)?;
    Ok((existing(found, id)?, permit))
}

pub(super) fn ensure_not_last_manager(
    c: &mut DbConnection,
    who: &Collaborator,
) -> Result<(), ServiceError> {
    if rows::count(c, Some(Department::Management))? <= 1 {
        return Err(Conflict::LastManager {
            name: who.name.to_string(),
        }
        .into());
    }
    Ok(())
}

/// Clients belong to sales reps and events to support: someone leaving
/// either department hands their records over first.
fn ensure_nothing_to_hand_over(
    c: &mut DbConnection,
    who: &Collaborator,
) -> Result<(), ServiceError> {
    let mut remaining = rows::responsibilities(c, who.id)?;
    if who.department != Department::Sales {
        remaining.clients.clear();
    }
    if who.department != Department::Support {
        remaining.events.clear();
    }
    if remaining.is_empty() {
        return Ok(());
    }
    Err(still_responsible(who, remaining).into())
}

pub(super) fn still_responsible(who: &Collaborator, what: rows::Responsibilities) -> Conflict {
    Conflict::StillResponsible {
        id: who.id.0,
        name: who.name.to_string(),
        clients: what.clients,
        events: what.events,
    }
}
