//! Event logs: every fixture survives CSV and JSON Lines unchanged (and so do its
//! findings), XES follows IEEE 1849, bad rows fail only their case, reading streams, and
//! the `export` and `check --input-format` commands.

use std::cell::Cell;
use std::io::Read;
use std::path::PathBuf;
use std::rc::Rc;

use intervene::checker::{Finding, check};
use intervene::interop::{ImportError, read_csv, read_jsonl, to_csv, to_jsonl, to_xes};
use intervene::model::{History, load_history};
use intervene::rules::RuleSet;
use intervene_tests::{day, repo, rules, run};
use quick_xml::events::{BytesStart, Event};
use serde_json::Value;

fn fixtures() -> Vec<History> {
    let dir = repo().join("fixtures/councils");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|p| load_history(p).unwrap_or_else(|e| panic!("{e}")))
        .collect()
}

/// A history without what a log cannot keep: its file and its events' lines.
fn content(history: &History) -> History {
    let mut history = history.clone();
    history.file = PathBuf::new();
    for event in &mut history.events {
        event.line = 0;
    }
    history
}

/// A history's findings, without the lines they point at.
fn findings(history: &History, rules: &RuleSet) -> Vec<Finding> {
    let mut findings = check(history, rules, day("2023-12-31")).findings;
    for event in findings.iter_mut().flat_map(|f| &mut f.events) {
        event.line = 0;
    }
    findings
}

fn assert_round_trip(imported: Vec<Result<History, ImportError>>) {
    let fixtures = fixtures();
    assert_eq!(imported.len(), fixtures.len());
    let rules = rules();
    for (original, imported) in fixtures.iter().zip(imported) {
        let imported = imported.unwrap_or_else(|e| panic!("{}: {e}", original.council));
        assert_eq!(
            content(original),
            content(&imported),
            "{}",
            original.council
        );
        assert_eq!(
            findings(original, &rules),
            findings(&imported, &rules),
            "{}",
            original.council
        );
    }
}

#[test]
fn csv_round_trip_keeps_every_fixture_and_its_findings() {
    let log = to_csv(&fixtures());
    assert_round_trip(read_csv(log.as_bytes()).collect());
}

#[test]
fn jsonl_round_trip_keeps_every_fixture_and_its_findings() {
    let log = to_jsonl(&fixtures());
    assert_round_trip(read_jsonl(log.as_bytes()).collect());
}

#[test]
fn imported_events_point_at_their_log_lines() {
    let log = to_csv(&fixtures());
    let first = read_csv(log.as_bytes()).next();
    let first = first
        .and_then(Result::ok)
        .unwrap_or_else(|| panic!("no first case"));
    let lines: Vec<usize> = first.events.iter().map(|e| e.line).collect();
    assert_eq!(lines, (2..2 + lines.len()).collect::<Vec<_>>());
}

fn attribute(element: &BytesStart<'_>, name: &str) -> Option<String> {
    element
        .attributes()
        .filter_map(Result::ok)
        .find(|a| a.key.as_ref() == name)
        .and_then(|a| {
            a.normalized_value(quick_xml::XmlVersion::Explicit1_0)
                .ok()
                .map(|v| v.into_owned())
        })
}

