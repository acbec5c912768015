//! `intervene rules`: the rules in force, with their sources and dates.

use std::io::{self, Write};

use serde_json::json;

use crate::checker::Finding;
use crate::rules::{
    AnchorPoint, Basis, Examples, Period, Rule, RuleKind, RuleSet, Start, TransitionRule,
};

fn period(p: &Period) -> String {
    let from = if p.from == chrono::NaiveDate::MIN {
        "always".to_owned()
    } else {
        p.from.to_string()
    };
    match p.to {
        Some(to) => format!("{from} → {to}"),
        None if from == "always" => from,
        None => format!("{from} →"),
    }
}

fn selected(set: &RuleSet, at: Option<chrono::NaiveDate>) -> (Vec<&Rule>, Vec<&TransitionRule>) {
    let rules = set
        .rules
        .iter()
        .filter(|r| at.is_none_or(|d| r.in_force.contains(d)))
        .collect();
    let transitions = set
        .transitions
        .iter()
        .filter(|t| at.is_none_or(|d| t.in_force.contains(d)))
        .collect();
    (rules, transitions)
}

/// Writes the rules (all, or those in force on `at`) for people.
pub fn write_rules_text(
    out: &mut dyn Write,
    set: &RuleSet,
    at: Option<chrono::NaiveDate>,
) -> io::Result<()> {
    let (rules, transitions) = selected(set, at);
    match at {
        Some(d) => writeln!(out, "Rules in force on {d} ({} rule set):\n", set.origin)?,
        None => writeln!(out, "All rules ({} rule set):\n", set.origin)?,
    }
    for r in rules {
        writeln!(
            out,
            "{}  [{} {}, {}]",
            r.id,
            r.kind,
            r.severity,
            r.deadline_text()
        )?;
        writeln!(out, "    {}", r.title)?;
        writeln!(out, "    basis: {}", r.basis)?;
        writeln!(out, "    in force: {}", period(&r.in_force))?;
        for s in &r.suspended {
            writeln!(out, "    suspended: {} ({})", period(&s.period), s.reason)?;
        }
        for document in &r.sources {
            writeln!(out, "    source: {document}")?;
        }
        writeln!(out, "    defined at {}:{}\n", r.file.display(), r.line)?;
    }
    for t in transitions {
        writeln!(out, "{}  [transition {}]", t.id, t.severity)?;
        writeln!(out, "    {}", t.title)?;
        writeln!(out, "    basis: {}", t.basis)?;
        writeln!(out, "    in force: {}", period(&t.in_force))?;
        for document in &t.sources {
            writeln!(out, "    source: {document}")?;
        }
        writeln!(out, "    defined at {}:{}\n", t.file.display(), t.line)?;
    }
    Ok(())
}

/// The rules (all, or those in force on `at`) as JSON.
pub fn rules_json(set: &RuleSet, at: Option<chrono::NaiveDate>) -> serde_json::Value {
    let (rules, transitions) = selected(set, at);
    let in_force = |p: &Period| json!({ "from": (p.from != chrono::NaiveDate::MIN).then(|| p.from.to_string()), "to": p.to.map(|d| d.to_string()) });
    json!({
        "origin": set.origin,
        "at": at.map(|d| d.to_string()),
        "rules": rules.iter().map(|r| json!({
            "id": r.id,
            "title": r.title,
            "kind": r.kind,
            "severity": r.severity,
            "basis": r.basis,
            "deadline": r.deadline_text(),
            "in_force": in_force(&r.in_force),
            "suspended": r.suspended.iter().map(|s| json!({"period": in_force(&s.period), "reason": s.reason})).collect::<Vec<_>>(),
            "source": r.source,
            "sources": r.sources,
            "record_shows": r.record_shows,
            "file": r.file.display().to_string(),
            "line": r.line,
        })).collect::<Vec<_>>(),
        "transitions": transitions.iter().map(|t| json!({
            "id": t.id,
            "title": t.title,
            "severity": t.severity,
            "basis": t.basis,
            "in_force": in_force(&t.in_force),
            "source": t.source,
            "sources": t.sources,
            "file": t.file.display().to_string(),
            "line": t.line,
        })).collect::<Vec<_>>(),
    })
}

/// A rule to explain, with what its examples gave when checked.
#[derive(Debug, Clone, Copy)]
pub enum Explained<'a> {
    /// A timing rule (one version of it).
    Timing(&'a Rule),
    /// A step the process does not provide for.
    Transition(&'a TransitionRule),
}

/// What a rule's examples gave: the findings of the rule on the history that fires it,
/// and on the one that keeps it quiet.
#[derive(Debug, Clone, Default)]
pub struct ExampleFindings {
    /// The rule's findings on the `fires` example.
    pub fires: Vec<Finding>,
    /// The rule's findings on the `quiet` example (none, when the example is right).
    pub quiet: Vec<Finding>,
}

/// What a basis means, for a sentence.
fn basis_words(basis: Basis) -> &'static str {
    match basis {
        Basis::Statute => "an Act of Parliament or regulations set it",
        Basis::Guidance => "a published Ofsted or DfE handbook, framework or policy sets it",
        Basis::Instrument => "the council's own improvement notice or direction sets it",
        Basis::Practice => {
            "no written source sets it: it is what other councils' histories show, so it only ever says \"unusual\""
        }
    }
}

