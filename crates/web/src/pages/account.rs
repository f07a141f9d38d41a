//! My account: who I am, and changing my password. The current password
//! is checked from the same budget as logins; a change ends every other
//! session of the account (another browser, the command line), this one
//! goes on.

use std::net::SocketAddr;

use askama::Template;
use axum::Form;
use axum::extract::{ConnectInfo, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;

use epicevents_api::{ApiError, ErrorKind};
use epicevents_domain::Collaborator;
use epicevents_service::ServiceError;

use super::forms::Problem;
use super::{Chrome, load, render};
use crate::i18n::Tr;
use crate::session::Visit;
use crate::{Host, Web};

#[derive(Template)]
#[template(path = "account.html")]
struct AccountPage {
    c: Chrome,
    me: Collaborator,
    problem: Option<Problem>,
    /// The password was just changed.
    changed: bool,
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

pub async fn page<H: Host>(State(web): State<Web<H>>, visit: Visit) -> Response {
    match load(&web, visit, |_, _, me| Ok(me.clone())).await {
        Ok((c, me)) => render(&AccountPage {
            c,
            me,
            problem: None,
            changed: false,
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
            Err(ServiceError::Auth(
                refusal @ (epicevents_service::AuthError::BadCredentials
                | epicevents_service::AuthError::LockedOut { .. }),
            )) => {
                let said = match refusal {
                    epicevents_service::AuthError::LockedOut { minutes } => {
                        t.n("login-locked", minutes)
                    }
                    _ => t.t("account-wrong-current"),
                };
                let mut problem = ApiError::new(ErrorKind::NotAuthenticated, refusal.code(), said);
                problem.field = Some("current_password".into());
                Err(problem)
            }
            Err(error) => return Err(error),
        };
        Ok((me.clone(), outcome))
    })
    .await;
    match outcome {
        Ok((c, (me, Ok(())))) => render(&AccountPage {
            c,
            me,
            problem: None,
            changed: true,
        }),
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
            let page = AccountPage {
                c,
                me,
                problem,
                changed: false,
            };
            (status, render(&page)).into_response()
        }
        Err(response) => response,
    }
}
