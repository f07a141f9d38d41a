//! `history`: what was changed in a record, by whom and when, each changed
//! field as `old → new` in the values people see (amounts, local times,
//! names).

use chrono::Local;
use clap::Args;

use super::context::Context;
use super::exit::CliError;
use epicevents_domain::Money;
use epicevents_domain::history::{Kind, Shown, Step};
use epicevents_domain::time::in_zone;

#[derive(Debug, Args)]
pub struct HistoryArgs {
    /// The kind of record
    #[arg(value_enum)]
    record: Record,
    /// Its id
    id: i32,
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
    let kind = Kind::from(args.record);
    let steps = crm.history(kind, args.id)?;
    ctx.out.data(&steps, || story(kind, args.id, &steps))
}

/// One line per step, oldest first, each changed field on its own line
/// beneath.
fn story(kind: Kind, id: i32, steps: &[Step]) -> String {
    if steps.is_empty() {
        return format!("No changes recorded for {} {id}.", kind.as_str());
    }
    let mut lines = Vec::new();
    for step in steps {
        let who = step.actor.as_ref().map_or_else(
            || "(the installation)".to_owned(),
            |a| format!("{} ({})", a.name, a.department),
        );
        let what = verb(&step.action);
        match (&step.detail, step.changes.is_empty()) {
            (Some(detail), true) => lines.push(format!(
                "{}  {who}  {what}: {detail}",
                in_zone(&step.at, &Local)
            )),
            _ => lines.push(format!("{}  {who}  {what}", in_zone(&step.at, &Local))),
        }
        for change in &step.changes {
            lines.push(format!(
                "    {}: {} → {}",
                change.field.replace('_', " "),
                shown(&change.old),
                shown(&change.new)
            ));
        }
    }
    lines.join("\n")
}

/// "event.assign" → "assigned".
fn verb(action: &str) -> String {
    let done = match action.rsplit('.').next().unwrap_or(action) {
        "create" => "created",
        "update" => "updated",
        "sign" => "signed",
        "assign" => "assigned",
        "unassign" => "unassigned",
        "reassign" => "reassigned",
        "import" => "imported",
        "set-password" => "changed the password",
        "unlock" => "unlocked",
        "delete" => "deleted",
        "account" => "created",
        other => return other.to_owned(),
    };
    done.to_owned()
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
