//! The homes' company-wide figures (what each rep is owed, events per
//! month), read at most once per [`FRESH`] for everyone: each is a sum or a
//! count over a whole table, which at a million rows costs seconds, where
//! a home must cost what a list does.
//!
//! Nobody waits for figures once some were read: whoever finds them stale
//! shows them as they are and has them read again behind the page, once for
//! everyone. Only the first visitor (and the first after the months move
//! on) waits, and the others arriving meanwhile wait for that one read, not
//! for one each.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use chrono::NaiveDateTime;
use epicevents_api::SessionToken;
use epicevents_domain::policy::Action;
use epicevents_domain::{Collaborator, Owed};
use epicevents_service::{ServiceError, Services};
use secrecy::SecretString;

use super::allowed;

/// How long figures are shown before they are read again.
pub const FRESH: Duration = Duration::from_secs(60);

type Months = [(NaiveDateTime, NaiveDateTime)];

#[derive(Clone)]
pub struct Figures {
    pub owed: Vec<Owed>,
    /// Events starting in each of the months asked for.
    pub per_month: Vec<i64>,
    months: Vec<(NaiveDateTime, NaiveDateTime)>,
}

#[derive(Clone, Default)]
pub struct Cache(Arc<Kept>);

#[derive(Default)]
struct Kept {
    figures: Mutex<Option<(Instant, Figures)>>,
    /// Held by the one read that visitors with no figures to show wait for.
    first: Mutex<()>,
    /// Set while stale figures are read again behind the pages.
    refreshing: AtomicBool,
}

impl Cache {
    /// The figures for `months`: those kept, when they are for these
    /// months; read again behind the page when older than [`FRESH`]; read
    /// now when there are none. The visitor (whose session the page has
    /// checked) gets kept figures only where the policy lets them read
    /// contracts and events, as the use cases would ask.
    pub fn get(
        &self,
        s: &Services,
        token: Option<&SessionToken>,
        me: &Collaborator,
        months: &Months,
    ) -> Result<Figures, ServiceError> {
        allowed(me, Action::ContractList)?;
        allowed(me, Action::EventList)?;
        let (s, months_owned) = (s.clone(), months.to_vec());
        // The visitor's session, for the use cases' own checks, on whichever
        // thread reads.
        let token =
            token.map(|t| SessionToken::from_secret(SecretString::from(t.expose().to_owned())));
        self.get_at(Instant::now(), months, move || {
            let token = token.as_ref();
            Ok(Figures {
                owed: s.owed_by_sales_contact(token)?,
                per_month: s.events_starting_in(token, &months_owned)?,
                months: months_owned,
            })
        })
    }

    /// The same at `now`, `read` reading the figures.
    fn get_at<E: std::fmt::Display>(
        &self,
        now: Instant,
        months: &Months,
        read: impl FnOnce() -> Result<Figures, E> + Send + 'static,
    ) -> Result<Figures, E> {
        if let Some((at, figures)) = self.kept(months) {
            if now.saturating_duration_since(at) >= FRESH {
                self.refresh(read);
            }
            return Ok(figures);
        }
        let _first = self.0.first.lock().unwrap_or_else(PoisonError::into_inner);
        // Read by whoever held the lock before.
        if let Some((_, figures)) = self.kept(months) {
            return Ok(figures);
        }
        let figures = read()?;
        self.keep(now, &figures);
        Ok(figures)
    }

    /// The figures kept for `months`, and when they were read.
    fn kept(&self, months: &Months) -> Option<(Instant, Figures)> {
        let kept = self
            .0
            .figures
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        kept.as_ref()
            .filter(|(_, figures)| figures.months == months)
            .cloned()
    }

    fn keep(&self, at: Instant, figures: &Figures) {
        *self
            .0
            .figures
            .lock()
            .unwrap_or_else(PoisonError::into_inner) = Some((at, figures.clone()));
    }

