//! `intervene next` and `intervene backtest`.

use std::borrow::Cow;
use std::io::{self, Write};
use std::path::PathBuf;

use intervene::predictor::{Corpus, Prediction, backtest as score, predict_and_forecast};
use intervene::reports::{
    backtest_markdown, write_backtest_text, write_forecast_text, write_prediction_text,
};

use crate::args::{BacktestArgs, BacktestFormat, Cli, NextArgs, NextFormat};
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
    let Some(corpus) = corpus(cli, args.history_corpus.as_ref(), console)? else {
        return Ok(EXIT_BAD_INPUT);
    };
    let loaded = inputs::load(cli, &args.paths);
    loaded.report_errors(cli, console)?;
    let predictions: Vec<Prediction> = loaded
        .histories
        .iter()
        .map(|h| predict_and_forecast(h, &rules, as_of, &corpus))
        .collect();
    match args.format {
        NextFormat::Text => {
            let mut out = console.out_text();
            for (history, prediction) in loaded.histories.iter().zip(&predictions) {
                write_prediction_text(&mut out, &history.name, prediction)?;
                if let Some(forecast) = &prediction.forecast {
                    write_forecast_text(&mut out, forecast)?;
                }
                writeln!(out)?;
            }
            out.flush()?;
        }
        NextFormat::Json => json(console, &predictions)?,
        NextFormat::Csv => {
            let mut out = console.out_text();
            intervene::reports::write_steps_csv(&mut out, &predictions)?;
            out.flush()?;
        }
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
        BacktestFormat::Text => {
            let mut out = console.out_text();
            write_backtest_text(&mut out, &scores)?;
            out.flush()?;
        }
        BacktestFormat::Json => json(console, &scores)?,
        BacktestFormat::Markdown => write!(console.out, "{}", backtest_markdown(&scores))?,
    }
    Ok(if loaded.errors.is_empty() {
        EXIT_CLEAN
    } else {
        EXIT_BAD_INPUT
    })
}

/// What forecasts learn from: the histories in `dir`, or the bundled ones. `None` when
/// `dir` holds a history that does not read (reported).
pub(crate) fn corpus(
    cli: &Cli,
    dir: Option<&PathBuf>,
    console: &mut Console<'_>,
) -> io::Result<Option<Cow<'static, Corpus>>> {
    let Some(dir) = dir else {
        return Ok(Some(Cow::Borrowed(Corpus::bundled())));
    };
    let loaded = inputs::load(cli, std::slice::from_ref(dir));
    loaded.report_errors(cli, console)?;
    if !loaded.errors.is_empty() {
        return Ok(None);
    }
    Ok(Some(Cow::Owned(Corpus::learn(&loaded.histories))))
}
