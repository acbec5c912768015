//! `intervene census`: what a set of histories holds and how well it is sourced — the
//! figures `fixtures/README.md` states, printed by the tool so they are never typed by
//! hand.

use std::io::{self, Write};

use serde::Serialize;

use crate::model::{CoverageLevel, History, Kind, Precision, Registry};

/// Counts over a set of histories and the registry they cite.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Census {
    /// Councils (history files).
    pub councils: usize,
    /// Events of every kind.
    pub events: usize,
    /// Ofsted and DfE events: inspections, visits, notices, directions, commissioners,
    /// transfers and returns (notes, reorganisations and the council's own steps left out).
    pub process_events: usize,
    /// Of those, dated to the day.
    pub day_dated: usize,
    /// Of those, citing at least one primary document (the inspectorate, the department,
    /// the council or its trust).
    pub primary: usize,
    /// Events citing a registry entry.
    pub registry_cited: usize,
    /// The first and last day any event can fall on.
    pub period: Option<(String, String)>,
    /// Documents in the registry.
    pub documents: usize,
    /// Of those, primary.
    pub primary_documents: usize,
    /// The Ofsted and DfE events kind by kind, most numerous first: where the record is
    /// dated to the day and where it is not.
    pub by_kind: Vec<KindCensus>,
    /// For the kinds whose completeness the checker's clocks depend on, how many
    /// histories list them completely, every published one, or only some.
    pub coverage: Vec<CoverageCensus>,
}

/// The kinds whose coverage the census counts.
const COVERED: [Kind; 4] = [
    Kind::Inspection,
    Kind::MonitoringVisit,
    Kind::ImprovementNotice,
    Kind::Direction,
];

/// How completely the histories that hold a kind list it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CoverageCensus {
    /// The kind.
    pub kind: Kind,
    /// Histories whose sources list every event of the kind.
    pub complete: usize,
    /// Histories whose sources list every published one.
    pub published: usize,
    /// Histories whose sources list only some (a kind a history's `coverage` leaves out).
    pub partial: usize,
}

/// One kind's share of the Ofsted and DfE events.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KindCensus {
    /// The kind.
    pub kind: Kind,
    /// Events of the kind.
    pub events: usize,
    /// Of those, dated to the day.
    pub day_dated: usize,
    /// Of those, citing at least one primary document.
    pub primary: usize,
}

/// The kinds counted as Ofsted and DfE events.
pub fn is_process_event(kind: Kind) -> bool {
    kind.is_ofsted_visit()
        || matches!(
            kind,
            Kind::ImprovementNotice
                | Kind::Direction
                | Kind::CommissionerAppointed
                | Kind::CommissionerReport
                | Kind::ServicesTransferred
                | Kind::ServicesReturned
                | Kind::OwnershipChanged
                | Kind::FailureFinding
                | Kind::AdviserAppointed
                | Kind::DiagnosticReview
                | Kind::ProgressReview
        )
}

impl Census {
    /// Counts the histories against the registry they cite (if any).
    pub fn of(histories: &[History], registry: Option<&Registry>) -> Census {
        let mut census = Census {
            councils: histories.len(),
            ..Census::default()
        };
        let mut first = None;
        let mut last = None;
        for event in histories.iter().flat_map(|h| &h.events) {
            census.events += 1;
            first = first
                .min(Some(event.date.first()))
                .or(Some(event.date.first()));
            last = last.max(Some(event.date.last()));
            if event.source.iter().any(|c| c.reference.is_some()) {
                census.registry_cited += 1;
            }
            if !is_process_event(event.kind_name()) {
                continue;
            }
            census.process_events += 1;
            let kind = event.kind_name();
            let at = match census.by_kind.iter().position(|k| k.kind == kind) {
                Some(at) => at,
                None => {
                    census.by_kind.push(KindCensus {
                        kind,
                        events: 0,
                        day_dated: 0,
                        primary: 0,
                    });
                    census.by_kind.len() - 1
                }
            };
            let row = &mut census.by_kind[at];
            row.events += 1;
            if event.date.precision() == Precision::Day {
                census.day_dated += 1;
                row.day_dated += 1;
            }
            if registry.is_some_and(|r| r.has_primary(&event.source)) {
                census.primary += 1;
                row.primary += 1;
            }
        }
        census
            .by_kind
            .sort_by_key(|k| (std::cmp::Reverse(k.events), k.kind));
        census.coverage = COVERED
            .iter()
            .map(|&kind| {
                let mut row = CoverageCensus {
                    kind,
                    complete: 0,
                    published: 0,
                    partial: 0,
                };
                // A history speaks of a kind it records, or whose coverage it states.
                let speaking = histories.iter().filter(|h| {
                    h.coverage.0.contains_key(&kind)
                        || h.events.iter().any(|e| e.kind_name() == kind)
                });
                for history in speaking {
                    match history.coverage.of(kind) {
                        CoverageLevel::Complete => row.complete += 1,
                        CoverageLevel::Published => row.published += 1,
                        CoverageLevel::Partial => row.partial += 1,
                    }
                }
                row
            })
            .collect();
        census.period = first.zip(last).map(|(a, b)| (a.to_string(), b.to_string()));
        if let Some(registry) = registry {
            census.documents = registry.entries.len();
            census.primary_documents = registry
                .entries
                .values()
                .filter(|e| e.kind == crate::model::SourceKind::Primary)
                .count();
        }
        census
    }

