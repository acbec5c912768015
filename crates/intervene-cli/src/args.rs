//! The command line's shape.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand, ValueEnum};
use intervene::machine::FlowchartFormat;

/// Check English councils' children's-services intervention histories against the
/// Ofsted and DfE process: transitions that do not fit, deadlines missed.
#[derive(Debug, Parser)]
#[command(name = "intervene", version, propagate_version = true)]
pub struct Cli {
    /// Use the rule set in DIR (rule YAML files, and one calendar under DIR/calendar/)
    /// instead of the bundled one.
    #[arg(long, global = true, value_name = "DIR")]
    pub rules: Option<PathBuf>,

    /// When to colour output: auto colours a terminal unless NO_COLOR is set.
    #[arg(long, global = true, value_enum, default_value_t = ColorWhen::Auto)]
    pub color: ColorWhen,

    /// Threads to read and check councils on (0: one per core). Output is the same
    /// whatever the number.
    #[arg(
        short = 'j',
        long,
        global = true,
        value_name = "N",
        default_value_t = 0
    )]
    pub threads: usize,

    #[command(subcommand)]
    pub(crate) command: Command,
}

/// When to use colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorWhen {
    /// On a terminal, unless NO_COLOR is set.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Replay histories against the process and report every misfit and missed deadline.
    Check(CheckArgs),
    /// List the rules (all, or those in force on a day) with their sources, or explain
    /// one: `intervene rules ofsted.action-plan`.
    Rules(RulesArgs),
    /// Draw the state machine, from the code, as Mermaid or Graphviz.
    Flowchart(FlowchartArgs),
    /// Say where councils stand and the steps they wait for, with due dates.
    Next(NextArgs),
    /// Score the forecasts against real histories, beside simple baselines, every model
    /// on the same points.
    Backtest(BacktestArgs),
    /// List what is owed or expected across councils within a period, overdue first
    /// (text, JSON, CSV, or an iCalendar file to subscribe to).
    Due(DueArgs),
    /// Write a readable report: summary, then per council state, timeline, findings, next steps.
    Report(ReportArgs),
    /// Write histories as an event log (CSV, JSON Lines or XES) for process-mining tools.
    Export(ExportArgs),
    /// Write synthetic histories made by walking the process, some broken on purpose.
    Synth(SynthArgs),
    /// Count what histories hold and how well they are sourced (councils, events, the
    /// share dated to the day and citing a primary source).
    Census(CensusArgs),
    /// Print a shell's completion script, e.g. `intervene completions bash >
    /// ~/.local/share/bash-completion/completions/intervene`.
    Completions(CompletionsArgs),
    /// Print the manual page (roff), e.g. `intervene man > ~/.local/share/man/man1/intervene.1`.
    Man,
    /// Print the JSON Schema of the history format (docs/history.schema.json), for
    /// editors: `# yaml-language-server: $schema=history.schema.json` atop a history.
    Schema,
}

/// The directory read when a command that reads histories is given no PATH: the bundled
/// fixtures, which exist only in intervene's own repository.
pub(crate) const DEFAULT_PATH: &str = "fixtures";

impl Command {
    /// The name and PATHs of a command whose PATHs default to [`DEFAULT_PATH`].
    pub(crate) fn defaulted_paths(&mut self) -> Option<(&'static str, &mut Vec<PathBuf>)> {
        match self {
            Command::Check(args) => Some(("check", &mut args.paths)),
            Command::Backtest(args) => Some(("backtest", &mut args.paths)),
            Command::Due(args) => Some(("due", &mut args.paths)),
            Command::Report(args) => Some(("report", &mut args.paths)),
            Command::Export(args) => Some(("export", &mut args.paths)),
            Command::Census(args) => Some(("census", &mut args.paths)),
            _ => None,
        }
    }
}

#[derive(Debug, Args)]
pub(crate) struct CompletionsArgs {
    /// The shell to complete in.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// Output formats of `check` and `rules`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Format {
    /// For people.
    Text,
    /// For scripts.
    Json,
}

/// Output formats of `check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum CheckFormat {
    /// For people, as rustc writes diagnostics.
    Text,
    /// One JSON document: `version`, `as_of`, `councils`, `errors`, `summary`.
    Json,
    /// JSON Lines: a `finding` object a line, `error` objects, then a `summary`.
    Jsonl,
    /// CSV, one row a finding, for spreadsheets.
    Csv,
    /// SARIF 2.1.0, for code scanning on a forge (findings on the history's lines).
    Sarif,
}

