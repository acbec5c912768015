//! The report as plain text, for a terminal or an e-mail.

use std::fmt::Write;

use super::view::Report;

fn opt<T: ToString>(value: Option<T>) -> String {
    value
        .map(|v| v.to_string())
        .unwrap_or_else(|| "-".to_owned())
}

/// The whole report: summary table first, then each council.
pub fn report_text(report: &Report) -> String {
    let mut out = String::new();
    // Writing to a String cannot fail.
    let _ = (|| -> std::fmt::Result {
        writeln!(
            out,
            "Children's services intervention, as of {}\n",
            report.as_of
        )?;
        writeln!(
            out,
            "{:<28} {:<22} {:<10} {:<31} {:<10} {:>6}  {:<19} {:<10} {:>3} {:>3} {:>3}",
            "council",
            "ofsted",
            "since",
            "dfe",
            "since",
            "visits",
            "next",
            "due",
            "err",
            "wrn",
            "inf"
        )?;
        for r in &report.summary.rows {
            writeln!(
                out,
                "{:<28} {:<22} {:<10} {:<31} {:<10} {:>6}  {:<19} {:<10}{} {:>3} {:>3} {:>3}",
                r.name,
                r.ofsted.words().to_string(),
                opt(r.since.ofsted),
                r.dfe.words().to_string(),
                opt(r.since.dfe),
                r.monitoring_visits,
                opt(r.next.map(|k| k.words())),
                opt(r.next_due),
                if r.overdue {
                    "!"
                } else if r.unrecorded_past_due {
                    "?"
                } else {
                    " "
                },
                r.errors,
                r.warnings,
                r.infos
            )?;
        }
        let t = &report.summary.totals;
        writeln!(
            out,
            "\n{} councils; {} with an overdue step (!); {} more with a step past its due day and not recorded, in sources that list only some (?).",
            t.councils, t.overdue, t.unrecorded_past_due
        )?;
        for (s, n) in t.ofsted.iter().filter(|(_, n)| *n > 0) {
            writeln!(out, "  Ofsted, {}: {n}", s.words())?;
        }
        for (s, n) in t.dfe.iter().filter(|(_, n)| *n > 0) {
            writeln!(out, "  dfe {s}: {n}")?;
        }
        for v in &report.councils {
            let p = &v.prediction;
            writeln!(
                out,
                "\n== {} ({}){}",
                v.name,
                v.council,
                v.region
                    .as_ref()
                    .map(|r| format!(", {r}"))
                    .unwrap_or_default()
            )?;
            if !v.predecessors.is_empty() {
                writeln!(out, "formed from: {}", v.predecessors.join(", "))?;
            }
            if !v.successors.is_empty() {
                writeln!(out, "became: {}", v.successors.join(", "))?;
            }
            writeln!(
                out,
                "Ofsted {} since {}; DfE {} since {}; {} monitoring visit(s) since the last inadequate judgement",
                p.state.ofsted.words(),
                opt(p.since.ofsted),
                p.state.dfe.words(),
                opt(p.since.dfe),
                p.monitoring_visits
            )?;
            writeln!(out, "timeline:")?;
            for e in &v.timeline {
                writeln!(
                    out,
                    "  {:<10} {:<22} {}",
                    e.date.to_string(),
                    e.kind.words().to_string(),
                    e.details
                )?;
                if let Some(source) = &e.source {
                    writeln!(out, "  {:<10} {:<22} source: {source}", "", "")?;
                }
            }
            if !v.findings.is_empty() {
                writeln!(out, "findings:")?;
                for f in &v.findings {
                    let line = f
                        .events
                        .first()
                        .map(|e| format!(" (line {})", e.line))
                        .unwrap_or_default();
                    writeln!(
                        out,
                        "  {}[{}] {}: {}{line}",
                        f.severity, f.rule, f.verdict, f.message
                    )?;
                }
            }
            if !p.steps.is_empty() {
                writeln!(out, "next steps:")?;
                for s in &p.steps {
                    let (when, late) = super::prediction::step_when(s, p.as_of, p.record_ends);
                    let late = if late.is_empty() {
                        late
                    } else {
                        format!(", {late}")
                    };
                    writeln!(
                        out,
                        "  {}: {when}{late} [{}, {}]",
                        s.words(),
                        s.rule,
                        s.basis
                    )?;
                }
            }
            if let Some(f) = &p.forecast {
                out.push_str(&super::forecast_text(f));
            }
        }
        Ok(())
    })();
    out
}
