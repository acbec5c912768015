//! `intervene` installed like any Rust command line (`cargo install --path
//! crates/intervene-cli --locked`) and run outside intervene's own repository: no bundled
//! histories to fall back on, shell completions, a manual page; and what `cargo run`
//! builds inside the repository.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The built `intervene` binary.
const BIN: &str = env!("CARGO_BIN_EXE_intervene");

fn intervene(dir: &Path, args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .unwrap_or_else(|e| panic!("cannot run {BIN}: {e}"))
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The repository root.
fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .unwrap_or_else(|e| panic!("{e}"))
}

fn temp_dir() -> tempfile::TempDir {
    tempfile::tempdir().unwrap_or_else(|e| panic!("cannot make a temporary directory: {e}"))
}

/// Outside the repository there is no `./fixtures`: each command that reads histories
/// says what to pass and exits 2, instead of failing on a path the user never named.
#[test]
fn outside_the_clone_commands_say_what_to_pass() {
    let elsewhere = temp_dir();
    for command in ["check", "report", "backtest", "export"] {
        let out = intervene(elsewhere.path(), &[command]);
        let stderr = text(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{command}: {stderr}");
        assert!(
            stderr.starts_with("error: no PATH given, and no ./fixtures here"),
            "{command}: {stderr}"
        );
        assert!(
            stderr.contains(&format!("`intervene {command} councils/`")),
            "{command}: {stderr}"
        );
        assert!(
            stderr.contains(&format!("Usage: intervene {command} [OPTIONS] [PATH]...")),
            "{command}: {stderr}"
        );
        assert!(out.stdout.is_empty(), "{command}: {}", text(&out.stdout));
    }
}

/// Where there is a `./fixtures` (as in the repository) it is still the default.
#[test]
fn a_fixtures_directory_is_read_when_no_path_is_given() {
    let dir = temp_dir();
    let councils = dir.path().join("fixtures/councils");
    std::fs::create_dir_all(&councils).unwrap_or_else(|e| panic!("{e}"));
    std::fs::copy(
        repo().join("fixtures/councils/medway.yaml"),
        councils.join("medway.yaml"),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let out = intervene(
        dir.path(),
        &["check", "--format", "json", "--as-of", "2023-04-30"],
    );
    assert_ne!(out.status.code(), Some(2), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("\"council\": \"medway\""), "{stdout}");
}

/// Completions for bash work in bash itself: `intervene rep<TAB>` completes to `report`
/// and `intervene check --fo<TAB>` to `--format`. The other shells' scripts start as
/// those shells expect.
#[test]
fn completions_complete_commands_and_options_in_bash() {
    let dir = temp_dir();
    let out = intervene(dir.path(), &["completions", "bash"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let script = dir.path().join("intervene.bash");
    std::fs::write(&script, &out.stdout).unwrap_or_else(|e| panic!("{e}"));
    let complete = |words: &str| -> String {
        let program = format!(
            "source '{}'; COMP_WORDS=({words}); COMP_CWORD=$((${{#COMP_WORDS[@]}} - 1)); \
             COMP_LINE='{words}'; COMP_POINT=${{#COMP_LINE}}; \
             _intervene intervene \"${{COMP_WORDS[COMP_CWORD]}}\" \"${{COMP_WORDS[COMP_CWORD-1]}}\"; \
             echo \"${{COMPREPLY[@]}}\"",
            script.display()
        );
        let run = Command::new("bash")
            .args(["--norc", "--noprofile", "-c", &program])
            .output()
            .unwrap_or_else(|e| panic!("cannot run bash: {e}"));
        assert!(run.status.success(), "{}", text(&run.stderr));
        text(&run.stdout).trim().to_owned()
    };
    assert_eq!(complete("intervene rep"), "report");
    assert_eq!(complete("intervene check --fo"), "--format");
    let commands = complete("intervene ''");
    for command in ["check", "next", "report", "completions", "man"] {
        assert!(
            commands.split(' ').any(|c| c == command),
            "{command} not offered: {commands}"
        );
    }

    for (shell, hook) in [
        ("zsh", "#compdef intervene"),
        ("fish", "complete -c intervene"),
        (
            "powershell",
            "Register-ArgumentCompleter -Native -CommandName 'intervene'",
        ),
        ("elvish", "edit:completion:arg-completer[intervene]"),
    ] {
        let out = intervene(dir.path(), &["completions", shell]);
        assert_eq!(out.status.code(), Some(0), "{shell}: {}", text(&out.stderr));
        assert!(text(&out.stdout).contains(hook), "{shell}: no `{hook}`");
    }
    assert_eq!(
        intervene(dir.path(), &["completions", "tcsh"])
            .status
            .code(),
        Some(2)
    );
}

/// `intervene man` prints a manual page for section 1 that names every command.
#[test]
fn man_prints_a_manual_page_with_every_command() {
    let out = intervene(&repo(), &["man"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let page = text(&out.stdout);
    assert!(page.contains(".TH intervene 1"), "{page}");
    assert!(page.contains(".SH NAME\nintervene \\- Check English councils"));
    assert!(page.contains(".SH SUBCOMMANDS"));
    for command in [
        "check",
        "rules",
        "flowchart",
        "next",
        "backtest",
        "report",
        "export",
        "synth",
        "completions",
        "man",
    ] {
        assert!(
            page.contains(&format!("intervene\\-{command}(1)")),
            "{command} missing from the page"
        );
    }
}

/// `cargo run` and `cargo build` in the repository build the engine and the command
/// only: none of the test crate's dependencies, and not the engine's proptest feature
/// (the workspace's `default-members`).
#[test]
fn cargo_run_builds_no_test_only_crates() {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let out = Command::new(cargo)
        .args([
            "tree",
            "--locked",
            "--offline",
            "--edges",
            "normal,build",
            "--prefix",
            "none",
            "--format",
            "{p} {f}",
        ])
        .current_dir(repo())
        .output()
        .unwrap_or_else(|e| panic!("cannot run cargo: {e}"));
    assert!(out.status.success(), "{}", text(&out.stderr));
    let tree = text(&out.stdout);
    assert!(tree.contains("intervene-cli v"), "{tree}");
    for line in tree.lines() {
        for test_only in ["intervene-tests ", "insta ", "proptest ", "comrak "] {
            assert!(!line.starts_with(test_only), "`cargo run` builds {line}");
        }
        if line.starts_with("intervene v") {
            assert!(!line.contains("proptest"), "`cargo run` builds {line}");
        }
    }
}

/// `-` reads one history from standard input, as cargo and ripgrep do: named `<stdin>`
/// in messages, with no file name for the slug to equal.
#[test]
fn a_dash_reads_a_history_from_standard_input() {
    use std::io::Write;
    use std::process::Stdio;
    let pipe = |args: &[&str], input: &[u8]| -> Output {
        let mut child = Command::new(BIN)
            .args(args)
            .current_dir(temp_dir().path())
            .env("NO_COLOR", "1")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot run {BIN}: {e}"));
        if let Some(mut stdin) = child.stdin.take() {
            stdin.write_all(input).unwrap_or_else(|e| panic!("{e}"));
        }
        child.wait_with_output().unwrap_or_else(|e| panic!("{e}"))
    };
    let history = b"council: piped\nname: Piped\nevents:\n  - { date: 2019-05-01, kind: monitoring_visit, source: s }\n";
    let out = pipe(&["check", "--as-of", "2020-01-01", "-"], history);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("<stdin>:4:3"),
        "{}",
        text(&out.stdout)
    );
    let bad = pipe(
        &["check", "-"],
        b"council: piped\nname: Piped\nevents:\n  - { date: 2019, kind: inspektion }\n",
    );
    assert_eq!(bad.status.code(), Some(2));
    assert!(
        text(&bad.stderr).contains("<stdin>:4:")
            && text(&bad.stderr).contains("did you mean `inspection`?"),
        "{}",
        text(&bad.stderr)
    );
}
