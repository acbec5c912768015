//! Why a history file could not be read, and where.

use std::fmt;
use std::path::PathBuf;

use super::DateParseError;

/// A history file that is not valid input, located to its line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadError {
    /// The file.
    pub path: PathBuf,
    /// 1-based line, or 0 when the fault is the whole file (unreadable, empty).
    pub line: usize,
    /// 1-based column, or 0 when unknown.
    pub column: usize,
    /// What is wrong.
    pub kind: LoadErrorKind,
}

impl std::error::Error for LoadError {}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path.display())?;
        if self.line > 0 {
            write!(f, ":{}", self.line)?;
            if self.column > 0 {
                write!(f, ":{}", self.column)?;
            }
        }
        write!(f, ": {}", self.kind)
    }
}

/// What is wrong with a history file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LoadErrorKind {
    /// The file could not be read.
    #[error("cannot read the file: {0}")]
    Io(String),
    /// The path named no history to read (a directory without any, a dangling link).
    #[error("{0}")]
    NoHistory(String),
    /// The bytes are not UTF-8.
    #[error("{0}")]
    NotUtf8(String),
    /// Larger than a history file can be.
    #[error("the file is {bytes} bytes; a history file may be at most {limit} bytes")]
    TooLarge {
        /// The file's size.
        bytes: usize,
        /// The limit.
        limit: usize,
    },
    /// Nothing but blanks and comments.
    #[error("the file is empty: a history needs `council`, `name` and `events`")]
    Empty,
    /// Not YAML, or not the shape of a history (wrong type, unknown or missing field).
    #[error("{0}")]
    Yaml(String),
    /// An event kind the format does not have.
    #[error("unknown event kind `{found}`; the kinds are: {expected}{}", Hint(*hint))]
    UnknownKind {
        /// What the file says.
        found: String,
        /// The kinds of the format, comma-separated.
        expected: String,
        /// The closest kind, when one is close ("; did you mean `…`?").
        hint: Option<&'static str>,
    },
    /// A field the format has, but not for this kind.
    #[error("field `{field}` does not belong to a `{kind}` event")]
    FieldNotForKind {
        /// The field.
        field: &'static str,
        /// The event kind.
        kind: String,
    },
    /// A field this kind requires is absent.
    #[error("an event of kind `{kind}` needs the field `{field}`")]
    MissingField {
        /// The field.
        field: &'static str,
        /// The event kind.
        kind: String,
    },
    /// A field's value is not one the format allows.
    #[error("`{field}: {found}` is not allowed; `{field}` takes one of: {expected}{}", Hint(*hint))]
    BadValue {
        /// The field.
        field: &'static str,
        /// What the file says.
        found: String,
        /// The allowed values, comma-separated.
        expected: String,
        /// The closest value, when one is close ("; did you mean `…`?").
        hint: Option<&'static str>,
    },
    /// A date that is not a date.
    #[error("{0}")]
    BadDate(#[from] DateParseError),
    /// A council slug not of the form `[a-z0-9]+(-[a-z0-9]+)*`.
    #[error("`{0}` is not a slug: use lower-case letters and digits joined by single hyphens")]
    BadSlug(String),
    /// The slug differs from the file name.
    #[error("council `{council}` is in a file named `{stem}`: the slug must equal the file stem")]
    SlugNotStem {
        /// The slug in the file.
        council: String,
        /// The file's stem.
        stem: String,
    },
    /// A `reorganised` event needs `into` or `from`.
    #[error("a `reorganised` event needs `into` or `from` (a list of council slugs)")]
    ReorganisedWithoutCouncils,
    /// A value that contradicts the format's scope rules.
    #[error("a `send_inspection` is always `scope: send`")]
    SendInspectionScope,
    /// A format version this reader does not know.
    #[error("`version: {found}` is not a format version this tool reads (it reads 1 to {newest})")]
    UnsupportedVersion {
        /// What the file says.
        found: u32,
        /// The newest version known.
        newest: u32,
    },
    /// An event with neither a date nor a publication day.
    #[error(
        "an event needs `date` (an Ofsted visit or inspection may give `published` instead, when only its publication day is known)"
    )]
    MissingDate,
    /// A `published` day that is before the fieldwork began or ended.
    #[error(
        "`published: {published}` is before the fieldwork ({fieldwork}): a letter or report is published after its visit"
    )]
    PublishedBeforeFieldwork {
        /// The publication day.
        published: String,
        /// The fieldwork's date.
        fieldwork: String,
    },
    /// A citation names a document the source registry lacks.
    #[error("source `{id}` is not in the source registry {registry}{hint}")]
    UnknownSource {
        /// The id cited.
        id: String,
        /// The registry file.
        registry: String,
        /// A close id, when there is one (", did you mean `…`?").
        hint: String,
    },
}

/// The candidate closest to `found`, when one is close enough to be a likely typo
/// (Jaro-Winkler similarity of 0.8 or more, as cargo and clap judge a misspelt
/// subcommand).
pub(crate) fn did_you_mean<'a>(
    found: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|name| (strsim::jaro_winkler(found, name), name))
        .filter(|(similarity, _)| *similarity >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, name)| name)
}

/// A close name as the end of a message: "; did you mean `NAME`?", or nothing.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Hint<'a>(pub Option<&'a str>);

impl fmt::Display for Hint<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(name) => write!(f, "; did you mean `{name}`?"),
            None => Ok(()),
        }
    }
}

/// A serde message of an unknown field or variant ("unknown field `x`, expected one of
/// a, b"), with "; did you mean `…`?" after it when one of the names it lists is close.
pub(crate) fn with_hint(message: String) -> String {
    let Some((found, rest)) = ["unknown field `", "unknown variant `"]
        .iter()
        .find_map(|lead| message.split_once(lead).map(|(_, rest)| rest))
        .and_then(|rest| rest.split_once('`'))
    else {
        return message;
    };
    let Some((_, expected)) = rest.split_once("expected ") else {
        return message;
    };
    let expected = expected.strip_prefix("one of ").unwrap_or(expected);
    let names = expected
        .split([',', ' '])
        .map(|name| name.trim_matches('`'))
        .filter(|name| !name.is_empty() && *name != "or");
    let hint = did_you_mean(found, names).map(str::to_owned);
    match hint {
        Some(name) => format!("{message}{}", Hint(Some(&name))),
        None => message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_close_name_is_offered() {
        assert_eq!(
            did_you_mean("inspektion", ["inspection", "note"]),
            Some("inspection")
        );
        assert_eq!(did_you_mean("zzz", ["inspection", "note"]), None);
        assert_eq!(
            with_hint("unknown field `regoin`, expected one of version, region, events".into()),
            "unknown field `regoin`, expected one of version, region, events; did you mean `region`?"
        );
        assert_eq!(
            with_hint(
                "unknown variant `compleet`, expected one of `partial`, `published`, `complete`"
                    .into()
            ),
            "unknown variant `compleet`, expected one of `partial`, `published`, `complete`; did you mean `complete`?"
        );
    }
}
