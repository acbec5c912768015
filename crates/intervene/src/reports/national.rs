//! The national picture: how many councils stood in each state year by year, and how
//! long councils took from an inadequate judgement to leaving it, by era. What a
//! journalist asks before any single council, drawn from the same histories and replay
//! as everything else.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use crate::checker::{replay, replay_order};
use crate::machine::DfeState;
use crate::model::{EventKind, History, Judgement, Kind};
use crate::rules::RuleSet;

/// The states counted year by year.
pub const SERIES: [&str; 4] = [
    "judged inadequate",
    "under an improvement notice",
    "under a direction",
    "services run by a trust or company",
];

/// Councils in each counted state at one year's end (or on the report's day).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct YearCount {
    /// The day counted: 31 December, or the report's day in its own year.
    pub day: NaiveDate,
    /// Councils whose record speaks for that day (it has begun and not yet ended).
    pub recorded: usize,
    /// Per state of [`SERIES`], in that order.
    pub counts: [usize; 4],
}

/// How long inadequacy lasted for judgements of one era.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EraDuration {
    /// The era, in words.
    pub era: &'static str,
    /// Spells that ended in the record (a later judgement not inadequate).
    pub ended: usize,
    /// The median months from the judgement to the one that ended the spell.
    pub median_months: Option<f64>,
    /// Spells still open when their record ends.
    pub open: usize,
}

/// The national picture of a set of histories.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct National {
    /// Histories drawn from.
    pub councils: usize,
    /// Year by year.
    pub years: Vec<YearCount>,
    /// Inadequacy's length, by the era of the judgement that began it.
    pub durations: Vec<EraDuration>,
    /// The earliest and latest record ends (`recorded_until`) among the histories.
    pub record_ends: Option<(NaiveDate, NaiveDate)>,
    /// Histories whose sources list every inspection.
    pub inspections_complete: usize,
}

/// The eras an inadequate judgement can begin in: (words, first day).
const ERAS: [(&str, (i32, u32, u32)); 3] = [
    ("before June 2016 (SIF)", (1900, 1, 1)),
    (
        "June 2016 to September 2018 (2016 monitoring regime)",
        (2016, 5, 31),
    ),
    ("from September 2018 (ILACS)", (2018, 9, 17)),
];

fn era_of(day: NaiveDate) -> usize {
    ERAS.iter()
        .rposition(|(_, (y, m, d))| {
            NaiveDate::from_ymd_opt(*y, *m, *d).is_some_and(|from| day >= from)
        })
        .unwrap_or(0)
}

impl National {
    /// Draws the picture from `histories` as of `as_of`.
    pub fn of(histories: &[History], rules: &RuleSet, as_of: NaiveDate) -> National {
        let first = histories
            .iter()
            .flat_map(|h| h.events.first())
            .map(|e| e.date.first())
            .min();
        let mut years = Vec::new();
        if let Some(first) = first {
            for year in first.year()..=as_of.year() {
                let Some(end) = NaiveDate::from_ymd_opt(year, 12, 31) else {
                    continue;
                };
                let count = Self::count(histories, rules, end.min(as_of));
                // A day no record speaks for says nothing: left out, not drawn as zero.
                if count.recorded > 0 {
                    years.push(count);
                }
            }
        }
        let mut spells: Vec<Vec<f64>> = vec![Vec::new(); ERAS.len()];
        let mut open = vec![0; ERAS.len()];
        for history in histories {
            let end = history.as_of(as_of);
            let mut began: Option<NaiveDate> = None;
            for &i in &replay_order(&history.events) {
                let event = &history.events[i];
                if event.date.first() > end {
                    break;
                }
                let EventKind::Inspection { judgement, .. } = event.kind else {
                    continue;
                };
                match (judgement, began) {
                    (Judgement::Inadequate, None) => began = Some(event.date.first()),
                    (Judgement::NotGiven | Judgement::Inadequate, _) => {}
                    (_, Some(start)) => {
                        let days = (event.date.first() - start).num_days() as f64;
                        spells[era_of(start)].push(days / 30.44);
                        began = None;
                    }
                    (_, None) => {}
                }
            }
            if let Some(start) = began {
                open[era_of(start)] += 1;
            }
        }
        let durations = ERAS
            .iter()
            .zip(spells)
            .zip(open)
            .map(|(((era, _), mut months), open)| {
                months.sort_by(f64::total_cmp);
                EraDuration {
                    era,
                    ended: months.len(),
                    median_months: median(&months),
                    open,
                }
            })
            .collect();
        let ends: Vec<NaiveDate> = histories
            .iter()
            .filter_map(|h| h.recorded_until.map(|d| d.last()))
            .collect();
        National {
            councils: histories.len(),
            years,
            durations,
            record_ends: ends
                .iter()
                .min()
                .zip(ends.iter().max())
                .map(|(a, b)| (*a, *b)),
            inspections_complete: histories
                .iter()
                .filter(|h| {
                    h.coverage.of(Kind::Inspection) == crate::model::CoverageLevel::Complete
                })
                .count(),
        }
    }

