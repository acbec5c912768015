//! Finding and reading the history files named on the command line.

use std::io;
use std::path::{Path, PathBuf};

use intervene::model::{
    History, LoadError, LoadErrorKind, MAX_HISTORY_BYTES, REGISTRY_FILE, Registry, parse_history,
    parse_unnamed_history,
};
use intervene::reports::{SourceFiles, write_error};

use rayon::prelude::*;

use crate::{Cli, Console};

/// The histories read from the command line's paths, their texts (for diagnostics), and
/// every file that could not be read.
pub(crate) struct Loaded {
    pub histories: Vec<History>,
    /// Every file read (or tried), so an output can be refused when it is one of them.
    pub read: Vec<PathBuf>,
    pub files: SourceFiles,
    pub errors: Vec<LoadError>,
    /// The source registry the first history that has one was held to: what reports
    /// and the census resolve citations against.
    pub registry: Option<Registry>,
}

impl Loaded {
    /// Writes every load error to standard error, located in its file.
    pub(crate) fn report_errors(&self, cli: &Cli, console: &mut Console<'_>) -> io::Result<()> {
        let mut err = console.err_styled(cli.color);
        for e in &self.errors {
            write_error(
                &mut *err,
                &self.files,
                &e.path.display().to_string(),
                e.line,
                e.column,
                &crate::escape::readable(&e.kind.to_string()),
            )?;
        }
        Ok(())
    }
}

/// Reads every history under `paths`; a bad file is recorded and the rest still read.
pub(crate) fn load(cli: &Cli, paths: &[PathBuf]) -> Loaded {
    let (found, path_errors) = collect(paths);
    let mut loaded = Loaded {
        histories: Vec::new(),
        read: found.clone(),
        registry: None,
        files: SourceFiles::new(),
        errors: path_errors
            .into_iter()
            .map(|e| LoadError {
                path: e.path,
                line: 0,
                column: 0,
                kind: LoadErrorKind::NoHistory(e.message),
            })
            .collect(),
    };
    // Read and parsed in parallel, gathered in path order.
    let read: Vec<Read> = crate::on_threads(cli.threads, || {
        found.into_par_iter().map(read_one).collect()
    });
    let mut registries = Registries::default();
    for (text, result) in read {
        if let Some((path, text)) = text {
            // Shown in diagnostics: a megabyte on one line is not echoed whole.
            let shown = crate::escape::source_lines(text);
            loaded.files.add(path.display().to_string(), shown);
        }
        match result.and_then(|history| registries.cited(history)) {
            Ok(history) => loaded.histories.push(history),
            Err(e) => loaded.errors.push(e),
        }
    }
    loaded.errors.extend(registries.faults);
    loaded.registry = registries
        .first
        .and_then(|path| registries.read.remove(&path))
        .flatten();
    loaded
}

/// The source registries the histories are held to, each read once.
#[derive(Default)]
struct Registries {
    read: std::collections::BTreeMap<PathBuf, Option<Registry>>,
    /// The registry of the first history that had one.
    first: Option<PathBuf>,
    /// Registries that could not be read.
    faults: Vec<LoadError>,
}

impl Registries {
    /// The history, if every document it cites is in the registry beside it (a history
    /// with no registry beside it is taken as it is).
    fn cited(&mut self, history: History) -> Result<History, LoadError> {
        let Some(path) = Registry::beside(&history.file) else {
            return Ok(history);
        };
        self.first.get_or_insert_with(|| path.clone());
        let registry = self
            .read
            .entry(path.clone())
            .or_insert_with(|| read_registry(&path).map_err(|e| self.faults.push(e)).ok());
        match registry.as_ref().map(|r| r.check(&history)) {
            Some(mut unknown) if !unknown.is_empty() => Err(unknown.remove(0)),
            _ => Ok(history),
        }
    }
}

/// The most a source registry may hold: sixteen times a history (the bundled one, of
/// 1,070 documents, is a third of a megabyte).
const MAX_REGISTRY_BYTES: usize = 16 * MAX_HISTORY_BYTES;

/// Reads a source registry as histories are read: a regular file, through a limit.
fn read_registry(path: &Path) -> Result<Registry, LoadError> {
    let fault = |kind| LoadError {
        path: path.to_owned(),
        line: 0,
        column: 0,
        kind,
    };
    let file = crate::files::open_regular(path).map_err(|e| match e {
        crate::files::OpenError::Io(e) => fault(LoadErrorKind::Io(e.to_string())),
        not_regular => fault(LoadErrorKind::NoHistory(not_regular.to_string())),
    })?;
    let bytes = match crate::files::read_at_most(file, MAX_REGISTRY_BYTES) {
        Ok(Ok(bytes)) => bytes,
        Ok(Err(size)) => {
            return Err(fault(LoadErrorKind::NoHistory(format!(
                "the source registry is {size} bytes; a registry may be at most {MAX_REGISTRY_BYTES} bytes"
            ))));
        }
        Err(e) => return Err(fault(LoadErrorKind::Io(e.to_string()))),
    };
    let text =
        String::from_utf8(bytes).map_err(|e| fault(LoadErrorKind::NotUtf8(e.to_string())))?;
    Registry::parse(path, &text)
}

