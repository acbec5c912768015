//! The one place YAML is parsed: strict, located, and bounded.
//!
//! serde-saphyr is a maintained serde YAML reader (serde_yaml is archived) that keeps
//! node locations (`Spanned<T>`), rejects duplicate keys, and budgets alias expansion,
//! so a hostile file cannot blow up memory. Every file format of the crate goes through
//! [`parse`], so all of them report errors the same way.

use serde::de::DeserializeOwned;

pub(crate) use serde_saphyr::Spanned;

/// A YAML or shape error at a place in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct YamlError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

/// Decodes bytes as UTF-8, or says on which line the first bad byte is.
pub(crate) fn decode(bytes: &[u8]) -> Result<&str, YamlError> {
    std::str::from_utf8(bytes).map_err(|e| {
        let good = &bytes[..e.valid_up_to()];
        let line = good.iter().filter(|&&b| b == b'\n').count() + 1;
        let column = good.len() - good.iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1) + 1;
        YamlError {
            line,
            column,
            message: format!(
                "the file is not UTF-8 text (byte 0x{:02X} at byte offset {})",
                bytes[e.valid_up_to()],
                e.valid_up_to()
            ),
        }
    })
}

/// True when the text holds no YAML content at all (only blanks and comments).
pub(crate) fn is_blank(text: &str) -> bool {
    text.lines().all(|l| {
        let l = l.trim();
        l.is_empty() || l.starts_with('#') || l == "---" || l == "..."
    })
}

/// Parses a whole document into `T`, strictly.
pub(crate) fn parse<T: DeserializeOwned>(text: &str) -> Result<T, YamlError> {
    let options = serde_saphyr::options! { with_snippet: false };
    serde_saphyr::from_str_with_options(text, options).map_err(|e| {
        let (line, column) = e
            .location()
            .map_or((0, 0), |l| (l.line() as usize, l.column() as usize));
        YamlError {
            line,
            column,
            message: clean_message(&e.to_string()),
        }
    })
}

/// serde-saphyr prefixes its messages with their position; ours carry it separately.
fn clean_message(message: &str) -> String {
    let message = message.strip_prefix("error: ").unwrap_or(message);
    let message = match message.split_once(": ") {
        Some((head, rest)) if head.starts_with("line ") && head.contains(" column ") => rest,
        _ => message,
    };
    let message = match message.rsplit_once(" at line ") {
        Some((head, tail)) if tail.contains("column") => head,
        _ => message,
    };
    let message = message.replace(", set DuplicateKeyPolicy in Options if acceptable", "");
    // The parser speaks of YAML events; say what the file should hold instead.
    match message.as_str() {
        "expected mapping start" => "expected a mapping of `key: value` lines here".to_owned(),
        "expected sequence start" => "expected a list (`- item` lines or `[a, b]`) here".to_owned(),
        "expected string scalar" => {
            "expected a single value here, not a list or mapping".to_owned()
        }
        m if m.starts_with("cannot deserialize null") => {
            "a value is required here, not null (`~` or nothing)".to_owned()
        }
        m if m.starts_with("multiple YAML documents") => {
            "a file holds one YAML document; this `---` starts a second".to_owned()
        }
        _ => message,
    }
}

/// The 1-based line a spanned value was read from.
pub(crate) fn line_of<T>(value: &Spanned<T>) -> usize {
    value.referenced.line() as usize
}

/// The 1-based column a spanned value was read from.
pub(crate) fn column_of<T>(value: &Spanned<T>) -> usize {
    value.referenced.column() as usize
}
