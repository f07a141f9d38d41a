//! The calendar: a month's or a week's events, all or mine, day by day in
//! the company's time zone, events without support marked. Each event
//! sits on the day it starts. A month is a grid at a desk and a list of
//! its busy days on a phone (the stylesheet's doing).

use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use chrono::{Datelike, Days, Months, NaiveDate, NaiveDateTime, TimeZone, Weekday};
use serde::{Deserialize, Serialize};

use epicevents_api::EventQuery;
use epicevents_domain::{Event, Listing};

use super::{Chrome, load, render};
use crate::i18n::Tr;
use crate::session::Visit;
use crate::{Host, Web};

/// The most events one view reads: a month of a busy company, several
/// times over. Past it the page says so and "mine" narrows it.
const MOST: i64 = 1000;

#[derive(Deserialize, Serialize, Default, Clone)]
#[serde(default)]
pub struct CalendarQuery {
    /// `week`, or a month otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    view: Option<String>,
    /// A day of the month or week shown; today by default.
    at: Option<NaiveDate>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    mine: bool,
}

impl CalendarQuery {
    fn weekly(&self) -> bool {
        self.view.as_deref() == Some("week")
    }

    /// The address of this view moved to `at`, or switched to `week`.
    fn link(&self, at: NaiveDate, weekly: bool) -> String {
        let moved = CalendarQuery {
            view: weekly.then(|| "week".to_owned()),
            at: Some(at),
            mine: self.mine,
        };
        format!(
            "/calendar?{}",
            serde_urlencoded::to_string(&moved).unwrap_or_default()
        )
    }
}

pub struct Day {
    pub date: NaiveDate,
    /// A day of the month shown (a month's grid starts and ends with some
    /// of the months around it).
    pub inside: bool,
    pub today: bool,
    pub events: Vec<Event>,
}

#[derive(Template)]
#[template(path = "calendar.html")]
struct CalendarPage {
    c: Chrome,
    query: CalendarQuery,
    title: String,
    weeks: Vec<Vec<Day>>,
    previous: String,
    next: String,
    /// The other view (week or month) of the same day.
    other: String,
    /// More events than one view reads: only the first are shown.
    more: bool,
}

impl CalendarPage {
    fn weekday(&self, day: &Weekday) -> String {
        self.c.t.t(&format!("weekday-{}", day.number_from_monday()))
    }

    fn day_label(&self, day: &Day) -> String {
        format!(
            "{} {}",
            self.weekday(&day.date.weekday()),
            self.c.t.date(&day.date)
        )
    }

    fn time(&self, at: &NaiveDateTime) -> String {
        self.c.t.clock(at)
    }

    fn weekdays(&self) -> [Weekday; 7] {
        [
            Weekday::Mon,
            Weekday::Tue,
            Weekday::Wed,
            Weekday::Thu,
            Weekday::Fri,
            Weekday::Sat,
            Weekday::Sun,
        ]
    }
}

/// The first day shown, the first day after, and the days of the month or
/// week itself.
fn span(at: NaiveDate, weekly: bool) -> (NaiveDate, NaiveDate, NaiveDate, NaiveDate) {
    let monday = |d: NaiveDate| d - Days::new(u64::from(d.weekday().num_days_from_monday()));
    if weekly {
        let first = monday(at);
        let after = first + Days::new(7);
        return (first, after, first, after);
    }
    let month = at.with_day(1).unwrap_or(at);
    let month_after = month + Months::new(1);
    let first = monday(month);
    let last = month_after - Days::new(1);
    let after = monday(last) + Days::new(7);
    (first, after, month, month_after)
}

/// Local midnight of `day` in the company's zone, as UTC.
pub(super) fn midnight(zone: crate::Zone, day: NaiveDate) -> NaiveDateTime {
    let local = day.and_hms_opt(0, 0, 0).unwrap_or_default();
    zone.from_local_datetime(&local)
        .earliest()
        .map_or(local, |at| at.naive_utc())
}

