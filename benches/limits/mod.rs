//! Generators of the slowest rule sets the limits accept, for `limits/*` in
//! `benches/engine.rs`. Each is built deterministically and is the largest of its family
//! that loads: the bench asserts it does, so it cannot silently measure nothing.

use safeguarding_rules::RuleSet;
use serde_json::{Value, json};

/// One `all` of `b0`..`b{bools-1}` (each plain or negated) per combination: their `any`
/// always holds, but Kleene logic leaves it open until every `b` is known.
fn tautology(bools: usize) -> Vec<Value> {
    (0..1usize << bools)
        .map(|m| {
            json!({"all": (0..bools).map(|i| {
                let t = json!({"fact": format!("b{i}")});
                if m >> i & 1 == 1 { t } else { json!({"not": t}) }
            }).collect::<Vec<_>>()})
        })
        .collect()
}

fn rule_file(facts: Vec<Value>, rules: Vec<Value>, outcomes: Vec<Value>) -> String {
    json!({"id": "worst", "title": "W", "version": "1", "in_force_from": "2020-01-01",
        "source": {"title": "W", "url": "https://example.org"},
        "provisions": [{"id": "p", "cite": "P", "text": "t", "url": "https://example.org/p"}],
        "facts": facts, "rules": rules, "outcomes": outcomes})
    .to_string()
}

fn values(n: usize) -> Vec<String> {
    (0..n).map(|v| format!("v{v}")).collect()
}

fn enum_fact(id: &str, n: usize) -> Value {
    json!({"id": id, "type": "enum", "values": values(n), "question": "Which?", "cites": ["p"]})
}

fn bool_fact(id: &str) -> Value {
    json!({"id": id, "type": "bool", "question": "Whether?", "cites": ["p"]})
}

fn outcome(id: &str, condition: Option<Value>) -> Value {
    let mut o = json!({"id": id, "cites": ["p"], "holds": "h", "fails": "f"});
    if let Some(c) = condition {
        o["condition"] = c;
    }
    o
}

fn is(fact: &str, value: usize) -> Value {
    json!({"fact": fact, "is": format!("v{value}")})
}

