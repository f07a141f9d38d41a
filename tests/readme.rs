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

/// A clone holds what the README names: no file outside the repository
/// (the brief's folder is not part of it), and every `tests/fixtures/…`
/// named is there.
#[test]
fn the_readme_names_only_files_a_clone_has() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    assert!(
        !readme.contains("../shared/"),
        "the README points outside the repository"
    );
    let named: Vec<&str> = readme
        .split("tests/fixtures/")
        .skip(1)
        .filter_map(|rest| {
            rest.split(|c: char| c.is_whitespace() || "`):".contains(c))
                .next()
        })
        .collect();
    assert!(!named.is_empty());
    for file in named {
        assert!(
            root.join("tests/fixtures").join(file).is_file(),
            "tests/fixtures/{file}"
        );
    }
}

/// `scripts/dev.sh run` says it is building, and that the first build
/// takes minutes, before cargo's quiet build (here a stand-in cargo that
/// only notes how it was called).
#[test]
fn the_dev_script_says_it_is_building_before_a_long_quiet_build() {
    use std::os::unix::fs::PermissionsExt;
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let work = tempfile::tempdir().unwrap();
    let bin = work.path().join("bin");
    std::fs::create_dir(&bin).unwrap();
    let calls = work.path().join("calls");
    let cargo = bin.join("cargo");
    std::fs::write(
        &cargo,
        format!("#!/bin/sh\necho \"$@\" >> '{}'\n", calls.display()),
    )
    .unwrap();
    std::fs::set_permissions(&cargo, std::fs::Permissions::from_mode(0o755)).unwrap();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let run = std::process::Command::new(root.join("scripts/dev.sh"))
        .args(["run", "--", "--version"])
        .env("PATH", path)
        .env("CARGO_TARGET_DIR", work.path().join("target"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "{stderr}");
    assert!(
        stderr.contains("building epicevents (release): the first build takes several minutes"),
        "{stderr}"
    );
    let called = std::fs::read_to_string(&calls).unwrap();
    assert!(
        called.contains("run --quiet --release --bin epicevents -- --version"),
        "{called}"
    );
}

/// The development profile keeps line tables only: full debug information
/// filled 13 GB of target folder and slowed every link of the tests.
#[test]
fn the_development_build_keeps_line_tables_only() {
    let manifest =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml")).unwrap();
    let dev = manifest
        .split("[profile.dev]")
        .nth(1)
        .expect("a development profile");
    assert!(dev.contains(r#"debug = "line-tables-only""#), "{dev}");
    let dependencies = manifest
        .split(r#"[profile.dev.package."*"]"#)
        .nth(1)
        .expect("the dependencies' profile");
    assert!(dependencies.contains("debug = false"), "{dependencies}");
}
