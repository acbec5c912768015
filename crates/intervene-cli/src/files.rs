//! Opening the files named on the command line: only regular files, and every read
//! through a limit, so a FIFO cannot block the run, a device cannot feed it for ever, and
//! a huge file costs no more than the limit.

use std::fs::File;
use std::io::{self, Read};
use std::path::Path;

/// Why a path could not be opened for reading.
#[derive(Debug, thiserror::Error)]
pub(crate) enum OpenError {
    /// Not a regular file: reading it could block (a FIFO), never end (a device) or mean
    /// nothing (a socket).
    #[error("not a regular file but {what}: name a regular file")]
    NotRegular {
        /// What it is, in words (`a FIFO (named pipe)`).
        what: &'static str,
    },
    /// The operating system refused.
    #[error("cannot read the file: {0}")]
    Io(#[from] io::Error),
}

/// What a file of this type is, in words, unless it is a regular file.
pub(crate) fn not_regular(meta: &std::fs::Metadata) -> Option<&'static str> {
    let kind = meta.file_type();
    if kind.is_file() {
        return None;
    }
    if kind.is_dir() {
        return Some("a directory");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return Some("a FIFO (named pipe)");
        }
        if kind.is_char_device() {
            return Some("a character device");
        }
        if kind.is_block_device() {
            return Some("a block device");
        }
        if kind.is_socket() {
            return Some("a socket");
        }
    }
    Some("not a file")
}

/// Opens `path` for reading if it is a regular file. It is looked at before it is
/// opened (opening a FIFO waits for a writer), opened without waiting, and looked at
/// again once open, so a path swapped in between is still refused.
pub(crate) fn open_regular(path: &Path) -> Result<File, OpenError> {
    let meta = std::fs::metadata(path)?;
    if let Some(what) = not_regular(&meta) {
        return Err(OpenError::NotRegular { what });
    }
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // Not blocking on open: only a FIFO would wait, and it is refused just below. On
        // a regular file the flag changes nothing.
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options.open(path)?;
    if let Some(what) = not_regular(&file.metadata()?) {
        return Err(OpenError::NotRegular { what });
    }
    Ok(file)
}

/// Reads at most `limit` bytes of a file; `Ok(None)` when it holds more, with its size
/// (at least `limit + 1`).
pub(crate) fn read_at_most(file: File, limit: usize) -> io::Result<Result<Vec<u8>, u64>> {
    let size = file.metadata().map_or(0, |m| m.len());
    let cap = u64::try_from(limit).unwrap_or(u64::MAX).saturating_add(1);
    let mut bytes = Vec::with_capacity(usize::try_from(size.min(cap)).unwrap_or(0));
    file.take(cap).read_to_end(&mut bytes)?;
    if bytes.len() > limit {
        return Ok(Err(size.max(cap)));
    }
    Ok(Ok(bytes))
}
