//! The command line: parsing, prompting, rendering. No SQL and no rules here:
//! every decision is the service layer's.

mod args;
mod client;
mod collaborator;
mod context;
mod contract;
mod destination;
mod event;
mod exit;
mod handover;
mod history;
mod import;
mod inbox;
mod init;
mod manual;
mod named;
mod output;
mod prompt;
mod render;
mod serve;
mod session;
mod session_file;
mod stream;
mod trail;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};

pub use context::{Context, Target};
pub use exit::{CliError, Exit};
use output::Output;

use epicevents_service::Config;
use epicevents_telemetry::{self as telemetry, Verbosity};

/// Where `--help` lists the options every command takes, apart from the
/// command's own.
const GLOBAL: &str = "Global options";

#[derive(Debug, Parser)]
#[command(
    name = "epicevents",
    version,
    about = "Epic Events CRM: clients, contracts and events",
    propagate_version = true
)]
pub struct Cli {
    /// Database: sqlite://PATH, a file path, postgres://USER@HOST/DB or mysql://USER@HOST/DB [default: a SQLite file in the data directory]
    #[arg(
        long,
        global = true,
        help_heading = GLOBAL,
        env = "EPICEVENTS_DATABASE_URL",
        hide_env_values = true,
        value_name = "URL"
    )]
    db: Option<String>,
    /// Work through this server (https://HOST[:PORT]); `login --server` remembers it
    #[arg(
        long,
        global = true,
        help_heading = GLOBAL,
        env = "EPICEVENTS_SERVER",
        hide_env_values = true,
        value_name = "URL"
    )]
    server: Option<String>,
    /// Trust this certificate authority (PEM) for the server's certificate
    #[arg(long, global = true, help_heading = GLOBAL, env = "EPICEVENTS_CA_CERT", hide_env_values = true, value_name = "PEM")]
    ca_cert: Option<PathBuf>,
    /// Print results as JSON on stdout (errors as JSON on stderr)
    #[arg(long, global = true, help_heading = GLOBAL)]
    json: bool,
    /// Show every column of a table, however wide the terminal
    #[arg(long, global = true, help_heading = GLOBAL)]
    wide: bool,
    /// Print only results, no confirmations
    #[arg(long, short, global = true, help_heading = GLOBAL, conflicts_with = "verbose")]
    quiet: bool,
    /// Log what happens on stderr (twice for debug detail)
    #[arg(long, short, global = true, help_heading = GLOBAL, action = clap::ArgAction::Count)]
    verbose: u8,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Create or migrate the database; create the first management account
    Init(init::InitArgs),
    /// Open a session (the password is prompted, or read with --password-stdin)
    Login(session::LoginArgs),
    /// Close the session
    Logout,
    /// Show who is logged in
    Whoami,
    /// Manage collaborators' accounts (management)
    #[command(subcommand)]
    Collaborator(collaborator::CollaboratorCommand),
    /// Clients: everyone reads; sales create and keep their own
    #[command(subcommand)]
    Client(client::ClientCommand),
    /// Contracts: everyone reads; management draws them up, sales sign their clients'
    #[command(subcommand)]
    Contract(contract::ContractCommand),
    /// Events: everyone reads; sales create, management assigns, support runs them
    #[command(subcommand)]
    Event(event::EventCommand),
    /// What was changed in a client, contract, event or account: by whom, when, old → new;
    /// without a record, the whole trail (management)
    History(history::HistoryArgs),
    /// What others changed in your records, newest first (marks them read)
    Inbox(inbox::InboxArgs),
    /// Serve the CRM over HTTPS, so employees' machines hold no database (on the server machine)
    Serve(serve::ServeArgs),
    /// Print a shell completion script
    Completions {
        /// The shell to complete for
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff), or write every command's into a folder
    Man(manual::ManArgs),
}

