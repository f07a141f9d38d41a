use super::*;

fn keys(text: &str) -> Vec<String> {
    let mut keys: Vec<String> = text
        .lines()
        .filter(|l| l.starts_with(|c: char| c.is_ascii_lowercase()))
        .filter_map(|l| l.split_once(" =").map(|(k, _)| k.to_owned()))
        .collect();
    keys.sort();
    keys
}

#[test]
fn both_catalogues_have_the_same_messages_and_parse() {
    assert_eq!(keys(FR), keys(EN));
    for text in [FR, EN] {
        assert!(FluentResource::try_new(text.to_owned()).is_ok());
    }
}

/// Every key the templates and handlers ask for, in both languages.
#[test]
fn every_message_asked_for_exists() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/");
    let mut sources = Vec::new();
    for sub in ["templates", "src/pages"] {
        for entry in std::fs::read_dir(format!("{dir}{sub}")).unwrap() {
            sources.push(std::fs::read_to_string(entry.unwrap().path()).unwrap());
        }
    }
    let mut asked = Vec::new();
    for source in &sources {
        for call in [".t(\"", ".n(\"", "(\"home-"] {
            for part in source.split(call).skip(1) {
                let key = format!(
                    "{}{}",
                    if call == "(\"home-" { "home-" } else { "" },
                    part.split('"').next().unwrap()
                );
                asked.push(key);
            }
        }
    }
    assert!(asked.len() > 40, "{}", asked.len());
    for lang in Lang::ALL {
        let t = Tr::new(lang, chrono_tz::Europe::Paris);
        for key in &asked {
            assert!(
                t.bundle().get_message(key).is_some(),
                "{key} is missing in {}",
                lang.tag()
            );
        }
    }
}

#[test]
fn amounts_are_written_as_each_language_writes_them() {
    let fr = Tr::new(Lang::Fr, chrono_tz::Europe::Paris);
    let en = Tr::new(Lang::En, chrono_tz::Europe::Paris);
    assert_eq!(fr.money(1_250_000), "12\u{a0}500,00\u{a0}€");
    assert_eq!(en.money(1_250_000), "€12,500.00");
    assert_eq!(fr.money(5), "0,05\u{a0}€");
    assert_eq!(en.money(123_456_789), "€1,234,567.89");
}

#[test]
fn times_are_shown_in_the_companys_zone() {
    let fr = Tr::new(Lang::Fr, chrono_tz::Europe::Paris);
    let en = Tr::new(Lang::En, chrono_tz::America::New_York);
    let utc = chrono::NaiveDate::from_ymd_opt(2027, 3, 12)
        .unwrap()
        .and_hms_opt(17, 30, 0)
        .unwrap();
    assert_eq!(fr.when(&utc), "12/03/2027 18:30");
    // New York is still on standard time (UTC-5) on 12 March 2027.
    assert_eq!(en.when(&utc), "12 Mar 2027 12:30");
}

#[test]
fn french_for_a_browser_that_prefers_it_english_otherwise() {
    let with = |value: &'static str| {
        let mut h = HeaderMap::new();
        h.insert(header::ACCEPT_LANGUAGE, value.parse().unwrap());
        Lang::negotiate(&h)
    };
    assert_eq!(with("fr-FR,fr;q=0.9,en;q=0.8"), Lang::Fr);
    assert_eq!(with("en-GB,fr;q=0.5"), Lang::En);
    assert_eq!(with("de-DE,fr;q=0.7,en;q=0.3"), Lang::Fr);
    assert_eq!(with("de-DE"), Lang::En);
    assert_eq!(Lang::negotiate(&HeaderMap::new()), Lang::En);
    let t = Tr::new(Lang::Fr, chrono_tz::Europe::Paris);
    assert_eq!(t.n("inbox-unread", 3), "3 notifications non lues");
}

#[test]
fn every_action_says_what_was_done_in_both_languages() {
    for lang in Lang::ALL {
        let t = Tr::new(lang, chrono_tz::Europe::Paris);
        for action in epicevents_domain::policy::Action::ALL {
            let key = format!("done-{}", action.key().replace('.', "-"));
            assert!(
                t.bundle().get_message(&key).is_some(),
                "{key} in {}",
                lang.tag()
            );
        }
    }
    let en = Tr::new(Lang::En, chrono_tz::Europe::Paris);
    assert_eq!(en.done("event.assign"), "assigned");
    let fr = Tr::new(Lang::Fr, chrono_tz::Europe::Paris);
    assert_eq!(fr.done("contract.sign"), "a signé");
    assert_eq!(
        fr.shown(&epicevents_domain::history::Shown::Money(250_000)),
        "2\u{a0}500,00\u{a0}€"
    );
}

#[test]
fn a_time_typed_in_the_companys_zone_is_stored_as_utc() {
    let t = Tr::new(Lang::Fr, chrono_tz::Europe::Paris);
    let utc = t.read_local_input("2027-03-12T18:30").unwrap();
    assert_eq!(t.local_input(&utc), "2027-03-12T18:30");
    assert_eq!(utc.to_string(), "2027-03-12 17:30:00");
    // 02:30 does not exist in Paris on 28 March 2027: the clocks skip it.
    assert_eq!(t.read_local_input("2027-03-28T02:30"), None);
    assert_eq!(t.read_local_input("tomorrow"), None);
}

#[test]
fn the_history_names_changed_fields_in_the_pages_language() {
    let fr = Tr::new(Lang::Fr, chrono_tz::Europe::Paris);
    let en = Tr::new(Lang::En, chrono_tz::Europe::Paris);
    assert_eq!(en.change("support_contact"), "Support");
    assert_eq!(fr.change("sales_contact"), "Commercial");
    assert_eq!(fr.change("start"), "Début");
    // A field this version does not know keeps its stored name.
    assert_eq!(en.change("colour"), "colour");
}
