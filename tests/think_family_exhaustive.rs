//! Every partial case of each think-family pack: the engine and the independent reference
//! models (`tests/reference/s16c.rs`, `s16m.rs`, `s9.rs`, written from `docs/law.md`
//! alone) must give the same `outcome`, `possible_outcomes`, notes and `missing_facts`.
//!
//! Each fact is absent, `null`, or given each of its values. Integers and dates are given
//! a representative set covering every threshold boundary: `age` 0, 15, 16, 17, 18 and
//! 130 (both bounds, and both sides of "aged 16 or over" and of "child", under 18), except
//! in s16C, whose only age threshold is 18, where it is 0, 17, 18 and 130;
//! `date_of_death_or_harm` 1900-01-01 (its bound), 2018-06-28 and 2018-06-29 (the day
//! s16C and s16M came into force). `person_responsible_was` is any of the 8 subsets of
//! its values. (`tests/think_family_properties.rs` gives every age from 0 to 130.)
//!
//! - `children-act-2004-s16C`: 6 · 4 · 4 · 5 · 5 · 4 · 5 · 4 = 192,000 cases;
//! - `children-act-2004-s16M`: 8 · 4 · 5 · 4 · 5 = 3,200 cases;
//! - `dvcva-2004-s9`: 8 · 4 · 5 · 10 · 4 · 5 = 32,000 cases.

#[path = "reference/brute.rs"]
mod brute;
#[path = "reference/s16c.rs"]
mod s16c;
#[path = "reference/s16m.rs"]
mod s16m;
#[path = "reference/s9.rs"]
mod s9;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use brute::{Model, Partial};
use safeguarding_rules::RuleSet;
use serde_json::{Map, Value, json};

const THREADS: usize = 2;

/// An embedded pack, loaded from its text so that a broken pack reports why.
fn load(id: &str) -> RuleSet {
    let text = safeguarding_rules::embedded_rule_files()
        .iter()
        .find(|t| serde_json::from_str::<Value>(t).is_ok_and(|v| v["id"] == id))
        .unwrap_or_else(|| panic!("the pack `{id}` is embedded"));
    RuleSet::from_json(text).unwrap_or_else(|e| panic!("the pack `{id}` does not load: {e}"))
}

/// The values a partial case of pack `pack` may give fact `id` besides absent and `null`.
fn given_values(pack: &str, id: &str, domain: &[Value]) -> Vec<Value> {
    let ages: &[i64] = if pack == "children-act-2004-s16C" {
        &[0, 17, 18, 130]
    } else {
        &[0, 15, 16, 17, 18, 130]
    };
    match id {
        "age" => ages.iter().map(|a| json!(a)).collect(),
        "date_of_death_or_harm" => ["1900-01-01", "2018-06-28", "2018-06-29"]
            .iter()
            .map(|d| json!(d))
            .collect(),
        _ => domain.to_vec(),
    }
}

/// Each fact's choices: `None` (absent), then `null`, then every given value.
fn choices<M: Model>(pack: &str) -> Vec<(&'static str, Vec<Option<Value>>)> {
    M::domains()
        .into_iter()
        .map(|(id, domain)| {
            let mut c = vec![None, Some(Value::Null)];
            c.extend(given_values(pack, id, &domain).into_iter().map(Some));
            (id, c)
        })
        .collect()
}

