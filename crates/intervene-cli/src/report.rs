//! `intervene report`.

use std::io::{self, Write};
use std::path::Path;

use intervene::checker::check;
use intervene::model::History;
use intervene::predictor::predict;
use intervene::reports::{CouncilView, Report, report_html, report_markdown, report_text};

use crate::args::{Cli, ReportArgs, ReportFormat};
use crate::check::{rule_set, today};
use crate::{Console, EXIT_BAD_INPUT, EXIT_CLEAN, inputs};

/// Writes `text` to `path` whole or not at all: into a temporary file beside it, then
/// renamed over it.
fn write_whole(path: &Path, text: &str) -> io::Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut file = tempfile::NamedTempFile::new_in(dir)?;
    file.write_all(text.as_bytes())?;
    // A report is an ordinary file: readable as the umask allows, not the temporary
    // file's owner-only mode.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        file.as_file()
            .set_permissions(std::fs::Permissions::from_mode(0o644))?;
    }
    file.as_file().sync_all()?;
    file.persist(path).map_err(|e| e.error)?;
    Ok(())
}

pub(crate) fn run(cli: &Cli, args: &ReportArgs, console: &mut Console<'_>) -> io::Result<u8> {
    let Some(rules) = rule_set(cli, console)? else {
        return Ok(EXIT_BAD_INPUT);
    };
    let as_of = args.as_of.unwrap_or_else(today);
    let loaded = inputs::load(&args.paths);
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
                predict(&known, &rules, as_of),
            )
        })
        .collect();
    let report = Report::new(as_of, views);
    let text = match args.format {
        ReportFormat::Text => report_text(&report),
        ReportFormat::Markdown => report_markdown(&report),
        ReportFormat::Html => report_html(&report),
        ReportFormat::Json => {
            serde_json::to_string_pretty(&report).map_err(io::Error::other)? + "\n"
        }
    };
    match &args.output {
        Some(path) => {
            if let Err(e) = write_whole(path, &text) {
                writeln!(console.err, "error: cannot write {}: {e}", path.display())?;
                return Ok(EXIT_BAD_INPUT);
            }
        }
        None => console.out.write_all(text.as_bytes())?,
    }
    Ok(if loaded.errors.is_empty() {
        EXIT_CLEAN
    } else {
        EXIT_BAD_INPUT
    })
}
