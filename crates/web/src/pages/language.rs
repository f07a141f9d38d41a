//! Choosing the language: remembered in a cookie, for every page after.

use axum::Form;
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use crate::i18n::Lang;
use crate::session::set_language;

#[derive(Deserialize)]
pub struct Choice {
    lang: String,
    #[serde(default)]
    back: Option<String>,
}

pub async fn choose(Form(choice): Form<Choice>) -> Response {
    let mut response = Redirect::to(super::login::local(choice.back.as_deref())).into_response();
    if let Some(lang) = Lang::from_tag(&choice.lang) {
        response
            .headers_mut()
            .insert(header::SET_COOKIE, set_language(lang));
    }
    response
}
