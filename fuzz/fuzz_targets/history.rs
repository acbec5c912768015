//! Fuzzes the history reader, and the checker and predictor over every history it accepts.
#![no_main]

use std::path::Path;
use std::sync::OnceLock;

use chrono::NaiveDate;
use intervene::rules::RuleSet;
use libfuzzer_sys::fuzz_target;

fn rules() -> &'static RuleSet {
    static RULES: OnceLock<RuleSet> = OnceLock::new();
    RULES.get_or_init(|| RuleSet::bundled().expect("the bundled rules load"))
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    // The slug must equal the file stem: inputs name the council `fuzz`.
    let Ok(history) = intervene::model::parse_history(Path::new("fuzz.yaml"), text) else {
        return;
    };
    let rules = rules();
    let day = NaiveDate::from_ymd_opt(2023, 6, 30).expect("a valid day");
    let _ = intervene::checker::check(&history, rules, day);
    let _ = intervene::predictor::predict(&history, rules, day);
});