/// When a rule's clock starts, in words.
fn start_words(rule: &Rule) -> String {
    match &rule.start {
        Start::Trigger(trigger) => {
            let events = trigger
                .events
                .iter()
                .map(|m| m.describe())
                .collect::<Vec<_>>()
                .join(" or ");
            match trigger.clock_from {
                Some(kind) => format!(
                    "the {} after {events} (or {events} itself, when none is recorded)",
                    kind.words()
                ),
                None => events,
            }
        }
        Start::After(anchor) => match anchor.at {
            AnchorPoint::Deadline => format!("the deadline of `{}`", anchor.rule),
            _ => format!(
                "`{}` being met (or its deadline, if it is not)",
                anchor.rule
            ),
        },
    }
}

/// The deadline in words: "no later than 70 working days after …".
fn deadline_words(rule: &Rule) -> String {
    let span = rule.deadline_text();
    let start = start_words(rule);
    let expect = rule
        .expect
        .iter()
        .map(|m| m.describe())
        .collect::<Vec<_>>()
        .join(" or ");
    match rule.kind {
        RuleKind::Max => format!("{expect} no later than {span} after {start}"),
        RuleKind::Min => format!("{expect} no sooner than {span} after {start}"),
        RuleKind::Target => format!("{expect} usually within {span} of {start}"),
        RuleKind::Window => format!("{expect} between {span} after {start}"),
    }
}

/// Explains one rule as `ruff rule` and `rustc --explain` do: what it checks, why (its
/// basis and sources), the deadline in words, and an example history that fires it and
/// one that does not, with what the checker said of each.
pub fn write_rule_explanation(
    out: &mut dyn Write,
    rule: Explained<'_>,
    examples: Option<(&Examples, &ExampleFindings)>,
) -> io::Result<()> {
    let (id, title, severity, basis, in_force, sources, file, line) = match rule {
        Explained::Timing(r) => (
            &r.id,
            &r.title,
            r.severity,
            r.basis,
            &r.in_force,
            &r.sources,
            &r.file,
            r.line,
        ),
        Explained::Transition(t) => (
            &t.id,
            &t.title,
            t.severity,
            t.basis,
            &t.in_force,
            &t.sources,
            &t.file,
            t.line,
        ),
    };
    writeln!(out, "{id}: {title}\n")?;
    writeln!(out, "What it checks")?;
    match rule {
        Explained::Timing(r) => {
            writeln!(out, "    Expects {}.", deadline_words(r))?;
            if let Some(states) = &r.while_in {
                let words = |names: Vec<String>| names.join(" or ").replace('_', " ");
                let mut tracks = Vec::new();
                if let Some(ofsted) = &states.ofsted {
                    let names = ofsted.iter().map(ToString::to_string).collect();
                    tracks.push(format!("Ofsted: {}", words(names)));
                }
                if let Some(dfe) = &states.dfe {
                    let names = dfe.iter().map(ToString::to_string).collect();
                    tracks.push(format!("DfE: {}", words(names)));
                }
                writeln!(
                    out,
                    "    Only while the council is in these states ({}); leaving them first ends the wait quietly.",
                    tracks.join("; ")
                )?;
            }
        }
        Explained::Transition(_) => writeln!(
            out,
            "    A step the process does not provide for: {}.",
            title.trim_end_matches('.')
        )?,
    }
    writeln!(
        out,
        "    Severity of a breach: {severity}; in force {}.\n",
        period(in_force)
    )?;
    writeln!(out, "Why")?;
    writeln!(out, "    Basis: {basis}: {}.", basis_words(basis))?;
    for document in sources {
        writeln!(out, "    Source: {document}")?;
    }
    writeln!(out)?;
    if let Explained::Timing(r) = rule {
        writeln!(out, "The deadline")?;
        let how = match r.kind {
            RuleKind::Max => "a deadline: no later than",
            RuleKind::Min => "a bound: no sooner than",
            RuleKind::Target => "a target: usually within",
            RuleKind::Window => "a window: neither sooner nor later than",
        };
        writeln!(out, "    {}, {how}.\n", r.deadline_text())?;
    }
    match examples {
        Some((examples, found)) => {
            for (label, events, findings) in [
                ("fires", &examples.fires, &found.fires),
                ("stays quiet", &examples.quiet, &found.quiet),
            ] {
                writeln!(
                    out,
                    "Example that {label} (as of {}):",
                    crate::model::PartialDate::day(examples.as_of)
                )?;
                for event in events.lines() {
                    writeln!(out, "    {event}")?;
                }
                if findings.is_empty() {
                    writeln!(out, "  → no finding of `{id}`\n")?;
                }
                for f in findings {
                    writeln!(
                        out,
                        "  → {}[{}] ({}): {}\n",
                        f.severity, f.rule, f.verdict, f.message
                    )?;
                }
            }
        }
        None => writeln!(out, "(This rule has no examples yet.)\n")?,
    }
    writeln!(out, "Defined at {}:{}", file.display(), line)?;
    Ok(())
}
