//! Throughput of reading and checking councils, and the latency of a prediction.
//!
//! `cargo bench -p intervene` (or `cargo bench`). Inputs are synthetic populations made
//! by `generate::synthesise` (seed 1, the same councils `intervene synth` writes), held
//! in memory, so the figures are the library's own work on one thread: parsing, model
//! checks, replay. The command's whole-process figures on all cores, and peak memory,
//! are measured as the README's Performance section says.
//!
//! `INTERVENE_BENCH_MAX=N` leaves out populations larger than N councils (the 100,000
//! council runs take minutes).

#![allow(missing_docs)]

use std::hint::black_box;
use std::path::Path;

use chrono::NaiveDate;
use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use intervene::checker::check;
use intervene::generate::{Shape, generate, synthesise};
use intervene::interop::{CsvLog, read_csv};
use intervene::model::{History, parse_history, write_history};
use intervene::predictor::predict;
use intervene::rules::RuleSet;

const SIZES: [u64; 3] = [1, 1_000, 100_000];

fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap_or_default()
}

fn population(rules: &RuleSet, councils: u64) -> Vec<History> {
    let width = councils.saturating_sub(1).to_string().len();
    (0..councils)
        .map(|i| synthesise(1, i, &format!("synth-{i:0width$}"), rules, 0).history)
        .collect()
}

fn events(histories: &[History]) -> u64 {
    histories.iter().map(|h| h.events.len() as u64).sum()
}

fn largest() -> u64 {
    std::env::var("INTERVENE_BENCH_MAX")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(u64::MAX)
}

fn load_and_check(c: &mut Criterion) {
    let Ok(rules) = RuleSet::bundled() else {
        panic!("the bundled rules load (a test keeps them so)");
    };
    let mut group = c.benchmark_group("load+check");
    group.sample_size(10);
    for councils in SIZES.into_iter().filter(|&n| n <= largest()) {
        let histories = population(&rules, councils);
        group.throughput(Throughput::Elements(events(&histories)));

        let texts: Vec<(String, String)> = histories
            .iter()
            .map(|h| (format!("{}.yaml", h.council), write_history(h)))
            .collect();
        group.bench_function(format!("yaml/{councils}"), |b| {
            b.iter(|| {
                for (name, text) in &texts {
                    if let Ok(history) = parse_history(Path::new(name), text) {
                        black_box(check(&history, &rules, as_of()));
                    }
                }
            })
        });

        let log = CsvLog::new(Vec::new())
            .and_then(|mut log| {
                histories.iter().try_for_each(|h| log.write(h))?;
                log.finish()
            })
            .unwrap_or_default();
        group.bench_function(format!("csv/{councils}"), |b| {
            b.iter_batched(
                || log.as_slice(),
                |bytes| {
                    for history in read_csv(bytes).flatten() {
                        black_box(check(&history, &rules, as_of()));
                    }
                },
                BatchSize::SmallInput,
            )
        });
    }
    group.finish();
}

fn prediction(c: &mut Criterion) {
    let Ok(rules) = RuleSet::bundled() else {
        panic!("the bundled rules load (a test keeps them so)");
    };
    // Councils through one to three interventions: the ones with most to predict.
    let busy: Vec<History> = (0..200)
        .map(|i| generate(i, &format!("busy-{i}"), &rules, Shape::default()).history)
        .collect();
    let mut group = c.benchmark_group("predict");
    group.throughput(Throughput::Elements(busy.len() as u64));
    group.bench_function("council", |b| {
        b.iter(|| {
            for history in &busy {
                black_box(predict(history, &rules, as_of()));
            }
        })
    });
    group.finish();
}

criterion_group!(benches, load_and_check, prediction);
criterion_main!(benches);
