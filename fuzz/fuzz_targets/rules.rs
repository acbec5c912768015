//! Fuzzes the rule-file reader (with the bundled calendar), and the checker over one small
//! fixed history with every rule set it accepts.
#![no_main]

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use chrono::NaiveDate;
use intervene::model::History;
use intervene::rules::RuleSet;
use libfuzzer_sys::fuzz_target;

const CALENDAR: &str = include_str!("../../rules/calendar/england-and-wales.yaml");

/// A small history that walks both tracks: judgement, plan, monitoring, notice,
/// direction, commissioner, transfer and back.
const HISTORY: &str = r#"council: fuzz
name: Fuzz
events:
  - { date: 2015-03, kind: inspection, judgement: inadequate }
  - { date: 2015-03-20, kind: report_received }
  - { date: 2015-04, kind: improvement_notice, action: issued, adviser: Someone }
  - { date: 2015-07-01, kind: action_plan, stage: final }
  - { date: 2015-10, kind: monitoring_visit }
  - { date: 2016, kind: monitoring_visit }
  - { date: 2016-06-15, kind: inspection, judgement: inadequate, type: reinspection }
  - { date: 2016-07, kind: failure_finding, persistent: true, systemic: false }
  - { date: 2016-08-01, kind: direction, action: issued, requires: commissioner }
  - { date: 2016-09, kind: commissioner_appointed, name: Someone Else }
  - { date: 2017-01, kind: commissioner_report, recommendation: alternative_delivery }
  - { date: 2017-06, kind: services_transferred, to: trust, arrangement: imposed }
  - { date: 2018-03, kind: focused_visit, priority_actions: true }
  - { date: 2019-05, kind: inspection, judgement: good }
  - { date: 2020-01, kind: services_returned }
"#;

fn history() -> &'static History {
    static HISTORY_PARSED: OnceLock<History> = OnceLock::new();
    HISTORY_PARSED.get_or_init(|| {
        intervene::model::parse_history(Path::new("fuzz.yaml"), HISTORY)
            .expect("the fixed history parses")
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let calendar = (PathBuf::from("calendar.yaml"), CALENDAR.to_owned());
    let files = [(PathBuf::from("fuzz.yaml"), text.to_owned())];
    let Ok(rules) = RuleSet::from_texts("fuzz", &files, Some(&calendar)) else {
        return;
    };
    let day = NaiveDate::from_ymd_opt(2023, 6, 30).expect("a valid day");
    let _ = intervene::checker::check(history(), &rules, day);
});
