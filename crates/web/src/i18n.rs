//! French and English: the messages from Fluent catalogues (`locales/`),
//! dates, times and amounts as each language writes them, in the company's
//! time zone.

use std::sync::OnceLock;

use axum::http::{HeaderMap, header};
use chrono::NaiveDateTime;
use chrono_tz::Tz;
use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Fr,
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Fr, Lang::En];

    pub fn tag(self) -> &'static str {
        match self {
            Lang::Fr => "fr",
            Lang::En => "en",
        }
    }

    pub fn from_tag(tag: &str) -> Option<Lang> {
        let primary = tag.split(['-', '_']).next()?.trim().to_ascii_lowercase();
        match primary.as_str() {
            "fr" => Some(Lang::Fr),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// French for a browser that prefers it to English, English otherwise.
    pub fn negotiate(headers: &HeaderMap) -> Lang {
        let Some(accept) = headers
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok())
        else {
            return Lang::En;
        };
        let mut best: Option<(f32, Lang)> = None;
        for item in accept.split(',') {
            let mut parts = item.split(';');
            let Some(lang) = parts.next().and_then(Lang::from_tag) else {
                continue;
            };
            let q = parts
                .find_map(|p| p.trim().strip_prefix("q="))
                .and_then(|q| q.parse::<f32>().ok())
                .unwrap_or(1.0);
            if best.is_none_or(|(b, _)| q > b) {
                best = Some((q, lang));
            }
        }
        best.map_or(Lang::En, |(_, lang)| lang)
    }
}

const FR: &str = include_str!("../locales/fr.ftl");
const EN: &str = include_str!("../locales/en.ftl");

struct Catalogues {
    fr: FluentBundle<FluentResource>,
    en: FluentBundle<FluentResource>,
}

/// Builds a catalogue: its text is the crate's own, checked by the tests.
fn bundle(lang: Lang, text: &'static str) -> FluentBundle<FluentResource> {
    let resource = FluentResource::try_new(text.to_owned()).unwrap_or_else(|(partial, errors)| {
        tracing::error!(?errors, lang = lang.tag(), "a catalogue does not parse");
        partial
    });
    let id = match lang {
        Lang::Fr => unic_langid::langid!("fr"),
        Lang::En => unic_langid::langid!("en"),
    };
    let mut bundle = FluentBundle::new_concurrent(vec![id]);
    // Isolation marks around values would show in attributes and tests.
    bundle.set_use_isolating(false);
    if let Err(errors) = bundle.add_resource(resource) {
        tracing::error!(?errors, lang = lang.tag(), "a catalogue repeats a message");
    }
    bundle
}

fn catalogues() -> &'static Catalogues {
    static CATALOGUES: OnceLock<Catalogues> = OnceLock::new();
    CATALOGUES.get_or_init(|| Catalogues {
        fr: bundle(Lang::Fr, FR),
        en: bundle(Lang::En, EN),
    })
}

/// The words of one page, in one language and time zone.
#[derive(Clone, Copy)]
pub struct Tr {
    pub lang: Lang,
    pub zone: Tz,
}

impl Tr {
    pub fn new(lang: Lang, zone: Tz) -> Self {
        Self { lang, zone }
    }

