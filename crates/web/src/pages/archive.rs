//! Archiving a record and restoring it, from its page: one flow for
//! clients, contracts and events. An archived record leaves the lists but
//! keeps its page and history; the buttons are offered to whom the policy
//! allows them, and the server judges each request again.

use axum::extract::{Path, State};
use axum::response::Response;

use epicevents_api::SessionToken;
use epicevents_domain::policy::{Action, Owned};
use epicevents_domain::{Client, Collaborator, Contract, Event};
use epicevents_service::{ServiceError, Services};

use super::{load, may, then_to};
use crate::session::Visit;
use crate::{Host, Web};

/// A kind of record that can be archived.
pub trait Shelf: Owned {
    const PATH: &'static str;
    const ARCHIVE: Action;
    const RESTORE: Action;
    fn archived(&self) -> bool;
    fn archive(s: &Services, token: Option<&SessionToken>, id: i32) -> Result<(), ServiceError>;
    fn restore(s: &Services, token: Option<&SessionToken>, id: i32) -> Result<(), ServiceError>;
}

/// What a record's page offers: archive while it is not, restore once it
/// is, either only when the policy allows it.
pub struct Offer {
    pub archive: bool,
    pub restore: bool,
}

impl Offer {
    pub fn of<R: Shelf>(me: &Collaborator, record: &R) -> Self {
        Self {
            archive: !record.archived() && may(me, R::ARCHIVE, record),
            restore: record.archived() && may(me, R::RESTORE, record),
        }
    }

    pub fn any(&self) -> bool {
        self.archive || self.restore
    }
}

pub async fn archive<H: Host, R: Shelf>(
    State(web): State<Web<H>>,
    visit: Visit,
    Path(id): Path<i32>,
) -> Response {
    shelve::<H, R>(web, visit, id, R::archive).await
}

pub async fn restore<H: Host, R: Shelf>(
    State(web): State<Web<H>>,
    visit: Visit,
    Path(id): Path<i32>,
) -> Response {
    shelve::<H, R>(web, visit, id, R::restore).await
}

async fn shelve<H: Host, R: Shelf>(
    web: Web<H>,
    visit: Visit,
    id: i32,
    change: fn(&Services, Option<&SessionToken>, i32) -> Result<(), ServiceError>,
) -> Response {
    let outcome = load(&web, visit, move |s, token, _| change(s, token, id)).await;
    then_to(outcome, &format!("{}/{id}", R::PATH))
}

macro_rules! shelf {
    ($record:ty, $path:literal, $archive:ident, $restore:ident, $archive_fn:ident, $restore_fn:ident) => {
        impl Shelf for $record {
            const PATH: &'static str = $path;
            const ARCHIVE: Action = Action::$archive;
            const RESTORE: Action = Action::$restore;
            fn archived(&self) -> bool {
                self.archived_at.is_some()
            }
            fn archive(
                s: &Services,
                token: Option<&SessionToken>,
                id: i32,
            ) -> Result<(), ServiceError> {
                s.$archive_fn(token, id).map(drop)
            }
            fn restore(
                s: &Services,
                token: Option<&SessionToken>,
                id: i32,
            ) -> Result<(), ServiceError> {
                s.$restore_fn(token, id).map(drop)
            }
        }
    };
}

shelf!(
    Client,
    "/clients",
    ClientArchive,
    ClientRestore,
    archive_client,
    restore_client
);
shelf!(
    Contract,
    "/contracts",
    ContractArchive,
    ContractRestore,
    archive_contract,
    restore_contract
);
shelf!(
    Event,
    "/events",
    EventArchive,
    EventRestore,
    archive_event,
    restore_event
);
