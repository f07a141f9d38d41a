//! Text as search and sorting compare it: case, accents and ligatures
//! folded away, the way a French reader would look a name up ("emile"
//! finds "Émile", "oeuvre" finds "Œuvre"), on every backend alike (SQLite's
//! own `lower()` folds ASCII only).

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Lower case, without accents, ligatures spelled out.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.nfkd().filter(|c| !is_combining_mark(*c)) {
        match c {
            'œ' | 'Œ' => out.push_str("oe"),
            'æ' | 'Æ' => out.push_str("ae"),
            'ß' => out.push_str("ss"),
            'ø' | 'Ø' => out.push('o'),
            'đ' | 'Đ' => out.push('d'),
            'ł' | 'Ł' => out.push('l'),
            c => out.extend(c.to_lowercase()),
        }
    }
    out
}

/// What a client's search compares against: its name, e-mail and company
/// folded, and its phone number's digits, international and (for French
/// numbers, the default region) national, so "0612" and "+33 6 12" both
/// find "+33 6 12 34 56 78".
pub fn client_search_text(name: &str, email: &str, company: &str, phone: &str) -> String {
    let digits: String = phone.chars().filter(char::is_ascii_digit).collect();
    // The other form of a French number: 06… for +33 6…, and +33 6… for 06….
    let other = match (
        phone.trim_start().starts_with('+'),
        digits.strip_prefix("33"),
    ) {
        (true, Some(rest)) => format!("0{rest}"),
        (false, _) if digits.len() == 10 && digits.starts_with('0') => {
            format!("33{}", &digits[1..])
        }
        _ => String::new(),
    };
    [fold(name), fold(email), fold(company), digits, other].join("\n")
}

/// The text an event search looks in: its name and location, folded as
/// the client search folds.
pub fn event_search_text(name: &str, location: &str) -> String {
    [fold(name), fold(location)].join("\n")
}

/// The words of a search, each of which must be found (in any field, in
/// any order): folded; a term that is a phone number in any spacing is one
/// word, its digits.
pub fn search_words(term: &str) -> Vec<String> {
    let pattern = search_pattern(term);
    if pattern.chars().all(|c| c.is_ascii_digit()) {
        return vec![pattern];
    }
    let mut words: Vec<String> = Vec::new();
    for word in pattern.split_whitespace() {
        if !words.iter().any(|w| w == word) {
            words.push(word.to_owned());
        }
    }
    words
}

/// What a search term is compared as: folded, and a term that is a phone
/// number in any spacing reduced to its digits.
pub fn search_pattern(term: &str) -> String {
    let phone_like = term
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '.' | '-' | '+' | '(' | ')'));
    if phone_like && term.chars().any(|c| c.is_ascii_digit()) {
        term.chars().filter(char::is_ascii_digit).collect()
    } else {
        fold(term)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_search_is_its_words_and_a_phone_is_one() {
        assert_eq!(search_words("Dupré  NGUYEN dupre"), ["dupre", "nguyen"]);
        assert_eq!(search_words("+33 6 12"), ["33612"]);
        assert_eq!(search_words("Élodie"), ["elodie"]);
    }

    #[test]
    fn folds_case_accents_and_ligatures() {
        assert_eq!(fold("Émile Zoé"), "emile zoe");
        assert_eq!(fold("ŒUVRE Ærø Straße"), "oeuvre aero strasse");
        assert_eq!(fold("Aliénor"), fold("ALIENOR"));
    }

    #[test]
    fn phones_are_found_by_their_digits_in_either_form() {
        let text = client_search_text("Émile", "e@x.fr", "Zoé SA", "+33 6 12 34 56 78");
        for typed in [
            "06 12", "0612", "+33 6 12", "33612", "émile", "EMILE", "zoe sa",
        ] {
            assert!(text.contains(&search_pattern(typed)), "{typed}");
        }
        assert!(!text.contains(&search_pattern("0712")));
        let national = client_search_text("A", "a@x.fr", "B", "06 12 34 56 78");
        assert!(national.contains(&search_pattern("+33 6 12 34")));
    }

    #[test]
    fn sorting_by_folded_names_is_the_french_order() {
        let mut names = ["Zoé", "émile", "Eve", "Ève", "Adam", "Élodie"];
        names.sort_by_key(|n| fold(n));
        assert_eq!(names, ["Adam", "Élodie", "émile", "Eve", "Ève", "Zoé"]);
    }
}