    fn bundle(&self) -> &'static FluentBundle<FluentResource> {
        match self.lang {
            Lang::Fr => &catalogues().fr,
            Lang::En => &catalogues().en,
        }
    }

    /// The message `key`; its key itself when missing (the tests see to it
    /// that none is).
    pub fn t(&self, key: &str) -> String {
        self.format(key, None)
    }

    /// The message `key` with one number, for plurals: `{ $count }`.
    pub fn n(&self, key: &str, count: impl std::borrow::Borrow<i64>) -> String {
        let mut args = FluentArgs::new();
        args.set("count", *count.borrow());
        self.format(key, Some(&args))
    }

    fn format(&self, key: &str, args: Option<&FluentArgs>) -> String {
        let bundle = self.bundle();
        let Some(pattern) = bundle.get_message(key).and_then(|m| m.value()) else {
            tracing::warn!(key, lang = self.lang.tag(), "a message is missing");
            return key.to_owned();
        };
        let mut errors = Vec::new();
        bundle
            .format_pattern(pattern, args, &mut errors)
            .into_owned()
    }

    /// An amount: `12 500,00 €`, `€12,500.00`.
    pub fn money(&self, cents: i64) -> String {
        let sign = if cents < 0 { "-" } else { "" };
        let cents = cents.unsigned_abs();
        let (units, rest) = (cents / 100, cents % 100);
        let digits = units.to_string();
        let (group, decimal) = match self.lang {
            Lang::Fr => ('\u{a0}', ','),
            Lang::En => (',', '.'),
        };
        let mut grouped = String::new();
        for (i, d) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i) % 3 == 0 {
                grouped.push(group);
            }
            grouped.push(d);
        }
        match self.lang {
            Lang::Fr => format!("{sign}{grouped}{decimal}{rest:02}\u{a0}€"),
            Lang::En => format!("{sign}€{grouped}{decimal}{rest:02}"),
        }
    }

    /// A UTC time as a person reads it here: `12/03/2027 18:30`,
    /// `12 Mar 2027 18:30`.
    pub fn when(&self, utc: &NaiveDateTime) -> String {
        let local = utc.and_utc().with_timezone(&self.zone);
        match self.lang {
            Lang::Fr => local.format("%d/%m/%Y %H:%M").to_string(),
            Lang::En => local.format("%-d %b %Y %H:%M").to_string(),
        }
    }

    /// A day as a person reads it here: `12/03/2027`, `12 Mar 2027`.
    pub fn date(&self, day: &chrono::NaiveDate) -> String {
        match self.lang {
            Lang::Fr => day.format("%d/%m/%Y").to_string(),
            Lang::En => day.format("%-d %b %Y").to_string(),
        }
    }

    /// The day of a UTC time, here: `12/03/2027`, `12 Mar 2027`.
    pub fn day_of(&self, utc: &NaiveDateTime) -> String {
        self.date(&utc.and_utc().with_timezone(&self.zone).date_naive())
    }

    /// The time of day of a UTC time, here: `18:30`.
    pub fn clock(&self, utc: &NaiveDateTime) -> String {
        let local = utc.and_utc().with_timezone(&self.zone);
        local.format("%H:%M").to_string()
    }

    /// A value as the history shows it, old or new.
    pub fn shown(&self, value: &epicevents_domain::history::Shown) -> String {
        use epicevents_domain::history::Shown;
        match value {
            Shown::Nothing => self.t("value-none"),
            Shown::Text(text) => text.clone(),
            Shown::Money(cents) => self.money(*cents),
            Shown::Time(at) => self.when(&at.0),
            Shown::Count(n) => n.to_string(),
            Shown::Flag(true) => self.t("value-yes"),
            Shown::Flag(false) => self.t("value-no"),
            Shown::Contact { name, .. } => name.clone(),
        }
    }

    /// A changed field's name as the history shows it ("Support"); a field
    /// the catalogue does not know yet keeps its stored name.
    pub fn change(&self, field: &str) -> String {
        let key = format!("change-{}", field.replace('_', "-"));
        if self.bundle().has_message(&key) {
            self.t(&key)
        } else {
            field.to_owned()
        }
    }

    /// What someone did, from an action's key in the trail: "assigned".
    pub fn done(&self, action: &str) -> String {
        self.t(&format!("done-{}", action.replace('.', "-")))
    }

    /// A UTC time as a `datetime-local` field holds it, in the company's
    /// zone: `2027-03-12T18:30`.
    pub fn local_input(&self, utc: &NaiveDateTime) -> String {
        let local = utc.and_utc().with_timezone(&self.zone);
        local.format("%Y-%m-%dT%H:%M").to_string()
    }

    /// What a `datetime-local` field sent, as UTC: `None` when it is no
    /// time, or a time the zone skips (the hour clocks jump over). Of the
    /// two an autumn hour can be, the first.
    pub fn read_local_input(&self, text: &str) -> Option<NaiveDateTime> {
        use chrono::TimeZone;
        let naive = NaiveDateTime::parse_from_str(text.trim(), "%Y-%m-%dT%H:%M")
            .or_else(|_| NaiveDateTime::parse_from_str(text.trim(), "%Y-%m-%dT%H:%M:%S"))
            .ok()?;
        self.zone
            .from_local_datetime(&naive)
            .earliest()
            .map(|local| local.naive_utc())
    }

    /// The value of an HTML `datetime` attribute: the same instant, RFC 3339.
    pub fn machine(&self, utc: &NaiveDateTime) -> String {
        epicevents_domain::time::to_rfc3339(utc)
    }
}

mod rules;
#[cfg(test)]
mod tests;
