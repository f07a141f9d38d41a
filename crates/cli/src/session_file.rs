//! What this machine keeps between commands, in a directory only its owner
//! can read (0700, files 0600): the session token and, in server mode, which
//! server issued it. Never a database URL, never a password.

use std::fs;
use std::io::Write;
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

use secrecy::SecretString;

use super::CliError;
use epicevents_client::Server;
use epicevents_service::{ApiError, ErrorKind, SessionToken};

const TOKEN_FILE: &str = "session";
const SERVER_FILE: &str = "server";
/// The SQLite databases `init` created on this machine, one path per line:
/// so that a database deleted under us is not silently started afresh.
const DATABASES_FILE: &str = "databases";

enum Token {
    Found(SessionToken),
    Absent,
    Damaged(&'static str),
}

pub struct SessionFile {
    dir: PathBuf,
}

fn local(what: &str, path: &Path, e: std::io::Error) -> CliError {
    CliError::Local(format!("cannot {what} {}: {e}", path.display()))
}

impl SessionFile {
    pub fn in_dir(dir: &Path) -> Self {
        Self {
            dir: dir.to_path_buf(),
        }
    }

    fn read(&self, name: &str) -> Result<Option<String>, CliError> {
        let path = self.dir.join(name);
        match fs::read_to_string(&path) {
            Ok(text) if text.trim().is_empty() => Ok(None),
            Ok(text) => Ok(Some(text.trim().to_owned())),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(local("read", &path, e)),
        }
    }

    /// Writes one file: directory 0700, file 0600, whatever existed before.
    fn write(&self, name: &str, contents: &str) -> Result<(), CliError> {
        let dir = &self.dir;
        fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir)
            .map_err(|e| local("create", dir, e))?;
        fs::set_permissions(dir, fs::Permissions::from_mode(0o700))
            .map_err(|e| local("protect", dir, e))?;
        let path = dir.join(name);
        let mut file = fs::OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(true)
            .mode(0o600)
            .open(&path)
            .map_err(|e| local("write", &path, e))?;
        // `mode` applies only when the file is created; tighten an older one.
        file.set_permissions(fs::Permissions::from_mode(0o600))
            .map_err(|e| local("protect", &path, e))?;
        file.write_all(contents.as_bytes())
            .map_err(|e| local("write", &path, e))
    }

    fn delete(&self, name: &str) -> Result<(), CliError> {
        let path = self.dir.join(name);
        // Only an empty directory: what someone put in one is theirs to move.
        let removed = if path.is_dir() {
            fs::remove_dir(&path)
        } else {
            fs::remove_file(&path)
        };
        match removed {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(local("remove", &path, e)),
            _ => Ok(()),
        }
    }

    /// The token, refused (as ssh refuses a key) when others could have
    /// read it: its file or directory open to anyone but the owner. A file
    /// that holds no token (damaged, or a directory) is refused with how to
    /// repair it.
    pub fn load(&self) -> Result<Option<SessionToken>, CliError> {
        let path = self.dir.join(TOKEN_FILE);
        let token = match self.token()? {
            Token::Found(token) => token,
            Token::Absent => return Ok(None),
            Token::Damaged(what) => {
                let message = format!(
                    "the session file {} is damaged ({what}): run `epicevents login` to replace it",
                    path.display()
                );
                return Err(ApiError::new(
                    ErrorKind::NotAuthenticated,
                    "session_file_damaged",
                    message,
                )
                .into());
            }
        };
        self.ensure_private()?;
        Ok(Some(token))
    }

    /// The token even where others could read it, and nothing where the file
    /// is damaged: for `login` and `logout`, which end it (and write the
    /// directory back to 0700, the file to 0600, a damaged one replaced).
    pub fn load_to_replace(&self) -> Result<Option<SessionToken>, CliError> {
        match self.token()? {
            Token::Found(token) => Ok(Some(token)),
            Token::Absent => Ok(None),
            Token::Damaged(_) => {
                self.remove()?;
                Ok(None)
            }
        }
    }

    fn token(&self) -> Result<Token, CliError> {
        let path = self.dir.join(TOKEN_FILE);
        let bytes = match fs::read(&path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Token::Absent),
            Err(_) if path.is_dir() => return Ok(Token::Damaged("it is a directory")),
            Err(e) => return Err(local("read", &path, e)),
        };
        let text = match String::from_utf8(bytes) {
            Ok(text) => text,
            Err(_) => return Ok(Token::Damaged("not a session token")),
        };
        let text = text.trim();
        if text.is_empty() {
            return Ok(Token::Absent);
        }
        // Tokens are 64 hexadecimal digits; anything else is not ours.
        if text.len() != 64 || !text.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Ok(Token::Damaged("not a session token"));
        }
        Ok(Token::Found(SessionToken::from_secret(SecretString::from(
            text.to_owned(),
        ))))
    }

    fn ensure_private(&self) -> Result<(), CliError> {
        let path = self.dir.join(TOKEN_FILE);
        let mode = |p: &Path| {
            fs::metadata(p)
                .map(|m| m.permissions().mode() & 0o777)
                .map_err(|e| local("inspect", p, e))
        };
        let (dir_mode, file_mode) = (mode(&self.dir)?, mode(&path)?);
        if dir_mode & 0o077 == 0 && file_mode & 0o077 == 0 {
            return Ok(());
        }
        let message = format!(
            "the session in {} can be read by others (directory {dir_mode:03o}, file {file_mode:03o}), so it is not used: run `chmod 700 {} && chmod 600 {}`, or log in again",
            path.display(),
            self.dir.display(),
            path.display()
        );
        Err(ApiError::new(ErrorKind::NotAuthenticated, "session_file_exposed", message).into())
    }

    pub fn save(&self, token: &SessionToken) -> Result<(), CliError> {
        self.write(TOKEN_FILE, token.expose())
    }

    pub fn remove(&self) -> Result<(), CliError> {
        self.delete(TOKEN_FILE)
    }

    /// Whether `init` created a database at `path` on this machine.
    pub fn knew_database(&self, path: &Path) -> Result<bool, CliError> {
        let wanted = absolute(path);
        Ok(self
            .read(DATABASES_FILE)?
            .is_some_and(|list| list.lines().any(|line| Path::new(line) == wanted)))
    }

    pub fn remember_database(&self, path: &Path) -> Result<(), CliError> {
        if self.knew_database(path)? {
            return Ok(());
        }
        let mut list = self.read(DATABASES_FILE)?.unwrap_or_default();
        if !list.is_empty() {
            list.push('\n');
        }
        list.push_str(&absolute(path).display().to_string());
        self.write(DATABASES_FILE, &list)
    }

    /// The server remembered by `login --server`, if any.
    pub fn server(&self) -> Result<Option<Server>, CliError> {
        let Some(text) = self.read(SERVER_FILE)? else {
            return Ok(None);
        };
        serde_json::from_str(&text).map(Some).map_err(|e| {
            let path = self.dir.join(SERVER_FILE);
            CliError::Usage(format!(
                "{} is damaged ({e}); log in again with `epicevents login --server URL`",
                path.display()
            ))
        })
    }

    pub fn remember_server(&self, server: &Server) -> Result<(), CliError> {
        let text = serde_json::to_string(server)
            .map_err(|e| CliError::Local(format!("cannot record the server: {e}")))?;
        self.write(SERVER_FILE, &text)
    }

    pub fn forget_server(&self) -> Result<(), CliError> {
        self.delete(SERVER_FILE)
    }
}

/// The path as an absolute one, so that `crm.db` and `./crm.db` are one.
fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}
