//! Forecasts learnt from histories, and the backtest that scores them: checked on small
//! hand-made sets whose right answers can be worked out by hand.

use intervene::model::{History, Kind};
use intervene::predictor::{
    Backtest, Basis, Corpus, Prediction, Protocol, Question, backtest, predict,
    predict_and_forecast,
};
use intervene_tests::{day, history, rules, run};

/// Four councils judged inadequate on 10 January 2017 and visited every 91 days after:
/// leaving one out leaves the nine cases a forecast needs for an 80% window (three
/// councils, four gaps each).
fn regular() -> Vec<History> {
    (0..4)
        .map(|_| {
            history(&[
                "{ date: 2017-01-10, kind: inspection, judgement: inadequate }",
                "{ date: 2017-04-11, kind: monitoring_visit }",
                "{ date: 2017-07-11, kind: monitoring_visit }",
                "{ date: 2017-10-10, kind: monitoring_visit }",
                "{ date: 2018-01-09, kind: monitoring_visit }",
            ])
        })
        .collect()
}

/// The regular councils, each under an improvement notice from March 2017.
fn with_notices() -> Vec<History> {
    (0..3)
        .map(|_| {
            history(&[
                "{ date: 2017-01-10, kind: inspection, judgement: inadequate }",
                "{ date: 2017-03-01, kind: improvement_notice, action: issued }",
                "{ date: 2017-04-11, kind: monitoring_visit }",
                "{ date: 2017-07-11, kind: monitoring_visit }",
                "{ date: 2017-10-10, kind: monitoring_visit }",
                "{ date: 2018-01-09, kind: monitoring_visit }",
            ])
        })
        .collect()
}

fn scores<'a>(
    b: &'a Backtest,
    question: Question,
    protocol: Protocol,
    model: &str,
) -> &'a intervene::predictor::Scores {
    let run = b
        .runs
        .iter()
        .find(|r| r.question == question && r.protocol == protocol)
        .unwrap_or_else(|| panic!("no run {question} {protocol}"));
    &run.models
        .iter()
        .find(|m| m.model == model)
        .unwrap_or_else(|| panic!("no model {model}"))
        .overall
}

#[test]
fn every_model_is_scored_on_the_same_points() {
    let b = backtest(&regular(), &rules());
    for run in &b.runs {
        for m in &run.models {
            assert_eq!(m.overall.points, run.points, "{} {}", run.question, m.model);
        }
    }
    let ofsted = b
        .runs
        .iter()
        .find(|r| r.question == Question::Ofsted && r.protocol == Protocol::LeaveOneCouncilOut);
    // Four visits to predict in each of four councils; no DfE step to predict at all.
    assert_eq!(ofsted.map(|r| r.points), Some(16));
    assert!(
        b.runs
            .iter()
            .filter(|r| r.question == Question::Dfe)
            .all(|r| r.points == 0)
    );
}

#[test]
fn same_gap_as_last_time_is_worked_out_by_hand() {
    let b = backtest(&regular(), &rules());
    let s = scores(
        &b,
        Question::Ofsted,
        Protocol::LeaveOneCouncilOut,
        "same_gap",
    );
    // It cannot answer after the judgement alone (one Ofsted event, no gap yet): a miss
    // in each council. The other three points are exactly right.
    assert_eq!(s.answered, 12);
    assert!((s.top1 - 0.75).abs() < 1e-9, "{s:?}");
    assert!((s.coverage - 0.75).abs() < 1e-9, "{s:?}");
    assert_eq!(s.median_width_days, Some(90.0));
    assert_eq!(s.median_error_days, Some(0.0));
    // Width 90 when answered; unanswered, a window of the day itself, 91 days short of
    // the visit: 91 × 2 / 0.2 = 910. Mean (3 × 90 + 910) / 4 = 295.
    assert!((s.interval_score - 295.0).abs() < 1e-9, "{s:?}");
    // Its Brier score: 0 when right and certain, 2 when wrong and certain... here a miss
    // (no probability for what came) counts 1.
    assert!((s.brier - 0.25).abs() < 1e-9, "{s:?}");
}

#[test]
fn learnt_models_are_exact_on_regular_councils() {
    let b = backtest(&regular(), &rules());
    for model in ["forecast", "markov"] {
        let s = scores(&b, Question::Ofsted, Protocol::LeaveOneCouncilOut, model);
        assert_eq!(s.answered, 16, "{model}");
        assert!((s.top1 - 1.0).abs() < 1e-9, "{model}: {s:?}");
        assert!(s.brier.abs() < 1e-9, "{model}: {s:?}");
        assert!((s.coverage - 1.0).abs() < 1e-9, "{model}: {s:?}");
        assert_eq!(s.median_error_days, Some(0.0), "{model}");
    }
}