    /// The councils in each counted state on `day`, among those whose record speaks for it.
    fn count(histories: &[History], rules: &RuleSet, day: NaiveDate) -> YearCount {
        let mut counts = [0; 4];
        let mut recorded = 0;
        for history in histories {
            let begun = history
                .events
                .first()
                .is_some_and(|e| e.date.first() <= day);
            let ended = history.recorded_until.is_some_and(|end| end.last() < day);
            if !begun || ended {
                continue;
            }
            recorded += 1;
            let state = replay(&history.known_by(day), rules).machine.state();
            let held = [
                state.ofsted.is_inadequate(),
                state.dfe == DfeState::ImprovementNotice,
                state.dfe.is_direction(),
                state.dfe == DfeState::ServicesTransferred,
            ];
            for (count, held) in counts.iter_mut().zip(held) {
                *count += usize::from(held);
            }
        }
        YearCount {
            day,
            recorded,
            counts,
        }
    }

    /// Which records the picture rests on, and how complete they are, in one sentence.
    pub fn basis_sentence(&self) -> String {
        let ends = match self.record_ends {
            Some((a, b)) if a == b => format!("; their records end on {a}"),
            Some((a, b)) => format!("; their records end between {a} and {b}"),
            None => String::new(),
        };
        format!(
            "Drawn from {} council histories{ends}. A council counts in a year only while its record speaks for that day. Inspections are listed completely in {} of them; the other kinds of event only in part, so the counts of notices and directions are the least there were.",
            self.councils, self.inspections_complete
        )
    }
}

