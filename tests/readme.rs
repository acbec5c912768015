//! The README's examples run as written: every `cargo run --release -- …` and
//! `intervene …` line of its shell blocks, on the bundled fixtures. Outputs named with
//! `-o` or `>` go to a scratch directory (a later example that reads one reads it there);
//! lines that install into the home directory or time 100,000 councils are left out.

use std::collections::HashMap;
use std::path::PathBuf;

use intervene_tests::{repo, run};

/// The commands of the README's `sh` blocks, as argument lists for `intervene`.
fn examples() -> Vec<(usize, Vec<String>, Option<String>)> {
    let readme =
        std::fs::read_to_string(repo().join("README.md")).unwrap_or_else(|e| panic!("{e}"));
    let mut out = Vec::new();
    let mut in_sh = false;
    for (n, line) in readme.lines().enumerate() {
        if line.starts_with("```sh") {
            in_sh = true;
            continue;
        }
        if line.starts_with("```") {
            in_sh = false;
            continue;
        }
        let command = line.split(" #").next().unwrap_or_default().trim();
        let rest = command
            .strip_prefix("cargo run --release -- ")
            .or_else(|| command.strip_prefix("intervene "));
        let Some(rest) = rest.filter(|_| in_sh) else {
            continue;
        };
        // Installing completions or a man page writes into the home directory.
        if rest.contains("~/") || rest.contains("100000") {
            continue;
        }
        let (rest, stdout_to) = match rest.split_once(" > ") {
            Some((rest, to)) => (rest, Some(to.trim().to_owned())),
            None => (rest, None),
        };
        let (rest, stdin_from) = match rest.split_once(" < ") {
            Some((rest, from)) => (rest.trim(), Some(from.trim().to_owned())),
            None => (rest, None),
        };
        let mut args: Vec<String> = rest.split_whitespace().map(str::to_owned).collect();
        if let Some(from) = stdin_from {
            // The in-process runner has no standard input: `-` reads the same file.
            for a in &mut args {
                if a == "-" {
                    *a = from.clone();
                }
            }
        }
        out.push((n + 1, args, stdout_to));
    }
    out
}

#[test]
fn every_readme_example_runs_as_written() {
    let scratch = std::env::temp_dir().join(format!("intervene-readme-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&scratch);
    std::fs::create_dir_all(&scratch).unwrap_or_else(|e| panic!("{e}"));
    let mut written: HashMap<String, PathBuf> = HashMap::new();
    let examples = examples();
    assert!(examples.len() >= 20, "{} examples found", examples.len());
    for (line, mut args, stdout_to) in examples {
        let mut next_is_output = false;
        for a in &mut args {
            if next_is_output {
                let to = scratch.join(a.trim_end_matches('/'));
                written.insert(a.clone(), to.clone());
                *a = to.display().to_string();
                next_is_output = false;
            } else if a == "-o" {
                next_is_output = true;
            } else if let Some(to) = written.get(a.as_str()) {
                *a = to.display().to_string();
            }
        }
        let refs: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = run(&refs);
        assert!(
            out.code == 0 || out.code == 1,
            "README line {line}: `intervene {}` exited {}:\n{}",
            args.join(" "),
            out.code,
            out.stderr
        );
        assert!(
            !out.stderr.contains("error:"),
            "README line {line}: {}",
            out.stderr
        );
        if let Some(to) = stdout_to {
            std::fs::write(scratch.join(&to), &out.stdout).unwrap_or_else(|e| panic!("{e}"));
        } else {
            assert!(
                !out.stdout.is_empty()
                    || args.contains(&"-o".to_owned())
                    || args
                        .iter()
                        .any(|a| a.starts_with(&scratch.display().to_string())),
                "README line {line}: `intervene {}` printed nothing",
                args.join(" ")
            );
        }
    }
    let _ = std::fs::remove_dir_all(&scratch);
}
