//! The code paths the fuzz targets drive, and the invariants they assert.
//!
//! This file uses only `safeguarding_rules`, `serde_json` and `std`, so that
//! `tests/fuzz_regressions.rs` can include it with `#[path]` and run every saved finding
//! through exactly the code its target ran.

#![allow(dead_code)]

use std::collections::BTreeSet;
use std::sync::OnceLock;

use safeguarding_rules::{
    Case, Determination, FactType, Facts, Options, Record, RuleBook, RuleSet, UNDETERMINED, replay,
};
use serde_json::{Value, json};

/// The embedded rule book, loaded once.
pub fn book() -> &'static RuleBook {
    static BOOK: OnceLock<RuleBook> = OnceLock::new();
    BOOK.get_or_init(RuleBook::embedded)
}

/// The embedded s44 pack, loaded once.
pub fn s44() -> &'static RuleSet {
    static S44: OnceLock<RuleSet> = OnceLock::new();
    S44.get_or_init(|| RuleSet::embedded("care-act-2014-s44").expect("the embedded s44 pack"))
}

/// Runs one saved input through the target its file name starts with
/// (`load_rules-…`, `evaluate_case-…`, `structured_rules-…`, `replay_record-…`).
/// Returns false for a file name that names no target.
pub fn run_named(file_name: &str, data: &[u8]) -> bool {
    if file_name.starts_with("load_rules") {
        load_rules(data);
    } else if file_name.starts_with("evaluate_case") {
        evaluate_case(data);
    } else if file_name.starts_with("structured_rules") {
        structured_file(data);
    } else if file_name.starts_with("replay_record") {
        replay_record(data);
    } else {
        return false;
    }
    true
}

/// `load_rules`: bytes → UTF-8 → `RuleSet::from_json`; a rule set that loads is evaluated
/// on the empty case and a few cases made from its vocabulary, and rendered.
pub fn load_rules(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let rules = match RuleSet::from_json(text) {
        Ok(r) => r,
        Err(e) => {
            // The error renders, and lists its problems.
            let _ = e.to_string();
            let _ = e.problems();
            return;
        }
    };
    // The wire form serializes back to a file that validates again ("without loss").
    let again = RuleSet::from_doc(rules.doc().clone());
    assert!(
        again.is_ok(),
        "a loaded rule set's doc() does not load again: {:?}",
        again.err()
    );
    for case in vocabulary_cases(&rules) {
        check_case(&rules, &case);
    }
}

/// A handful of cases over a loaded rule set's own facts: none known, every fact asked
/// (`null`), every fact its first value, every fact its last value, and alternately.
pub fn vocabulary_cases(rules: &RuleSet) -> Vec<Value> {
    let facts = &rules.doc().facts;
    let value = |f: &safeguarding_rules::FactDoc, pick: usize| -> Value {
        match f.kind {
            FactType::Bool => Value::Bool(pick % 2 == 1),
            FactType::Knowledge => {
                json!(["known", "suspected", "not_suspected"][pick % 3])
            }
            FactType::Enum => f
                .values
                .get(pick % f.values.len().max(1))
                .map_or(Value::Null, |v| json!(v)),
            FactType::Set => Value::Array(
                f.values
                    .iter()
                    .step_by(pick + 1)
                    .map(|v| json!(v))
                    .collect(),
            ),
            // The bounds, or a value past them (a case error the check expects to be clean).
            FactType::Integer | FactType::Date => match pick % 3 {
                0 => f.min.clone().unwrap_or(json!(0)),
                1 => f.max.clone().unwrap_or(json!(1)),
                _ => match f.kind {
                    FactType::Integer => json!(17),
                    _ => json!("2018-06-29"),
                },
            },
        }
    };
    let mut cases = vec![json!({"facts": {}})];
    let all_null: serde_json::Map<String, Value> =
        facts.iter().map(|f| (f.id.clone(), Value::Null)).collect();
    cases.push(json!({ "facts": all_null }));
    for pick in 0..3 {
        let map: serde_json::Map<String, Value> = facts
            .iter()
            .map(|f| (f.id.clone(), value(f, pick)))
            .collect();
        cases.push(json!({ "facts": map }));
        let alternate: serde_json::Map<String, Value> = facts
            .iter()
            .enumerate()
            .filter(|(i, _)| (i + pick) % 2 == 0)
            .map(|(_, f)| (f.id.clone(), value(f, pick + 1)))
            .collect();
        cases.push(json!({ "facts": alternate }));
    }
    cases
}

