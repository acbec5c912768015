//! Fuzzes the event-log readers: the first byte picks CSV (even) or JSON Lines (odd), the
//! rest is the log. Each log is read both as a stream (every case id kept) and as a file
//! (the fixed-size contiguity filter, re-checked by reading again), the two must agree,
//! and every case read is built and checked with the bundled rules.
#![no_main]

use std::sync::OnceLock;

use chrono::NaiveDate;
use intervene::interop::{
    ImportError, RawCase, read_csv_cases, read_csv_log, read_jsonl_cases, read_jsonl_log,
};
use intervene::rules::RuleSet;
use libfuzzer_sys::fuzz_target;

fn rules() -> &'static RuleSet {
    static RULES: OnceLock<RuleSet> = OnceLock::new();
    RULES.get_or_init(|| RuleSet::bundled().expect("the bundled rules load"))
}

/// What a case came to: its id, or its error's line.
fn outcome(case: &Result<RawCase, ImportError>) -> Result<String, usize> {
    match case {
        Ok(case) => Ok(case.case().to_owned()),
        Err(e) => Err(e.line()),
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&pick, log)) = data.split_first() else {
        return;
    };
    let log = log.to_vec();
    let again = log.clone();
    let open = move || Ok(std::io::Cursor::new(again.clone()));
    let (streamed, filed): (Vec<_>, Vec<_>) = if pick % 2 == 0 {
        (
            read_csv_cases(log.as_slice()).collect(),
            read_csv_log(open).expect("a cursor opens").collect(),
        )
    } else {
        (
            read_jsonl_cases(log.as_slice()).collect(),
            read_jsonl_log(open).expect("a cursor opens").collect(),
        )
    };
    let a: Vec<_> = streamed.iter().map(outcome).collect();
    let b: Vec<_> = filed.iter().map(outcome).collect();
    assert_eq!(a, b, "the filter and the exact set disagree");
    let day = NaiveDate::from_ymd_opt(2023, 6, 30).expect("a valid day");
    for case in streamed.into_iter().flatten() {
        if let Ok(history) = case.build() {
            let _ = intervene::checker::check(&history, rules(), day);
        }
    }
});
