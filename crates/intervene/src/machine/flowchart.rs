//! The machine drawn from its own transition function, to hold against the NAO figure.
//!
//! Every edge is found by running [`Machine::step`] on a representative event from each
//! state, so the drawing cannot drift from the code.

use std::collections::BTreeSet;
use std::fmt::Write;

use strum::IntoEnumIterator;

use super::{DfeState, Machine, OfstedState, State};
use crate::model::{
    Action, CommissionerRecommendation, Event, EventKind, Framework, Judgement, PartialDate,
    PlanStage, ProgressOutcome, Requirement, Scope, TransferArrangement, TransferTo,
};

/// How to draw the machine.
#[derive(Debug, Clone, Copy, PartialEq, Eq, strum::EnumString, strum::Display)]
#[strum(serialize_all = "snake_case")]
pub enum FlowchartFormat {
    /// Mermaid `flowchart` syntax (renders on Git forges).
    Mermaid,
    /// Graphviz `dot`.
    Dot,
}

/// Representative events and the edge labels they give.
fn stimuli() -> Vec<(&'static str, EventKind)> {
    let inspection = |judgement| EventKind::Inspection {
        judgement,
        framework: Framework::Ilacs,
        inspection_type: None,
        all_judgements_inadequate: false,
    };
    let notice = |action| EventKind::ImprovementNotice {
        action,
        adviser: None,
    };
    let direction = |action, requires| EventKind::Direction {
        action,
        commissioner: None,
        requires,
    };
    let report = |recommendation| EventKind::CommissionerReport {
        recommendation,
        council_response: None,
    };
    let transfer = |arrangement| EventKind::ServicesTransferred {
        to: TransferTo::Trust,
        arrangement,
    };
    vec![
        ("judged inadequate", inspection(Judgement::Inadequate)),
        (
            "judged requires improvement or better",
            inspection(Judgement::Good),
        ),
        (
            "focused visit: priority actions",
            EventKind::FocusedVisit {
                treated_as_inadequate: false,
                priority_actions: true,
            },
        ),
        (
            "focused visit: no priority actions",
            EventKind::FocusedVisit {
                treated_as_inadequate: false,
                priority_actions: false,
            },
        ),
        (
            "JTAI: priority actions",
            EventKind::Jtai {
                priority_actions: true,
            },
        ),
        (
            "final action plan",
            EventKind::ActionPlan {
                stage: PlanStage::Final,
            },
        ),
        ("monitoring visit", EventKind::MonitoringVisit),
        ("improvement notice", notice(Action::Issued)),
        ("notice lifted", notice(Action::Lifted)),
        (
            "direction: commissioner",
            direction(Action::Issued, Some(Requirement::Commissioner)),
        ),
        (
            "direction: improve",
            direction(Action::Issued, Some(Requirement::Cooperate)),
        ),
        (
            "direction: trust",
            direction(Action::Issued, Some(Requirement::Trust)),
        ),
        ("direction revoked", direction(Action::Revoked, None)),
        (
            "commissioner appointed",
            EventKind::CommissionerAppointed { name: None },
        ),
        (
            "commissioner: retain",
            report(CommissionerRecommendation::Retain),
        ),
        (
            "commissioner: alternative delivery",
            report(CommissionerRecommendation::AlternativeDelivery),
        ),
        (
            "insufficient progress",
            EventKind::ProgressReview {
                outcome: ProgressOutcome::Insufficient,
            },
        ),
        (
            "trust (voluntary)",
            transfer(TransferArrangement::Voluntary),
        ),
        ("trust (imposed)", transfer(TransferArrangement::Imposed)),
        ("services returned", EventKind::ServicesReturned),
    ]
}

