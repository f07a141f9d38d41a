//! The pages. Each handler reads the request, runs its use cases in one
//! turn at the database (who is asking and their unread count, then the
//! page's own), and renders one template; a refusal or a problem is a page
//! too, and an ended session goes back to the login page.

pub mod account;
pub mod archive;
pub mod calendar;
pub mod chart;
pub mod create;
pub mod edit;
pub mod events;
pub mod export;
pub mod figures;
pub mod forms;
pub mod handover;
pub mod home;
pub mod import;
pub mod inbox;
pub mod language;
pub mod lists;
pub mod login;
pub mod people;
pub mod records;
pub mod staffing;

use askama::Template;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};

use epicevents_api::{ApiError, ErrorKind, SessionToken};
use epicevents_domain::policy::{self, Action, Owned, Target};
use epicevents_domain::{Collaborator, Department};
use epicevents_service::{ServiceError, Services};

use crate::i18n::Tr;
use crate::session::Visit;
use crate::{Host, Web, assets};

/// What the layout shows on every page: who is here, their unread count,
/// the navigation, the assets.
pub struct Chrome {
    pub t: Tr,
    /// The visitor's collaborator id.
    pub id: i32,
    pub name: String,
    pub department: Department,
    pub department_label: String,
    pub unread: i64,
    pub here: String,
    pub css: &'static str,
    pub js: &'static str,
    pub script: &'static str,
}

/// Whether the policy lets `me` take `action` on `record`: what a page
/// offers. The server judges the request again all the same.
pub fn may<R: Owned>(me: &Collaborator, action: Action, record: &R) -> bool {
    policy::allows(
        me.department,
        action,
        Target::Record(policy::relation(me.id, Some(record))),
    )
}

/// Refuses, before any form is shown, whom the policy refuses a
/// collection action (create a client…).
pub fn allowed(me: &Collaborator, action: Action) -> Result<(), ServiceError> {
    Ok(policy::decide(me.department, action, Target::Collection)?)
}

/// Refuses, before any form is shown, whom the policy refuses `action` on
/// `record`.
pub fn allowed_on<R: Owned>(
    me: &Collaborator,
    action: Action,
    record: &R,
) -> Result<(), ServiceError> {
    let target = Target::Record(policy::relation(me.id, Some(record)));
    Ok(policy::decide(me.department, action, target)?)
}

/// After a change: on to `to`, or the page of its refusal.
pub fn then_to<T>(outcome: Result<(Chrome, T), Response>, to: &str) -> Response {
    match outcome {
        Ok(_) => Redirect::to(to).into_response(),
        Err(response) => response,
    }
}

impl Chrome {
    /// Whether this person's department may take a collection action
    /// (create a client…): what the page offers.
    pub fn can(&self, action: Action) -> bool {
        policy::allows(self.department, action, Target::Collection)
    }

    /// A department's name in the page's language.
    pub fn label_of(&self, department: impl std::borrow::Borrow<Department>) -> String {
        self.t.t(&format!("department-{}", department.borrow()))
    }

    /// Whether the navigation shows the collaborators (management only).
    pub fn sees_people(&self) -> bool {
        self.can(Action::CollaboratorList)
    }

    pub fn is(&self, department: &str) -> bool {
        self.department.as_str() == department
    }

    /// `aria-current` for the navigation's link to `path`.
    pub fn current(&self, path: &str) -> &'static str {
        let here = self.here.split('?').next().unwrap_or("/");
        let on = if path == "/" {
            here == "/"
        } else {
            here == path || here.starts_with(&format!("{path}/"))
        };
        if on { "page" } else { "false" }
    }
}

/// Runs a page's use cases for the visitor: who they are and their unread
/// count, then `work`, in one turn.
pub async fn load<H, T, F>(web: &Web<H>, visit: Visit, work: F) -> Result<(Chrome, T), Response>
where
    H: Host,
    T: Send + 'static,
    F: FnOnce(&Services, Option<&SessionToken>, &Collaborator) -> Result<T, ServiceError>
        + Send
        + 'static,
{
    let t = Tr::new(visit.lang, web.settings.zone);
    let Some(token) = visit.token else {
        return Err(to_login(&visit.here));
    };
    let outcome = web
        .host
        .run(move |s| {
            let (me, unread) = s.visitor(Some(&token))?;
            let found = work(s, Some(&token), &me.collaborator)?;
            Ok((me, unread, found))
        })
        .await;
    match outcome {
        Ok((me, unread, found)) => Ok((
            Chrome {
                t,
                id: me.collaborator.id.0,
                name: me.collaborator.name.to_string(),
                department: me.collaborator.department,
                department_label: t.t(&format!("department-{}", me.collaborator.department)),
                unread,
                here: visit.here.clone(),
                css: assets::CSS.path(),
                js: assets::JS.path(),
                script: assets::SCRIPT.path(),
            },
            found,
        )),
        Err(error) => Err(failure(t, &visit.here, error)),
    }
}

/// Back to the login page, to come back `here` after.
pub fn to_login(here: &str) -> Response {
    let next = serde_urlencoded::to_string([("next", here)]).unwrap_or_default();
    Redirect::to(&format!("/login?{next}")).into_response()
}

/// What a page without the navigation (login, a problem) shows around
/// itself.
pub struct Bare {
    pub t: Tr,
    pub css: &'static str,
    pub js: &'static str,
    pub script: &'static str,
}

impl Bare {
    pub fn new(t: Tr) -> Self {
        Self {
            t,
            css: assets::CSS.path(),
            js: assets::JS.path(),
            script: assets::SCRIPT.path(),
        }
    }
}

#[derive(Template)]
#[template(path = "problem.html")]
struct Problem<'a> {
    c: Bare,
    title: String,
    message: &'a str,
}

/// A refusal or a problem, as a page with its status; an ended session
/// goes to the login page.
pub fn failure(t: Tr, here: &str, error: ApiError) -> Response {
    if error.kind == ErrorKind::NotAuthenticated {
        let mut response = to_login(here);
        response
            .headers_mut()
            .insert(header::SET_COOKIE, crate::session::clear_session());
        return response;
    }
    let status =
        StatusCode::from_u16(error.kind.http_status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let title = match error.kind {
        ErrorKind::PermissionDenied => t.t("problem-denied"),
        ErrorKind::NotFound => t.t("problem-not-found"),
        ErrorKind::Invalid | ErrorKind::Conflict => t.t("problem-invalid"),
        _ => t.t("problem-other"),
    };
    let page = Problem {
        c: Bare::new(t),
        title,
        message: &error.message,
    };
    (status, render(&page)).into_response()
}

/// A template rendered, or the one problem no page can show: a template
/// that failed (logged; the person sees a plain sentence).
pub fn render(page: &impl Template) -> Response {
    match page.render() {
        Ok(html) => {
            let mut response = Html(html).into_response();
            response
                .headers_mut()
                .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            response
        }
        Err(error) => {
            tracing::error!(%error, "a page did not render");
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                "the page could not be shown",
            )
                .into_response()
        }
    }
}

/// Rows per page: a phone's screenful or two.
pub const PAGE: i64 = 25;
