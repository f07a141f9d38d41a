//! One request to the API and what came back: a success body, the API's
//! own error, or a reason the API could not be heard (exit 8).

use std::time::Duration;

use serde::de::DeserializeOwned;
use ureq::Agent;
use ureq::tls::{RootCerts, TlsConfig};
use ureq::unversioned::resolver::DefaultResolver;
use ureq::unversioned::transport::{Connector as _, TcpConnector};

use epicevents_api::routes::{BASE, Method, Route};
use epicevents_api::{ApiError, ErrorKind, SessionToken};

use crate::Server;

/// How long to wait for a connection, and for a whole answer (a `--all`
/// list of a large table takes a while).
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
const ANSWER_TIMEOUT: Duration = Duration::from_secs(120);
/// The largest answer read: far above a `--all` of a million rows' page.
const MAX_ANSWER_BYTES: u64 = 1 << 30;
const JSON: &str = "application/json";

pub struct Transport {
    agent: Agent,
    /// `<server>/api/v1`.
    base: String,
    server: String,
}

/// A successful answer, not yet read as a value.
pub struct Answer {
    text: String,
    server: String,
}

impl Answer {
    pub fn json<T: DeserializeOwned>(self) -> Result<T, ApiError> {
        serde_json::from_str(&self.text).map_err(|e| {
            not_the_api(
                &self.server,
                &format!("an answer that is not the API's ({e})"),
            )
        })
    }
}

impl Transport {
    pub fn new(server: &Server) -> Result<Self, ApiError> {
        let config = Agent::config_builder()
            .http_status_as_error(false)
            .timeout_connect(Some(CONNECT_TIMEOUT))
            .timeout_global(Some(ANSWER_TIMEOUT))
            .user_agent(concat!("epicevents/", env!("CARGO_PKG_VERSION")))
            .tls_config(TlsConfig::builder().root_certs(RootCerts::WebPki).build())
            .build();
        let agent = match &server.ca_cert {
            None => config.into(),
            Some(path) => {
                let pins = pinned_certificates(path)?;
                let tls = crate::pinned::config(pins).map_err(|why| {
                    invalid_ca_cert(format!("{} cannot be trusted: {why}", path.display()))
                })?;
                let connector = TcpConnector::default().chain(crate::pinned::PinnedTls(tls));
                Agent::with_parts(config, connector, DefaultResolver::default())
            }
        };
        Ok(Self {
            agent,
            base: format!("{}{BASE}", server.url),
            server: server.url.clone(),
        })
    }

    pub fn call(
        &self,
        method: Method,
        path: &str,
        token: Option<&SessionToken>,
        body: Option<String>,
    ) -> Result<Answer, ApiError> {
        let (url, bearer, started) = self.start(path, token);
        let sent = match (method, body) {
            (Method::Get, _) => with_auth(self.agent.get(&url), bearer).call(),
            (Method::Delete, _) => with_auth(self.agent.delete(&url), bearer).call(),
            (Method::Post, body) => {
                let req = with_auth(self.agent.post(&url), bearer);
                match body {
                    Some(body) => req.header("content-type", JSON).send(body),
                    None => req.send_empty(),
                }
            }
            (Method::Patch, body) => with_auth(self.agent.patch(&url), bearer)
                .header("content-type", JSON)
                .send(body.unwrap_or_else(|| "null".into())),
            (Method::Put, body) => with_auth(self.agent.put(&url), bearer)
                .header("content-type", JSON)
                .send(body.unwrap_or_else(|| "null".into())),
        };
        self.answer(method.as_str(), path, started, sent)
    }

    /// Posts a gzip-compressed JSON body (an import's) to a route without
    /// parameters.
    pub fn upload(
        &self,
        route: Route,
        token: Option<&SessionToken>,
        gzipped: Vec<u8>,
    ) -> Result<Answer, ApiError> {
        let (url, bearer, started) = self.start(route.path, token);
        let sent = with_auth(self.agent.post(&url), bearer)
            .header("content-type", JSON)
            .header("content-encoding", "gzip")
            .send(&gzipped[..]);
        self.answer(route.method.as_str(), route.path, started, sent)
    }

    /// The URL, the authorization header and when the request started.
    fn start(
        &self,
        path: &str,
        token: Option<&SessionToken>,
    ) -> (String, Option<String>, std::time::Instant) {
        let url = format!("{}{path}", self.base);
        let bearer = token.map(|t| format!("Bearer {}", t.expose()));
        (url, bearer, std::time::Instant::now())
    }