#[test]
fn scores_by_ofsted_standing_split_the_points() {
    use intervene::machine::OfstedState;
    let b = backtest(&regular(), &rules());
    let run = b
        .runs
        .iter()
        .find(|r| r.question == Question::Ofsted && r.protocol == Protocol::LeaveOneCouncilOut)
        .unwrap_or_else(|| panic!("no Ofsted run"));
    let forecast = run
        .models
        .iter()
        .find(|m| m.model == "forecast")
        .unwrap_or_else(|| panic!("no forecast"));
    let split: Vec<(OfstedState, usize)> = forecast
        .by_state
        .iter()
        .map(|s| (s.state, s.scores.points))
        .collect();
    // Each council: the first visit is predicted from the judgement (its action plan
    // awaited), the next three from a visit (under monitoring).
    assert_eq!(
        split,
        [
            (OfstedState::AwaitingActionPlan, 4),
            (OfstedState::Monitoring, 12)
        ]
    );
    let text = run_text(&b);
    assert!(
        text.contains("forecast by the council's Ofsted standing that day:"),
        "{text}"
    );
    assert!(text.contains("    monitoring "), "{text}");
}

fn run_text(b: &Backtest) -> String {
    let mut out = Vec::new();
    intervene::reports::write_backtest_text(&mut out, b).unwrap_or_else(|e| panic!("{e}"));
    String::from_utf8_lossy(&out).into_owned()
}

#[test]
fn time_respecting_learns_only_what_was_known_that_day() {
    let b = backtest(&regular(), &rules());
    // Every council has the same dates: after the judgement nothing is known yet; a
    // visit-to-visit gap is first known at the second visit, so Markov on the previous
    // kind answers only at the third visit, once per council.
    let s = scores(&b, Question::Ofsted, Protocol::TimeRespecting, "markov");
    assert_eq!(s.answered, 4, "{s:?}");
    // Too few points are answered for a median error: misses are infinitely wrong.
    assert_eq!(s.median_error_days, None);
    let loco = scores(&b, Question::Ofsted, Protocol::LeaveOneCouncilOut, "markov");
    assert_eq!(loco.answered, 16);
}

fn forecast_of(events: &[&str], as_of: &str, corpus: &Corpus) -> Prediction {
    predict_and_forecast(&history(events), &rules(), day(as_of), corpus)
}

#[test]
fn backing_off_past_the_era_keeps_to_the_monitoring_regime() {
    // Nine councils judged inadequate in 2017 were first visited 119 days later; twenty
    // judged inadequate in 2014, before visits were quarterly and published, show no
    // visit for 700 days. A council judged inadequate in 2019 has no ILACS-era case to
    // learn from, so the forecast backs off past the era, and keeps to the cases since
    // 2016.
    let council = |judged: &str, visited: &str| {
        history(&[
            &format!("{{ date: {judged}, kind: inspection, judgement: inadequate }}"),
            &format!("{{ date: {visited}, kind: monitoring_visit }}"),
        ])
    };
    let mut corpus: Vec<History> = (0..9)
        .map(|_| council("2017-01-10", "2017-05-09"))
        .collect();
    corpus.extend((0..20).map(|_| council("2014-01-10", "2015-12-11")));
    let p = forecast_of(
        &["{ date: 2019-01-10, kind: inspection, judgement: inadequate }"],
        "2019-01-20",
        &Corpus::learn(&corpus),
    );
    let f = p.forecast.unwrap_or_else(|| panic!("no forecast"));
    let ofsted = &f.answers[0];
    assert_eq!(
        ofsted.likely.map(|d| d.to_string()),
        Some("2019-05-09".into()),
        "119 days after the judgement, as since 2016: {ofsted:?}"
    );
    assert_eq!(
        ofsted.alike_in,
        Some("track state, anchor and monitoring regime (before 2016, or since)")
    );
}

