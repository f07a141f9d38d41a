//! The rules' words in the page's language. The domain and the use cases
//! state a broken rule in English, as the CLI prints it (`must not be
//! empty`); each rule's English shape, with `{}` where it quotes a value,
//! names the catalogue message that says it, given those values as `$a`
//! and `$b`. A rule missing here is shown as the CLI says it; the tests
//! break every validator a form reaches and find each of its rules here.

use fluent_bundle::FluentArgs;

use super::Tr;

/// Each rule's English shape and its message.
const RULES: &[(&str, &str)] = &[
    ("must not be empty", "rule-not-empty"),
    ("must be at most {} characters", "rule-at-most-chars"),
    ("must be at least {} characters", "rule-at-least-chars"),
    (
        "must not contain bidirectional control characters (U+202A–U+202E, U+2066–U+2069…)",
        "rule-no-bidi",
    ),
    ("must contain a visible character", "rule-visible"),
    (
        "must not contain control characters other than new lines and tabs",
        "rule-no-control-but-lines",
    ),
    (
        "must not contain control characters (including new lines)",
        "rule-no-control",
    ),
    (
        "must be a phone number such as +33 6 12 34 56 78: digits with spaces, dots, dashes or \
         parentheses, an optional leading +, 4 to 15 digits",
        "rule-phone",
    ),
    ("must be a whole number from 0 to {}", "rule-whole-number"),
    ("must be after the start", "rule-after-start"),
    (
        "must be at most {} days after the start (a longer event is several events)",
        "rule-at-most-days",
    ),
    ("must not exceed the total ({})", "rule-not-over-total"),
    ("must look like name@example.com", "rule-email"),
    (
        "must have a domain with a dot, like name@example.com",
        "rule-email-domain",
    ),
    ("must be between 0 and 999 999 999.99", "rule-amount-range"),
    ("must not be negative", "rule-not-negative"),
    (
        "must have at most two decimals (whole cents)",
        "rule-whole-cents",
    ),
    (
        "must be an amount such as 1234.56, 1234,56, 1 234,56, 1.234,56 or 2500 €",
        "rule-amount",
    ),
    ("must be at most 999 999 999.99", "rule-amount-max"),
    (
        "is one of the most common passwords; choose another",
        "rule-common-password",
    ),
    (
        "must be one of sales (commercial), support, management (gestion)",
        "rule-department",
    ),
    (
        "is required to change your own password",
        "rule-current-password",
    ),
    ("must be before the event's end, {}", "rule-before-end"),
    ("must be after the event's start, {}", "rule-after-start-at"),
    (
        "{} happens twice in your time zone (clocks go back); add the offset, e.g. {}",
        "rule-time-twice",
    ),
    (
        "{} does not exist in your time zone (clocks go forward); pick another time",
        "rule-time-skipped",
    ),
    (
        "has no such date: {} is not in the calendar",
        "rule-no-such-date",
    ),
    ("is past the calendar's end", "rule-calendar-end"),
    ("must not be in the past", "rule-not-past"),
];

impl Tr {
    /// `rule` in this page's language, or `None` for a rule not known here.
    pub fn rule(&self, rule: &str) -> Option<String> {
        RULES.iter().find_map(|(shape, key)| {
            let values = quoted(shape, rule)?;
            let mut args = FluentArgs::new();
            for (name, value) in ["a", "b"].into_iter().zip(values) {
                args.set(name, value);
            }
            Some(self.format(key, Some(&args)))
        })
    }
}

