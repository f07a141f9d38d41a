//! My account: who I am, and changing my password. The current password
//! is checked from the same budget as logins; a change ends every session
//! of the account, this one too, so the person logs in again with the new
//! password.

use std::net::SocketAddr;

use askama::Template;
use axum::Form;
use axum::extract::{ConnectInfo, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;

use epicevents_api::{ApiError, ErrorKind};
use epicevents_domain::Collaborator;
use epicevents_service::ServiceError;

use super::forms::Problem;
use super::{Bare, Chrome, load, render};
use crate::i18n::Tr;
use crate::session::{Visit, clear_session};
use crate::{Host, Web};

#[derive(Template)]
#[template(path = "account.html")]
struct AccountPage {
    c: Chrome,
    me: Collaborator,
    problem: Option<Problem>,
}

impl AccountPage {
    fn wrong(&self, field: &str) -> bool {
        self.problem.as_ref().is_some_and(|p| p.at(field))
    }

    fn label(&self, field: &str) -> String {
        self.c
            .t
            .t(&format!("account-field-{}", field.replace('_', "-")))
    }
}

#[derive(Template)]
#[template(path = "password_changed.html")]
struct Changed {
    c: Bare,
}

pub async fn page<H: Host>(State(web): State<Web<H>>, visit: Visit) -> Response {
    match load(&web, visit, |_, _, me| Ok(me.clone())).await {
        Ok((c, me)) => render(&AccountPage {
            c,
            me,
            problem: None,
        }),
        Err(response) => response,
    }
}

#[derive(Deserialize)]
pub struct PasswordForm {
    current_password: SecretString,
    password: SecretString,
    confirm: SecretString,
}

/// The form's fields, by the names the rules give them.
const FIELDS: &[&str] = &["current_password", "password", "confirm"];

pub async fn change_password<H: Host>(
    State(web): State<Web<H>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    visit: Visit,
    Form(form): Form<PasswordForm>,
) -> Response {
    let t = Tr::new(visit.lang, web.settings.zone);
    let source = H::source(peer.ip());
    let outcome = load(&web, visit, move |s, token, me| {
        if form.password.expose_secret() != form.confirm.expose_secret() {
            let mut problem = ApiError::new(
                ErrorKind::Invalid,
                "confirm_differs",
                t.t("account-confirm-differs"),
            );
            problem.field = Some("confirm".into());
            return Ok((me.clone(), Err(problem)));
        }
        let changed = s.set_password(
            token,
            me.id.0,
            Some(&form.current_password),
            form.password,
            &source,
        );
        let outcome = match changed {
            Ok(_) => Ok(()),
            Err(error @ (ServiceError::Invalid(_) | ServiceError::Conflict(_))) => {
                Err(ApiError::from(error))
            }
            // A wrong current password (or a spent budget) is this form's
            // problem, not the end of the session.
            Err(ServiceError::Auth(epicevents_service::AuthError::BadCredentials)) => {
                let mut problem = ApiError::new(
                    ErrorKind::NotAuthenticated,
                    "bad_credentials",
                    t.t("account-wrong-current"),
                );
                problem.field = Some("current_password".into());
                Err(problem)
            }
            Err(error) => return Err(error),
        };
        Ok((me.clone(), outcome))
    })
    .await;
    match outcome {
        Ok((c, (_, Ok(())))) => {
            let mut response = render(&Changed { c: Bare::new(c.t) });
            response
                .headers_mut()
                .insert(header::SET_COOKIE, clear_session());
            response
        }
        Ok((c, (me, Err(problem)))) => {
            let status = match problem.kind {
                ErrorKind::NotAuthenticated => StatusCode::UNAUTHORIZED,
                _ => StatusCode::UNPROCESSABLE_ENTITY,
            };
            let labels: Vec<String> = FIELDS
                .iter()
                .map(|f| c.t.t(&format!("account-field-{}", f.replace('_', "-"))))
                .collect();
            let fields: Vec<(&str, &str)> = FIELDS
                .iter()
                .copied()
                .zip(labels.iter().map(String::as_str))
                .collect();
            let problem = Some(Problem::of(&c.t, problem, &fields));
            (status, render(&AccountPage { c, me, problem })).into_response()
        }
        Err(response) => response,
    }
}
