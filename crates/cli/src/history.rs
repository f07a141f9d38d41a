//! `history`: what was changed in a record, by whom and when, each changed
//! field as `old → new` in the values people see (amounts, local times,
//! names).

use std::ffi::OsString;

use chrono::Local;
use clap::Args;

use super::args::{Export, Paging, maybe_day, maybe_text};
use super::context::Context;
use super::exit::CliError;
use super::stream;
use epicevents_domain::Money;
use epicevents_domain::history::{Change, Kind, Shown, Step, verb};
use epicevents_domain::time::in_zone;
use epicevents_service::TrailQuery;

#[derive(Debug, Args)]
pub struct HistoryArgs {
    /// The kind of record (without one: the whole trail, for management)
    #[arg(value_enum, requires = "id")]
    record: Option<Record>,
    /// Its id
    id: Option<i32>,
    /// Only what this collaborator (an id) did or tried
    #[arg(long, value_name = "ID", conflicts_with = "record")]
    actor: Option<i32>,
    /// Only from this day (or time) on, in this machine's time zone
    #[arg(long, value_name = "DATE", conflicts_with = "record")]
    since: Option<OsString>,
    /// Only up to this day (included), or before this time
    #[arg(long, value_name = "DATE", conflicts_with = "record")]
    until: Option<OsString>,
    /// Only this action (event.assign, session.login…) or kind (event, session…)
    #[arg(long, value_name = "NAME", conflicts_with = "record")]
    action: Option<OsString>,
    #[command(flatten)]
    paging: Paging,
    #[command(flatten)]
    export: Export,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum Record {
    Client,
    Contract,
    Event,
    Collaborator,
}

impl From<Record> for Kind {
    fn from(r: Record) -> Self {
        match r {
            Record::Client => Kind::Client,
            Record::Contract => Kind::Contract,
            Record::Event => Kind::Event,
            Record::Collaborator => Kind::Collaborator,
        }
    }
}

pub fn run(ctx: &Context, args: HistoryArgs) -> Result<(), CliError> {
    let mut crm = ctx.crm()?;
    let (Some(record), Some(id)) = (args.record, args.id) else {
        let mut query = TrailQuery {
            actor: args.actor,
            since: maybe_day("since", args.since)?.map(|(start, _)| start),
            until: maybe_day("until", args.until)?.map(|(start, end)| end.unwrap_or(start)),
            action: maybe_text("action", args.action)?,
            ..Default::default()
        };
        return stream::print(
            &ctx.out,
            &args.export,
            &args.paging,
            &super::trail::TRAIL,
            |ask| {
                query.limit = ask.limit;
                query.offset = ask.offset;
                query.after = ask.after;
                Ok(crm.trail(&query)?)
            },
        );
    };
    let kind = Kind::from(record);
    let steps = crm.history(kind, id)?;
    ctx.out.data(&steps, || story(kind, id, &steps))
}

/// Who made a step, as people read it.
pub fn author(step: &Step) -> String {
    step.actor.as_ref().map_or_else(
        || "(the installation)".to_owned(),
        |a| format!("{} ({})", a.name, a.department),
    )
}

/// "due: 12 500.00 → 0.00".
pub fn change(change: &Change) -> String {
    format!(
        "{}: {} → {}",
        change.field.replace('_', " "),
        shown(&change.old),
        shown(&change.new)
    )
}

/// One line per step, oldest first, each changed field on its own line
/// beneath.
fn story(kind: Kind, id: i32, steps: &[Step]) -> String {
    if steps.is_empty() {
        return format!("No changes recorded for {} {id}.", kind.as_str());
    }
    let mut lines = Vec::new();
    for step in steps {
        let who = author(step);
        let what = verb(&step.action);
        match (&step.detail, step.changes.is_empty()) {
            (Some(detail), true) => lines.push(format!(
                "{}  {who}  {what}: {detail}",
                in_zone(&step.at, &Local)
            )),
            _ => lines.push(format!("{}  {who}  {what}", in_zone(&step.at, &Local))),
        }
        for c in &step.changes {
            lines.push(format!("    {}", change(c)));
        }
    }
    lines.join("\n")
}

fn shown(value: &Shown) -> String {
    match value {
        Shown::Nothing => "none".to_owned(),
        Shown::Text(t) if t.is_empty() => "(empty)".to_owned(),
        Shown::Text(t) => format!("{t:?}"),
        Shown::Money(cents) => Money::from_trusted(*cents).to_string(),
        Shown::Time(t) => in_zone(&t.0, &Local),
        Shown::Count(n) => n.to_string(),
        Shown::Flag(true) => "yes".to_owned(),
        Shown::Flag(false) => "no".to_owned(),
        Shown::Contact { name, .. } => name.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use epicevents_domain::history::{Author, Change, Utc};

    #[test]
    fn a_story_shows_values_as_people_read_them() {
        let at = chrono::NaiveDate::from_ymd_opt(2027, 6, 4)
            .unwrap()
            .and_hms_opt(11, 0, 0)
            .unwrap();
        let step = Step {
            at,
            actor: Some(Author {
                id: 1,
                name: "Ada Admin".into(),
                department: "management".into(),
            }),
            action: "contract.update".into(),
            changes: vec![
                Change {
                    field: "due".into(),
                    old: Shown::Money(1_250_000),
                    new: Shown::Money(0),
                },
                Change {
                    field: "support_contact".into(),
                    old: Shown::Contact {
                        id: 3,
                        name: "Kate Hastroff".into(),
                    },
                    new: Shown::Nothing,
                },
                Change {
                    field: "start".into(),
                    old: Shown::Time(Utc(at)),
                    new: Shown::Text(String::new()),
                },
            ],
            detail: Some("total 1250000 -> 1250000".into()),
        };
        let text = story(Kind::Contract, 1, &[step]);
        let time = in_zone(&at, &Local);
        assert_eq!(
            text,
            format!(
                "{time}  Ada Admin (management)  updated\n    due: 12 500.00 → 0.00\n    \
                 support contact: Kate Hastroff → none\n    start: {time} → (empty)"
            )
        );
        assert_eq!(
            story(Kind::Event, 9, &[]),
            "No changes recorded for event 9."
        );
    }
}
