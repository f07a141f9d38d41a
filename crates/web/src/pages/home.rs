//! The first page after login, one per department: what this person has
//! to act on, each part linking to the whole list with the same filters.

use askama::Template;
use axum::extract::State;
use axum::response::Response;

use epicevents_api::{ClientQuery, ContractQuery, EventQuery};
use epicevents_domain::{Client, Collaborator, Contract, Department, Event, Listing, Owed};
use epicevents_service::{ServiceError, Services};

use chrono::{Datelike, NaiveDateTime};

use super::calendar::midnight;
use super::figures::Cache;
use super::{Chrome, chart, load, render};
use crate::i18n::Tr;
use crate::session::Visit;
use crate::{Host, Web};

/// What one department's home shows; a part it does not show is `None`.
#[derive(Default)]
struct Parts {
    events: Option<Listing<Event>>,
    clients: Option<Listing<Client>>,
    unsigned: Option<Listing<Contract>>,
    unpaid: Option<Listing<Contract>>,
    /// Management: what each rep's clients owe; sales: their own line.
    owed: Option<Vec<Owed>>,
    /// Management: events starting in each month ahead.
    per_month: Option<Vec<i64>>,
}

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    c: Chrome,
    parts: Parts,
    /// The events part's title and full list.
    events_title: &'static str,
    events_link: &'static str,
    owed_chart: Option<chart::Chart>,
    months: Vec<chart::Month>,
    month_chart: Option<chart::Chart>,
}

impl HomePage {
    /// The sales rep's own line: what their clients owe, on how many
    /// contracts.
    fn mine(&self) -> (i64, i64) {
        let owed = self.parts.owed.iter().flatten();
        owed.map(|o| (o.due_cents, o.contracts))
            .fold((0, 0), |(d, n), (due, contracts)| (d + due, n + contracts))
    }

    fn owed_label(&self, owed: &Owed) -> String {
        chart::who(&self.c.t, owed)
    }
}

fn parts(
    s: &Services,
    token: Option<&epicevents_api::SessionToken>,
    me: &Collaborator,
    figures: &Cache,
    months: &[(NaiveDateTime, NaiveDateTime)],
) -> Result<Parts, ServiceError> {
    Ok(match me.department {
        Department::Sales => Parts {
            events: Some(s.list_events(
                token,
                &EventQuery {
                    mine: true,
                    upcoming: true,
                    limit: Some(5),
                    ..Default::default()
                },
            )?),
            clients: Some(s.list_clients(
                token,
                &ClientQuery {
                    mine: true,
                    limit: Some(5),
                    ..Default::default()
                },
            )?),
            unsigned: Some(s.list_contracts(
                token,
                &ContractQuery {
                    mine: true,
                    unsigned: true,
                    limit: Some(5),
                    ..Default::default()
                },
            )?),
            unpaid: Some(s.list_contracts(
                token,
                &ContractQuery {
                    mine: true,
                    unpaid: true,
                    limit: Some(5),
                    ..Default::default()
                },
            )?),
            owed: Some(
                figures
                    .get(s, token, me, months)?
                    .owed
                    .into_iter()
                    .filter(|o| o.sales_contact.as_ref().is_some_and(|c| c.id == me.id))
                    .collect(),
            ),
            ..Parts::default()
        },
        Department::Support => Parts {
            events: Some(s.list_events(
                token,
                &EventQuery {
                    mine: true,
                    upcoming: true,
                    limit: Some(10),
                    ..Default::default()
                },
            )?),
            ..Parts::default()
        },
        Department::Management => {
            let figures = figures.get(s, token, me, months)?;
            Parts {
                events: Some(s.list_events(
                    token,
                    &EventQuery {
                        unassigned: true,
                        upcoming: true,
                        limit: Some(10),
                        ..Default::default()
                    },
                )?),
                unsigned: Some(s.list_contracts(
                    token,
                    &ContractQuery {
                        unsigned: true,
                        limit: Some(5),
                        ..Default::default()
                    },
                )?),
                unpaid: Some(s.list_contracts(
                    token,
                    &ContractQuery {
                        unpaid: true,
                        limit: Some(5),
                        ..Default::default()
                    },
                )?),
                owed: Some(figures.owed),
                per_month: Some(figures.per_month),
                ..Parts::default()
            }
        }
    })
}

pub async fn page<H: Host>(State(web): State<Web<H>>, visit: Visit) -> Response {
    let t = Tr::new(visit.lang, web.settings.zone);
    let today = chrono::Utc::now().with_timezone(&t.zone).date_naive();
    let days = chart::months_from(today);
    let months: Vec<_> = days
        .iter()
        .map(|&(from, before)| (midnight(t.zone, from), midnight(t.zone, before)))
        .collect();
    let figures = web.figures.clone();
    match load(&web, visit, move |s, token, me| {
        parts(s, token, me, &figures, &months)
    })
    .await
    {
        Ok((c, parts)) => {
            let (events_title, events_link) = match c.department {
                Department::Management => {
                    ("home-unassigned", "/events?unassigned=true&upcoming=true")
                }
                _ => ("home-my-events", "/events?mine=true&upcoming=true"),
            };
            let owed_chart = match (c.department, &parts.owed) {
                (Department::Management, Some(owed)) if !owed.is_empty() => {
                    Some(chart::Chart::owed(&c.t, owed))
                }
                _ => None,
            };
            let months: Vec<chart::Month> = parts
                .per_month
                .iter()
                .flatten()
                .zip(&days)
                .map(|(&events, (from, _))| chart::Month {
                    label: format!(
                        "{} {}",
                        c.t.t(&format!("month-{}", from.month())),
                        from.year()
                    ),
                    events,
                })
                .collect();
            let month_chart = (!months.is_empty()).then(|| chart::Chart::per_month(&months));
            render(&HomePage {
                c,
                parts,
                events_title,
                events_link,
                owed_chart,
                months,
                month_chart,
            })
        }
        Err(response) => response,
    }
}
