//! Logs and error reports: `tracing` for both, Sentry when `SENTRY_DSN` is set.
//!
//! Nothing leaves the machine unless `SENTRY_DSN` is set. Whatever does leave
//! goes through [`scrub_event`] / [`scrub_breadcrumb`] first: passwords,
//! tokens, password hashes and credentials in URLs are replaced, and the user
//! is reduced to an id.

use std::borrow::Cow;
use std::sync::{Arc, LazyLock};

use regex::Regex;
use sentry::integrations::tracing::BreadcrumbLayer;
use sentry::protocol::{Breadcrumb, Event, Map, User, Value};
use sentry::{ClientOptions, Level};
use tracing_subscriber::filter::LevelFilter;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::{EnvFilter, Layer};

use epicevents_domain::{CollaboratorId, Department};

pub mod metrics;

const REDACTED: &str = "[redacted]";

/// How much the console log shows (stderr). Independent of Sentry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verbosity {
    Quiet,
    Normal,
    Verbose,
    Debug,
}

/// How the console log is written: lines for people, or one JSON object a
/// line for a log collector (`serve --log-format json`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LogFormat {
    #[default]
    Text,
    Json,
}

/// Keeps Sentry alive until the program ends, then flushes what is queued.
pub struct Guard {
    _sentry: Option<sentry::ClientInitGuard>,
}

/// Sets up logging and, if `SENTRY_DSN` is set, Sentry.
pub fn init(verbosity: Verbosity, format: LogFormat) -> Guard {
    let sentry = std::env::var("SENTRY_DSN")
        .ok()
        .filter(|dsn| !dsn.trim().is_empty())
        .map(|dsn| sentry::init((dsn, options())));

    // The console stays silent by default: a command's output is its result,
    // and its one error line. RUST_LOG overrides.
    let default = match verbosity {
        Verbosity::Quiet | Verbosity::Normal => "off",
        Verbosity::Verbose => "epicevents=info",
        Verbosity::Debug => "epicevents=debug,diesel=debug",
    };
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(default));
    let console = match format {
        LogFormat::Text => tracing_subscriber::fmt::layer()
            .with_writer(std::io::stderr)
            .with_target(false)
            .with_ansi(colours(
                std::io::IsTerminal::is_terminal(&std::io::stderr()),
                std::env::var_os("NO_COLOR"),
            ))
            .with_filter(filter)
            .boxed(),
        LogFormat::Json => tracing_subscriber::fmt::layer()
            .json()
            .flatten_event(true)
            .with_current_span(false)
            .with_writer(std::io::stderr)
            .with_filter(filter)
            .boxed(),
    };
    // Info and above become breadcrumbs (scrubbed on the way); errors are
    // captured explicitly, once, with the reference the user is shown.
    let breadcrumbs = BreadcrumbLayer::new().with_filter(LevelFilter::INFO);
    let _ = tracing_subscriber::registry()
        .with(console)
        .with(breadcrumbs)
        .try_init();
    Guard { _sentry: sentry }
}

/// Colours in the log only on a terminal, and never when `NO_COLOR` is set
/// to anything but the empty string (no-color.org).
fn colours(on_terminal: bool, no_color: Option<std::ffi::OsString>) -> bool {
    on_terminal && no_color.is_none_or(|v| v.is_empty())
}

/// The Sentry options the product runs with (tests use the same ones).
pub fn options() -> ClientOptions {
    let mut options = ClientOptions::default();
    options.release = sentry::release_name!();
    options.environment = Some(Cow::Owned(
        std::env::var("SENTRY_ENVIRONMENT").unwrap_or_else(|_| "production".to_owned()),
    ));
    options.send_default_pii = false;
    options.attach_stacktrace = true;
    options.before_send = Some(Arc::new(|event| Some(scrub_event(event))));
    options.before_breadcrumb = Some(Arc::new(|crumb| Some(scrub_breadcrumb(crumb))));
    options
}

/// Where a request's log line learns who made it: the server makes one
/// per request and runs the request's work [`within`] it, and
/// [`set_actor`] fills it in.
#[derive(Debug, Clone, Default)]
pub struct ActorSlot(Arc<std::sync::atomic::AtomicI32>);

