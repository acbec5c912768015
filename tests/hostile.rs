//! Hostile input and misuse, as a user meets them: paths that are not files, inputs
//! without end, councils that must not be lost, outputs that must not be damaged, text
//! that must not reach a terminal raw, and rule data that makes no sense. The corpus in
//! `tests/bad-input/` holds the cases a file can hold; these need a FIFO, a device, a
//! huge file or a run of several commands.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use intervene::interop::{
    ImportError, RawCase, read_csv, read_csv_log, read_jsonl, read_jsonl_log,
};
use intervene_tests::{repo, run};
use proptest::prelude::*;

/// A fresh directory for one test.
fn scratch(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("intervene-hostile-{}-{test}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    dir
}

fn text(path: &Path) -> String {
    path.to_string_lossy().into_owned()
}

fn write(path: &Path, contents: impl AsRef<[u8]>) {
    std::fs::write(path, contents).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
}

const GOOD: &str = "tests/mixed-input/ok-council.yaml";

/// A one-council CSV log that checks clean.
const GOOD_LOG: &str = "case_id,activity,timestamp,text\nyork,note,2019-01-01,fine\n";

#[cfg(unix)]
fn mkfifo(path: &Path) {
    let made = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .unwrap_or_else(|e| panic!("mkfifo: {e}"));
    assert!(made.success());
}

#[cfg(unix)]
#[test]
fn a_fifo_a_device_and_a_socket_are_refused_and_the_rest_checked() {
    let dir = scratch("special");
    let fifo = dir.join("fifo.yaml");
    mkfifo(&fifo);
    let socket = dir.join("socket.yaml");
    let _listener =
        std::os::unix::net::UnixListener::bind(&socket).unwrap_or_else(|e| panic!("{e}"));
    // Nothing writes to the FIFO: reading it would wait for ever.
    let yaml = run(&[
        "check",
        "--as-of",
        "2023-01-01",
        &text(&fifo),
        "/dev/zero",
        &text(&socket),
        GOOD,
    ]);
    assert_eq!(yaml.code, 2, "{yaml:?}");
    for refusal in [
        format!(
            "{}: not a regular file but a FIFO (named pipe)",
            text(&fifo)
        ),
        "/dev/zero: not a regular file but a character device".to_owned(),
        format!("{}: not a regular file but a socket", text(&socket)),
    ] {
        assert!(yaml.stderr.contains(&refusal), "{refusal}: {}", yaml.stderr);
    }
    assert!(
        yaml.stdout.contains("checked 1 council(s)"),
        "{}",
        yaml.stdout
    );

    let log = dir.join("good.csv");
    write(&log, GOOD_LOG);
    for format in ["csv", "jsonl"] {
        let logs = run(&[
            "check",
            "--as-of",
            "2023-01-01",
            "--input-format",
            format,
            &text(&fifo),
            "/dev/zero",
            &text(&log),
        ]);
        assert_eq!(logs.code, 2, "{logs:?}");
        assert!(
            logs.stderr.contains("not a regular file but a FIFO"),
            "{}",
            logs.stderr
        );
        assert!(
            logs.stderr
                .contains("/dev/zero: not a regular file but a character device"),
            "{}",
            logs.stderr
        );
    }
    let csv = run(&[
        "check",
        "--as-of",
        "2023-01-01",
        "--input-format",
        "csv",
        &text(&fifo),
        &text(&log),
    ]);
    assert!(
        csv.stdout.contains("checked 1 council(s)"),
        "{}",
        csv.stdout
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_huge_file_is_read_only_as_far_as_its_limit() {
    let dir = scratch("huge");
    // 4 GiB that take no disk: a file of zeros with no line end.
    let huge = dir.join("huge.yaml");
    let file = std::fs::File::create(&huge).unwrap_or_else(|e| panic!("{e}"));
    file.set_len(4 << 30).unwrap_or_else(|e| panic!("{e}"));
    let yaml = run(&["check", &text(&huge)]);
    assert_eq!(yaml.code, 2);
    assert!(
        yaml.stderr
            .contains("the file is 4294967296 bytes; a history file may be at most 1048576 bytes"),
        "{}",
        yaml.stderr
    );
    let csv = run(&["check", "--input-format", "csv", &text(&huge)]);
    assert_eq!(csv.code, 2);
    assert!(
        csv.stderr
            .contains(":1: the row is longer than 1048576 bytes, the most a row may be"),
        "{}",
        csv.stderr
    );
    // JSON Lines: the long line is skipped to its end, and the lines after it are read.
    let mut lines = vec![b'x'; 3 << 20];
    lines.extend_from_slice(b"\n{\"case_id\":\"york\",\"activity\":\"note\",\"timestamp\":\"2019-01-01\",\"text\":\"a\"}\n");
    let long = dir.join("long.jsonl");
    write(&long, &lines);
    let jsonl = run(&[
        "check",
        "--as-of",
        "2023-01-01",
        "--input-format",
        "jsonl",
        &text(&long),
    ]);
    assert_eq!(jsonl.code, 2);
    assert!(
        jsonl
            .stderr
            .contains(":1: the line is longer than 1048576 bytes, the most a line may be"),
        "{}",
        jsonl.stderr
    );
    assert!(
        jsonl.stdout.contains("checked 1 council(s)"),
        "{}",
        jsonl.stdout
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_long_row_or_an_open_quote_is_located() {
    let dir = scratch("long-row");
    let head = "case_id,activity,timestamp,text\nyork,note,2019-01-01,fine\n";
    let long_row = dir.join("long-row.csv");
    write(
        &long_row,
        format!("{head}york,note,2019-02-01,{}\n", "y".repeat(2 << 20)),
    );
    let row = run(&["check", "--input-format", "csv", &text(&long_row)]);
    assert!(
        row.stderr
            .contains("long-row.csv:3: the row is longer than 1048576 bytes"),
        "{}",
        row.stderr
    );
    // An open quote swallows the log: said at the line it opened on, not as a bad date.
    let open = dir.join("open-quote.csv");
    write(
        &open,
        format!(
            "{head}york,note,2019-02-01,\"open\n{}",
            "york,note,2019-03-01,x\n".repeat(60_000)
        ),
    );
    let quote = run(&["check", "--input-format", "csv", &text(&open)]);
    assert!(
        quote.stderr.contains("open-quote.csv:3: a quoted cell opens here and runs past 1048576 bytes without its closing"),
        "{}",
        quote.stderr
    );
    assert!(!quote.stderr.contains("is not a date"), "{}", quote.stderr);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn control_characters_never_reach_the_terminal_raw() {
    let dir = scratch("controls");
    let evil = dir.join("evil.yaml");
    // YAML's `\e` is ESC: this name would retitle a terminal and clear it.
    write(
        &evil,
        "council: evil\nname: \"Evil \\e]0;owned\\a\\e[2J\\u009b1m\"\nevents:\n  - { date: 2019-08, kind: inspection, judgement: inadequate, source: \"\\e[31mred\" }\n",
    );
    let out = dir.join("report.txt");
    for args in [
        vec!["next", "--as-of", "2020-01-01"],
        vec!["report", "--as-of", "2020-01-01"],
        vec!["report", "--as-of", "2020-01-01", "--format", "markdown"],
        vec!["check", "--as-of", "2020-01-01"],
    ] {
        let mut args = args.clone();
        let evil = text(&evil);
        args.push(&evil);
        let shown = run(&args);
        assert!(
            !shown.stdout.contains(['\u{1b}', '\u{7}', '\u{9b}'])
                && !shown.stderr.contains('\u{1b}'),
            "{args:?}: {:?}",
            shown.stdout
        );
        if args[0] != "check" {
            assert!(
                shown
                    .stdout
                    .contains("Evil \\x1b]0;owned\\x07\\x1b[2J\\u{9b}1m"),
                "{args:?}: {}",
                shown.stdout
            );
        }
    }
    let written = run(&[
        "report",
        "--as-of",
        "2020-01-01",
        "-o",
        &text(&out),
        &text(&evil),
    ]);
    assert_eq!(written.code, 0, "{written:?}");
    let report = std::fs::read_to_string(&out).unwrap_or_default();
    assert!(
        report.contains("Evil \\x1b]0;owned") && !report.contains('\u{1b}'),
        "{report}"
    );
    // JSON escapes its own: the value is kept exactly.
    let json = run(&[
        "report",
        "--as-of",
        "2020-01-01",
        "--format",
        "json",
        &text(&evil),
    ]);
    assert!(
        json.stdout.contains("Evil \\u001b]0;owned"),
        "{}",
        json.stdout
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn outputs_never_replace_what_they_must_not() {
    let dir = scratch("outputs");
    let history = dir.join("ok-council.yaml");
    std::fs::copy(repo().join(GOOD), &history).unwrap_or_else(|e| panic!("{e}"));
    let before = std::fs::read(&history).unwrap_or_default();
    // An input as the output: refused, the input untouched.
    for command in ["export", "report"] {
        let refused = run(&[command, &text(&dir), "-o", &text(&history)]);
        assert_eq!(refused.code, 2, "{command}: {refused:?}");
        assert!(
            refused.stderr.contains("it is one of the input files"),
            "{}",
            refused.stderr
        );
        assert_eq!(
            std::fs::read(&history).unwrap_or_default(),
            before,
            "{command}"
        );
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::{FileTypeExt, PermissionsExt};
        // A FIFO or a device as the output: refused, and still what it was.
        let fifo = dir.join("fifo");
        mkfifo(&fifo);
        for target in [text(&fifo), "/dev/null".to_owned()] {
            let refused = run(&[
                "report",
                "--as-of",
                "2020-01-01",
                &text(&history),
                "-o",
                &target,
            ]);
            assert_eq!(refused.code, 2, "{target}: {refused:?}");
            assert!(
                refused.stderr.contains("not a regular file"),
                "{}",
                refused.stderr
            );
        }
        let kind = std::fs::metadata(&fifo)
            .map(|m| m.file_type())
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(kind.is_fifo());
        let null = std::fs::metadata("/dev/null")
            .map(|m| m.file_type())
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(null.is_char_device());
        // An existing file keeps its mode.
        let private = dir.join("private.txt");
        write(&private, "old");
        std::fs::set_permissions(&private, std::fs::Permissions::from_mode(0o600))
            .unwrap_or_else(|e| panic!("{e}"));
        let written = run(&[
            "report",
            "--as-of",
            "2020-01-01",
            &text(&history),
            "-o",
            &text(&private),
        ]);
        assert_eq!(written.code, 0, "{written:?}");
        let mode = std::fs::metadata(&private)
            .map(|m| m.permissions().mode() & 0o777)
            .unwrap_or(0);
        assert_eq!(mode, 0o600);
        // Through a link: the file behind it is written, the link stays a link.
        let link = dir.join("link.txt");
        std::os::unix::fs::symlink(&private, &link).unwrap_or_else(|e| panic!("{e}"));
        let through = run(&["export", &text(&history), "-o", &text(&link)]);
        assert_eq!(through.code, 0, "{through:?}");
        assert!(std::fs::symlink_metadata(&link).is_ok_and(|m| m.file_type().is_symlink()));
        assert!(
            std::fs::read_to_string(&private)
                .unwrap_or_default()
                .starts_with("case_id,")
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn threads_beyond_four_a_core_are_cut_back_with_a_word() {
    let many = run(&["-j", "100000", "check", "--as-of", "2023-01-01", GOOD]);
    assert_eq!(many.code, 0, "{many:?}");
    assert!(
        many.stderr
            .contains("warning: --threads 100000 is more than 4 per core"),
        "{}",
        many.stderr
    );
    assert!(many.stdout.contains("checked 1 council(s)"));
}

/// A rule set of one clock, `deadline`, with `suspended` periods, and the bundled calendar.
fn one_rule(dir: &Path, deadline: &str, suspended: &[(&str, &str)]) -> PathBuf {
    let rules = dir.join("rules");
    std::fs::create_dir_all(rules.join("calendar")).unwrap_or_else(|e| panic!("{e}"));
    std::fs::copy(
        repo().join("rules/calendar/england-and-wales.yaml"),
        rules.join("calendar/england-and-wales.yaml"),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let mut rule = format!(
        "rules:\n  - id: test.visit\n    title: A visit after an inadequate judgement\n    trigger:\n      - {{ kind: inspection, judgement: [inadequate] }}\n    expect:\n      - {{ kind: monitoring_visit }}\n    deadline: {deadline}\n    kind: max\n    severity: error\n    basis: guidance\n    in_force: {{ from: 1990-01-01 }}\n    source: {{ title: test, publisher: test, date: 2020 }}\n"
    );
    if !suspended.is_empty() {
        rule.push_str("    suspended:\n");
        for (from, to) in suspended {
            rule.push_str(&format!(
                "      - {{ from: {from}, to: {to}, reason: test }}\n"
            ));
        }
    }
    write(&rules.join("test.yaml"), rule);
    rules
}

fn judged(dir: &Path, date: &str) -> PathBuf {
    let path = dir.join("judged.yaml");
    write(
        &path,
        format!(
            "council: judged\nname: Judged\nevents:\n  - {{ date: {date}, kind: inspection, judgement: inadequate }}\n"
        ),
    );
    path
}

#[test]
fn overlapping_suspensions_count_their_shared_days_once() {
    let dir = scratch("suspensions");
    let history = judged(&dir, "2020-01-10");
    let due = |suspended: &[(&str, &str)]| {
        let rules = one_rule(&dir, "{ amount: 3, unit: months }", suspended);
        let next = run(&[
            "--rules",
            &text(&rules),
            "next",
            "--as-of",
            "2020-02-01",
            &text(&history),
        ]);
        assert_eq!(next.code, 0, "{next:?}");
        next.stdout
    };
    let covid = ("2020-03-17", "2021-05-01");
    // Due 2020-04-10, moved by the 411 days of the suspension; a second suspension inside
    // the first adds no day.
    assert!(due(&[covid]).contains("2021-05-26"), "{}", due(&[covid]));
    let overlapping = due(&[covid, ("2020-04-01", "2020-08-31")]);
    assert!(overlapping.contains("2021-05-26"), "{overlapping}");
    assert!(!overlapping.contains("2021-09-27"), "{overlapping}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_longest_deadline_gives_a_date_the_tool_reads_back() {
    let dir = scratch("longest");
    let history = judged(&dir, "2200-12-15");
    for deadline in [
        "{ amount: 1200, unit: months }",
        "{ amount: 10000, unit: working_days }",
    ] {
        let rules = one_rule(&dir, deadline, &[]);
        let next = run(&[
            "--rules",
            &text(&rules),
            "next",
            "--as-of",
            "2200-12-31",
            "--format",
            "json",
            &text(&history),
        ]);
        assert_eq!(next.code, 0, "{next:?}");
        let predictions: serde_json::Value =
            serde_json::from_str(&next.stdout).unwrap_or_else(|e| panic!("{e}"));
        let due = predictions[0]["steps"][0]["due"]
            .as_str()
            .unwrap_or_else(|| panic!("{}", next.stdout))
            .to_owned();
        assert_eq!(due.len(), 10, "{due}: a four-digit year");
        let again = run(&[
            "--rules",
            &text(&rules),
            "check",
            "--as-of",
            &due,
            &text(&history),
        ]);
        assert_ne!(again.code, 2, "{due}: {again:?}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_yaml_budget_says_which_and_what_to_do() {
    let dir = scratch("budget");
    let many = dir.join("many.yaml");
    let names = vec!["a"; 260_000].join(",");
    write(
        &many,
        format!(
            "council: many\nname: Many\nevents:\n  - {{ date: 2019, kind: reorganised, from: [{names}] }}\n"
        ),
    );
    let run = run(&["check", &text(&many)]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("the file holds more values, lists and mappings than the YAML reader allows (it stopped at 250001)"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("budget breached"), "{}", run.stderr);
    let _ = std::fs::remove_dir_all(&dir);
}

/// A line of a generated log: a valid row of a case, or a line that names no case.
#[derive(Debug, Clone)]
enum Line {
    Case(usize),
    NoCase(usize),
}

/// Logs of cases in order, each of one to four rows, with lines that name no case put in
/// at random places (inside a case's rows too).
fn logs() -> impl Strategy<Value = Vec<Line>> {
    (
        1..12usize,
        proptest::collection::vec(1..5usize, 12),
        proptest::collection::vec((0..60usize, 0..3usize), 0..8),
    )
        .prop_map(|(cases, rows, bad)| {
            let mut lines: Vec<Line> = (0..cases)
                .flat_map(|c| std::iter::repeat_n(Line::Case(c), rows[c]))
                .collect();
            for (at, kind) in bad {
                let at = at % (lines.len() + 1);
                lines.insert(at, Line::NoCase(kind));
            }
            lines
        })
}

fn csv_log(lines: &[Line]) -> Vec<u8> {
    let mut log = b"case_id,activity,timestamp,text\n".to_vec();
    for line in lines {
        match line {
            Line::Case(c) => log.extend_from_slice(format!("c{c},note,2019-01-01,x\n").as_bytes()),
            Line::NoCase(0) => log.extend_from_slice(b",note,2019-01-01,x\n"),
            Line::NoCase(1) => log.extend_from_slice(b"\xFF\xFE,note,2019-01-01,x\n"),
            Line::NoCase(_) => log.extend_from_slice(b"\"\",note,2019-01-01,x\n"),
        }
    }
    log
}

fn jsonl_log(lines: &[Line]) -> Vec<u8> {
    let mut log = Vec::new();
    for line in lines {
        let text = match line {
            Line::Case(c) => format!(
                "{{\"case_id\":\"c{c}\",\"activity\":\"note\",\"timestamp\":\"2019-01-01\",\"text\":\"x\"}}"
            ),
            Line::NoCase(0) => "42".to_owned(),
            Line::NoCase(1) => "{\"case_id\":7,\"activity\":\"note\"}".to_owned(),
            Line::NoCase(_) => "{\"activity\":\"note\",\"timestamp\":\"2019-01-01\"}".to_owned(),
        };
        log.extend_from_slice(text.as_bytes());
        log.push(b'\n');
    }
    log
}

/// Every valid case checked exactly once, and every line that names no case its own
/// error at its own line.
fn holds(
    lines: &[Line],
    first_line: usize,
    read: Vec<Result<String, ImportError>>,
) -> Result<(), TestCaseError> {
    let mut checked: HashMap<String, usize> = HashMap::new();
    let mut errors = Vec::new();
    for result in read {
        match result {
            Ok(case) => *checked.entry(case).or_default() += 1,
            Err(e) => errors.push(e.line()),
        }
    }
    let mut cases: Vec<String> = lines
        .iter()
        .filter_map(|l| match l {
            Line::Case(c) => Some(format!("c{c}")),
            Line::NoCase(_) => None,
        })
        .collect();
    cases.dedup();
    for case in &cases {
        prop_assert_eq!(
            checked.get(case).copied(),
            Some(1),
            "{} in {:?}",
            case,
            checked
        );
    }
    prop_assert_eq!(checked.len(), cases.len());
    let bad: Vec<usize> = lines
        .iter()
        .enumerate()
        .filter(|(_, l)| matches!(l, Line::NoCase(_)))
        .map(|(i, _)| i + first_line)
        .collect();
    prop_assert_eq!(errors, bad);
    Ok(())
}

fn built(
    cases: impl Iterator<Item = Result<RawCase, ImportError>>,
) -> Vec<Result<String, ImportError>> {
    cases
        .map(|c| c.and_then(RawCase::build).map(|h| h.council))
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn no_council_is_lost_to_a_line_that_names_none(lines in logs()) {
        let csv = csv_log(&lines);
        holds(&lines, 2, read_csv(csv.as_slice()).map(|h| h.map(|h| h.council)).collect())?;
        // Read as from a file: the contiguity filter and its re-check.
        let bytes = csv.clone();
        let from_file = read_csv_log(move || Ok(std::io::Cursor::new(bytes.clone())));
        holds(&lines, 2, built(from_file.map_err(|e| TestCaseError::fail(e.to_string()))?))?;
        let jsonl = jsonl_log(&lines);
        holds(&lines, 1, read_jsonl(jsonl.as_slice()).map(|h| h.map(|h| h.council)).collect())?;
        let from_file = read_jsonl_log(move || Ok(std::io::Cursor::new(jsonl.clone())));
        holds(&lines, 1, built(from_file.map_err(|e| TestCaseError::fail(e.to_string()))?))?;
    }
}

/// The fuzz targets' corpora run as the targets run them, so a regression they once found
/// is caught by `cargo test` too, on a toolchain that cannot fuzz.
#[test]
fn the_fuzz_corpora_read_without_panic_and_the_two_contiguity_checks_agree() {
    let corpus = |target: &str| {
        let mut paths: Vec<PathBuf> = std::fs::read_dir(repo().join("fuzz/corpus").join(target))
            .unwrap_or_else(|e| panic!("{e}"))
            .filter_map(|e| e.ok().map(|e| e.path()))
            .collect();
        paths.sort();
        assert!(!paths.is_empty(), "{target}: no corpus");
        paths
    };
    let outcome = |case: &Result<RawCase, ImportError>| match case {
        Ok(case) => Ok(case.case().to_owned()),
        Err(e) => Err(e.line()),
    };
    for path in corpus("log") {
        let data = std::fs::read(&path).unwrap_or_default();
        let Some((&pick, log)) = data.split_first() else {
            continue;
        };
        let (log, again) = (log.to_vec(), log.to_vec());
        let open = move || Ok(std::io::Cursor::new(again.clone()));
        let (streamed, filed): (Vec<_>, Vec<_>) = if pick % 2 == 0 {
            let filed = read_csv_log(open).unwrap_or_else(|e| panic!("{e}"));
            (
                intervene::interop::read_csv_cases(log.as_slice()).collect(),
                filed.collect(),
            )
        } else {
            let filed = read_jsonl_log(open).unwrap_or_else(|e| panic!("{e}"));
            (
                intervene::interop::read_jsonl_cases(log.as_slice()).collect(),
                filed.collect(),
            )
        };
        let a: Vec<_> = streamed.iter().map(outcome).collect();
        let b: Vec<_> = filed.iter().map(outcome).collect();
        assert_eq!(a, b, "{}", path.display());
        for case in streamed.into_iter().flatten() {
            let _ = case.build();
        }
    }
    let dir = scratch("fuzz-rules");
    for path in corpus("rules_dir") {
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("calendar")).unwrap_or_else(|e| panic!("{e}"));
        for (i, part) in text.split("\n=====\n").enumerate() {
            let file = match i {
                0 => dir.join("calendar/a.yaml"),
                _ if part.starts_with("#second") => dir.join("calendar/b.yaml"),
                _ => dir.join(format!("r{i}.yaml")),
            };
            write(&file, part);
        }
        let loaded = intervene::rules::RuleSet::load_dir(&dir);
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        // The seeds made from the bad-input rule sets fail, the bundled one loads; what the
        // fuzzer found may do either.
        if name.starts_with("seed-") {
            assert_eq!(
                loaded.is_ok(),
                name == "seed-bundled",
                "{name}: {:?}",
                loaded.err()
            );
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}
