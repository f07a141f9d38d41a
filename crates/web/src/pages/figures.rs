//! The homes' company-wide figures (what each rep is owed, events per
//! month), read at most once per [`FRESH`] for everyone: each is a sum or a
//! count over a whole table, which at a million rows costs seconds, where
//! a home must cost what a list does. Whoever finds them stale reads them
//! again while the others wait for that one read, not for one each.

use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use chrono::NaiveDateTime;
use epicevents_api::SessionToken;
use epicevents_domain::policy::Action;
use epicevents_domain::{Collaborator, Owed};
use epicevents_service::{ServiceError, Services};

use super::allowed;

/// How long figures are shown before they are read again.
pub const FRESH: Duration = Duration::from_secs(60);

#[derive(Clone)]
pub struct Figures {
    pub owed: Vec<Owed>,
    /// Events starting in each of the months asked for.
    pub per_month: Vec<i64>,
    months: Vec<(NaiveDateTime, NaiveDateTime)>,
}

#[derive(Clone, Default)]
pub struct Cache(Arc<Mutex<Option<(Instant, Figures)>>>);

impl Cache {
    /// The figures for `months`, read now if those kept are older than
    /// [`FRESH`] or for other months. The visitor (whose session the page
    /// has checked) gets kept figures only where the policy lets them read
    /// contracts and events, as the use cases would ask.
    pub fn get(
        &self,
        s: &Services,
        token: Option<&SessionToken>,
        me: &Collaborator,
        months: &[(NaiveDateTime, NaiveDateTime)],
    ) -> Result<Figures, ServiceError> {
        allowed(me, Action::ContractList)?;
        allowed(me, Action::EventList)?;
        let mut kept = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some((at, figures)) = kept.as_ref()
            && at.elapsed() < FRESH
            && figures.months == months
        {
            return Ok(figures.clone());
        }
        let figures = Figures {
            owed: s.owed_by_sales_contact(token)?,
            per_month: s.events_starting_in(token, months)?,
            months: months.to_vec(),
        };
        *kept = Some((Instant::now(), figures.clone()));
        Ok(figures)
    }
}
