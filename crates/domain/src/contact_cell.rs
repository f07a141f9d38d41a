//! The "Client contact" cell of the support team's sheet: a name, an e-mail
//! and a phone number in any order, on one line or several, any of them
//! missing. Split here into its parts, each still as typed: the caller
//! parses them into [`crate::Email`] and [`crate::Phone`], which say what
//! is wrong with a bad one.

/// The parts of a contact cell, trimmed; `None` where the cell has none.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ContactParts {
    pub name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
}

/// A phone number's characters, as people type them.
fn phone_char(c: char) -> bool {
    c.is_ascii_digit() || matches!(c, '+' | ' ' | '.' | '-' | '(' | ')')
}

impl ContactParts {
    pub fn read(cell: &str) -> Self {
        let mut parts = Self::default();
        let mut rest = Vec::new();
        for line in cell.split(['\n', '\r', ';', ',']) {
            let mut words = Vec::new();
            for word in line.split_whitespace() {
                if parts.email.is_none() && word.contains('@') {
                    let trimmed = word.trim_matches(|c: char| "<>()[]\"'".contains(c));
                    parts.email = Some(trimmed.to_owned());
                } else {
                    words.push(word);
                }
            }
            let line = words.join(" ");
            // The phone is the run that starts at the first `+` or digit and
            // holds only a phone's characters, with enough digits to dial.
            let start = line.find(|c: char| c == '+' || c.is_ascii_digit());
            if let (None, Some(start)) = (&parts.phone, start) {
                let run: String = line[start..]
                    .chars()
                    .take_while(|&c| phone_char(c))
                    .collect();
                if run.chars().filter(char::is_ascii_digit).count() >= 6 {
                    parts.phone = Some(run.trim().to_owned());
                    let after = &line[start + run.len()..];
                    rest.push(format!("{}{after}", &line[..start]));
                    continue;
                }
            }
            rest.push(line);
        }
        let name = rest
            .iter()
            .flat_map(|l| l.split_whitespace())
            .collect::<Vec<_>>()
            .join(" ");
        parts.name = (!name.is_empty()).then_some(name);
        parts
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(name: Option<&str>, email: Option<&str>, phone: Option<&str>) -> ContactParts {
        ContactParts {
            name: name.map(str::to_owned),
            email: email.map(str::to_owned),
            phone: phone.map(str::to_owned),
        }
    }

    #[test]
    fn reads_the_sheets_cells_in_any_order_and_on_any_number_of_lines() {
        assert_eq!(
            ContactParts::read("john.ouick@gmail.com\n+1 234 567 8901"),
            parts(None, Some("john.ouick@gmail.com"), Some("+1 234 567 8901"))
        );
        assert_eq!(
            ContactParts::read("Jacky Blangier\njacky@loubouzin.grd\n+ 666 12345"),
            parts(
                Some("Jacky Blangier"),
                Some("jacky@loubouzin.grd"),
                Some("+ 666 12345")
            )
        );
        assert_eq!(
            ContactParts::read("  06 12 34 56 78  Léa Martin <lea@example.fr> "),
            parts(
                Some("Léa Martin"),
                Some("lea@example.fr"),
                Some("06 12 34 56 78")
            )
        );
        assert_eq!(
            ContactParts::read("Léa Martin, lea@example.fr, +33 6 12 34 56 78"),
            parts(
                Some("Léa Martin"),
                Some("lea@example.fr"),
                Some("+33 6 12 34 56 78")
            )
        );
        assert_eq!(ContactParts::read(" \n "), parts(None, None, None));
        // Too few digits for a phone: part of the name.
        assert_eq!(
            ContactParts::read("Suite 12 Dupont"),
            parts(Some("Suite 12 Dupont"), None, None)
        );
    }
}
