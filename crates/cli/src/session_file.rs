//! The local session: one opaque token in a file only its owner can read.

use std::fs;
use std::io::Write;
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

use secrecy::SecretString;

use super::CliError;
use epicevents_service::SessionToken;

const FILE: &str = "session";

pub struct SessionFile {
    path: PathBuf,
}

fn local(what: &str, path: &Path, e: std::io::Error) -> CliError {
    CliError::Local(format!("cannot {what} {}: {e}", path.display()))
}

impl SessionFile {
    pub fn in_dir(dir: &Path) -> Self {
        Self {
            path: dir.join(FILE),
        }
    }

    pub fn load(&self) -> Result<Option<SessionToken>, CliError> {
        match fs::read_to_string(&self.path) {
            Ok(text) if text.trim().is_empty() => Ok(None),
            Ok(text) => Ok(Some(SessionToken::from_secret(SecretString::from(
                text.trim().to_owned(),
            )))),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(local("read", &self.path, e)),
        }
    }

    /// Writes the token: directory 0700, file 0600, whatever existed before.
    pub fn save(&self, token: &SessionToken) -> Result<(), CliError> {
        let dir = self
            .path
            .parent()
            .expect("the session file is inside a directory");
        fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir)
            .map_err(|e| local("create", dir, e))?;
        fs::set_permissions(dir, fs::Permissions::from_mode(0o700))
            .map_err(|e| local("protect", dir, e))?;
        let mut file = fs::OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(true)
            .mode(0o600)
            .open(&self.path)
            .map_err(|e| local("write", &self.path, e))?;
        // `mode` applies only when the file is created; tighten an older one.
        file.set_permissions(fs::Permissions::from_mode(0o600))
            .map_err(|e| local("protect", &self.path, e))?;
        file.write_all(token.expose().as_bytes())
            .map_err(|e| local("write", &self.path, e))
    }

    pub fn remove(&self) -> Result<(), CliError> {
        match fs::remove_file(&self.path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                Err(local("remove", &self.path, e))
            }
            _ => Ok(()),
        }
    }
}
