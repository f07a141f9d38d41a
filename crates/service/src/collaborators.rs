//! Managing collaborators' accounts: management's job, plus everyone's own password.

use secrecy::{ExposeSecret, SecretString};

use super::records::parsed;
use super::{Actor, AuthError, ServiceError, Services, SessionToken, passwords, record_change};
use epicevents_domain::policy::{Act, Action, Relation, Target, act};
use epicevents_domain::{
    Collaborator, CollaboratorId, Department, Email, FullName, Password, ValidationError,
};
use epicevents_store::collaborators::{self as rows, Changes, NewAccount, Responsibilities};
use epicevents_store::{DbConnection, sessions};
use epicevents_telemetry as telemetry;

/// A new account as typed: every field is validated by the service.
pub struct NewCollaborator {
    pub name: String,
    pub email: String,
    pub department: String,
    pub password: SecretString,
}

/// Changes as typed; `None` keeps the current value.
#[derive(Debug, Default, Clone)]
pub struct UpdateCollaborator {
    pub name: Option<String>,
    pub email: Option<String>,
    pub department: Option<String>,
}

fn relation(actor: &Actor, record: CollaboratorId) -> Relation {
    if actor.id() == record {
        Relation::Own
    } else {
        Relation::Other
    }
}

fn parse_department(s: Option<&str>) -> Result<Option<Department>, ValidationError> {
    s.map(str::parse).transpose()
}

impl Services {
    /// Loads a collaborator and checks the actor may do `A` to them. A record
    /// that does not exist is nobody's own: the actor gets "denied" if they
    /// could not act on someone else's record anyway, "not found" otherwise.
    fn collaborator_with_permit<A: Act>(
        &mut self,
        actor: &Actor,
        id: i32,
    ) -> Result<(Collaborator, epicevents_domain::policy::Permit<A>), ServiceError> {
        let found = self.store.read(|c| rows::get(c, CollaboratorId(id)))?;
        let target = Target::Record(match &found {
            Some(record) => relation(actor, record.id),
            None => Relation::Other,
        });
        let permit = self.authorize::<A>(actor, target, Some(id))?;
        let record = found.ok_or(ServiceError::NotFound {
            what: "collaborator",
            id,
        })?;
        Ok((record, permit))
    }

    pub fn list_collaborators(
        &mut self,
        token: Option<&SessionToken>,
        department: Option<&str>,
    ) -> Result<Vec<Collaborator>, ServiceError> {
        let actor = self.authenticate(token)?;
        self.authorize::<act::CollaboratorList>(&actor, Target::Collection, None)?;
        let department = parse_department(department)?;
        Ok(self.store.read(|c| rows::list(c, department))?)
    }

    pub fn show_collaborator(
        &mut self,
        token: Option<&SessionToken>,
        id: i32,
    ) -> Result<Collaborator, ServiceError> {
        let actor = self.authenticate(token)?;
        let (record, _) = self.collaborator_with_permit::<act::CollaboratorShow>(&actor, id)?;
        Ok(record)
    }

