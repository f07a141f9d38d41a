//! Human renderings of clients, contracts and events: names rather than
//! ids for people, times in this machine's time zone.

use chrono::{Local, NaiveDateTime};

use super::output::{Column, col, grid, left_out, record};
use epicevents_domain::time::{in_zone, in_zone_with_offset};
use epicevents_domain::{Client, ClientSummary, Collaborator, Contact, Contract, Event, Payment};
use epicevents_service::Listing;
use epicevents_sheets::{self as sheet, Sheet};

fn local(t: &NaiveDateTime) -> String {
    in_zone(t, &Local)
}

/// A time as a person reads it here: `2027-03-20 09:00 +01:00`.
pub fn local_with_offset(t: &NaiveDateTime) -> String {
    in_zone_with_offset(t, &Local)
}

/// A message with every instant it names (RFC 3339, as the services write
/// them) in this machine's zone, as the tables show times: the services
/// know nobody's zone.
pub fn local_times(message: &str) -> String {
    epicevents_domain::time::instants_in(message, local_with_offset)
}

fn contact(c: &Option<Contact>, none: &str) -> String {
    c.as_ref()
        .map_or_else(|| none.to_owned(), |c| c.name.to_string())
}

fn contact_with_id(c: &Option<Contact>, none: &str) -> String {
    c.as_ref()
        .map_or_else(|| none.to_owned(), |c| format!("{} (#{})", c.name, c.id))
}

fn client_label(c: &ClientSummary) -> String {
    format!("{} ({})", c.name, c.company)
}

/// "1–50 of 120" (or "of more than 1000" past the count's limit), with how
/// to get the rest when there is more.
pub fn footer<T>(listing: &Listing<T>, noun: &str) -> String {
    let shown = listing.items.len() as i64;
    if listing.total == 0 {
        return format!("No {noun}.");
    }
    if shown == 0 {
        return format!(
            "No {noun} from row {} on ({} in all).",
            listing.offset + 1,
            listing.total
        );
    }
    let first = listing.offset + 1;
    let last = listing.offset + shown;
    let mut line = if listing.total_exact {
        format!("{first}–{last} of {}", listing.total)
    } else {
        format!("{first}–{last} of more than {}", listing.total)
    };
    if last < listing.total || !listing.total_exact {
        line.push_str(&format!(" (next page: --offset {last}; everything: --all)"));
    }
    line
}

/// How a list is shown as a table: what it lists, its columns, and the
/// cells of one row.
pub struct View<T: 'static> {
    pub noun: &'static str,
    pub columns: &'static [Column],
    pub cells: fn(&T) -> Vec<String>,
    /// The row's id, after which the next block of `--all` starts.
    pub id: fn(&T) -> i32,
    /// The list for spreadsheets.
    pub sheet: &'static Sheet<T>,
}

/// A page of a list as a table that fits the terminal, with its footer.
pub fn listed<T>(listing: &Listing<T>, view: &View<T>) -> String {
    let (rows, shown) = grid(view.columns, listing.items.iter().map(view.cells).collect());
    if listing.items.is_empty() {
        return footer(listing, view.noun);
    }
    let footer = footer(listing, view.noun);
    match left_out(view.columns, &shown) {
        Some(note) => format!("{rows}\n{footer}\n{note}"),
        None => format!("{rows}\n{footer}"),
    }
}

pub const CLIENTS: View<Client> = View {
    id: |r| r.id.0,
    sheet: &sheet::CLIENTS,
    noun: "clients",
    columns: &[
        col("ID", 0, false),
        col("Name", 0, true),
        col("Company", 2, true),
        col("E-mail", 1, false),
        col("Phone", 3, false),
        col("Sales contact", 4, true),
        col("Updated", 5, false),
    ],
    cells: |c| {
        vec![
            c.id.to_string(),
            c.name.to_string(),
            c.company.to_string(),
            c.email.to_string(),
            c.phone.to_string(),
            contact(&c.sales_contact, "—"),
            local(&c.updated_at),
        ]
    },
};