#[test]
fn an_owed_but_rarely_recorded_step_never_ranks_first() {
    let corpus = Corpus::learn(&with_notices());
    let p = forecast_of(
        &[
            "{ date: 2019-01-10, kind: inspection, judgement: inadequate }",
            "{ date: 2019-01-10, kind: report_received }",
        ],
        "2019-02-01",
        &corpus,
    );
    // The rules alone put the action plan first.
    let rules_only = predict(
        &history(&[
            "{ date: 2019-01-10, kind: inspection, judgement: inadequate }",
            "{ date: 2019-01-10, kind: report_received }",
        ]),
        &rules(),
        day("2019-02-01"),
    );
    assert_eq!(rules_only.steps[0].kind, Kind::ActionPlan);
    assert_ne!(p.steps[0].kind, Kind::ActionPlan);
    let f = p.forecast.as_ref().unwrap_or_else(|| panic!("no forecast"));
    let plan = f.owed.iter().find(|o| o.kind == Kind::ActionPlan);
    assert_eq!(
        plan.map(|o| (o.recorded_in, o.histories, o.due.map(|d| d.to_string()))),
        Some((0, 3, Some("2019-04-18".into())))
    );
    for a in &f.answers {
        assert!(
            a.candidates.iter().all(|c| c.kind != Kind::ActionPlan),
            "{a:?}"
        );
    }
    let ofsted = &f.answers[0];
    assert_eq!(ofsted.question, Question::Ofsted);
    assert_eq!(
        ofsted.candidates.first().map(|c| c.kind),
        Some(Kind::MonitoringVisit)
    );
    assert_eq!(
        ofsted.likely.map(|d| d.to_string()),
        Some("2019-04-11".into()),
        "91 days after the judgement"
    );
}

#[test]
fn a_stale_record_is_flagged() {
    let corpus = Corpus::learn(&regular());
    let p = forecast_of(
        &[
            "{ date: 2017-01-10, kind: inspection, judgement: inadequate }",
            "{ date: 2017-04-11, kind: monitoring_visit }",
        ],
        "2020-01-01",
        &corpus,
    );
    let f = p.forecast.as_ref().unwrap_or_else(|| panic!("no forecast"));
    let stale = f.stale.as_deref().unwrap_or_default();
    assert!(stale.contains("probably incomplete"), "{f:?}");
    assert!(
        f.owed.iter().all(|o| !o.overdue),
        "no years-old overdue steps: {f:?}"
    );
    let fresh = forecast_of(
        &[
            "{ date: 2017-01-10, kind: inspection, judgement: inadequate }",
            "{ date: 2017-04-11, kind: monitoring_visit }",
        ],
        "2017-05-01",
        &corpus,
    );
    assert_eq!(fresh.forecast.and_then(|f| f.stale), None);
}

#[test]
fn a_council_judged_good_with_an_open_direction_is_stale() {
    let corpus = Corpus::learn(&regular());
    let p = forecast_of(
        &[
            "{ date: 2015-01-10, kind: inspection, judgement: inadequate }",
            "{ date: 2015-03-01, kind: direction, action: issued }",
            "{ date: 2019-06-01, kind: inspection, judgement: good }",
        ],
        "2019-07-01",
        &corpus,
    );
    let stale = p.forecast.and_then(|f| f.stale).unwrap_or_default();
    assert!(stale.contains("probably incomplete"), "{stale}");
}

#[test]
fn a_requires_improvement_council_expects_a_focused_visit() {
    let p = predict(
        &history(&["{ date: 2019-01-10, kind: inspection, judgement: requires_improvement }"]),
        &rules(),
        day("2019-06-01"),
    );
    assert!(
        p.steps
            .iter()
            .any(|s| s.kind == Kind::FocusedVisit && s.basis == Basis::Usual),
        "{:?}",
        p.steps
    );
}

#[test]
fn a_sif_judgement_expects_a_first_ilacs_inspection() {
    let p = predict(
        &history(&["{ date: 2016-05-10, kind: inspection, judgement: good }"]),
        &rules(),
        day("2018-06-01"),
    );
    assert!(
        p.steps
            .iter()
            .any(|s| s.kind == Kind::Inspection && s.rule == "usual.first-ilacs-inspection"),
        "{:?}",
        p.steps
    );
}

#[test]
fn a_forecast_as_of_a_past_day_learns_nothing_later() {
    let corpus = Corpus::learn(&regular());
    let p = forecast_of(
        &["{ date: 2016-10-10, kind: inspection, judgement: inadequate }"],
        "2016-12-01",
        &corpus,
    );
    let f = p.forecast.unwrap_or_else(|| panic!("no forecast"));
    assert!(
        f.answers
            .iter()
            .all(|a| a.learnt_from == 0 && a.candidates.is_empty()),
        "{f:?}"
    );
}

#[test]
fn the_bundled_corpus_reads_every_history() {
    let files = intervene_tests::fixture_councils();
    assert!(files > 80, "{files}");
    assert_eq!(Corpus::bundled().histories, files);
}

