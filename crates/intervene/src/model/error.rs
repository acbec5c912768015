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
    #[error("unknown event kind `{found}`; the kinds are: {expected}")]
    UnknownKind {
        /// What the file says.
        found: String,
        /// The kinds of the format, comma-separated.
        expected: String,
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
    #[error("`{field}: {found}` is not allowed; `{field}` takes one of: {expected}")]
    BadValue {
        /// The field.
        field: &'static str,
        /// What the file says.
        found: String,
        /// The allowed values, comma-separated.
        expected: String,
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
