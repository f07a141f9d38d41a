//! Signing in and out. The login goes through the server's own login (the
//! per-address throttle, then the account's budget); the session it opens
//! is the CLI's kind of token, kept in the browser's cookie.

use std::net::SocketAddr;

use askama::Template;
use axum::Form;
use axum::extract::{ConnectInfo, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use secrecy::SecretString;
use serde::Deserialize;

use epicevents_api::ErrorKind;

use super::{Bare, render};
use crate::i18n::Tr;
use crate::session::{Visit, clear_session, set_session};
use crate::{Host, Web};

#[derive(Deserialize, Default)]
pub struct Next {
    #[serde(default)]
    next: Option<String>,
}

/// Where to go after logging in: a path of this site only.
pub(super) fn local(next: Option<&str>) -> &str {
    match next {
        Some(path) if path.starts_with('/') && !path.starts_with("//") && !path.contains('\\') => {
            path
        }
        _ => "/",
    }
}

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage<'a> {
    c: Bare,
    next: &'a str,
    email: &'a str,
    problem: Option<String>,
}

pub async fn form<H: Host>(
    State(web): State<Web<H>>,
    visit: Visit,
    Query(next): Query<Next>,
) -> Response {
    let page = LoginPage {
        c: Bare::new(Tr::new(visit.lang, web.settings.zone)),
        next: local(next.next.as_deref()),
        email: "",
        problem: None,
    };
    render(&page)
}

#[derive(Deserialize)]
pub struct Credentials {
    email: String,
    password: SecretString,
    #[serde(default)]
    next: Option<String>,
}

pub async fn submit<H: Host>(
    State(web): State<Web<H>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    visit: Visit,
    Form(form): Form<Credentials>,
) -> Response {
    let t = Tr::new(visit.lang, web.settings.zone);
    let next = local(form.next.as_deref()).to_owned();
    match web
        .host
        .login(peer.ip(), form.email.clone(), form.password)
        .await
    {
        Ok(outcome) => {
            let seconds = (outcome.expires_at - chrono::Utc::now().naive_utc())
                .num_seconds()
                .max(0);
            let mut response = Redirect::to(&next).into_response();
            if let Some(cookie) = set_session(outcome.token.expose(), seconds) {
                response.headers_mut().insert(header::SET_COOKIE, cookie);
            }
            response
        }
        Err(error) => {
            // The same words whatever was wrong with the address or the
            // password; a lockout (which every address has alike), a
            // throttle's wait and an outage say what they are.
            let problem = match error.kind {
                ErrorKind::NotAuthenticated if error.code == "locked_out" => {
                    t.n("login-locked", error.number("minutes").unwrap_or(15))
                }
                ErrorKind::NotAuthenticated | ErrorKind::Invalid => t.t("login-refused"),
                ErrorKind::Throttled => {
                    let seconds = error.number("retry_after").unwrap_or(60).max(1);
                    t.n("login-throttled", (seconds + 59) / 60)
                }
                _ => error.message.clone(),
            };
            let status = axum::http::StatusCode::from_u16(error.kind.http_status())
                .unwrap_or(axum::http::StatusCode::UNAUTHORIZED);
            let page = LoginPage {
                c: Bare::new(t),
                next: &next,
                email: &form.email,
                problem: Some(problem),
            };
            (status, render(&page)).into_response()
        }
    }
}

/// Ends the session on the server (so the token is dead wherever it was
/// copied), then in the browser.
pub async fn logout<H: Host>(State(web): State<Web<H>>, visit: Visit) -> Response {
    if let Some(token) = visit.token
        && let Err(error) = web.host.run(move |s| s.logout(&token)).await
    {
        tracing::warn!(kind = ?error.kind, "logout from the web failed");
    }
    let mut response = Redirect::to("/login").into_response();
    response
        .headers_mut()
        .insert(header::SET_COOKIE, clear_session());
    response
}

#[cfg(test)]
mod tests {
    use super::local;

    #[test]
    fn after_login_only_this_sites_paths() {
        assert_eq!(local(Some("/events?mine=true")), "/events?mine=true");
        for outside in [
            "//evil.test/",
            "https://evil.test/",
            "/\\evil.test",
            "events",
        ] {
            assert_eq!(local(Some(outside)), "/", "{outside}");
        }
        assert_eq!(local(None), "/");
    }
}
