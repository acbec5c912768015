//! Diagnostics pointing into the files they concern, as rustc draws them.

use std::io;

use codespan_reporting::diagnostic::{Diagnostic, Label};
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term::{self, termcolor::WriteColor};

/// The texts of the files being reported on, so diagnostics can show their lines.
#[derive(Default)]
pub struct SourceFiles {
    files: SimpleFiles<String, String>,
    names: Vec<String>,
}

impl SourceFiles {
    /// An empty set.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a file's text under its display name; returns its id.
    pub fn add(&mut self, name: String, text: String) -> usize {
        self.names.push(name.clone());
        self.files.add(name, text)
    }

    /// The id of a file by display name.
    pub fn id(&self, name: &str) -> Option<usize> {
        self.names.iter().position(|n| n == name)
    }

    /// The byte range of a 1-based line (and column, when known) in a file.
    pub(crate) fn span(
        &self,
        file: usize,
        line: usize,
        column: usize,
    ) -> Option<std::ops::Range<usize>> {
        let text = self.files.get(file).ok()?.source();
        let start = text
            .split_inclusive('\n')
            .take(line.checked_sub(1)?)
            .map(str::len)
            .sum::<usize>();
        let rest = text.get(start..)?;
        let len = rest.find('\n').unwrap_or(rest.len());
        let line_text = &rest[..len];
        match column.checked_sub(1) {
            Some(col) if col < line_text.chars().count() => {
                let offset: usize = line_text.chars().take(col).map(char::len_utf8).sum();
                let word = line_text[offset..]
                    .find([' ', '\n', ',', '}'])
                    .unwrap_or(line_text.len() - offset)
                    .max(1);
                Some(start + offset..start + offset + word.min(line_text.len() - offset))
            }
            _ => {
                let indent = line_text.len() - line_text.trim_start().len();
                Some(start + indent..start + len.max(indent))
            }
        }
    }

    pub(crate) fn emit(
        &self,
        out: &mut dyn WriteColor,
        diagnostic: &Diagnostic<usize>,
    ) -> io::Result<()> {
        let config = term::Config::default();
        term::emit_to_write_style(out, &config, &self.files, diagnostic)
            .map_err(|e| io::Error::other(e.to_string()))
    }
}

/// Writes an input error (bad history or rule file) located at `line:column` of `name`,
/// with the line shown when its text is known.
pub fn write_error(
    out: &mut dyn WriteColor,
    files: &SourceFiles,
    name: &str,
    line: usize,
    column: usize,
    message: &str,
) -> io::Result<()> {
    let place = match (line, column) {
        (0, _) => name.to_owned(),
        (l, 0) => format!("{name}:{l}"),
        (l, c) => format!("{name}:{l}:{c}"),
    };
    let span = files
        .id(name)
        .and_then(|id| Some((id, files.span(id, line, column)?)));
    match span {
        Some((id, range)) if line > 0 => {
            let diagnostic = Diagnostic::error()
                .with_message(format!("{place}: {message}"))
                .with_labels(vec![
                    Label::primary(id, range).with_message(message.to_owned()),
                ]);
            files.emit(out, &diagnostic)
        }
        _ => {
            let diagnostic = Diagnostic::error().with_message(format!("{place}: {message}"));
            files.emit(out, &diagnostic)
        }
    }
}