/// Binds a case (given as JSON) to a rule set and checks every invariant; a case that does
/// not bind is only rendered as an error.
pub fn check_case(rules: &RuleSet, case: &Value) {
    let text = case.to_string();
    let parsed = match Case::from_json(&text) {
        Ok(c) => c,
        Err(e) => {
            let _ = e.to_string();
            return;
        }
    };
    match rules.bind(&parsed) {
        Ok(facts) => {
            check_facts(rules, &facts);
        }
        Err(e) => {
            let _ = e.to_string();
        }
    }
}

/// `evaluate_case`: bytes → case JSON against the embedded s44 pack with `evaluate_json`,
/// then every rendering, counterfactuals, the invariants, and a record of it that must
/// replay as `matched`.
pub fn evaluate_case(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let rules = s44();
    let det = match rules.evaluate_json(text) {
        Ok(d) => d,
        Err(e) => {
            let _ = e.to_string();
            let _ = e.problems();
            return;
        }
    };
    let _ = det.to_json();
    let _ = det.to_text();
    let _ = det.to_markdown();
    let case = Case::from_json(text).expect("evaluate_json accepted it, so from_json does");
    let facts = rules
        .bind(&case)
        .expect("evaluate_json accepted it, so bind does");
    assert_eq!(
        facts.evaluate(),
        det,
        "evaluate_json and bind + evaluate disagree"
    );
    let with = check_facts(rules, &facts);
    // A record of the case replays against the embedded book as matched, with and without
    // counterfactuals.
    for d in [det, with] {
        let record = Record::from_parts_unchecked(case.to_value(), d);
        let line = record.to_json_line();
        let replayed = replay(book(), &line);
        assert_eq!(
            replayed.verdict.name(),
            "matched",
            "a fresh record does not replay as matched: {:?}\nline: {line}",
            replayed.verdict
        );
    }
}

/// Every invariant of one evaluation, with and without counterfactuals; returns the
/// determination with counterfactuals.
pub fn check_facts(rules: &RuleSet, facts: &Facts<'_>) -> Determination {
    let det = facts.evaluate();
    check_determination(rules, &det);
    assert_eq!(
        det.to_json(),
        facts.evaluate().to_json(),
        "evaluating twice gives different JSON"
    );
    let options = Options::default().with_counterfactuals(true);
    let with = facts.evaluate_with(options);
    check_determination(rules, &with);
    assert_eq!(
        with.to_json(),
        facts.evaluate_with(options).to_json(),
        "evaluating twice with counterfactuals gives different JSON"
    );
    if with.counterfactuals.is_some() {
        assert!(
            with.is_settled(),
            "counterfactuals on an undetermined outcome"
        );
    }
    // The provisions the counterfactuals cite join the determination's provisions; apart
    // from those, asking for counterfactuals changes nothing else.
    for (id, p) in &det.provisions {
        assert_eq!(
            with.provisions.get(id),
            Some(p),
            "provision `{id}` is lost or changed when counterfactuals are asked for"
        );
    }
    let mut without = with.clone();
    without.counterfactuals = None;
    without.provisions = det.provisions.clone();
    assert_eq!(
        without, det,
        "asking for counterfactuals changed the rest of the determination"
    );
    // Facts set one at a time give the same determination as the case bound whole.
    let mut rebuilt = rules.facts();
    for (id, value) in facts.to_map() {
        rebuilt
            .set(&id, value.clone())
            .unwrap_or_else(|e| panic!("to_map() gave `{id}`: {value}, which set() refuses: {e}"));
    }
    assert_eq!(
        rebuilt.evaluate(),
        det,
        "facts rebuilt from to_map() evaluate differently"
    );
    with
}

