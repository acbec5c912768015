//! Shared helpers for the integration tests: build histories from a few lines of YAML,
//! check them with the bundled rules, and run the CLI in-process.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use intervene::checker::{Finding, Verdict, check};
use intervene::model::{History, parse_history};
use intervene::rules::RuleSet;

/// The repository root (fixtures, rules, tests/bad-input).
pub fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_owned)
        .unwrap_or_default()
}

/// How many council histories the bundled set holds (`fixtures/councils/*.yaml`), so
/// tests that count councils follow the set as it grows.
pub fn fixture_councils() -> usize {
    std::fs::read_dir(repo().join("fixtures/councils"))
        .unwrap_or_else(|e| panic!("{e}"))
        .filter(|f| {
            f.as_ref()
                .is_ok_and(|f| f.path().extension().is_some_and(|x| x == "yaml"))
        })
        .count()
}

/// A day from `YYYY-MM-DD`.
pub fn day(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap_or_else(|e| panic!("{text}: {e}"))
}

/// The bundled rule set.
pub fn rules() -> RuleSet {
    RuleSet::bundled().unwrap_or_else(|e| panic!("bundled rules do not load: {e:?}"))
}

/// The head of a test history whose sources list every event of every kind, so a late
/// or absent event is shown by the record. It declares no version: dates keep version
/// 1's meaning (an inspection dated by its judgement), which most rule tests assume.
pub const COMPLETE: &str = "council: test\nname: Test\ncoverage: { inspection: complete, monitoring_visit: complete, focused_visit: complete, action_plan: complete, improvement_notice: complete, direction: complete, commissioner_report: complete, services_transferred: complete, diagnostic_review: complete, progress_review: complete, report_received: complete }\n";

/// The head of a test history that says nothing of coverage: its sources may list only
/// some events (the cautious reading, and all a version 1 file can say).
pub const PARTIAL: &str = "council: test\nname: Test\n";

/// A history of council `test` from event lines written as a YAML flow list, one event a
/// line, e.g. `{ date: 2019-08-14, kind: inspection, judgement: inadequate }`; its
/// sources list every event (see [`history_with`] for other heads).
pub fn history(events: &[&str]) -> History {
    history_with(COMPLETE, events)
}

/// A history with the given head (everything before `events:`).
pub fn history_with(head: &str, events: &[&str]) -> History {
    let mut text = format!("{head}events:\n");
    for e in events {
        text.push_str("  - ");
        text.push_str(e);
        text.push('\n');
    }
    parse_history(Path::new("test.yaml"), &text).unwrap_or_else(|e| panic!("{e}\n{text}"))
}

/// Every finding for the events, as of `as_of`.
pub fn findings(events: &[&str], as_of: &str) -> Vec<Finding> {
    check(&history(events), &rules(), day(as_of)).findings
}

/// The findings of one rule.
pub fn of_rule(events: &[&str], as_of: &str, rule: &str) -> Vec<Finding> {
    findings(events, as_of)
        .into_iter()
        .filter(|f| f.rule == rule)
        .collect()
}

/// The verdicts of one rule's findings.
pub fn verdicts(events: &[&str], as_of: &str, rule: &str) -> Vec<Verdict> {
    of_rule(events, as_of, rule)
        .iter()
        .map(|f| f.verdict)
        .collect()
}

/// What a CLI run printed and returned.
#[derive(Debug)]
pub struct Run {
    /// Exit code.
    pub code: u8,
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
}

/// Runs `intervene ARGS…` in-process from the repository root, so relative paths in
/// `args` (and in its output) are the repository's.
pub fn run(args: &[&str]) -> Run {
    static AT_ROOT: std::sync::Once = std::sync::Once::new();
    // Every test runs from the repository root, so paths in output are relative and
    // stable; all tests set the same directory, so the order does not matter.
    AT_ROOT.call_once(|| std::env::set_current_dir(repo()).unwrap_or_else(|e| panic!("{e}")));
    let mut out = Vec::new();
    let mut err = Vec::new();
    let mut console = intervene_cli::Console {
        out: &mut out,
        err: &mut err,
        out_is_terminal: false,
        err_is_terminal: false,
        no_color: false,
    };
    let argv = std::iter::once("intervene".to_owned()).chain(args.iter().map(|a| (*a).to_owned()));
    let code = intervene_cli::run(argv, &mut console);
    Run {
        code,
        stdout: String::from_utf8_lossy(&out).into_owned(),
        stderr: String::from_utf8_lossy(&err).into_owned(),
    }
}

/// Whether this run is CI's (`CI=true`), where a test may not skip for want of a tool.
pub fn in_ci() -> bool {
    std::env::var("CI").as_deref() == Ok("true")
}

/// Says loudly that a test is skipped for want of `tool`, and how to get it; in CI a
/// missing tool fails the test instead, since `.ci/run` installs every tool it needs.
pub fn skip_without(tool: &str, how: &str) {
    assert!(!in_ci(), "CI must have {tool}: {how} (.ci/run does)");
    eprintln!(
        "\n==================== SKIPPED ====================\n\
         no {tool} on this machine, so this test checked nothing.\n\
         To run it: {how}\n\
         =================================================\n"
    );
}

/// Chromium (Debian's `chromium`, or another build on PATH), if this machine has it.
pub fn chromium() -> Option<PathBuf> {
    ["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .find_map(|name| {
            std::env::var_os("PATH")?
                .to_str()?
                .split(':')
                .map(|dir| Path::new(dir).join(name))
                .find(|p| p.is_file())
        })
}

/// Chromium or a loud skip (a failure in CI).
pub fn chromium_or_skip() -> Option<PathBuf> {
    let found = chromium();
    if found.is_none() {
        skip_without("Chromium", "apt-get install chromium");
    }
    found
}

/// Headless Chromium with a fresh profile in `profile`, reaching no network of its own.
pub fn headless(browser: &Path, profile: &Path) -> std::process::Command {
    let mut command = std::process::Command::new(browser);
    command.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--hide-scrollbars",
        "--enable-logging=stderr",
        "--v=0",
    ]);
    command.arg(format!("--user-data-dir={}", profile.display()));
    command
}

/// A fresh temporary directory, removed when dropped.
pub fn temp_dir() -> tempfile::TempDir {
    tempfile::Builder::new()
        .prefix("intervene-test-")
        .tempdir()
        .unwrap_or_else(|e| panic!("cannot make a temporary directory: {e}"))
}
