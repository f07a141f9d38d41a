//! `inbox`: what others changed in one's records, newest first; and the
//! line every other command ends with while some are unread.

use chrono::Local;
use clap::Args;

use super::{CliError, Context};
use epicevents_domain::history::verb;
use epicevents_domain::inbox::Notification;
use epicevents_domain::time::in_zone;

#[derive(Debug, Args)]
pub struct InboxArgs {
    /// The read notifications too (the last 200), not only the unread ones
    #[arg(long)]
    all: bool,
}

pub fn run(ctx: &Context, args: InboxArgs) -> Result<(), CliError> {
    let mut crm = ctx.crm()?;
    let shown = crm.inbox(args.all)?;
    ctx.out.data(&shown, || lines(&shown, args.all))
}

/// One line each, unread ones marked `*`.
fn lines(shown: &[Notification], all: bool) -> String {
    if shown.is_empty() {
        return match all {
            true => "No notifications.".to_owned(),
            false => "No new notifications (`inbox --all` shows the read ones).".to_owned(),
        };
    }
    shown
        .iter()
        .map(|n| {
            let mark = if n.read { ' ' } else { '*' };
            let who = n.actor.as_ref().map_or_else(
                || "(an account gone since)".to_owned(),
                |a| format!("{} ({})", a.name, a.department),
            );
            format!(
                "{mark} {}  {who} {} {} #{} {}",
                in_zone(&n.at, &Local),
                verb(&n.action),
                n.record.as_str(),
                n.subject,
                n.about
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// After a command that worked: "2 new notifications: epicevents inbox" on
/// standard error, unless the output is for a program (`--json`) or asked
/// to be terse (`--quiet`). Failing to count is no reason to fail.
pub fn hint(ctx: &Context) {
    if ctx.out.json || ctx.out.quiet {
        return;
    }
    let Ok(mut crm) = ctx.crm() else { return };
    match crm.unread() {
        Ok(1) => eprintln!("1 new notification: epicevents inbox"),
        Ok(n) if n > 1 => eprintln!("{n} new notifications: epicevents inbox"),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use epicevents_domain::history::{Author, Kind};

    #[test]
    fn unread_lines_are_marked_and_say_who_did_what_to_which_record() {
        let at = chrono::NaiveDate::from_ymd_opt(2027, 6, 4)
            .unwrap()
            .and_hms_opt(11, 0, 0)
            .unwrap();
        let n = |read, action: &str| Notification {
            id: 1,
            at,
            actor: Some(Author {
                id: 1,
                name: "Ada Manager".into(),
                department: "management".into(),
            }),
            action: action.into(),
            record: Kind::Event,
            subject: 4,
            about: "Kevin's Launch Party".into(),
            read,
        };
        let time = in_zone(&at, &Local);
        assert_eq!(
            lines(&[n(false, "event.unassign"), n(true, "event.assign")], true),
            format!(
                "* {time}  Ada Manager (management) unassigned event #4 Kevin's Launch Party\n  \
                 {time}  Ada Manager (management) assigned event #4 Kevin's Launch Party"
            )
        );
        assert!(lines(&[], false).starts_with("No new notifications"));
    }
}
