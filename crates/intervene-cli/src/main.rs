//! The `intervene` command.

use std::io::IsTerminal;
use std::process::ExitCode;

fn main() -> ExitCode {
    let stdout = std::io::stdout();
    let stderr = std::io::stderr();
    let mut console = intervene_cli::Console {
        out_is_terminal: stdout.is_terminal(),
        err_is_terminal: stderr.is_terminal(),
        no_color: std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()),
        out: &mut stdout.lock(),
        err: &mut stderr.lock(),
    };
    ExitCode::from(intervene_cli::run(std::env::args_os(), &mut console))
}