impl ActorSlot {
    /// The collaborator the request acted as, once authenticated.
    pub fn get(&self) -> Option<i32> {
        Some(self.0.load(std::sync::atomic::Ordering::Relaxed)).filter(|&id| id != 0)
    }
}

thread_local! {
    static SLOT: std::cell::RefCell<Option<ActorSlot>> = const { std::cell::RefCell::new(None) };
}

/// Runs `work` (on this thread) on behalf of the request `slot` belongs to.
pub fn within<T>(slot: Option<&ActorSlot>, work: impl FnOnce() -> T) -> T {
    let before = SLOT.with(|s| s.replace(slot.cloned()));
    let result = work();
    SLOT.with(|s| *s.borrow_mut() = before);
    result
}

/// Tags what follows with the acting collaborator: id and department only.
pub fn set_actor(id: CollaboratorId, department: Department) {
    SLOT.with(|s| {
        if let Some(slot) = s.borrow().as_ref() {
            slot.0.store(id.0, std::sync::atomic::Ordering::Relaxed);
        }
    });
    sentry::configure_scope(|scope| {
        scope.set_user(Some(User {
            id: Some(id.to_string()),
            ..Default::default()
        }));
        scope.set_tag("department", department.as_str());
    });
}

/// Records a change to an account as a Sentry event (info level).
pub fn record_change(action: &str, subject: i32) {
    tracing::info!(action, subject, "change recorded");
    sentry::with_scope(
        |scope| {
            scope.set_tag("action", action);
            scope.set_tag("subject", subject);
        },
        || sentry::capture_message(action, Level::Info),
    );
}

/// Reports an unexpected error and returns the reference to show the user:
/// the Sentry event id when Sentry is on, a local one (in the log) otherwise.
pub fn capture_unexpected(error: &(dyn std::error::Error + 'static)) -> String {
    let id = sentry::capture_error(error);
    let reference = if id.is_nil() {
        let mut bytes = [0u8; 4];
        getrandom::fill(&mut bytes).unwrap_or_default();
        bytes.iter().map(|b| format!("{b:02x}")).collect()
    } else {
        id.simple().to_string()
    };
    tracing::error!(reference, error = %scrub_text(&error.to_string()), "unexpected error");
    reference
}

#[allow(
    clippy::expect_used,
    reason = "a constant pattern, checked by the tests"
)]
static URL_CREDENTIALS: LazyLock<Regex> = LazyLock::new(|| {
    // Greedy up to the token's last `@`: typed passwords hold `@` and `/`.
    Regex::new(r"(?i)\b([a-z][a-z0-9+.\-]*://[^:/?#\s@]*):\S*@").expect("valid regex")
});
#[allow(
    clippy::expect_used,
    reason = "a constant pattern, checked by the tests"
)]
static KEY_VALUE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)\b(password|passwd|pwd|token|secret|api[_-]?key|authorization|dsn)(["']?\s*[:=]\s*["']?)([^\s"'&,;]+)"#)
        .expect("valid regex")
});
#[allow(
    clippy::expect_used,
    reason = "a constant pattern, checked by the tests"
)]
static HEX_TOKEN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b[0-9a-fA-F]{64}\b").expect("valid regex"));
#[allow(
    clippy::expect_used,
    reason = "a constant pattern, checked by the tests"
)]
static ARGON2: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"\$argon2(id|i|d)\$[^\s"']+"#).expect("valid regex"));

/// Replaces anything that looks like a secret in free text.
pub fn scrub_text(text: &str) -> String {
    let text = URL_CREDENTIALS.replace_all(text, "$1:[redacted]@");
    let text = KEY_VALUE.replace_all(&text, "$1$2[redacted]");
    let text = HEX_TOKEN.replace_all(&text, REDACTED);
    ARGON2.replace_all(&text, REDACTED).into_owned()
}