/// Partial case number `n`, as the facts it gives.
fn case(choices: &[(&'static str, Vec<Option<Value>>)], n: usize) -> Map<String, Value> {
    let mut n = n;
    let mut facts = Map::new();
    for (id, options) in choices {
        let pick = &options[n % options.len()];
        n /= options.len();
        if let Some(v) = pick {
            facts.insert((*id).to_string(), v.clone());
        }
    }
    facts
}

/// Compares the engine with model `M` on every partial case of pack `id`; returns the
/// number of cases checked.
fn compare<M: Model>(id: &str) -> usize {
    let rules = load(id);
    let choices = choices::<M>(id);
    let total: usize = choices.iter().map(|(_, c)| c.len()).product();
    let checked = AtomicUsize::new(0);
    let started = Instant::now();
    let mut failures: Vec<(usize, String)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..THREADS)
            .map(|t| {
                let (rules, choices, checked) = (&rules, &choices, &checked);
                scope.spawn(move || {
                    let mut failures = Vec::new();
                    for n in (t..total).step_by(THREADS) {
                        let given = case(choices, n);
                        let mut facts = rules.facts();
                        for (f, v) in &given {
                            facts.set(f, v.clone()).expect("a declared value");
                        }
                        let det = facts.evaluate();
                        let reference = Partial::new::<M>(&given);
                        let expected = (
                            reference.outcome::<M>().to_string(),
                            reference.possible::<M>(),
                            reference.notes::<M>(),
                            reference.missing::<M>(),
                        );
                        let mut notes: Vec<&str> =
                            det.notes.iter().map(|x| x.id.as_str()).collect();
                        notes.sort_unstable();
                        let mut missing: Vec<&str> =
                            det.missing_facts.iter().map(|m| m.fact.as_str()).collect();
                        missing.sort_unstable();
                        let possible: Vec<&str> =
                            det.possible_outcomes.iter().map(|o| o.as_str()).collect();
                        let found = (det.outcome.to_string(), possible, notes, missing);
                        if found.0 != expected.0
                            || found.1 != expected.1
                            || found.2 != expected.2
                            || found.3 != expected.3
                        {
                            failures.push((
                                given.len(),
                                format!(
                                    "case {}: engine {found:?}, reference {expected:?}",
                                    Value::Object(given.clone())
                                ),
                            ));
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
        "{id}: checked {checked} partial cases against the reference model in {:.1?}",
        started.elapsed()
    );
    assert!(
        failures.is_empty(),
        "{id}: {} of {checked} cases disagree; the simplest:\n{}",
        failures.len(),
        failures
            .iter()
            .take(10)
            .map(|(_, f)| f.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    );
    checked
}

#[test]
fn s16c_engine_agrees_with_the_reference_model_on_every_partial_case() {
    assert_eq!(compare::<s16c::S16C>("children-act-2004-s16C"), 192_000);
}

#[test]
fn s16m_engine_agrees_with_the_reference_model_on_every_partial_case() {
    assert_eq!(compare::<s16m::S16M>("children-act-2004-s16M"), 3_200);
}

#[test]
fn s9_engine_agrees_with_the_reference_model_on_every_partial_case() {
    assert_eq!(compare::<s9::S9>("dvcva-2004-s9"), 32_000);
}

/// The brute force sees what the statutes say, so that agreement with it means something.
#[test]
fn the_reference_models_read_the_statutes() {
    let facts = |v: Value| v.as_object().cloned().expect("an object");
    // Nothing known: every outcome is possible under each section.
    let none = Map::new();
    assert_eq!(
        Partial::new::<s16c::S16C>(&none)
            .possible::<s16c::S16C>()
            .len(),
        2
    );
    assert_eq!(
        Partial::new::<s16m::S16M>(&none)
            .possible::<s16m::S16M>()
            .len(),
        3
    );
    assert_eq!(Partial::new::<s9::S9>(&none).possible::<s9::S9>().len(), 2);
    // s16C: nothing but the looked-after status is irrelevant when nothing is known.
    assert_eq!(
        Partial::new::<s16c::S16C>(&none)
            .missing::<s16c::S16C>()
            .len(),
        7
    );
    // s16C(1)(b): normally resident, harmed in Wales: notify.
    let wales = facts(json!({"age": 12, "died": false, "seriously_harmed": true,
        "abuse_or_neglect_of_child": "suspected", "date_of_death_or_harm": "2025-02-10",
        "normally_resident_in_area": true, "place_of_death_or_harm": "outside_england"}));
    assert_eq!(
        Partial::new::<s16c::S16C>(&wales).outcome::<s16c::S16C>(),
        "notify_panel"
    );
    // s9(1): 15 is not "aged 16 or over".
    let fifteen = facts(json!({"age": 15, "died": true,
        "death_from_violence_abuse_or_neglect": "known", "person_responsible_was": ["related"]}));
    assert_eq!(
        Partial::new::<s9::S9>(&fifteen).outcome::<s9::S9>(),
        "not_a_domestic_homicide_review"
    );
    // s16M(2): a death in the area of a child not normally resident there.
    let visiting = facts(
        json!({"age": 6, "died": true, "date_of_death_or_harm": "2023-08-02",
        "normally_resident_in_area": false}),
    );
    assert_eq!(
        Partial::new::<s16m::S16M>(&visiting).missing::<s16m::S16M>(),
        ["place_of_death_or_harm"]
    );
}