    /// Reads the figures again on a thread of their own, unless another
    /// visitor's read is under way; a failure is logged, and the next
    /// visitor tries again.
    fn refresh<E: std::fmt::Display>(
        &self,
        read: impl FnOnce() -> Result<Figures, E> + Send + 'static,
    ) {
        if self.0.refreshing.swap(true, Ordering::AcqRel) {
            return;
        }
        let cache = self.clone();
        let spawned = std::thread::Builder::new()
            .name("home figures".into())
            .spawn(move || {
                match read() {
                    Ok(figures) => cache.keep(Instant::now(), &figures),
                    Err(e) => tracing::warn!(error = %e, "could not read the homes' figures again"),
                }
                cache.0.refreshing.store(false, Ordering::Release);
            });
        if let Err(e) = spawned {
            tracing::warn!(error = %e, "could not start reading the homes' figures again");
            self.0.refreshing.store(false, Ordering::Release);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicUsize;

    const MONTHS: &Months = &[];

    /// A read that counts itself and answers `n`.
    fn reading(
        n: i64,
        reads: &Arc<AtomicUsize>,
    ) -> impl FnOnce() -> Result<Figures, String> + Send + 'static {
        let reads = reads.clone();
        move || {
            reads.fetch_add(1, Ordering::SeqCst);
            Ok(Figures {
                owed: Vec::new(),
                per_month: vec![n],
                months: Vec::new(),
            })
        }
    }

    fn settled(cache: &Cache) {
        while cache.0.refreshing.load(Ordering::Acquire) {
            std::thread::yield_now();
        }
    }

    #[test]
    fn figures_are_read_once_while_fresh_then_again_behind_the_page() {
        let (cache, reads) = (Cache::default(), Arc::new(AtomicUsize::new(0)));
        let t0 = Instant::now();
        let first = cache.get_at(t0, MONTHS, reading(1, &reads)).unwrap();
        assert_eq!(first.per_month, [1]);
        let kept = cache
            .get_at(t0 + FRESH / 2, MONTHS, reading(2, &reads))
            .unwrap();
        assert_eq!((kept.per_month, reads.load(Ordering::SeqCst)), (vec![1], 1));
        // Stale: shown at once, read again on another thread.
        let stale = cache
            .get_at(t0 + FRESH, MONTHS, reading(3, &reads))
            .unwrap();
        assert_eq!(stale.per_month, [1]);
        settled(&cache);
        assert_eq!(reads.load(Ordering::SeqCst), 2);
        let now = Instant::now();
        assert_eq!(
            cache
                .get_at(now, MONTHS, reading(4, &reads))
                .unwrap()
                .per_month,
            [3]
        );
    }

    #[test]
    fn a_failed_read_again_keeps_the_figures_and_lets_the_next_visitor_try() {
        let (cache, reads) = (Cache::default(), Arc::new(AtomicUsize::new(0)));
        let t0 = Instant::now();
        cache.get_at(t0, MONTHS, reading(1, &reads)).unwrap();
        let late = t0 + FRESH * 2;
        let failing = || -> Result<Figures, String> { Err("the database is away".into()) };
        assert_eq!(cache.get_at(late, MONTHS, failing).unwrap().per_month, [1]);
        settled(&cache);
        cache.get_at(late, MONTHS, reading(2, &reads)).unwrap();
        settled(&cache);
        assert_eq!(
            cache
                .get_at(late, MONTHS, reading(9, &reads))
                .unwrap()
                .per_month,
            [2]
        );
    }

    #[test]
    fn other_months_are_read_now_and_a_first_read_is_shared() {
        let (cache, reads) = (Cache::default(), Arc::new(AtomicUsize::new(0)));
        let gate = Arc::new(std::sync::Barrier::new(4));
        let visitors: Vec<_> = (0..4)
            .map(|_| {
                let (cache, reads, gate) = (cache.clone(), reads.clone(), gate.clone());
                std::thread::spawn(move || {
                    gate.wait();
                    cache
                        .get_at(Instant::now(), MONTHS, reading(1, &reads))
                        .unwrap()
                })
            })
            .collect();
        for v in visitors {
            assert_eq!(v.join().unwrap().per_month, [1]);
        }
        assert_eq!(reads.load(Ordering::SeqCst), 1, "one read for all four");
        let month = chrono::NaiveDate::from_ymd_opt(2027, 1, 1)
            .and_then(|d| d.and_hms_opt(0, 0, 0))
            .unwrap();
        let other = [(month, month)];
        let read = reading(5, &reads);
        let moved = move || {
            read().map(|f| Figures {
                months: other.to_vec(),
                ..f
            })
        };
        assert_eq!(
            cache
                .get_at(Instant::now(), &other, moved)
                .unwrap()
                .per_month,
            [5]
        );
    }
}