type Edges = BTreeSet<(String, String, &'static str)>;

/// The state a representative event leads to from `from`, if the process allows the step.
fn allowed_step(from: State, event: &Event) -> Option<State> {
    let mut machine = Machine::in_state(from);
    let mut flagged = machine.step(0, event);
    flagged.extend(machine.finish());
    flagged.is_empty().then(|| machine.state())
}

/// Every state change a representative event makes on either track, when the process
/// allows it. DfE steps are tried with the council inadequate and not inadequate (a
/// direction is revoked once the council is out of inadequate).
fn edges() -> (Edges, Edges) {
    let date = PartialDate::year(2020).unwrap_or_else(|| PartialDate::day(chrono::NaiveDate::MIN));
    let mut ofsted = Edges::new();
    let mut dfe = Edges::new();
    for (label, kind) in stimuli() {
        let event = Event {
            date,
            kind,
            scope: Scope::ChildrensSocialCare,
            fieldwork_end: None,
            published: None,
            source: Vec::new(),
            note: None,
            line: 0,
        };
        for from in OfstedState::iter() {
            let dfe_state = if from.is_inadequate() {
                DfeState::AwaitingDecision
            } else {
                DfeState::None
            };
            if let Some(to) = allowed_step(
                State {
                    ofsted: from,
                    dfe: dfe_state,
                },
                &event,
            ) && to.ofsted != from
            {
                ofsted.insert((from.to_string(), to.ofsted.to_string(), label));
            }
        }
        for from in DfeState::iter() {
            for context in [OfstedState::Monitoring, OfstedState::NotInadequate] {
                if let Some(to) = allowed_step(
                    State {
                        ofsted: context,
                        dfe: from,
                    },
                    &event,
                ) && to.dfe != from
                {
                    dfe.insert((from.to_string(), to.dfe.to_string(), label));
                }
            }
        }
    }
    (ofsted, dfe)
}

/// The machine as a Mermaid or Graphviz diagram, one cluster per track.
pub fn render_flowchart(format: FlowchartFormat) -> String {
    let (ofsted, dfe) = edges();
    let mut out = String::new();
    // Writing to a String cannot fail.
    let _ = match format {
        FlowchartFormat::Mermaid => mermaid(&mut out, &ofsted, &dfe),
        FlowchartFormat::Dot => dot(&mut out, &ofsted, &dfe),
    };
    out
}

/// Text for a quoted Mermaid label. Mermaid 11 reads an unquoted label's `(`, `[`, `{`
/// and `|` as syntax (`trust (voluntary)` is a parse error), so every label is quoted;
/// inside quotes only `"` needs its entity.
fn mermaid_label(text: &str) -> String {
    text.replace('"', "#quot;")
}

fn mermaid(out: &mut String, ofsted: &Edges, dfe: &Edges) -> std::fmt::Result {
    writeln!(out, "flowchart TD")?;
    for (track, prefix, edges, states) in [
        (
            "Ofsted track",
            "o_",
            ofsted,
            OfstedState::iter()
                .map(|s| s.to_string())
                .collect::<Vec<_>>(),
        ),
        (
            "DfE track",
            "d_",
            dfe,
            DfeState::iter().map(|s| s.to_string()).collect::<Vec<_>>(),
        ),
    ] {
        writeln!(
            out,
            "  subgraph {}[\"{}\"]",
            prefix.trim_end_matches('_'),
            mermaid_label(track)
        )?;
        for state in states {
            writeln!(out, "    {prefix}{state}([\"{}\"])", mermaid_label(&state))?;
        }
        for (from, to, label) in edges {
            writeln!(
                out,
                "    {prefix}{from} -->|\"{}\"| {prefix}{to}",
                mermaid_label(label)
            )?;
        }
        writeln!(out, "  end")?;
    }
    Ok(())
}

fn dot(out: &mut String, ofsted: &Edges, dfe: &Edges) -> std::fmt::Result {
    writeln!(out, "digraph intervene {{")?;
    writeln!(out, "  rankdir=TB;\n  node [shape=box, style=rounded];")?;
    for (track, prefix, edges, states) in [
        (
            "Ofsted track",
            "o_",
            ofsted,
            OfstedState::iter()
                .map(|s| s.to_string())
                .collect::<Vec<_>>(),
        ),
        (
            "DfE track",
            "d_",
            dfe,
            DfeState::iter().map(|s| s.to_string()).collect::<Vec<_>>(),
        ),
    ] {
        writeln!(
            out,
            "  subgraph cluster_{} {{\n    label=\"{track}\";",
            prefix.trim_end_matches('_')
        )?;
        for state in states {
            writeln!(out, "    {prefix}{state} [label=\"{state}\"];")?;
        }
        for (from, to, label) in edges {
            writeln!(
                out,
                "    {prefix}{from} -> {prefix}{to} [label=\"{label}\"];"
            )?;
        }
        writeln!(out, "  }}")?;
    }
    writeln!(out, "}}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draws_the_main_path_of_each_track() {
        let chart = render_flowchart(FlowchartFormat::Mermaid);
        for edge in [
            r#"o_not_inadequate -->|"judged inadequate"| o_awaiting_action_plan"#,
            r#"o_awaiting_action_plan -->|"final action plan"| o_monitoring"#,
            r#"d_none -->|"judged inadequate"| d_awaiting_decision"#,
            r#"d_awaiting_decision -->|"improvement notice"| d_improvement_notice"#,
            r#"d_improvement_notice -->|"direction: commissioner"| d_direction_commissioner"#,
            r#"d_direction_commissioner -->|"commissioner: alternative delivery"| d_direction_alternative_delivery"#,
            r#"d_direction_alternative_delivery -->|"trust (imposed)"| d_services_transferred"#,
            r#"d_services_transferred -->|"services returned"| d_direction_improvement"#,
            r#"d_direction_improvement -->|"direction revoked"| d_none"#,
            r#"d_direction_improvement -->|"improvement notice"| d_improvement_notice"#,
        ] {
            assert!(chart.contains(edge), "missing {edge}\n{chart}");
        }
        assert!(render_flowchart(FlowchartFormat::Dot).starts_with("digraph intervene {"));
    }
}