#[test]
fn xes_follows_ieee_1849() {
    const TYPES: [&str; 8] = [
        "string",
        "date",
        "int",
        "float",
        "boolean",
        "id",
        "list",
        "container",
    ];
    let histories = fixtures();
    let xes = to_xes(&histories);
    let mut reader = quick_xml::Reader::from_str(&xes);
    let mut stack: Vec<String> = Vec::new();
    let (mut traces, mut events, mut extensions) = (0, 0, Vec::new());
    // Per open trace or event: its string concept:name and date time:timestamp.
    let mut names: Vec<(bool, bool)> = Vec::new();
    loop {
        let event = reader.read_event().unwrap_or_else(|e| panic!("{e}"));
        let (element, empty) = match &event {
            Event::Start(e) => (e, false),
            Event::Empty(e) => (e, true),
            Event::End(e) => {
                let name = e.name().as_ref().to_owned();
                if name == "trace" || name == "event" {
                    let (named, dated) = names.pop().unwrap_or_default();
                    assert!(named, "a {name} without a string concept:name");
                    assert!(dated || name == "trace", "an event without time:timestamp");
                }
                stack.pop();
                continue;
            }
            Event::Eof => break,
            _ => continue,
        };
        let name = element.name().as_ref().to_owned();
        let parent = stack.last().map(String::as_str);
        match name.as_str() {
            "log" => {
                assert_eq!(parent, None);
                assert_eq!(
                    attribute(element, "xes.version").as_deref(),
                    Some("1849-2016")
                );
            }
            "extension" => {
                assert_eq!(parent, Some("log"));
                extensions.push((attribute(element, "name"), attribute(element, "uri")));
            }
            "global" | "classifier" => assert_eq!(parent, Some("log")),
            "trace" => {
                assert_eq!(parent, Some("log"));
                traces += 1;
                names.push((false, false));
            }
            "event" => {
                assert_eq!(parent, Some("trace"), "an event outside a trace");
                events += 1;
                names.push((false, false));
            }
            kind => {
                assert!(
                    TYPES.contains(&kind),
                    "`{kind}` is not an XES attribute type"
                );
                let key = attribute(element, "key").unwrap_or_default();
                let value = attribute(element, "value").unwrap_or_default();
                if kind == "date" {
                    chrono::DateTime::parse_from_rfc3339(&value)
                        .unwrap_or_else(|e| panic!("{key}: `{value}` is not ISO 8601: {e}"));
                }
                if kind == "boolean" {
                    assert!(value == "true" || value == "false", "{key}: {value}");
                }
                if matches!(parent, Some("trace" | "event"))
                    && let Some(open) = names.last_mut()
                {
                    open.0 |= kind == "string" && key == "concept:name";
                    open.1 |= kind == "date" && key == "time:timestamp";
                }
            }
        }
        if !empty {
            stack.push(name);
        }
    }
    assert!(stack.is_empty());
    for (name, prefix) in [("Concept", "concept"), ("Time", "time")] {
        let uri = format!("http://www.xes-standard.org/{prefix}.xesext");
        assert!(
            extensions.contains(&(Some(name.into()), Some(uri))),
            "{extensions:?}"
        );
    }
    assert_eq!(traces, histories.len());
    assert_eq!(
        events,
        histories.iter().map(|h| h.events.len()).sum::<usize>()
    );
}

#[test]
fn a_bad_row_fails_its_case_and_the_others_load() {
    let fixtures = fixtures();
    let log = to_csv(&fixtures);
    let mut lines: Vec<String> = log.lines().map(str::to_owned).collect();
    let row_of = |lines: &[String], case: &str| {
        lines
            .iter()
            .position(|l| l.starts_with(&format!("{case},")))
            .unwrap_or_else(|| panic!("no row of {case}"))
    };
    // An unknown activity in Bradford's first row, a day that does not exist in Medway's.
    let bradford = row_of(&lines, "bradford");
    let activity = lines[bradford]
        .split(',')
        .nth(1)
        .unwrap_or_default()
        .to_owned();
    lines[bradford] = lines[bradford].replacen(&activity, "inspektion", 1);
    let medway = row_of(&lines, "medway");
    let mut cells: Vec<&str> = lines[medway].splitn(6, ',').collect();
    cells[3] = "2019-02-30";
    lines[medway] = cells.join(",");
    let imported: Vec<_> = read_csv(lines.join("\n").as_bytes()).collect();

    let errors: Vec<&ImportError> = imported.iter().filter_map(|r| r.as_ref().err()).collect();
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert_eq!(
        (errors[0].line(), errors[0].case()),
        (bradford + 1, Some("bradford"))
    );
    assert!(
        errors[0]
            .to_string()
            .contains("unknown event kind `inspektion`"),
        "{}",
        errors[0]
    );
    assert_eq!(
        (errors[1].line(), errors[1].case()),
        (medway + 1, Some("medway"))
    );
    assert!(
        errors[1].to_string().contains("`2019-02-30` is not a day"),
        "{}",
        errors[1]
    );
    let loaded: Vec<History> = imported.into_iter().filter_map(Result::ok).collect();
    assert_eq!(loaded.len(), fixtures.len() - 2);
    for history in &loaded {
        let original = fixtures.iter().find(|f| f.council == history.council);
        assert_eq!(original.map(content), Some(content(history)));
    }
}

