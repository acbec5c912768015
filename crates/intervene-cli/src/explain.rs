//! `intervene rules ID`: one rule explained, its examples checked as it is shown.

use std::io;

use intervene::checker::{Finding, check};
use intervene::reports::{ExampleFindings, Explained, write_rule_explanation};
use intervene::rules::{Examples, RuleSet};

use crate::{Console, EXIT_BAD_INPUT, EXIT_CLEAN};

/// The findings of rule `id` on an example's events, judged as of `examples.as_of`; an
/// example that does not read is an error of the rule file, said as such.
pub(crate) fn example_findings(
    rules: &RuleSet,
    id: &str,
    examples: &Examples,
    events: &str,
) -> Result<Vec<Finding>, String> {
    let history = Examples::history(events).map_err(|e| format!("an example of `{id}`: {e}"))?;
    Ok(check(&history, rules, examples.as_of)
        .findings
        .into_iter()
        .filter(|f| f.rule == id)
        .collect())
}

/// Explains every version of rule `id`, or says it is unknown (with the closest id).
pub(crate) fn explain(rules: &RuleSet, id: &str, console: &mut Console<'_>) -> io::Result<u8> {
    let mut explained: Vec<Explained<'_>> = rules
        .rules
        .iter()
        .filter(|r| r.id == id)
        .map(Explained::Timing)
        .collect();
    explained.extend(
        rules
            .transitions
            .iter()
            .filter(|t| t.id == id)
            .map(Explained::Transition),
    );
    if explained.is_empty() {
        let hint = rules
            .closest_id(id)
            .map(|known| format!("; did you mean `{known}`?"))
            .unwrap_or_default();
        writeln!(
            console.err,
            "error: no rule `{id}`{hint}\n\n`intervene rules` lists them all."
        )?;
        return Ok(EXIT_BAD_INPUT);
    }
    for (at, rule) in explained.into_iter().enumerate() {
        if at > 0 {
            writeln!(console.out, "\n---\n")?;
        }
        let examples = match rule {
            Explained::Timing(r) => r.examples.as_ref(),
            Explained::Transition(t) => t.examples.as_ref(),
        };
        let found = match examples {
            Some(examples) => {
                let run = |events: &str| example_findings(rules, id, examples, events);
                match (run(&examples.fires), run(&examples.quiet)) {
                    (Ok(fires), Ok(quiet)) => Some((examples, ExampleFindings { fires, quiet })),
                    (Err(e), _) | (_, Err(e)) => {
                        writeln!(console.err, "error: {e}")?;
                        return Ok(EXIT_BAD_INPUT);
                    }
                }
            }
            None => None,
        };
        write_rule_explanation(
            console.out,
            rule,
            found.as_ref().map(|(examples, found)| (*examples, found)),
        )?;
    }
    Ok(EXIT_CLEAN)
}