/// What `--deny` can promote to errors.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Deny {
    /// Warnings count as errors for the exit code.
    Warnings,
}

/// How `check` reads its paths.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum InputFormat {
    /// History files (YAML), or directories of them.
    Yaml,
    /// Event logs in CSV, as `export --format csv` writes them.
    Csv,
    /// Event logs in JSON Lines, as `export --format jsonl` writes them.
    Jsonl,
}

#[derive(Debug, Args)]
pub(crate) struct CheckArgs {
    /// History files or directories of them (searched recursively for *.yaml), or `-` for
    /// one history on standard input; with
    /// --input-format csv or jsonl, event log files [default: ./fixtures, in intervene's
    /// own repository].
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Read PATHs as yaml history files, or as csv or jsonl event logs (one case per
    /// council, its rows together), checked case by case as they are read.
    #[arg(long, value_enum, value_name = "FORMAT", default_value_t = InputFormat::Yaml)]
    pub input_format: InputFormat,

    /// Output format.
    #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
    pub format: CheckFormat,

    /// Judge `missing` events as of this day (YYYY-MM-DD) [default: today].
    #[arg(long, value_name = "DATE", value_parser = parse_day)]
    pub as_of: Option<NaiveDate>,

    /// Count warnings as errors for the exit code.
    #[arg(long, value_enum, value_name = "WHAT")]
    pub deny: Option<Deny>,
}

#[derive(Debug, Args)]
pub(crate) struct CensusArgs {
    /// History files or directories of them [default: ./fixtures, in intervene's own
    /// repository]. The source registry (`sources.yaml`) beside them is read too.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

#[derive(Debug, Args)]
pub(crate) struct RulesArgs {
    /// Explain this rule, as `ruff rule` does: what it checks, why, its deadline in
    /// words, and an example history that fires it and one that does not.
    #[arg(value_name = "ID")]
    pub id: Option<String>,

    /// Only the rules in force on this day (YYYY-MM-DD).
    #[arg(long, value_name = "DATE", value_parser = parse_day)]
    pub at: Option<NaiveDate>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

#[derive(Debug, Args)]
pub(crate) struct NextArgs {
    /// History files or directories of them.
    #[arg(value_name = "PATH", required = true)]
    pub paths: Vec<PathBuf>,

    /// Predict as of this day (YYYY-MM-DD): later events are ignored [default: today].
    #[arg(long, value_name = "DATE", value_parser = parse_day)]
    pub as_of: Option<NaiveDate>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = NextFormat::Text)]
    pub format: NextFormat,

    /// Learn what usually happens next from the histories in DIR instead of the bundled
    /// ones (only their events dated before the day are learnt from).
    #[arg(long, value_name = "DIR")]
    pub history_corpus: Option<PathBuf>,
}

/// Output formats of `next`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum NextFormat {
    /// For people.
    Text,
    /// For scripts.
    Json,
    /// One row a step, for spreadsheets.
    Csv,
}

/// Output formats of `backtest`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum BacktestFormat {
    /// Tables for people.
    Text,
    /// Every score, for scripts.
    Json,
    /// The README's table.
    Markdown,
}

#[derive(Debug, Args)]
pub(crate) struct BacktestArgs {
    /// History files or directories of them [default: ./fixtures, in intervene's own
    /// repository].
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = BacktestFormat::Text)]
    pub format: BacktestFormat,
}

/// Output formats of `due`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum DueFormat {
    /// One line a step, for people.
    Text,
    /// For scripts.
    Json,
    /// For spreadsheets, with a header row.
    Csv,
    /// iCalendar (RFC 5545): one all-day event a step, rule and source in its description.
    Ics,
}

#[derive(Debug, Args)]
pub(crate) struct DueArgs {
    /// History files or directories of them [default: ./fixtures, in intervene's own
    /// repository].
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// The period from the day: `30d`, `6w`, `3m` (months of 30 days) [default: 30d].
    #[arg(long, value_name = "SPAN", value_parser = parse_span, conflicts_with = "between")]
    pub within: Option<u64>,

    /// The period between two days (YYYY-MM-DD), both included.
    #[arg(long, value_names = ["FROM", "TO"], num_args = 2, value_parser = parse_day)]
    pub between: Option<Vec<NaiveDate>>,

