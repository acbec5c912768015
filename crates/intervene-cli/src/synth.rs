//! `intervene synth`: a synthetic population of councils, made in parallel in batches and
//! written in council order, so a seed gives the same bytes on any number of cores.

use std::fs;
use std::io::{self, BufWriter};
use std::path::PathBuf;

use chrono::NaiveDate;
use intervene::generate::{Fault, Synthetic, synthesise};
use intervene::interop::{CsvLog, write_jsonl};
use intervene::model::write_history;
use intervene::rules::RuleSet;
use rayon::prelude::*;
use serde::Serialize;

use crate::args::{Cli, SynthArgs, SynthFormat};
use crate::check::rule_set;
use crate::write::{Target, parent_dir, write_output};
use crate::{Console, EXIT_BAD_INPUT, EXIT_CLEAN, Pool};

/// Councils made at once: enough to keep every core busy, few enough to hold.
const BATCH: u64 = 4096;

/// The answer file: what a checker must say about each council, and when.
#[derive(Serialize)]
struct Answers {
    seed: u64,
    councils: u64,
    faults_percent: u32,
    broken: usize,
    cases: Vec<Answer>,
}

/// One council's answer.
#[derive(Serialize)]
struct Answer {
    council: String,
    /// Check as of this day: a valid history then raises no error or warning, a broken
    /// one raises its fault's finding.
    as_of: NaiveDate,
    fault: Option<Fault>,
}

pub(crate) fn run(cli: &Cli, args: &SynthArgs, console: &mut Console<'_>) -> io::Result<u8> {
    let Some(rules) = rule_set(cli, console)? else {
        return Ok(EXIT_BAD_INPUT);
    };
    let answers_path = args.answers.clone().or_else(|| {
        (args.faults > 0).then(|| {
            let mut name = args.output.clone().into_os_string();
            name.push(".answers.json");
            PathBuf::from(name)
        })
    });
    let pool = Pool::new(cli.threads);
    let made = match args.format {
        SynthFormat::Yaml => write_dir(&pool, args, &rules),
        SynthFormat::Csv | SynthFormat::Jsonl => write_log(&pool, args, &rules),
    };
    let answers = match made {
        Ok(answers) => answers,
        Err(e) => {
            writeln!(
                console.err,
                "error: cannot write {}: {e}",
                args.output.display()
            )?;
            return Ok(EXIT_BAD_INPUT);
        }
    };
    if let Some(path) = answers_path {
        let text = serde_json::to_string_pretty(&answers).map_err(io::Error::other)? + "\n";
        if !write_output(console, Some(&path), &text, &[])? {
            return Ok(EXIT_BAD_INPUT);
        }
    }
    Ok(EXIT_CLEAN)
}

/// Makes every council, batch by batch on `pool`, handing each to `sink` in council order.
fn make(
    pool: &Pool,
    args: &SynthArgs,
    rules: &RuleSet,
    mut sink: impl FnMut(&Synthetic) -> io::Result<()>,
) -> io::Result<Answers> {
    let width = (args.councils - 1).to_string().len();
    let mut cases = Vec::new();
    let mut broken = 0;
    let mut start = 0;
    while start < args.councils {
        let end = (start + BATCH).min(args.councils);
        let batch: Vec<Synthetic> = pool.install(|| {
            (start..end)
                .into_par_iter()
                .map(|i| {
                    let slug = format!("synth-{i:0width$}");
                    synthesise(args.seed, i, &slug, rules, args.faults)
                })
                .collect()
        });
        for council in batch {
            sink(&council)?;
            broken += usize::from(council.fault.is_some());
            cases.push(Answer {
                council: council.history.council,
                as_of: council.as_of,
                fault: council.fault,
            });
        }
        start = end;
    }
    Ok(Answers {
        seed: args.seed,
        councils: args.councils,
        faults_percent: args.faults,
        broken,
        cases,
    })
}

/// Writes one history file per council into a new directory, made beside the output
/// and renamed into place only once every file is written.
fn write_dir(pool: &Pool, args: &SynthArgs, rules: &RuleSet) -> io::Result<Answers> {
    let out = &args.output;
    if out.exists() && fs::read_dir(out)?.next().is_some() {
        return Err(io::Error::new(
            io::ErrorKind::AlreadyExists,
            "the directory exists and is not empty",
        ));
    }
    let temp = tempfile::Builder::new()
        .prefix(".intervene-synth-")
        .tempdir_in(parent_dir(out))?;
    let dir = temp.path().to_owned();
    let answers = make(pool, args, rules, |c| {
        let file = dir.join(format!("{}.yaml", c.history.council));
        fs::write(file, write_history(&c.history))
    })?;
    // A directory as the umask allows, not the temporary one's owner-only mode.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(&dir, fs::Permissions::from_mode(0o755))?;
    }
    // An empty directory at the output is replaced; rename never merges.
    if out.exists() {
        fs::remove_dir(out)?;
    }
    fs::rename(temp.keep(), out)?;
    Ok(answers)
}

/// Writes one event log, streamed into a temporary file renamed into place at the end.
fn write_log(pool: &Pool, args: &SynthArgs, rules: &RuleSet) -> io::Result<Answers> {
    let target = Target::of(&args.output, &[])?;
    let temp = tempfile::NamedTempFile::new_in(target.dir())?;
    let mut file = BufWriter::new(temp.reopen()?);
    let answers = if args.format == SynthFormat::Csv {
        let mut log = CsvLog::new(file)?;
        let answers = make(pool, args, rules, |c| log.write(&c.history))?;
        file = log.finish()?;
        answers
    } else {
        make(pool, args, rules, |c| write_jsonl(&mut file, &c.history))?
    };
    let file = file.into_inner().map_err(|e| e.into_error())?;
    file.sync_all()?;
    target.persist(temp)?;
    Ok(answers)
}