/// One file read: its path and text (when it is text), and its history or its fault.
type Read = (Option<(PathBuf, String)>, Result<History, LoadError>);

/// Reads one history file: its text (when it is text, for diagnostics) and the history
/// or what is wrong with it.
fn read_one(path: PathBuf) -> Read {
    if path.as_os_str() == STDIN {
        return read_stdin();
    }
    let fail = |path: PathBuf, kind: LoadErrorKind| {
        let error = LoadError {
            path,
            line: 0,
            column: 0,
            kind,
        };
        (None, Err(error))
    };
    // Only a regular file, and no more of it than a history may hold: a FIFO never
    // blocks the run and `/dev/zero` is never read.
    let read = crate::files::open_regular(&path)
        .map_err(|e| match e {
            crate::files::OpenError::Io(e) => LoadErrorKind::Io(e.to_string()),
            not_regular => LoadErrorKind::NoHistory(not_regular.to_string()),
        })
        .and_then(|file| {
            crate::files::read_at_most(file, MAX_HISTORY_BYTES)
                .map_err(|e| LoadErrorKind::Io(e.to_string()))
        });
    let bytes = match read {
        Ok(Ok(bytes)) => bytes,
        Ok(Err(size)) => {
            let kind = LoadErrorKind::TooLarge {
                bytes: usize::try_from(size).unwrap_or(usize::MAX),
                limit: MAX_HISTORY_BYTES,
            };
            return fail(path, kind);
        }
        Err(kind) => return fail(path, kind),
    };
    let Ok(text) = String::from_utf8(bytes) else {
        // Let the model locate the bad byte.
        let result = intervene::model::load_history(&path);
        return (None, result);
    };
    let result = parse_history(&path, &text);
    (Some((path, text)), result)
}

/// The PATH that means standard input, as cargo, ripgrep and most tools read it.
const STDIN: &str = "-";

/// The name a history read from standard input has in messages.
const STDIN_NAME: &str = "<stdin>";

/// Reads one history from standard input (`-`): named `<stdin>`, with no file name for
/// its slug to equal.
fn read_stdin() -> Read {
    let name = PathBuf::from(STDIN_NAME);
    // No more of standard input than a history may hold.
    let read = || -> io::Result<String> {
        use std::io::Read as _;
        let mut bytes = Vec::new();
        let cap = u64::try_from(MAX_HISTORY_BYTES).unwrap_or(u64::MAX) + 1;
        io::stdin().take(cap).read_to_end(&mut bytes)?;
        if bytes.len() > MAX_HISTORY_BYTES {
            return Err(io::Error::other(format!(
                "standard input holds more than {MAX_HISTORY_BYTES} bytes, the most a history file may"
            )));
        }
        String::from_utf8(bytes).map_err(io::Error::other)
    };
    let text = match read() {
        Ok(text) => text,
        Err(e) => {
            let error = LoadError {
                path: name,
                line: 0,
                column: 0,
                kind: LoadErrorKind::Io(e.to_string()),
            };
            return (None, Err(error));
        }
    };
    let result = parse_unnamed_history(&name, &text);
    (Some((name, text)), result)
}

/// A problem with a path itself, before any file is parsed.
pub(crate) struct PathError {
    pub path: PathBuf,
    pub message: String,
}

/// A history file: YAML, and not a source registry (`sources.yaml`) beside the histories.
fn is_yaml(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "yaml" || e == "yml")
        && path.file_name().is_none_or(|name| name != REGISTRY_FILE)
}

/// The history files under `paths`, in a stable order: files as given, directories
/// searched recursively (links not followed, so a link loop cannot trap the walk) and
/// sorted by path. Problems are returned beside the files found, so one bad path never
/// hides the others.
fn collect(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<PathError>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        if path.as_os_str() == STDIN {
            files.push(path.clone());
            continue;
        }
        let Ok(meta) = std::fs::metadata(path) else {
            errors.push(PathError {
                path: path.clone(),
                message: "no such file or directory".into(),
            });
            continue;
        };
        if !meta.is_dir() {
            files.push(path.clone());
            continue;
        }
        let mut found = Vec::new();
        for entry in walkdir::WalkDir::new(path).sort_by_file_name() {
            match entry {
                Ok(entry) if entry.file_type().is_file() && is_yaml(entry.path()) => {
                    found.push(entry.into_path())
                }
                Ok(entry) if entry.path_is_symlink() && is_yaml(entry.path()) => {
                    // A link to a file is read like a file; anything else behind a link is
                    // left alone.
                    if std::fs::metadata(entry.path()).is_ok_and(|m| m.is_file()) {
                        found.push(entry.into_path());
                    } else {
                        errors.push(PathError {
                            path: entry.into_path(),
                            message: "a link that does not lead to a readable file".into(),
                        });
                    }
                }
                Ok(_) => {}
                Err(e) => errors.push(PathError {
                    path: e.path().map_or_else(|| path.clone(), Path::to_owned),
                    message: e
                        .io_error()
                        .map_or_else(|| e.to_string(), |io| io.to_string()),
                }),
            }
        }
        if found.is_empty() {
            errors.push(PathError {
                path: path.clone(),
                message: "no history files (*.yaml) in this directory".into(),
            });
        }
        files.extend(found);
    }
    (files, errors)
}