/// The program: parse, run, report, exit.
pub fn main() -> ExitCode {
    let parsed = Cli::command()
        .try_get_matches()
        .and_then(|matches| Ok((Cli::from_arg_matches(&matches)?, matches)));
    let (cli, matches) = match parsed {
        Ok(parsed) => parsed,
        Err(e) => return usage_error(e),
    };
    if let Some(conflict) = server_and_database(&matches) {
        return exit::report(&CliError::Usage(conflict), cli.json).into();
    }
    let verbosity = match (cli.quiet, cli.verbose) {
        (true, _) => Verbosity::Quiet,
        (false, 0) => Verbosity::Normal,
        (false, 1) => Verbosity::Verbose,
        _ => Verbosity::Debug,
    };
    // A server logs what it does, unless told to be quiet.
    let verbosity = match (&cli.command, verbosity) {
        (Command::Serve(_), Verbosity::Normal) => Verbosity::Verbose,
        (_, v) => v,
    };
    let format = match &cli.command {
        Command::Serve(args) => args.log_format(),
        _ => telemetry::LogFormat::Text,
    };
    let _telemetry = telemetry::init(verbosity, format);
    output::set_wide(cli.wide);
    let ctx = Context {
        db: cli.db,
        server: cli.server,
        // Absolute, as `login --server` remembers it: the next command may
        // run from another folder.
        ca_cert: cli
            .ca_cert
            .map(|path| std::path::absolute(&path).unwrap_or(path)),
        config_dir: std::env::var_os("EPICEVENTS_CONFIG_DIR").map(PathBuf::from),
        out: Output {
            json: cli.json,
            quiet: cli.quiet,
        },
        service_config: Config {
            phone_region: match std::env::var("EPICEVENTS_PHONE_REGION") {
                Ok(region) => match region.parse() {
                    Ok(region) => region,
                    Err(e) => {
                        let e = CliError::from(epicevents_service::ServiceError::Invalid(e));
                        return exit::report(&e, cli.json).into();
                    }
                },
                Err(_) => Default::default(),
            },
            ..Config::default()
        },
        opened: Default::default(),
    };
    // Commands that act in a session end with the unread count.
    let hinted = matches!(
        cli.command,
        Command::Whoami
            | Command::Collaborator(_)
            | Command::Client(_)
            | Command::Contract(_)
            | Command::Event(_)
            | Command::History(_)
    );
    let result = match cli.command {
        Command::Init(args) => init::run(&ctx, args),
        Command::Login(args) => session::login(&ctx, args),
        Command::Logout => session::logout(&ctx),
        Command::Whoami => session::whoami(&ctx),
        Command::Collaborator(cmd) => collaborator::run(&ctx, cmd),
        Command::Client(cmd) => client::run(&ctx, cmd),
        Command::Contract(cmd) => contract::run(&ctx, cmd),
        Command::Event(cmd) => event::run(&ctx, cmd),
        Command::History(args) => history::run(&ctx, args),
        Command::Inbox(args) => inbox::run(&ctx, args),
        Command::Serve(args) => serve::run(&ctx, args),
        Command::Completions { shell } => {
            // Written whole, then printed as results are: a reader that
            // stops early (`| head`) ends the command quietly.
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "epicevents", &mut script);
            output::write(&String::from_utf8_lossy(&script))
        }
        Command::Man(args) => manual::run(&ctx, args),
    };
    if let Err(CliError::Api(e)) = &result
        && matches!(e.code.as_str(), "session_expired" | "session_revoked")
    {
        // The saved token will never work again: keep nothing useless around.
        let _ = ctx.session_file().and_then(|f| f.remove());
    }
    match result {
        Ok(()) => {
            if hinted {
                inbox::hint(&ctx);
            }
            Exit::Ok.into()
        }
        Err(e) => exit::report(&e, ctx.out.json).into(),
    }
}

/// A server and a database both named: which is wrong, as the person set
/// it (a flag, or a variable of their environment they may have forgotten).
fn server_and_database(matches: &clap::ArgMatches) -> Option<String> {
    use clap::parser::ValueSource;
    let from_env = |id| matches.value_source(id) == Some(ValueSource::EnvVariable);
    let given = |id| matches.value_source(id).is_some();
    if !given("server") || !given("db") {
        return None;
    }
    Some(match (from_env("server"), from_env("db")) {
        (false, false) => "--server and --db cannot be used together: work through a server, or on a database".into(),
        (false, true) => "--server cannot be used with a database: EPICEVENTS_DATABASE_URL is set in your environment; unset it (or leave out --server)".into(),
        (true, false) => "--db cannot be used with a server: EPICEVENTS_SERVER is set in your environment; unset it (or leave out --db)".into(),
        (true, true) => "EPICEVENTS_SERVER and EPICEVENTS_DATABASE_URL are both set in your environment: unset one".into(),
    })
}

fn usage_error(e: clap::Error) -> ExitCode {
    use clap::error::ErrorKind;
    match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            let _ = e.print();
            return Exit::Ok.into();
        }
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let _ = e.print();
            return Exit::Usage.into();
        }
        _ => {}
    }
    // clap's message spans several lines (usage, hints); the contract is one.
    let text = e.render().to_string();
    let message = text
        .lines()
        .map(str::trim)
        .filter(|l| {
            !l.is_empty() && !l.starts_with("Usage:") && !l.starts_with("For more information")
        })
        .collect::<Vec<_>>()
        .join(" ");
    let message = message.trim_start_matches("error: ");
    if std::env::args().any(|a| a == "--json") {
        let body =
            serde_json::json!({ "code": Exit::Usage as u8, "error": "usage", "message": message });
        eprintln!("{body}");
    } else {
        eprintln!("error: {message} (see --help)");
    }
    Exit::Usage.into()
}

#[cfg(test)]
mod help {
    use clap::CommandFactory;

    use super::Cli;

    /// Every command, with the path that names it.
    fn commands() -> Vec<(String, clap::Command)> {
        fn walk(path: String, c: &clap::Command, out: &mut Vec<(String, clap::Command)>) {
            out.push((path.clone(), c.clone()));
            for sub in c.get_subcommands().filter(|s| s.get_name() != "help") {
                walk(format!("{path} {}", sub.get_name()), sub, out);
            }
        }
        let mut out = Vec::new();
        let mut root = Cli::command();
        root.build();
        walk("epicevents".into(), &root, &mut out);
        out
    }

    #[test]
    fn every_option_and_argument_says_what_it_is() {
        let mut missing = Vec::new();
        for (path, command) in commands() {
            for arg in command.get_arguments() {
                let id = arg.get_id().as_str();
                if matches!(id, "help" | "version") {
                    continue;
                }
                if arg
                    .get_help()
                    .is_none_or(|h| h.to_string().trim().is_empty())
                {
                    missing.push(format!("{path}: {id}"));
                }
            }
        }
        assert!(missing.is_empty(), "no description: {missing:#?}");
    }

    #[test]
    fn global_options_stand_apart_and_no_empty_environment_values_show() {
        for (path, mut command) in commands() {
            let help = command.render_long_help().to_string();
            assert!(
                !help.contains("=]"),
                "{path}: an empty environment value shows\n{help}"
            );
            if path != "epicevents" && help.contains("--json") {
                let own = help.split("Global options:").next().unwrap();
                assert!(
                    !own.contains("--json"),
                    "{path}: global options mixed in\n{help}"
                );
            }
        }
    }
}
