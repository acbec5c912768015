//! Finding and reading the history files named on the command line.

use std::path::{Path, PathBuf};

/// A problem with a path itself, before any file is parsed.
pub(crate) struct PathError {
    pub path: PathBuf,
    pub message: String,
}

fn is_yaml(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "yaml" || e == "yml")
}

/// The history files under `paths`, in a stable order: files as given, directories
/// searched recursively (links not followed, so a link loop cannot trap the walk) and
/// sorted by path. Problems are returned beside the files found, so one bad path never
/// hides the others.
pub(crate) fn collect(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<PathError>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
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
