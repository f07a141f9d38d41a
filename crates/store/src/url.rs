use std::fmt;
use std::path::PathBuf;

use super::StoreError;

/// Which database a URL names. Chosen explicitly from the URL's form, never by
/// trying one driver after another.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DatabaseUrl {
    Sqlite(PathBuf),
    Postgres(String),
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
            return Ok(Self::Postgres(url.to_owned()));
        }
        if let Some((scheme, _)) = url.split_once("://") {
            return Err(StoreError::BadUrl(format!(
                "unsupported database scheme {scheme:?}: use sqlite://PATH, a file path, or postgres://"
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
            Self::Postgres(url) => f.write_str(&redact_userinfo(url)),
        }
    }
}

/// `scheme://user:secret@host/…` → `scheme://user:***@host/…`.
pub fn redact_userinfo(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(authority_end);
    match authority.rsplit_once('@') {
        Some((userinfo, host)) => {
            let user = userinfo.split(':').next().unwrap_or_default();
            if userinfo.contains(':') {
                format!("{scheme}://{user}:***@{host}{tail}")
            } else {
                format!("{scheme}://{user}@{host}{tail}")
            }
        }
        None => url.to_owned(),
    }
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
    }

    #[test]
    fn refuses_other_schemes_and_empty_urls() {
        assert!(DatabaseUrl::parse("mysql://root@localhost/crm").is_err());
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
}
