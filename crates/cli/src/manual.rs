//! `epicevents man`: the manual, a page per command (`epicevents-event-
//! list(1)`…), each with the exit codes and the environment variables;
//! printed (the top page) or written into a folder `man` reads.

use std::path::PathBuf;

use clap::{Args, CommandFactory};

use super::{Cli, CliError, Context, output};

#[derive(Debug, Args)]
pub struct ManArgs {
    /// Write every page (epicevents.1, epicevents-client.1,
    /// epicevents-client-list.1…) into this folder, such as
    /// ~/.local/share/man/man1, instead of printing the top page
    #[arg(long, value_name = "FOLDER")]
    dir: Option<PathBuf>,
}

/// What each exit code says, for the pages and their tests.
const EXIT_CODES: &[(u8, &str)] = &[
    (0, "done"),
    (
        1,
        "internal error (reported, with a reference to quote), or something outside the program in the way",
    ),
    (2, "usage: a wrong or missing option or argument"),
    (
        3,
        "not authenticated: no, expired or revoked session; wrong e-mail or password; too many failed attempts",
    ),
    (4, "permission denied: your department may not do this"),
    (5, "not found"),
    (
        6,
        "invalid input: the line names the field and the rule; several records match a name",
    ),
    (
        7,
        "conflict: the record changed meanwhile, or a rule of the business refuses it (nothing was changed)",
    ),
    (
        8,
        "unreachable: the server or the database cannot be reached or used",
    ),
    (130, "cancelled at a prompt"),
    (141, "the output was closed (| head)"),
];

/// The variables read besides the options' own (which each page lists
/// with its option).
const ENVIRONMENT: &[(&str, &str)] = &[
    ("EPICEVENTS_DATABASE_URL", "the database (--db)"),
    ("EPICEVENTS_SERVER", "work through this server (--server)"),
    (
        "EPICEVENTS_CA_CERT",
        "the certificate authority to trust for the server (--ca-cert)",
    ),
    (
        "EPICEVENTS_CONFIG_DIR",
        "where the session file is kept (default: the user's configuration folder)",
    ),
    (
        "EPICEVENTS_PHONE_REGION",
        "the country of phone numbers typed without one (default FR)",
    ),
    (
        "EPICEVENTS_SESSION_HOURS",
        "how long a local session lasts (login --session-hours)",
    ),
    (
        "EPICEVENTS_TIME_ZONE",
        "the company's zone for the web pages (serve --time-zone)",
    ),
    (
        "EPICEVENTS_SMTP_URL, EPICEVENTS_SMTP_FROM",
        "the relay and sender of the server's e-mails (serve)",
    ),
    (
        "SENTRY_DSN, SENTRY_ENVIRONMENT",
        "where errors are reported",
    ),
    ("TZ", "the zone times are typed and shown in"),
    (
        "EPICEVENTS_DATE_ORDER",
        "day-first (default: 03/04/2027 is 3 April) or month-first",
    ),
    ("COLUMNS", "the width tables fit (--wide ignores it)"),
    ("NO_COLOR", "no colour in logs"),
];

/// `text` with roff's special characters escaped.
fn roff(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('-', "\\-")
        .replace('\'', "\\(aq")
}

/// The sections every page ends with: the exit codes and the environment.
fn closing_sections() -> String {
    let mut out = String::from(".SH \"EXIT STATUS\"\n");
    for (code, meaning) in EXIT_CODES {
        out.push_str(&format!(".TP\n\\fB{code}\\fR\n{}\n", roff(meaning)));
    }
    out.push_str(".SH ENVIRONMENT\n");
    for (name, meaning) in ENVIRONMENT {
        out.push_str(&format!(".TP\n\\fB{}\\fR\n{}\n", roff(name), roff(meaning)));
    }
    out
}

/// One command's page: clap's sections, then the exit codes and the
/// environment.
fn page(command: clap::Command) -> Result<Vec<u8>, std::io::Error> {
    let man = clap_mangen::Man::new(command);
    let mut out = Vec::new();
    man.render_title(&mut out)?;
    man.render_name_section(&mut out)?;
    man.render_synopsis_section(&mut out)?;
    man.render_description_section(&mut out)?;
    man.render_options_section(&mut out)?;
    if man_has_subcommands(&man) {
        man.render_subcommands_section(&mut out)?;
    }
    out.extend_from_slice(closing_sections().as_bytes());
    man.render_version_section(&mut out)?;
    Ok(out)
}

fn man_has_subcommands(man: &clap_mangen::Man) -> bool {
    let mut probe = Vec::new();
    man.render_subcommands_section(&mut probe).is_ok() && probe.windows(3).any(|w| w == b".TP")
}

/// Every command and subcommand, each named as its page is
/// (`epicevents-event-list`).
fn commands() -> Vec<clap::Command> {
    fn walk(command: &clap::Command, out: &mut Vec<clap::Command>) {
        for sub in command.get_subcommands().filter(|s| !s.is_hide_set()) {
            walk(sub, out);
        }
        out.push(command.clone());
    }
    let mut top = Cli::command().disable_help_subcommand(true);
    top.build();
    let mut out = Vec::new();
    walk(&top, &mut out);
    out
}

pub fn run(ctx: &Context, args: ManArgs) -> Result<(), CliError> {
    let failed = |e: std::io::Error| CliError::Local(format!("cannot write the manual: {e}"));
    let Some(dir) = args.dir else {
        let top = commands()
            .pop()
            .ok_or_else(|| CliError::Local("no command".into()))?;
        return output::write(&String::from_utf8_lossy(&page(top).map_err(failed)?));
    };
    std::fs::create_dir_all(&dir)
        .map_err(|e| CliError::Failed(format!("cannot create {}: {e}", dir.display())))?;
    let mut written = 0;
    for command in commands() {
        let name = command
            .get_display_name()
            .unwrap_or(command.get_name())
            .to_owned();
        let file = dir.join(format!("{name}.1"));
        std::fs::write(&file, page(command).map_err(failed)?)
            .map_err(|e| CliError::Failed(format!("cannot write {}: {e}", file.display())))?;
        written += 1;
    }
    let shown = dir.display().to_string();
    ctx.out.done(
        &serde_json::json!({ "pages": written, "dir": shown }),
        || format!("Wrote {written} manual pages into {shown}. If `man epicevents` does not find them, add the folder above it to MANPATH."),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_command_has_a_page_and_every_page_it_names_exists() {
        let pages = commands();
        let names: Vec<String> = pages
            .iter()
            .map(|c| c.get_display_name().unwrap_or(c.get_name()).to_owned())
            .collect();
        assert!(names.contains(&"epicevents".to_owned()));
        assert!(
            names.contains(&"epicevents-event-list".to_owned()),
            "{names:?}"
        );
        for command in pages {
            let text = String::from_utf8(page(command.clone()).unwrap()).unwrap();
            assert!(text.contains(".SH \"EXIT STATUS\"") && text.contains(".SH ENVIRONMENT"));
            let named: Vec<String> = text
                .lines()
                .filter_map(|line| line.strip_suffix("(1)"))
                .filter(|name| name.starts_with("epicevents"))
                .map(|name| name.replace("\\-", "-"))
                .collect();
            for name in &named {
                assert!(names.contains(name), "{name} is named but has no page");
            }
            if command.get_name() == "epicevents" {
                assert!(named.contains(&"epicevents-event".to_owned()), "{text}");
            }
        }
    }
}
