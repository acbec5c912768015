//! The `intervene` command line, as a library so tests can run it in-process.
//!
//! Exit codes: 0 no error findings, 1 findings that count (errors, or warnings with
//! `--deny warnings`), 2 bad input or usage (or standard output could not be written),
//! 141 standard output closed early (`| head`), as the shell reports a tool that
//! SIGPIPE stopped.

mod args;
mod check;
mod due;
mod escape;
mod explain;
mod export;
mod files;
mod inputs;
mod output;
mod predict;
mod report;
mod synth;
mod write;

use std::ffi::OsString;
use std::io::{self, Write};
use std::path::Path;

use clap::{CommandFactory, Parser};

pub use args::Cli;
use args::{Command, DEFAULT_PATH};
pub use output::Console;

/// Exit code: nothing that counts was found.
pub const EXIT_CLEAN: u8 = 0;
/// Exit code: findings that count.
pub const EXIT_FINDINGS: u8 = 1;
/// Exit code: bad input or usage.
pub const EXIT_BAD_INPUT: u8 = 2;
/// Exit code: standard output was closed before the output was written (a pipe whose
/// reader stopped, as in `intervene check | head -1`): what the shell reports for a tool
/// that SIGPIPE stopped, as coreutils and git are.
pub const EXIT_BROKEN_PIPE: u8 = 141;

/// Threads per core beyond which `--threads` is cut back: more only cost memory and
/// switching (and enough of them abort the process).
const THREADS_PER_CORE: usize = 4;

/// Standard output, remembering the first error writing it met, whatever layer later
/// wraps or drops that error (a formatter's, a serialiser's).
struct Tracked<'a> {
    inner: &'a mut dyn Write,
    failed: Option<(io::ErrorKind, String)>,
}

impl Tracked<'_> {
    fn note<T>(&mut self, result: io::Result<T>) -> io::Result<T> {
        if let Err(e) = &result {
            self.failed.get_or_insert_with(|| (e.kind(), e.to_string()));
        }
        result
    }
}

impl Write for Tracked<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.failed.is_some() {
            return Err(io::Error::other("standard output failed earlier"));
        }
        let result = self.inner.write(buf);
        self.note(result)
    }

    fn flush(&mut self) -> io::Result<()> {
        if self.failed.is_some() {
            return Err(io::Error::other("standard output failed earlier"));
        }
        let result = self.inner.flush();
        self.note(result)
    }
}

/// Runs `op` on a pool of `threads` threads (one per core when 0), so `--threads` bounds
/// every parallel step of a command.
pub(crate) fn on_threads<R: Send>(threads: usize, op: impl FnOnce() -> R + Send) -> R {
    Pool::new(threads).install(op)
}

/// A pool of `--threads` threads, for a command that runs many parallel steps (a batch
/// of an event log at a time) and should not start threads for each.
pub(crate) struct Pool(Option<rayon::ThreadPool>);

impl Pool {
    /// A pool of `threads` threads, one per core when 0.
    pub(crate) fn new(threads: usize) -> Self {
        Self(
            rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .ok(),
        )
    }

    /// Runs `op` on this thread with a scope whose spawned jobs run on the pool, so the
    /// caller can keep the pool fed and take results as they finish.
    pub(crate) fn in_place_scope<'s, R>(&self, op: impl FnOnce(&rayon::Scope<'s>) -> R) -> R {
        match &self.0 {
            Some(pool) => pool.in_place_scope(op),
            None => rayon::in_place_scope(op),
        }
    }

    /// The number of threads jobs run on.
    pub(crate) fn threads(&self) -> usize {
        match &self.0 {
            Some(pool) => pool.current_num_threads(),
            None => rayon::current_num_threads(),
        }
    }

    /// Runs `op` on the pool.
    pub(crate) fn install<R: Send>(&self, op: impl FnOnce() -> R + Send) -> R {
        match &self.0 {
            Some(pool) => pool.install(op),
            // No threads to be had: rayon's global pool still runs it.
            None => op(),
        }
    }
}

