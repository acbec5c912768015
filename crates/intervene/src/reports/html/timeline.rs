//! A council's journey as an SVG swimlane: Ofsted above, DfE below, findings and the
//! predicted next steps on top. Shapes and labels carry the meaning as well as colour.

use chrono::{Datelike, NaiveDate};
use maud::{Markup, html};

use crate::model::{Kind, PartialDate, Scope};
use crate::predictor::Step;
use crate::reports::view::{CouncilView, TimelineEntry};
use crate::rules::Severity;

const WIDTH: f64 = 1000.0;
const LEFT: f64 = 64.0;
const RIGHT: f64 = 16.0;
const OFSTED_Y: f64 = 46.0;
const DFE_Y: f64 = 112.0;
const AXIS_Y: f64 = 150.0;
const HEIGHT: f64 = 170.0;

/// Maps days to x.
struct Scale {
    start: NaiveDate,
    days: f64,
}

impl Scale {
    fn x(&self, date: NaiveDate) -> f64 {
        LEFT + (WIDTH - LEFT - RIGHT)
            * ((date - self.start).num_days() as f64 / self.days).clamp(0.0, 1.0)
    }

    fn mid(&self, date: PartialDate) -> f64 {
        (self.x(date.first()) + self.x(date.last())) / 2.0
    }
}

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or(NaiveDate::MIN)
}

fn scale(v: &CouncilView) -> Scale {
    let first = v
        .timeline
        .iter()
        .map(|e| e.date.first())
        .min()
        .unwrap_or(v.prediction.as_of);
    let last_due = v
        .prediction
        .steps
        .iter()
        .filter_map(|s| s.by())
        .max()
        .unwrap_or(v.prediction.as_of);
    let end = v
        .prediction
        .as_of
        .max(last_due)
        .min(v.prediction.as_of + chrono::Days::new(3 * 365));
    let start = ymd(first.year(), 1, 1);
    let end = ymd(end.year() + 1, 1, 1);
    Scale {
        start,
        days: (end - start).num_days().max(1) as f64,
    }
}

/// A judgement's colour class and label (grade shown by shape and text too).
fn grade(details: &str) -> (&'static str, &'static str) {
    match details.split(' ').next().unwrap_or("") {
        "inadequate" => ("inadequate", "I"),
        "requires_improvement" => ("ri", "RI"),
        "good" => ("good", "G"),
        "outstanding" => ("outstanding", "O"),
        _ => ("ri", "?"),
    }
}

fn judgement_mark(x: f64, entry: &TimelineEntry) -> Markup {
    let (class, label) = grade(&entry.details);
    let y = OFSTED_Y;
    let shape = match class {
        "inadequate" => {
            html! { rect class=(class) x=(x - 7.0) y=(y - 7.0) width="14" height="14" {} }
        }
        "ri" => {
            html! { polygon class=(class) points=(format!("{},{} {},{} {},{}", x, y - 8.0, x - 8.0, y + 7.0, x + 8.0, y + 7.0)) {} }
        }
        "good" => html! { circle class=(class) cx=(x) cy=(y) r="7" {} },
        _ => {
            html! { polygon class=(class) points=(format!("{},{} {},{} {},{} {},{}", x, y - 9.0, x + 8.0, y, x, y + 9.0, x - 8.0, y)) {} }
        }
    };
    html! {
        g.judgement {
            title { (entry.date) " inspection: " (entry.details) }
            (shape)
            text.grade x=(x) y=(y + 22.0) { (label) }
        }
    }
}

