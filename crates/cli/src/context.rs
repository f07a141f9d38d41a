//! What every command needs: which CRM to talk to (a database in-process, or
//! a server), where the session is kept, and how to print.

use std::cell::RefCell;
use std::ops::{Deref, DerefMut};
use std::path::PathBuf;

use super::CliError;
use super::output::Output;
use super::session_file::SessionFile;
use epicevents_client::{Remote, Server};
use epicevents_service::{Config, Crm, DatabaseUrl, Local, Services, SessionToken};

/// Where the CRM is, for this command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// In-process, on a database this machine reaches.
    Local(DatabaseUrl),
    /// Through a server; this machine holds only a token.
    Server(Server),
}

pub struct Context {
    pub db: Option<String>,
    pub server: Option<String>,
    pub ca_cert: Option<PathBuf>,
    pub config_dir: Option<PathBuf>,
    pub out: Output,
    pub service_config: Config,
    /// The CRM a command opened, kept for the next use within this run (the
    /// unread count after the command) rather than opened twice.
    pub opened: RefCell<Option<Box<dyn Crm>>>,
}

/// The CRM opened for this run, lent to one command at a time: when the
/// command is done with it, it goes back to the context.
pub struct Opened<'c> {
    ctx: &'c Context,
    crm: Option<Box<dyn Crm>>,
}

impl Deref for Opened<'_> {
    type Target = dyn Crm;
    #[allow(clippy::expect_used, reason = "lent until dropped")]
    fn deref(&self) -> &Self::Target {
        self.crm.as_deref().expect("lent until dropped")
    }
}

impl DerefMut for Opened<'_> {
    #[allow(clippy::expect_used, reason = "lent until dropped")]
    fn deref_mut(&mut self) -> &mut Self::Target {
        self.crm.as_deref_mut().expect("lent until dropped")
    }
}

impl Drop for Opened<'_> {
    fn drop(&mut self) {
        *self.ctx.opened.borrow_mut() = self.crm.take();
    }
}

impl Context {
    /// The database named by `--db` (or its variable), or the default SQLite file.
    pub fn database_url(&self) -> Result<DatabaseUrl, CliError> {
        let url = match &self.db {
            Some(url) => url.clone(),
            None => default_database_path()?.to_string_lossy().into_owned(),
        };
        DatabaseUrl::parse(&url).map_err(|e| CliError::Usage(format!("--db: {e}")))
    }

    /// The server named by `--server` (or `EPICEVENTS_SERVER`), if any.
    fn named_server(&self) -> Result<Option<Server>, CliError> {
        self.server
            .as_deref()
            .map(|url| Server::parse(url, self.ca_cert.clone()))
            .transpose()
            .map_err(|e| CliError::Usage(format!("--server: {e}")))
    }

    /// `--server` wins, then `--db`, then the server `login --server`
    /// remembered, then the default SQLite file.
    pub fn target(&self) -> Result<Target, CliError> {
        if let Some(server) = self.named_server()? {
            return Ok(Target::Server(server));
        }
        if self.db.is_none()
            && let Some(mut server) = self.session_file()?.server()?
        {
            if self.ca_cert.is_some() {
                server.ca_cert = self.ca_cert.clone();
            }
            return Ok(Target::Server(server));
        }
        Ok(Target::Local(self.database_url()?))
    }

    /// For the commands that work on the database itself (`init`, `serve`):
    /// they run on the server machine, never through a server.
    pub fn database_only(&self, command: &str) -> Result<DatabaseUrl, CliError> {
        if self.server.is_some() {
            return Err(CliError::Usage(format!(
                "`{command}` works on the database itself (--db), on the server machine; it does not go through --server"
            )));
        }
        self.database_url()
    }

    /// The CRM this command talks to, acting with the session saved here.
    pub fn crm(&self) -> Result<Opened<'_>, CliError> {
        let kept = self.opened.borrow_mut().take();
        let crm = match kept {
            Some(crm) => crm,
            None => {
                let target = self.target()?;
                self.crm_at(&target, self.service_config.clone(), self.token()?)?
            }
        };
        Ok(Opened {
            ctx: self,
            crm: Some(crm),
        })
    }

    pub fn crm_at(
        &self,
        target: &Target,
        config: Config,
        token: Option<SessionToken>,
    ) -> Result<Box<dyn Crm>, CliError> {
        Ok(match target {
            Target::Local(url) => Box::new(Local::new(Services::open(url, config)?, token)),
            Target::Server(server) => Box::new(Remote::new(server, token)?),
        })
    }

    pub fn session_file(&self) -> Result<SessionFile, CliError> {
        let dir = match &self.config_dir {
            Some(dir) => dir.clone(),
            None => project_dirs()?.config_dir().to_path_buf(),
        };
        Ok(SessionFile::in_dir(&dir))
    }

    pub fn token(&self) -> Result<Option<SessionToken>, CliError> {
        self.session_file()?.load()
    }
}

fn project_dirs() -> Result<directories::ProjectDirs, CliError> {
    directories::ProjectDirs::from("", "", "epicevents").ok_or_else(|| {
        CliError::Usage(
            "no home directory: set EPICEVENTS_DATABASE_URL and EPICEVENTS_CONFIG_DIR".into(),
        )
    })
}

fn default_database_path() -> Result<PathBuf, CliError> {
    Ok(project_dirs()?.data_dir().join("epicevents.sqlite3"))
}
