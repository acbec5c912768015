//! `synth` and parallel checking: synthetic councils are valid unless broken on purpose,
//! every fault is found by the rule the answer file names, a seed gives the same bytes
//! on any number of threads, and checking gives the same output sequentially and in
//! parallel.

use std::path::PathBuf;

use intervene::checker::check;
use intervene::generate::synthesise;
use intervene::rules::Severity;
use intervene_tests::{rules, run};
use serde_json::Value;

fn temp(name: &str) -> PathBuf {
    std::env::temp_dir().join(format!("intervene-synth-{}-{name}", std::process::id()))
}

fn read(path: &PathBuf) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The answer key is right: a valid council raises no error or warning as of its day, a
/// broken one raises exactly the finding its fault names. This is the score a checker
/// gets on synthetic data, and it must be perfect.
#[test]
fn every_synthetic_council_gets_the_answer_its_key_gives() {
    let rules = rules();
    let (mut valid, mut broken) = (0, 0);
    for i in 0..600 {
        let council = synthesise(7, i, &format!("synth-{i}"), &rules, 40);
        let report = check(&council.history, &rules, council.as_of);
        match &council.fault {
            None => {
                valid += 1;
                let loud: Vec<_> = report
                    .findings
                    .iter()
                    .filter(|f| f.severity != Severity::Info)
                    .collect();
                assert!(loud.is_empty(), "council {i}: {loud:#?}");
            }
            Some(fault) => {
                broken += 1;
                assert!(
                    report
                        .findings
                        .iter()
                        .any(|f| f.rule == fault.rule && f.verdict == fault.verdict),
                    "council {i}: {fault:?} not found in {:#?}",
                    report.findings
                );
            }
        }
    }
    eprintln!("synthetic councils: {valid} valid, {broken} broken, all answered");
    assert!(
        valid > 300 && broken > 150,
        "{valid} valid, {broken} broken"
    );
}

#[test]
fn a_seed_gives_the_same_log_on_any_number_of_threads() {
    let (one, many, other) = (temp("one.csv"), temp("many.csv"), temp("other.csv"));
    for (threads, seed, path) in [("1", "5", &one), ("4", "5", &many), ("4", "6", &other)] {
        let out = path.display().to_string();
        let args = ["-j", threads, "synth", "--councils", "300", "--seed", seed];
        let run = run(&[&args[..], &["--format", "csv", "-o", &out]].concat());
        assert_eq!(run.code, 0, "{}", run.stderr);
    }
    let (a, b, c) = (read(&one), read(&many), read(&other));
    for path in [&one, &many, &other] {
        let _ = std::fs::remove_file(path);
    }
    assert_eq!(a, b);
    assert_ne!(a, c, "another seed gives other councils");
    assert!(a.starts_with("case_id,activity,timestamp,"));
    assert!(a.lines().filter(|l| l.contains(",inspection:")).count() >= 300);
}

#[test]
fn faults_go_to_an_answer_file_beside_the_output() {
    let dir = temp("councils");
    let out = dir.display().to_string();
    let run = run(&[
        "synth",
        "--councils",
        "40",
        "--faults",
        "50",
        "--format",
        "yaml",
        "-o",
        &out,
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let answers_path = PathBuf::from(format!("{out}.answers.json"));
    let answers: Value =
        serde_json::from_str(&read(&answers_path)).unwrap_or_else(|e| panic!("{e}"));
    let files = std::fs::read_dir(&dir).map(Iterator::count).unwrap_or(0);
    // Every file loads; the broken ones are checked as the key says.
    let check = run_check(&out);
    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::remove_file(&answers_path);
    assert_eq!(files, 40);
    assert_eq!(answers["councils"], 40);
    let cases = answers["cases"].as_array().cloned().unwrap_or_default();
    assert_eq!(cases.len(), 40);
    assert_eq!(cases[0]["council"], "synth-00");
    let broken = cases.iter().filter(|c| !c["fault"].is_null()).count();
    assert_eq!(answers["broken"], broken);
    assert!((5..=35).contains(&broken), "{broken} of 40 broken at 50%");
    let fault = cases.iter().find_map(|c| c["fault"].as_object());
    let fault = fault.unwrap_or_else(|| panic!("no fault in {answers}"));
    for key in ["kind", "rule", "verdict", "event"] {
        assert!(fault.contains_key(key), "{key} in {fault:?}");
    }
    assert_ne!(check, 2, "synthetic files are valid input");
}

fn run_check(dir: &str) -> u8 {
    run(&["check", dir, "--as-of", "2030-01-01", "--format", "json"]).code
}

#[test]
fn synth_writes_into_no_directory_that_holds_files() {
    let dir = temp("full");
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(dir.join("keep.txt"), "mine").unwrap_or_else(|e| panic!("{e}"));
    let out = dir.display().to_string();
    let run = run(&["synth", "--councils", "3", "-o", &out]);
    let kept: Vec<_> = std::fs::read_dir(&dir)
        .map(|d| d.filter_map(Result::ok).map(|e| e.file_name()).collect())
        .unwrap_or_default();
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("not empty"), "{}", run.stderr);
    assert_eq!(kept, ["keep.txt"], "nothing written beside the user's file");
}

#[test]
fn synth_needs_a_council_count_and_explains_itself() {
    assert_eq!(run(&["synth", "-o", "x"]).code, 2);
    assert_eq!(run(&["synth", "--councils", "0", "-o", "x"]).code, 2);
    assert_eq!(
        run(&["synth", "--councils", "2", "--faults", "101", "-o", "x"]).code,
        2
    );
    let help = run(&["synth", "--help"]);
    assert_eq!(help.code, 0);
    for text in ["--councils", "--seed", "--faults", "--answers", "csv"] {
        assert!(help.stdout.contains(text), "{text}: {}", help.stdout);
    }
}

/// Checking on one thread and on several gives byte-identical output, from history
/// files and from an event log, in text and JSON.
#[test]
fn parallel_and_sequential_checks_print_the_same_bytes() {
    let log = temp("parallel.csv");
    let out = log.display().to_string();
    let made = run(&[
        "synth",
        "--councils",
        "5000",
        "--faults",
        "10",
        "--format",
        "csv",
        "-o",
        &out,
        "--answers",
        &format!("{out}.answers.json"),
    ]);
    assert_eq!(made.code, 0, "{}", made.stderr);
    let inputs: [&[&str]; 2] = [&["fixtures"], &["--input-format", "csv", &out]];
    for input in inputs {
        for format in ["text", "json"] {
            let args = |threads: &'static str| {
                let mut args = vec!["-j", threads, "check", "--as-of", "2024-01-01"];
                args.extend(["--format", format]);
                args.extend(input);
                args
            };
            let sequential = run(&args("1"));
            let parallel = run(&args("4"));
            assert!(!sequential.stdout.is_empty());
            assert_eq!(sequential.code, parallel.code, "{input:?} {format}");
            assert!(
                sequential.stdout == parallel.stdout,
                "{input:?} {format}: output differs between 1 and 4 threads"
            );
            assert_eq!(sequential.stderr, parallel.stderr);
        }
    }
    let _ = std::fs::remove_file(&log);
    let _ = std::fs::remove_file(format!("{out}.answers.json"));
}