/// DfE periods (notice, direction, trust) as (class, label, from, to-or-open).
fn dfe_bars(
    v: &CouncilView,
) -> Vec<(&'static str, &'static str, PartialDate, Option<PartialDate>)> {
    let mut bars = Vec::new();
    let mut open: Vec<(&'static str, &'static str, PartialDate)> = Vec::new();
    let close = |class: &str,
                 at: PartialDate,
                 bars: &mut Vec<_>,
                 open: &mut Vec<(&'static str, &'static str, PartialDate)>| {
        if let Some(i) = open.iter().position(|(c, _, _)| *c == class) {
            let (c, l, from) = open.remove(i);
            bars.push((c, l, from, Some(at)));
        }
    };
    for e in v
        .timeline
        .iter()
        .filter(|e| e.scope == Scope::ChildrensSocialCare)
    {
        let action = e.details.split(',').next().unwrap_or("");
        match (e.kind, action) {
            (Kind::ImprovementNotice, "issued") => {
                close("notice", e.date, &mut bars, &mut open);
                open.push(("notice", "notice", e.date));
            }
            (Kind::ImprovementNotice, "lifted") => close("notice", e.date, &mut bars, &mut open),
            (Kind::Direction, "issued") => {
                close("notice", e.date, &mut bars, &mut open);
                close("direction", e.date, &mut bars, &mut open);
                open.push(("direction", "direction", e.date));
            }
            (Kind::Direction, "revoked") => close("direction", e.date, &mut bars, &mut open),
            (Kind::ServicesTransferred, _) => open.push(("trust", "trust", e.date)),
            (Kind::ServicesReturned, _) => close("trust", e.date, &mut bars, &mut open),
            _ => {}
        }
    }
    bars.extend(open.into_iter().map(|(c, l, from)| (c, l, from, None)));
    bars
}

fn lane_of(kind: Kind) -> f64 {
    match kind {
        Kind::Inspection
        | Kind::MonitoringVisit
        | Kind::FocusedVisit
        | Kind::ActionPlan
        | Kind::Jtai
        | Kind::ReportReceived => OFSTED_Y,
        _ => DFE_Y,
    }
}

fn step_mark(s: &Scale, as_of: NaiveDate, i: usize, step: &Step) -> Markup {
    let y = lane_of(step.kind) - 14.0 - 5.0 * (i % 3) as f64;
    let x0 = s.x(as_of);
    let x1 = step.by().map_or(x0 + 30.0, |d| s.x(d));
    let class = if step.overdue { "step overdue" } else { "step" };
    html! {
        g class=(class) {
            title { "next: " (step.words()) (step.due.map(|d| format!(", due {d}")).or(step.usually_by.map(|d| format!(", usually by {d}"))).unwrap_or_default()) (super::lateness_words(step.lateness())) " [" (step.rule) "]" }
            line x1=(x0) y1=(y) x2=(x1) y2=(y) {}
            circle cx=(x1) cy=(y) r="3" {}
        }
    }
}

