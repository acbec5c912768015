//! `intervene check` and `intervene rules`.

use std::io;

use chrono::NaiveDate;
use intervene::checker::{CouncilReport, check, input_findings};
use intervene::interop::{ImportError, RawCase, read_csv_log, read_jsonl_log};
use intervene::reports::{
    CheckJsonEntry, CheckJsonStream, CheckSummary, InputError, RowFormat, RowStream, SourceFiles,
    check_json, check_sarif, write_check_csv, write_check_jsonl, write_check_text, write_error,
    write_rules_text,
};
use intervene::rules::{RuleError, RuleSet};
use rayon::prelude::*;

use crate::args::{CheckArgs, CheckFormat, Cli, Deny, Format, InputFormat, RulesArgs};
use crate::{Console, EXIT_BAD_INPUT, EXIT_CLEAN, EXIT_FINDINGS, inputs};

/// Cases of an event log built and checked as one job: enough that handing jobs out
/// costs little, few enough that the jobs in flight hold little memory.
const CASES_PER_BATCH: usize = 256;

/// Jobs in flight per pool thread: enough that no thread waits for the next while the
/// oldest is written out.
const BATCHES_PER_THREAD: usize = 3;

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
        // Shown beside the message: only a regular file, no more than a history may be.
        if files.id(&name).is_none()
            && let Ok(file) = crate::files::open_regular(&e.path)
            && let Ok(Ok(bytes)) =
                crate::files::read_at_most(file, intervene::model::MAX_HISTORY_BYTES)
            && let Ok(text) = String::from_utf8(bytes)
        {
            files.add(name, crate::escape::source_lines(text));
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
            &crate::escape::readable(&e.kind.to_string()),
        )?;
    }
    Ok(())
}

pub(crate) fn run(cli: &Cli, args: &CheckArgs, console: &mut Console<'_>) -> io::Result<u8> {
    let Some(rules) = rule_set(cli, console)? else {
        return Ok(EXIT_BAD_INPUT);
    };
    let today = today();
    let as_of = args.as_of.unwrap_or(today);
    let (summary, bad_input) = match args.input_format {
        InputFormat::Yaml => {
            let loaded = inputs::load(cli, &args.paths);
            loaded.report_errors(cli, console)?;
            let reports: Vec<CouncilReport> = crate::on_threads(cli.threads, || {
                loaded
                    .histories
                    .par_iter()
                    .map(|h| checked(h, &rules, as_of, today))
                    .collect()
            });
            let errors: Vec<InputError> = loaded.errors.iter().map(InputError::of).collect();
            let out = Outputs {
                rules: &rules,
                as_of,
                errors: &errors,
            };
            let summary = write_reports(cli, args, console, &loaded.files, &reports, &out)?;
            (summary, !loaded.errors.is_empty())
        }
        InputFormat::Csv | InputFormat::Jsonl => check_logs(cli, args, console, &rules, as_of)?,
    };
    Ok(if bad_input {
        EXIT_BAD_INPUT
    } else if summary.errors > 0 || (args.deny == Some(Deny::Warnings) && summary.warnings > 0) {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    })
}

/// One council checked: the reader's warnings about the file as written, then the
/// process's findings as of `as_of`. A date is in the future when it is after today, or
/// after `as_of` where the run asks for a later day (a synthetic or planned history).
fn checked(
    history: &intervene::model::History,
    rules: &RuleSet,
    as_of: NaiveDate,
    today: NaiveDate,
) -> CouncilReport {
    let mut report = check(history, rules, as_of);
    let warnings = input_findings(history, today.max(as_of));
    report.findings.splice(0..0, warnings);
    report
}

/// What the machine-readable outputs say besides the findings.
struct Outputs<'a> {
    rules: &'a RuleSet,
    as_of: NaiveDate,
    errors: &'a [InputError],
}

