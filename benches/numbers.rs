//! Integer and date facts with constraints (issue 15): a rule set of ten integer and date
//! facts, five constraints between them, five rules and six outcomes
//! (`benches/numbers-10.json`, an invented law), each full determination (trace, possible
//! outcomes, missing facts with their per-interval answers, next question, notes):
//!
//! - `numbers/nothing_known`: no fact given;
//! - `numbers/half_known`: five of the ten given (an age, a count, a household size, a
//!   carer's age and a date), the outcome still open among three, so the constraints
//!   force one fact and narrow the others' answers;
//! - `numbers/load`: load, validate and compile the rule file (its drop not timed);
//! - `numbers/s44_nothing_known`: the s44 pack, nothing known, in the same run, for the
//!   ratio.
//!
//! Run with `cargo bench --bench numbers`.

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use safeguarding_rules::{Case, RuleSet};

fn read(rel: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)).expect("input")
}

const NOTHING: &str = r#"{"rule_set": "numbers-10", "facts": {}}"#;
const HALF: &str = r#"{"rule_set": "numbers-10", "facts": {"age": 40, "incidents": 2,
    "household_size": 3, "carer_age": 40, "referred_on": "2021-05-01"}}"#;

fn bench_numbers(c: &mut Criterion) {
    let text = read("benches/numbers-10.json");
    let rules = RuleSet::from_json(&text).expect("numbers-10 loads");
    let nothing = Case::from_json(NOTHING).expect("a case");
    let half = Case::from_json(HALF).expect("a case");
    let nothing = rules.bind(&nothing).expect("binds");
    let half = rules.bind(&half).expect("binds");
    // What is measured, checked once: both open, the half-known case narrowed.
    let det = nothing.evaluate();
    assert_eq!(det.possible_outcomes.len(), 6);
    assert_eq!(det.missing_facts.len(), 10);
    let det = half.evaluate();
    assert_eq!(
        det.possible_outcomes,
        ["household_review", "older_person_review", "no_review"]
    );
    assert_eq!(det.missing_facts.len(), 4);
    let s44 = RuleSet::embedded("care-act-2014-s44").expect("s44");
    let s44_nothing = s44
        .bind(&Case::from_json(r#"{"facts": {}}"#).expect("a case"))
        .expect("binds");

    let mut g = c.benchmark_group("numbers");
    g.bench_function("nothing_known", |b| {
        b.iter(|| black_box(black_box(&nothing).evaluate()))
    });
    g.bench_function("half_known", |b| {
        b.iter(|| black_box(black_box(&half).evaluate()))
    });
    g.bench_function("load", |b| {
        b.iter_with_large_drop(|| RuleSet::from_json(black_box(&text)).expect("loads"))
    });
    g.bench_function("s44_nothing_known", |b| {
        b.iter(|| black_box(black_box(&s44_nothing).evaluate()))
    });
    g.finish();
}

criterion_group!(benches, bench_numbers);
criterion_main!(benches);