    /// The answer, read; with `-v`, one line for the request: method, path
    /// (the API's, with its query), status and time. Never a header.
    fn answer(
        &self,
        method: &str,
        path: &str,
        started: std::time::Instant,
        sent: Result<ureq::http::Response<ureq::Body>, ureq::Error>,
    ) -> Result<Answer, ApiError> {
        let mut response = match sent {
            Ok(response) => response,
            Err(e) => {
                tracing::info!("{method} {}{path}: no answer ({e})", self.base);
                return Err(unreachable(&self.server, &e));
            }
        };
        let status = response.status();
        let ms = started.elapsed().as_secs_f64() * 1000.0;
        tracing::info!(
            "{method} {}{path} {} in {ms:.1} ms",
            self.base,
            status.as_u16()
        );
        let json = response
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("application/json"));
        let text = response
            .body_mut()
            .with_config()
            .limit(MAX_ANSWER_BYTES)
            .read_to_string()
            .map_err(|e| unreachable(&self.server, &e))?;
        if status.is_success() {
            return Ok(Answer {
                text,
                server: self.server.clone(),
            });
        }
        // A server says "unreachable" (503) of its own database.
        let error = json
            .then(|| serde_json::from_str::<ApiError>(&text).ok())
            .flatten();
        Err(error.unwrap_or_else(|| {
            not_the_api(
                &self.server,
                &format!("HTTP {status} that is not the API's"),
            )
        }))
    }
}

fn invalid_ca_cert(why: String) -> ApiError {
    let mut e = ApiError::new(
        ErrorKind::Invalid,
        "invalid",
        format!("invalid ca_cert: {why}"),
    )
    .with_data(serde_json::json!({ "rule": why }));
    e.field = Some("ca_cert".into());
    e
}

/// The certificates of a `--ca-cert` file: an authority's, or the server's
/// own (self-signed), in PEM.
fn pinned_certificates(
    path: &std::path::Path,
) -> Result<Vec<rustls_pki_types::CertificateDer<'static>>, ApiError> {
    let pem = std::fs::read(path)
        .map_err(|e| invalid_ca_cert(format!("cannot read {}: {e}", path.display())))?;
    let certs = ureq::tls::parse_pem(&pem)
        .filter_map(|item| match item {
            Ok(ureq::tls::PemItem::Certificate(c)) => {
                Some(Ok(rustls_pki_types::CertificateDer::from(c.der().to_vec())))
            }
            Ok(_) => None,
            Err(e) => Some(Err(e)),
        })
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| invalid_ca_cert(format!("{} is not PEM: {e}", path.display())))?;
    if certs.is_empty() {
        return Err(invalid_ca_cert(format!(
            "no certificate in {}",
            path.display()
        )));
    }
    Ok(certs)
}

fn with_auth<B>(
    request: ureq::RequestBuilder<B>,
    bearer: Option<String>,
) -> ureq::RequestBuilder<B> {
    match bearer {
        Some(value) => request.header("Authorization", value),
        None => request,
    }
}

fn not_the_api(server: &str, what: &str) -> ApiError {
    ApiError::new(
        ErrorKind::Unreachable,
        "not_the_api",
        format!("the server at {server} did not answer as the Epic Events API: {what}"),
    )
}

/// Why the server could not be heard, in words that say what to check.
fn unreachable(server: &str, e: &ureq::Error) -> ApiError {
    let cause = match e {
        ureq::Error::Timeout(_) => "timed out".to_owned(),
        ureq::Error::HostNotFound => "no such host".to_owned(),
        ureq::Error::ConnectionFailed => "connection failed".to_owned(),
        ureq::Error::Rustls(tls) => tls_cause(tls),
        ureq::Error::Io(io) => match io.get_ref().and_then(|i| i.downcast_ref::<rustls::Error>()) {
            Some(tls) => tls_cause(tls),
            None => match io.kind() {
                std::io::ErrorKind::ConnectionRefused => "connection refused".to_owned(),
                std::io::ErrorKind::TimedOut => "timed out".to_owned(),
                _ => io.to_string(),
            },
        },
        ureq::Error::Protocol(_) => {
            "it does not speak HTTP (is it https:// rather than http://?)".to_owned()
        }
        other => other.to_string(),
    };
    ApiError::new(
        ErrorKind::Unreachable,
        "unreachable",
        format!("cannot reach the server at {server}: {cause}"),
    )
}

fn tls_cause(e: &rustls::Error) -> String {
    use rustls::{CertificateError, Error};
    match e {
        // A self-signed certificate, without --ca-cert to trust it.
        e if crate::pinned::ca_as_end_entity(e) => {
            "TLS certificate not trusted (self-signed): give the server's certificate with --ca-cert".to_owned()
        }
        Error::InvalidCertificate(CertificateError::UnknownIssuer) => {
            "TLS certificate not trusted: give the server's certificate, or the authority's that signed it, with --ca-cert".to_owned()
        }
        Error::InvalidCertificate(CertificateError::NotValidForName)
        | Error::InvalidCertificate(CertificateError::NotValidForNameContext { .. }) => {
            "TLS certificate not valid for this host name: use the name the certificate was made for, or make one for this name".to_owned()
        }
        Error::InvalidCertificate(CertificateError::Expired)
        | Error::InvalidCertificate(CertificateError::ExpiredContext { .. }) => {
            "TLS certificate expired: the server needs a new one".to_owned()
        }
        Error::InvalidCertificate(CertificateError::NotValidYet)
        | Error::InvalidCertificate(CertificateError::NotValidYetContext { .. }) => {
            "TLS certificate not valid yet: check this machine's clock, or the certificate's dates".to_owned()
        }
        other => format!("TLS failed: {other}"),
    }
}