/// The invariants of one determination against the rule set that made it.
pub fn check_determination(rules: &RuleSet, det: &Determination) {
    assert!(
        !det.possible_outcomes.is_empty(),
        "no possible outcome: {}",
        det.to_json()
    );
    assert_eq!(
        det.outcome == UNDETERMINED,
        det.possible_outcomes.len() != 1,
        "outcome `{}` with possible outcomes {:?}",
        det.outcome,
        det.possible_outcomes
    );
    if let [only] = det.possible_outcomes.as_slice() {
        assert_eq!(
            &det.outcome, only,
            "the settled outcome is not the one possible"
        );
    }
    // Possible outcomes are declared outcomes, in the rule file's order, each once.
    let outcome_ids: Vec<&str> = rules.outcome_ids().collect();
    let mut last = None;
    for o in &det.possible_outcomes {
        let at = outcome_ids.iter().position(|x| x == o);
        assert!(at.is_some(), "possible outcome `{o}` is not declared");
        assert!(
            last < at,
            "possible outcomes out of order or repeated: {:?}",
            det.possible_outcomes
        );
        last = at;
    }
    let fact_ids: BTreeSet<&str> = rules.fact_ids().collect();
    for m in &det.missing_facts {
        assert!(
            fact_ids.contains(m.fact.as_str()),
            "missing fact `{}` is not declared",
            m.fact
        );
    }
    if let Some(q) = &det.next_question {
        assert!(
            fact_ids.contains(q.fact.as_str()),
            "next question's fact `{}` is not declared",
            q.fact
        );
    }
    // The JSON form parses back to the same determination and the same JSON value.
    let text = det.to_json();
    let value: Value = serde_json::from_str(&text).expect("to_json() is JSON");
    assert_eq!(
        value,
        serde_json::to_value(det).expect("a determination serializes"),
        "to_json() is not the determination's JSON value"
    );
    let back: Determination =
        serde_json::from_str(&text).expect("to_json() reads back as a determination");
    assert_eq!(
        &back, det,
        "to_json() does not read back to the same determination"
    );
    let _ = det.to_text();
    let _ = det.to_markdown();
}

/// `structured_rules`, as saved: `{"rules": "<rule file text>", "cases": [case, …]}`.
pub fn structured_file(data: &[u8]) {
    let value: Value = serde_json::from_slice(data).expect("a structured_rules regression file");
    let text = value
        .get("rules")
        .and_then(Value::as_str)
        .expect("`rules`: the rule file's text");
    let cases = value
        .get("cases")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    structured(text, &cases);
}

/// `structured_rules`: a generated rule file and cases. A file that loads is evaluated on
/// every case; the cases give only declared facts and values, so each must bind, unless
/// the rule file has constraints and the case contradicts them (issue 15's design: a case error
/// with code `contradiction`, and only then).
pub fn structured(rules_text: &str, cases: &[Value]) -> bool {
    let rules = match RuleSet::from_json(rules_text) {
        Ok(r) => r,
        Err(e) => {
            let _ = e.to_string();
            return false;
        }
    };
    let again = RuleSet::from_doc(rules.doc().clone());
    assert!(
        again.is_ok(),
        "a loaded rule set's doc() does not load again: {:?}",
        again.err()
    );
    let constrained = !rules.doc().constraints.is_empty();
    for case in cases {
        let parsed = Case::from_json(&case.to_string())
            .unwrap_or_else(|e| panic!("a generated case does not read: {e}\n{case}"));
        let facts = match rules.bind(&parsed) {
            Ok(facts) => facts,
            Err(e) => {
                let problems = e.problems();
                assert!(
                    constrained
                        && problems.len() == 1
                        && problems.iter().all(|p| p.code == "contradiction"),
                    "a generated case does not bind: {e}\n{case}"
                );
                let _ = e.to_string();
                continue;
            }
        };
        check_facts(&rules, &facts);
    }
    true
}

/// `replay_record`: bytes → `replay` against the embedded rule book; must not panic.
pub fn replay_record(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let replayed = replay(book(), text);
    let _ = replayed.verdict.name();
    let _ = replayed.verdict.is_differed();
    let _ = replayed.verdict.to_string();
    let _ = format!("{:?}", replayed.verdict);
}
