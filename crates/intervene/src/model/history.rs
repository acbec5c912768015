//! A council's whole history, as read from one file.

use std::path::PathBuf;

use super::Event;

/// One council and its events, in file order.
#[derive(Debug, Clone, PartialEq)]
pub struct History {
    /// The file it was read from (shown in findings).
    pub file: PathBuf,
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
    /// The events, in file order (replay sorts them by date, keeping ties in this order).
    pub events: Vec<Event>,
}
