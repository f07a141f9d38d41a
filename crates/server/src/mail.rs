//! The mailer: with an SMTP relay (`EPICEVENTS_SMTP_URL`), a thread beside
//! the server sends the e-mail queue, every second, through lettre. The
//! queue lives in the database, so a relay that is down, or a server that
//! stops, loses nothing: what is due goes when it can.

use std::time::Duration;

use epicevents_telemetry::metrics::{self, Counter};

use lettre::message::{Mailbox, header::ContentType};
use lettre::{Message, SmtpTransport, Transport};
use secrecy::{ExposeSecret, SecretString};

use epicevents_service::{Mail, Services};

/// Where and as whom the server sends e-mail.
pub struct MailSettings {
    /// `smtp://host:port`, `smtps://user:password@host`, …: a secret, since
    /// it may hold the relay's password.
    pub url: SecretString,
    /// The `From:` address, e.g. `Epic Events CRM <crm@epicevents.example>`.
    pub from: String,
}

#[derive(Debug, thiserror::Error)]
pub enum MailError {
    #[error("EPICEVENTS_SMTP_URL is not a relay lettre can use")]
    Url,
    #[error("EPICEVENTS_SMTP_FROM is not an e-mail address: {0}")]
    From(String),
}

/// Checks the settings, then starts the mailer thread for good.
#[allow(
    clippy::expect_used,
    reason = "at start-up, before any request: the server cannot run without it"
)]
pub fn start(services: Services, settings: &MailSettings) -> Result<(), MailError> {
    // The relay's own error could quote the URL, password included.
    let transport = SmtpTransport::from_url(settings.url.expose_secret())
        .map_err(|_| MailError::Url)?
        .timeout(Some(Duration::from_secs(30)))
        .build();
    let from: Mailbox = settings
        .from
        .parse()
        .map_err(|e: lettre::address::AddressError| MailError::From(e.to_string()))?;
    std::thread::Builder::new()
        .name("epicevents-mail".into())
        .spawn(move || {
            let mut send = |mail: &Mail| {
                let sent = deliver(&transport, &from, mail);
                metrics::count(match sent {
                    Ok(()) => Counter::MailSent,
                    Err(_) => Counter::MailFailed,
                });
                sent
            };
            loop {
                if let Err(e) = services.deliver_mail(&mut send) {
                    tracing::error!(error = %e, "the e-mail queue could not be read");
                }
                std::thread::sleep(Duration::from_secs(1));
            }
        })
        .expect("a thread can be started at start-up");
    Ok(())
}

fn deliver(transport: &SmtpTransport, from: &Mailbox, mail: &Mail) -> Result<(), String> {
    let to: Mailbox = mail.recipient.parse().map_err(|e| format!("{e}"))?;
    // The same on every try, so that a copy sent twice (a crash between
    // the relay's answer and marking it sent) can be told apart.
    let id = format!(
        "<{}.{}@epicevents>",
        mail.id,
        mail.queued_at.and_utc().timestamp_micros()
    );
    let message = Message::builder()
        .from(from.clone())
        .to(to)
        .subject(&mail.subject)
        .message_id(Some(id))
        .header(ContentType::TEXT_PLAIN)
        .body(mail.body.clone())
        .map_err(|e| e.to_string())?;
    transport
        .send(&message)
        .map(drop)
        .map_err(|e| e.to_string())
}