/// The median of sorted values.
fn median(sorted: &[f64]) -> Option<f64> {
    let n = sorted.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => sorted.get(n / 2).copied(),
        _ => Some((sorted.get(n / 2 - 1)? + sorted.get(n / 2)?) / 2.0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_median_of_an_even_count_is_the_middle_pair() {
        assert_eq!(median(&[1.0, 2.0, 3.0, 10.0]), Some(2.5));
        assert_eq!(median(&[4.0]), Some(4.0));
        assert_eq!(median(&[]), None);
    }

    #[test]
    fn eras_begin_on_their_first_day() {
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap_or(NaiveDate::MIN);
        assert_eq!(era_of(day(2016, 5, 30)), 0);
        assert_eq!(era_of(day(2016, 5, 31)), 1);
        assert_eq!(era_of(day(2018, 9, 17)), 2);
    }
}

/// The picture as SVG and tables, for the HTML report: charts drawn here, nothing fetched.
pub(crate) mod html {
    use maud::{Markup, html};

    use super::{National, SERIES};

    /// Okabe–Ito colours, one a series, told apart without colour by their markers.
    const COLOURS: [&str; 4] = ["#D55E00", "#0072B2", "#009E73", "#CC79A7"];
    const MARKERS: [&str; 4] = ["circle", "square", "diamond", "triangle"];

    fn marker(kind: &str, x: f64, y: f64, colour: &str) -> Markup {
        match kind {
            "square" => {
                html! { rect x=(x - 3.0) y=(y - 3.0) width="6" height="6" fill=(colour) {} }
            }
            "diamond" => {
                html! { rect x=(x - 3.0) y=(y - 3.0) width="6" height="6" fill=(colour) transform=(format!("rotate(45 {x} {y})")) {} }
            }
            "triangle" => {
                html! { polygon points=(format!("{},{} {},{} {},{}", x, y - 4.0, x - 4.0, y + 3.0, x + 4.0, y + 3.0)) fill=(colour) {} }
            }
            _ => html! { circle cx=(x) cy=(y) r="3.5" fill=(colour) {} },
        }
    }

    /// The section that opens the report.
    pub(crate) fn section(national: &National) -> Markup {
        let (w, h, left, bottom, top) = (720.0_f64, 260.0_f64, 40.0_f64, 30.0_f64, 10.0_f64);
        let n = national.years.len().max(1);
        let most = national
            .years
            .iter()
            .flat_map(|y| y.counts)
            .max()
            .unwrap_or(0)
            .max(1) as f64;
        let x = |i: usize| left + (w - left - 10.0) * (i as f64) / ((n - 1).max(1) as f64);
        let y = |v: usize| top + (h - top - bottom) * (1.0 - v as f64 / most);
        let longest = national
            .durations
            .iter()
            .filter_map(|d| d.median_months)
            .fold(1.0_f64, f64::max);
        html! {
            section.national aria-labelledby="national" {
                h2 #national { "The national picture" }
                p.muted { (national.basis_sentence()) }
                div.chart-pair {
                    figure {
                        svg.chart viewBox=(format!("0 0 {w} {h}")) role="img" aria-labelledby="national-states-caption" {
                            line x1=(left) y1=(h - bottom) x2=(w - 10.0) y2=(h - bottom) stroke="#555" {}
                            text x="4" y=(top + 8.0) font-size="10" { (most as usize) }
                            text x="4" y=(h - bottom) font-size="10" { "0" }
                            @for (i, year) in national.years.iter().enumerate() {
                                @if i % 2 == 0 || i + 1 == n {
                                    text x=(x(i)) y=(h - 10.0) font-size="10" text-anchor="middle" { (chrono::Datelike::year(&year.day)) }
                                }
                            }
                            @for (s, name) in SERIES.iter().enumerate() {
                                polyline fill="none" stroke=(COLOURS[s]) stroke-width="2"
                                    points=(national.years.iter().enumerate().map(|(i, yc)| format!("{:.1},{:.1}", x(i), y(yc.counts[s]))).collect::<Vec<_>>().join(" ")) {
                                    title { (name) }
                                }
                                @for (i, yc) in national.years.iter().enumerate() {
                                    (marker(MARKERS[s], x(i), y(yc.counts[s]), COLOURS[s]))
                                }
                            }
                        }
                        figcaption #national-states-caption {
                            "Councils in each state at each year's end: "
                            @for (s, name) in SERIES.iter().enumerate() {
                                span.key style=(format!("color:{}", COLOURS[s])) { "■ " } (name) @if s + 1 < SERIES.len() { ", " }
                            }
                            "."
                        }
                    }
                    div.numbers-scroll { table.numbers {
                        caption { "The chart's numbers" }
                        thead { tr { th { "Year end" } th { "Councils recorded" } @for name in SERIES { th { (name) } } } }
                        tbody {
                            @for year in &national.years {
                                tr { td { (year.day) } td.num { (year.recorded) } @for c in year.counts { td.num { (c) } } }
                            }
                        }
                    } }
                }
                h3 { "From an inadequate judgement to leaving it, by era" }
                div.chart-pair {
                    figure {
                        svg.chart viewBox="0 0 720 120" role="img" aria-labelledby="national-durations-caption" {
                            @for (i, d) in national.durations.iter().enumerate() {
                                @let months = d.median_months.unwrap_or(0.0);
                                @let bar = 420.0 * months / longest;
                                text x="4" y=(20.0 + 35.0 * i as f64) font-size="10" { (d.era) }
                                rect x="4" y=(25.0 + 35.0 * i as f64) width=(format!("{bar:.1}")) height="10" fill=(COLOURS[i % 4]) {}
                                text x=(10.0 + bar) y=(34.0 + 35.0 * i as f64) font-size="10" {
                                    @match d.median_months { Some(m) => { (format!("{m:.0} months")) } None => { "none ended in the record" } }
                                }
                            }
                        }
                        figcaption #national-durations-caption { "Median months from an inadequate judgement to the next judgement that was not inadequate." }
                    }
                    div.numbers-scroll { table.numbers {
                        caption { "The chart's numbers" }
                        thead { tr { th { "Judged inadequate" } th { "Spells ended" } th { "Median months" } th { "Still inadequate at the record's end" } } }
                        tbody {
                            @for d in &national.durations {
                                tr {
                                    td { (d.era) } td.num { (d.ended) }
                                    td.num { @match d.median_months { Some(m) => { (format!("{m:.0}")) } None => { "–" } } }
                                    td.num { (d.open) }
                                }
                            }
                        }
                    } }
                }
            }
        }
    }
}

/// The picture as Markdown tables, for the Markdown report.
pub(crate) fn markdown(national: &National) -> String {
    let mut out = String::from("## The national picture\n\n");
    out.push_str(&national.basis_sentence());
    out.push_str(
        "\n\nCouncils in each state at each year's end:\n\n| year end | councils recorded |",
    );
    for name in SERIES {
        out.push_str(&format!(" {name} |"));
    }
    out.push_str("\n|---|--:|--:|--:|--:|--:|\n");
    for year in &national.years {
        out.push_str(&format!("| {} | {} |", year.day, year.recorded));
        for count in year.counts {
            out.push_str(&format!(" {count} |"));
        }
        out.push('\n');
    }
    out.push_str("\nFrom an inadequate judgement to the next judgement that was not, by era:\n\n| judged inadequate | spells ended | median months | still inadequate at the record's end |\n|---|--:|--:|--:|\n");
    for d in &national.durations {
        let median = d
            .median_months
            .map_or_else(|| "–".to_owned(), |m| format!("{m:.0}"));
        out.push_str(&format!(
            "| {} | {} | {median} | {} |\n",
            d.era, d.ended, d.open
        ));
    }
    out.push('\n');
    out
}
