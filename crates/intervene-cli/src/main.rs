//! The `intervene` command.

use std::io::{BufWriter, IsTerminal};
use std::process::ExitCode;

// mimalloc: checking a large log allocates and frees millions of small values across
// threads, where it is several times faster than the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let stdout = std::io::stdout();
    let stderr = std::io::stderr();
    // Buffered: a JSON document for 100,000 councils is millions of lines, and standard
    // output on its own flushes at every one.
    let mut out = BufWriter::with_capacity(1 << 16, stdout.lock());
    let mut console = intervene_cli::Console {
        out_is_terminal: stdout.is_terminal(),
        err_is_terminal: stderr.is_terminal(),
        no_color: std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()),
        out: &mut out,
        err: &mut stderr.lock(),
    };
    // `run` flushes standard output itself and reports a failure to write it.
    let code = intervene_cli::run(std::env::args_os(), &mut console);
    ExitCode::from(code)
}
