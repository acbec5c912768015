//! Writing a command's whole output to standard output or to a file, without harm: a
//! file is written whole or not at all (a temporary file beside it, then renamed over
//! it), only over a regular file, never over one of the command's inputs, and keeping
//! the mode of the file it replaces.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use crate::Console;

/// Why an output file was not written.
#[derive(Debug, thiserror::Error)]
pub(crate) enum WriteError {
    /// The path is a FIFO, device, socket or directory: replacing it with a regular
    /// file would break it (as root, `-o /dev/null` would replace the system's).
    #[error(
        "it is {what}, not a regular file; name a file, or leave out -o to write to standard output"
    )]
    NotRegular {
        /// What it is, in words.
        what: &'static str,
    },
    /// The path is a file this command reads.
    #[error("it is one of the input files; write the output somewhere else")]
    Input,
    /// The operating system refused.
    #[error("{0}")]
    Io(#[from] io::Error),
}

impl From<WriteError> for io::Error {
    fn from(e: WriteError) -> Self {
        match e {
            WriteError::Io(e) => e,
            other => io::Error::other(other.to_string()),
        }
    }
}

/// Where an output file goes, once found safe to write.
pub(crate) struct Target {
    /// The file to replace (a link's target, not the link).
    path: PathBuf,
    /// The mode of the file replaced, if there is one.
    #[cfg(unix)]
    mode: Option<u32>,
}

impl Target {
    /// Checks that `path` can be written: absent, or a regular file that is none of
    /// `inputs`.
    pub(crate) fn of(path: &Path, inputs: &[PathBuf]) -> Result<Self, WriteError> {
        let meta = match std::fs::metadata(path) {
            Ok(meta) => meta,
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                return Ok(Self {
                    path: path.to_owned(),
                    #[cfg(unix)]
                    mode: None,
                });
            }
            Err(e) => return Err(e.into()),
        };
        if let Some(what) = crate::files::not_regular(&meta) {
            return Err(WriteError::NotRegular { what });
        }
        if inputs.iter().any(|input| same_file(&meta, path, input)) {
            return Err(WriteError::Input);
        }
        Ok(Self {
            // Through any link to the file itself: the link stays a link.
            path: std::fs::canonicalize(path)?,
            #[cfg(unix)]
            mode: {
                use std::os::unix::fs::PermissionsExt;
                Some(meta.permissions().mode())
            },
        })
    }

    /// The directory the file is in, where its temporary file goes (so the rename stays
    /// on one file system).
    pub(crate) fn dir(&self) -> &Path {
        parent_dir(&self.path)
    }

    /// Renames a fully written temporary file over the target, with the mode of the file
    /// it replaces (a new file: readable by all, as the umask allows, not the temporary
    /// file's owner-only mode).
    pub(crate) fn persist(&self, file: tempfile::NamedTempFile) -> io::Result<()> {
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = self.mode.unwrap_or(0o644);
            file.as_file()
                .set_permissions(std::fs::Permissions::from_mode(mode))?;
        }
        file.persist(&self.path).map_err(|e| e.error)?;
        Ok(())
    }
}

/// True when `input` is the file `path` (whose metadata is `meta`) names.
fn same_file(meta: &std::fs::Metadata, path: &Path, input: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let _ = path;
        std::fs::metadata(input).is_ok_and(|m| m.dev() == meta.dev() && m.ino() == meta.ino())
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        std::fs::canonicalize(path)
            .ok()
            .is_some_and(|p| std::fs::canonicalize(input).is_ok_and(|i| i == p))
    }
}

/// Writes `text` to `path` whole or not at all, if it is safe to (see [`Target::of`]).
pub(crate) fn write_whole(path: &Path, text: &str, inputs: &[PathBuf]) -> Result<(), WriteError> {
    let target = Target::of(path, inputs)?;
    let mut file = tempfile::NamedTempFile::new_in(target.dir())?;
    file.write_all(text.as_bytes())?;
    file.as_file().sync_all()?;
    target.persist(file)?;
    Ok(())
}

/// The directory `path` is in.
pub(crate) fn parent_dir(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// Writes `text` to `output` (whole or not at all) or, without one, to standard output.
/// Returns false, having said why on standard error, when the file cannot be written.
pub(crate) fn write_output(
    console: &mut Console<'_>,
    output: Option<&Path>,
    text: &str,
    inputs: &[PathBuf],
) -> io::Result<bool> {
    match output {
        Some(path) => match write_whole(path, text, inputs) {
            Ok(()) => Ok(true),
            Err(e) => {
                let shown = crate::escape::controls(&path.display().to_string()).into_owned();
                writeln!(console.err, "error: cannot write {shown}: {e}")?;
                Ok(false)
            }
        },
        None => console.out.write_all(text.as_bytes()).map(|()| true),
    }
}
