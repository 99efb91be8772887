//! Benchmarks over the example cases.
//!
//! Groups:
//! - `evaluate/prepared/<case>`: bound facts evaluated to a full `Determination`, one
//!   benchmark per example case (the s44 cases and the lantern case).
//! - `evaluate/json_to_json`: every s44 example case, JSON text in, `evaluate_json`, then
//!   `Determination::to_json` out, all cases in one iteration.
//! - `load/s44`: `RuleSet::from_json` of the s44 rule file (parse, validate, compile).
//!
//! Run with `cargo bench --bench evaluate`. Every input is read and checked once at
//! startup, in file-name order, so the set of inputs is the same on every run.

use std::fs;
use std::hint::black_box;
use std::path::{Path, PathBuf};

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use safeguarding_rules::{Case, RuleSet};

const S44_ID: &str = "care-act-2014-s44";

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()))
}

/// The s44 example cases as (file stem, JSON text), sorted by file name.
fn s44_cases() -> Vec<(String, String)> {
    let dir = root().join("examples/cases");
    let mut paths: Vec<PathBuf> = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("listing {}: {e}", dir.display()))
        .map(|entry| entry.expect("directory entry").path())
        .filter(|p| p.extension().is_some_and(|ext| ext == "json"))
        .collect();
    paths.sort();
    assert!(!paths.is_empty(), "no example cases in {}", dir.display());
    paths
        .iter()
        .map(|p| {
            let stem = p
                .file_stem()
                .expect("file stem")
                .to_string_lossy()
                .into_owned();
            (stem, read(p))
        })
        .collect()
}

fn parse_case(stem: &str, text: &str) -> Case {
    Case::from_json(text).unwrap_or_else(|e| panic!("case {stem}: {e}"))
}

fn bench_prepared(c: &mut Criterion) {
    let s44 = RuleSet::embedded(S44_ID).expect("embedded s44 pack");
    let lantern_text = read(&root().join("examples/rules/lantern-act.json"));
    let lantern = RuleSet::from_json(&lantern_text).expect("lantern rule file loads");

    // (stem, rule set, case), bound once below; binding is outside the timed loop.
    let mut inputs: Vec<(String, &RuleSet, Case)> = s44_cases()
        .into_iter()
        .map(|(stem, text)| {
            let case = parse_case(&stem, &text);
            (stem, &s44, case)
        })
        .collect();
    let lantern_case_text = read(&root().join("examples/rules/lantern-case.json"));
    inputs.push((
        "lantern-case".to_owned(),
        &lantern,
        parse_case("lantern-case", &lantern_case_text),
    ));

    let mut group = c.benchmark_group("evaluate/prepared");
    for (stem, rules, case) in &inputs {
        let facts = rules
            .bind(case)
            .unwrap_or_else(|e| panic!("binding {stem}: {e}"));
        group.bench_with_input(BenchmarkId::from_parameter(stem), &facts, |b, facts| {
            b.iter(|| black_box(facts).evaluate());
        });
    }
    group.finish();
}

fn bench_json_to_json(c: &mut Criterion) {
    let s44 = RuleSet::embedded(S44_ID).expect("embedded s44 pack");
    let texts: Vec<String> = s44_cases().into_iter().map(|(_, text)| text).collect();
    // Every case must evaluate, so the loop below never measures an error path.
    for text in &texts {
        s44.evaluate_json(text).expect("example case evaluates");
    }

    let mut group = c.benchmark_group("evaluate");
    group.throughput(Throughput::Elements(texts.len() as u64));
    group.bench_function("json_to_json", |b| {
        b.iter(|| {
            for text in &texts {
                let det = s44
                    .evaluate_json(black_box(text))
                    .expect("example case evaluates");
                black_box(det.to_json());
            }
        });
    });
    group.finish();
}

fn bench_load(c: &mut Criterion) {
    let text = read(&root().join("rules/care-act-2014-s44.json"));
    RuleSet::from_json(&text).expect("s44 rule file loads");

    let mut group = c.benchmark_group("load");
    group.bench_function("s44", |b| {
        b.iter(|| RuleSet::from_json(black_box(&text)).expect("s44 rule file loads"));
    });
    group.finish();
}

criterion_group!(benches, bench_prepared, bench_json_to_json, bench_load);
criterion_main!(benches);
