//! Reports: Markdown snapshots of every fixture council and the summary, the JSON shape,
//! a self-contained HTML page, and that page in a real browser.

use std::path::{Path, PathBuf};
use std::process::Command;

use intervene::checker::check;
use intervene::model::load_history;
use intervene::predictor::predict;
use intervene::reports::{CouncilView, council_markdown};
use intervene_tests::{day, repo, rules, run};

const AS_OF: &str = "2023-04-30";

fn fixture_files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(repo().join("fixtures/councils"))
        .unwrap_or_else(|e| panic!("{e}"))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .collect();
    files.sort();
    files
}

#[test]
fn markdown_of_every_fixture_council() {
    let rules = rules();
    let as_of = day(AS_OF);
    let files = fixture_files();
    assert!(!files.is_empty());
    for file in files {
        let mut history = load_history(&file).unwrap_or_else(|e| panic!("{e}"));
        history.file = file
            .strip_prefix(repo())
            .map(Path::to_owned)
            .unwrap_or(file.clone());
        history.events.retain(|e| e.date.first() <= as_of);
        let view = CouncilView::new(
            &history,
            check(&history, &rules, as_of),
            predict(&history, &rules, as_of),
        );
        insta::assert_snapshot!(
            format!("markdown_{}", history.council),
            council_markdown(&view)
        );
    }
}

#[test]
fn markdown_summary_comes_first_with_the_process_diagram() {
    let run = run(&[
        "report", "fixtures", "--format", "markdown", "--as-of", AS_OF,
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let (summary, rest) = run.stdout.split_once("## The process").unwrap_or_default();
    assert!(rest.contains("```mermaid\nflowchart TD"));
    insta::assert_snapshot!("markdown_summary", summary);
}

#[test]
fn json_report_shape() {
    let run = run(&["report", "fixtures", "--format", "json", "--as-of", AS_OF]);
    let json: serde_json::Value =
        serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}"));
    let shape = |v: &serde_json::Value| -> Vec<String> {
        let mut keys: Vec<String> = v
            .as_object()
            .map(|o| o.keys().cloned().collect())
            .unwrap_or_default();
        keys.sort();
        keys
    };
    let council = &json["councils"][0];
    insta::assert_json_snapshot!(
        "json_report_shape",
        serde_json::json!({
            "top": shape(&json),
            "summary": shape(&json["summary"]),
            "row": shape(&json["summary"]["rows"][0]),
            "totals": shape(&json["summary"]["totals"]),
            "council": shape(council),
            "prediction": shape(&council["prediction"]),
            "timeline_entry": shape(&council["timeline"][0]),
        })
    );
    assert_eq!(
        json["councils"].as_array().map(Vec::len),
        Some(fixture_files().len())
    );
}

#[test]
fn text_report_lists_every_council() {
    let run = run(&["report", "fixtures", "--as-of", AS_OF]);
    assert_eq!(run.code, 0);
    for file in fixture_files() {
        let slug = file
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        assert!(run.stdout.contains(&format!("({slug})")), "{slug} missing");
    }
}

fn html_report() -> PathBuf {
    let out = std::env::temp_dir().join(format!("intervene-report-{}.html", std::process::id()));
    let run = run(&[
        "report",
        "fixtures",
        "--format",
        "html",
        "--as-of",
        AS_OF,
        "-o",
        out.to_str().unwrap_or_default(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    out
}

#[test]
fn html_is_self_contained() {
    let html = std::fs::read_to_string(html_report()).unwrap_or_else(|e| panic!("{e}"));
    for outside in [
        "<link",
        "src=\"http",
        "src='http",
        "@import",
        "url(http",
        "fonts.googleapis",
    ] {
        assert!(
            !html.contains(outside),
            "the page reaches outside: {outside}"
        );
    }
    assert_eq!(
        html.matches("<svg class=\"timeline\"").count(),
        fixture_files().len()
    );
    assert!(html.contains("<style>") && html.contains("<script>"));
}

#[test]
fn writing_to_a_missing_directory_fails_whole() {
    let target = std::env::temp_dir()
        .join("intervene-no-such-dir")
        .join("report.html");
    let run = run(&[
        "report",
        "tests/mixed-input/ok-council.yaml",
        "--format",
        "html",
        "-o",
        target.to_str().unwrap_or_default(),
    ]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("cannot write"), "{}", run.stderr);
    assert!(!target.exists());
}

fn chromium() -> Option<PathBuf> {
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

fn headless(browser: &Path, profile: &Path) -> Command {
    let mut command = Command::new(browser);
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

/// Opens the report in headless Chromium, has its self-check click a column header and
/// check the sort, fails on any console error, and writes a screenshot.
#[test]
fn html_works_in_a_real_browser() {
    let Some(browser) = chromium() else {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "CI must have Chromium (.ci/run installs it)"
        );
        eprintln!(
            "skipped: no Chromium on this machine (apt-get install chromium to run this test)"
        );
        return;
    };
    let page = html_report();
    let profile = std::env::temp_dir().join(format!("intervene-chromium-{}", std::process::id()));
    let url = format!("file://{}#selftest", page.display());
    let output = headless(&browser, &profile)
        .args(["--virtual-time-budget=5000", "--dump-dom", &url])
        .output()
        .unwrap_or_else(|e| panic!("cannot start {}: {e}", browser.display()));
    let dom = String::from_utf8_lossy(&output.stdout);
    let log = String::from_utf8_lossy(&output.stderr);
    let console_errors: Vec<&str> = log
        .lines()
        .filter(|l| l.contains("CONSOLE") && (l.contains("Error") || l.contains("Uncaught")))
        .collect();
    assert!(
        console_errors.is_empty(),
        "console errors: {console_errors:?}"
    );
    let result = dom
        .split("id=\"selftest-result\">")
        .nth(1)
        .and_then(|r| r.split('<').next())
        .unwrap_or("no self-check result");
    assert!(result.starts_with("PASS"), "self-check: {result}");
    let shot = repo().join("target").join("report-screenshot.png");
    let status = headless(&browser, &profile)
        .args([
            "--window-size=1280,1600",
            &format!("--screenshot={}", shot.display()),
            &format!("file://{}", page.display()),
        ])
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        status.status.success() && shot.is_file(),
        "no screenshot: {}",
        String::from_utf8_lossy(&status.stderr)
    );
    let _ = std::fs::remove_dir_all(&profile);
}