pub const COLLABORATORS: View<Collaborator> = View {
    id: |r| r.id.0,
    sheet: &sheet::COLLABORATORS,
    noun: "collaborators",
    columns: &[
        col("ID", 0, false),
        col("Name", 0, true),
        col("E-mail", 1, false),
        col("Department", 0, false),
    ],
    cells: |c| {
        vec![
            c.id.to_string(),
            c.name.to_string(),
            c.email.to_string(),
            match c.deactivated_at {
                Some(_) => format!("{} (deactivated)", c.department),
                None => c.department.to_string(),
            },
        ]
    },
};

/// What archiving or restoring did: "Archived client #3 Kevin Casey (Cool
/// Startup): out of the lists until `client restore 3`."
pub fn archived(what: &str, id: i32, name: &str, archiving: bool, changed: bool) -> String {
    match (archiving, changed) {
        (true, true) => format!(
            "Archived {what} #{id} {name}: out of the lists (see `{what} list --archived`) \
             until `{what} restore {id}`."
        ),
        (false, true) => format!("Restored {what} #{id} {name}: back in the lists."),
        (true, false) => format!(
            "{} #{id} {name} was already archived; nothing changed.",
            capital(what)
        ),
        (false, false) => format!(
            "{} #{id} {name} is not archived; nothing changed.",
            capital(what)
        ),
    }
}

