//! `intervene`: replay an English council's children's-services intervention history
//! against the process the National Audit Office drew (Ofsted inadequate judgement →
//! DfE notice or direction → commissioner → trust, with Ofsted monitoring alongside),
//! and say what does not fit.
//!
//! Data flows one way, and the modules follow it:
//!
//! - [`model`]: the history file format: councils, events, partial dates.
//! - [`calendar`]: working days in England and Wales, and deadline arithmetic.
//! - [`machine`]: the two-track state machine (Ofsted and DfE) and its transitions.
//! - [`rules`]: the timing rules, loaded and validated from YAML.
//! - [`checker`]: replays a history through the machine and the rules into findings.
//! - [`predictor`]: the steps a council waits for next, and how good such guesses are.
//! - [`generate`]: valid histories made by walking the process, for tests and `synth`.
//! - [`reports`]: renders findings and rules for people (text) and programs (JSON).
//! - [`interop`]: event logs for process-mining tools: CSV, JSON Lines and XES out, CSV and JSONL in.

pub mod calendar;
pub mod checker;
pub mod generate;
pub mod interop;
pub mod machine;
pub mod model;
pub mod predictor;
pub mod reports;
pub mod rules;
mod yaml;
