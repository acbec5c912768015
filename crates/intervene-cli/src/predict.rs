//! `intervene next` and `intervene backtest`.

use std::io::{self, Write};

use intervene::predictor::{Prediction, backtest as score, predict};
use intervene::reports::{write_backtest_text, write_prediction_text};

use crate::args::{BacktestArgs, Cli, Format, NextArgs};
use crate::check::{rule_set, today};
use crate::{Console, EXIT_BAD_INPUT, EXIT_CLEAN, inputs};

fn json(console: &mut Console<'_>, value: &impl serde::Serialize) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *console.out, value).map_err(io::Error::other)?;
    writeln!(console.out)
}

pub(crate) fn next(cli: &Cli, args: &NextArgs, console: &mut Console<'_>) -> io::Result<u8> {
    let Some(rules) = rule_set(cli, console)? else {
        return Ok(EXIT_BAD_INPUT);
    };
    let as_of = args.as_of.unwrap_or_else(today);
    let loaded = inputs::load(cli, &args.paths);
    loaded.report_errors(cli, console)?;
    let predictions: Vec<Prediction> = loaded
        .histories
        .iter()
        .map(|h| predict(h, &rules, as_of))
        .collect();
    match args.format {
        Format::Text => {
            let mut out = console.out_text();
            for (history, prediction) in loaded.histories.iter().zip(&predictions) {
                write_prediction_text(&mut out, &history.name, prediction)?;
                writeln!(out)?;
            }
            out.flush()?;
        }
        Format::Json => json(console, &predictions)?,
    }
    Ok(if loaded.errors.is_empty() {
        EXIT_CLEAN
    } else {
        EXIT_BAD_INPUT
    })
}

pub(crate) fn backtest(
    cli: &Cli,
    args: &BacktestArgs,
    console: &mut Console<'_>,
) -> io::Result<u8> {
    let Some(rules) = rule_set(cli, console)? else {
        return Ok(EXIT_BAD_INPUT);
    };
    let loaded = inputs::load(cli, &args.paths);
    loaded.report_errors(cli, console)?;
    let scores = score(&loaded.histories, &rules);
    match args.format {
        Format::Text => {
            let mut out = console.out_text();
            write_backtest_text(&mut out, &scores)?;
            out.flush()?;
        }
        Format::Json => json(console, &scores)?,
    }
    Ok(if loaded.errors.is_empty() {
        EXIT_CLEAN
    } else {
        EXIT_BAD_INPUT
    })
}
