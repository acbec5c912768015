//! `intervene check` and `intervene rules`.

use std::io;

use intervene::checker::{CouncilReport, check};
use intervene::reports::{
    SourceFiles, check_json, write_check_text, write_error, write_rules_text,
};
use intervene::rules::{RuleError, RuleSet};

use crate::args::{CheckArgs, Cli, Deny, Format, RulesArgs};
use crate::{Console, EXIT_BAD_INPUT, EXIT_CLEAN, EXIT_FINDINGS, inputs};

/// Today, the default day for `missing` and predictions.
pub(crate) fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}

/// Loads the rule set the command line names, or reports why it cannot.
pub(crate) fn rule_set(cli: &Cli, console: &mut Console<'_>) -> io::Result<Option<RuleSet>> {
    let loaded = match &cli.rules {
        Some(dir) => RuleSet::load_dir(dir),
        None => RuleSet::bundled(),
    };
    match loaded {
        Ok(set) => Ok(Some(set)),
        Err(errors) => {
            report_rule_errors(cli, console, &errors)?;
            Ok(None)
        }
    }
}

fn report_rule_errors(
    cli: &Cli,
    console: &mut Console<'_>,
    errors: &[RuleError],
) -> io::Result<()> {
    let mut files = SourceFiles::new();
    for e in errors {
        let name = e.path.display().to_string();
        if files.id(&name).is_none()
            && let Ok(text) = std::fs::read_to_string(&e.path)
        {
            files.add(name, text);
        }
    }
    let mut err = console.err_styled(cli.color);
    for e in errors {
        write_error(
            &mut *err,
            &files,
            &e.path.display().to_string(),
            e.line,
            e.column,
            &e.kind.to_string(),
        )?;
    }
    Ok(())
}

pub(crate) fn run(cli: &Cli, args: &CheckArgs, console: &mut Console<'_>) -> io::Result<u8> {
    let Some(rules) = rule_set(cli, console)? else {
        return Ok(EXIT_BAD_INPUT);
    };
    let as_of = args.as_of.unwrap_or_else(today);
    let loaded = inputs::load(&args.paths);
    loaded.report_errors(cli, console)?;
    let files = &loaded.files;
    let reports: Vec<CouncilReport> = loaded
        .histories
        .iter()
        .map(|h| check(h, &rules, as_of))
        .collect();
    let load_errors = &loaded.errors;
    match args.format {
        Format::Text => write_check_text(&mut *console.out_styled(cli.color), files, &reports)?,
        Format::Json => {
            serde_json::to_writer_pretty(&mut *console.out, &check_json(&reports))
                .map_err(io::Error::other)?;
            writeln!(console.out)?;
        }
    }
    let summary = intervene::reports::CheckSummary::of(&reports);
    Ok(if !load_errors.is_empty() {
        EXIT_BAD_INPUT
    } else if summary.errors > 0 || (args.deny == Some(Deny::Warnings) && summary.warnings > 0) {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    })
}

pub(crate) fn rules(cli: &Cli, args: &RulesArgs, console: &mut Console<'_>) -> io::Result<u8> {
    let Some(rules) = rule_set(cli, console)? else {
        return Ok(EXIT_BAD_INPUT);
    };
    match args.format {
        Format::Text => write_rules_text(console.out, &rules, args.at)?,
        Format::Json => {
            serde_json::to_writer_pretty(
                &mut *console.out,
                &intervene::reports::rules_json(&rules, args.at),
            )
            .map_err(io::Error::other)?;
            writeln!(console.out)?;
        }
    }
    Ok(EXIT_CLEAN)
}
