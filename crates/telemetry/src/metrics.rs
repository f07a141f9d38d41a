//! What `serve --metrics-listen` shows, in Prometheus' text format:
//! requests by route and status, their latency, login refusals and the
//! e-mail queue's traffic, counted in this process. Hand-written: a few
//! counters and one histogram, which a metrics crate would bring a
//! registry, macros and an exporter for.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, PoisonError};

/// Latency buckets, in seconds: a page is milliseconds, an import minutes.
const BUCKETS: [f64; 12] = [
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 5.0, 30.0,
];

/// Things counted one by one.
#[derive(Debug, Clone, Copy)]
pub enum Counter {
    /// Logins refused: wrong e-mail or password, spent budget, throttled.
    LoginRefused,
    /// Notifications' e-mails put in the queue.
    MailQueued,
    MailSent,
    /// Attempts the relay refused or that failed (the mail is retried).
    MailFailed,
}

const COUNTERS: [(Counter, &str, &str); 4] = [
    (
        Counter::LoginRefused,
        "epicevents_login_refusals_total",
        "Logins refused",
    ),
    (
        Counter::MailQueued,
        "epicevents_emails_queued_total",
        "E-mails queued",
    ),
    (
        Counter::MailSent,
        "epicevents_emails_sent_total",
        "E-mails sent",
    ),
    (
        Counter::MailFailed,
        "epicevents_emails_failed_total",
        "E-mail delivery attempts that failed",
    ),
];

static COUNTS: [AtomicU64; 4] = [const { AtomicU64::new(0) }; 4];

pub fn count(counter: Counter) {
    COUNTS[counter as usize].fetch_add(1, Ordering::Relaxed);
}

#[derive(Default)]
struct Route {
    by_status: BTreeMap<u16, u64>,
    buckets: [u64; BUCKETS.len()],
    count: u64,
    sum: f64,
}

static ROUTES: Mutex<BTreeMap<String, Route>> = Mutex::new(BTreeMap::new());

/// One request answered: its route pattern (never its ids), status and time.
pub fn request(route: &str, status: u16, seconds: f64) {
    let mut routes = ROUTES.lock().unwrap_or_else(PoisonError::into_inner);
    let entry = match routes.get_mut(route) {
        Some(entry) => entry,
        None => routes.entry(route.to_owned()).or_default(),
    };
    *entry.by_status.entry(status).or_default() += 1;
    for (bucket, bound) in entry.buckets.iter_mut().zip(BUCKETS) {
        if seconds <= bound {
            *bucket += 1;
        }
    }
    entry.count += 1;
    entry.sum += seconds;
}

/// The database pool, as the store sees it at the scrape.
#[derive(Debug, Clone, Copy, Default)]
pub struct Pool {
    pub in_use: u64,
    pub idle: u64,
    pub waiting: u64,
}

/// A label value, escaped as the text format wants.
fn label(value: &str) -> String {
    value
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

/// Everything, in Prometheus' text exposition format (version 0.0.4).
pub fn render(pool: Pool) -> String {
    let mut out = String::new();
    let routes = ROUTES.lock().unwrap_or_else(PoisonError::into_inner);
    out.push_str("# HELP epicevents_requests_total Requests answered, by route and status.\n");
    out.push_str("# TYPE epicevents_requests_total counter\n");
    for (route, r) in routes.iter() {
        for (status, n) in &r.by_status {
            let _ = writeln!(
                out,
                "epicevents_requests_total{{route=\"{}\",status=\"{status}\"}} {n}",
                label(route)
            );
        }
    }
    out.push_str("# HELP epicevents_request_duration_seconds Time to answer, by route.\n");
    out.push_str("# TYPE epicevents_request_duration_seconds histogram\n");
    for (route, r) in routes.iter() {
        let route = label(route);
        for (n, bound) in r.buckets.iter().zip(BUCKETS) {
            let _ = writeln!(
                out,
                "epicevents_request_duration_seconds_bucket{{route=\"{route}\",le=\"{bound}\"}} {n}"
            );
        }
        let _ = writeln!(
            out,
            "epicevents_request_duration_seconds_bucket{{route=\"{route}\",le=\"+Inf\"}} {}",
            r.count
        );
        let _ = writeln!(
            out,
            "epicevents_request_duration_seconds_sum{{route=\"{route}\"}} {}",
            r.sum
        );
        let _ = writeln!(
            out,
            "epicevents_request_duration_seconds_count{{route=\"{route}\"}} {}",
            r.count
        );
    }
    drop(routes);
    for (name, help, value) in [
        (
            "epicevents_db_connections_in_use",
            "Database connections in use",
            pool.in_use,
        ),
        (
            "epicevents_db_connections_idle",
            "Database connections open and idle",
            pool.idle,
        ),
        (
            "epicevents_db_connections_waiting",
            "Requests waiting for a database connection",
            pool.waiting,
        ),
    ] {
        let _ = writeln!(
            out,
            "# HELP {name} {help}.\n# TYPE {name} gauge\n{name} {value}"
        );
    }
    for (counter, name, help) in COUNTERS {
        let value = COUNTS[counter as usize].load(Ordering::Relaxed);
        let _ = writeln!(
            out,
            "# HELP {name} {help}.\n# TYPE {name} counter\n{name} {value}"
        );
    }
    out
}
