//! The report against replay alone, on every core (issue 18).
//!
//! - `report/replay_alone` and `report/whole_report`: the same batch of 20,000 records
//!   (4,000 cases, five records each), split across every core with `std::thread::scope`:
//!   replay alone (`replay` on each line) beside the whole report (a `Tally` per run of
//!   lines, merged in line order, then `finish`). Throughput in records per second.
//! - With `SGR_REPORT_MILLION=1` (or a number of records, such as 100000): after
//!   criterion, a million records (200,000 cases, five
//!   records each, each case's records far apart in the log as dates make them) generated in
//!   memory in batches of 10,000 (about 100 MB of text a batch, never a file), each batch
//!   replayed alone and then tallied into one report kept across batches, on every core;
//!   prints both rates, their ratio and the peak memory (`VmHWM`).
//!
//! Run with `cargo bench --bench report` (`SGR_REPORT_MILLION=1 cargo bench --bench report`
//! for the million).

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{Criterion, Throughput};
use safeguarding_rules::{Determination, Options, Record, RuleBook, Tally, Verdict, replay};
use serde_json::{Map, Value, json};

#[path = "../examples/common/splitmix.rs"]
mod splitmix;

use splitmix::SplitMix;

/// Distinct fact sets, each evaluated once; a record takes one and its own reference and
/// date (which the determination does not depend on), so generating a million records costs
/// serialising them, not evaluating them.
const TEMPLATES: usize = 2_000;
const VISITS: usize = 5;

const FACTS: [(&str, &[&str]); 9] = [
    ("age_18_or_over", &["true", "false"]),
    ("in_board_area", &["true", "true", "false"]),
    ("care_and_support_needs", &["true", "true", "false"]),
    ("joint_working_concern", &["true", "false"]),
    ("adult_status", &["alive", "died"]),
    (
        "death_from_abuse_or_neglect",
        &["known", "suspected", "not_suspected"],
    ),
    (
        "serious_abuse_or_neglect",
        &["known", "suspected", "not_suspected"],
    ),
    ("permanent_harm", &["known", "suspected", "not_suspected"]),
    ("la_meeting_needs", &["true", "false"]),
];

/// Fact sets with their determinations: some facts left out, some `null`.
fn templates(book: &RuleBook) -> Vec<(Map<String, Value>, Determination)> {
    let mut rng = SplitMix(18);
    (0..TEMPLATES)
        .map(|_| {
            let mut facts = Map::new();
            for (fact, values) in FACTS {
                let value = match rng.below(8) {
                    0 => continue,
                    1 => Value::Null,
                    _ => match values[rng.below(values.len())] {
                        "true" => json!(true),
                        "false" => json!(false),
                        s => json!(s),
                    },
                };
                if fact == "death_from_abuse_or_neglect"
                    && facts.get("adult_status") != Some(&json!("died"))
                {
                    continue;
                }
                facts.insert(fact.to_string(), value);
            }
            let case = json!({"facts": facts});
            let record = Record::from_book(book, case, Options::default()).expect("a valid case");
            (facts, record.determination)
        })
        .collect()
}

/// Record `g` of a log of `cases` cases: case `g % cases`, its visit `g / cases`, dated so
/// that a case's visits come in order, two months apart.
fn record(templates: &[(Map<String, Value>, Determination)], cases: usize, g: usize) -> String {
    let (case, visit) = (g % cases, g / cases);
    let (facts, determination) = &templates[(case * 7 + visit) % templates.len()];
    let as_of = format!("2024-{:02}-{:02}", 1 + visit * 2 + case % 2, 1 + case % 28);
    let mut given = json!({"rule_set": "care-act-2014-s44", "reference": format!("c{case:06}"),
        "as_of": as_of, "facts": facts});
    if case % 3 == 0 {
        let source = ["police", "hospital", "gp"][case % 9 / 3];
        given["referral"] = json!({"source": source, "received_on": "2023-12-01"});
    }
    Record::from_parts_unchecked(given, determination.clone()).to_json_line()
}

fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// Replay alone on every core: the number matched.
fn replay_all(book: &RuleBook, lines: &[String]) -> usize {
    let size = lines.len().div_ceil(cores()).max(1);
    std::thread::scope(|s| {
        let handles: Vec<_> = lines
            .chunks(size)
            .map(|run| {
                s.spawn(move || {
                    run.iter()
                        .filter(|l| replay(book, l).verdict == Verdict::Matched)
                        .count()
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap_or(0)).sum()
    })
}

/// The tally of a batch on every core, merged in line order.
fn tally_all<'b>(book: &'b RuleBook, lines: &[String]) -> Tally<'b> {
    let size = lines.len().div_ceil(cores()).max(1);
    let tallies: Vec<Tally<'b>> = std::thread::scope(|s| {
        let handles: Vec<_> = lines
            .chunks(size)
            .map(|run| {
                s.spawn(move || {
                    let mut t = Tally::new(book, None);
                    run.iter().for_each(|l| t.add(l));
                    t
                })
            })
            .collect();
        handles.into_iter().filter_map(|h| h.join().ok()).collect()
    });
    let mut merged = Tally::new(book, None);
    tallies.into_iter().for_each(|t| merged.merge(t));
    merged
}

fn batch(c: &mut Criterion) {
    let book = RuleBook::embedded();
    let templates = templates(&book);
    let (cases, n) = (4_000, 20_000);
    let lines: Vec<String> = (0..n).map(|g| record(&templates, cases, g)).collect();
    assert_eq!(
        replay_all(&book, &lines),
        n,
        "every generated record matches"
    );
    let mut group = c.benchmark_group("report");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(20));
    group.throughput(Throughput::Elements(n as u64));
    group.bench_function("replay_alone", |b| {
        b.iter(|| black_box(replay_all(&book, &lines)))
    });
    group.bench_function("whole_report", |b| {
        b.iter(|| black_box(tally_all(&book, &lines).finish()))
    });
    group.finish();
}

fn peak_memory() -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM"))
                .map(str::to_string)
        })
        .unwrap_or_else(|| "VmHWM unknown".to_string())
}

/// A million records (or as many as `SGR_REPORT_MILLION` gives, a multiple of 50,000), in
/// batches, replayed alone and tallied side by side.
fn million(total: usize) {
    let book = RuleBook::embedded();
    let templates = templates(&book);
    let batch = 10_000;
    let total = total.div_ceil(VISITS * batch) * VISITS * batch;
    let cases = total / VISITS;
    let mut tally = Tally::new(&book, None);
    let (mut replaying, mut reporting) = (Duration::ZERO, Duration::ZERO);
    for start in (0..total).step_by(batch) {
        let lines: Vec<String> = (start..start + batch)
            .map(|g| record(&templates, cases, g))
            .collect();
        let t = Instant::now();
        let matched = replay_all(&book, &lines);
        replaying += t.elapsed();
        assert_eq!(matched, batch);
        let t = Instant::now();
        tally.merge(tally_all(&book, &lines));
        reporting += t.elapsed();
    }
    let t = Instant::now();
    let report = tally.finish();
    reporting += t.elapsed();
    assert_eq!(report.records.read as usize, total);
    assert_eq!(report.rule_sets[0].figures.cases as usize, cases);
    let rate = |d: Duration| total as f64 / d.as_secs_f64();
    println!(
        "million: {total} records, {cases} cases, {} cores: replay alone {:.0} records/s ({:.1} s), whole report {:.0} records/s ({:.1} s), ratio {:.2}; {}",
        cores(),
        rate(replaying),
        replaying.as_secs_f64(),
        rate(reporting),
        reporting.as_secs_f64(),
        replaying.as_secs_f64() / reporting.as_secs_f64(),
        peak_memory()
    );
}

fn main() {
    let mut c = Criterion::default().configure_from_args();
    batch(&mut c);
    c.final_summary();
    if let Some(n) = std::env::var_os("SGR_REPORT_MILLION") {
        million(n.to_str().and_then(|n| n.parse().ok()).unwrap_or(1_000_000));
    }
}
