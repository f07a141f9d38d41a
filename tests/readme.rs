//! The README's walk-through ("A day at Epic Events") is run as written, on
//! the demo database, by the person each part is about, on a machine in
//! Paris, and its output compared with what the README shows.
//!
//! Times that depend on when the test runs (a record created or updated
//! now) are shown as `YYYY-MM-DD hh:mm` in the README. After a deliberate
//! change of output, `UPDATE_README=1 cargo test --test readme` rewrites the
//! transcripts; review the diff before committing it.

use crate::common;

use std::path::Path;

use common::TestDb;
use common::machine::{Machine, json};

const SECTION: &str = "## A day at Epic Events";

/// One `$ epicevents …` line and what the README says it prints.
struct Step {
    command: String,
    shown: String,
}

/// The console blocks of the walk-through, each under the heading that says
/// whose machine it runs on.
fn blocks(readme: &str) -> Vec<(String, Vec<Step>)> {
    let start = readme.find(SECTION).expect("the walk-through section");
    let end = readme[start + SECTION.len()..]
        .find("\n## ")
        .map_or(readme.len(), |e| start + SECTION.len() + e);
    let mut heading = String::new();
    let mut out = Vec::new();
    let mut lines = readme[start..end].lines();
    while let Some(line) = lines.next() {
        if let Some(h) = line.strip_prefix("### ") {
            heading = h.to_owned();
        }
        if line != "```console" {
            continue;
        }
        let mut steps: Vec<Step> = Vec::new();
        for line in lines.by_ref().take_while(|l| *l != "```") {
            match line.strip_prefix("$ ") {
                Some(command) => steps.push(Step {
                    command: command.to_owned(),
                    shown: String::new(),
                }),
                None => {
                    let step = steps.last_mut().expect("output after a command");
                    step.shown.push_str(line);
                    step.shown.push('\n');
                }
            }
        }
        // A blank line separates one step from the next; it is not output.
        for step in &mut steps {
            let kept = step.shown.trim_end_matches('\n').len();
            step.shown.truncate(kept);
            if kept > 0 {
                step.shown.push('\n');
            }
        }
        out.push((heading.clone(), steps));
    }
    out
}

/// Splits a command line as a shell would, for the quoting the README uses.
fn words(command: &str) -> Vec<String> {
    let command = command.split("  #").next().unwrap().trim();
    let mut words = Vec::new();
    let mut word = String::new();
    let mut quoted = false;
    let mut started = false;
    for c in command.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                started = true;
            }
            ' ' if !quoted => {
                if started {
                    words.push(std::mem::take(&mut word));
                }
                started = false;
            }
            c => {
                word.push(c);
                started = true;
            }
        }
    }
    if started {
        words.push(word);
    }
    words
}

/// What a run prints, as the README shows it: stdout then stderr, times of
/// today as placeholders, no trailing spaces or blank lines.
fn as_shown(stdout: &str, stderr: &str) -> String {
    let today = chrono::Utc::now().date_naive();
    let text = format!("{stdout}{stderr}");
    let mut out = String::new();
    for line in text.lines() {
        let mut line = line.trim_end().to_owned();
        for day in [today.pred_opt().unwrap(), today, today.succ_opt().unwrap()] {
            let date = day.format("%Y-%m-%d").to_string();
            while let Some(at) = line.find(&format!("{date} ")) {
                // With its offset, which changes with the season.
                let zoned = line[at + 16..].starts_with(" +") || line[at + 16..].starts_with(" -");
                let end = if zoned { at + 23 } else { at + 16 };
                let shown = if zoned {
                    "YYYY-MM-DD hh:mm +hh:mm"
                } else {
                    "YYYY-MM-DD hh:mm"
                };
                line.replace_range(at..end.min(line.len()), shown);
            }
        }
        out.push_str(&line);
        out.push('\n');
    }
    out.trim_end_matches('\n').to_owned() + if out.trim().is_empty() { "" } else { "\n" }
}

#[test]
fn the_walk_through_prints_what_the_readme_shows() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md");
    let readme = std::fs::read_to_string(&path).unwrap();
    let db = TestDb::sqlite();
    let setup = Machine::new(&db);
    let init = json(&setup.expect(0, &["--json", "init", "--demo"], "").stdout);
    let password = |email: &str| {
        init["created_accounts"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["email"] == email)
            .map(|a| a["password"].as_str().unwrap().to_owned())
            .unwrap()
    };
    let person = |email: &str| {
        let mut m = Machine::new(&db);
        m.tz = "Europe/Paris";
        m.login(email, &password(email));
        m
    };
    let manager = person("manager@epicevents.demo");
    let bill = person("bill.boquet@epicevents.demo");
    let kate = person("kate.hastroff@epicevents.demo");

    let mut rewritten = readme.clone();
    let mut differences = Vec::new();
    for (heading, steps) in blocks(&readme) {
        let who = if heading.starts_with("Sales") {
            &bill
        } else if heading.starts_with("Management") {
            &manager
        } else if heading.starts_with("Support") {
            &kate
        } else {
            panic!("whose machine runs the block under {heading:?}?")
        };
        for step in steps {
            let args = words(&step.command);
            assert_eq!(args[0], "epicevents", "{}", step.command);
            let args: Vec<&str> = args[1..].iter().map(String::as_str).collect();
            let run = who.run_with(&args, "");
            let actual = as_shown(&run.stdout, &run.stderr);
            if actual != step.shown {
                differences.push(format!(
                    "$ {}\n--- README\n{}--- actual\n{}",
                    step.command, step.shown, actual
                ));
                let old = format!("$ {}\n{}", step.command, step.shown);
                let new = format!("$ {}\n{}", step.command, actual);
                rewritten = rewritten.replacen(&old, &new, 1);
            }
        }
    }
    if std::env::var_os("UPDATE_README").is_some() {
        std::fs::write(&path, rewritten).unwrap();
        return;
    }
    assert!(
        differences.is_empty(),
        "the README's walk-through has drifted (UPDATE_README=1 rewrites it):\n{}",
        differences.join("\n")
    );
}

#[test]
fn commands_split_as_a_shell_would() {
    assert_eq!(
        words(r#"epicevents client create --name "Zoé Martin" --total "8 400,00"   # a note"#),
        [
            "epicevents",
            "client",
            "create",
            "--name",
            "Zoé Martin",
            "--total",
            "8 400,00"
        ]
    );
    assert_eq!(
        words(r#"epicevents x --notes """#),
        ["epicevents", "x", "--notes", ""]
    );
}
