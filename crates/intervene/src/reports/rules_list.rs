//! `intervene rules`: the rules in force, with their sources and dates.

use std::io::{self, Write};

use serde_json::json;

use crate::rules::{Period, Rule, RuleSet, TransitionRule};

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