/// Runs the command line `args` (program name first) against `console`; returns the exit
/// code. Standard output is flushed before it returns: a failure to write it is reported
/// on standard error (`error: cannot write standard output: …`, exit 2), except a closed
/// pipe, which ends the run quietly ([`EXIT_BROKEN_PIPE`]).
pub fn run<I, T>(args: I, console: &mut Console<'_>) -> u8
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let mut out = Tracked {
        inner: &mut *console.out,
        failed: None,
    };
    let mut inner = Console {
        out: &mut out,
        err: &mut *console.err,
        out_is_terminal: console.out_is_terminal,
        err_is_terminal: console.err_is_terminal,
        no_color: console.no_color,
    };
    let code = run_command(args, &mut inner);
    let _ = out.flush();
    match out.failed {
        None => code,
        Some((io::ErrorKind::BrokenPipe, _)) => EXIT_BROKEN_PIPE,
        Some((_, message)) => {
            let _ = writeln!(
                console.err,
                "error: cannot write standard output: {message}"
            );
            EXIT_BAD_INPUT
        }
    }
}

/// Runs one command line; an error writing standard output is left for [`run`] to report.
fn run_command<I, T>(args: I, console: &mut Console<'_>) -> u8
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let mut cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() {
                EXIT_BAD_INPUT
            } else {
                EXIT_CLEAN
            };
            let text = e.render().to_string();
            let sink: &mut dyn Write = if e.use_stderr() {
                console.err
            } else {
                console.out
            };
            let _ = write!(sink, "{text}");
            return code;
        }
    };
    if let Some((name, paths)) = cli.command.defaulted_paths()
        && paths.is_empty()
    {
        if Path::new(DEFAULT_PATH).is_dir() {
            paths.push(DEFAULT_PATH.into());
        } else {
            let _ = write!(console.err, "{}", no_paths(name));
            return EXIT_BAD_INPUT;
        }
    }
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    let most = THREADS_PER_CORE * cores;
    if cli.threads > most {
        let _ = writeln!(
            console.err,
            "warning: --threads {} is more than {THREADS_PER_CORE} per core ({cores} cores here); using {most}",
            cli.threads
        );
        cli.threads = most;
    }
    let cli = cli;
    let result = match &cli.command {
        Command::Check(args) => check::run(&cli, args, console),
        Command::Rules(args) => check::rules(&cli, args, console),
        Command::Next(args) => predict::next(&cli, args, console),
        Command::Backtest(args) => predict::backtest(&cli, args, console),
        Command::Due(args) => due::run(&cli, args, console),
        Command::Report(args) => report::run(&cli, args, console),
        Command::Export(args) => export::run(&cli, args, console),
        Command::Synth(args) => synth::run(&cli, args, console),
        Command::Census(args) => check::census(&cli, args, console),
        Command::Completions(args) => {
            let mut script = Vec::new();
            // clap_complete panics if its writer fails; a Vec cannot, and the console's
            // own failure (a closed pipe) is then an error like any other output's.
            clap_complete::generate(args.shell, &mut Cli::command(), "intervene", &mut script);
            console.out.write_all(&script).map(|_| EXIT_CLEAN)
        }
        Command::Man => clap_mangen::Man::new(Cli::command())
            .render(&mut *console.out)
            .map(|_| EXIT_CLEAN),
        Command::Schema => {
            let schema = intervene::model::history_schema_text();
            console.out.write_all(schema.as_bytes()).map(|_| EXIT_CLEAN)
        }
        Command::Flowchart(args) => {
            let chart = intervene::machine::render_flowchart(args.format);
            console.out.write_all(chart.as_bytes()).map(|_| EXIT_CLEAN)
        }
    };
    // An error writing standard output is reported by `run`, which saw it first; any
    // other (standard error gone) cannot be reported anywhere.
    result.unwrap_or(EXIT_BAD_INPUT)
}

/// What `intervene NAME` without a PATH says where there is no `./fixtures` (outside
/// intervene's own repository): the bundled histories are not a default there, so it
/// says what to pass, in clap's words and layout.
fn no_paths(name: &str) -> String {
    let mut command = Cli::command();
    command.build();
    let message = format!(
        "no PATH given, and no ./{DEFAULT_PATH} here to read instead\n\n\
         Name the history files (*.yaml) or directories of them: `intervene {name} councils/`.\n\
         ./{DEFAULT_PATH}, the default, is the bundled histories in intervene's own repository."
    );
    match command.find_subcommand_mut(name) {
        Some(sub) => sub.error(clap::error::ErrorKind::MissingRequiredArgument, message),
        None => command.error(clap::error::ErrorKind::MissingRequiredArgument, message),
    }
    .render()
    .to_string()
}