/// A reader that counts the bytes taken from it.
struct Counting {
    inner: std::io::Cursor<Vec<u8>>,
    taken: Rc<Cell<usize>>,
}

impl Read for Counting {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.taken.set(self.taken.get() + n);
        Ok(n)
    }
}

/// Reads a log of 300 cases and records how much was read when each case came out.
fn taken_per_case<I>(log: String, read: impl FnOnce(Counting) -> I) -> (usize, Vec<usize>)
where
    I: Iterator<Item = Result<History, ImportError>>,
{
    let total = log.len();
    let taken = Rc::new(Cell::new(0));
    let reader = Counting {
        inner: std::io::Cursor::new(log.into_bytes()),
        taken: Rc::clone(&taken),
    };
    let at: Vec<usize> = read(reader)
        .map(|case| {
            assert!(case.is_ok(), "{case:?}");
            taken.get()
        })
        .collect();
    (total, at)
}

fn many_cases() -> Vec<History> {
    let template = fixtures()
        .into_iter()
        .find(|h| h.council == "bradford")
        .unwrap_or_else(|| panic!("no bradford"));
    (0..300)
        .map(|i| History {
            council: format!("council-{i}"),
            ..template.clone()
        })
        .collect()
}

#[test]
fn cases_are_yielded_as_they_are_read() {
    let histories = many_cases();
    for (format, (total, at)) in [
        ("csv", taken_per_case(to_csv(&histories), read_csv)),
        ("jsonl", taken_per_case(to_jsonl(&histories), read_jsonl)),
    ] {
        assert_eq!(at.len(), histories.len(), "{format}");
        // The first case comes out after a buffer or two, not the whole log.
        assert!(
            at[0] < 64 * 1024 && total > 1024 * 1024,
            "{format}: {} of {total}",
            at[0]
        );
        assert!(at.windows(2).all(|w| w[0] <= w[1]), "{format}");
        assert!(
            at[at.len() / 2] < total * 3 / 4,
            "{format}: the middle case waited too long"
        );
    }
}

fn temp(name: &str) -> PathBuf {
    std::env::temp_dir().join(format!("intervene-interop-{}-{name}", std::process::id()))
}

/// `check --format json` output, without files and lines (which differ by input).
fn check_json(args: &[&str]) -> (u8, Value) {
    let run = run(args);
    let mut json: Value = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}{}", run.stdout, run.stderr));
    for council in json["councils"].as_array_mut().into_iter().flatten() {
        council["file"] = Value::Null;
        for finding in council["findings"].as_array_mut().into_iter().flatten() {
            for event in finding["events"].as_array_mut().into_iter().flatten() {
                event["line"] = Value::Null;
            }
        }
    }
    (run.code, json)
}

/// Rows of `check --format csv|jsonl`, without the file and line (which differ by input).
fn rows_without_place(run: &intervene_tests::Run) -> Vec<String> {
    run.stdout
        .lines()
        .map(|line| match serde_json::from_str::<Value>(line) {
            Ok(mut object) => {
                object["file"] = Value::Null;
                object["line"] = Value::Null;
                object.to_string()
            }
            // A CSV row: its rule, severity, verdict, deadline and message.
            Err(_) => {
                let mut reader = csv::ReaderBuilder::new()
                    .has_headers(false)
                    .from_reader(line.as_bytes());
                reader
                    .records()
                    .next()
                    .and_then(Result::ok)
                    .map(|r| format!("{:?}", [&r[0], &r[3], &r[4], &r[5], &r[7], &r[8], &r[10]]))
                    .unwrap_or_else(|| line.to_owned())
            }
        })
        .collect()
}

