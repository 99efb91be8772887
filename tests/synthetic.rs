//! The committed synthetic rule set is what its generator makes from the default seed,
//! and it answers exactly: missing facts and answers agree with brute force.

mod common;

use std::process::Command;

use safeguarding_rules::RuleSet;

#[test]
fn regenerating_the_synthetic_rule_set_gives_the_committed_bytes() {
    let program = common::example("synthetic");
    let output = Command::new(program)
        .output()
        .expect("cargo test builds the examples");
    assert!(output.status.success());
    let committed = std::fs::read_to_string("benches/synthetic-40.json").unwrap();
    assert!(
        String::from_utf8(output.stdout).unwrap() == committed,
        "benches/synthetic-40.json is stale: cargo run --example synthetic > benches/synthetic-40.json"
    );
}

#[test]
fn the_synthetic_rule_set_has_the_promised_shape() {
    let text = std::fs::read_to_string("benches/synthetic-40.json").unwrap();
    let rules = RuleSet::from_json(&text).unwrap();
    let doc = rules.doc();
    assert_eq!(doc.facts.len(), 40);
    assert_eq!(doc.rules.len(), 25);
    assert_eq!(doc.outcomes.len(), 5);
    let det = rules.facts().evaluate();
    assert_eq!(det.outcome, "undetermined");
    assert!(det.next_question.is_some());
}
