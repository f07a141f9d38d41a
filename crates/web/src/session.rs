//! The browser's session: the same revocable token as the CLI's, in a
//! `__Host-` cookie that script cannot read, sent to this origin only; and
//! the language the person chose.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, header};
use secrecy::SecretString;

use epicevents_api::SessionToken;

use crate::i18n::Lang;

pub const SESSION: &str = "__Host-epicevents";
pub const LANGUAGE: &str = "__Host-epicevents-lang";

/// The value of cookie `name` in the request, if sent.
pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|line| line.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_owned())
}

/// Sets the session cookie for `seconds`. The token is hexadecimal: it
/// needs no quoting.
pub fn set_session(token: &str, seconds: i64) -> Option<HeaderValue> {
    HeaderValue::from_str(&format!(
        "{SESSION}={token}; Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age={seconds}"
    ))
    .ok()
}

pub fn clear_session() -> HeaderValue {
    HeaderValue::from_static(
        "__Host-epicevents=; Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age=0",
    )
}

/// Remembers the language for a year.
pub fn set_language(lang: Lang) -> HeaderValue {
    match lang {
        Lang::Fr => HeaderValue::from_static(
            "__Host-epicevents-lang=fr; Path=/; Secure; SameSite=Lax; Max-Age=31536000",
        ),
        Lang::En => HeaderValue::from_static(
            "__Host-epicevents-lang=en; Path=/; Secure; SameSite=Lax; Max-Age=31536000",
        ),
    }
}

/// Who asks for a page, as far as the request says: their session's token,
/// their language, and where they were going (to come back after login).
pub struct Visit {
    pub token: Option<SessionToken>,
    pub lang: Lang,
    pub here: String,
}

impl<S: Send + Sync> FromRequestParts<S> for Visit {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let token = cookie(&parts.headers, SESSION)
            .filter(|t| !t.is_empty())
            .map(|t| SessionToken::from_secret(SecretString::from(t)));
        let lang = cookie(&parts.headers, LANGUAGE)
            .and_then(|l| Lang::from_tag(&l))
            .unwrap_or_else(|| Lang::negotiate(&parts.headers));
        let here = parts
            .uri
            .path_and_query()
            .map_or("/".to_owned(), |p| p.as_str().to_owned());
        Ok(Visit { token, lang, here })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookies_are_read_by_exact_name() {
        let mut h = HeaderMap::new();
        h.insert(
            header::COOKIE,
            HeaderValue::from_static("a=1; __Host-epicevents=abc; __Host-epicevents-lang=fr"),
        );
        assert_eq!(cookie(&h, SESSION).as_deref(), Some("abc"));
        assert_eq!(cookie(&h, LANGUAGE).as_deref(), Some("fr"));
        assert_eq!(cookie(&h, "__Host-epicevent"), None);
    }

    #[test]
    fn the_session_cookie_is_out_of_scripts_reach_and_this_sites_only() {
        let set = set_session("00ff", 3600).unwrap();
        let set = set.to_str().unwrap();
        for attribute in [
            "Path=/",
            "Secure",
            "HttpOnly",
            "SameSite=Lax",
            "Max-Age=3600",
        ] {
            assert!(set.contains(attribute), "{set}");
        }
        assert!(!set.contains("Domain"), "{set}");
        assert!(clear_session().to_str().unwrap().contains("Max-Age=0"));
    }
}
