//! Where a list goes: standard output, or a file. A file appears whole or
//! not at all: rows go to a hidden file beside it, which takes the file's
//! name only once everything is written, so a refusal or an error halfway
//! leaves no file and no half of one, and an existing file is never
//! touched without `--force`.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use super::CliError;
use super::output::write;
use epicevents_service::{ApiError, ErrorKind};

pub enum Destination {
    Stdout,
    File(Pending),
}

/// A file being written under a temporary name.
pub struct Pending {
    path: PathBuf,
    part: PathBuf,
    force: bool,
    file: Option<BufWriter<File>>,
}

fn exists(path: &Path) -> CliError {
    ApiError::new(
        ErrorKind::Conflict,
        "file_exists",
        format!(
            "{} already exists; to replace it, add --force",
            path.display()
        ),
    )
    .into()
}

fn failed(path: &Path, e: std::io::Error) -> CliError {
    CliError::Failed(format!("cannot write {}: {e}", path.display()))
}

impl Destination {
    /// Standard output, or `path`, which must not exist unless `force`. The
    /// file is readable by its owner only: exports hold clients' details.
    pub fn open(output: Option<(&Path, bool)>) -> Result<Self, CliError> {
        use std::os::unix::fs::OpenOptionsExt;
        let Some((path, force)) = output else {
            return Ok(Self::Stdout);
        };
        if !force && path.symlink_metadata().is_ok() {
            return Err(exists(path));
        }
        let name = path
            .file_name()
            .unwrap_or(path.as_os_str())
            .to_string_lossy();
        let part = path.with_file_name(format!(".{name}.{}.part", std::process::id()));
        let file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(&part)
            .map_err(|e| failed(path, e))?;
        Ok(Self::File(Pending {
            path: path.to_owned(),
            part,
            force,
            file: Some(BufWriter::new(file)),
        }))
    }

    pub fn emit(&mut self, text: &str) -> Result<(), CliError> {
        match self {
            Self::Stdout => write(text),
            Self::File(p) => match p.file.as_mut() {
                Some(file) => file
                    .write_all(text.as_bytes())
                    .map_err(|e| failed(&p.path, e)),
                None => Ok(()),
            },
        }
    }

    /// The file being written, for writers that need to seek in it (a
    /// workbook); none on standard output.
    pub fn file(&mut self) -> Option<&mut BufWriter<File>> {
        match self {
            Self::Stdout => None,
            Self::File(p) => p.file.as_mut(),
        }
    }

    /// Gives the written file its name: replacing what is there with
    /// `--force`, else only if nothing took the name meanwhile.
    pub fn close(self) -> Result<(), CliError> {
        let Self::File(mut p) = self else {
            return Ok(());
        };
        let Some(file) = p.file.take() else {
            return Ok(());
        };
        let file = file
            .into_inner()
            .map_err(|e| failed(&p.path, e.into_error()))?;
        file.sync_all().map_err(|e| failed(&p.path, e))?;
        if p.force {
            std::fs::rename(&p.part, &p.path).map_err(|e| failed(&p.path, e))
        } else {
            match std::fs::hard_link(&p.part, &p.path) {
                Ok(()) => Ok(()),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Err(exists(&p.path)),
                Err(e) => Err(failed(&p.path, e)),
            }
        }
    }
}

impl Drop for Pending {
    /// The temporary file goes, whatever happened: once linked under its
    /// name, or abandoned after an error.
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.part);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_appears_whole_or_not_at_all() {
        let dir = tempfile_dir();
        let path = dir.join("list.csv");
        let mut d = Destination::open(Some((&path, false))).unwrap();
        d.emit("a,b\r\n").unwrap();
        assert!(!path.exists(), "nothing under the name before the end");
        d.close().unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "a,b\r\n");
        // An error halfway: the destination is dropped, not closed.
        let other = dir.join("other.csv");
        let mut d = Destination::open(Some((&other, false))).unwrap();
        d.emit("half").unwrap();
        drop(d);
        assert!(!other.exists());
        assert_eq!(
            std::fs::read_dir(&dir).unwrap().count(),
            1,
            "no part file left"
        );
        // An existing file: refused, then replaced with force.
        assert!(Destination::open(Some((&path, false))).is_err());
        let mut d = Destination::open(Some((&path, true))).unwrap();
        d.emit("new").unwrap();
        d.close().unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    fn tempfile_dir() -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("epicevents-destination-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }
}
