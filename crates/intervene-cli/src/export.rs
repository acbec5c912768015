//! `intervene export`.

use std::io;

use intervene::interop::{to_csv, to_jsonl, to_xes};

use crate::args::{Cli, ExportArgs, ExportFormat};
use crate::write::write_output;
use crate::{Console, EXIT_BAD_INPUT, EXIT_CLEAN, inputs};

pub(crate) fn run(cli: &Cli, args: &ExportArgs, console: &mut Console<'_>) -> io::Result<u8> {
    let loaded = inputs::load(cli, &args.paths);
    loaded.report_errors(cli, console)?;
    let text = match args.format {
        ExportFormat::Csv => to_csv(&loaded.histories),
        ExportFormat::Jsonl => to_jsonl(&loaded.histories),
        ExportFormat::Xes => to_xes(&loaded.histories),
    };
    let written = write_output(console, args.output.as_deref(), &text, &loaded.read)?;
    Ok(if written && loaded.errors.is_empty() {
        EXIT_CLEAN
    } else {
        EXIT_BAD_INPUT
    })
}
