//! What the three record tables share: how a contact's name is read beside a
//! record, and how a stored row becomes a summary of its client.

use diesel::prelude::*;

use super::schema::clients;
use epicevents_domain::{
    ClientId, ClientSummary, CollaboratorId, CompanyName, Contact, Email, FullName, Phone,
};

/// A contact as left-joined: absent when the record has none.
pub(crate) type ContactRow = Option<(i32, String)>;

pub(crate) fn contact(row: ContactRow) -> Option<Contact> {
    row.map(|(id, name)| Contact {
        id: CollaboratorId(id),
        name: FullName::from_trusted(name),
    })
}

#[derive(Queryable, Selectable)]
#[diesel(table_name = clients)]
pub(crate) struct ClientSummaryRow {
    id: i32,
    full_name: String,
    email: String,
    phone: String,
    company_name: String,
}

impl From<ClientSummaryRow> for ClientSummary {
    fn from(r: ClientSummaryRow) -> Self {
        ClientSummary {
            id: ClientId(r.id),
            name: FullName::from_trusted(r.full_name),
            email: Email::from_trusted(r.email),
            phone: Phone::from_trusted(r.phone),
            company: CompanyName::from_trusted(r.company_name),
        }
    }
}

diesel::define_sql_function! {
    /// Lower-cases text, so that searches ignore case on both backends.
    fn lower(x: diesel::sql_types::Text) -> diesel::sql_types::Text;
}

/// A `LIKE` pattern matching `term` anywhere, lower-cased, with the
/// wildcards a user might type (`%`, `_`) and the escape character escaped,
/// so they match themselves.
pub(crate) fn contains_pattern(term: &str) -> String {
    let mut pattern = String::from("%");
    for c in term.to_lowercase().chars() {
        if matches!(c, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push('%');
    pattern
}

#[cfg(test)]
mod tests {
    #[test]
    fn search_patterns_escape_wildcards() {
        assert_eq!(super::contains_pattern("Ab"), "%ab%");
        assert_eq!(super::contains_pattern("50%_x\\"), "%50\\%\\_x\\\\%");
    }
}
