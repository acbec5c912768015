//! The source registry: one entry per document the histories cite (title, publisher,
//! date, URL, whether it is primary), so every `source` names something a reader can
//! open. A history's citations are held to the registry beside it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use strum::{Display, EnumString, IntoStaticStr};

use super::{History, Kind, LoadError, LoadErrorKind};
use crate::yaml::{self, Spanned, column_of, line_of};

/// The file name of a registry: `sources.yaml`, in the histories' directory or above it.
pub const REGISTRY_FILE: &str = "sources.yaml";

/// Who stands behind a document.
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
    IntoStaticStr,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum SourceKind {
    /// The inspectorate, the department, ministers or Parliament, the council or its trust.
    Primary,
    /// News, trade press, blogs: reports of what a primary source said.
    Secondary,
}

/// Which kinds of event a document lists completely, and which in part.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Covers {
    /// Kinds it lists every event of.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub complete: Vec<Kind>,
    /// Kinds it lists some events of.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub partial: Vec<Kind>,
}

/// One document of the registry.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SourceEntry {
    /// The id histories cite.
    pub id: String,
    /// Its title, as published.
    pub title: String,
    /// Who published it (or wrote it).
    pub publisher: String,
    /// When it was published, at the precision known.
    #[serde(deserialize_with = "crate::yaml::text_or_number")]
    pub date: String,
    /// Where it can be read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Primary or secondary.
    pub kind: SourceKind,
    /// What it lists completely or in part.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub covers: Option<Covers>,
    /// How it was read, when not directly (a transcription, a mirror).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub via: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRegistry {
    sources: Vec<Spanned<SourceEntry>>,
}

/// The documents histories may cite, by id.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Registry {
    /// The registry file.
    pub file: PathBuf,
    /// The documents, by id.
    pub entries: BTreeMap<String, SourceEntry>,
}

impl Registry {
    /// Reads a registry file; a repeated id or a malformed entry is an error located to
    /// its line.
    pub fn parse(path: &Path, text: &str) -> Result<Registry, LoadError> {
        let at = |line, column, kind| LoadError {
            path: path.to_owned(),
            line,
            column,
            kind,
        };
        let raw: RawRegistry =
            yaml::parse(text).map_err(|e| at(e.line, e.column, LoadErrorKind::Yaml(e.message)))?;
        let mut entries = BTreeMap::new();
        for entry in raw.sources {
            let (line, column) = (line_of(&entry), column_of(&entry));
            let id = entry.value.id.clone();
            if entries.insert(id.clone(), entry.value).is_some() {
                return Err(at(
                    line,
                    column,
                    LoadErrorKind::Yaml(format!("source `{id}` is listed twice")),
                ));
            }
        }
        Ok(Registry {
            file: path.to_owned(),
            entries,
        })
    }

    /// Reads the registry file at `path`.
    pub fn load(path: &Path) -> Result<Registry, LoadError> {
        let text = std::fs::read_to_string(path).map_err(|e| LoadError {
            path: path.to_owned(),
            line: 0,
            column: 0,
            kind: LoadErrorKind::Io(e.to_string()),
        })?;
        Self::parse(path, &text)
    }

    /// The registry that governs a history file: `sources.yaml` in its directory or the
    /// nearest one above it (up to two levels: `fixtures/councils/x.yaml` is governed by
    /// `fixtures/sources.yaml`).
    pub fn beside(history: &Path) -> Option<PathBuf> {
        history
            .ancestors()
            .skip(1)
            .take(3)
            .map(|dir| dir.join(REGISTRY_FILE))
            .find(|candidate| candidate.is_file())
    }

    /// Every citation of `history` whose id the registry lacks, located to its event.
    pub fn check(&self, history: &History) -> Vec<LoadError> {
        let mut errors = Vec::new();
        for event in &history.events {
            for citation in &event.source {
                let Some(id) = &citation.reference else {
                    continue;
                };
                if self.entries.contains_key(id) {
                    continue;
                }
                let hint = self
                    .entries
                    .keys()
                    .map(|known| (strsim::levenshtein(known, id), known))
                    .filter(|(distance, _)| *distance <= 3)
                    .min()
                    .map(|(_, known)| format!(": did you mean `{known}`?"))
                    .unwrap_or_default();
                errors.push(LoadError {
                    path: history.file.clone(),
                    line: event.line,
                    column: 0,
                    kind: LoadErrorKind::UnknownSource {
                        id: id.clone(),
                        registry: self.file.display().to_string(),
                        hint,
                    },
                });
            }
        }
        errors
    }

    /// Whether an event's citations include a primary document.
    pub fn has_primary(&self, citations: &[super::Citation]) -> bool {
        citations.iter().any(|c| {
            c.reference
                .as_ref()
                .and_then(|id| self.entries.get(id))
                .is_some_and(|e| e.kind == SourceKind::Primary)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const REGISTRY: &str = "sources:\n  - id: dfe-notices-collection\n    title: Improvement notices and directions\n    publisher: Department for Education\n    date: 2013-07-03\n    url: https://www.gov.uk/government/collections/improvement-notices-and-directions\n    kind: primary\n";

    #[test]
    fn an_unknown_id_is_located_with_a_close_one_offered() {
        let registry =
            Registry::parse(Path::new("sources.yaml"), REGISTRY).unwrap_or_else(|e| panic!("{e}"));
        let history = super::super::parse_history(
            Path::new("x.yaml"),
            "version: 2\ncouncil: x\nname: X\nevents:\n  - date: 2019-01-10\n    kind: direction\n    action: issued\n    source: { ref: dfe-notice-collection, says: listed }\n",
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let errors = registry.check(&history);
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].line, 5);
        assert!(
            errors[0]
                .to_string()
                .contains("did you mean `dfe-notices-collection`?"),
            "{}",
            errors[0]
        );
    }

    #[test]
    fn a_repeated_id_is_refused() {
        let twice = format!("{REGISTRY}{}", REGISTRY.replace("sources:\n", ""));
        let e = Registry::parse(Path::new("sources.yaml"), &twice).unwrap_err();
        assert!(e.to_string().contains("listed twice"), "{e}");
        assert_eq!(e.line, 8, "the second entry's line");
    }
}
