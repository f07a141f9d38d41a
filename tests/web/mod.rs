//! The web pages, driven over HTTP against the real server as each
//! department: what each sees, what is refused, the session's cookie and
//! its end, the security headers, the languages and the cached assets;
//! each file one part of the interface.

mod account;
mod calendar;
mod changes;
mod daily;
mod exports;
mod figures;
mod imports;
mod lists;
mod pages;
mod people;
mod story;

use crate::common;

use chrono::Utc;
use common::records::fixture;
use common::server::ServerProcess;
use common::{TestDb, World};

/// A browser without script: it keeps the session's cookie and says where
/// its requests come from, as browsers do.
struct Browser {
    base: String,
    agent: ureq::Agent,
    cookie: Option<String>,
    language: &'static str,
}

struct Page {
    status: u16,
    location: Option<String>,
    set_cookie: Option<String>,
    headers: ureq::http::HeaderMap,
    body: String,
}

impl Browser {
    fn new(server: &ServerProcess) -> Self {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .build()
            .into();
        Self {
            base: server.url.clone(),
            agent,
            cookie: None,
            language: "en-GB,en;q=0.9",
        }
    }

    fn page(mut response: ureq::http::Response<ureq::Body>) -> Page {
        let header = |name: &str| {
            response
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
        };
        let location = header("location");
        let set_cookie = header("set-cookie");
        let headers = response.headers().clone();
        let body = response.body_mut().read_to_string().unwrap_or_default();
        Page {
            status: response.status().as_u16(),
            location,
            set_cookie,
            headers,
            body,
        }
    }

    fn get(&self, path: &str) -> Page {
        let mut request = self
            .agent
            .get(format!("{}{path}", self.base))
            .header("Accept-Language", self.language);
        if let Some(cookie) = &self.cookie {
            request = request.header("Cookie", cookie);
        }
        Self::page(request.call().unwrap())
    }

    fn post(&self, path: &str, origin: &str, form: &[(&str, &str)]) -> Page {
        let mut request = self
            .agent
            .post(format!("{}{path}", self.base))
            .header("Origin", origin)
            .header("Accept-Language", self.language);
        if let Some(cookie) = &self.cookie {
            request = request.header("Cookie", cookie);
        }
        Self::page(request.send_form(form.iter().copied()).unwrap())
    }

    /// A file `path` answers, as bytes: its status, its headers and body.
    fn download(&self, path: &str) -> (u16, ureq::http::HeaderMap, Vec<u8>) {
        let mut request = self
            .agent
            .get(format!("{}{path}", self.base))
            .header("Accept-Language", self.language);
        if let Some(cookie) = &self.cookie {
            request = request.header("Cookie", cookie);
        }
        let mut response = request.call().unwrap();
        let headers = response.headers().clone();
        let body = response
            .body_mut()
            .with_config()
            .limit(64 << 20)
            .read_to_vec()
            .unwrap();
        (response.status().as_u16(), headers, body)
    }

    /// Logs in through the login page; keeps the cookie it sets.
    fn login(&mut self, email: &str, password: &str) -> Page {
        let base = self.base.clone();
        let page = self.post(
            "/login",
            &base,
            &[("email", email), ("password", password), ("next", "/")],
        );
        if let Some(set) = &page.set_cookie {
            self.cookie = set.split(';').next().map(str::to_owned);
        }
        page
    }
}

impl Browser {
    /// A browser logged in as `email`.
    fn signed_in(server: &ServerProcess, email: &str, password: &str) -> Self {
        let mut browser = Self::new(server);
        let page = browser.login(email, password);
        assert_eq!(page.status, 303, "{email}: {}", page.body);
        browser
    }

    /// Posts `form` from this site's own pages.
    fn send(&self, path: &str, form: &[(&str, &str)]) -> Page {
        let base = self.base.clone();
        self.post(path, &base, form)
    }

    /// Posts `fields` and a file (its name and bytes) from this site's own
    /// pages, as a form with a file input sends them.
    fn upload(&self, path: &str, fields: &[(&str, &str)], file: (&str, &[u8])) -> Page {
        const BOUNDARY: &str = "epicevents-test-boundary-7f3a";
        let mut body = Vec::new();
        for (name, value) in fields {
            body.extend_from_slice(
                format!(
                    "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
                )
                .as_bytes(),
            );
        }
        body.extend_from_slice(
            format!(
                "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{}\"\r\nContent-Type: application/octet-stream\r\n\r\n",
                file.0
            )
            .as_bytes(),
        );
        body.extend_from_slice(file.1);
        body.extend_from_slice(format!("\r\n--{BOUNDARY}--\r\n").as_bytes());
        let mut request = self
            .agent
            .post(format!("{}{path}", self.base))
            .header("Origin", &self.base)
            .header("Accept-Language", self.language)
            .header(
                "Content-Type",
                format!("multipart/form-data; boundary={BOUNDARY}"),
            );
        if let Some(cookie) = &self.cookie {
            request = request.header("Cookie", cookie);
        }
        Self::page(request.send(&body[..]).unwrap())
    }
}

/// The value the input named `name` holds on a page.
fn input(page: &Page, name: &str) -> String {
    page.body
        .split(&format!(r#"name="{name}""#))
        .nth(1)
        .and_then(|rest| rest.split("value=\"").nth(1))
        .and_then(|rest| rest.split('"').next())
        .unwrap_or_else(|| panic!("no input {name}: {}", page.body))
        .to_owned()
}

/// A sales rep and a support person, one event of the rep's client run by
/// that support person, and one with no support yet (of a client nobody
/// owns, on an unsigned contract).
fn staffed(db: &TestDb) -> (i32, i32) {
    let mut world = World::new(db);
    let (bill, _) = world.hire("Bill Boquet", "bill@epic.test", "sales");
    let (kate, _) = world.hire("Kate Hastroff", "kate@epic.test", "support");
    let now = Utc::now().naive_utc();
    fixture(db, Some(bill), Some(kate), true, now);
    fixture(db, None, None, false, now);
    (bill, kate)
}

/// The id in the address a form's answer sends to: `/clients/7` → 7.
fn created(page: &Page, prefix: &str) -> i32 {
    let location = page.location.as_deref().unwrap_or_default();
    location
        .strip_prefix(prefix)
        .and_then(|id| id.parse().ok())
        .unwrap_or_else(|| panic!("{location}: {}", page.body))
}