fn is_sensitive_key(key: &str) -> bool {
    let key = key.to_ascii_lowercase();
    [
        "password",
        "passwd",
        "secret",
        "token",
        "authorization",
        "cookie",
        "dsn",
        "database_url",
        "hash",
    ]
    .iter()
    .any(|s| key.contains(s))
}

fn scrub_value(value: &mut Value) {
    match value {
        Value::String(s) => *s = scrub_text(s),
        Value::Array(items) => items.iter_mut().for_each(scrub_value),
        Value::Object(map) => scrub_entries(map.iter_mut()),
        _ => {}
    }
}

fn scrub_map(map: &mut Map<String, Value>) {
    scrub_entries(map.iter_mut());
}

fn scrub_entries<'a>(entries: impl Iterator<Item = (&'a String, &'a mut Value)>) {
    for (key, value) in entries {
        if is_sensitive_key(key) {
            *value = Value::String(REDACTED.to_owned());
        } else {
            scrub_value(value);
        }
    }
}

pub fn scrub_breadcrumb(mut crumb: Breadcrumb) -> Breadcrumb {
    crumb.message = crumb.message.map(|m| scrub_text(&m));
    scrub_map(&mut crumb.data);
    crumb
}

pub fn scrub_event(mut event: Event<'static>) -> Event<'static> {
    event.message = event.message.map(|m| scrub_text(&m));
    if let Some(entry) = event.logentry.as_mut() {
        entry.message = scrub_text(&entry.message);
        entry.params.iter_mut().for_each(scrub_value);
    }
    for exception in event.exception.values.iter_mut() {
        exception.value = exception.value.take().map(|v| scrub_text(&v));
    }
    scrub_map(&mut event.extra);
    for (key, value) in event.tags.iter_mut() {
        *value = if is_sensitive_key(key) {
            REDACTED.to_owned()
        } else {
            scrub_text(value)
        };
    }
    let crumbs = std::mem::take(&mut event.breadcrumbs.values);
    event.breadcrumbs.values = crumbs.into_iter().map(scrub_breadcrumb).collect();
    // Only the id identifies the actor: no e-mail, name, IP or username.
    if let Some(user) = event.user.take() {
        event.user = Some(User {
            id: user.id,
            ..Default::default()
        });
    }
    event.request = None;
    event.server_name = None;
    event
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scrubs_every_kind_of_secret_from_text() {
        let token = "ab".repeat(32);
        let text = format!(
            "connect postgres://crm:hunter2@db/crm failed; password=hunter3 token: {token} \
             hash $argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA and \"secret\":\"s3\""
        );
        let out = scrub_text(&text);
        for secret in ["hunter2", "hunter3", &token, "aGFzaA", "s3\""] {
            assert!(!out.contains(secret), "{secret} survived in {out}");
        }
        assert!(out.contains("postgres://crm:[redacted]@db/crm"), "{out}");
    }

    #[test]
    fn scrubs_url_passwords_that_hold_reserved_characters() {
        for password in ["pa/SlashS3cret", "at@At2S3cret", "q?M#S3cret"] {
            let out = scrub_text(&format!(
                "cannot open postgres://crm:{password}@127.0.0.1:5432/x: refused"
            ));
            assert_eq!(
                out,
                "cannot open postgres://crm:[redacted]@127.0.0.1:5432/x: refused"
            );
        }
    }

    #[test]
    fn colours_only_on_a_terminal_and_never_with_no_color() {
        assert!(colours(true, None));
        assert!(colours(true, Some("".into())));
        assert!(!colours(true, Some("1".into())));
        assert!(!colours(false, None));
    }

    #[test]
    fn leaves_ordinary_text_alone() {
        let text = "collaborator 12 (sales) may not delete this collaborator";
        assert_eq!(scrub_text(text), text);
    }

    #[test]
    fn sensitive_keys_are_redacted_whatever_their_value() {
        let mut map = Map::new();
        map.insert("new_password".into(), Value::String("plain words".into()));
        map.insert("count".into(), Value::from(3));
        scrub_map(&mut map);
        assert_eq!(map["new_password"], Value::String(REDACTED.into()));
        assert_eq!(map["count"], Value::from(3));
    }
}
