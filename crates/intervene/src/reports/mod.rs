//! Rendering for people (rustc-style diagnostics, reports in text, Markdown and HTML) and
//! programs (JSON).
//!
//! Reports read findings, rules and errors; they never look back at the machine.

mod anchors;
mod census;
mod check_formats;
mod check_json;
mod check_text;
mod diagnostics;
mod due;
mod forecast_markdown;
mod forecast_text;
mod html;
mod markdown;
mod national;
mod prediction;
mod pretty_json;
mod rules_list;
mod tables;
mod text;
mod view;

pub use census::{Census, CoverageCensus, KindCensus, is_process_event, write_census_text};
pub use check_formats::{
    CHECK_FORMAT_VERSION, FindingRow, InputError, RowFormat, RowStream, check_sarif,
    write_check_csv, write_check_jsonl,
};
pub use check_json::{CheckDocument, CheckJsonEntry, CheckJsonStream, CheckSummary, check_json};
pub use check_text::write_check_text;
pub use diagnostics::{SourceFiles, write_error};
pub use due::{DueItem, DueWhat, due_items, write_due_csv, write_due_text};
pub use forecast_markdown::forecast_markdown;
pub use forecast_text::{
    backtest_markdown, forecast_text, write_answer_text, write_backtest_text, write_forecast_text,
};
pub use html::report_html;
pub use markdown::{council_markdown, report_markdown};
pub use national::{EraDuration, National, SERIES, YearCount};
pub use prediction::write_prediction_text;
pub use rules_list::{
    ExampleFindings, Explained, rules_json, write_rule_explanation, write_rules_text,
};
pub use tables::{write_steps_csv, write_summary_csv};
pub use text::report_text;
pub use view::{
    CouncilView, Report, SourceLink, Summary, SummaryRow, TimelineEntry, Totals, details,
};

pub use codespan_reporting::term::termcolor;
