//! Every partial case over the outcome-relevant facts of the s44 pack: the engine and the
//! independent reference model (`tests/reference`) must give the same `outcome` and
//! `possible_outcomes`, and the engine's `missing_facts` must be exactly the facts a brute
//! force over completions finds relevant.
//!
//! Four bool facts (absent, true, false), `adult_status` (absent, alive, died) and five
//! knowledge facts (absent, known, suspected, not_suspected): 3^4 · 3 · 4^5 = 248,832 cases.

mod common;
mod reference;

use common::load_s44;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use reference::{BOOL_FACTS, Case, Complete, KNOWLEDGE_FACTS, Knowledge, Status};
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

/// Every value a case can give the outcome-relevant fact `id`.
fn answers(id: &str) -> Vec<Value> {
    match id {
        "adult_status" => vec![json!("alive"), json!("died")],
        _ if BOOL_FACTS.contains(&id) => vec![json!(true), json!(false)],
        _ => vec![json!("known"), json!("suspected"), json!("not_suspected")],
    }
}

/// Sets fact `id` of a complete case to `value`.
fn set(c: &mut Complete, id: &str, value: &Value) {
    let k = |v: &Value| Knowledge::from_id(v.as_str().unwrap_or("")).unwrap();
    match id {
        "age_18_or_over" => c.age_18_or_over = value == &json!(true),
        "in_board_area" => c.in_board_area = value == &json!(true),
        "care_and_support_needs" => c.care_and_support_needs = value == &json!(true),
        "joint_working_concern" => c.joint_working_concern = value == &json!(true),
        "adult_status" => c.adult_status = Status::from_id(value.as_str().unwrap_or("")).unwrap(),
        "death_from_abuse_or_neglect" => c.death_from_abuse_or_neglect = k(value),
        "serious_abuse_or_neglect" => c.serious_abuse_or_neglect = k(value),
        "likely_died_but_for_intervention" => c.likely_died_but_for_intervention = k(value),
        "permanent_harm" => c.permanent_harm = k(value),
        _ => c.reduced_capacity_or_quality_of_life = k(value),
    }
}

/// The facts the outcome still depends on, by brute force: an unknown fact is relevant
/// when, for some completion of the other unknowns, different answers to it give
/// different outcomes. Answering it applies what it presupposes (an answer about the
/// death makes an unknown adult one who died), so the completions are those of the case
/// with the fact answered; a fact the case's answers presuppose is known, not missing.
fn relevant_facts(given: &Map<String, Value>) -> Vec<&'static str> {
    let case = Case::from_facts(given);
    let mut found: Vec<&str> = BOOL_FACTS
        .iter()
        .chain(["adult_status"].iter())
        .chain(KNOWLEDGE_FACTS.iter())
        .copied()
        .filter(|id| !given.contains_key(*id))
        .filter(|id| !(*id == "adult_status" && case.adult_status_presupposed().is_some()))
        .filter(|id| {
            let values = answers(id);
            let mut answered = given.clone();
            answered.insert((*id).to_string(), values[0].clone());
            let mut differs = false;
            Case::from_facts(&answered).for_each_completion(|c| {
                let outcomes: Vec<_> = values
                    .iter()
                    .map(|v| {
                        let mut c = c;
                        set(&mut c, id, v);
                        c.outcome()
                    })
                    .collect();
                differs = outcomes.iter().any(|o| *o != outcomes[0]);
                !differs
            });
            differs
        })
        .collect();
    found.sort_unstable();
    found
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
                        let mut listed: Vec<&str> =
                            det.missing_facts.iter().map(|m| m.fact.as_str()).collect();
                        listed.sort_unstable();
                        let relevant = relevant_facts(&given);
                        if listed != relevant {
                            let message = format!(
                                "case {}: engine lists missing facts {listed:?}, brute force finds {relevant:?}",
                                Value::Object(given.clone())
                            );
                            failures.push((given.len(), message));
                        }
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

#[test]
fn the_brute_force_of_relevant_facts_sees_what_the_statute_says() {
    // Nothing known: every one of the ten facts can change the outcome.
    assert_eq!(relevant_facts(&Map::new()).len(), 10);
    // Not in the area: nothing else matters (s44(1), s44(4) both need "in its area").
    let mut outside = Map::new();
    outside.insert("in_board_area".to_string(), json!(false));
    assert!(relevant_facts(&outside).is_empty());
    // Alive: whether the death resulted from abuse or neglect cannot matter (s44(2)(a)).
    let mut alive = Map::new();
    alive.insert("adult_status".to_string(), json!("alive"));
    assert!(!relevant_facts(&alive).contains(&"death_from_abuse_or_neglect"));
    assert!(relevant_facts(&alive).contains(&"serious_abuse_or_neglect"));
}
