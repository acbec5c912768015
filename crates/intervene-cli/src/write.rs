//! Writing a command's whole output to standard output or to a file.

use std::io::{self, Write};
use std::path::Path;

use crate::Console;

/// Writes `text` to `path` whole or not at all: into a temporary file beside it, then
/// renamed over it.
pub(crate) fn write_whole(path: &Path, text: &str) -> io::Result<()> {
    let mut file = tempfile::NamedTempFile::new_in(parent_dir(path))?;
    file.write_all(text.as_bytes())?;
    file.as_file().sync_all()?;
    persist(file, path)
}

/// The directory `path` is in, where its temporary file goes (so the rename stays on
/// one file system).
pub(crate) fn parent_dir(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// Renames a fully written temporary file over `path`.
pub(crate) fn persist(file: tempfile::NamedTempFile, path: &Path) -> io::Result<()> {
    // Output is an ordinary file: readable as the umask allows, not the temporary
    // file's owner-only mode.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        file.as_file()
            .set_permissions(std::fs::Permissions::from_mode(0o644))?;
    }
    file.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// Writes `text` to `output` (whole or not at all) or, without one, to standard output.
/// Returns false, having said why on standard error, when the file cannot be written.
pub(crate) fn write_output(
    console: &mut Console<'_>,
    output: Option<&Path>,
    text: &str,
) -> io::Result<bool> {
    match output {
        Some(path) => match write_whole(path, text) {
            Ok(()) => Ok(true),
            Err(e) => {
                writeln!(console.err, "error: cannot write {}: {e}", path.display())?;
                Ok(false)
            }
        },
        None => console.out.write_all(text.as_bytes()).map(|()| true),
    }
}