    /// A share as a whole percentage, rounded down (so a stated share is never more than
    /// the record holds).
    pub fn percent(part: usize, whole: usize) -> usize {
        (part * 100).checked_div(whole).unwrap_or(0)
    }
}

/// Writes the census for people, one figure a line.
pub fn write_census_text(out: &mut dyn Write, census: &Census) -> io::Result<()> {
    let share = |part| Census::percent(part, census.process_events);
    writeln!(out, "councils: {}", census.councils)?;
    writeln!(out, "events: {}", census.events)?;
    writeln!(out, "Ofsted and DfE events: {}", census.process_events)?;
    writeln!(
        out,
        "  dated to the day: {} ({}%)",
        census.day_dated,
        share(census.day_dated)
    )?;
    writeln!(
        out,
        "  citing a primary source: {} ({}%)",
        census.primary,
        share(census.primary)
    )?;
    writeln!(out, "  by kind (dated to the day, of events):")?;
    for row in &census.by_kind {
        writeln!(
            out,
            "    {}: {} of {} ({}%)",
            row.kind.words(),
            row.day_dated,
            row.events,
            Census::percent(row.day_dated, row.events)
        )?;
    }
    writeln!(
        out,
        "events citing the source registry: {} of {}",
        census.registry_cited, census.events
    )?;
    writeln!(
        out,
        "histories that hold a kind, by how completely their sources list it:"
    )?;
    for row in &census.coverage {
        writeln!(
            out,
            "  {}: complete in {}, every published one in {}, only some in {}",
            row.kind.words(),
            row.complete,
            row.published,
            row.partial
        )?;
    }
    if let Some((first, last)) = &census.period {
        writeln!(out, "period: {first} to {last}")?;
    }
    writeln!(
        out,
        "documents in the registry: {} ({} primary)",
        census.documents, census.primary_documents
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_round_down_and_survive_an_empty_set() {
        assert_eq!(Census::percent(2, 3), 66);
        assert_eq!(Census::percent(0, 0), 0);
        let empty = Census::of(&[], None);
        assert_eq!(empty.period, None);
        assert!(empty.by_kind.is_empty());
    }

    #[test]
    fn counts_each_kind_apart_most_numerous_first() {
        let text = "version: 2\ncouncil: testshire\nname: Testshire\nregion: London\nevents:\n  - { date: 2019-01-10, kind: inspection, judgement: inadequate, framework: ilacs }\n  - { date: 2019-05, kind: monitoring_visit }\n  - { date: 2019-08-01, kind: monitoring_visit }\n  - { date: 2019-09, kind: note, text: aside }\n";
        let history = crate::model::parse_history(std::path::Path::new("testshire.yaml"), text)
            .unwrap_or_else(|e| panic!("{e}"));
        let census = Census::of(&[history], None);
        let rows: Vec<(Kind, usize, usize)> = census
            .by_kind
            .iter()
            .map(|k| (k.kind, k.events, k.day_dated))
            .collect();
        assert_eq!(
            rows,
            [(Kind::MonitoringVisit, 2, 1), (Kind::Inspection, 1, 1)]
        );
        let mut out = Vec::new();
        write_census_text(&mut out, &census).unwrap_or_else(|e| panic!("{e}"));
        let out = String::from_utf8_lossy(&out);
        assert!(
            out.contains("    monitoring visit: 1 of 2 (50%)\n"),
            "{out}"
        );
    }
}