/// The values `rule` quotes where `shape` has `{}`, when it has that shape.
fn quoted<'r>(shape: &str, rule: &'r str) -> Option<Vec<&'r str>> {
    let mut parts = shape.split("{}");
    let mut rest = rule.strip_prefix(parts.next()?)?;
    let mut values = Vec::new();
    let parts: Vec<&str> = parts.collect();
    for (i, literal) in parts.iter().enumerate() {
        let last = i + 1 == parts.len();
        let end = if last {
            rest.strip_suffix(literal).map(str::len)?
        } else {
            rest.find(literal).filter(|_| !literal.is_empty())?
        };
        values.push(&rest[..end]);
        rest = &rest[end + literal.len()..];
    }
    (rest.is_empty() && values.iter().all(|v| !v.is_empty())).then_some(values)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;
    use epicevents_domain as d;

    fn tr(lang: Lang) -> Tr {
        Tr::new(lang, chrono_tz::Europe::Paris)
    }

    /// Every shape, its `{}` filled: English gives back the CLI's words
    /// exactly, French other words quoting the same values.
    #[test]
    fn every_rule_reads_as_the_cli_says_it_in_english_and_in_french() {
        for (shape, key) in RULES {
            let mut samples = ["2027-03-28 02:30", "2027-03-28T02:30+02:00"].into_iter();
            let filled = shape
                .split("{}")
                .enumerate()
                .map(|(i, part)| match i {
                    0 => part.to_owned(),
                    _ => format!("{}{part}", samples.next().unwrap()),
                })
                .collect::<String>();
            assert_eq!(
                tr(Lang::En).rule(&filled).as_deref(),
                Some(filled.as_str()),
                "{key}"
            );
            let french = tr(Lang::Fr).rule(&filled).unwrap();
            assert_ne!(french, filled, "{key} is not translated");
            for sample in ["2027-03-28 02:30", "2027-03-28T02:30+02:00"]
                .iter()
                .take(shape.matches("{}").count())
            {
                assert!(french.contains(sample), "{key}: {french}");
            }
        }
    }

    /// The validators behind the forms, each made to refuse: every rule
    /// they state is one this table knows.
    #[test]
    fn every_rule_a_form_can_break_is_known() {
        let long = "x".repeat(5000);
        let password = |p: &str| d::Password::new(secrecy::SecretString::from(p.to_owned())).err();
        let refused: Vec<d::ValidationError> = [
            "".parse::<d::FullName>().err(),
            long.parse::<d::FullName>().err(),
            "a\u{202e}b".parse::<d::FullName>().err(),
            "\u{200b}".parse::<d::FullName>().err(),
            "a\nb".parse::<d::FullName>().err(),
            "a\u{7}b".parse::<d::Notes>().err(),
            "".parse::<d::Email>().err(),
            long.parse::<d::Email>().err(),
            "kevin".parse::<d::Email>().err(),
            "kevin@startup".parse::<d::Email>().err(),
            "12".parse::<d::Phone>().err(),
            d::Money::parse("total", "-1").err(),
            d::Money::parse("total", "1.234").err(),
            d::Money::parse("total", "douze").err(),
            d::Money::parse("total", "9999999999").err(),
            d::Money::from_cents(-1).err(),
            "-5".parse::<d::Attendees>().err(),
            d::check_span(
                chrono::NaiveDateTime::default(),
                chrono::NaiveDateTime::default() + chrono::Duration::days(40),
            )
            .err(),
            password("short"),
            password(&long),
            password("password"),
            "boss".parse::<d::Department>().err(),
        ]
        .into_iter()
        .map(|e| e.expect("refused"))
        .collect();
        let unknown: Vec<_> = refused
            .iter()
            .filter(|e| tr(Lang::Fr).rule(&e.rule).is_none())
            .map(|e| e.rule.clone())
            .collect();
        assert!(unknown.is_empty(), "{unknown:#?}");
    }

    #[test]
    fn a_shape_matches_only_what_it_says() {
        assert_eq!(
            quoted(
                "must be at most {} characters",
                "must be at most 100 characters"
            ),
            Some(vec!["100"])
        );
        assert_eq!(
            quoted(
                "must be at most {} characters",
                "must be at most characters"
            ),
            None
        );
        assert_eq!(quoted("must not be empty", "must not be empty!"), None);
        assert_eq!(quoted("{} x {}", "a x b"), Some(vec!["a", "b"]));
    }
}
