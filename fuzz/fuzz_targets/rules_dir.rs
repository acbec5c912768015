//! Fuzzes the rule-directory loader: the input is cut at lines `=====` into files, the
//! first the calendar (`calendar/a.yaml`; a part starting `#second` is a second calendar),
//! the rest rule files, written to a directory and loaded with `RuleSet::load_dir`; each
//! rule set it accepts checks one small fixed history.
#![no_main]

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use chrono::NaiveDate;
use intervene::model::History;
use intervene::rules::RuleSet;
use libfuzzer_sys::fuzz_target;

const HISTORY: &str = r#"council: fuzz
name: Fuzz
events:
  - { date: 2015-03, kind: inspection, judgement: inadequate }
  - { date: 2015-03-20, kind: report_received }
  - { date: 2015-07-01, kind: action_plan, stage: final }
  - { date: 2015-10, kind: monitoring_visit }
  - { date: 2016-06-15, kind: inspection, judgement: inadequate, type: reinspection }
  - { date: 2016-08-01, kind: direction, action: issued, requires: commissioner }
  - { date: 2019-05, kind: inspection, judgement: good }
"#;

fn history() -> &'static History {
    static PARSED: OnceLock<History> = OnceLock::new();
    PARSED.get_or_init(|| {
        intervene::model::parse_history(Path::new("fuzz.yaml"), HISTORY)
            .expect("the fixed history parses")
    })
}

/// This process's directory of rule files, emptied for each input.
fn dir() -> &'static PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| std::env::temp_dir().join(format!("intervene-fuzz-rules-{}", std::process::id())))
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let dir = dir();
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir.join("calendar")).expect("a scratch directory");
    for (i, part) in text.split("\n=====\n").enumerate() {
        let path = match i {
            0 => dir.join("calendar/a.yaml"),
            _ if part.starts_with("#second") => dir.join("calendar/b.yaml"),
            _ => dir.join(format!("r{i}.yaml")),
        };
        std::fs::write(path, part).expect("a scratch file");
    }
    let Ok(rules) = RuleSet::load_dir(dir) else {
        return;
    };
    let day = NaiveDate::from_ymd_opt(2023, 6, 30).expect("a valid day");
    let _ = intervene::checker::check(history(), &rules, day);
    let _ = intervene::predictor::predict(history(), &rules, day);
});