/// Writes a check's reports in the format asked for; returns the totals.
fn write_reports(
    cli: &Cli,
    args: &CheckArgs,
    console: &mut Console<'_>,
    files: &SourceFiles,
    reports: &[CouncilReport],
    out: &Outputs<'_>,
) -> io::Result<CheckSummary> {
    match args.format {
        CheckFormat::Text => {
            write_check_text(
                &mut *console.out_styled(cli.color),
                files,
                reports,
                out.as_of,
            )?;
        }
        CheckFormat::Json => {
            let document = check_json(reports, out.errors, out.as_of);
            serde_json::to_writer_pretty(&mut *console.out, &document).map_err(io::Error::other)?;
            writeln!(console.out)?;
        }
        CheckFormat::Jsonl => write_check_jsonl(console.out, reports, out.errors, out.as_of)?,
        CheckFormat::Csv => write_check_csv(console.out, reports, out.as_of)?,
        CheckFormat::Sarif => {
            let log = check_sarif(reports, out.errors, out.rules, out.as_of);
            serde_json::to_writer_pretty(&mut *console.out, &log).map_err(io::Error::other)?;
            writeln!(console.out)?;
        }
    }
    Ok(CheckSummary::of(reports))
}

/// Builds and checks a batch of cases, in order, on one pool thread.
fn check_batch(
    args: &CheckArgs,
    rules: &RuleSet,
    (as_of, today): (NaiveDate, NaiveDate),
    path: &std::path::Path,
    batch: Vec<Result<RawCase, ImportError>>,
) -> Vec<Result<Checked, ImportError>> {
    batch
        .into_iter()
        .map(|case| {
            let mut history = case.and_then(RawCase::build)?;
            // Findings point at the log and each event's line in it.
            history.file = path.to_owned();
            let report = checked(&history, rules, as_of, today);
            Ok(match args.format {
                // Serialising to memory cannot fail: every key is a string.
                CheckFormat::Json => Checked::Entry(
                    CheckJsonEntry::of(&report)
                        .unwrap_or_else(|_| unreachable!("a report serialises to JSON")),
                ),
                _ => Checked::Report(report),
            })
        })
        .collect()
}

/// A council checked on a worker thread: its report, kept for the text output, or its
/// JSON entry, ready to stream out.
enum Checked {
    Report(CouncilReport),
    Entry(CheckJsonEntry),
}