/// The swimlane SVG of one council, as of the report's day.
pub fn timeline(v: &CouncilView) -> Markup {
    let s = scale(v);
    let as_of = v.prediction.as_of;
    let end_year = s.start.year() + (s.days / 365.2).round() as i32;
    let eras = [
        ("SLAC", ymd(2008, 1, 1), ymd(2013, 10, 31)),
        ("SIF", ymd(2013, 11, 1), ymd(2017, 12, 31)),
        ("ILACS", ymd(2018, 1, 1), ymd(2100, 1, 1)),
    ];
    let covid = (ymd(2020, 3, 17), ymd(2021, 5, 1));
    let entries: Vec<&TimelineEntry> = v
        .timeline
        .iter()
        .filter(|e| e.scope == Scope::ChildrensSocialCare)
        .collect();
    html! {
        svg.timeline viewBox=(format!("0 0 {WIDTH} {HEIGHT}")) role="img" aria-label=(format!("Timeline of {}", v.name)) {
            title { "Timeline of " (v.name) }
            @for (i, (name, from, to)) in eras.iter().enumerate() {
                @if *to >= s.start {
                    rect class=(format!("era era{}", i % 2)) x=(s.x(*from)) y="22" width=((s.x(*to) - s.x(*from)).max(0.0)) height="52" {}
                    text.era-label x=(s.x((*from).max(s.start)) + 3.0) y="31" { (name) }
                }
            }
            rect.covid x=(s.x(covid.0)) y="22" width=(s.x(covid.1) - s.x(covid.0)) height="120" { title { "COVID-19: routine monitoring suspended" } }
            text.lane x="4" y=(OFSTED_Y + 4.0) { "Ofsted" }
            text.lane x="4" y=(DFE_Y + 4.0) { "DfE" }
            line.axis x1=(LEFT) y1=(AXIS_Y) x2=(WIDTH - RIGHT) y2=(AXIS_Y) {}
            @for year in s.start.year()..=end_year {
                @let x = s.x(ymd(year, 1, 1));
                line.tick x1=(x) y1=(AXIS_Y) x2=(x) y2=(AXIS_Y + 4.0) {}
                @if (year - s.start.year()) % 2 == 0 || s.days < 3000.0 {
                    text.year x=(x) y=(AXIS_Y + 15.0) { (year) }
                }
            }
            @for (class, label, from, to) in dfe_bars(v) {
                @let x0 = s.x(from.first());
                @let x1 = to.map_or(s.x(as_of), |t| s.x(t.first()));
                @let y = DFE_Y + match class { "notice" => -10.0, "direction" => 0.0, _ => 10.0 };
                g class=(format!("bar {class}")) {
                    title { (label) " from " (from) (to.map(|t| format!(" to {t}")).unwrap_or_else(|| " (open)".into())) }
                    rect x=(x0) y=(y - 4.0) width=((x1 - x0).max(2.0)) height="8" {}
                    text.barlabel x=(x0 + 2.0) y=(y + 3.0) { (label) }
                }
            }
            @for e in &entries {
                @let x = s.mid(e.date);
                @if e.date.precision() != crate::model::Precision::Day {
                    line.span x1=(s.x(e.date.first())) y1=(lane_of(e.kind) + 12.0) x2=(s.x(e.date.last())) y2=(lane_of(e.kind) + 12.0) {}
                }
                @match e.kind {
                    Kind::Inspection => { (judgement_mark(x, e)) }
                    Kind::MonitoringVisit => { line.visit x1=(x) y1=(OFSTED_Y - 10.0) x2=(x) y2=(OFSTED_Y + 10.0) { title { (e.date) " monitoring visit" } } }
                    Kind::FocusedVisit | Kind::Jtai => {
                        rect.visit-box x=(x - 4.0) y=(OFSTED_Y - 4.0) width="8" height="8" transform=(format!("rotate(45 {x} {OFSTED_Y})")) { title { (e.date) " " (e.kind.words()) " " (e.details) } }
                    }
                    Kind::CommissionerAppointed | Kind::CommissionerReport => {
                        polygon.commissioner points=(format!("{},{} {},{} {},{}", x, DFE_Y - 22.0, x - 4.0, DFE_Y - 15.0, x + 4.0, DFE_Y - 15.0)) { title { (e.date) " " (e.kind.words()) " " (e.details) } }
                    }
                    _ => {}
                }
            }
            @for f in &v.findings {
                @if let Some(at) = f.events.first() {
                    @let x = s.mid(at.date);
                    @let class = match f.severity { Severity::Error => "finding error", Severity::Warning => "finding warning", Severity::Info => "finding info" };
                    g class=(class) {
                        title { (f.severity) " [" (f.rule) "] " (f.message) }
                        circle cx=(x) cy="12" r="6" {}
                        text x=(x) y="15.5" { "!" }
                    }
                }
            }
            line.asof x1=(s.x(as_of)) y1="18" x2=(s.x(as_of)) y2=(AXIS_Y) { title { "as of " (as_of) } }
            @for (i, step) in v.prediction.steps.iter().enumerate() {
                (step_mark(&s, as_of, i, step))
            }
        }
    }
}
