//! Bad history files: each exits 2 with a message naming the file and the line, nothing
//! panics, and one bad file never stops the others being checked.

use intervene_tests::run;

/// Runs the corpus entry `name` as a user would: a history file or directory with
/// `check`, a `.csv` or `.jsonl` event log with `--input-format`, and a `rules-*`
/// directory as a rule set (`--rules`) checking a good history.
fn bad(name: &str) -> String {
    let path = format!("tests/bad-input/{name}");
    let good = "tests/mixed-input/ok-council.yaml";
    let args: Vec<&str> = if name.starts_with("rules-") {
        vec!["--rules", &path, "check", "--as-of", "2023-01-01", good]
    } else if let Some(format) = [".csv", ".jsonl"]
        .into_iter()
        .find(|ext| name.ends_with(ext))
        .map(|ext| &ext[1..])
    {
        vec![
            "check",
            "--as-of",
            "2023-01-01",
            "--input-format",
            format,
            &path,
        ]
    } else {
        vec!["check", "--as-of", "2023-01-01", &path]
    };
    let run = run(&args);
    assert_eq!(run.code, 2, "{name}: {run:?}");
    assert!(
        run.stderr.contains(&path),
        "{name} does not name its file: {}",
        run.stderr
    );
    run.stderr
}

/// Files in the corpus that are not bad input: events listed out of date order are only
/// an input warning (history-format.md), and the file is checked as usual.
const NOT_BAD: [&str; 1] = ["out-of-order.yaml"];

/// The message of each bad file (or directory), as a user sees it.
#[test]
fn every_bad_file_has_a_located_message() {
    let mut names: Vec<String> = std::fs::read_dir(intervene_tests::repo().join("tests/bad-input"))
        .unwrap_or_else(|e| panic!("{e}"))
        .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
        .filter(|name| !NOT_BAD.contains(&name.as_str()))
        .collect();
    names.sort();
    assert!(names.len() >= 25, "{} cases: {names:?}", names.len());
    let mut all = String::new();
    for name in &names {
        all.push_str(&format!("==> {name}\n{}\n", bad(name)));
    }
    insta::assert_snapshot!("bad_input_messages", all);
}

#[test]
fn events_out_of_date_order_are_a_warning_not_bad_input() {
    let run = run(&[
        "check",
        "--as-of",
        "2019-06-01",
        "tests/bad-input/out-of-order.yaml",
    ]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(
        run.stdout.contains("warning[input.order]"),
        "{}",
        run.stdout
    );
    // Replayed in date order: the visit follows the judgement, so it fits.
    assert!(
        !run.stdout
            .contains("transition.monitoring-without-inadequate"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("replayed in date order"),
        "{}",
        run.stdout
    );
}

/// Cases made at run time: they cannot (or should not) live in the repository.
#[test]
fn oversized_looping_and_unreadable_inputs() {
    let dir = std::env::temp_dir().join(format!("intervene-bad-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    let path = |name: &str| dir.join(name).to_string_lossy().into_owned();

    // 10 MB: refused by size before it is parsed.
    let mut big = String::from("council: big\nname: Big\nevents:\n");
    while big.len() < 10 << 20 {
        big.push_str("  - { date: 2019-08, kind: note, text: padding padding padding padding }\n");
    }
    std::fs::write(dir.join("big.yaml"), &big).unwrap_or_else(|e| panic!("{e}"));
    let run_big = run(&["check", &path("big.yaml")]);
    assert_eq!(run_big.code, 2);
    assert!(
        run_big
            .stderr
            .contains("a history file may be at most 1048576 bytes"),
        "{}",
        run_big.stderr
    );

    // A symlink loop inside a directory: reported, and the rest of the directory checked.
    #[cfg(unix)]
    {
        let looped = dir.join("loop");
        std::fs::create_dir_all(&looped).unwrap_or_else(|e| panic!("{e}"));
        let _ = std::os::unix::fs::symlink(&looped, looped.join("again"));
        let _ = std::os::unix::fs::symlink(looped.join("b.yaml"), looped.join("a.yaml"));
        let _ = std::os::unix::fs::symlink(looped.join("a.yaml"), looped.join("b.yaml"));
        std::fs::copy(
            intervene_tests::repo().join("tests/mixed-input/ok-council.yaml"),
            looped.join("ok-council.yaml"),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let run_loop = run(&["check", &path("loop")]);
        assert_eq!(run_loop.code, 2, "{run_loop:?}");
        assert!(
            run_loop.stderr.contains("a.yaml") && run_loop.stderr.contains("link"),
            "{}",
            run_loop.stderr
        );
        assert!(
            run_loop.stdout.contains("checked 1 council(s)"),
            "{}",
            run_loop.stdout
        );
    }

    // An unreadable file (as root every file is readable, so the case says so and stops).
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let locked = dir.join("locked.yaml");
        std::fs::write(&locked, "council: locked\nname: Locked\nevents: []\n")
            .unwrap_or_else(|e| panic!("{e}"));
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000))
            .unwrap_or_else(|e| panic!("{e}"));
        if std::fs::read(&locked).is_ok() {
            eprintln!("unreadable-file case skipped: running as root, every file is readable");
        } else {
            let run_locked = run(&["check", &path("locked.yaml")]);
            assert_eq!(run_locked.code, 2);
            assert!(
                run_locked.stderr.contains("cannot read the file"),
                "{}",
                run_locked.stderr
            );
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
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
            .contains("no/such/place: no such file or directory"),
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

/// An unsourced event in a sourced history, and a date after the day of the check, are
/// warnings in the normal output: the file is still checked, and exits 0.
#[test]
fn unsourced_events_and_future_dates_are_warnings() {
    let run = run(&[
        "check",
        "--as-of",
        "2023-01-01",
        "tests/input-warnings/unsourced.yaml",
    ]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(
        run.stdout.contains("warning[input.source]"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("unsourced.yaml:9:3"), "{}", run.stdout);
    assert!(
        run.stdout.contains("warning[input.future-date]"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("dated 2099-05-01, after the day of the check"),
        "{}",
        run.stdout
    );
    assert_eq!(
        intervene_tests::run(&[
            "check",
            "--deny",
            "warnings",
            "tests/input-warnings/unsourced.yaml"
        ])
        .code,
        1
    );
    // Judged as of a day after it, the 2099 visit is no longer in the future.
    let later = intervene_tests::run(&[
        "check",
        "--as-of",
        "2100-01-01",
        "tests/input-warnings/unsourced.yaml",
    ]);
    assert!(
        !later.stdout.contains("input.future-date"),
        "{}",
        later.stdout
    );
}
