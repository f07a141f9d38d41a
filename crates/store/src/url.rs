//! Database URLs: which backend one names, and how it is shown without
//! its password.

use std::fmt;
use std::path::PathBuf;

use super::StoreError;

/// Which database a URL names. Chosen explicitly from the URL's form, never by
/// trying one driver after another.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DatabaseUrl {
    Sqlite(PathBuf),
    Postgres(String),
    /// MySQL or MariaDB, as `mysql://…` (a `mariadb://` URL is read as one).
    Mysql(String),
}

impl DatabaseUrl {
    /// `sqlite://PATH`, `postgres://…` / `postgresql://…`, or a bare file path.
    pub fn parse(url: &str) -> Result<Self, StoreError> {
        let url = url.trim();
        if url.is_empty() {
            return Err(StoreError::BadUrl("the database URL is empty".into()));
        }
        if let Some(path) = url.strip_prefix("sqlite://") {
            if path.is_empty() {
                return Err(StoreError::BadUrl("sqlite:// needs a file path".into()));
            }
            return Ok(Self::Sqlite(PathBuf::from(path)));
        }
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            return Ok(Self::Postgres(encode_userinfo(url)));
        }
        if url.starts_with("mysql://") {
            return Ok(Self::Mysql(encode_userinfo(url)));
        }
        if let Some(rest) = url.strip_prefix("mariadb://") {
            return Ok(Self::Mysql(encode_userinfo(&format!("mysql://{rest}"))));
        }
        if let Some((scheme, _)) = url.split_once("://") {
            return Err(StoreError::BadUrl(format!(
                "unsupported database scheme {scheme:?}: use sqlite://PATH, a file path, postgres://, mysql:// or mariadb://"
            )));
        }
        Ok(Self::Sqlite(PathBuf::from(url)))
    }
}

/// Shows the URL with any password replaced, so it is safe in messages and logs.
impl fmt::Display for DatabaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Sqlite(path) => write!(f, "sqlite://{}", path.display()),
            Self::Postgres(url) | Self::Mysql(url) => f.write_str(&redact_userinfo(url)),
        }
    }
}

impl DatabaseUrl {
    /// The password in the URL, as the server will receive it, if any: what
    /// must never appear in a message.
    pub fn password(&self) -> Option<String> {
        let (Self::Postgres(url) | Self::Mysql(url)) = self else {
            return None;
        };
        let (_, userinfo, _) = split_userinfo(url)?;
        let (_, password) = userinfo.split_once(':')?;
        Some(password.to_owned())
    }

    /// `text` with this URL's password removed, in every form it may take
    /// (as typed, percent-encoded, decoded), and any other URL's userinfo
    /// redacted: for the database's own error messages, which may quote
    /// what they were given.
    pub fn scrub(&self, text: &str) -> String {
        let mut text = redact_userinfo(text);
        if let Some(password) = self.password().filter(|p| !p.is_empty()) {
            for form in [percent_decode(&password), password] {
                text = text.replace(&form, "***");
            }
        }
        text
    }
}

/// The URL libpq is given: on a loopback host, with no `sslmode` chosen,
/// TLS is turned off. libpq's default ("prefer") negotiates TLS whenever the
/// server offers it, which on loopback protects nothing (the bytes never
/// leave the machine) and costs every command a handshake. Any `sslmode` in
/// the URL is kept as written.
pub(crate) fn for_libpq(url: &str) -> String {
    let rest = match split_userinfo(url) {
        Some((_, _, host)) => host,
        None => url.split_once("://").map_or(url, |(_, rest)| rest),
    };
    let host_and_port = rest.split(['/', '?']).next().unwrap_or_default();
    let host = match host_and_port.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or_default(),
        None => host_and_port.split(':').next().unwrap_or_default(),
    };
    let loopback = host == "localhost"
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback());
    if !loopback || url.contains("sslmode=") {
        return url.to_owned();
    }
    let separator = if url.contains('?') { '&' } else { '?' };
    format!("{url}{separator}sslmode=disable")
}

/// `scheme://`, the userinfo (`user[:password]`), and the rest (`host…`).
///
/// The userinfo ends at the *last* `@`: passwords are often typed with `@`,
/// `/`, `?` or `#` in them, unencoded, and splitting at the first of those
/// would leave part of the password in what is shown as the host.
fn split_userinfo(url: &str) -> Option<(&str, &str, &str)> {
    let (scheme, rest) = url.split_once("://")?;
    let (userinfo, host) = rest.rsplit_once('@')?;
    Some((&url[..scheme.len() + 3], userinfo, host))
}

