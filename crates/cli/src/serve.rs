//! `serve`: the CRM over HTTPS, so that employees' machines hold a revocable
//! token and nothing else. Runs on the server machine, against the database.

use std::io::Write;
use std::net::{Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::time::Duration;

use clap::Args;

use super::{CliError, Context};
use epicevents_server::{MailSettings, ServeOptions, ThrottleLimits, TlsFiles};
use epicevents_service::{PoolSize, Services};

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address and port to listen on [default: 127.0.0.1:8443 with TLS, 127.0.0.1:8080 without]
    #[arg(long, value_name = "ADDR:PORT")]
    listen: Option<SocketAddr>,
    /// The server's certificate chain (PEM)
    #[arg(long, value_name = "PEM", requires = "tls_key")]
    tls_cert: Option<PathBuf>,
    /// The certificate's private key (PEM)
    #[arg(long, value_name = "PEM", requires = "tls_cert")]
    tls_key: Option<PathBuf>,
    /// Serve plain HTTP on a non-loopback address (only behind a TLS reverse proxy)
    #[arg(long, conflicts_with_all = ["tls_cert", "tls_key"])]
    insecure_http: bool,
    /// How long a session lasts, in hours
    #[arg(long, env = "EPICEVENTS_SESSION_HOURS", hide_env_values = true, default_value_t = 8, value_parser = clap::value_parser!(u16).range(1..=168))]
    session_hours: u16,
    /// Database connections kept open at most [default: twice the processors, and one]
    #[arg(long, default_value_t = default_pool(), hide_default_value = true, value_parser = clap::value_parser!(u32).range(1..=512))]
    db_pool: u32,
    /// Failed logins one address may make within the throttle window
    #[arg(long, default_value_t = ThrottleLimits::default().failures, value_parser = clap::value_parser!(u32).range(1..))]
    login_failures_per_address: u32,
    /// How long, in minutes, an address's failed logins are remembered
    #[arg(long, default_value_t = 15, value_parser = clap::value_parser!(u64).range(1..=1440))]
    login_throttle_minutes: u64,
    /// Serve Prometheus metrics at http://ADDR:PORT/metrics (keep it off the public network)
    #[arg(long, value_name = "ADDR:PORT")]
    metrics_listen: Option<SocketAddr>,
    /// How the log (standard error) is written: text lines, or one JSON object a line
    #[arg(long, value_enum, default_value_t = LogFormat::Text)]
    log_format: LogFormat,
    /// The company's time zone, in which the web pages show every time
    #[arg(long, env = "EPICEVENTS_TIME_ZONE", hide_env_values = true, value_name = "ZONE", default_value = "Europe/Paris", value_parser = epicevents_web::zone)]
    time_zone: epicevents_web::Zone,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LogFormat {
    Text,
    Json,
}

impl ServeArgs {
    pub fn log_format(&self) -> epicevents_telemetry::LogFormat {
        match self.log_format {
            LogFormat::Text => epicevents_telemetry::LogFormat::Text,
            LogFormat::Json => epicevents_telemetry::LogFormat::Json,
        }
    }
}

pub fn run(ctx: &Context, args: ServeArgs) -> Result<(), CliError> {
    let url = ctx.database_only("serve")?;
    let tls = match (args.tls_cert, args.tls_key) {
        (Some(cert), Some(key)) => Some(TlsFiles { cert, key }),
        _ => None,
    };
    let listen = args.listen.unwrap_or_else(|| {
        let port = if tls.is_some() { 8443 } else { 8080 };
        SocketAddr::from((Ipv4Addr::LOCALHOST, port))
    });
    if tls.is_none() && !listen.ip().is_loopback() && !args.insecure_http {
        return Err(CliError::Usage(format!(
            "plain HTTP on {listen} would carry passwords and tokens in clear: give --tls-cert and --tls-key, or --insecure-http behind a TLS reverse proxy"
        )));
    }
    let mut config = ctx.service_config.clone();
    config.session_ttl = chrono::Duration::hours(i64::from(args.session_hours));
    // The relay's URL may hold its password: the environment only, never argv.
    let mail = std::env::var("EPICEVENTS_SMTP_URL")
        .ok()
        .filter(|url| !url.is_empty())
        .map(|url| MailSettings {
            url: url.into(),
            from: std::env::var("EPICEVENTS_SMTP_FROM")
                .unwrap_or_else(|_| "Epic Events CRM <crm@localhost>".to_owned()),
        });
    config.mail = mail.is_some();
    let pool = PoolSize {
        max: args.db_pool,
        wait: Duration::from_secs(10),
    };
    // Refuses a missing, uninitialised or out-of-date database, as every command does.
    let services = Services::open_with(&url, config, pool)?;
    let options = ServeOptions {
        listen,
        tls,
        services,
        throttle: ThrottleLimits {
            failures: args.login_failures_per_address,
            window: Duration::from_secs(args.login_throttle_minutes * 60),
        },
        mail,
        metrics: args.metrics_listen,
        web: epicevents_web::Settings {
            zone: args.time_zone,
            tls: false,
        },
    };
    epicevents_server::serve(options, |line| {
        let mut stdout = std::io::stdout().lock();
        let _ = writeln!(stdout, "{line}");
        let _ = stdout.flush();
    })
    .map_err(|e| CliError::Failed(e.to_string()))
}

/// PostgreSQL's own rule of thumb for a pool: twice the processors, and one
/// for the disk. Busier than that, a database on the same machine spends
/// its time switching between connections: on 2 cores, 16 connections
/// served 10–15% fewer requests a second than 5 (PostgreSQL and SQLite
/// alike), at a higher cost per request.
fn default_pool() -> u32 {
    pool_for(std::thread::available_parallelism().map_or(1, usize::from))
}

fn pool_for(processors: usize) -> u32 {
    u32::try_from(processors.saturating_mul(2).saturating_add(1))
        .unwrap_or(u32::MAX)
        .clamp(3, 64)
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_pool_follows_the_processors() {
        assert_eq!(super::pool_for(1), 3);
        assert_eq!(super::pool_for(2), 5);
        assert_eq!(super::pool_for(8), 17);
        assert_eq!(super::pool_for(1000), 64);
    }
}
