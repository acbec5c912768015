//! Reports: Markdown snapshots of every fixture council and the summary, the JSON shape,
//! a self-contained HTML page, and that page in a real browser.

use std::path::{Path, PathBuf};

use intervene::checker::check;
use intervene::model::load_history;
use intervene::predictor::{Corpus, predict_and_forecast};
use intervene::reports::{CouncilView, council_markdown};
use intervene_tests::{chromium_or_skip, day, headless, repo, rules, run, skip_without, temp_dir};

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
            predict_and_forecast(&history, &rules, as_of, Corpus::bundled()),
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

/// Every link in the Markdown report lands on a heading when GitHub renders it: the
/// report is rendered as GitHub-flavoured Markdown by comrak with GitHub's heading ids
/// (`user-content-` and all), and each `#anchor` link must name one of them. Pandoc's
/// `{#id}` attributes, which forges print as text, must not appear.
#[test]
fn markdown_links_land_on_headings_as_github_renders_them() {
    let run = run(&[
        "report", "fixtures", "--format", "markdown", "--as-of", AS_OF,
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stdout.contains("{#"), "a `{{#id}}` heading attribute");
    let mut options = comrak::Options::default();
    options.extension.table = true;
    options.extension.header_id_prefix = Some("user-content-".to_owned());
    let html = comrak::markdown_to_html(&run.stdout, &options);
    let ids: std::collections::HashSet<&str> = html
        .split("id=\"user-content-")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .collect();
    let links: Vec<&str> = html
        .split("href=\"#")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .collect();
    let to_nowhere: Vec<&&str> = links.iter().filter(|l| !ids.contains(**l)).collect();
    assert!(to_nowhere.is_empty(), "links to no heading: {to_nowhere:?}");
    for council in [
        "bradford",
        "bournemouth-christchurch-and-poole",
        "st-helens",
    ] {
        assert!(
            html.contains(&format!("<a href=\"#{council}\">")),
            "no summary link to {council}"
        );
    }
    let summary_links = links.len() - html.matches("class=\"anchor\"").count();
    assert_eq!(summary_links, fixture_files().len(), "one link per council");
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

/// The HTML report of the fixtures as of [`AS_OF`], written with `-o` as a user would.
fn html_report() -> PathBuf {
    html_report_of("fixtures", AS_OF)
}

/// The HTML report of `path` as of a day, written with `-o` to a file of its own.
fn html_report_of(path: &str, as_of: &str) -> PathBuf {
    let name = path.replace(['/', '.'], "-");
    let out = std::env::temp_dir().join(format!(
        "intervene-report-{}-{name}-{as_of}.html",
        std::process::id()
    ));
    let run = run(&[
        "report",
        path,
        "--format",
        "html",
        "--as-of",
        as_of,
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

/// A council judged inadequate in January 2017 waits, as of May, for an action plan
/// (overdue since 20 April), a first monitoring visit (due 18 May), a notice or direction
/// and a re-inspection: the summary row and the council's own table list the overdue step
/// first, instead of leading with the soonest. The council has an anchor of its slug, with
/// a link to it.
#[test]
fn html_lists_overdue_steps_first_and_anchors_each_council() {
    let dir = temp_dir();
    let history = dir.path().join("testshire.yaml");
    std::fs::write(
        &history,
        "version: 2\ncouncil: testshire\nname: Testshire\nregion: London\ncoverage: { action_plan: complete }\nevents:\n  - { date: 2017-01-10, kind: inspection, judgement: inadequate }\n  - { date: 2017-01-10, kind: report_received }\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let out = dir.path().join("testshire.html");
    let run = run(&[
        "report",
        history.to_str().unwrap_or_default(),
        "--format",
        "html",
        "--as-of",
        "2017-05-01",
        "-o",
        out.to_str().unwrap_or_default(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let html = std::fs::read_to_string(&out).unwrap_or_else(|e| panic!("{e}"));
    let row = html
        .split("data-council=\"testshire\"")
        .nth(1)
        .and_then(|r| r.split("</tr>").next())
        .unwrap_or_else(|| panic!("no summary row"));
    let steps: Vec<&str> = row.split("<li").skip(1).collect();
    assert_eq!(steps.len(), 4, "three steps and how many more: {row}");
    // The notice-or-direction step is one, so four steps in all: three and one more.
    assert!(steps[3].contains("+1 more"), "{}", steps[3]);
    assert!(
        steps[0].starts_with(" class=\"overdue\">action plan"),
        "{}",
        steps[0]
    );
    assert!(steps[1].contains(">monitoring visit"), "{}", steps[1]);
    assert!(!steps[1].contains("overdue"), "{}", steps[1]);
    let table = html
        .split("<h3>Next steps")
        .nth(1)
        .and_then(|r| r.split("</table>").next())
        .unwrap_or_default();
    let first_row = table.split("<tr").nth(2).unwrap_or_default();
    assert!(
        first_row.contains("overdue") && first_row.contains("action plan"),
        "{first_row}"
    );
    assert!(html.contains("<section class=\"council\" id=\"testshire\">"));
    assert!(html.contains("class=\"permalink\" href=\"#testshire\""));
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

/// The page's self-check, run in headless Chromium at a window `width` px wide: its
/// result (sort, filter, links, and the layout of the summary and the first timeline on
/// screen and in print), with a screenshot of the page's top written to `shot`.
fn selftest(browser: &Path, page: &Path, width: u32, shot: &Path) -> serde_json::Value {
    let profile = temp_dir();
    // Headless Chromium will not make a window narrower than 500 px, so the page opens in
    // a frame of the width wanted, and its self-check posts its result to the frame's
    // parent.
    let harness = profile.path().join("harness.html");
    std::fs::write(
        &harness,
        format!(
            "<!doctype html><meta charset=\"utf-8\"><body>\
             <iframe src=\"file://{}#selftest\" style=\"width:{width}px;height:1000px;border:0\"></iframe>\
             <script>addEventListener('message', function (e) {{\
               var out = document.createElement('pre'); out.id = 'selftest-result';\
               out.textContent = e.data; document.body.appendChild(out); }});</script>",
            page.display()
        ),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let window = format!("--window-size={width},1000");
    let url = format!("file://{}", harness.display());
    let output = headless(browser, profile.path())
        .args([
            "--window-size=1400,1100",
            "--virtual-time-budget=5000",
            "--dump-dom",
            &url,
        ])
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
        "console errors at {width} px: {console_errors:?}"
    );
    let result = dom
        .split("id=\"selftest-result\">")
        .nth(1)
        .and_then(|r| r.split('<').next())
        .unwrap_or("no self-check result")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&");
    let status = headless(browser, profile.path())
        .args([
            &window,
            &format!("--screenshot={}", shot.display()),
            &format!("file://{}", page.display()),
        ])
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        status.status.success() && shot.is_file(),
        "no screenshot at {width} px: {}",
        String::from_utf8_lossy(&status.stderr)
    );
    serde_json::from_str(&result)
        .unwrap_or_else(|e| panic!("self-check at {width} px did not report: {e}: {result}"))
}

/// Opens the report in headless Chromium at a desktop's 1,280 px and a phone's 390 px:
/// its self-check clicks a column header and checks the sort, the filter and every link
/// to a council; no summary column is cut off at 1,280 px or in print; at 390 px the
/// page does not overflow sideways, the summary is cards and a timeline keeps a
/// readable size, scrolling sideways with its lane names in view. Fails on any console
/// error. Screenshots at both widths go to a temporary directory (kept with
/// `INTERVENE_KEEP_SCREENSHOTS=1`, to look at).
#[test]
fn html_works_in_a_real_browser() {
    let Some(browser) = chromium_or_skip() else {
        return;
    };
    let page = html_report();
    let shots = temp_dir();
    let desktop = selftest(&browser, &page, 1280, &shots.path().join("report-1280.png"));
    let phone = selftest(&browser, &page, 390, &shots.path().join("report-390.png"));
    for (width, result) in [(1280, &desktop), (390, &phone)] {
        assert_eq!(
            result["problems"],
            serde_json::json!([]),
            "at {width} px: {result:#}"
        );
        assert_eq!(result["rows"], fixture_files().len(), "{result:#}");
        assert_eq!(result["timelines"], fixture_files().len(), "{result:#}");
        assert_eq!(
            result["screen"]["viewport"], width,
            "window size not applied: {result:#}"
        );
        let screen = &result["screen"];
        assert!(
            screen["page"].as_u64() <= screen["viewport"].as_u64(),
            "the page overflows sideways at {width} px: {screen:#}"
        );
    }

    let wide = &desktop["screen"];
    assert_eq!(
        wide["clipped"],
        serde_json::json!([]),
        "columns cut off at 1,280 px: {wide:#}"
    );
    assert_eq!(
        wide["spilled"],
        serde_json::json!([]),
        "cells spill at 1,280 px: {wide:#}"
    );
    assert_eq!(
        wide["summary"]["content"], wide["summary"]["width"],
        "the summary needs a sideways scroll at 1,280 px: {wide:#}"
    );
    assert_eq!(wide["cards"], false, "{wide:#}");

    let print = &desktop["print"];
    assert!(
        print["printRules"].as_u64() > Some(0),
        "no print style sheet: {print:#}"
    );
    assert_eq!(
        print["clipped"],
        serde_json::json!([]),
        "columns cut off in print: {print:#}"
    );
    assert_eq!(
        print["summary"]["content"], print["summary"]["width"],
        "the summary is wider than the printed page: {print:#}"
    );

    let narrow = &phone["screen"];
    assert_eq!(
        narrow["cards"], true,
        "the summary is not cards at 390 px: {narrow:#}"
    );
    assert_eq!(
        narrow["clipped"],
        serde_json::json!([]),
        "sort buttons cut off at 390 px: {narrow:#}"
    );
    assert_eq!(
        narrow["spilled"],
        serde_json::json!([]),
        "cards spill at 390 px: {narrow:#}"
    );
    let timeline = &narrow["timeline"];
    assert!(
        timeline["scale"].as_f64() >= Some(0.9),
        "the timeline's 10 px text is shrunk to unreadable at 390 px: {timeline:#}"
    );
    assert_eq!(timeline["scrolls"], true, "{timeline:#}");
    assert_eq!(
        timeline["asOfInView"], true,
        "the timeline does not open at its day: {timeline:#}"
    );
    assert_eq!(timeline["lanesPinned"], true, "{timeline:#}");

    if std::env::var_os("INTERVENE_KEEP_SCREENSHOTS").is_some() {
        eprintln!("screenshots kept in {}", shots.keep().display());
    }
}

/// Mermaid's own bundle, installed from `tests/mermaid/package-lock.json` by `npm ci`.
fn mermaid_js() -> Option<PathBuf> {
    let bundle = repo().join("tests/mermaid/node_modules/mermaid/dist/mermaid.min.js");
    if bundle.is_file() {
        return Some(bundle);
    }
    skip_without(
        "Mermaid (npm's `mermaid` package)",
        "npm ci --prefix tests/mermaid",
    );
    None
}

/// Each diagram's verdict from Mermaid in headless Chromium: `Ok` with the size of the
/// SVG it drew, or `Err` with Mermaid's message.
fn mermaid_verdicts(
    browser: &Path,
    bundle: &Path,
    diagrams: &[(&str, &str)],
) -> Vec<Result<usize, String>> {
    let dir = temp_dir();
    let texts = serde_json::to_string(&diagrams.iter().map(|(_, d)| d).collect::<Vec<_>>())
        .unwrap_or_else(|e| panic!("{e}"))
        // Keeps the diagrams from closing the script element they sit in.
        .replace("</", "<\\/");
    let page = dir.path().join("mermaid.html");
    std::fs::write(
        &page,
        format!(
            r#"<!doctype html><meta charset="utf-8"><body>
<script src="file://{}"></script>
<script>
(async function () {{
  var out = document.createElement("pre");
  out.id = "verdicts";
  var verdicts = [];
  mermaid.initialize({{ startOnLoad: false }});
  var diagrams = {texts};
  for (var i = 0; i < diagrams.length; i++) {{
    try {{
      await mermaid.parse(diagrams[i]);
      var drawn = await mermaid.render("diagram" + i, diagrams[i]);
      verdicts.push({{ ok: drawn.svg.length }});
    }} catch (e) {{
      verdicts.push({{ err: String((e && e.message) || e) }});
    }}
  }}
  out.textContent = JSON.stringify(verdicts);
  document.body.appendChild(out);
}})();
</script>"#,
            bundle.display()
        ),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let output = headless(browser, &dir.path().join("profile"))
        .args([
            "--virtual-time-budget=20000",
            "--dump-dom",
            &format!("file://{}", page.display()),
        ])
        .output()
        .unwrap_or_else(|e| panic!("cannot start {}: {e}", browser.display()));
    let dom = String::from_utf8_lossy(&output.stdout);
    let result = dom
        .split("id=\"verdicts\">")
        .nth(1)
        .and_then(|r| r.split('<').next())
        .unwrap_or_else(|| {
            panic!(
                "Mermaid gave no verdict: {}",
                String::from_utf8_lossy(&output.stderr)
            )
        })
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&");
    let verdicts: Vec<serde_json::Value> =
        serde_json::from_str(&result).unwrap_or_else(|e| panic!("{e}: {result}"));
    verdicts
        .iter()
        .map(|v| match v["ok"].as_u64() {
            Some(size) => Ok(usize::try_from(size).unwrap_or(usize::MAX)),
            None => Err(v["err"].as_str().unwrap_or("no message").to_owned()),
        })
        .collect()
}

/// `intervene flowchart --format mermaid`, and the diagram the Markdown report embeds,
/// parse and draw in Mermaid 11 itself (npm's `mermaid`, in headless Chromium), as they
/// must to render on a Git forge. A line Mermaid 11 rejects (an unquoted `(` in a label)
/// is checked to fail, so the test cannot pass by not looking.
#[test]
fn mermaid_draws_the_flowchart_and_the_markdown_diagram() {
    let Some(browser) = chromium_or_skip() else {
        return;
    };
    let Some(bundle) = mermaid_js() else {
        return;
    };
    let flowchart = run(&["flowchart", "--format", "mermaid"]);
    assert_eq!(flowchart.code, 0, "{}", flowchart.stderr);
    let markdown = run(&[
        "report", "fixtures", "--format", "markdown", "--as-of", AS_OF,
    ]);
    assert_eq!(markdown.code, 0, "{}", markdown.stderr);
    let embedded = markdown
        .stdout
        .split("```mermaid\n")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .unwrap_or_else(|| panic!("no Mermaid block in the Markdown report"));
    assert_eq!(
        embedded, flowchart.stdout,
        "the report embeds another diagram"
    );
    let rejected = "flowchart TD\n  a -->|trust (voluntary)| b\n";
    let verdicts = mermaid_verdicts(
        &browser,
        &bundle,
        &[
            ("flowchart", &flowchart.stdout),
            ("markdown", embedded),
            ("rejected", rejected),
        ],
    );
    assert!(
        matches!(verdicts.get(2), Some(Err(_))),
        "Mermaid accepted what it should reject, so the check proves nothing: {verdicts:?}"
    );
    for (name, verdict) in ["flowchart", "markdown"].iter().zip(&verdicts) {
        match verdict {
            Ok(size) => assert!(*size > 10_000, "{name}: a tiny drawing ({size} bytes)"),
            Err(message) => panic!("Mermaid rejects the {name} diagram: {message}"),
        }
    }
}

/// The national picture's numbers are the histories' own: three councils whose states at
/// each year's end and whose spell of inadequacy are known by hand.
#[test]
fn the_national_picture_counts_what_the_histories_hold() {
    use intervene::model::parse_history;
    use intervene::reports::National;
    let parse = |slug: &str, head: &str, events: &str| {
        parse_history(
            std::path::Path::new(&format!("{slug}.yaml")),
            &format!("council: {slug}\nname: {slug}\n{head}events:\n{events}"),
        )
        .unwrap_or_else(|e| panic!("{e}"))
    };
    let histories = [
        parse(
            "a",
            "recorded_until: 2020-12-31\ncoverage: { inspection: complete }\n",
            "  - { date: 2017-03-01, kind: inspection, judgement: inadequate }\n  - { date: 2017-05-01, kind: improvement_notice, action: issued }\n  - { date: 2019-09-01, kind: inspection, judgement: good }\n  - { date: 2019-12-01, kind: improvement_notice, action: lifted }\n",
        ),
        parse(
            "b",
            "recorded_until: 2021-06-30\n",
            "  - { date: 2019-01-10, kind: inspection, judgement: inadequate }\n  - { date: 2019-03-01, kind: direction, action: issued }\n",
        ),
        parse(
            "c",
            "recorded_until: 2018-12-31\n",
            "  - { date: 2015-06-01, kind: inspection, judgement: good }\n",
        ),
    ];
    let rules = intervene_tests::rules();
    let national = National::of(&histories, &rules, intervene_tests::day("2021-12-31"));
    let years: Vec<(String, usize, [usize; 4])> = national
        .years
        .iter()
        .map(|y| (y.day.to_string(), y.recorded, y.counts))
        .collect();
    assert_eq!(
        years,
        [
            ("2015-12-31".into(), 1, [0, 0, 0, 0]),
            ("2016-12-31".into(), 1, [0, 0, 0, 0]),
            ("2017-12-31".into(), 2, [1, 1, 0, 0]),
            ("2018-12-31".into(), 2, [1, 1, 0, 0]),
            ("2019-12-31".into(), 2, [1, 0, 1, 0]),
            ("2020-12-31".into(), 2, [1, 0, 1, 0]),
        ],
        "2021 is left out: no record speaks for its end"
    );
    let durations: Vec<(usize, Option<i64>, usize)> = national
        .durations
        .iter()
        .map(|d| (d.ended, d.median_months.map(|m| m.round() as i64), d.open))
        .collect();
    // a: inadequate 2017-03-01 to good 2019-09-01, 30 months, in the 2016 regime;
    // b: still inadequate when its record ends, under ILACS.
    assert_eq!(durations, [(0, None, 0), (1, Some(30), 0), (0, None, 1)]);
    assert_eq!(national.inspections_complete, 1);
    assert!(
        national
            .basis_sentence()
            .contains("their records end between 2018-12-31 and 2021-06-30")
    );
}

/// The HTML report opens with the national picture: its charts are drawn inline, each
/// beside a table of its numbers, before the summary table (and, like the rest of the page,
/// fetches nothing: `html_is_self_contained`).
#[test]
fn html_opens_with_the_national_picture() {
    let html = std::fs::read_to_string(html_report()).unwrap_or_else(|e| panic!("{e}"));
    let national = html.find("id=\"national\"").unwrap_or(usize::MAX);
    let summary = html.find("id=\"filter\"").unwrap_or(0);
    assert!(national < summary, "the national picture comes first");
    assert_eq!(html.matches("<svg class=\"chart\"").count(), 2);
    assert_eq!(html.matches("The chart's numbers").count(), 2);
}

/// A report shows each source by its title, linked to the document, with what it says.
#[test]
fn sources_are_shown_as_titles_with_links() {
    let markdown = run(&[
        "report",
        "fixtures/councils/bradford.yaml",
        "--format",
        "markdown",
        "--as-of",
        "2026-11-22",
    ]);
    assert_eq!(markdown.code, 0, "{}", markdown.stderr);
    assert!(
        markdown.stdout.contains("](https://files.ofsted.gov.uk/"),
        "{}",
        markdown.stdout
    );
    assert!(
        !markdown.stdout.contains("[bradford-"),
        "registry ids are resolved"
    );
    let page = std::fs::read_to_string(html_report_of("fixtures/councils/bradford.yaml", AS_OF))
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        page.contains("<a href=\"https://files.ofsted.gov.uk/"),
        "no link to Ofsted's report"
    );
}

#[test]
fn the_summary_counts_missed_steps_apart_from_unrecorded_ones() {
    let dir = temp_dir();
    let write = |name: &str, coverage: &str| {
        let file = dir.path().join(format!("{name}.yaml"));
        std::fs::write(
            &file,
            format!(
                "version: 2\ncouncil: {name}\nname: {name}\nregion: London\n{coverage}events:\n  - {{ date: 2017-01-10, kind: inspection, judgement: inadequate }}\n  - {{ date: 2017-01-10, kind: report_received }}\n"
            ),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        file.to_string_lossy().into_owned()
    };
    let listed = write("listed", "coverage: { action_plan: complete }\n");
    let unlisted = write("unlisted", "");
    let out = run(&["report", &listed, &unlisted, "--as-of", "2017-06-01"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    // Both action plans are past due and unrecorded; only the record that lists every
    // action plan shows one missed.
    assert!(
        out.stdout.contains("2 councils; 1 with an overdue step (!); 1 more with a step past its due day and not recorded"),
        "{}",
        out.stdout
    );
    let csv = run(&[
        "report",
        &listed,
        &unlisted,
        "--as-of",
        "2017-06-01",
        "--format",
        "csv",
    ]);
    let row = |name: &str| {
        csv.stdout
            .lines()
            .find(|l| l.starts_with(&format!("{name},")))
            .map(str::to_owned)
            .unwrap_or_default()
    };
    // overdue, then unrecorded_past_due.
    assert!(row("listed").contains(",true,true,"), "{}", csv.stdout);
    assert!(row("unlisted").contains(",false,true,"), "{}", csv.stdout);
}
