//! Instruction counts under callgrind (BENCHMARKS.md, "Instructions for one call").
//!
//! `instructions PATH N` runs one path N times; the count for one call is the run with
//! N = 1000 minus the run with N = 0, divided by 1000:
//!
//! ```text
//! cargo build --release --bench instructions
//! valgrind --tool=callgrind --callgrind-out-file=/dev/null \
//!     target/release/deps/instructions-* outcome 1000
//! ```
//!
//! PATH is `outcome` or `evaluate` (the complete s44 case
//! `mandatory-condition-2-serious-known-care-home`, the adult alive), `evaluate-unknown`
//! (`undetermined-nothing-known`) or `load` (`RuleSet::from_json` of the s44 pack);
//! `numbers-nothing` and `numbers-half` are `Facts::evaluate` over the ten integer and
//! date facts and five constraints of `benches/numbers-10.json` (the cases of
//! `benches/numbers.rs`), nothing known and half known.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;
use std::path::Path;

use safeguarding_rules::{Case, RuleSet};

fn read(rel: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)).expect("input")
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (Some(path), Some(n)) = (args.get(1), args.get(2)) else {
        eprintln!(
            "usage: instructions outcome|evaluate|evaluate-unknown|load|numbers-nothing|numbers-half N"
        );
        std::process::exit(2);
    };
    let n: u32 = n.parse().expect("N");
    let pack = read("rules/care-act-2014-s44.json");
    let s44 = RuleSet::from_json(&pack).expect("s44");
    let case_file = if path == "evaluate-unknown" {
        "examples/cases/undetermined-nothing-known.json"
    } else {
        "examples/cases/mandatory-condition-2-serious-known-care-home.json"
    };
    let case = Case::from_json(&read(case_file)).expect("case");
    let facts = s44.bind(&case).expect("bind");
    match path.as_str() {
        "outcome" => (0..n).for_each(|_| {
            black_box(black_box(&facts).outcome());
        }),
        "evaluate" | "evaluate-unknown" => (0..n).for_each(|_| {
            black_box(black_box(&facts).evaluate());
        }),
        "numbers-nothing" | "numbers-half" => {
            let rules = RuleSet::from_json(&read("benches/numbers-10.json")).expect("numbers-10");
            let case = if path == "numbers-half" {
                r#"{"facts": {"age": 40, "incidents": 2, "household_size": 3,
                    "carer_age": 40, "referred_on": "2021-05-01"}}"#
            } else {
                r#"{"facts": {}}"#
            };
            let facts = rules
                .bind(&Case::from_json(case).expect("case"))
                .expect("bind");
            (0..n).for_each(|_| {
                black_box(black_box(&facts).evaluate());
            });
        }
        "load" => (0..n).for_each(|_| {
            black_box(RuleSet::from_json(black_box(&pack)).expect("s44"));
        }),
        other => {
            eprintln!("unknown path {other}");
            std::process::exit(2);
        }
    }
}
