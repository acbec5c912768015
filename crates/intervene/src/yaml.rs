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
        let message = clean_message(&e.to_string());
        let message = out_of_range(&message, text, line, column).unwrap_or(message);
        YamlError {
            line,
            column,
            message,
        }
    })
}

/// serde's `invalid u32` for a number that does not fit, said in words: too large, or
/// negative, with the number the file gives (found at the error's place in the text).
fn out_of_range(message: &str, text: &str, line: usize, column: usize) -> Option<String> {
    let most = match message.strip_prefix("invalid ")? {
        "u8" => u64::from(u8::MAX),
        "u16" => u64::from(u16::MAX),
        "u32" => u64::from(u32::MAX),
        "u64" => u64::MAX,
        "i32" => u64::from(i32::MAX.unsigned_abs()),
        _ => return None,
    };
    let at_line = text.lines().nth(line.checked_sub(1)?)?;
    let from = at_line
        .char_indices()
        .nth(column.checked_sub(1)?)
        .map(|(at, _)| at)?;
    let number: String = at_line
        .get(from..)?
        .chars()
        .take_while(|c| c.is_ascii_digit() || matches!(c, '-' | '+' | '_'))
        .take(40)
        .collect();
    match number.strip_prefix('-') {
        Some(_) => Some(format!("`{number}` is negative: this number is 0 or more")),
        None if !number.is_empty() => Some(format!(
            "`{number}` is too large: this number may be at most {most}"
        )),
        None => None,
    }
}

/// serde-saphyr's budget error (`budget breached: Nodes { nodes: 250001 }`), said in
/// words: which budget, and what to do.
fn budget_message(message: &str) -> Option<String> {
    let rest = message.split_once("budget breached: ")?.1;
    let name: String = rest
        .chars()
        .take_while(char::is_ascii_alphanumeric)
        .collect();
    let reached: String = rest
        .chars()
        .skip_while(|c| !c.is_ascii_digit())
        .take_while(char::is_ascii_digit)
        .collect();
    let what = match name.as_str() {
        "Nodes" => "values, lists and mappings",
        "Events" => "pieces of YAML",
        "Aliases" => "aliases (`*name`)",
        "Anchors" => "anchors (`&name`)",
        "Depth" => "levels of nesting",
        "Documents" => "documents",
        "ScalarBytes" | "TotalScalarBytes" => "bytes of text in its values",
        _ => "YAML content",
    };
    Some(format!(
        "the file holds more {what} than the YAML reader allows (it stopped at {reached}): a history or rule file needs far fewer; check it is the right file, and that it does not repeat content through anchors and aliases"
    ))
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
    if let Some(budget) = budget_message(message) {
        return budget;
    }
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
        m if m.starts_with("recursion limit exceeded") => {
            "lists and mappings are nested too deep here: a history or rule file needs only a few levels".to_owned()
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

/// A date as text, whether YAML read it as text (`2019-08`) or as a number (`2019`): the
/// documents of rules and of the source registry give years bare.
pub(crate) fn text_or_number<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<String, D::Error> {
    #[derive(serde::Deserialize)]
    #[serde(untagged)]
    enum TextOrNumber {
        Number(u32),
        Text(String),
    }
    Ok(
        match <TextOrNumber as serde::Deserialize>::deserialize(deserializer)? {
            TextOrNumber::Number(n) => n.to_string(),
            TextOrNumber::Text(t) => t,
        },
    )
}