const DUE: [&str; 6] = [
    "due",
    "--as-of",
    "2023-06-01",
    "--within",
    "90d",
    "fixtures",
];

fn json(args: &[&str]) -> serde_json::Value {
    let out = run(args);
    assert_eq!(out.code, 0, "{}", out.stderr);
    serde_json::from_str(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", out.stdout))
}

#[test]
fn due_as_icalendar_parses_and_holds_one_event_a_step() {
    let items = json(&[&DUE[..], &["--format", "json"]].concat());
    let items = items.as_array().cloned().unwrap_or_default();
    assert!(!items.is_empty());
    let ics = run(&[&DUE[..], &["--format", "ics"]].concat());
    assert_eq!(ics.code, 0, "{}", ics.stderr);
    let unfolded = icalendar::parser::unfold(&ics.stdout);
    let calendar = icalendar::parser::read_calendar(&unfolded)
        .unwrap_or_else(|e| panic!("not iCalendar: {e}"));
    let events: Vec<_> = calendar
        .components
        .iter()
        .filter(|c| c.name == "VEVENT")
        .collect();
    assert_eq!(events.len(), items.len());
    let first = events[0];
    let property = |name: &str| {
        first
            .properties
            .iter()
            .find(|p| p.name == name)
            .map(|p| p.val.to_string())
            .unwrap_or_default()
    };
    let rule = items[0]["rule"].as_str().unwrap_or_default();
    assert!(
        property("DESCRIPTION").contains(rule),
        "{}",
        property("DESCRIPTION")
    );
    assert_eq!(
        property("DTSTART"),
        items[0]["date"]
            .as_str()
            .unwrap_or_default()
            .replace('-', "")
    );
}

#[test]
fn due_lists_overdue_first_then_by_date() {
    let items = json(&[&DUE[..], &["--format", "json"]].concat());
    let keys: Vec<(bool, String)> = items
        .as_array()
        .into_iter()
        .flatten()
        .map(|i| {
            (
                !i["overdue"].as_bool().unwrap_or_default(),
                i["date"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);
    let csv = run(&[&DUE[..], &["--format", "csv"]].concat());
    assert_eq!(
        csv.stdout.lines().count(),
        keys.len() + 1,
        "a header, then a row a step"
    );
}

#[test]
fn next_report_and_due_agree_on_a_council_and_day() {
    let file = "fixtures/councils/bradford.yaml";
    let next = json(&["next", "--as-of", "2023-06-01", "--format", "json", file]);
    let report = json(&["report", "--as-of", "2023-06-01", "--format", "json", file]);
    let due = json(&[
        "due",
        "--as-of",
        "2023-06-01",
        "--within",
        "3650d",
        "--format",
        "json",
        file,
    ]);
    let prediction = &report["councils"][0]["prediction"];
    assert_eq!(next[0]["steps"], prediction["steps"]);
    assert_eq!(next[0]["forecast"], prediction["forecast"]);
    // Every deadline due lists is a step of next's, on the same day.
    for item in due.as_array().into_iter().flatten() {
        if item["what"] == "deadline" {
            assert!(
                next[0]["steps"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .any(|s| s["due"] == item["date"] && s["rule"] == item["rule"]),
                "{item}"
            );
        } else {
            assert!(
                next[0]["forecast"]["answers"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .any(|a| a["likely"] == item["date"]),
                "{item}"
            );
        }
    }
}

/// The README's backtest table is the tool's own, figure for figure: `backtest --format
/// markdown` renders the numbers `--format json` gives (`scripts/backtest-table.sh`
/// rewrites the table).
#[test]
fn the_readme_backtest_table_is_the_tools_output() {
    let readme = std::fs::read_to_string(intervene_tests::repo().join("README.md"))
        .unwrap_or_else(|e| panic!("{e}"));
    let begin = readme
        .find("<!-- backtest:begin")
        .and_then(|at| readme[at..].find('\n').map(|n| at + n + 1))
        .unwrap_or_else(|| panic!("no backtest table in the README"));
    let end = readme
        .find("<!-- backtest:end -->")
        .unwrap_or_else(|| panic!("no end of the backtest table"));
    let table = run(&["backtest", "fixtures", "--format", "markdown"]);
    assert_eq!(table.code, 0, "{}", table.stderr);
    assert_eq!(
        readme[begin..end].trim_end(),
        table.stdout.trim_end(),
        "run scripts/backtest-table.sh"
    );
    // The Markdown is the JSON's figures.
    let json = json(&["backtest", "fixtures", "--format", "json"]);
    let first = &json["runs"][0]["models"][0]["overall"];
    let answered = format!("| {} of {} |", first["answered"], first["points"]);
    assert!(table.stdout.contains(&answered), "{answered}");
}

#[test]
fn a_corpus_of_ones_own_is_learnt_from() {
    let dir = intervene_tests::temp_dir();
    for i in 0..3 {
        let text = format!(
            "council: c{i}\nname: C{i}\nevents:\n  - {{ date: 2017-01-10, kind: inspection, judgement: inadequate }}\n  - {{ date: 2017-03-12, kind: monitoring_visit }}\n  - {{ date: 2017-05-11, kind: monitoring_visit }}\n  - {{ date: 2017-07-10, kind: monitoring_visit }}\n"
        );
        std::fs::write(dir.path().join(format!("c{i}.yaml")), text)
            .unwrap_or_else(|e| panic!("{e}"));
    }
    let corpus = dir.path().to_string_lossy().into_owned();
    let next = json(&[
        "next",
        "--as-of",
        "2019-02-01",
        "--format",
        "json",
        "--history-corpus",
        &corpus,
        "tests/mixed-input/ok-council.yaml",
    ]);
    let f = &next[0]["forecast"];
    assert_eq!(f["answers"][0]["question"], "ofsted");
    // Three histories, nine Ofsted facts, every one known before the day.
    assert_eq!(f["answers"][0]["learnt_from"], 9, "{f}");
    let missing = run(&[
        "next",
        "--history-corpus",
        "no/such/dir",
        "tests/mixed-input/ok-council.yaml",
    ]);
    assert_eq!(missing.code, 2, "{missing:?}");
}

#[test]
fn the_html_report_shows_the_forecast() {
    let page = run(&[
        "report",
        "--as-of",
        "2023-06-01",
        "--format",
        "html",
        "fixtures/councils/bradford.yaml",
    ]);
    assert_eq!(page.code, 0, "{}", page.stderr);
    assert!(page.stdout.contains("<h3>Forecast</h3>"));
    assert!(page.stdout.contains("next Ofsted contact"));
}

#[test]
fn a_record_that_ends_is_quiet_only_until_its_end() {
    let corpus = Corpus::learn(&regular());
    let events = ["{ date: 2017-01-10, kind: inspection, judgement: inadequate }"];
    let ended = intervene_tests::history_with(
        "council: test\nname: Test\nrecorded_until: 2017-02-01\n",
        &events,
    );
    let open = history(&events);
    let as_of = day("2019-06-01");
    let of = |h: &History| {
        predict_and_forecast(h, &rules(), as_of, &corpus)
            .forecast
            .unwrap_or_else(|| panic!("no forecast"))
    };
    // Kept up to 2019, a record with no visit since the judgement of 2017 is stale
    // (every such gap elsewhere is 91 days); a record that ends on 1 February 2017 says
    // nothing of the time after, so the visit is still expected 91 days on.
    assert!(of(&open).stale.is_some(), "{:?}", of(&open));
    let f = of(&ended);
    assert_eq!(f.stale, None, "{f:?}");
    assert_eq!(
        f.answers[0].likely.map(|d| d.to_string()),
        Some("2017-04-11".into())
    );
}

#[test]
fn eras_have_the_stated_bounds() {
    use intervene::predictor::Era;
    let eras: Vec<Era> = [
        "2015-12-31",
        "2016-01-01",
        "2017-12-31",
        "2018-01-01",
        "2020-03-16",
        "2020-03-17",
        "2021-12-31",
        "2022-01-01",
    ]
    .iter()
    .map(|d| Era::of(day(d)))
    .collect();
    assert_eq!(
        eras,
        [
            Era::Before2016,
            Era::Sif,
            Era::Sif,
            Era::Ilacs,
            Era::Ilacs,
            Era::Covid,
            Era::Covid,
            Era::After
        ]
    );
}

#[test]
fn due_periods_and_their_errors() {
    let within = json(&[
        "due",
        "--as-of",
        "2023-06-01",
        "--within",
        "6w",
        "--format",
        "json",
        "fixtures",
    ]);
    let between = json(&[
        "due",
        "--as-of",
        "2023-06-01",
        "--between",
        "2023-07-13",
        "2023-06-01",
        "--format",
        "json",
        "fixtures",
    ]);
    // Six weeks from 1 June ends on 13 July; the two days of --between in either order.
    assert_eq!(within, between);
    let bad = run(&["due", "--within", "soon", "fixtures"]);
    assert_eq!(bad.code, 2, "{bad:?}");
    assert!(bad.stderr.contains("30d"), "{}", bad.stderr);
}
