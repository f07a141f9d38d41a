//! The numbering plans a process needs, and only those. `phonenumber`'s
//! own database builds every territory's rules on first use (and its
//! formatter reaches for that database even when given another): 60-80 ms
//! and 14 MB in every command that reads a phone. Here each database holds
//! the default region's territory and those of one country code, built
//! from the crate's metadata file (libphonenumber's, Apache-2.0, carried
//! in `assets/`) the first time a number needs them.

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

use phonenumber::metadata::Database;
use phonenumber::{PhoneNumber, country};

/// libphonenumber's metadata, as `phonenumber` 0.3.10 ships it.
const METADATA: &str = include_str!("../assets/PhoneNumberMetadata.xml");

/// One `<territory>` element of the file.
struct Territory {
    id: &'static str,
    code: &'static str,
    xml: &'static str,
}

/// Every territory's element, found by a scan of the text (a fraction of
/// a millisecond; parsing the whole file as XML took 6 ms).
fn territories() -> &'static [Territory] {
    static ALL: OnceLock<Vec<Territory>> = OnceLock::new();
    ALL.get_or_init(|| {
        let mut found = Vec::new();
        let mut rest = METADATA;
        while let Some(start) = rest.find("<territory ") {
            let Some(len) = rest[start..].find("</territory>") else {
                break;
            };
            let xml = &rest[start..start + len + "</territory>".len()];
            let head = &xml[..xml.find('>').unwrap_or(xml.len())];
            if let (Some(id), Some(code)) = (attribute(head, "id"), attribute(head, "countryCode"))
            {
                found.push(Territory { id, code, xml });
            }
            rest = &rest[start + xml.len()..];
        }
        found
    })
}

fn attribute<'a>(head: &'a str, name: &str) -> Option<&'a str> {
    let from = head.find(&format!(" {name}=\""))? + name.len() + 3;
    let len = head[from..].find('"')?;
    Some(&head[from..from + len])
}

/// The country calling code `digits` (an international number's, after
/// its `+`) begins with: codes are prefix-free, so at most one does.
pub fn calling_code(digits: &str) -> Option<&'static str> {
    territories()
        .iter()
        .map(|t| t.code)
        .find(|code| digits.starts_with(code))
}

/// The database for numbers read in `region`, and (when the number gives
/// one) those of calling code `code`: built once per process, then kept.
/// `code` is one [`calling_code`] found.
pub fn database(region: country::Id, code: Option<&'static str>) -> Option<&'static Database> {
    type Key = (country::Id, Option<&'static str>);
    static BUILT: OnceLock<Mutex<HashMap<Key, &'static Database>>> = OnceLock::new();
    let key = (region, code);
    let built = BUILT.get_or_init(Mutex::default);
    if let Some(db) = built.lock().unwrap_or_else(|e| e.into_inner()).get(&key) {
        return Some(db);
    }
    let id: &str = region.as_ref();
    let mut xml = String::from("<phoneNumberMetadata><territories>");
    for t in territories() {
        if t.id == id || Some(t.code) == code {
            xml.push_str(t.xml);
        }
    }
    xml.push_str("</territories></phoneNumberMetadata>");
    // The file is the crate's own: it parses, or no number can be read.
    let db: &'static Database = Box::leak(Box::new(Database::parse(&xml).ok()?));
    built
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .insert(key, db);
    Some(db)
}

/// `number` in the international format of its plan (`+33 6 12 34 56 78`):
/// what `phonenumber`'s formatter writes, with `database` only.
pub fn international(database: &Database, number: &PhoneNumber) -> Option<String> {
    let code = number.country().code();
    let meta = database.by_code(&code)?.into_iter().next()?;
    let national = number.national().to_string();
    let formats = match meta.international_formats() {
        [] => meta.formats(),
        some => some,
    };
    let format = formats.iter().find(|f| {
        let leading = f.leading_digits();
        leading.is_empty()
            || leading
                .last()
                .and_then(|l| l.find(&national))
                .is_some_and(|m| m.start() == 0)
                && f.pattern()
                    .find(&national)
                    .is_some_and(|m| m.start() == 0 && m.end() == national.len())
    });
    Some(match format {
        Some(f) => format!("+{code} {}", f.pattern().replace(&national, f.format())),
        None => format!("+{code} {national}"),
    })
}
