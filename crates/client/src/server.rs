//! Which server to talk to: its URL and, for a company CA, the certificate
//! to trust. Remembered beside the session token after `login --server`.

use std::net::IpAddr;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Server {
    /// `https://host[:port][/prefix]`, without a trailing slash.
    pub url: String,
    /// A PEM file of the certificate authority to trust instead of the
    /// public ones (a company's own CA).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ca_cert: Option<PathBuf>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct ServerError(String);

impl Server {
    /// Checks the URL's form. Plain `http://` is accepted only for a server
    /// on this machine: elsewhere it would carry passwords and tokens in clear.
    pub fn parse(url: &str, ca_cert: Option<PathBuf>) -> Result<Self, ServerError> {
        let url = url.trim().trim_end_matches('/');
        let bad = |why: &str| ServerError(format!("{why}: {url:?}"));
        let uri: ureq::http::Uri = url
            .parse()
            .map_err(|_| bad("not a server URL such as https://crm.example.com"))?;
        let host = uri
            .host()
            .ok_or_else(|| bad("the server URL has no host"))?;
        if uri.query().is_some() {
            return Err(bad("the server URL cannot have a query"));
        }
        match uri.scheme_str() {
            Some("https") => {}
            Some("http") if is_loopback(host) => {}
            Some("http") => {
                return Err(bad(
                    "plain http:// would send passwords and tokens in clear; use https:// (http:// is for a server on this machine)",
                ));
            }
            _ => return Err(bad("the server URL must start with https://")),
        }
        Ok(Self {
            url: url.to_owned(),
            ca_cert,
        })
    }
}

fn is_loopback(host: &str) -> bool {
    let host = host.trim_start_matches('[').trim_end_matches(']');
    host.eq_ignore_ascii_case("localhost")
        || host.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn https_anywhere_http_only_on_this_machine() {
        assert_eq!(
            Server::parse("https://crm.example.com:8443/", None)
                .unwrap()
                .url,
            "https://crm.example.com:8443"
        );
        for ok in [
            "http://127.0.0.1:8080",
            "http://localhost:1",
            "http://[::1]:8080/crm",
        ] {
            Server::parse(ok, None).unwrap();
        }
        for bad in [
            "http://crm.example.com",
            "http://10.0.0.5:8080",
            "ftp://crm.example.com",
            "crm.example.com",
            "https://crm.example.com/?x=1",
            "",
        ] {
            assert!(Server::parse(bad, None).is_err(), "{bad}");
        }
    }
}