    pub fn create_collaborator(
        &mut self,
        token: Option<&SessionToken>,
        input: NewCollaborator,
    ) -> Result<Collaborator, ServiceError> {
        let actor = self.authenticate(token)?;
        let permit = self.authorize::<act::CollaboratorCreate>(&actor, Target::Collection, None)?;
        let name: FullName = input.name.parse()?;
        let email: Email = input.email.parse()?;
        let department: Department = input.department.parse()?;
        let password = Password::new(input.password)?;
        let hash = passwords::hash(&password)?;
        let now = self.now();
        let created = self.store.write(|c| -> Result<_, ServiceError> {
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
            )?;
            Ok(created)
        })?;
        telemetry::record_change(Action::CollaboratorCreate.key(), created.id.0);
        Ok(created)
    }

    pub fn update_collaborator(
        &mut self,
        token: Option<&SessionToken>,
        id: i32,
        input: UpdateCollaborator,
    ) -> Result<Collaborator, ServiceError> {
        let actor = self.authenticate(token)?;
        let (_, permit) = self.collaborator_with_permit::<act::CollaboratorUpdate>(&actor, id)?;
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
        let now = self.now();
        let updated = self.store.write(|c| -> Result<_, ServiceError> {
            // Read again inside the transaction: the rule below must judge
            // the row as it is now, not as it was when the permit was given.
            let before = current(c, id)?;
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
                updated_at: Some(now),
            };
            let updated = rows::update(c, &permit, changes)?;
            if moved.is_some() {
                // Rights follow the department: sessions opened under the old one end now.
                sessions::revoke_all(c, updated.id)?;
            }
            let detail = moved.map(|d| format!("department {} -> {d}", before.department));
            record_change(c, now, &actor, Action::CollaboratorUpdate, id, detail)?;
            Ok(updated)
        })?;
        telemetry::record_change(Action::CollaboratorUpdate.key(), id);
        Ok(updated)
    }

    /// Changes a password. For one's own, the current password is required;
    /// management may reset anyone else's without it. Either way every session
    /// of that collaborator ends. Returns whether it was the actor's own.
    pub fn set_password(
        &mut self,
        token: Option<&SessionToken>,
        id: i32,
        current: Option<&SecretString>,
        new: SecretString,
    ) -> Result<bool, ServiceError> {
        let actor = self.authenticate(token)?;
        let (target, permit) =
            self.collaborator_with_permit::<act::CollaboratorSetPassword>(&actor, id)?;
        let own = target.id == actor.id();
        if own {
            let creds = self
                .store
                .read(|c| rows::credentials(c, target.id))?
                .ok_or(AuthError::Revoked)?;
            let current = current.ok_or_else(|| {
                ValidationError::new(
                    "current password",
                    "is required to change your own password",
                )
            })?;
            if !passwords::verify(&creds.password_hash, current.expose_secret()) {
                return Err(AuthError::BadCredentials.into());
            }
        }
        let password = Password::new(new)?;
        let hash = passwords::hash(&password)?;
        let now = self.now();
        self.store.write(|c| -> Result<_, ServiceError> {
            rows::set_password_hash(c, &permit, &hash, now)?;
            sessions::revoke_all(c, target.id)?;
            record_change(c, now, &actor, Action::CollaboratorSetPassword, id, None)
        })?;
        telemetry::record_change(Action::CollaboratorSetPassword.key(), id);
        Ok(own)
    }

    /// Deletes an account that is no longer responsible for anything.
    pub fn delete_collaborator(
        &mut self,
        token: Option<&SessionToken>,
        id: i32,
    ) -> Result<Collaborator, ServiceError> {
        let actor = self.authenticate(token)?;
        let (_, permit) = self.collaborator_with_permit::<act::CollaboratorDelete>(&actor, id)?;
        let now = self.now();
        let deleted = self.store.write(|c| -> Result<_, ServiceError> {
            let target = current(c, id)?;
            let remaining = rows::responsibilities(c, target.id)?;
            if !remaining.is_empty() {
                return Err(ServiceError::Conflict(still_responsible(
                    &target, &remaining,
                )));
            }
            if target.department == Department::Management {
                ensure_not_last_manager(c, &target)?;
            }
            rows::delete(c, &permit)?;
            record_change(c, now, &actor, Action::CollaboratorDelete, id, None)?;
            Ok(target)
        })?;
        telemetry::record_change(Action::CollaboratorDelete.key(), id);
        Ok(deleted)
    }
}

/// The row as the transaction sees it; gone means someone deleted it meanwhile.
fn current(c: &mut DbConnection, id: i32) -> Result<Collaborator, ServiceError> {
    rows::get(c, CollaboratorId(id))?.ok_or(ServiceError::NotFound {
        what: "collaborator",
        id,
    })
}

fn ensure_not_last_manager(c: &mut DbConnection, who: &Collaborator) -> Result<(), ServiceError> {
    if rows::count(c, Some(Department::Management))? <= 1 {
        return Err(ServiceError::Conflict(format!(
            "{} is the last management account; give another collaborator the management department first",
            who.name
        )));
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
    Err(ServiceError::Conflict(still_responsible(who, &remaining)))
}

fn ids(ids: &[i32]) -> String {
    ids.iter()
        .map(i32::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

fn still_responsible(who: &Collaborator, what: &Responsibilities) -> String {
    let mut parts = Vec::new();
    if !what.clients.is_empty() {
        parts.push(format!(
            "owns client(s) {} (reassign with `client update ID --sales-contact OTHER_ID`)",
            ids(&what.clients)
        ));
    }
    if !what.events.is_empty() {
        parts.push(format!(
            "is the support contact of event(s) {} (reassign with `event assign ID --support OTHER_ID`)",
            ids(&what.events)
        ));
    }
    format!(
        "{} still {}; reassign these first",
        who.name,
        parts.join(" and ")
    )
}
