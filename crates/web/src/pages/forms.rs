//! What every form shares: one template, each field labelled, each
//! problem beside its field in the rules' own words, nothing saved until
//! all is right; and for an edit, what the record holds now where someone
//! changed it meanwhile.

use askama::Template;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::NaiveDateTime;

use epicevents_api::{ApiError, ErrorKind};
use epicevents_service::ServiceError;

use super::{Chrome, render};
use crate::i18n::{Lang, Tr};

/// A problem with what was sent: beside `field`, or above the form.
pub struct Problem {
    pub field: Option<String>,
    pub message: String,
}

impl Problem {
    pub fn at(&self, field: &str) -> bool {
        self.field.as_deref() == Some(field)
    }

    /// The problem an error is, beside its field when the form has one of
    /// that name (`fields`). In English, in the CLI's words; in French, a
    /// broken rule in French after its field's label (the CLI's words where
    /// the rule is not known to the catalogue).
    pub(super) fn of(t: &Tr, error: ApiError, fields: &[(&str, &str)]) -> Self {
        let label = fields
            .iter()
            .find(|(name, _)| error.field.as_deref() == Some(*name))
            .map(|&(_, label)| label);
        let field = error.field.filter(|_| label.is_some());
        let translated = match (t.lang, error.kind, label) {
            (Lang::Fr, ErrorKind::Invalid, Some(label)) => error
                .data
                .get("rule")
                .and_then(|rule| rule.as_str())
                .and_then(|rule| t.rule(rule))
                .map(|rule| format!("{label}\u{a0}: {rule}")),
            _ => None,
        };
        Self {
            field,
            message: translated.unwrap_or(error.message),
        }
    }
}

/// One field: its name (the rules' name for it), label, input and value.
pub struct Field {
    pub name: &'static str,
    pub label: String,
    /// An input `type`, `textarea`, `checkbox`, or `number` (a text input
    /// with a numeric keyboard: "1 200" is a number people type).
    pub kind: &'static str,
    pub value: String,
    pub required: bool,
    /// On an edit someone else saved first: what the record holds now,
    /// where it differs from what was sent.
    pub now: Option<String>,
    /// A `select`'s choices: value and label.
    pub options: Vec<(String, String)>,
}

pub(super) fn field(
    t: &Tr,
    name: &'static str,
    kind: &'static str,
    value: &str,
    required: bool,
) -> Field {
    Field {
        name,
        label: t.t(&format!("form-{}", name.replace('_', "-"))),
        kind,
        value: value.to_owned(),
        required,
        now: None,
        options: Vec::new(),
    }
}

/// A client's fields, as creating and editing one show them: name,
/// e-mail, phone, company.
pub(super) fn client_fields(t: &Tr, [name, email, phone, company]: [&str; 4]) -> Vec<Field> {
    vec![
        field(t, "name", "text", name, true),
        field(t, "email", "email", email, true),
        field(t, "phone", "tel", phone, true),
        field(t, "company", "text", company, true),
    ]
}

/// An event's fields, as creating and editing one show them: name,
/// start, end, place, attendees, notes, and whether a start in the past
/// is meant.
pub(super) fn event_fields(
    t: &Tr,
    [name, starts_at, ends_at, location, attendees, notes, past]: [&str; 7],
) -> Vec<Field> {
    vec![
        field(t, "name", "text", name, true),
        field(t, "starts_at", "datetime-local", starts_at, true),
        field(t, "ends_at", "datetime-local", ends_at, true),
        field(t, "location", "text", location, true),
        field(t, "attendees", "number", attendees, true),
        field(t, "notes", "textarea", notes, false),
        field(t, "past", "checkbox", past, false),
    ]
}

/// A ticked checkbox, as a form sends it.
pub(super) fn ticked(value: &str) -> bool {
    !value.is_empty()
}

/// Where a form is and goes: its title, where it is sent, where "Cancel"
/// leads, and for an edit the version of the record it was opened on.
pub(super) struct Frame {
    pub title: String,
    pub action: String,
    pub back: String,
    pub version: Option<i32>,
}

#[derive(Template)]
#[template(path = "form.html")]
struct FormPage {
    c: Chrome,
    frame: Frame,
    fields: Vec<Field>,
    problem: Option<Problem>,
    /// Someone changed the record since the form was opened.
    stale: bool,
}

impl FormPage {
    fn wrong(&self, field: &Field) -> bool {
        self.problem.as_ref().is_some_and(|p| p.at(field.name))
    }
}

/// The form, or after a refused submission the form again with its
/// problem (422, or the refusal's own status).
pub(super) fn page(
    c: Chrome,
    frame: Frame,
    fields: Vec<Field>,
    problem: Option<ApiError>,
) -> Response {
    let status = problem.as_ref().map_or(StatusCode::OK, |e| {
        StatusCode::from_u16(e.kind.http_status()).unwrap_or(StatusCode::UNPROCESSABLE_ENTITY)
    });
    let labels: Vec<(&str, &str)> = fields.iter().map(|f| (f.name, f.label.as_str())).collect();
    let problem = problem.map(|mut e| {
        // The services name an event's times as the CLI's options do.
        e.field = e.field.map(|f| match f.as_str() {
            "start" => "starts_at".to_owned(),
            "end" => "ends_at".to_owned(),
            _ => f,
        });
        Problem::of(&c.t, e, &labels)
    });
    let stale = fields.iter().any(|f| f.now.is_some());
    let page = FormPage {
        c,
        frame,
        fields,
        problem,
        stale,
    };
    (status, render(&page)).into_response()
}

/// A form's start and end, typed in the company's zone, as UTC; or the
/// problem, beside the first that is no time.
pub(super) fn times(
    t: &Tr,
    starts: &str,
    ends: &str,
) -> Result<(NaiveDateTime, NaiveDateTime), ApiError> {
    match (t.read_local_input(starts), t.read_local_input(ends)) {
        (Some(starts), Some(ends)) => Ok((starts, ends)),
        (starts, _) => {
            let field = if starts.is_none() {
                "starts_at"
            } else {
                "ends_at"
            };
            let mut problem = ApiError::new(ErrorKind::Invalid, "bad_time", t.t("edit-bad-time"));
            problem.field = Some(field.to_owned());
            Err(problem)
        }
    }
}

/// What a refused submission gives back: the rules' refusals become the
/// form's problem; anything else (a refusal, a record gone) its own page.
pub(super) fn kept<T>(
    result: Result<T, ServiceError>,
) -> Result<Result<T, ApiError>, ServiceError> {
    match result {
        Ok(found) => Ok(Ok(found)),
        Err(error @ (ServiceError::Invalid(_) | ServiceError::Conflict(_))) => {
            Ok(Err(ApiError::from(error)))
        }
        Err(error) => Err(error),
    }
}
