//! What a read leaves to write: a session's last use, now and then, and the
//! audit entry of a refusal. In local mode (one command, then the process
//! ends) it is written at once. On a server it goes to a writer of its own,
//! so that a read never waits on the database's write lock inside a request
//! (on SQLite, behind a long import); whatever reads the trail first waits
//! for what was queued before it, so the trail shows every refusal already
//! answered.

use std::collections::HashMap;
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Condvar, Mutex, PoisonError};
use std::time::Duration;

use chrono::NaiveDateTime;

use epicevents_store::audit::Entry;
use epicevents_store::unguarded::{audit, sessions};
use epicevents_store::{Store, StoreError};

/// One thing to write.
pub(crate) enum Chore {
    Touch { session: i32, at: NaiveDateTime },
    Audit(Entry<'static>),
}

/// How many chores one transaction of the writer takes at most.
const BATCH: usize = 500;
/// How often, and how far apart, a batch that failed is tried again.
const ATTEMPTS: u32 = 12;
const RETRY_AFTER: Duration = Duration::from_secs(5);
/// How long a reader of the trail waits for the writer, at most: past it,
/// the trail is read as it is (the writer is stuck on the database, and
/// the read would be too).
const FLUSH_WAIT: Duration = Duration::from_secs(10);

#[derive(Clone, Default)]
pub(crate) struct Bookkeeping {
    /// `None`: written at once, by the caller.
    queue: Option<Arc<Queue>>,
}

struct Queue {
    sender: Mutex<Option<Sender<Chore>>>,
    progress: Mutex<Progress>,
    written: Condvar,
    writer: Mutex<Option<std::thread::JoinHandle<()>>>,
}

#[derive(Default)]
struct Progress {
    queued: u64,
    done: u64,
}

impl Bookkeeping {
    /// A writer thread of its own, for a server.
    pub(crate) fn deferred(store: Store) -> Self {
        let (sender, receiver) = mpsc::channel();
        let queue = Arc::new(Queue {
            sender: Mutex::new(Some(sender)),
            progress: Mutex::new(Progress::default()),
            written: Condvar::new(),
            writer: Mutex::new(None),
        });
        let for_writer = Arc::clone(&queue);
        let writer = std::thread::Builder::new()
            .name("bookkeeping".into())
            .spawn(move || for_writer.drain(&store, &receiver));
        match writer {
            Ok(handle) => {
                *lock(&queue.writer) = Some(handle);
                Self { queue: Some(queue) }
            }
            Err(e) => {
                tracing::warn!(error = %e, "no bookkeeping thread: reads write their own");
                Self::default()
            }
        }
    }

    /// Queues `chore` for the writer, or, in local mode or once the writer
    /// has stopped (the server is shutting down), writes it now.
    pub(crate) fn write(&self, store: &Store, chore: Chore) -> Result<(), StoreError> {
        let unsent = match &self.queue {
            Some(queue) => match queue.send(chore) {
                None => return Ok(()),
                Some(chore) => chore,
            },
            None => chore,
        };
        store.write(|c| apply(c, std::slice::from_ref(&unsent)))
    }

    /// Waits until what was queued before this call is written.
    pub(crate) fn flush(&self) {
        let Some(queue) = &self.queue else { return };
        let progress = lock(&queue.progress);
        let target = progress.queued;
        let (_progress, waited) = queue
            .written
            .wait_timeout_while(progress, FLUSH_WAIT, |p| p.done < target)
            .unwrap_or_else(PoisonError::into_inner);
        if waited.timed_out() {
            tracing::warn!("the bookkeeping writer is behind; the trail is read without it");
        }
    }

    /// Writes what is queued and stops the writer: at the server's end.
    pub(crate) fn finish(&self) {
        let Some(queue) = &self.queue else { return };
        lock(&queue.sender).take();
        if let Some(writer) = lock(&queue.writer).take() {
            let _ = writer.join();
        }
    }
}

impl Queue {
    /// Hands `chore` to the writer, counted; gives it back when the writer
    /// has stopped.
    fn send(&self, chore: Chore) -> Option<Chore> {
        let mut progress = lock(&self.progress);
        let unsent = match lock(&self.sender).as_ref() {
            Some(sender) => sender.send(chore).err().map(|mpsc::SendError(c)| c),
            None => Some(chore),
        };
        if unsent.is_none() {
            progress.queued += 1;
        }
        unsent
    }

    fn drain(&self, store: &Store, receiver: &Receiver<Chore>) {
        while let Ok(first) = receiver.recv() {
            let mut batch = vec![first];
            batch.extend(receiver.try_iter().take(BATCH - 1));
            // A writer holding SQLite's lock past its busy wait (a long
            // import) must not cost the trail its refusals: tried again,
            // for about a minute, before they are given up.
            let mut attempts = 1;
            while let Err(e) = store.write(|c| apply(c, &batch)) {
                if attempts == ATTEMPTS {
                    tracing::error!(error = %e, chores = batch.len(), "bookkeeping not written");
                    break;
                }
                tracing::warn!(error = %e, attempts, "bookkeeping not written yet");
                std::thread::sleep(RETRY_AFTER);
                attempts += 1;
            }
            lock(&self.progress).done += batch.len() as u64;
            self.written.notify_all();
        }
    }
}

/// One transaction's worth: each session's latest use, every audit entry.
fn apply(c: &mut epicevents_store::DbConnection, chores: &[Chore]) -> Result<(), StoreError> {
    let mut touched: HashMap<i32, NaiveDateTime> = HashMap::new();
    let mut entries = Vec::new();
    for chore in chores {
        match chore {
            Chore::Touch { session, at } => {
                let latest = touched.entry(*session).or_insert(*at);
                *latest = (*latest).max(*at);
            }
            Chore::Audit(entry) => entries.push(entry.clone()),
        }
    }
    for (session, at) in touched {
        sessions::touch(c, session, at)?;
    }
    audit::record_all(c, &entries)
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}