#[test]
fn export_then_check_the_log_gives_the_same_findings() {
    let yaml = check_json(&[
        "check",
        "fixtures",
        "--as-of",
        "2023-12-31",
        "--format",
        "json",
    ]);
    for format in ["csv", "jsonl"] {
        let log = temp(&format!("fixtures.{format}"));
        let log_name = log.display().to_string();
        let export = run(&["export", "fixtures", "--format", format, "-o", &log_name]);
        assert_eq!(
            (export.code, export.stdout.as_str()),
            (0, ""),
            "{}",
            export.stderr
        );
        let args = [
            "check",
            &log_name,
            "--input-format",
            format,
            "--as-of",
            "2023-12-31",
        ];
        let from_log = check_json(&[&args[..], &["--format", "json"]].concat());
        assert_eq!(from_log, yaml, "{format}");
        // Rows streamed a council at a time say what the histories' rows say.
        for rows in ["jsonl", "csv"] {
            let from_histories = rows_without_place(&run(&[
                "check",
                "fixtures",
                "--as-of",
                "2023-12-31",
                "--format",
                rows,
            ]));
            let streamed = rows_without_place(&run(&[&args[..], &["--format", rows]].concat()));
            assert_eq!(streamed, from_histories, "{format} log, {rows} rows");
        }
        // Text findings point at the log's lines.
        let text = run(&args);
        assert!(
            text.stdout.contains(&format!("at {log_name}:")),
            "{}",
            text.stdout
        );
        let _ = std::fs::remove_file(&log);
    }
    let xes = run(&["export", "fixtures/councils/medway.yaml", "--format", "xes"]);
    assert_eq!(xes.code, 0);
    assert!(
        xes.stdout
            .contains(r#"<string key="concept:name" value="medway"/>"#)
    );
}

#[test]
fn check_reports_a_bad_log_row_with_file_and_line_and_exits_2() {
    let log = temp("bad.csv");
    let text = "case_id,activity,timestamp\nmedway,inspection:inadequate,2019-08-14\nmedway,inspektion,2019-09-01\nkent,monitoring_visit,2019-10-01\n";
    std::fs::write(&log, text).unwrap_or_else(|e| panic!("{e}"));
    let name = log.display().to_string();
    let run = run(&[
        "check",
        &name,
        "--input-format",
        "csv",
        "--as-of",
        "2020-01-01",
    ]);
    let _ = std::fs::remove_file(&log);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains(&format!(
            "{name}:3: case `medway`: unknown event kind `inspektion`"
        )),
        "{}",
        run.stderr
    );
    assert!(
        run.stdout.contains("checked 1 council(s)"),
        "{}",
        run.stdout
    );
}

#[test]
fn the_new_flags_have_help() {
    let export = run(&["export", "--help"]);
    assert_eq!(export.code, 0);
    for text in ["--format", "xes", "--output"] {
        assert!(export.stdout.contains(text), "{text}: {}", export.stdout);
    }
    assert!(run(&["check", "--help"]).stdout.contains("--input-format"));
    assert_eq!(run(&["check", "--input-format", "xes"]).code, 2);
}

/// Streamed check JSON (what `check --input-format` writes, a council at a time) is byte
/// for byte the document `check --format json` writes from every report at once.
#[test]
fn streamed_check_json_is_the_whole_document() {
    use intervene::reports::{CheckJsonEntry, CheckJsonStream, InputError, check_json};
    let rules = rules();
    let reports: Vec<_> = fixtures()
        .iter()
        .map(|h| check(h, &rules, day("2023-04-30")))
        .collect();
    let as_of = day("2023-04-30");
    let error = InputError {
        file: "log.csv".into(),
        line: 3,
        column: 0,
        message: "a bad row".into(),
    };
    let cases: [(&[_], &[InputError]); 4] = [
        (&reports[..], &[]),
        (&reports[..1], std::slice::from_ref(&error)),
        (&[], &[]),
        (&[], std::slice::from_ref(&error)),
    ];
    for (reports, errors) in cases {
        let whole = serde_json::to_vec_pretty(&check_json(reports, errors, as_of))
            .unwrap_or_else(|e| panic!("{e}"));
        let mut streamed = Vec::new();
        let mut stream = CheckJsonStream::new(as_of);
        for error in errors {
            stream.error(error.clone());
        }
        for report in reports {
            let entry = CheckJsonEntry::of(report).unwrap_or_else(|e| panic!("{e}"));
            stream
                .write(&mut streamed, &entry)
                .unwrap_or_else(|e| panic!("{e}"));
        }
        let summary = stream
            .finish(&mut streamed)
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(summary.councils, reports.len());
        assert_eq!(
            String::from_utf8_lossy(&streamed),
            String::from_utf8_lossy(&whole),
            "{} councils",
            reports.len()
        );
    }
}
