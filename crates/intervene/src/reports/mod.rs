//! Rendering for people (rustc-style diagnostics, tables) and programs (JSON).
//!
//! Reports read findings, rules and errors; they never look back at the machine.

mod check_json;
mod check_text;
mod diagnostics;
mod prediction;
mod rules_list;

pub use check_json::{CheckDocument, CheckSummary, check_json};
pub use check_text::write_check_text;
pub use diagnostics::{SourceFiles, write_error};
pub use prediction::{write_backtest_text, write_prediction_text};
pub use rules_list::{rules_json, write_rules_text};

pub use codespan_reporting::term::termcolor;