/// The largest `k` in `lo..=hi` for which `make(k)` loads (loading is monotone in `k`).
fn largest(lo: usize, hi: usize, make: impl Fn(usize) -> String) -> (usize, RuleSet) {
    let (mut lo, mut hi) = (lo, hi);
    while lo < hi {
        let mid = (lo + hi).div_ceil(2);
        if RuleSet::from_json(&make(mid)).is_ok() {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    let rules = RuleSet::from_json(&make(lo)).expect("the smallest of the family loads");
    (lo, rules)
}

/// Pairs `x_i`, `y_i` of 8-valued enums, every `x` ordered before every `y` ("some `x_i`
/// equals `y_i`" needs 8^3 diagram nodes), then `k` enums of 64 values tested last, so
/// that no answer's walk is shared: the most steps per unit of the measure found.
pub fn missing_facts_pairs() -> (String, RuleSet) {
    let make = |k: usize| {
        let mut facts: Vec<Value> = (0..3).map(|i| enum_fact(&format!("x{i}"), 8)).collect();
        facts.extend((0..3).map(|i| enum_fact(&format!("y{i}"), 8)));
        facts.extend((0..k).map(|i| enum_fact(&format!("z{i}"), 64)));
        let same: Vec<Value> = (0..3)
            .flat_map(|i| {
                (0..8).map(
                    move |v| json!({"all": [is(&format!("x{i}"), v), is(&format!("y{i}"), v)]}),
                )
            })
            .collect();
        let zs: Vec<Value> = (0..k).map(|i| is(&format!("z{i}"), 0)).collect();
        rule_file(
            facts,
            vec![],
            vec![
                outcome("same", Some(json!({"any": same}))),
                outcome("zero", Some(json!({"any": zs}))),
                outcome("neither", None),
            ],
        )
    };
    let (k, rules) = largest(1, 250, make);
    (
        format!("3 pairs of 8-valued enums, then {k} enums of 64 values"),
        rules,
    )
}

/// An outcome settled by the diagram that Kleene logic leaves open: `gate` (given) and a
/// tautology over 5 bools, so the case split needs all 5 and runs out of its 16 branches;
/// beside them in the same `any`, `k` enums of 64 values, each tested on 6 bits of its
/// value (64 classes of values) together with the bool `c`, so that no value settles
/// anything: every split tries every value of every one as a candidate. The trace is
/// padded with more such tests up to the limit.
fn case_split(k: usize, pad: usize) -> String {
    let bools = 5;
    let mut facts = vec![bool_fact("gate")];
    facts.extend((0..bools).map(|i| bool_fact(&format!("b{i}"))));
    facts.push(bool_fact("c"));
    facts.extend((0..k).map(|i| enum_fact(&format!("z{i}"), 64)));
    let mut terms = tautology(bools);
    for i in 0..k {
        for bit in 0..6 {
            let vs: Vec<String> = (0..64)
                .filter(|v| v >> bit & 1 == 1)
                .map(|v| format!("v{v}"))
                .collect();
            terms.push(json!({"all": [{"fact": format!("z{i}"), "in": vs}, {"fact": "c"}]}));
        }
    }
    for j in 0..pad {
        terms.push(json!({"all": [is(&format!("z{}", j % k.max(1)), 0), {"fact": "c"}]}));
    }
    rule_file(
        facts,
        vec![],
        vec![
            outcome(
                "open",
                Some(json!({"all": [{"fact": "gate"}, {"any": terms}]})),
            ),
            outcome("closed", None),
        ],
    )
}

/// The same tautology and gate, and `k` references to the rule `wordy`, whose wording is
/// 8 KiB and which Kleene logic leaves open until `b0` is known: each branch of the case
/// split carries a trace with as much text as the limits allow.
fn case_split_text(k: usize) -> String {
    let bools = 5;
    let mut facts = vec![bool_fact("gate")];
    facts.extend((0..bools).map(|i| bool_fact(&format!("b{i}"))));
    let mut terms = tautology(bools);
    terms.extend((0..k).map(|_| json!({"rule": "wordy"})));
    let wordy = json!({"id": "wordy", "cites": ["p"], "holds": "h".repeat(8192), "fails": "f".repeat(8192),
        "condition": {"all": [{"fact": "b0"}, {"not": {"fact": "b0"}}]}});
    rule_file(
        facts,
        vec![wordy],
        vec![
            outcome(
                "open",
                Some(json!({"all": [{"fact": "gate"}, {"any": terms}]})),
            ),
            outcome("closed", None),
        ],
    )
}

/// The largest of [`case_split_text`]'s family; the case gives `gate` true.
pub fn case_split_text_worst() -> (String, RuleSet) {
    let (k, rules) = largest(1, 4096, case_split_text);
    (
        format!("5-bool tautology and {k} references to a rule worded in 8 KiB"),
        rules,
    )
}

/// The largest of [`case_split`]'s family: as many enums as load, then as much padding;
/// the case gives `gate` true.
pub fn case_split_worst() -> (String, RuleSet) {
    let (k, _) = largest(1, 250, |k| case_split(k, 0));
    let (pad, rules) = largest(0, 4096, |pad| case_split(k, pad));
    (
        format!("5-bool tautology, {k} enums of 64 values in 64 classes, trace padded by {pad}"),
        rules,
    )
}

/// `n` given enum facts of 16 values, the first outcome holding when any is `v0`: the
/// counterfactual search tries every other value of each and every pair of those.
fn counterfactuals(n: usize) -> String {
    let facts = (0..n).map(|i| enum_fact(&format!("f{i}"), 16)).collect();
    let any: Vec<Value> = (0..n).map(|i| is(&format!("f{i}"), 0)).collect();
    rule_file(
        facts,
        Vec::new(),
        vec![
            outcome("hit", Some(serde_json::json!({"any": any}))),
            outcome("miss", None),
        ],
    )
}

/// The largest such rule set whose case, every fact given `v1`, still gets its
/// counterfactuals searched (within `Limits::MAX_COUNTERFACTUAL_WORK`), with that case.
pub fn counterfactuals_worst() -> (String, RuleSet, Vec<(String, Value)>) {
    for n in (1..=200).rev() {
        let Ok(rules) = RuleSet::from_json(&counterfactuals(n)) else {
            continue;
        };
        let answers: Vec<(String, Value)> = (0..n)
            .map(|i| (format!("f{i}"), Value::from("v1")))
            .collect();
        let mut facts = rules.facts();
        for (k, v) in &answers {
            facts.set(k, v.clone()).unwrap();
        }
        let det =
            facts.evaluate_with(safeguarding_rules::Options::default().with_counterfactuals(true));
        if det.counterfactuals.is_some() {
            let what = format!(
                "{n} enum facts of 16 values, all given: {} single changes",
                n * 15
            );
            return (what, rules, answers);
        }
    }
    panic!("no counterfactual search fits the limit")
}
