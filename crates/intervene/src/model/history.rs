//! A council's whole history, as read from one file.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};
use strum::{Display, EnumIter, EnumString, IntoStaticStr};

use super::{Event, Kind, PartialDate};

/// One council and its events, in file order.
#[derive(Debug, Clone, PartialEq)]
pub struct History {
    /// The file it was read from (shown in findings).
    pub file: PathBuf,
    /// The format version the file declares (1 when it declares none).
    pub version: u32,
    /// The council's slug, equal to the file stem.
    pub council: String,
    /// Display name.
    pub name: String,
    /// The English region, when given.
    pub region: Option<String>,
    /// Slugs of the councils it was formed from.
    pub predecessors: Vec<String>,
    /// Slugs of the councils it was split or merged into.
    pub successors: Vec<String>,
    /// The day the record was last brought up to date against its sources: clocks stop
    /// here, not at today. `None`: the file does not say (version 1).
    pub recorded_until: Option<PartialDate>,
    /// How completely the sources list each kind of event.
    pub coverage: Coverage,
    /// The events, in file order (replay sorts them by date, keeping ties in this order).
    pub events: Vec<Event>,
}

impl History {
    /// The day the record can speak for, as of `as_of`: the earlier of the two, where
    /// the record says when it ends.
    pub fn as_of(&self, as_of: chrono::NaiveDate) -> chrono::NaiveDate {
        self.recorded_until
            .map_or(as_of, |end| end.last().min(as_of))
    }

    /// The history as it stood on `day`: the events that may have happened by then (a
    /// partial date counts from its first day). Borrowed when nothing is later, as for
    /// nearly every history checked.
    pub fn known_by(&self, day: chrono::NaiveDate) -> std::borrow::Cow<'_, History> {
        if self.events.iter().all(|e| e.date.first() <= day) {
            return std::borrow::Cow::Borrowed(self);
        }
        let mut known = self.clone();
        known.events.retain(|e| e.date.first() <= day);
        std::borrow::Cow::Owned(known)
    }
}

/// How completely a history's sources list events of one kind.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Default,
    Deserialize,
    Serialize,
    Display,
    EnumString,
    EnumIter,
    IntoStaticStr,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum CoverageLevel {
    /// Some events of the kind: an absence in the record says nothing.
    #[default]
    Partial,
    /// Every published event of the kind (e.g. every published monitoring letter; the
    /// first letter of a SIF-era monitoring cycle was never published).
    Published,
    /// Every event of the kind.
    Complete,
}

impl CoverageLevel {
    /// What the sources list, in words for messages.
    pub fn words(self) -> &'static str {
        match self {
            Self::Partial => "the sources list only some",
            Self::Published => "the sources list only published",
            Self::Complete => "the sources list every",
        }
    }
}

/// Per event kind, how completely the sources list it; a kind not listed is `partial`,
/// the cautious reading (and all a version 1 file can say).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Coverage(pub BTreeMap<Kind, CoverageLevel>);

impl Coverage {
    /// The coverage of one kind.
    pub fn of(&self, kind: Kind) -> CoverageLevel {
        self.0.get(&kind).copied().unwrap_or_default()
    }
}
