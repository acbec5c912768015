//! The history format's JSON Schema: generated from the reader's tables, shipped as
//! docs/history.schema.json, and held to the reader's answers: it accepts every fixture
//! and rejects the bad-input corpus wherever a schema can say what is wrong.

use std::path::Path;

use intervene::model::{history_schema, load_history};
use intervene_tests::{repo, run};
use serde_json::Value;

/// The shipped schema, as JSON.
fn shipped() -> Value {
    let text = std::fs::read_to_string(repo().join("docs/history.schema.json"))
        .unwrap_or_else(|e| panic!("docs/history.schema.json: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("docs/history.schema.json: {e}"))
}

fn validator() -> jsonschema::Validator {
    jsonschema::draft7::new(&history_schema()).unwrap_or_else(|e| panic!("the schema: {e}"))
}

/// A YAML file as the JSON an editor's YAML server checks, or `None` if it is not YAML
/// of one document.
fn as_json(path: &Path) -> Option<Value> {
    let text = std::fs::read_to_string(path).ok()?;
    serde_saphyr::from_str::<Value>(&text).ok()
}

#[test]
fn the_shipped_schema_is_the_generated_one() {
    assert!(
        shipped() == history_schema(),
        "docs/history.schema.json is not what the reader generates: run `cargo run -- schema > docs/history.schema.json`"
    );
    let printed = run(&["schema"]);
    assert_eq!(printed.code, 0, "{printed:?}");
    let printed: Value = serde_json::from_str(&printed.stdout).unwrap_or_else(|e| panic!("{e}"));
    assert!(
        printed == history_schema(),
        "`intervene schema` prints another schema"
    );
}

#[test]
fn every_fixture_validates_and_names_the_schema() {
    let validator = validator();
    let dir = repo().join("fixtures/councils");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{e}"))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    paths.sort();
    assert!(paths.len() >= 80, "{} fixtures", paths.len());
    for path in &paths {
        let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{e}"));
        assert!(
            text.starts_with("# yaml-language-server: $schema=../../docs/history.schema.json\n"),
            "{} does not name the schema on its first line",
            path.display()
        );
        let json = as_json(path).unwrap_or_else(|| panic!("{} is not YAML", path.display()));
        let errors: Vec<String> = validator
            .iter_errors(&json)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{}: {errors:#?}", path.display());
    }
}

/// Bad inputs the reader rejects that no JSON Schema can: each with why.
const BEYOND_A_SCHEMA: [(&str, &str); 2] = [
    ("slug-not-stem.yaml", "the file's name"),
    ("out-of-order.yaml", "only a warning: events in date order"),
];

#[test]
fn the_schema_rejects_what_the_reader_rejects() {
    let validator = validator();
    let dir = repo().join("tests/bad-input");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{e}"))
        .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
        .collect();
    names.sort();
    let mut rejected = 0;
    let mut not_yaml = Vec::new();
    for name in &names {
        let path = dir.join(name);
        let beyond = BEYOND_A_SCHEMA.iter().any(|(n, _)| n == name);
        // Not YAML of one document (malformed, tabs, two documents, not UTF-8, a
        // directory): the editor's YAML parser says so before any schema is read.
        let Some(json) = as_json(&path) else {
            assert!(load_history(&path).is_err(), "{name}: the reader reads it");
            not_yaml.push(name.as_str());
            continue;
        };
        let valid = validator.is_valid(&json);
        if beyond {
            assert!(
                valid,
                "{name} is listed as beyond a schema, but the schema rejects it"
            );
        } else {
            assert!(load_history(&path).is_err(), "{name}: the reader reads it");
            assert!(
                !valid,
                "{name}: the reader rejects it, the schema accepts it"
            );
            rejected += 1;
        }
    }
    eprintln!(
        "{rejected} of {} cases rejected by the schema; not YAML of one document: {not_yaml:?}",
        names.len()
    );
    assert!(
        rejected >= 19,
        "only {rejected} cases rejected by the schema"
    );
}

#[test]
fn the_schema_rejects_each_kind_of_fault_in_a_good_history() {
    let validator = validator();
    let base = serde_json::json!({
        "council": "x", "name": "X",
        "events": [{ "date": "2019-08", "kind": "inspection", "judgement": "inadequate" }]
    });
    assert!(validator.is_valid(&base));
    let with = |edit: &dyn Fn(&mut Value)| {
        let mut doc = base.clone();
        edit(&mut doc);
        doc
    };
    let faults: [(&str, Value); 8] = [
        (
            "unknown kind",
            with(&|d| d["events"][0]["kind"] = "inspektion".into()),
        ),
        (
            "unknown field",
            with(&|d| d["events"][0]["judgment"] = "good".into()),
        ),
        (
            "unknown value",
            with(&|d| d["events"][0]["judgement"] = "poor".into()),
        ),
        (
            "field of another kind",
            with(&|d| d["events"][0]["action"] = "issued".into()),
        ),
        (
            "missing judgement",
            with(&|d| {
                if let Some(e) = d["events"][0].as_object_mut() {
                    e.remove("judgement");
                }
            }),
        ),
        ("wrong type", with(&|d| d["events"] = 5.into())),
        (
            "not a date",
            with(&|d| d["events"][0]["date"] = "August 2019".into()),
        ),
        ("unknown top field", with(&|d| d["counsil"] = "x".into())),
    ];
    for (what, doc) in faults {
        assert!(!validator.is_valid(&doc), "{what}: {doc}");
    }
    // Ungraded from April 2026: no judgement needed.
    let ungraded = with(&|d| {
        d["events"][0] = serde_json::json!({ "date": "2026-05-01", "kind": "inspection" });
    });
    assert!(validator.is_valid(&ungraded), "{ungraded}");
    assert!(
        intervene::model::parse_history(
            Path::new("x.yaml"),
            "council: x\nname: X\nevents:\n  - { date: 2026-05-01, kind: inspection }\n"
        )
        .is_ok()
    );
}

/// The format's own example (docs/history-format.md) names the schema and meets it.
#[test]
fn the_documented_example_meets_the_schema() {
    let doc = std::fs::read_to_string(repo().join("docs/history-format.md"))
        .unwrap_or_else(|e| panic!("{e}"));
    let example = doc
        .split("```yaml\n")
        .nth(1)
        .and_then(|b| b.split("```").next())
        .unwrap_or_else(|| panic!("no YAML example"));
    assert!(example.starts_with("# yaml-language-server: $schema="));
    let json: Value = serde_saphyr::from_str(example).unwrap_or_else(|e| panic!("{e}"));
    let errors: Vec<String> = validator()
        .iter_errors(&json)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
}