/// Checks the cases of event logs as they are read: built and checked a batch at a time
/// in parallel, and reported in log order, so the output does not depend on the number
/// of threads. JSON is streamed out a council at a time, so memory holds one batch of
/// cases, not the log or its findings. Returns the totals and whether any input was bad
/// (reported on standard error).
fn check_logs(
    cli: &Cli,
    args: &CheckArgs,
    console: &mut Console<'_>,
    rules: &RuleSet,
    as_of: NaiveDate,
) -> io::Result<(CheckSummary, bool)> {
    let mut reports = Vec::new();
    let today = today();
    let mut stream = CheckJsonStream::new(as_of);
    // CSV and JSON Lines are written a council at a time too; text and SARIF are written
    // once every report is in.
    let mut rows = match args.format {
        CheckFormat::Csv => Some(RowStream::new(RowFormat::Csv, as_of)),
        CheckFormat::Jsonl => Some(RowStream::new(RowFormat::Jsonl, as_of)),
        _ => None,
    };
    let mut errors = Vec::new();
    let mut bad_input = false;
    let no_texts = SourceFiles::new();
    let pool = crate::Pool::new(cli.threads);
    for path in &args.paths {
        let name = path.display().to_string();
        // Opened again only to re-check a case the contiguity filter may have seen.
        let reopen = {
            let path = path.clone();
            move || crate::files::open_regular(&path).map_err(io::Error::other)
        };
        let opened: Result<Box<dyn Iterator<Item = Result<RawCase, ImportError>> + Send>, _> =
            match args.input_format {
                InputFormat::Jsonl => read_jsonl_log(reopen).map(|c| Box::new(c) as Box<_>),
                _ => read_csv_log(reopen).map(|c| Box::new(c) as Box<_>),
            };
        let cases = match opened {
            Ok(cases) => cases,
            Err(e) => {
                let message = e.to_string();
                write_error(
                    &mut *console.err_styled(cli.color),
                    &no_texts,
                    &name,
                    0,
                    0,
                    &message,
                )?;
                errors.push(InputError {
                    file: name.clone(),
                    line: 0,
                    column: 0,
                    message,
                });
                bad_input = true;
                continue;
            }
        };
        // One thread reads the log into batches; each batch is a job on the pool, and
        // the results are written out in log order as the oldest job finishes. Several
        // jobs are in flight, so no pool thread waits on another at a batch's end.
        let (batches, inbox) = std::sync::mpsc::sync_channel(2);
        std::thread::scope(|scope| -> io::Result<()> {
            scope.spawn(move || {
                let mut cases = cases;
                loop {
                    let batch: Vec<_> = cases.by_ref().take(CASES_PER_BATCH).collect();
                    // The receiver gone means the run stopped (output closed): stop too.
                    if batch.is_empty() || batches.send(batch).is_err() {
                        break;
                    }
                }
            });
            pool.in_place_scope(|jobs| -> io::Result<()> {
                let limit = BATCHES_PER_THREAD * pool.threads().max(1);
                let mut inbox = inbox.into_iter();
                let mut in_flight = std::collections::VecDeque::new();
                loop {
                    while in_flight.len() < limit {
                        let Some(batch) = inbox.next() else { break };
                        let (done, result) = std::sync::mpsc::sync_channel(1);
                        jobs.spawn(move |_| {
                            // The receiver gone means the run stopped: nothing to report.
                            let _ =
                                done.send(check_batch(args, rules, (as_of, today), path, batch));
                        });
                        in_flight.push_back(result);
                    }
                    let Some(oldest) = in_flight.pop_front() else {
                        return Ok(());
                    };
                    let checked = oldest
                        .recv()
                        .map_err(|_| io::Error::other("a batch of cases was not checked"))?;
                    for result in checked {
                        match result {
                            Ok(Checked::Report(report)) => match rows.as_mut() {
                                Some(rows) => rows.write(console.out, &report)?,
                                None => reports.push(report),
                            },
                            Ok(Checked::Entry(entry)) => stream.write(console.out, &entry)?,
                            Err(e) => {
                                // The diagnostic shows the line itself; the message need not.
                                let text = e.to_string();
                                let message = text
                                    .strip_prefix(&format!("line {}: ", e.line()))
                                    .unwrap_or(&text);
                                write_error(
                                    &mut *console.err_styled(cli.color),
                                    &no_texts,
                                    &name,
                                    e.line(),
                                    0,
                                    &crate::escape::readable(message),
                                )?;
                                errors.push(InputError {
                                    file: name.clone(),
                                    line: e.line(),
                                    column: 0,
                                    message: message.to_owned(),
                                });
                                bad_input = true;
                            }
                        }
                    }
                }
            })
        })?;
    }
    if let Some(rows) = rows {
        return Ok((rows.finish(console.out, &errors)?, bad_input));
    }
    let summary = match args.format {
        CheckFormat::Json => {
            for error in errors {
                stream.error(error);
            }
            let summary = stream.finish(console.out)?;
            writeln!(console.out)?;
            summary
        }
        _ => {
            let out = Outputs {
                rules,
                as_of,
                errors: &errors,
            };
            write_reports(cli, args, console, &no_texts, &reports, &out)?
        }
    };
    Ok((summary, bad_input))
}

/// `intervene census`: what the histories hold and how well they are sourced.
pub(crate) fn census(
    cli: &Cli,
    args: &crate::args::CensusArgs,
    console: &mut Console<'_>,
) -> io::Result<u8> {
    let loaded = crate::inputs::load(cli, &args.paths);
    loaded.report_errors(cli, console)?;
    let census = intervene::reports::Census::of(&loaded.histories, loaded.registry.as_ref());
    match args.format {
        Format::Text => intervene::reports::write_census_text(console.out, &census)?,
        Format::Json => {
            serde_json::to_writer_pretty(&mut *console.out, &census).map_err(io::Error::other)?;
            writeln!(console.out)?;
        }
    }
    Ok(if loaded.errors.is_empty() {
        EXIT_CLEAN
    } else {
        EXIT_BAD_INPUT
    })
}

pub(crate) fn rules(cli: &Cli, args: &RulesArgs, console: &mut Console<'_>) -> io::Result<u8> {
    let Some(rules) = rule_set(cli, console)? else {
        return Ok(EXIT_BAD_INPUT);
    };
    if let Some(id) = &args.id {
        return crate::explain::explain(&rules, id, console);
    }
    match args.format {
        Format::Text => write_rules_text(&mut console.out_text(), &rules, args.at)?,
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
