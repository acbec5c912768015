//! Where a rule comes from: its basis (what kind of authority sets it) and the public
//! documents a reader can look up.

use std::fmt;

use serde::{Deserialize, Serialize};
use strum::{Display, EnumIter, EnumString, IntoStaticStr};

use super::Severity;

/// What kind of authority sets a rule, which bounds what it may say.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Deserialize,
    Serialize,
    Display,
    EnumString,
    EnumIter,
    IntoStaticStr,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum Basis {
    /// An Act of Parliament or regulations made under one.
    Statute,
    /// A published Ofsted or DfE handbook, framework or policy statement.
    Guidance,
    /// The council's own notice or direction (e.g. "an improvement plan by the end of
    /// March").
    Instrument,
    /// Observed in other councils' histories; no written source was found. It can say
    /// only that a history is unusual, never that a deadline was missed.
    Practice,
}

impl Basis {
    /// The most severe finding a rule of this basis may give: only a written source
    /// (statute, guidance, instrument) can make a miss an `error`.
    pub fn max_severity(self) -> Severity {
        match self {
            Basis::Practice => Severity::Info,
            Basis::Statute | Basis::Guidance | Basis::Instrument => Severity::Error,
        }
    }

    /// True when findings of the rule may speak of deadlines and breaches.
    pub fn sets_deadlines(self) -> bool {
        self != Basis::Practice
    }
}

/// A public document a rule rests on.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Document {
    /// Its title, as the publisher gives it.
    pub title: String,
    /// Who published it (Parliament, Ofsted, the DfE, a newspaper).
    pub publisher: String,
    /// When it was published or made: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    #[serde(deserialize_with = "crate::yaml::text_or_number")]
    pub date: String,
    /// Where to read it, when it is on the web.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The part that sets the rule (section, paragraph, a short quote).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locator: Option<String>,
}

impl fmt::Display for Document {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}, {}, {}", self.title, self.publisher, self.date)?;
        if let Some(locator) = &self.locator {
            write!(f, " ({locator})")?;
        }
        if let Some(url) = &self.url {
            write!(f, ", {url}")?;
        }
        Ok(())
    }
}

/// The documents of a rule, in one line: what findings and listings print.
pub fn cite(documents: &[Document]) -> String {
    documents
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("; ")
}

/// True when a text names one of this project's own input files (a seed document), which
/// a reader cannot open: rules must cite the public document instead.
pub fn names_project_file(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    lower.contains(".txt")
        || lower.contains("seed 0")
        || lower.contains("process.md")
        || lower.contains("history-format.md")
        || lower.contains("process-research")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_written_sources_give_errors() {
        assert_eq!(Basis::Practice.max_severity(), Severity::Info);
        for basis in [Basis::Statute, Basis::Guidance, Basis::Instrument] {
            assert_eq!(basis.max_severity(), Severity::Error);
            assert!(basis.sets_deadlines());
        }
        assert!(!Basis::Practice.sets_deadlines());
    }

    #[test]
    fn a_seed_file_is_not_a_source() {
        assert!(names_project_file("000_12794e7f99dc9cef.txt: Ofsted"));
        assert!(names_project_file("as seed 001 states"));
        assert!(!names_project_file(
            "Education and Inspections Act 2006, s.137"
        ));
    }
}