pub async fn page<H: Host>(
    State(web): State<Web<H>>,
    visit: Visit,
    Query(query): Query<CalendarQuery>,
) -> Response {
    let t = Tr::new(visit.lang, web.settings.zone);
    let today = chrono::Utc::now().with_timezone(&t.zone).date_naive();
    let at = query.at.unwrap_or(today);
    let weekly = query.weekly();
    let (first, after, inside_from, inside_to) = span(at, weekly);
    let asked = EventQuery {
        mine: query.mine,
        starts_from: Some(midnight(t.zone, first)),
        starts_before: Some(midnight(t.zone, after)),
        limit: Some(MOST),
        ..Default::default()
    };
    let found = load(&web, visit, move |s, token, _| s.list_events(token, &asked)).await;
    let (c, listing) = match found {
        Ok(found) => found,
        Err(response) => return response,
    };
    let more = listing.items.len() < listing.total as usize || !listing.total_exact;
    let weeks = grid(&c.t, listing, first, after, (inside_from, inside_to), today);
    let (previous, next, title) = if weekly {
        let title = format!(
            "{} {} – {}",
            c.t.t("calendar-week-of"),
            c.t.date(&first),
            c.t.date(&(after - Days::new(1)))
        );
        (first - Days::new(7), after, title)
    } else {
        let title = format!(
            "{} {}",
            c.t.t(&format!("month-{}", inside_from.month())),
            inside_from.year()
        );
        (inside_from - Months::new(1), inside_to, title)
    };
    render(&CalendarPage {
        previous: query.link(previous, weekly),
        next: query.link(next, weekly),
        other: query.link(at, !weekly),
        c,
        query,
        title,
        weeks,
        more,
    })
}

/// The days from `first` to before `after`, in weeks, each with the
/// events that start on it (the list comes soonest first).
fn grid(
    t: &Tr,
    listing: Listing<Event>,
    first: NaiveDate,
    after: NaiveDate,
    (inside_from, inside_to): (NaiveDate, NaiveDate),
    today: NaiveDate,
) -> Vec<Vec<Day>> {
    let mut days: Vec<Day> = first
        .iter_days()
        .take_while(|d| *d < after)
        .map(|date| Day {
            date,
            inside: date >= inside_from && date < inside_to,
            today: date == today,
            events: Vec::new(),
        })
        .collect();
    for event in listing.items {
        let local = event
            .starts_at
            .and_utc()
            .with_timezone(&t.zone)
            .date_naive();
        let index = (local - first).num_days();
        if let Some(day) = usize::try_from(index).ok().and_then(|i| days.get_mut(i)) {
            day.events.push(event);
        }
    }
    let mut weeks = Vec::new();
    while !days.is_empty() {
        let rest = days.split_off(days.len().min(7));
        weeks.push(days);
        days = rest;
    }
    weeks
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn a_month_is_whole_weeks_from_the_monday_before_its_first_day() {
        // March 2027 starts on a Monday and ends on a Wednesday.
        let (first, after, from, to) = span(d(2027, 3, 17), false);
        assert_eq!((first, from), (d(2027, 3, 1), d(2027, 3, 1)));
        assert_eq!(to, d(2027, 4, 1));
        assert_eq!(after, d(2027, 4, 5));
        // February 2027 starts on a Monday too, and ends on a Sunday.
        let (first, after, ..) = span(d(2027, 2, 1), false);
        assert_eq!((first, after), (d(2027, 2, 1), d(2027, 3, 1)));
        // December 2026 starts on a Tuesday.
        let (first, ..) = span(d(2026, 12, 25), false);
        assert_eq!(first, d(2026, 11, 30));
    }

    #[test]
    fn a_week_runs_from_monday_to_sunday() {
        let (first, after, from, to) = span(d(2027, 3, 14), true);
        assert_eq!((first, after), (d(2027, 3, 8), d(2027, 3, 15)));
        assert_eq!((from, to), (first, after));
    }

    #[test]
    fn a_day_starts_at_local_midnight() {
        let t = Tr::new(crate::Lang::En, chrono_tz::Europe::Paris);
        // Winter: UTC+1; summer: UTC+2.
        assert_eq!(
            midnight(t.zone, d(2027, 1, 10)).to_string(),
            "2027-01-09 23:00:00"
        );
        assert_eq!(
            midnight(t.zone, d(2027, 7, 10)).to_string(),
            "2027-07-09 22:00:00"
        );
    }
}