/// The same server and database, logged into as `user` (with `password`,
/// percent-encoded, when there is one).
pub fn with_login(url: &str, user: &str, password: Option<&str>) -> String {
    let (scheme, host) = match split_userinfo(url) {
        Some((scheme, _, host)) => (scheme, host),
        None => url
            .split_once("://")
            .map_or(("postgres://", url), |(s, rest)| {
                (&url[..s.len() + 3], rest)
            }),
    };
    match password {
        Some(p) => format!("{scheme}{}:{}@{host}", encode_part(user), encode_part(p)),
        None => format!("{scheme}{}@{host}", encode_part(user)),
    }
}

/// `scheme://user:secret@host/…` → `scheme://user:***@host/…`.
pub fn redact_userinfo(text: &str) -> String {
    // Each URL in the text, up to the next whitespace (a message may quote one).
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("://") {
        let start = rest[..at]
            .rfind(|c: char| !(c.is_ascii_alphanumeric() || "+.-".contains(c)))
            .map_or(0, |i| i + 1);
        let end = rest[at..]
            .find(char::is_whitespace)
            .map_or(rest.len(), |e| at + e);
        out.push_str(&rest[..start]);
        out.push_str(&redact_one(&rest[start..end]));
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

fn redact_one(url: &str) -> String {
    match split_userinfo(url) {
        Some((scheme, userinfo, host)) => match userinfo.split_once(':') {
            Some((user, _)) => format!("{scheme}{user}:***@{host}"),
            None => url.to_owned(),
        },
        None => url.to_owned(),
    }
}

/// Percent-encodes what the user and password hold beyond URL-safe
/// characters, so that libpq reads them whole. Parts that are already
/// encoded (a `%` followed by two hex digits) are left as they are.
fn encode_userinfo(url: &str) -> String {
    let Some((scheme, userinfo, host)) = split_userinfo(url) else {
        return url.to_owned();
    };
    let (user, password) = match userinfo.split_once(':') {
        Some((u, p)) => (u, Some(p)),
        None => (userinfo, None),
    };
    let mut out = format!("{scheme}{}", encode_part(user));
    if let Some(password) = password {
        out.push(':');
        out.push_str(&encode_part(password));
    }
    out.push('@');
    out.push_str(host);
    out
}

fn encode_part(part: &str) -> String {
    if is_encoded(part) {
        return part.to_owned();
    }
    let mut out = String::with_capacity(part.len());
    for byte in part.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// Whether every `%` starts an escape: then the part was encoded already.
fn is_encoded(part: &str) -> bool {
    let bytes = part.as_bytes();
    part.contains('%')
        && bytes.iter().enumerate().all(|(i, &b)| {
            b != b'%'
                || bytes
                    .get(i + 1..i + 3)
                    .is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit))
        })
}

fn percent_decode(part: &str) -> String {
    let bytes = part.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok());
        match (bytes[i], hex.and_then(|h| u8::from_str_radix(h, 16).ok())) {
            (b'%', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn picks_the_backend_from_the_form_of_the_url() {
        assert_eq!(
            DatabaseUrl::parse("sqlite:///tmp/a.db").unwrap(),
            DatabaseUrl::Sqlite("/tmp/a.db".into())
        );
        assert_eq!(
            DatabaseUrl::parse("crm.sqlite3").unwrap(),
            DatabaseUrl::Sqlite("crm.sqlite3".into())
        );
        for pg in ["postgres://u@h/db", "postgresql://u:p@h:5432/db"] {
            assert!(matches!(
                DatabaseUrl::parse(pg).unwrap(),
                DatabaseUrl::Postgres(_)
            ));
        }
        assert_eq!(
            DatabaseUrl::parse("mysql://root@localhost/crm").unwrap(),
            DatabaseUrl::Mysql("mysql://root@localhost/crm".into())
        );
        assert_eq!(
            DatabaseUrl::parse("mariadb://crm:pw@db:3306/crm").unwrap(),
            DatabaseUrl::Mysql("mysql://crm:pw@db:3306/crm".into()),
            "MariaDB's scheme is MySQL's protocol"
        );
    }

    #[test]
    fn refuses_other_schemes_and_empty_urls() {
        assert!(DatabaseUrl::parse("oracle://root@localhost/crm").is_err());
        assert!(DatabaseUrl::parse("  ").is_err());
        assert!(DatabaseUrl::parse("sqlite://").is_err());
    }

    #[test]
    fn display_hides_the_password_but_keeps_the_rest() {
        let url = DatabaseUrl::parse("postgres://crm:s3cr3t@db.example:5432/crm?sslmode=require")
            .unwrap();
        let shown = url.to_string();
        assert!(!shown.contains("s3cr3t"));
        assert_eq!(
            shown,
            "postgres://crm:***@db.example:5432/crm?sslmode=require"
        );
        assert_eq!(
            redact_userinfo("postgres://crm@db/crm"),
            "postgres://crm@db/crm"
        );
        assert_eq!(
            redact_userinfo("postgres://a:b@c@d/x"),
            "postgres://a:***@d/x"
        );
    }

    /// Passwords people type, with the characters URLs reserve.
    const AWKWARD: &[&str] = &[
        "pa/SlashS3cret",
        "at@At2S3cret",
        "q?Mark#Hash",
        "co:lon:S3cret",
        "per%cent%zz",
        "sp ace",
        "üñí€ødé",
        "trailing@",
        "@leading/",
    ];

    #[test]
    fn awkward_passwords_never_show_and_reach_the_server_whole() {
        for password in AWKWARD {
            let typed = format!("postgres://crm:{password}@127.0.0.1:5432/x");
            let url = DatabaseUrl::parse(&typed).unwrap();
            let shown = url.to_string();
            assert_eq!(shown, "postgres://crm:***@127.0.0.1:5432/x", "{password}");
            // libpq gets it encoded, so it reads the right host and password.
            let DatabaseUrl::Postgres(sent) = &url else {
                unreachable!()
            };
            assert!(sent.ends_with("@127.0.0.1:5432/x"), "{sent}");
            assert_eq!(percent_decode(&url.password().unwrap()), *password);
            // A server's message quoting the password or its fragments, in
            // either form, comes out without it.
            let quoted = format!(
                "could not translate host name \"{password}@127.0.0.1\"; tried {typed} and {sent}"
            );
            let scrubbed = url.scrub(&quoted);
            let secret_part = password.trim_matches(|c| c == '@' || c == '/');
            assert!(!scrubbed.contains(secret_part), "{password}: {scrubbed}");
        }
    }

    #[test]
    fn an_encoded_password_is_kept_as_typed() {
        let url = DatabaseUrl::parse("postgres://crm:a%2Fb@h/x").unwrap();
        assert_eq!(url.password().unwrap(), "a%2Fb");
        assert_eq!(url.scrub("a/b and a%2Fb"), "*** and ***");
    }

    #[test]
    fn a_login_replaces_the_userinfo_and_keeps_the_rest() {
        let url = "postgres://admin:s3cret@db.example:5433/crm?sslmode=require";
        assert_eq!(
            with_login(url, "crm_server", Some("p@ss")),
            "postgres://crm_server:p%40ss@db.example:5433/crm?sslmode=require"
        );
        assert_eq!(
            with_login("postgres://db.example/crm", "crm_server", None),
            "postgres://crm_server@db.example/crm"
        );
    }

    #[test]
    fn loopback_connections_skip_tls_unless_the_url_asks() {
        use super::for_libpq;
        for (given, sent) in [
            (
                "postgres://u@127.0.0.1:5432/crm",
                "postgres://u@127.0.0.1:5432/crm?sslmode=disable",
            ),
            (
                "postgres://localhost/crm?application_name=x",
                "postgres://localhost/crm?application_name=x&sslmode=disable",
            ),
            (
                "postgresql://u:p@w@[::1]:5433/crm",
                "postgresql://u:p@w@[::1]:5433/crm?sslmode=disable",
            ),
            (
                "postgres://u@127.0.0.1/crm?sslmode=require",
                "postgres://u@127.0.0.1/crm?sslmode=require",
            ),
            (
                "postgres://u@db.example:5432/crm",
                "postgres://u@db.example:5432/crm",
            ),
            ("postgres://u@10.0.0.7/crm", "postgres://u@10.0.0.7/crm"),
        ] {
            assert_eq!(for_libpq(given), sent, "{given}");
        }
    }
}
