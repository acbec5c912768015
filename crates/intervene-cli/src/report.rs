//! `intervene report`.

use std::io;

use intervene::checker::check;
use intervene::model::History;
use intervene::predictor::predict_and_forecast;
use intervene::reports::{CouncilView, Report, report_html, report_markdown, report_text};

use crate::args::{Cli, ReportArgs, ReportFormat};
use crate::check::{rule_set, today};
use crate::write::write_output;
use crate::{Console, EXIT_BAD_INPUT, EXIT_CLEAN, inputs};

pub(crate) fn run(cli: &Cli, args: &ReportArgs, console: &mut Console<'_>) -> io::Result<u8> {
    let Some(rules) = rule_set(cli, console)? else {
        return Ok(EXIT_BAD_INPUT);
    };
    let as_of = args.as_of.unwrap_or_else(today);
    let Some(corpus) = crate::predict::corpus(cli, args.history_corpus.as_ref(), console)? else {
        return Ok(EXIT_BAD_INPUT);
    };
    let loaded = inputs::load(cli, &args.paths);
    loaded.report_errors(cli, console)?;
    let views: Vec<CouncilView> = loaded
        .histories
        .iter()
        .map(|h| {
            // A report as of a day knows only the events that may have happened by then.
            let mut known: History = h.clone();
            known.events.retain(|e| e.date.first() <= as_of);
            CouncilView::new(
                &known,
                check(&known, &rules, as_of),
                predict_and_forecast(&known, &rules, as_of, &corpus),
            )
        })
        .collect();
    let mut report = Report::new(as_of, views);
    // Sources shown by their titles, with links, from the registry beside the histories.
    if let Some(registry) = &loaded.registry {
        report.link_sources(registry);
    }
    report.national = Some(intervene::reports::National::of(
        &loaded.histories,
        &rules,
        as_of,
    ));
    // Text a file gave reaches a terminal or an editor with its control characters
    // escaped; JSON escapes its own, and HTML shows them as nothing.
    let text = match args.format {
        ReportFormat::Text => crate::escape::controls(&report_text(&report)).into_owned(),
        ReportFormat::Markdown => crate::escape::controls(&report_markdown(&report)).into_owned(),
        ReportFormat::Html => report_html(&report),
        ReportFormat::Csv => {
            let mut out = Vec::new();
            intervene::reports::write_summary_csv(&mut out, report.as_of, &report.summary)?;
            crate::escape::controls(&String::from_utf8_lossy(&out)).into_owned()
        }
        ReportFormat::Json => {
            serde_json::to_string_pretty(&report).map_err(io::Error::other)? + "\n"
        }
    };
    if !write_output(console, args.output.as_deref(), &text, &loaded.read)? {
        return Ok(EXIT_BAD_INPUT);
    }
    Ok(if loaded.errors.is_empty() {
        EXIT_CLEAN
    } else {
        EXIT_BAD_INPUT
    })
}
