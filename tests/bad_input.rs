//! Bad history files: each exits 2 with a message naming the file and the line, nothing
//! panics, and one bad file never stops the others being checked.

use intervene_tests::run;

fn bad(name: &str) -> String {
    let path = format!("tests/bad-input/{name}");
    let run = run(&["check", "--as-of", "2023-01-01", &path]);
    assert_eq!(run.code, 2, "{name}: {run:?}");
    assert!(
        run.stderr.contains(&path),
        "{name} does not name its file: {}",
        run.stderr
    );
    run.stderr
}

/// The message of each bad file, as a user sees it.
#[test]
fn every_bad_file_has_a_located_message() {
    let mut names: Vec<String> = std::fs::read_dir(intervene_tests::repo().join("tests/bad-input"))
        .unwrap_or_else(|e| panic!("{e}"))
        .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
        .collect();
    names.sort();
    assert!(names.len() >= 15, "{names:?}");
    let mut all = String::new();
    for name in &names {
        all.push_str(&format!("==> {name}\n{}\n", bad(name)));
    }
    insta::assert_snapshot!("bad_input_messages", all);
}

#[test]
fn messages_name_the_line_and_what_is_wrong() {
    for (file, place, words) in [
        ("malformed.yaml", ":5:", "expected"),
        (
            "unknown-kind.yaml",
            ":5:",
            "unknown event kind `inspectoin`",
        ),
        ("unknown-field.yaml", ":7:", "unknown field `judgment_date`"),
        ("month-13.yaml", ":4:", "no month 13"),
        ("day-30-february.yaml", ":4:", "not a day of the calendar"),
        (
            "missing-judgement.yaml",
            ":4",
            "kind `inspection` needs the field `judgement`",
        ),
        ("not-utf8.yaml", ":2:", "not UTF-8"),
        ("duplicate-key.yaml", ":7:", "duplicate"),
        ("tabs.yaml", ":4:", "tab"),
    ] {
        let stderr = bad(file);
        let located = format!("tests/bad-input/{file}{place}");
        assert!(
            stderr.contains(&located),
            "{file}: expected {located} in {stderr}"
        );
        assert!(
            stderr.contains(words),
            "{file}: expected `{words}` in {stderr}"
        );
    }
    assert!(bad("empty.yaml").contains("the file is empty"));
}

#[test]
fn one_bad_file_does_not_stop_the_rest() {
    let run = run(&["check", "--as-of", "2023-01-01", "tests/mixed-input"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("tests/mixed-input/broken.yaml:4"),
        "{}",
        run.stderr
    );
    assert!(
        run.stdout
            .contains("ok-council: monitoring visit while the council is not judged inadequate"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("checked 1 council(s)"),
        "{}",
        run.stdout
    );
}

#[test]
fn paths_that_are_not_there_or_hold_no_history() {
    let missing = run(&["check", "no/such/place"]);
    assert_eq!(missing.code, 2);
    assert!(
        missing
            .stderr
            .contains("no/such/place: cannot read the file: no such file or directory"),
        "{}",
        missing.stderr
    );
    let empty_dir = run(&["check", "crates/intervene/src/calendar"]);
    assert_eq!(empty_dir.code, 2);
    assert!(
        empty_dir.stderr.contains("no history files"),
        "{}",
        empty_dir.stderr
    );
}