fn capital(word: &str) -> String {
    let mut chars = word.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

/// The line above an updated record: what the update did.
pub fn updated(what: &str, id: i32, changed: bool) -> String {
    if changed {
        format!("Updated {what} #{id}.")
    } else {
        format!("Nothing to change: {what} #{id} already has these values.")
    }
}

pub fn client(c: &Client) -> String {
    let mut rows = vec![
        ("Client", format!("#{}", c.id)),
        ("Name", c.name.to_string()),
        ("Company", c.company.to_string()),
        ("E-mail", c.email.to_string()),
        ("Phone", c.phone.to_string()),
        ("Sales contact", contact_with_id(&c.sales_contact, "none")),
        ("First contact", local_with_offset(&c.created_at)),
        ("Last update", local_with_offset(&c.updated_at)),
        ("Version", c.version.to_string()),
    ];
    if let Some(at) = c.archived_at {
        rows.push(("Archived", local_with_offset(&at)));
    }
    record(&rows)
}

/// An amount, or "unknown" for a contract nobody has given amounts yet.
fn amount(c: &Contract, m: epicevents_domain::Money) -> String {
    if c.amounts_known {
        m.to_string()
    } else {
        "unknown".to_owned()
    }
}

fn signed(yes: bool) -> String {
    if yes { "yes" } else { "no" }.to_owned()
}

pub const CONTRACTS: View<Contract> = View {
    id: |r| r.id.0,
    sheet: &sheet::CONTRACTS,
    noun: "contracts",
    columns: &[
        col("ID", 0, false),
        col("Client", 0, true),
        col("Sales contact", 4, true),
        col("Total", 2, false),
        col("Due", 1, false),
        col("Signed", 1, false),
        col("Created", 5, false),
    ],
    cells: |c| {
        vec![
            c.id.to_string(),
            client_label(&c.client),
            contact(&c.sales_contact, "—"),
            amount(c, c.total),
            amount(c, c.due),
            signed(c.signed),
            local(&c.created_at),
        ]
    },
};

/// The support team's own number for a record, after the CRM's.
fn sheet_number(r: &Option<String>) -> String {
    r.as_ref()
        .map_or_else(String::new, |r| format!(" (sheet number {r})"))
}

pub fn contract(c: &Contract) -> String {
    let mut rows = vec![
        (
            "Contract",
            format!("#{}{}", c.id, sheet_number(&c.external_ref)),
        ),
        (
            "Client",
            format!("{} (#{})", client_label(&c.client), c.client.id),
        ),
        (
            "Client contact",
            format!("{} {}", c.client.email, c.client.phone),
        ),
        ("Sales contact", contact_with_id(&c.sales_contact, "none")),
        ("Total", amount(c, c.total)),
        ("Still due", amount(c, c.due)),
        ("Signed", signed(c.signed)),
        ("Created", local_with_offset(&c.created_at)),
        ("Updated", local_with_offset(&c.updated_at)),
        ("Version", c.version.to_string()),
    ];
    if let Some(at) = c.archived_at {
        rows.push(("Archived", local_with_offset(&at)));
    }
    record(&rows)
}

/// A contract's payments and adjustments under its record, oldest first:
/// day, amount (what it took off what is due), kind, who recorded it.
pub fn payments(lines: &[Payment]) -> String {
    if lines.is_empty() {
        return "No payments recorded.".to_owned();
    }
    let amounts: Vec<String> = lines
        .iter()
        .map(|p| {
            let sign = if p.amount_cents < 0 { "-" } else { "" };
            let whole = epicevents_domain::Money::from_trusted(p.amount_cents.abs());
            format!("{sign}{whole}")
        })
        .collect();
    let width = amounts.iter().map(String::len).max().unwrap_or(0);
    let mut out = String::from("Payments");
    for (p, amount) in lines.iter().zip(&amounts) {
        let by = p
            .author
            .as_ref()
            .map_or("someone who left".to_owned(), |a| a.name.to_string());
        out.push_str(&format!(
            "\n {}  {amount:>width$}  {:<10}  {by}",
            p.on,
            p.kind.as_str()
        ));
    }
    out
}

pub const EVENTS: View<Event> = View {
    id: |r| r.id.0,
    sheet: &sheet::EVENTS,
    noun: "events",
    columns: &[
        col("ID", 0, false),
        col("Event", 0, true),
        col("Start", 0, false),
        // At 80 columns the client and the place matter more than the end.
        col("End", 5, false),
        col("Client", 1, true),
        col("Support", 3, true),
        col("Location", 2, true),
        col("Attendees", 4, false),
    ],
    cells: |e| {
        vec![
            e.id.to_string(),
            e.name.to_string(),
            local(&e.starts_at),
            local(&e.ends_at),
            e.client.name.to_string(),
            contact(&e.support_contact, "unassigned"),
            e.location.to_string(),
            e.attendees.to_string(),
        ]
    },
};

/// Support's sheet: the event, and who to call about it.
pub fn event(e: &Event) -> String {
    let mut rows = vec![
        (
            "Event",
            format!("#{} {}{}", e.id, e.name, sheet_number(&e.external_ref)),
        ),
        (
            "Contract",
            format!(
                "#{}{}",
                e.contract_id,
                sheet_number(&e.contract_external_ref)
            ),
        ),
        (
            "Client name",
            format!("{} ({})", e.client.name, e.client.company),
        ),
        (
            "Client contact",
            format!("{} {}", e.client.email, e.client.phone),
        ),
        ("Start", local_with_offset(&e.starts_at)),
        ("End", local_with_offset(&e.ends_at)),
        (
            "Support contact",
            contact_with_id(&e.support_contact, "unassigned"),
        ),
        ("Location", e.location.to_string()),
        ("Attendees", e.attendees.to_string()),
        ("Notes", e.notes.to_string()),
        ("Updated", local_with_offset(&e.updated_at)),
        ("Version", e.version.to_string()),
    ];
    if let Some(at) = e.archived_at {
        rows.push(("Archived", local_with_offset(&at)));
    }
    record(&rows)
}

#[cfg(test)]
mod tests {
    use super::footer;
    use epicevents_service::Listing;

    fn page(shown: usize, total: i64, total_exact: bool) -> Listing<()> {
        Listing {
            items: vec![(); shown],
            total,
            total_exact,
            offset: 0,
        }
    }

    #[test]
    fn a_footer_past_the_count_limit_says_more_than() {
        assert_eq!(
            footer(&page(50, 1_000, false), "events"),
            "1–50 of more than 1000 (next page: --offset 50; everything: --all)"
        );
        assert_eq!(footer(&page(2, 2, true), "events"), "1–2 of 2");
    }
}
