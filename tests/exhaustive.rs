//! Every partial case over the outcome-relevant facts of the s44 pack: the engine and the
//! independent reference model (`tests/reference`) must give the same `outcome` and
//! `possible_outcomes`.
//!
//! Four bool facts (absent, true, false), `adult_status` (absent, alive, died) and five
//! knowledge facts (absent, known, suspected, not_suspected): 3^4 · 3 · 4^5 = 248,832 cases.

mod reference;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use reference::{BOOL_FACTS, Case, KNOWLEDGE_FACTS};
use safeguarding_rules::RuleSet;
use serde_json::{Map, Value, json};

const TOTAL: usize = 81 * 3 * 1024;
const THREADS: usize = 2;

/// The choices of case number `n`, as the JSON each fact is given (`None`: absent).
fn case(n: usize) -> Vec<(&'static str, Option<Value>)> {
    let mut n = n;
    let mut digit = |base: usize| {
        let d = n % base;
        n /= base;
        d
    };
    let mut facts = Vec::with_capacity(10);
    for id in BOOL_FACTS {
        let v = match digit(3) {
            0 => None,
            1 => Some(json!(true)),
            _ => Some(json!(false)),
        };
        facts.push((id, v));
    }
    let status = match digit(3) {
        0 => None,
        1 => Some(json!("alive")),
        _ => Some(json!("died")),
    };
    facts.push(("adult_status", status));
    for id in KNOWLEDGE_FACTS {
        let v = match digit(4) {
            0 => None,
            1 => Some(json!("known")),
            2 => Some(json!("suspected")),
            _ => Some(json!("not_suspected")),
        };
        facts.push((id, v));
    }
    facts
}

/// The embedded s44 pack, loaded from its text so that a broken pack reports why.
fn load_s44() -> RuleSet {
    let text = safeguarding_rules::embedded_rule_files()
        .iter()
        .find(|t| serde_json::from_str::<Value>(t).is_ok_and(|v| v["id"] == "care-act-2014-s44"))
        .expect("the s44 pack is embedded");
    RuleSet::from_json(text).unwrap_or_else(|e| panic!("the s44 pack does not load: {e}"))
}

#[test]
fn engine_agrees_with_the_reference_model_on_every_partial_case() {
    let rules = load_s44();
    let checked = AtomicUsize::new(0);
    let started = Instant::now();
    // (facts given, message): the simplest disagreements are shown first.
    let mut failures: Vec<(usize, String)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..THREADS)
            .map(|t| {
                let rules = &rules;
                let checked = &checked;
                scope.spawn(move || {
                    let mut failures = Vec::new();
                    for n in (t..TOTAL).step_by(THREADS) {
                        let mut facts = rules.facts();
                        let mut given = Map::new();
                        for (id, value) in case(n) {
                            if let Some(v) = value {
                                facts.set(id, v.clone()).expect("a declared value");
                                given.insert(id.to_string(), v);
                            }
                        }
                        let det = facts.evaluate();
                        let reference = Case::from_facts(&given);
                        let expected_outcome = reference.outcome_id();
                        let expected_possible = reference.possible_outcome_ids();
                        if det.outcome != expected_outcome
                            || det.possible_outcomes != expected_possible
                        {
                            let message = format!(
                                "case {}: engine {} {:?}, reference {} {:?}",
                                Value::Object(given.clone()),
                                det.outcome,
                                det.possible_outcomes,
                                expected_outcome,
                                expected_possible
                            );
                            failures.push((given.len(), message));
                        }
                        checked.fetch_add(1, Ordering::Relaxed);
                    }
                    failures
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("a checking thread panicked"))
            .collect()
    });
    let checked = checked.into_inner();
    failures.sort();
    println!(
        "checked {checked} partial cases against the reference model in {:.1?}",
        started.elapsed()
    );
    assert!(
        failures.is_empty(),
        "{} of {checked} cases disagree; the simplest:\n{}",
        failures.len(),
        failures
            .iter()
            .take(10)
            .map(|(_, f)| f.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    );
    assert_eq!(checked, 248_832);
}