    /// List as of this day (YYYY-MM-DD): later events are ignored, and steps due before
    /// it are overdue [default: today].
    #[arg(long, value_name = "DATE", value_parser = parse_day)]
    pub as_of: Option<NaiveDate>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = DueFormat::Text)]
    pub format: DueFormat,

    /// Write to FILE (whole or not at all) instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Learn what usually happens next from the histories in DIR instead of the bundled
    /// ones.
    #[arg(long, value_name = "DIR")]
    pub history_corpus: Option<PathBuf>,
}

fn parse_span(text: &str) -> Result<u64, String> {
    let bad = || format!("`{text}` is not a period: write e.g. 30d, 6w or 3m");
    let (number, unit) = text.split_at(text.len().saturating_sub(1));
    let n: u64 = number.parse().map_err(|_| bad())?;
    let per = match unit {
        "d" => 1,
        "w" => 7,
        "m" => 30,
        _ => return Err(bad()),
    };
    Ok(n * per)
}

/// Report formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ReportFormat {
    /// Plain text.
    Text,
    /// Markdown (renders on Git forges, Mermaid diagram included).
    Markdown,
    /// JSON, for scripts.
    Json,
    /// One self-contained HTML page with timelines.
    Html,
    /// The summary, one row a council, for spreadsheets.
    Csv,
}

#[derive(Debug, Args)]
pub(crate) struct ReportArgs {
    /// History files or directories of them [default: ./fixtures, in intervene's own
    /// repository].
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Report as of this day (YYYY-MM-DD): later events are left out [default: today].
    #[arg(long, value_name = "DATE", value_parser = parse_day)]
    pub as_of: Option<NaiveDate>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
    pub format: ReportFormat,

    /// Write to FILE (whole or not at all) instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Learn what usually happens next from the histories in DIR instead of the bundled
    /// ones.
    #[arg(long, value_name = "DIR")]
    pub history_corpus: Option<PathBuf>,
}

/// Event-log formats of `export`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ExportFormat {
    /// CSV with a header row: one row per event (PM4Py, Celonis, spreadsheets).
    Csv,
    /// JSON Lines: one object per event, keyed as the CSV's columns.
    Jsonl,
    /// XES (IEEE 1849): one trace per council (PM4Py, ProM).
    Xes,
}

#[derive(Debug, Args)]
pub(crate) struct ExportArgs {
    /// History files or directories of them [default: ./fixtures, in intervene's own
    /// repository].
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Event-log format.
    #[arg(long, value_enum, default_value_t = ExportFormat::Csv)]
    pub format: ExportFormat,

    /// Write to FILE (whole or not at all) instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// Output formats of `synth`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum SynthFormat {
    /// One history file per council, in a new directory.
    Yaml,
    /// One CSV event log, as `export --format csv` writes it.
    Csv,
    /// One JSON Lines event log, as `export --format jsonl` writes it.
    Jsonl,
}

#[derive(Debug, Args)]
pub(crate) struct SynthArgs {
    /// How many councils to make.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..=10_000_000))]
    pub councils: u64,

    /// The same seed gives the same councils, on any machine.
    #[arg(long, value_name = "S", default_value_t = 1)]
    pub seed: u64,

    /// Output format.
    #[arg(long, value_enum, default_value_t = SynthFormat::Yaml)]
    pub format: SynthFormat,

    /// Percentage of councils (0-100) to break on purpose: a step a rule expects is left
    /// out or made late. What was broken goes to the answer file.
    #[arg(long, value_name = "PERCENT", default_value_t = 0,
          value_parser = clap::value_parser!(u32).range(0..=100))]
    pub faults: u32,

    /// Where to write the answer file (JSON: per council, the day to check it as of and
    /// the fault put in, if any). Default with --faults: OUTPUT.answers.json.
    #[arg(long, value_name = "FILE")]
    pub answers: Option<PathBuf>,

    /// A directory to create (yaml) or a file (csv, jsonl); written whole or not at all.
    #[arg(short, long, value_name = "PATH")]
    pub output: PathBuf,
}

#[derive(Debug, Args)]
pub(crate) struct FlowchartArgs {
    /// Diagram language.
    #[arg(long, default_value = "mermaid", value_parser = parse_flowchart_format)]
    pub format: FlowchartFormat,
}

fn parse_day(text: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .ok()
        .filter(|_| text.len() == 10)
        .ok_or_else(|| format!("`{text}` is not a day: write YYYY-MM-DD"))
}

fn parse_flowchart_format(text: &str) -> Result<FlowchartFormat, String> {
    text.parse()
        .map_err(|_| format!("`{text}` is not a diagram format: use mermaid or dot"))
}
