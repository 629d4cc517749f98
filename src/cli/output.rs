//! `--out FILE`: checked before any work (so a solve is never thrown away
//! for a bad path), never the database or the station's own files, never
//! an existing file without `--force`, and written to a temporary file in
//! the same folder that is renamed into place only when complete, so a
//! failure leaves nothing half written.

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use tempfile::NamedTempFile;

use super::{Cli, CliError, db_path};
use crate::config::{RULES_FILE, STAFF_FILE};
use crate::text::ControlFilter;

/// A file the command will write, already checked and opened as a
/// temporary file beside it.
pub struct OutFile {
    path: PathBuf,
    temp: NamedTempFile,
    replace: bool,
}

impl OutFile {
    /// Checks `path` before any work: its folder exists and can be written,
    /// it is not one of the files `duty` keeps (the database, rules.toml,
    /// staff.toml), and it does not exist unless `force`.
    pub fn prepare(cli: &Cli, path: &Path, force: bool) -> Result<OutFile, CliError> {
        let refuse = |why: String| CliError::Usage(format!("--out {}: {why}", path.display()));
        if let Some(kept) = kept_files(cli).iter().find(|kept| same_file(path, kept)) {
            return Err(refuse(format!(
                "that is {}, which duty keeps; choose another file",
                kept.display()
            )));
        }
        match std::fs::symlink_metadata(path) {
            Ok(meta) if !meta.is_file() => {
                return Err(refuse("exists and is not a regular file".to_string()));
            }
            Ok(_) if !force => {
                return Err(refuse(
                    "already exists; pass --force to replace it".to_string(),
                ));
            }
            _ => {}
        }
        let folder = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        if !folder.is_dir() {
            return Err(refuse(format!(
                "the folder {} does not exist",
                folder.display()
            )));
        }
        let temp = tempfile::Builder::new()
            .prefix(".duty-out-")
            .tempfile_in(&folder)
            .map_err(|e| refuse(format!("cannot write in {}: {e}", folder.display())))?;
        Ok(OutFile {
            path: path.to_path_buf(),
            temp,
            replace: force,
        })
    }

    /// The file's path, for "Wrote ..." lines.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Writes the whole file through `write` (every byte through the same
    /// control-character filter as the terminal) and moves it into place.
    pub fn write(
        self,
        write: impl FnOnce(&mut dyn Write) -> Result<(), CliError>,
    ) -> Result<(), CliError> {
        let failed = |e: std::io::Error| {
            CliError::Failed(format!("cannot write {}: {e}", self.path.display()))
        };
        {
            let mut sink = ControlFilter::new(BufWriter::new(self.temp.as_file()));
            write(&mut sink)?;
            sink.finish().map_err(failed)?;
        }
        self.temp.as_file().sync_all().map_err(failed)?;
        let persisted = if self.replace {
            self.temp.persist(&self.path).map(|_| ())
        } else {
            self.temp.persist_noclobber(&self.path).map(|_| ())
        };
        persisted.map_err(|e| {
            CliError::Failed(format!(
                "cannot write {}: {}; nothing was written there",
                self.path.display(),
                e.error
            ))
        })
    }
}

/// The files `--out` must never replace: the database (with its WAL and
/// shared-memory files) and the station's two config files.
fn kept_files(cli: &Cli) -> Vec<PathBuf> {
    let mut files = vec![cli.data.join(RULES_FILE), cli.data.join(STAFF_FILE)];
    if let Ok(db) = db_path(cli) {
        for suffix in ["", "-wal", "-shm", "-journal"] {
            let mut name = db.clone().into_os_string();
            name.push(suffix);
            files.push(PathBuf::from(name));
        }
    }
    files
}

/// Whether two paths name the same file: the same inode when both exist
/// (hard links and symbolic links included), else the same absolute path.
fn same_file(a: &Path, b: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if let (Ok(x), Ok(y)) = (std::fs::metadata(a), std::fs::metadata(b)) {
            return x.dev() == y.dev() && x.ino() == y.ino();
        }
    }
    match (absolute(a), absolute(b)) {
        (Some(x), Some(y)) => x == y,
        _ => false,
    }
}

/// A path made absolute through its folder's real location.
fn absolute(path: &Path) -> Option<PathBuf> {
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    Some(std::fs::canonicalize(folder).ok()?.join(path.file_name()?))
}

/// Standard output that outlives its reader: once the reader has gone
/// (`duty plan --save | head`), the rest of the report is dropped and the
/// command goes on to do its work (save, publish, record), instead of
/// stopping half-way with the exit status of success and nothing saved.
pub struct ReaderMayLeave<W: Write> {
    inner: W,
    gone: bool,
}

impl<W: Write> ReaderMayLeave<W> {
    /// Wraps the process's standard output.
    pub fn new(inner: W) -> Self {
        ReaderMayLeave { inner, gone: false }
    }

    /// `result`, or `dropped` once the reader has hung up.
    fn unless_gone<T>(&mut self, result: std::io::Result<T>, dropped: T) -> std::io::Result<T> {
        match result {
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {
                self.gone = true;
                Ok(dropped)
            }
            other => other,
        }
    }
}

impl<W: Write> Write for ReaderMayLeave<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.gone {
            return Ok(buf.len());
        }
        let written = self.inner.write(buf);
        self.unless_gone(written, buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        if self.gone {
            return Ok(());
        }
        let flushed = self.inner.flush();
        self.unless_gone(flushed, ())
    }
}

#[cfg(test)]
mod tests {
    use super::ReaderMayLeave;
    use std::io::{self, Write};

    /// A reader that takes `room` bytes and then hangs up.
    struct HangsUp {
        room: usize,
        got: Vec<u8>,
    }

    impl Write for HangsUp {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            if self.got.len() + buf.len() > self.room {
                return Err(io::Error::from(io::ErrorKind::BrokenPipe));
            }
            self.got.extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn output_after_the_reader_hangs_up_is_dropped_not_an_error() {
        let mut out = ReaderMayLeave::new(HangsUp {
            room: 6,
            got: Vec::new(),
        });
        writeln!(out, "first").unwrap();
        writeln!(out, "second line").unwrap();
        writeln!(out, "x").unwrap();
        out.flush().unwrap();
        assert!(out.gone);
        assert_eq!(out.inner.got, b"first\n");
    }

    #[test]
    fn other_errors_still_stop_the_command() {
        struct Full;
        impl Write for Full {
            fn write(&mut self, _: &[u8]) -> io::Result<usize> {
                Err(io::Error::other("disk full"))
            }
            fn flush(&mut self) -> io::Result<()> {
                Ok(())
            }
        }
        let mut out = ReaderMayLeave::new(Full);
        assert!(writeln!(out, "report").is_err());
    }
}
